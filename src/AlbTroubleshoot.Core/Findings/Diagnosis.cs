using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.Diagnostics;

namespace AlbTroubleshoot
{
    /// <summary>The overall answer of a diagnosis (docs/public-surface.md §4 <c>Status</c>).</summary>
    internal enum DiagnosisStatus
    {
        /// <summary>No finding is Confirmed or Likely, no path is blocked, and every check saw what it needed.</summary>
        Healthy,

        /// <summary>At least one finding is Confirmed or Likely, or a path or NACL range is Blocked/PartiallyBlocked.</summary>
        Problems,

        /// <summary>Nothing points at a problem, but something the checks need was not seen, so "healthy" cannot be claimed.</summary>
        Unknown,
    }

    /// <summary>
    /// Everything the checks found about one load balancer, as written by Invoke-AlbDiagnosis
    /// (docs/public-surface.md §4) and rendered by ConvertTo-AlbReport. The status rule lives here, once:
    /// <list type="number">
    /// <item><c>Problems</c> when any finding is Confirmed or Likely, or any reachability path or
    /// NACL ephemeral range is Blocked or PartiallyBlocked;</item>
    /// <item>else <c>Unknown</c> when anything the checks needed was not seen: a snapshot section is
    /// missing or an AWS call failed, a check answered Unknown (a target group the rules forward to is
    /// not in the snapshot, say), or a path or NACL range could not be evaluated. A runbook must never
    /// read "healthy" from a diagnosis that could not see;</item>
    /// <item>else <c>Healthy</c>. Possible findings alone do not make a problem: they are what the
    /// configuration allows but cannot decide (traffic, logs, the target's software).</item>
    /// </list>
    /// </summary>
    public sealed class Diagnosis
    {
        private static readonly string[] BlockingVerdicts = { "Blocked", "PartiallyBlocked" };

        public Diagnosis(
            string loadBalancerName,
            string loadBalancerArn,
            IEnumerable<ErrorCause>? findings,
            IEnumerable<ReachabilityResult>? reachability,
            IEnumerable<NaclEphemeralResult>? naclEphemeral,
            IEnumerable<int>? statusCodes = null,
            AlbSnapshot? snapshot = null,
            AccessLogEvidence? accessLogs = null,
            IEnumerable<string>? unreadable = null,
            IEnumerable<EndpointProbeResult>? probe = null,
            IEnumerable<MetricSeries>? metrics = null)
        {
            LoadBalancerName = loadBalancerName ?? throw new ArgumentNullException(nameof(loadBalancerName));
            LoadBalancerArn = loadBalancerArn ?? string.Empty;
            // OrderBy is stable: within one verdict the engine's order (its catalog order) is kept.
            Findings = (findings ?? Enumerable.Empty<ErrorCause>()).OrderBy(f => CheckResult.Rank(f.VerdictKind)).ToArray();
            Reachability = (reachability ?? Enumerable.Empty<ReachabilityResult>()).ToArray();
            NaclEphemeral = (naclEphemeral ?? Enumerable.Empty<NaclEphemeralResult>()).ToArray();
            StatusCodes = (statusCodes ?? Enumerable.Empty<int>()).Distinct().OrderBy(c => c).ToArray();
            Region = snapshot?.Region ?? string.Empty;
            CollectedAt = snapshot?.CollectedAt;
            Source = snapshot?.Source ?? string.Empty;
            Errors = snapshot?.Errors ?? Array.Empty<string>();
            MissingSections = snapshot?.MissingSections ?? Array.Empty<string>();
            AccessLogs = accessLogs;
            Unreadable = (unreadable ?? Enumerable.Empty<string>()).ToArray();
            Probe = (probe ?? Enumerable.Empty<EndpointProbeResult>()).ToArray();
            Metrics = (metrics ?? Enumerable.Empty<MetricSeries>()).ToArray();
            var window = snapshot?.Metrics.For(LoadBalancerArn);
            MetricsFrom = window?.Start;
            MetricsTo = window?.End;
            (StatusKind, StatusReason) = Decide();
            Status = StatusKind.Text();
            Summary = Summarize();
        }

