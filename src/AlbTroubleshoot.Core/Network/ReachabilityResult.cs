using System;

namespace AlbTroubleshoot
{
    /// <summary>
    /// One ALB → target path and port purpose (contract §4, Test-AlbTargetReachability).
    /// The contract's shape, so that Diagnosis and the report compile before the reachability engine
    /// (branch paths) is merged; on that merge, its definition of this file replaces this one.
    /// </summary>
    public sealed class ReachabilityResult
    {
        public ReachabilityResult(string loadBalancerName, string targetGroupName, string targetId, string targetAddress, int port,
            string purpose, string verdict, string[]? blockedBy, string explanation, int[]? statusCodes)
        {
            LoadBalancerName = loadBalancerName ?? string.Empty;
            TargetGroupName = targetGroupName ?? string.Empty;
            TargetId = targetId ?? string.Empty;
            TargetAddress = targetAddress ?? string.Empty;
            Port = port;
            Purpose = purpose ?? string.Empty;
            Verdict = verdict ?? string.Empty;
            BlockedBy = blockedBy ?? Array.Empty<string>();
            Explanation = explanation ?? string.Empty;
            StatusCodes = statusCodes ?? Array.Empty<int>();
        }

        public string LoadBalancerName { get; }
        public string TargetGroupName { get; }
        public string TargetId { get; }
        public string TargetAddress { get; }
        public int Port { get; }
        public string Purpose { get; }
        public string Verdict { get; }
        public string[] BlockedBy { get; }
        public string Explanation { get; }
        public int[] StatusCodes { get; }
    }
}
