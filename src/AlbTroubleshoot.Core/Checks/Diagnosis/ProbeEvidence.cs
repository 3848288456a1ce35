using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.Catalog;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Probe;
using AlbTroubleshoot.Reachability;

namespace AlbTroubleshoot.Diagnostics
{
    /// <summary>
    /// What Test-AlbTargetEndpoint measured on one load balancer's targets (Invoke-AlbDiagnosis -Probe,
    /// or rows piped to Get-AlbErrorCause): the rows of that load balancer and the targets it should
    /// have measured. <see cref="CauseEvaluator.WithProbe"/> weighs each cause against it; the verdict
    /// a failed check gives its cause is <see cref="ProbeCauses.VerdictOf"/>.
    /// </summary>
    internal sealed class ProbeEvidence
    {
        private const string Source = "Test-AlbTargetEndpoint: ";
        private const int NamedPasses = 5;

        /// <summary>(group, target id, traffic port) of every target the ALB sends requests to over a connection: what a keep-alive ruling needs measured.</summary>
        private readonly HashSet<string>? _expected;
        private readonly string _notListed;

        /// <summary>The rows of <paramref name="loadBalancer"/> (rows of other load balancers, or of -Address, are not its evidence).</summary>
        public ProbeEvidence(IEnumerable<EndpointProbeResult> rows, EnvironmentModel model, LoadBalancer loadBalancer)
        {
            if (rows is null) throw new ArgumentNullException(nameof(rows));
            if (model is null) throw new ArgumentNullException(nameof(model));
            if (loadBalancer is null) throw new ArgumentNullException(nameof(loadBalancer));
            Rows = rows.Where(r => r is not null && string.Equals(r.LoadBalancerName, loadBalancer.Name, StringComparison.Ordinal)).ToArray();
            var groups = model.TargetGroupsOf(loadBalancer).Where(g => g.TargetType is not ("lambda" or "alb")).ToList();
            var unknown = groups.Where(g => g.Targets is null).Select(g => g.Name).ToList();
            _notListed = unknown.Count > 0 ? "the registered targets of " + string.Join(", ", unknown) + " are not known" : string.Empty;
            _expected = unknown.Count > 0 ? null : new HashSet<string>(
                groups.SelectMany(g => g.Targets!.Select(t => Key(g.Name, t.Id, PathEndpoints.TrafficPort(g, t) ?? 0))), StringComparer.Ordinal);
        }

        /// <summary>The rows of this load balancer, in the order they were measured.</summary>
        public IReadOnlyList<EndpointProbeResult> Rows { get; }

        /// <summary>
        /// What the rows say about one cause: null when no row of a check that speaks for it is here;
        /// otherwise the verdict they decide (null: evidence only) and the evidence, the deciding rows
        /// first. A Pass never rules a cause out, except the keep-alive race when every target was
        /// measured keeping idle connections open past the idle timeout: a setting, not a load.
        /// </summary>
        internal (CauseVerdict? Verdict, string[] Evidence)? Judge(CauseDefinition cause)
        {
            var checks = Vocabulary<ProbeCheck>.InOrder.Where(c => ProbeCauses.Of(c).Contains(cause.Id)).ToList();
            var rows = Rows.Where(r => checks.Contains(r.CheckKind)).ToList();
            if (rows.Count == 0) return null;

            var pointing = rows.Select(r => (Row: r, Verdict: r.Cause == cause.Id ? ProbeCauses.VerdictOf(r) : null)).Where(x => x.Verdict is not null).ToList();
            CauseVerdict? verdict = pointing.Count > 0 ? pointing.Select(x => x.Verdict!.Value).Aggregate(CheckResult.Worst) : null;
            var evidence = pointing.OrderBy(x => CheckResult.Rank(x.Verdict!.Value)).Select(x => Describe(x.Row)).ToList();
            // A failure that names no cause of its own (a health check the matcher rejects) speaks for every cause of its check.
            evidence.AddRange(rows.Where(r => r.VerdictKind is ProbeVerdict.Fail or ProbeVerdict.Warning && r.Cause.Length == 0).Select(Describe));

            foreach (var check in checks)
            {
                var passed = rows.Where(r => r.CheckKind == check && r.VerdictKind == ProbeVerdict.Pass).ToList();
                if (passed.Count > 0)
                    evidence.Add(Source + check.Text() + " Pass for " + Wording.Plural(passed.Count, "target") + ": " +
                                 string.Join("; ", passed.Take(NamedPasses).Select(r => Target(r) + " " + r.Measured)) +
                                 (passed.Count > NamedPasses ? "; and " + (passed.Count - NamedPasses).ToString(CultureInfo.InvariantCulture) + " more" : string.Empty) + ".");
            }
            evidence.AddRange(rows.Where(r => r.VerdictKind is ProbeVerdict.Unknown or ProbeVerdict.Skipped).Select(Describe));

            if (verdict is null && cause.Id == KeepAliveCause)
            {
                var (ruledOut, why) = EveryTargetKeepsAlive();
                if (ruledOut) verdict = CauseVerdict.RuledOut;
                evidence.Add(why);
            }
            return (verdict, evidence.ToArray());
        }

        private const string KeepAliveCause = "502.TargetClosedKeepAliveConnection";

        /// <summary>True when every target the load balancer connects to passed KeepAlive.</summary>
        private (bool, string) EveryTargetKeepsAlive()
        {
            if (_expected is null) return (false, "Not ruled out: " + _notListed + ", so not every target could be measured.");
            var passed = new HashSet<string>(Rows.Where(r => r.CheckKind == ProbeCheck.KeepAlive && r.VerdictKind == ProbeVerdict.Pass)
                .Select(r => Key(r.TargetGroupName, r.TargetId, r.Port)), StringComparer.Ordinal);
            var missing = _expected.Count(k => !passed.Contains(k));
            if (_expected.Count == 0) return (false, "Not ruled out: the load balancer has no target the probe could connect to.");
            return missing == 0
                ? (true, "Every one of the " + Wording.Plural(_expected.Count, "target") + " keeps idle connections open past the idle timeout: the load balancer closes them first.")
                : (false, "Not ruled out: " + missing.ToString(CultureInfo.InvariantCulture) + " of " + Wording.Plural(_expected.Count, "target") + " did not pass KeepAlive (not measured, or failed).");
        }

        private static string Key(string group, string id, int port) => group + "\n" + id + "\n" + port.ToString(CultureInfo.InvariantCulture);

        /// <summary>"api: i-0abc (10.0.1.15:8080)".</summary>
        private static string Target(EndpointProbeResult r) =>
            (r.TargetGroupName.Length > 0 ? r.TargetGroupName + ": " : string.Empty) + r.TargetId +
            (r.Address.Length > 0 && r.Port > 0 ? " (" + ProbeTarget.HostPort(r.Address, r.Port) + ")" : string.Empty);

        /// <summary>One row as evidence: the target, the check, what was measured against what the ALB needs (or why nothing was).</summary>
        internal static string Describe(EndpointProbeResult r) =>
            Source + Target(r) + " " + r.Check + " " + r.Verdict +
            (r.Measured.Length > 0
                ? ": " + r.Measured + (r.Expected.Length > 0 && r.VerdictKind != ProbeVerdict.Pass ? "; the ALB needs " + r.Expected : string.Empty) + "."
                : ": " + r.Explanation);
    }
}