        public string LoadBalancerName { get; }

        public string LoadBalancerArn { get; }

        /// <summary>A <see cref="DiagnosisStatus"/> value.</summary>
        public string Status { get; }

        internal DiagnosisStatus StatusKind { get; }

        /// <summary>One sentence saying what decided <see cref="Status"/>.</summary>
        public string StatusReason { get; }

        /// <summary>Counts by verdict and blocked paths, e.g. "1 Confirmed, 2 Possible; 2 of 8 paths blocked".</summary>
        public string Summary { get; }

        /// <summary>Every evaluated cause, most severe first: Confirmed, Likely, Unknown, Possible, then RuledOut and NotApplicable.</summary>
        public ErrorCause[] Findings { get; }

        /// <summary>Each ALB → target path (Test-AlbTargetReachability).</summary>
        public ReachabilityResult[] Reachability { get; }

        /// <summary>Each NACL on the ALB and target paths, for the ephemeral return ports (Test-AlbNaclEphemeral).</summary>
        public NaclEphemeralResult[] NaclEphemeral { get; }

        /// <summary>The codes the diagnosis focused on (-StatusCode); empty when it covered every code.</summary>
        public int[] StatusCodes { get; }

        public string Region { get; }

        /// <summary>When the snapshot was collected (UTC); null when the snapshot does not say.</summary>
        public DateTime? CollectedAt { get; }

        /// <summary>Where the data came from: a snapshot file path, "AwsTools" or "AwsCli".</summary>
        public string Source { get; }

        /// <summary>"Operation: reason" for every AWS call that failed while collecting.</summary>
        public string[] Errors { get; }

        /// <summary>Snapshot sections that were not there; the checks that need them answered Unknown.</summary>
        public string[] MissingSections { get; }

        /// <summary>Values AWS returned that could not be read (as given, with where and why): the checks that needed them could not decide.</summary>
        public string[] Unreadable { get; }

        /// <summary>What the access logs given with -AccessLogPath hold for this load balancer (lines, window, error rows); null without -AccessLogPath.</summary>
        public AccessLogEvidence? AccessLogs { get; }

        /// <summary>What Test-AlbTargetEndpoint measured on the targets (-Probe), one row per target and check; empty without -Probe.</summary>
        public EndpointProbeResult[] Probe { get; }

        /// <summary>The CloudWatch series the causes were weighed against (-MetricWindow or the snapshot's GetMetricData); empty without.</summary>
        public MetricSeries[] Metrics { get; }

        /// <summary>The window the metrics were asked for (UTC; the report's time axis); null when not recorded.</summary>
        internal DateTime? MetricsFrom { get; }

        internal DateTime? MetricsTo { get; }

        /// <summary>The findings a reader acts on: everything except RuledOut and NotApplicable (the default views and reports show these).</summary>
        public ErrorCause[] RelevantFindings() => Findings.Where(f => IsRelevant(f.VerdictKind)).ToArray();

        /// <summary>The findings the evidence set aside: RuledOut and NotApplicable.</summary>
        public ErrorCause[] SetAsideFindings() => Findings.Where(f => !IsRelevant(f.VerdictKind)).ToArray();

        /// <summary>False for RuledOut and NotApplicable: the verdicts hidden from the default view and summarized in reports.</summary>
        public static bool IsRelevant(string verdict) =>
            !Vocabulary<CauseVerdict>.TryParse(verdict, out var kind) || IsRelevant(kind);

        internal static bool IsRelevant(CauseVerdict verdict) =>
            verdict != CauseVerdict.RuledOut && verdict != CauseVerdict.NotApplicable;

        /// <summary>0 for Confirmed, then Likely, Unknown, Possible, RuledOut, NotApplicable, NotEvaluated: the engine's order (CheckResult.Rank); after them all for text that is no verdict.</summary>
        public static int SeverityRank(string verdict) =>
            Vocabulary<CauseVerdict>.TryParse(verdict, out var kind) ? CheckResult.Rank(kind) : Vocabulary<CauseVerdict>.All.Count;

