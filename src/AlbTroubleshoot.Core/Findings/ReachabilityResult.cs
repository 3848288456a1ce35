using System;

namespace AlbTroubleshoot
{
    /// <summary>The <c>Verdict</c> values of a reachability result (docs/public-surface.md §4).</summary>
    internal static class ReachabilityVerdict
    {
        /// <summary>Every hop from every ALB node to the target and back is allowed.</summary>
        public const string Reachable = "Reachable";

        /// <summary>The path is broken from every ALB node.</summary>
        public const string Blocked = "Blocked";

        /// <summary>Broken from some ALB nodes (or on part of the ephemeral ports): intermittent errors.</summary>
        public const string PartiallyBlocked = "PartiallyBlocked";

        /// <summary>A hop could not be decided (a missing snapshot section, an unresolved prefix list or group); the explanation says which.</summary>
        public const string Unknown = "Unknown";

        /// <summary>No network path to check (Lambda targets).</summary>
        public const string NotApplicable = "NotApplicable";
    }

    /// <summary>The <c>Purpose</c> values (docs/public-surface.md §4): which port of the target the path is for.</summary>
    internal static class ReachabilityPurpose
    {
        /// <summary>Requests: the registration's port, or the target group's.</summary>
        public const string Traffic = "Traffic";

        /// <summary>Health checks: the traffic port, or the target group's HealthCheckPort.</summary>
        public const string HealthCheck = "HealthCheck";
    }

    /// <summary>The <c>Step</c> of a hop, in path order: forward from the ALB node, then the return path.</summary>
    internal static class HopStep
    {
        public const string AlbSecurityGroupEgress = "AlbSecurityGroupEgress";
        public const string AlbSubnetNaclOutbound = "AlbSubnetNaclOutbound";
        public const string RouteToTarget = "RouteToTarget";
        public const string TargetSubnetNaclInbound = "TargetSubnetNaclInbound";
        public const string TargetSecurityGroupIngress = "TargetSecurityGroupIngress";
        public const string TargetSubnetNaclOutbound = "TargetSubnetNaclOutbound";
        public const string RouteToAlb = "RouteToAlb";
        public const string AlbSubnetNaclInbound = "AlbSubnetNaclInbound";
    }

    /// <summary>The <c>Verdict</c> of one hop.</summary>
    internal static class HopVerdict
    {
        public const string Allowed = "Allowed";
        public const string Blocked = "Blocked";

        /// <summary>Part of the ephemeral port range is denied: some connections fail.</summary>
        public const string PartiallyBlocked = "PartiallyBlocked";

        public const string Unknown = "Unknown";

        /// <summary>Not crossed: traffic between two addresses of one subnet does not cross that subnet's NACL.</summary>
        public const string NotCrossed = "NotCrossed";
    }

    /// <summary>One component on the path between one ALB node and one target.</summary>
    public sealed class ReachabilityHop
    {
        public ReachabilityHop(string step, string resourceId, string sourceSubnetId, string verdict, string rule, string explanation)
        {
            Step = step ?? throw new ArgumentNullException(nameof(step));
            ResourceId = resourceId ?? string.Empty;
            SourceSubnetId = sourceSubnetId ?? string.Empty;
            Verdict = verdict ?? throw new ArgumentNullException(nameof(verdict));
            Rule = rule ?? string.Empty;
            Explanation = explanation ?? string.Empty;
        }

        /// <summary>A <see cref="HopStep"/> value.</summary>
        public string Step { get; }

        /// <summary>The security group(s) (<c>sg-1, sg-2</c>), NACL (<c>acl-…</c>) or route table (<c>rtb-…</c>); empty when not known.</summary>
        public string ResourceId { get; }

        /// <summary>The ALB node's subnet this hop belongs to.</summary>
        public string SourceSubnetId { get; }

        /// <summary>A <see cref="HopVerdict"/> value.</summary>
        public string Verdict { get; }

        /// <summary>The deciding rule or route, e.g. <c>acl-0b2 inbound rule 90 deny tcp 1024-65535 from 10.0.0.0/16</c>; empty when none decides.</summary>
        public string Rule { get; }

        public string Explanation { get; }

        /// <summary>The explanation without what it means for this node, so that hops alike across nodes read as one sentence.</summary>
        internal string Finding { get; set; } = string.Empty;

        /// <summary>What the finding means, with {0} for the nodes ("the ALB node in subnet-1").</summary>
        internal string Consequence { get; set; } = string.Empty;

        public override string ToString() => $"{SourceSubnetId} {Step} {ResourceId}: {Verdict}";
    }

    /// <summary>
    /// Whether the network lets one load balancer reach one target on one port and back, from every
    /// ALB node (docs/public-surface.md §4). Strings and arrays only, so it serializes the same on every PowerShell version.
    /// </summary>
    public sealed class ReachabilityResult
    {
        public ReachabilityResult(string loadBalancerName, string targetGroupName, string targetId, string targetAddress, int port,
            string purpose, string verdict, string[]? blockedBy, ReachabilityHop[]? hops, string explanation, int[]? statusCodes)
        {
            LoadBalancerName = loadBalancerName ?? string.Empty;
            TargetGroupName = targetGroupName ?? string.Empty;
            TargetId = targetId ?? string.Empty;
            TargetAddress = targetAddress ?? string.Empty;
            Port = port;
            Purpose = purpose ?? throw new ArgumentNullException(nameof(purpose));
            Verdict = verdict ?? throw new ArgumentNullException(nameof(verdict));
            BlockedBy = blockedBy ?? Array.Empty<string>();
            Hops = hops ?? Array.Empty<ReachabilityHop>();
            Explanation = explanation ?? string.Empty;
            StatusCodes = statusCodes ?? Array.Empty<int>();
        }

        public string LoadBalancerName { get; }

        public string TargetGroupName { get; }

        /// <summary>Instance ID, IP address or Lambda ARN; empty when the group's targets are not known.</summary>
        public string TargetId { get; }

        /// <summary>The address the ALB connects to; empty when not known.</summary>
        public string TargetAddress { get; }

        /// <summary>The destination port; 0 when there is none (Lambda) or it is not known.</summary>
        public int Port { get; }

        /// <summary>A <see cref="ReachabilityPurpose"/> value.</summary>
        public string Purpose { get; }

        /// <summary>A <see cref="ReachabilityVerdict"/> value.</summary>
        public string Verdict { get; }

        /// <summary>The resources that block the path (<c>sg-…</c>, <c>acl-…</c>, <c>rtb-…</c>).</summary>
        public string[] BlockedBy { get; }

        /// <summary>Every hop for every ALB node, forward then return.</summary>
        public ReachabilityHop[] Hops { get; }

        public string Explanation { get; }

        /// <summary>The ALB status codes this path produces while broken (empty when reachable or not applicable).</summary>
        public int[] StatusCodes { get; }

        public override string ToString() => $"{TargetGroupName} {TargetId}:{Port} {Purpose}: {Verdict}";
    }
}
