using System;

namespace AlbTroubleshoot
{
    /// <summary>The <c>Verdict</c> values of a reachability result (docs/public-surface.md §4). The four
    /// vocabularies here are enums inside the engine, so a typo is a compile error; each member's name
    /// is the contract's text, which the output objects carry as strings (<see cref="Vocabulary"/>).</summary>
    internal enum ReachabilityVerdict
    {
        /// <summary>Every hop from every ALB node to the target and back is allowed.</summary>
        Reachable,

        /// <summary>The path is broken from every ALB node.</summary>
        Blocked,

        /// <summary>Broken from some ALB nodes (or on part of the ephemeral ports): intermittent errors.</summary>
        PartiallyBlocked,

        /// <summary>A hop could not be decided (a missing snapshot section, an unresolved prefix list or group); the explanation says which.</summary>
        Unknown,

        /// <summary>No network path to check (Lambda targets).</summary>
        NotApplicable,
    }

    /// <summary>The <c>Purpose</c> values (docs/public-surface.md §4): which port of the target the path is for.</summary>
    internal enum ReachabilityPurpose
    {
        /// <summary>Requests: the registration's port, or the target group's.</summary>
        Traffic,

        /// <summary>Health checks: the traffic port, or the target group's HealthCheckPort.</summary>
        HealthCheck,
    }

    /// <summary>The <c>Step</c> of a hop, in path order: forward from the ALB node, then the return path.</summary>
    internal enum HopStep
    {
        AlbSecurityGroupEgress,
        AlbSubnetNaclOutbound,
        RouteToTarget,
        TargetSubnetNaclInbound,
        TargetSecurityGroupIngress,
        TargetSubnetNaclOutbound,
        RouteToAlb,
        AlbSubnetNaclInbound,
    }

    /// <summary>The <c>Verdict</c> of one hop.</summary>
    internal enum HopVerdict
    {
        Allowed,
        Blocked,

        /// <summary>Part of the ephemeral port range is denied: some connections fail.</summary>
        PartiallyBlocked,

        Unknown,

        /// <summary>Not crossed: traffic between two addresses of one subnet does not cross that subnet's NACL.</summary>
        NotCrossed,
    }

    /// <summary>One component on the path between one ALB node and one target.</summary>
    public sealed class ReachabilityHop
    {
        internal ReachabilityHop(HopStep step, string resourceId, string sourceSubnetId, HopVerdict verdict, string rule, string explanation)
        {
            StepKind = step;
            Step = step.Text();
            ResourceId = resourceId ?? string.Empty;
            SourceSubnetId = sourceSubnetId ?? string.Empty;
            VerdictKind = verdict;
            Verdict = verdict.Text();
            Rule = rule ?? string.Empty;
            Explanation = explanation ?? string.Empty;
        }

        /// <summary>The <see cref="HopStep"/>'s name.</summary>
        public string Step { get; }

        internal HopStep StepKind { get; }

        /// <summary>The security group(s) (<c>sg-1, sg-2</c>), NACL (<c>acl-…</c>) or route table (<c>rtb-…</c>); empty when not known.</summary>
        public string ResourceId { get; }

        /// <summary>The ALB node's subnet this hop belongs to.</summary>
        public string SourceSubnetId { get; }

        /// <summary>The <see cref="HopVerdict"/>'s name.</summary>
        public string Verdict { get; }

        internal HopVerdict VerdictKind { get; }

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
        internal ReachabilityResult(string loadBalancerName, string targetGroupName, string targetId, string targetAddress, int port,
            ReachabilityPurpose purpose, ReachabilityVerdict verdict, string[]? blockedBy, ReachabilityHop[]? hops, string explanation, int[]? statusCodes)
        {
            LoadBalancerName = loadBalancerName ?? string.Empty;
            TargetGroupName = targetGroupName ?? string.Empty;
            TargetId = targetId ?? string.Empty;
            TargetAddress = targetAddress ?? string.Empty;
            Port = port;
            PurposeKind = purpose;
            Purpose = purpose.Text();
            VerdictKind = verdict;
            Verdict = verdict.Text();
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

        /// <summary>The <see cref="ReachabilityPurpose"/>'s name.</summary>
        public string Purpose { get; }

        internal ReachabilityPurpose PurposeKind { get; }

        /// <summary>The <see cref="ReachabilityVerdict"/>'s name.</summary>
        public string Verdict { get; }

        internal ReachabilityVerdict VerdictKind { get; }

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
