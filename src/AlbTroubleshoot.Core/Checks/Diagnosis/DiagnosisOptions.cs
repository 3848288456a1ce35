using System;
using System.Collections.Generic;

namespace AlbTroubleshoot.Diagnostics
{
    /// <summary>What to evaluate and the evidence gathered outside the configuration.</summary>
    internal sealed class DiagnosisOptions
    {
        /// <summary>The codes or classes to evaluate; empty evaluates every catalog cause.</summary>
        public IReadOnlyList<StatusCodeFilter> StatusCodes { get; set; } = Array.Empty<StatusCodeFilter>();

        /// <summary>The targets' HTTP keep-alive timeout, when the user knows it; null leaves the keep-alive cause Unknown.</summary>
        public int? TargetKeepAliveSeconds { get; set; }

        /// <summary>
        /// Results of Test-AlbTargetReachability (TargetPathAnalyzer) for this load balancer; null when
        /// reachability was not evaluated (the network causes then rest on target health alone).
        /// </summary>
        public IReadOnlyList<ReachabilityResult>? Reachability { get; set; }

        /// <summary>Results of Test-AlbNaclEphemeral (NaclEphemeralAnalyzer) for this load balancer; null when not evaluated.</summary>
        public IReadOnlyList<NaclEphemeralResult>? NaclEphemeral { get; set; }

        /// <summary>What this load balancer's access logs say (-AccessLogPath); null when no logs were given.</summary>
        public AccessLogEvidence? AccessLogs { get; set; }

        /// <summary>What Test-AlbTargetEndpoint measured on this load balancer's targets (-Probe, or piped rows); null when nothing was probed.</summary>
        public ProbeEvidence? Probe { get; set; }

        /// <summary>This load balancer's CloudWatch series (-MetricWindow, or a snapshot's GetMetricData); null without.</summary>
        internal CloudWatch.MetricEvidence? Metrics { get; set; }
    }
}
