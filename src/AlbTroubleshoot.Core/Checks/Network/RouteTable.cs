using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Network
{
    /// <summary>What a route sends traffic to, named from the target ID's prefix (<see cref="Route.KindOf"/>).</summary>
    internal enum RouteTargetKind
    {
        Local,
        InternetGateway,
        EgressOnlyInternetGateway,
        NatGateway,
        VpcPeeringConnection,
        TransitGateway,
        VirtualPrivateGateway,
        NetworkInterface,
        Instance,
        VpcEndpoint,
        CarrierGateway,
        LocalGateway,
        CoreNetwork,
        Other,
    }

    /// <summary>
    /// One route: a destination (IPv4/IPv6 CIDR or managed prefix list), a target and a state.
    /// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Route.html
    /// </summary>
    internal sealed class Route
    {
        public Route(IpCidr? destination, string? destinationPrefixListId, string targetId, string? state = null, string? origin = null)
        {
            if (destination is null && string.IsNullOrEmpty(destinationPrefixListId))
                throw new ArgumentException("A route needs a destination CIDR block or prefix list.", nameof(destination));
            Destination = destination;
            DestinationPrefixListId = destination is null ? destinationPrefixListId! : string.Empty;
            TargetId = targetId ?? string.Empty;
            TargetKind = KindOf(TargetId);
            State = string.IsNullOrEmpty(state) ? "active" : state!.ToLowerInvariant();
            Origin = origin ?? string.Empty;
        }

        /// <summary>
        /// Builds a route from the EC2 API fields: the first non-empty of DestinationCidrBlock,
        /// DestinationIpv6CidrBlock, DestinationPrefixListId, and the first non-empty target
        /// (GatewayId, NatGatewayId, VpcPeeringConnectionId, TransitGatewayId, ...).
        /// </summary>
        public static Route FromAws(string? destinationCidrBlock, string? destinationIpv6CidrBlock, string? destinationPrefixListId,
            string? state, string? origin, params string?[] targetIds)
        {
            var cidrText = !string.IsNullOrEmpty(destinationCidrBlock) ? destinationCidrBlock : destinationIpv6CidrBlock;
            var cidr = string.IsNullOrEmpty(cidrText) ? null : IpCidr.Parse(cidrText!);
            var target = (targetIds ?? Array.Empty<string?>()).FirstOrDefault(t => !string.IsNullOrEmpty(t)) ?? string.Empty;
            return new Route(cidr, destinationPrefixListId, target, state, origin);
        }

        /// <summary>The kind of a route target from its ID (<c>local</c>, <c>igw-</c>, <c>nat-</c>, <c>pcx-</c>, ...).</summary>
        public static RouteTargetKind KindOf(string targetId)
        {
            if (string.IsNullOrEmpty(targetId)) return RouteTargetKind.Other;
            if (string.Equals(targetId, "local", StringComparison.OrdinalIgnoreCase)) return RouteTargetKind.Local;
            if (targetId.StartsWith("arn:", StringComparison.Ordinal)) return RouteTargetKind.CoreNetwork;
            var dash = targetId.IndexOf('-');
            var prefix = dash > 0 ? targetId.Substring(0, dash).ToLowerInvariant() : string.Empty;
            return prefix switch
            {
                "igw" => RouteTargetKind.InternetGateway,
                "eigw" => RouteTargetKind.EgressOnlyInternetGateway,
                "nat" => RouteTargetKind.NatGateway,
                "pcx" => RouteTargetKind.VpcPeeringConnection,
                "tgw" => RouteTargetKind.TransitGateway,
                "vgw" => RouteTargetKind.VirtualPrivateGateway,
                "eni" => RouteTargetKind.NetworkInterface,
                "i" => RouteTargetKind.Instance,
                "vpce" => RouteTargetKind.VpcEndpoint,
                "cagw" => RouteTargetKind.CarrierGateway,
                "lgw" => RouteTargetKind.LocalGateway,
                _ => RouteTargetKind.Other,
            };
        }

        /// <summary>The destination block, or null for a prefix-list route.</summary>
        public IpCidr? Destination { get; }

        public string DestinationPrefixListId { get; }

        public string TargetId { get; }

        public RouteTargetKind TargetKind { get; }

        /// <summary>
        /// <c>active</c>, <c>blackhole</c> (the target was deleted or detached) or <c>filtered</c>, lower
        /// case as AWS gives it; <c>active</c> when the snapshot gives none. Only an active route carries traffic.
        /// </summary>
        public string State { get; }

        /// <summary><c>CreateRouteTable</c> (local), <c>CreateRoute</c> (static), <c>EnableVgwRoutePropagation</c> (propagated), <c>Advertisement</c> (route server).</summary>
        public string Origin { get; }

        /// <summary>True for an active route, the only state that carries traffic.</summary>
        public bool IsActive => State == "active";

        public bool IsBlackhole => State == "blackhole";

        public bool IsLocal => TargetKind == RouteTargetKind.Local;

        public bool IsPropagated => string.Equals(Origin, "EnableVgwRoutePropagation", StringComparison.OrdinalIgnoreCase);

        public string DestinationText => Destination?.ToString() ?? DestinationPrefixListId;

        /// <summary><c>10.1.0.0/16 → pcx-0b2</c>.</summary>
        public override string ToString() => DestinationText + " → " + (TargetId.Length > 0 ? TargetId : "(no target)") + (IsActive ? string.Empty : " (" + State + ")");
    }

    /// <summary>
    /// A route table and the subnets explicitly associated with it; the VPC's main table serves
    /// every subnet without an explicit association.
    /// https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html
    /// </summary>
    internal sealed class RouteTable
    {
        public RouteTable(string routeTableId, string? vpcId, IEnumerable<Route>? routes, IEnumerable<string>? subnetIds = null, bool isMain = false,
            IEnumerable<string>? unreadable = null)
        {
            if (string.IsNullOrEmpty(routeTableId)) throw new ArgumentException("A route table needs its ID.", nameof(routeTableId));
            RouteTableId = routeTableId;
            VpcId = vpcId ?? string.Empty;
            Routes = (routes ?? Enumerable.Empty<Route>()).ToList();
            SubnetIds = (subnetIds ?? Enumerable.Empty<string>()).Where(s => !string.IsNullOrEmpty(s)).ToList();
            IsMain = isMain;
            Unreadable = (unreadable ?? Enumerable.Empty<string>()).ToList();
        }

        public string RouteTableId { get; }

        public string VpcId { get; }

        public IReadOnlyList<Route> Routes { get; }

        public IReadOnlyList<string> SubnetIds { get; }

        public bool IsMain { get; }

        /// <summary>
        /// What of the table could not be read ("Routes[2]: '10.1.0/16' is not a CIDR block"); empty
        /// when all could. <see cref="Routes"/> holds only the readable routes, so a lookup in a table
        /// with unreadable routes is Unknown: the missing route could be the one that decides.
        /// </summary>
        public IReadOnlyList<string> Unreadable { get; }

        public override string ToString() => RouteTableId;
    }
}
