using System;

namespace AlbTroubleshoot.Catalog
{
    /// <summary>
    /// What can decide a cause (bring it to Confirmed/Likely, or rule it out). Every cause says it
    /// when it is defined, so none can be added without saying what settles it; its
    /// <see cref="CauseDefinition.CheckedBy"/> and the "Checked by" line of docs/error-codes.md come from it.
    /// </summary>
    [Flags]
    internal enum DecidedBy
    {
        /// <summary>Nothing the module reads can: only the catalog's Check, done by a person (client captures, IdP logs).</summary>
        Manual = 1,

        /// <summary>The snapshot's configuration and state, in at least one direction (Confirmed/Likely or RuledOut).</summary>
        Configuration = 2,

        /// <summary>The paths from the load balancer nodes to the targets (Test-AlbTargetReachability).</summary>
        Reachability = 4,

        /// <summary>The network ACLs' ephemeral ranges on those paths (Test-AlbNaclEphemeral).</summary>
        NaclEphemeral = 8,

        /// <summary>Access-log lines that point to it (the classifier has a Confirmed or Likely answer for it).</summary>
        AccessLogs = 16,

        /// <summary>A probe of the targets (Test-AlbTargetEndpoint, Invoke-AlbDiagnosis -Probe) measures it: docs/probe.md, "In a diagnosis".</summary>
        Probe = 32,

        /// <summary>CloudWatch metrics that raise or rule it out (CloudWatch/MetricEvidence.cs has a rule for it).</summary>
        Metrics = 64,
    }

    internal static class DecidedByText
    {
        /// <summary>
        /// The cmdlet that decides the cause automatically (contract: ErrorCause.CheckedBy): the path
        /// analyses first, because they name the rule; then the probe, because it measures what the
        /// configuration can only allow; Get-AlbErrorCause for the configuration and access-log checks;
        /// Invoke-AlbDiagnosis for what only CloudWatch metrics weigh; empty for a manual check.
        /// </summary>
        public static string CheckedBy(DecidedBy decidedBy)
        {
            if ((decidedBy & DecidedBy.Reachability) != 0) return "Test-AlbTargetReachability";
            if ((decidedBy & DecidedBy.NaclEphemeral) != 0) return "Test-AlbNaclEphemeral";
            if ((decidedBy & DecidedBy.Probe) != 0) return "Test-AlbTargetEndpoint";
            if ((decidedBy & (DecidedBy.Configuration | DecidedBy.AccessLogs)) != 0) return "Get-AlbErrorCause";
            if ((decidedBy & DecidedBy.Metrics) != 0) return "Invoke-AlbDiagnosis";
            return string.Empty;
        }

        /// <summary>The docs' "Checked by" line: each cmdlet that decides it and from what, the one CheckedBy names first.</summary>
        public static string Describe(DecidedBy decidedBy)
        {
            if (decidedBy == DecidedBy.Manual) return "manual check";
            var parts = new System.Collections.Generic.List<string>();
            if ((decidedBy & DecidedBy.Reachability) != 0) parts.Add("`Test-AlbTargetReachability` (paths to the targets)");
            if ((decidedBy & DecidedBy.NaclEphemeral) != 0) parts.Add("`Test-AlbNaclEphemeral` (network ACL ephemeral ranges)");
            if ((decidedBy & DecidedBy.Probe) != 0) parts.Add("`Test-AlbTargetEndpoint` (a probe of the targets, `Invoke-AlbDiagnosis -Probe`)");
            var from = new System.Collections.Generic.List<string>();
            if ((decidedBy & DecidedBy.Configuration) != 0) from.Add("configuration");
            if ((decidedBy & DecidedBy.AccessLogs) != 0) from.Add("access logs, `-AccessLogPath`");
            if (from.Count > 0) parts.Add("`Get-AlbErrorCause` (" + string.Join(", ", from) + ")");
            if ((decidedBy & DecidedBy.Metrics) != 0) parts.Add("`Invoke-AlbDiagnosis` (CloudWatch metrics, `-MetricWindow`)");
            return string.Join("; ", parts);
        }
    }
}
