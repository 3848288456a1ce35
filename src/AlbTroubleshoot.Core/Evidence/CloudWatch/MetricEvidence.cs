using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.Catalog;

namespace AlbTroubleshoot.CloudWatch
{
    /// <summary>What the metrics say about one cause: a verdict (null: evidence only, the verdict stays) and the lines that quote them.</summary>
    internal sealed class MetricJudgement
    {
        public MetricJudgement(CauseVerdict? verdict, IEnumerable<string> evidence)
        {
            Verdict = verdict;
            Evidence = evidence.Where(e => !string.IsNullOrEmpty(e)).ToArray();
        }

        public CauseVerdict? Verdict { get; }
        public string[] Evidence { get; }
    }

    /// <summary>
    /// Weighs causes against one load balancer's CloudWatch series (docs/diagnosis.md, "Metric evidence").
    /// A metric says that something happened, not why, so where AWS documents several sources for a
    /// count it raises a cause to Likely at most, and only together with the status code the cause
    /// produces; the one count that has a single source (HTTP_Redirect_Url_Limit_Exceeded_Count for
    /// 507) confirms. A code that did not occur in the window is said so in the evidence. The rule
    /// table is <see cref="Rules"/>; <see cref="Decides"/> reads it (and DecidedBy.Metrics must agree).
    /// </summary>
    internal sealed class MetricEvidence
    {
        private const string Sum = "Sum";
        private readonly Dictionary<string, MetricSeries> _lb = new Dictionary<string, MetricSeries>(StringComparer.Ordinal);

        public MetricEvidence(IReadOnlyList<MetricSeries> series, DateTime? from, DateTime? to, int? idleTimeoutSeconds)
        {
            Series = series ?? throw new ArgumentNullException(nameof(series));
            From = from;
            To = to;
            IdleTimeoutSeconds = idleTimeoutSeconds;
            foreach (var s in series.Where(s => s.TargetGroupName.Length == 0 && s.AvailabilityZone.Length == 0))
                _lb[s.MetricName + "/" + s.Statistic] = s;
        }

        public IReadOnlyList<MetricSeries> Series { get; }
        public DateTime? From { get; }
        public DateTime? To { get; }
        public int? IdleTimeoutSeconds { get; }

        private delegate MetricJudgement? Rule(MetricEvidence m, int code);

        private static readonly string[] ConnectionCauses = { "502.TargetConnectionReset", "502.TargetHostUnreachable", "504.TargetConnectionTimeout", "504.NaclEphemeralPortsBlocked" };
        private static readonly string[] TlsCauses = { "502.TargetTlsHandshakeError", "504.TargetTlsHandshakeTimeout" };
        private static readonly string[] AuthErrorCauses = { "561.IdpTokenEndpointError", "561.IdpUserInfoEndpointError", "500.IdpEndpointUnreachable", "500.IdpResponseTooSlow", "500.AuthUnhandledException" };
        private static readonly string[] AuthFailureCauses = { "401.InvalidIdpResponse", "401.InvalidOrMissingStateParam", "401.MissingCodeParam", "401.InvalidAuthSessionCookie", "401.InvalidAuthorizationGrant" };
        private static readonly string[] ClaimsCauses = { "500.IdpUserClaimsTooLarge", "401.UserClaimsTooLarge" };
        private static readonly string[] LambdaUserCauses =
        {
            "502.LambdaAccessDenied", "502.LambdaBadRequest", "502.LambdaInvalidResponse", "502.LambdaInvalidRuntime", "502.LambdaInvalidVpcConfig",
            "502.LambdaInvalidZipFile", "502.LambdaKmsDecryptionFailed", "502.LambdaResourceNotFound", "502.LambdaResponseTooLarge",
            "502.LambdaVpcNetworkSetupFailed", "413.LambdaRequestTooLarge",
        };
        private static readonly string[] LambdaInternalCauses = { "502.LambdaConnectionError", "504.LambdaConnectionTimeout" };

