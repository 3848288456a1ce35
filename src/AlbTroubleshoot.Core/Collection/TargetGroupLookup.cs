using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// The load balancers of target groups given by ARN alone, so a target-group request can be
    /// collected like a load-balancer one: one DescribeTargetGroups call for all the groups, through
    /// the same back end as the collection.
    /// </summary>
    internal static class TargetGroupLookup
    {
        /// <summary>
        /// The distinct ARNs in the groups' LoadBalancerArns (empty when no load balancer forwards to them).
        /// </summary>
        /// <exception cref="AwsCallException">The call failed; <see cref="AwsFailureKind.NotFound"/> when AWS knows no such group.</exception>
        /// <exception cref="OperationCanceledException">The user stopped the command.</exception>
        public static IReadOnlyList<string> LoadBalancerArnsOf(IAwsBackend backend, IReadOnlyCollection<string> targetGroupArns, CancellationToken cancellation)
        {
            if (backend is null) throw new ArgumentNullException(nameof(backend));
            if (targetGroupArns is null) throw new ArgumentNullException(nameof(targetGroupArns));
            var response = backend.Invoke(new AwsRequest(SnapshotOperations.DescribeTargetGroups).With("TargetGroupArns", targetGroupArns.ToArray()), cancellation);
            return ((response["TargetGroups"] as JsonArray) ?? new JsonArray())
                .OfType<JsonObject>()
                .SelectMany(g => ((g["LoadBalancerArns"] as JsonArray) ?? new JsonArray()).Select(a => a.AsString()).Where(a => !string.IsNullOrEmpty(a)).Select(a => a!))
                .Distinct(StringComparer.Ordinal).ToList();
        }
    }
}
