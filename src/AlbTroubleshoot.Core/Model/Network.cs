using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Model
{
    // The EC2 network part of the environment model, faithful to what AWS returns: protocol
    // strings as given ("tcp", "-1", "6"), port ranges as given (null where AWS gives none), CIDRs
    // as strings, group pairs and prefix-list IDs kept per rule. Evaluators interpret them.

    public sealed class SecurityGroup
    {
        public string Id { get; internal set; } = string.Empty;
        public string? Name { get; internal set; }
        public string? Description { get; internal set; }
        public string? VpcId { get; internal set; }
        public string? OwnerId { get; internal set; }
        /// <summary>IpPermissions, in AWS order.</summary>
        public IReadOnlyList<SecurityGroupRule> Ingress { get; internal set; } = Array.Empty<SecurityGroupRule>();
        /// <summary>IpPermissionsEgress, in AWS order.</summary>
        public IReadOnlyList<SecurityGroupRule> Egress { get; internal set; } = Array.Empty<SecurityGroupRule>();

        public override string ToString() => Id;
    }

    /// <summary>One IpPermission: a protocol and port range with all the sources (or destinations) it allows.</summary>
    public sealed class SecurityGroupRule
    {
        public bool IsEgress { get; internal set; }
        /// <summary>As AWS gives it: "tcp", "udp", "icmp", "icmpv6", a protocol number, or "-1" (all).</summary>
        public string IpProtocol { get; internal set; } = string.Empty;
        /// <summary>Null when AWS gives none (all protocols); for ICMP the type.</summary>
        public int? FromPort { get; internal set; }
        /// <summary>Null when AWS gives none; for ICMP the code.</summary>
        public int? ToPort { get; internal set; }
        public IReadOnlyList<CidrSource> IpRanges { get; internal set; } = Array.Empty<CidrSource>();
        public IReadOnlyList<CidrSource> Ipv6Ranges { get; internal set; } = Array.Empty<CidrSource>();
        public IReadOnlyList<PrefixListReference> PrefixListIds { get; internal set; } = Array.Empty<PrefixListReference>();
        public IReadOnlyList<UserIdGroupPair> UserIdGroupPairs { get; internal set; } = Array.Empty<UserIdGroupPair>();
    }

    public sealed class CidrSource
    {
        /// <summary>CidrIp or CidrIpv6, e.g. "0.0.0.0/0".</summary>
        public string Cidr { get; internal set; } = string.Empty;
        public string? Description { get; internal set; }
    }

    public sealed class PrefixListReference
    {
        public string PrefixListId { get; internal set; } = string.Empty;
        public string? Description { get; internal set; }
    }

    /// <summary>A security-group reference in a rule.</summary>
    public sealed class UserIdGroupPair
    {
        public string? GroupId { get; internal set; }
        public string? GroupName { get; internal set; }
        public string? UserId { get; internal set; }
        public string? VpcId { get; internal set; }
        public string? VpcPeeringConnectionId { get; internal set; }
        /// <summary>e.g. "active", "deleted" for a peered group.</summary>
        public string? PeeringStatus { get; internal set; }
        public string? Description { get; internal set; }
    }

    public sealed class NetworkAcl
    {
        public string Id { get; internal set; } = string.Empty;
        public string? VpcId { get; internal set; }
        public bool IsDefault { get; internal set; }
        public string? OwnerId { get; internal set; }
        /// <summary>All entries: inbound first, then outbound, each by rule number ascending (evaluation order).</summary>
        public IReadOnlyList<NetworkAclEntry> Entries { get; internal set; } = Array.Empty<NetworkAclEntry>();
        public IReadOnlyList<NetworkAclAssociation> Associations { get; internal set; } = Array.Empty<NetworkAclAssociation>();

        public IEnumerable<NetworkAclEntry> Inbound => Entries.Where(e => !e.Egress);
        public IEnumerable<NetworkAclEntry> Outbound => Entries.Where(e => e.Egress);
        public IEnumerable<string> SubnetIds => Associations.Select(a => a.SubnetId);

        public override string ToString() => Id;
    }

    public sealed class NetworkAclEntry
    {
        public int RuleNumber { get; internal set; }
        public bool Egress { get; internal set; }
        /// <summary>As AWS gives it: a protocol number ("6", "17", "1", "58") or "-1" (all).</summary>
        public string Protocol { get; internal set; } = string.Empty;
        /// <summary>"allow" or "deny".</summary>
        public string RuleAction { get; internal set; } = string.Empty;
        public string? CidrBlock { get; internal set; }
        public string? Ipv6CidrBlock { get; internal set; }
        /// <summary>Null when AWS gives none (all ports / not TCP or UDP).</summary>
        public PortRange? PortRange { get; internal set; }
        public int? IcmpType { get; internal set; }
        public int? IcmpCode { get; internal set; }

        public override string ToString() => RuleNumber + (Egress ? " egress " : " ingress ") + RuleAction;
    }

    public sealed class PortRange
    {
        public int? From { get; internal set; }
        public int? To { get; internal set; }

        public override string ToString() => From + "-" + To;
    }

    public sealed class NetworkAclAssociation
    {
        public string? AssociationId { get; internal set; }
        public string SubnetId { get; internal set; } = string.Empty;
    }

    public sealed class Subnet
    {
        public string Id { get; internal set; } = string.Empty;
        public string? VpcId { get; internal set; }
        public string? AvailabilityZone { get; internal set; }
        public string? AvailabilityZoneId { get; internal set; }
        public string? CidrBlock { get; internal set; }
        public IReadOnlyList<string> Ipv6CidrBlocks { get; internal set; } = Array.Empty<string>();
        public string? State { get; internal set; }
        public bool? MapPublicIpOnLaunch { get; internal set; }

        public override string ToString() => Id;
    }

    public sealed class RouteTable
    {
        public string Id { get; internal set; } = string.Empty;
        public string? VpcId { get; internal set; }
        public IReadOnlyList<Route> Routes { get; internal set; } = Array.Empty<Route>();
        public IReadOnlyList<RouteTableAssociation> Associations { get; internal set; } = Array.Empty<RouteTableAssociation>();

        /// <summary>True when this is the VPC's main route table (used by subnets without an explicit association).</summary>
        public bool IsMain => Associations.Any(a => a.Main);

        public override string ToString() => Id;
    }

    /// <summary>What a route sends traffic to (the AWS property the target ID came from).</summary>
    public static class RouteTargetKind
    {
        public const string Local = "local";
        public const string Gateway = "GatewayId";
        public const string NatGateway = "NatGatewayId";
        public const string TransitGateway = "TransitGatewayId";
        public const string VpcPeeringConnection = "VpcPeeringConnectionId";
        public const string NetworkInterface = "NetworkInterfaceId";
        public const string Instance = "InstanceId";
        public const string EgressOnlyInternetGateway = "EgressOnlyInternetGatewayId";
        public const string LocalGateway = "LocalGatewayId";
        public const string CarrierGateway = "CarrierGatewayId";
        public const string CoreNetwork = "CoreNetworkArn";
        public const string OdbNetwork = "OdbNetworkArn";
        public const string Unknown = "unknown";

        /// <summary>In the order AWS fills them; a route has one (an instance route also names its ENI).</summary>
        internal static readonly string[] Properties =
        {
            Gateway, NatGateway, TransitGateway, VpcPeeringConnection, EgressOnlyInternetGateway, LocalGateway,
            CarrierGateway, CoreNetwork, OdbNetwork, Instance, NetworkInterface,
        };
    }

    public sealed class Route
    {
        public string? DestinationCidrBlock { get; internal set; }
        public string? DestinationIpv6CidrBlock { get; internal set; }
        public string? DestinationPrefixListId { get; internal set; }
        /// <summary>One of <see cref="RouteTargetKind"/>; "local" for the VPC's local route.</summary>
        public string TargetKind { get; internal set; } = RouteTargetKind.Unknown;
        /// <summary>The target's ID ("local" for the local route).</summary>
        public string? TargetId { get; internal set; }
        /// <summary>"active", "blackhole" or "filtered".</summary>
        public string? State { get; internal set; }
        /// <summary>"CreateRouteTable", "CreateRoute", "EnableVgwRoutePropagation".</summary>
        public string? Origin { get; internal set; }

        /// <summary>Whichever destination the route has.</summary>
        public string? Destination => DestinationCidrBlock ?? DestinationIpv6CidrBlock ?? DestinationPrefixListId;

        public override string ToString() => Destination + " -> " + TargetId + " (" + State + ")";
    }

    public sealed class RouteTableAssociation
    {
        public string? AssociationId { get; internal set; }
        public bool Main { get; internal set; }
        public string? SubnetId { get; internal set; }
        public string? GatewayId { get; internal set; }
        /// <summary>AssociationState.State, e.g. "associated".</summary>
        public string? State { get; internal set; }
    }

    public sealed class NetworkInterface
    {
        public string Id { get; internal set; } = string.Empty;
        public string? SubnetId { get; internal set; }
        public string? VpcId { get; internal set; }
        public string? AvailabilityZone { get; internal set; }
        public string? Description { get; internal set; }
        /// <summary>"interface", "load_balancer", "network_load_balancer", …</summary>
        public string? InterfaceType { get; internal set; }
        public string? RequesterId { get; internal set; }
        public bool? RequesterManaged { get; internal set; }
        public string? Status { get; internal set; }
        public string? PrivateIpAddress { get; internal set; }
        /// <summary>All private IPv4 addresses, primary first.</summary>
        public IReadOnlyList<string> PrivateIpAddresses { get; internal set; } = Array.Empty<string>();
        public IReadOnlyList<string> Ipv6Addresses { get; internal set; } = Array.Empty<string>();
        public IReadOnlyList<string> SecurityGroupIds { get; internal set; } = Array.Empty<string>();
        public string? AttachmentInstanceId { get; internal set; }
        public string? AttachmentStatus { get; internal set; }

        /// <summary>For a load balancer's own interface ("ELB app/&lt;name&gt;/&lt;id&gt;"): "app/&lt;name&gt;/&lt;id&gt;"; else null.</summary>
        public string? LoadBalancerResourceId =>
            Description is not null && Description.StartsWith("ELB ", StringComparison.Ordinal) ? Description.Substring(4) : null;

        public override string ToString() => Id;
    }

    public sealed class Instance
    {
        public string Id { get; internal set; } = string.Empty;
        /// <summary>State.Name: "pending", "running", "stopping", "stopped", "shutting-down", "terminated".</summary>
        public string? State { get; internal set; }
        public string? SubnetId { get; internal set; }
        public string? VpcId { get; internal set; }
        public string? AvailabilityZone { get; internal set; }
        public string? PrivateIpAddress { get; internal set; }
        /// <summary>Every private IPv4 address over all its interfaces, primary first.</summary>
        public IReadOnlyList<string> PrivateIpAddresses { get; internal set; } = Array.Empty<string>();
        public IReadOnlyList<string> NetworkInterfaceIds { get; internal set; } = Array.Empty<string>();
        /// <summary>The instance's security groups (all interfaces).</summary>
        public IReadOnlyList<string> SecurityGroupIds { get; internal set; } = Array.Empty<string>();

        public override string ToString() => Id;
    }

    public sealed class PrefixListEntry
    {
        public string Cidr { get; internal set; } = string.Empty;
        public string? Description { get; internal set; }
    }
}