        /// <summary>Cause id → the rule that weighs it (causes not listed get only the "did the code occur" line).</summary>
        private static readonly Dictionary<string, Rule> Rules = BuildRules();

        private static Dictionary<string, Rule> BuildRules()
        {
            var rules = new Dictionary<string, Rule>(StringComparer.Ordinal);
            foreach (var id in ConnectionCauses) rules[id] = (m, code) => m.Raise(code, "TargetConnectionErrorCount", true);
            foreach (var id in TlsCauses) rules[id] = (m, code) => m.Raise(code, "TargetTLSNegotiationErrorCount", true);
            foreach (var id in AuthErrorCauses) rules[id] = (m, code) => m.Raise(code, "ELBAuthError", false);
            foreach (var id in AuthFailureCauses) rules[id] = (m, code) => m.Raise(code, "ELBAuthFailure", false);
            foreach (var id in ClaimsCauses) rules[id] = (m, code) => m.Raise(code, "ELBAuthUserClaimsSizeExceeded", false);
            foreach (var id in LambdaUserCauses) rules[id] = (m, code) => m.Raise(code, "LambdaUserError", true);
            foreach (var id in LambdaInternalCauses) rules[id] = (m, code) => m.Raise(code, "LambdaInternalError", true);
            rules["400.DesyncMitigationBlocked"] = (m, code) => m.Raise(code, "DesyncMitigationMode_NonCompliant_Request_Count", false);
            rules["504.TargetResponseTimeout"] = (m, code) => m.SlowTarget(code);
            rules["503.NoTargetInZone"] = (m, code) => m.NoHealthyHosts(code, perZone: true);
            rules["503.NoTargetInService"] = (m, code) => m.NoHealthyHosts(code, perZone: false);
            rules["5XX.TargetGenerated"] = (m, code) => m.TargetGenerated("HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count");
            rules["4XX.TargetGenerated"] = (m, code) => m.TargetGenerated("HTTPCode_Target_4XX_Count", "HTTPCode_ELB_4XX_Count");
            rules["507.RedirectUrlTooLong"] = (m, code) => m.SingleCount("HTTP_Redirect_Url_Limit_Exceeded_Count", CauseVerdict.Confirmed);
            // Connection-level (000): no status code to compare; the count is the failure itself.
            rules["000.ConnectionsRejected"] = (m, code) => m.SingleCount("RejectedConnectionCount", CauseVerdict.Confirmed);
            rules["000.ClientTlsNegotiationFailed"] = (m, code) => m.SingleCount("ClientTLSNegotiationErrorCount", CauseVerdict.Likely);
            return rules;
        }

        /// <summary>True when metrics can change this cause's verdict (the causes DecidedBy.Metrics marks).</summary>
        public static bool Decides(string causeId) => Rules.ContainsKey(causeId);

        /// <summary>What the metrics say about the cause, reported under <paramref name="code"/>; null when they say nothing.</summary>
        public MetricJudgement? Judge(CauseDefinition cause, int code)
        {
            if (cause is null) throw new ArgumentNullException(nameof(cause));
            if (Rules.TryGetValue(cause.Id, out var rule) && rule(this, code) is { } judged) return judged;
            if (cause.AppliesToWholeClass) return null;
            var codeSeries = CodeSeries(code);
            return codeSeries is not null && codeSeries.Total <= 0 ? new MetricJudgement(null, new[] { NoneLine(codeSeries, code) }) : null;
        }

        /// <summary>The load balancer's count of a code: the per-code metric where AWS has one (500, 502, 503, 504), else the class.</summary>
        internal MetricSeries? CodeSeries(int code)
        {
            var name = code == 500 || code == 502 || code == 503 || code == 504
                ? "HTTPCode_ELB_" + code.ToString(CultureInfo.InvariantCulture) + "_Count"
                : code >= 400 && code < 500 ? "HTTPCode_ELB_4XX_Count" : code >= 500 && code < 600 ? "HTTPCode_ELB_5XX_Count" : null;
            return name is null ? null : Lb(name);
        }

