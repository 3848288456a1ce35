using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Catalog;

namespace AlbTroubleshoot
{
    /// <summary>
    /// What the access logs given to Invoke-AlbDiagnosis or Get-AlbErrorCause (-AccessLogPath, or
    /// fetched for -AccessLogFrom) say about one load balancer: how many of its lines were read, over which window, and the error
    /// lines grouped by status pair and cause. The diagnosis weighs each cause against it
    /// (<see cref="Diagnostics.CauseEvaluator"/>): lines that point to a cause support it; no line
    /// that fits a cause, in a window with lines, rules it out for that window.
    /// </summary>
    public sealed class AccessLogEvidence
    {
        private AccessLogEvidence(string loadBalancerId, AccessLogSummary[] rows, string[] others, int files, long malformed)
        {
            LoadBalancerId = loadBalancerId;
            Files = files;
            MalformedLines = malformed;
            OtherLoadBalancers = others;
            Lines = rows.Sum(r => r.Count);
            if (rows.Length > 0)
            {
                From = rows.Min(r => r.FirstSeen);
                To = rows.Max(r => r.LastSeen);
            }
            Errors = rows.Where(r => r.Cause.Length > 0).ToArray();
        }

        /// <summary>The load balancer as its log lines name it (the elb field): app/name/id.</summary>
        public string LoadBalancerId { get; }

        /// <summary>Files read (all of them, whichever load balancers they belong to).</summary>
        public int Files { get; }

        /// <summary>Lines of this load balancer.</summary>
        public long Lines { get; }

        /// <summary>The first and last time among this load balancer's lines (UTC); null when it has none.</summary>
        public DateTime? From { get; }

        /// <inheritdoc cref="From"/>
        public DateTime? To { get; }

        /// <summary>Lines of every file that could not be read as ALB lines.</summary>
        public long MalformedLines { get; }

        /// <summary>The other load balancers (elb field) the files hold lines of.</summary>
        public string[] OtherLoadBalancers { get; }

        /// <summary>This load balancer's error lines, one row per status pair and cause, most lines first (as Measure-AlbAccessLog writes them).</summary>
        public AccessLogSummary[] Errors { get; }

        /// <summary>"1,234 lines of app/web/50dc6c495c0c9188 from 2026-11-24 10:00:00Z to 2026-11-24 10:10:00Z in 2 files".</summary>
        public string Window => Lines == 0
            ? "no line of " + LoadBalancerId + " in " + Wording.Plural(Files, "file")
            : Wording.Count(Lines) + " " + (Lines == 1 ? "line" : "lines") + " of " + LoadBalancerId + " from " + Time(From!.Value) + " to " + Time(To!.Value) + " in " + Wording.Plural(Files, "file");

        /// <summary>The lines and the time they cover, as each piece of evidence cites them (the cause names its load balancer).</summary>
        private string Span => Wording.Count(Lines) + " " + (Lines == 1 ? "line" : "lines") + " from " + Time(From!.Value) + " to " + Time(To!.Value);

        public override string ToString() => Window;

        /// <summary>
        /// The evidence of each load balancer named, from rows grouped by <see cref="AccessLogGrouping.LoadBalancer"/>
        /// (Measure-AlbAccessLog -By LoadBalancer over every line of the window, whatever its status code).
        /// </summary>
        public static IReadOnlyList<AccessLogEvidence> FromSummary(IEnumerable<string> loadBalancerArns, IReadOnlyList<AccessLogSummary> rowsByLoadBalancer, int files)
        {
            if (loadBalancerArns is null) throw new ArgumentNullException(nameof(loadBalancerArns));
            if (rowsByLoadBalancer is null) throw new ArgumentNullException(nameof(rowsByLoadBalancer));
            if (rowsByLoadBalancer.Any(r => r.By != AccessLogGrouping.LoadBalancer))
                throw new ArgumentException("The rows must be grouped by LoadBalancer.", nameof(rowsByLoadBalancer));
            var malformed = rowsByLoadBalancer.Count > 0 ? rowsByLoadBalancer[0].MalformedLines : 0;
            var seen = rowsByLoadBalancer.Select(r => r.Key).Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToList();
            return loadBalancerArns.Select(arn =>
            {
                var id = LogId(arn);
                return new AccessLogEvidence(id,
                    rowsByLoadBalancer.Where(r => r.Key == id).ToArray(),
                    seen.Where(k => k != id).ToArray(), files, malformed);
            }).ToList();
        }

