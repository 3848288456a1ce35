using System;
using System.Collections.Generic;

namespace AlbTroubleshoot.Diagnostics
{
    /// <summary>What to evaluate and the evidence gathered outside the configuration.</summary>
    public sealed class DiagnosisOptions
    {
        /// <summary>The codes or classes to evaluate; empty evaluates every catalog cause.</summary>
        public IReadOnlyList<StatusCodeFilter> StatusCodes { get; set; } = Array.Empty<StatusCodeFilter>();

        /// <summary>The targets' HTTP keep-alive timeout, when the user knows it; null leaves the keep-alive cause Unknown.</summary>
        public int? TargetKeepAliveSeconds { get; set; }

        /// <summary>
        /// Results of Test-AlbTargetReachability for this load balancer; null when reachability was not
        /// evaluated (the network causes then rest on target health alone). Read by the contract
        /// property names (Verdict, TargetGroupName, TargetId, Port, Purpose, BlockedBy, Explanation).
        /// </summary>
        public IReadOnlyList<object>? Reachability { get; set; }

        /// <summary>
        /// Results of Test-AlbNaclEphemeral for this load balancer; null when not evaluated. Read by the
        /// contract property names (NetworkAclId, SubnetId, Role, Direction, Verdict, BlockedRanges, DecidingRules).
        /// </summary>
        public IReadOnlyList<object>? NaclEphemeral { get; set; }
    }
}