        private MetricSeries? Lb(string metric, string statistic = Sum) => _lb.TryGetValue(metric + "/" + statistic, out var s) ? s : null;

        /// <summary>Every series of a metric and statistic that reached above zero, the largest total first (where the failures were).</summary>
        private IEnumerable<MetricSeries> Where(string metric, string statistic = Sum) =>
            Series.Where(s => s.MetricName == metric && s.Statistic == statistic && s.Total > 0).OrderByDescending(s => s.Total);

        /// <summary>
        /// The cause's code occurred and <paramref name="metric"/> counted failures of its kind: Likely. The
        /// per-target-group (and zone) series say where; <paramref name="perTargetGroup"/>: the metric is
        /// published per target group, so the load-balancer total may be absent.
        /// </summary>
        private MetricJudgement? Raise(int code, string metric, bool perTargetGroup)
        {
            var codeSeries = CodeSeries(code);
            var lb = Lb(metric);
            var parts = perTargetGroup ? Where(metric).Take(4).ToList() : new List<MetricSeries>();
            if (lb is not null && lb.Total > 0 && !parts.Contains(lb)) parts.Insert(0, lb);
            if (codeSeries is null || (lb is null && parts.Count == 0)) return null;
            if (codeSeries.Total <= 0) return new MetricJudgement(null, new[] { NoneLine(codeSeries, code) });
            if (parts.Count == 0)
                return new MetricJudgement(null, new[] { Quote(codeSeries), metric + " stayed 0 " + WindowText() + ": the " + code.ToString(CultureInfo.InvariantCulture) + "s were not counted as this kind of failure." });
            return new MetricJudgement(CauseVerdict.Likely, new[] { Quote(codeSeries) }.Concat(parts.Select(Quote)));
        }

        private MetricJudgement? SlowTarget(int code)
        {
            var codeSeries = CodeSeries(code);
            var times = Series.Where(s => s.MetricName == "TargetResponseTime" && s.Statistic == "Maximum" && s.Timestamps.Length > 0).OrderByDescending(s => s.Maximum).ToList();
            if (codeSeries is null || times.Count == 0) return null;
            if (codeSeries.Total <= 0) return new MetricJudgement(null, new[] { NoneLine(codeSeries, code) });
            var slowest = times[0];
            if (IdleTimeoutSeconds is not { } idle)
                return new MetricJudgement(null, new[] { Quote(codeSeries), Quote(slowest) + "; the idle timeout is not known, so it cannot be compared." });
            // A target that never answers is cut at the idle timeout: its response time peaks just under it.
            if (slowest.Maximum >= idle * 0.9)
                return new MetricJudgement(CauseVerdict.Likely, new[] { Quote(codeSeries), Quote(slowest) + ", at the idle timeout (idle_timeout.timeout_seconds " + idle.ToString(CultureInfo.InvariantCulture) + ")" });
            return new MetricJudgement(null, new[] { Quote(codeSeries), Quote(slowest) + ", well under the idle timeout of " + idle.ToString(CultureInfo.InvariantCulture) + " s" });
        }

        private MetricJudgement? NoHealthyHosts(int code, bool perZone)
        {
            var codeSeries = CodeSeries(code);
            var healthy = Series.Where(s => s.MetricName == "HealthyHostCount" && s.Statistic == "Minimum" && s.TargetGroupName.Length > 0
                                            && (s.AvailabilityZone.Length > 0) == perZone && s.Timestamps.Length > 0).ToList();
            if (codeSeries is null || healthy.Count == 0) return null;
            if (codeSeries.Total <= 0) return new MetricJudgement(null, new[] { NoneLine(codeSeries, code) });
            var empty = healthy.Where(s => s.Minimum == 0).ToList();
            var routed = Where("UnhealthyRoutingRequestCount").Take(2).Select(s => Quote(s) + ": fail-open routing sent requests to unhealthy targets");
            if (empty.Count == 0)
                return new MetricJudgement(null, new[] { Quote(codeSeries), "HealthyHostCount never fell to 0 " + (perZone ? "in any zone of any target group" : "in any target group") + " " + WindowText() + "." }.Concat(routed));
            var lines = empty.Take(4).Select(s => s.Describe() + " Minimum fell to 0 at " + Time(s.Timestamps[Array.IndexOf(s.Values, 0d)]) + " (" +
                                                  s.Values.Count(v => v == 0).ToString(CultureInfo.InvariantCulture) + " of " + s.Values.Length.ToString(CultureInfo.InvariantCulture) + " periods)");
            return new MetricJudgement(CauseVerdict.Likely, new[] { Quote(codeSeries) }.Concat(lines).Concat(routed));
        }

