using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Network
{
    /// <summary>Verdicts of a route lookup.</summary>
    internal enum RouteVerdict
    {
        /// <summary>An active route carries the traffic (see the decision's target).</summary>
        Routed,

        /// <summary>The best route is a blackhole: its target is gone, the traffic is dropped.</summary>
        Blackhole,

        /// <summary>No route matches the destination: the traffic is dropped.</summary>
        NoRoute,

        /// <summary>
        /// The best route is neither active nor a blackhole (state <c>filtered</c>, or one AWS may add)
        /// and no other route matches: only an active route carries traffic, so it is not carried.
        /// </summary>
        Inactive,

        /// <summary>The answer depends on something not known (an unresolved prefix list, a missing route table, part of a block routed elsewhere).</summary>
        Unknown,
    }

    /// <summary>Which route of which table carries traffic to one destination.</summary>
    internal sealed class RouteDecision
    {
        internal RouteDecision(RouteVerdict verdict, string routeTableId, IpCidr destination, Route? route, string explanation)
        {
            Verdict = verdict;
            RouteTableId = routeTableId;
            Destination = destination;
            Route = route;
            Explanation = explanation;
        }

        public RouteVerdict Verdict { get; }

        public string RouteTableId { get; }

        public IpCidr Destination { get; }

        /// <summary>The deciding route, or null when none matched or the answer is unknown.</summary>
        public Route? Route { get; }

        public string TargetId => Route?.TargetId ?? string.Empty;

        /// <summary>Null when no route carries the traffic.</summary>
        public RouteTargetKind? TargetKind => Route?.TargetKind;

        /// <summary>True when the VPC's <c>local</c> route carries the traffic (the destination is inside the VPC).</summary>
        public bool IsLocal => Route?.IsLocal == true && Verdict == RouteVerdict.Routed;

        /// <summary><c>rtb-0a1 route 10.1.0.0/16 → pcx-0b2</c>, or the table alone when no route decided.</summary>
        public string Rule => Route is null ? RouteTableId : RouteTableId + " route " + Route;

        public string Explanation { get; }

        public override string ToString() => Verdict.Text() + ": " + Explanation;
    }

    /// <summary>The route there (source subnet's table) and the route back (destination subnet's table).</summary>
    internal sealed class RoutePath
    {
        internal RoutePath(RouteDecision forward, RouteDecision back)
        {
            Forward = forward;
            Return = back;
        }

        public RouteDecision Forward { get; }

        public RouteDecision Return { get; }

        /// <summary>Routed when both ways are; otherwise the worse of the two (NoRoute/Blackhole before Unknown).</summary>
        public RouteVerdict Verdict =>
            Forward.Verdict == RouteVerdict.Routed ? Return.Verdict
            : Forward.Verdict == RouteVerdict.Unknown && Return.Verdict != RouteVerdict.Routed && Return.Verdict != RouteVerdict.Unknown ? Return.Verdict
            : Forward.Verdict;
    }

    /// <summary>
    /// Route selection as the VPC does it: among the routes of the destination's family whose
    /// destination contains it, the longest prefix wins; at equal length a static route beats a
    /// prefix-list route, which beats a propagated route. A blackhole route that wins drops the
    /// traffic. A destination inside the VPC matches the <c>local</c> route. Only an active route
    /// carries traffic; AWS documents no more about other states (<c>filtered</c>): when such a route
    /// wins, the traffic is not carried if no other route matches, and Unknown if one does (whether
    /// it takes over is not documented). A table with a route that could not be read is Unknown.
    /// https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
    /// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Route.html
    /// </summary>
    internal static class RouteEvaluator
    {
        /// <summary>The table that serves a subnet: its explicit association, else the VPC's main table; null when neither is known.</summary>
        public static RouteTable? TableForSubnet(IEnumerable<RouteTable> tables, string subnetId, string? vpcId)
        {
            if (tables is null) throw new ArgumentNullException(nameof(tables));
            var list = tables.ToList();
            return list.FirstOrDefault(t => t.SubnetIds.Contains(subnetId, StringComparer.OrdinalIgnoreCase))
                   ?? list.FirstOrDefault(t => t.IsMain && (string.IsNullOrEmpty(vpcId) || t.VpcId.Length == 0 || t.VpcId == vpcId));
        }

        /// <summary>
        /// The route that carries traffic to <paramref name="destination"/> (an address, or a block
        /// when only that is known: a more specific route covering part of the block makes the answer
        /// Unknown). Prefix-list routes are resolved through <paramref name="prefixLists"/>.
        /// </summary>
        public static RouteDecision Lookup(RouteTable table, IpCidr destination, PrefixListLookup? prefixLists = null)
        {
            if (table is null) throw new ArgumentNullException(nameof(table));
            if (destination is null) throw new ArgumentNullException(nameof(destination));

            var id = table.RouteTableId;
            if (table.Unreadable.Count > 0)
            {
                return new RouteDecision(RouteVerdict.Unknown, id, destination, null,
                    $"{id} has routes that could not be read ({string.Join("; ", table.Unreadable)}): which route carries {destination} is not known.");
            }

            var partial = new List<string>();
            var unresolved = new List<string>();
            var (best, bestPrefix, bestRank) = Best(table, destination, prefixLists, _ => true, partial, unresolved);

            if (partial.Count > 0)
            {
                return new RouteDecision(RouteVerdict.Unknown, id, destination, null,
                    $"{id} sends parts of {destination} different ways ({string.Join(", ", partial)}), and the exact address is not known.");
            }
            var hostDecided = best is not null && bestPrefix == destination.MaxPrefixLength && bestRank == 0;
            if (unresolved.Count > 0 && !hostDecided)
            {
                return new RouteDecision(RouteVerdict.Unknown, id, destination, null,
                    $"{id} has routes to managed prefix list {string.Join(", ", unresolved)} whose entries are not known; one of them may carry traffic to {destination}" +
                    (best is null ? "." : $" instead of {best}."));
            }
            if (best is null)
            {
                return new RouteDecision(RouteVerdict.NoRoute, id, destination, null,
                    $"{id} has no route to {destination}: the traffic is dropped.");
            }
            if (best.IsBlackhole)
            {
                return new RouteDecision(RouteVerdict.Blackhole, id, destination, best,
                    $"{id} sends {destination} to {best.DestinationText} → {best.TargetId}, a blackhole route (its target no longer exists): the traffic is dropped.");
            }
            if (!best.IsActive)
            {
                var next = Best(table, destination, prefixLists, r => r.IsActive || r.IsBlackhole, new List<string>(), new List<string>()).Route;
                return next is null
                    ? new RouteDecision(RouteVerdict.Inactive, id, destination, best,
                        $"{id} sends {destination} to {best.DestinationText} → {best.TargetId}, whose state is {best.State}: only an active route carries traffic, and no other route matches, so the traffic is dropped.")
                    : new RouteDecision(RouteVerdict.Unknown, id, destination, best,
                        $"{id}'s most specific route to {destination} is {best.DestinationText} → {best.TargetId}, whose state is {best.State}: only an active route carries traffic, " +
                        $"and AWS does not document whether the next route ({next}) carries it instead.");
            }
            var how = best.IsLocal ? "the local route (inside the VPC)" : $"route {best} ({best.TargetKind.Text()})";
            return new RouteDecision(RouteVerdict.Routed, id, destination, best, $"{id} sends {destination} through {how}.");
        }

        /// <summary>The winning route among those <paramref name="include"/> admits, with its prefix length and rank.</summary>
        private static (Route? Route, int Prefix, int Rank) Best(RouteTable table, IpCidr destination, PrefixListLookup? prefixLists, Func<Route, bool> include,
            List<string> partial, List<string> unresolved)
        {
            Route? best = null;
            var bestPrefix = -1;
            var bestRank = int.MaxValue;
            foreach (var route in table.Routes)
            {
                if (!include(route)) continue;
                IEnumerable<IpCidr> blocks;
                if (route.Destination is not null)
                {
                    blocks = new[] { route.Destination };
                }
                else
                {
                    var entries = prefixLists?.Invoke(route.DestinationPrefixListId);
                    if (entries is null)
                    {
                        unresolved.Add(route.DestinationPrefixListId);
                        continue;
                    }
                    blocks = entries;
                }
                var rank = route.IsPropagated ? 2 : route.Destination is null ? 1 : 0;
                foreach (var block in blocks.Where(b => b.Family == destination.Family))
                {
                    if (block.Contains(destination))
                    {
                        if (block.PrefixLength > bestPrefix || (block.PrefixLength == bestPrefix && rank < bestRank))
                        {
                            best = route;
                            bestPrefix = block.PrefixLength;
                            bestRank = rank;
                        }
                    }
                    else if (block.Overlaps(destination))
                    {
                        partial.Add(block + " → " + route.TargetId);
                    }
                }
            }
            return (best, bestPrefix, bestRank);
        }

        /// <summary>Does traffic from a subnet reach <paramref name="destination"/>: the lookup in the subnet's table.</summary>
        public static RouteDecision Reach(IEnumerable<RouteTable> tables, string subnetId, string? vpcId, IpCidr destination, PrefixListLookup? prefixLists = null)
        {
            var table = TableForSubnet(tables, subnetId, vpcId);
            if (table is null)
            {
                return new RouteDecision(RouteVerdict.Unknown, string.Empty, destination, null,
                    $"The route table of {subnetId} is not known (no explicit association and no main table{(string.IsNullOrEmpty(vpcId) ? string.Empty : " of " + vpcId)}).");
            }
            return Lookup(table, destination, prefixLists);
        }

        /// <summary>
        /// Both ways between two endpoints: the source subnet's route to the destination, and the
        /// destination subnet's route back to the source. When the destination is outside every known
        /// subnet (<paramref name="destinationSubnetId"/> null), the way back is decided by a network
        /// the tables do not describe and is Unknown.
        /// </summary>
        public static RoutePath RoundTrip(IEnumerable<RouteTable> tables, string? vpcId, string sourceSubnetId, IpCidr source,
            string? destinationSubnetId, IpCidr destination, PrefixListLookup? prefixLists = null)
        {
            var list = (tables ?? throw new ArgumentNullException(nameof(tables))).ToList();
            var forward = Reach(list, sourceSubnetId, vpcId, destination, prefixLists);
            RouteDecision back;
            if (!string.IsNullOrEmpty(destinationSubnetId))
            {
                back = Reach(list, destinationSubnetId!, vpcId, source, prefixLists);
            }
            else
            {
                back = new RouteDecision(RouteVerdict.Unknown, string.Empty, source, null,
                    $"{destination} is outside the known subnets: its route back to {source} lies in a network these route tables do not describe.");
            }
            return new RoutePath(forward, back);
        }
    }
}