        /// <summary>How access-log lines name a load balancer: the part of its ARN after "loadbalancer/" (app/name/id).</summary>
        public static string LogId(string loadBalancerArn)
        {
            const string marker = ":loadbalancer/";
            var i = (loadBalancerArn ?? string.Empty).IndexOf(marker, StringComparison.Ordinal);
            return i < 0 ? loadBalancerArn ?? string.Empty : loadBalancerArn!.Substring(i + marker.Length);
        }

        /// <summary>
        /// What the lines of these codes say about one cause: the verdict of the lines that fit it (the
        /// best answer among them) with the evidence, or RuledOut when the window has lines and none
        /// fits. Null when there are no lines of this load balancer to judge by.
        /// </summary>
        internal (CauseVerdict Verdict, string[] Evidence)? Judge(CauseDefinition cause, StatusCodeFilter codes)
        {
            if (Lines == 0) return null;
            var fitting = Errors.Where(r => r.Match is not null && r.Match.Fits(cause.Id) && r.ElbStatusCode.HasValue && codes.Matches(r.ElbStatusCode.Value)).ToList();
            if (fitting.Count == 0) return (CauseVerdict.RuledOut, new[] { NoneFits(codes) });

            var verdict = fitting.Select(r => r.Match!.Verdict).Aggregate(Diagnostics.CheckResult.Worst);
            var evidence = new List<string>();
            // One sentence per classifier answer (a status pair may split one answer over several rows).
            foreach (var answer in fitting.GroupBy(r => r.Match!.Index).OrderByDescending(g => g.Sum(r => r.Count)))
            {
                var match = answer.First().Match!;
                var count = answer.Sum(r => r.Count);
                var first = answer.OrderBy(r => r.FirstSeen).First();
                var pairs = string.Join(", ", answer.Select(r => Pair(r)).Distinct());
                var targets = answer.SelectMany(r => r.TopTargets).Where(t => !t.StartsWith("- ", StringComparison.Ordinal)).Take(3).ToList();
                var traces = answer.SelectMany(r => r.SampleTraceIds).Take(2).ToList();
                var text = "Access logs: " + Wording.Count(count) + " of " + Span + " (" + pairs + ") " +
                           (match.Id == cause.Id ? "point here" : "point to " + match.Id + " and fit this cause too") +
                           " [" + match.VerdictText + "]: " + match.Reason +
                           " First at " + FileAndLine(first.FirstLine) + " (" + Time(first.FirstSeen) + "), last at " + Time(answer.Max(r => r.LastSeen)) + ".";
                if (targets.Count > 0) text += " Targets: " + string.Join(", ", targets) + ".";
                if (traces.Count > 0) text += " Trace IDs to follow: " + string.Join(", ", traces) + ".";
                evidence.Add(text);
            }
            return (verdict, evidence.ToArray());
        }

        private string NoneFits(StatusCodeFilter codes)
        {
            var code = codes.ToString();
            var same = Errors.Where(r => r.ElbStatusCode.HasValue && codes.Matches(r.ElbStatusCode.Value)).ToList();
            if (same.Count == 0)
                return "Access logs: no " + code + " response among the " + Span + ".";
            var elsewhere = same.GroupBy(r => r.Cause).OrderByDescending(g => g.Sum(r => r.Count))
                .Select(g => g.Key + " (" + Wording.Count(g.Sum(r => r.Count)) + ")");
            return "Access logs: the " + Wording.Count(same.Sum(r => r.Count)) + " " + code + " lines among the " + Span +
                   " point elsewhere: " + string.Join(", ", elsewhere) + ".";
        }

        /// <summary>"name.log.gz:12" from "/full/path/name.log.gz:12": S3 log names are unique, the folder is the user's.</summary>
        private static string FileAndLine(string pathAndLine)
        {
            var colon = pathAndLine.LastIndexOf(':');
            return colon <= 0 ? pathAndLine : System.IO.Path.GetFileName(pathAndLine.Substring(0, colon)) + pathAndLine.Substring(colon);
        }

        private static string Pair(AccessLogSummary r) =>
            "elb " + (r.ElbStatusCode?.ToString("000", CultureInfo.InvariantCulture) ?? "-") + ", target " +
            (r.TargetStatusCode?.ToString(CultureInfo.InvariantCulture) ?? "-");


        private static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