        private MetricJudgement? TargetGenerated(string targetMetric, string elbMetric)
        {
            var target = Lb(targetMetric);
            var requests = Lb("RequestCount");
            if (target is null) return null;
            var elb = Lb(elbMetric);
            var compare = elb is null ? null : elb.Describe() + " (generated by the load balancer): " + Number(elb.Total) + " " + WindowText();
            if (target.Total > 0)
                return new MetricJudgement(CauseVerdict.Likely, new[] { Quote(target) + ": the targets returned these codes themselves", compare! }.Concat(Where(targetMetric).Where(s => s.TargetGroupName.Length > 0).Take(3).Select(Quote)));
            // Zero from the targets while requests reached them: no error in the window was theirs.
            if (requests is not null && requests.Total > 0)
                return new MetricJudgement(CauseVerdict.RuledOut, new[] { targetMetric + " stayed 0 " + WindowText() + " while " + Number(requests.Total) + " requests reached targets", compare! });
            return null;
        }

        /// <summary>
        /// A load-balancer count that is the cause's failure itself: above 0 gives <paramref name="raised"/>
        /// (Confirmed where AWS counts exactly this failure: HTTP_Redirect_Url_Limit_Exceeded_Count,
        /// RejectedConnectionCount; Likely where it has several sources: ClientTLSNegotiationErrorCount);
        /// 0 over the window rules the cause out for that window (AWS reports these only when nonzero).
        /// </summary>
        private MetricJudgement? SingleCount(string metric, CauseVerdict raised)
        {
            var s = Lb(metric);
            if (s is null) return null;
            return s.Total > 0
                ? new MetricJudgement(raised, new[] { Quote(s) })
                : new MetricJudgement(CauseVerdict.RuledOut, new[] { s.MetricName + " stayed 0 " + WindowText() + "." });
        }

        private string NoneLine(MetricSeries codeSeries, int code) =>
            codeSeries.MetricName + ": no " + (codeSeries.MetricName.Contains("XX") ? codeSeries.MetricName.Substring(13, 3) : code.ToString(CultureInfo.InvariantCulture)) +
            " from the load balancer " + WindowText() + ".";

        /// <summary>"HTTPCode_ELB_502_Count: 37 in 2026-11-24 07:00-10:00 UTC, peak 12 at 08:14 UTC (Sum per 60 s)".</summary>
        internal string Quote(MetricSeries s)
        {
            var sum = s.Statistic == Sum;
            var amount = sum ? Number(s.Total) + " " + WindowText() : s.Statistic + " " + Number(s.Maximum) + (s.MetricName.EndsWith("Time", StringComparison.Ordinal) ? " s" : string.Empty) + " " + WindowText();
            var peak = s.PeakTime is { } at ? (sum ? ", peak " + Number(s.Maximum) : string.Empty) + " at " + Time(at) : string.Empty;
            return s.Describe() + ": " + amount + peak + " (" + s.Statistic + " per " + s.Period.ToString(CultureInfo.InvariantCulture) + " s)";
        }

        private string WindowText() =>
            From is { } f && To is { } t ? "in " + f.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "-" + (f.Date == t.Date ? t.ToString("HH:mm", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)) + " UTC" : "in the window";

        internal static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

        /// <summary>A count as a whole number, anything else with up to three decimals (evidence and reports alike).</summary>
        internal static string Number(double v) =>
            Math.Abs(v - Math.Round(v)) < 1e-9 ? Math.Round(v).ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);
    }
}