        /// <summary>True for the reachability and NACL verdicts that mean traffic is dropped.</summary>
        public static bool IsBlocking(string verdict) => Array.IndexOf(BlockingVerdicts, verdict) >= 0;

        public override string ToString() => LoadBalancerName + ": " + Status;

        private (DiagnosisStatus, string) Decide()
        {
            var decisive = Findings.Where(f => f.VerdictKind == CauseVerdict.Confirmed || f.VerdictKind == CauseVerdict.Likely).ToList();
            var blockedPaths = Reachability.Where(r => IsBlocking(r.Verdict)).ToList();
            // A NACL range blocked for part of its addresses or ports counts through its finding (a deny
            // list of client addresses is often deliberate); blocked outright, it always is a problem.
            var blockedAcls = NaclEphemeral.Where(n => n.VerdictKind == NaclRangeVerdict.Blocked).Select(n => n.NetworkAclId).Distinct().ToList();
            if (decisive.Count > 0 || blockedPaths.Count > 0 || blockedAcls.Count > 0)
            {
                var parts = new List<string>();
                if (decisive.Count > 0)
                    parts.Add(string.Join(", ", decisive.Select(f => f.Id + " (" + f.Verdict + ")")));
                if (blockedPaths.Count > 0)
                    parts.Add(Wording.Plural(blockedPaths.Count, "path") + " to targets blocked by " +
                              string.Join(", ", blockedPaths.SelectMany(r => r.BlockedBy).Distinct()));
                if (blockedAcls.Count > 0)
                    parts.Add("ephemeral return ports blocked in " + string.Join(", ", blockedAcls));
                return (DiagnosisStatus.Problems, string.Join("; ", parts) + ".");
            }
            var blind = new List<string>();
            if (MissingSections.Length > 0) blind.Add("the snapshot lacks " + string.Join(", ", MissingSections));
            if (Unreadable.Length > 0) blind.Add(Wording.Plural(Unreadable.Length, "value") + " AWS returned could not be read (" + string.Join("; ", Unreadable) + ")");
            if (Errors.Length > 0) blind.Add(Wording.Plural(Errors.Length, "AWS call") + " failed (" + string.Join("; ", Errors) + ")");
            var undecided = Findings.Where(f => f.VerdictKind == CauseVerdict.Unknown).Select(f => f.Id).ToList();
            if (undecided.Count > 0) blind.Add(Wording.Plural(undecided.Count, "check") + " could not decide (" + string.Join(", ", undecided) + ")");
            var unknownPaths = Reachability.Count(r => r.VerdictKind == ReachabilityVerdict.Unknown);
            if (unknownPaths > 0) blind.Add(Wording.Plural(unknownPaths, "path") + " to the targets could not be evaluated");
            var unknownAcls = NaclEphemeral.Count(n => n.VerdictKind == NaclRangeVerdict.Unknown);
            if (unknownAcls > 0) blind.Add(Wording.Plural(unknownAcls, "network ACL range") + " could not be evaluated");
            if (blind.Count > 0)
                return (DiagnosisStatus.Unknown, "Nothing is Confirmed or Likely, but " + string.Join("; ", blind) + ": the causes that need them could not be ruled out.");
            return (DiagnosisStatus.Healthy, "No finding is Confirmed or Likely and no path to the targets is blocked.");
        }

        private string Summarize()
        {
            var counts = Findings.Where(f => IsRelevant(f.VerdictKind)).GroupBy(f => f.VerdictKind)
                .OrderBy(g => CheckResult.Rank(g.Key)).Select(g => g.Count().ToString(CultureInfo.InvariantCulture) + " " + g.Key.Text()).ToList();
            var text = counts.Count > 0 ? string.Join(", ", counts) : "no open findings";
            if (Reachability.Length > 0)
            {
                var blocked = Reachability.Count(r => IsBlocking(r.Verdict));
                text += "; " + blocked.ToString(CultureInfo.InvariantCulture) + " of " + Wording.Plural(Reachability.Length, "path") + " blocked";
            }
            return text;
        }
    }
}
