using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Network;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Reachability
{
    /// <summary>
    /// One load balancer node: the ALB has one in each of its subnets. Its address is the ALB's ENI
    /// address in that subnet when the snapshot has it, else the subnet's CIDR (the node is somewhere
    /// in it, and AWS may move it).
    /// </summary>
    internal sealed class AlbNode
    {
        internal AlbNode(string subnetId, string availabilityZone, IpCidr? address, IpCidr? ipv6Address, bool isExact)
        {
            SubnetId = subnetId;
            AvailabilityZone = availabilityZone;
            Address = address;
            Ipv6Address = ipv6Address;
            IsExact = isExact;
        }

        public string SubnetId { get; }

        public string AvailabilityZone { get; }

        /// <summary>The ENI's address as a host block, the subnet CIDR, or null when neither is known.</summary>
        public IpCidr? Address { get; }

        /// <summary>The IPv6 counterpart, for IPv6 targets; null when not known.</summary>
        public IpCidr? Ipv6Address { get; }

        /// <summary>True when <see cref="Address"/> is the ENI's own address, not the subnet.</summary>
        public bool IsExact { get; }

        /// <summary>The node's address in the target's family.</summary>
        public IpCidr? AddressFor(IpFamily family) => family == IpFamily.IPv6 ? Ipv6Address : Address;

        public override string ToString() => SubnetId + (Address is null ? string.Empty : " (" + Address + ")");
    }

    /// <summary>Where a registered target lives, as far as the snapshot says.</summary>
    internal sealed class TargetEndpoint
    {
        internal TargetEndpoint(string targetId) { TargetId = targetId; }

        public string TargetId { get; }

        /// <summary>The address the ALB connects to (a host block); null when not known.</summary>
        public IpCidr? Address { get; internal set; }

        /// <summary>The target's subnet; null when outside the VPC or not known.</summary>
        public string? SubnetId { get; internal set; }

        /// <summary>The security groups of the target's ENI; null when not known.</summary>
        public IReadOnlyList<string>? SecurityGroupIds { get; internal set; }

        /// <summary>Why the groups are not known (for the ingress hop), when they are not.</summary>
        public string? GroupsUnknownReason { get; internal set; }

        /// <summary>True for an IP target outside the load balancer's VPC (peering, transit gateway, VPN).</summary>
        public bool OutsideVpc { get; internal set; }

        /// <summary>The VPC of the target's network interface or instance, when the snapshot says; else null.</summary>
        public string? VpcId { get; internal set; }

        /// <summary>Why the target cannot be placed at all (no address): the whole path is Unknown.</summary>
        public string? UnknownReason { get; internal set; }

        public string AddressText => Address is null ? string.Empty : Address.NetworkAddress.ToString();
    }

    /// <summary>Finds ALB nodes and targets in the environment model.</summary>
    internal static class PathEndpoints
    {
        public static IReadOnlyList<AlbNode> Nodes(EnvironmentModel model, LoadBalancer loadBalancer)
        {
            var enis = model.NetworkInterfacesOf(loadBalancer) ?? Array.Empty<NetworkInterface>();
            var nodes = new List<AlbNode>();
            foreach (var zone in loadBalancer.AvailabilityZones)
            {
                if (string.IsNullOrEmpty(zone.SubnetId)) continue;
                var subnetId = zone.SubnetId!;
                var eni = enis.FirstOrDefault(n => string.Equals(n.SubnetId, subnetId, StringComparison.Ordinal) && n.PrivateIpAddress is not null);
                var subnet = model.FindSubnet(subnetId);
                IpCidr? v4 = null, v6 = null;
                var exact = false;
                if (eni is not null && IpCidr.TryParse(eni.PrivateIpAddress, out var host))
                {
                    v4 = host;
                    exact = true;
                }
                else if (IpCidr.TryParse(subnet?.CidrBlock, out var block))
                {
                    v4 = block;
                }
                if (eni is not null && eni.Ipv6Addresses.Count > 0 && IpCidr.TryParse(eni.Ipv6Addresses[0], out var host6)) v6 = host6;
                else if (subnet is not null && subnet.Ipv6CidrBlocks.Count > 0 && IpCidr.TryParse(subnet.Ipv6CidrBlocks[0], out var block6)) v6 = block6;
                nodes.Add(new AlbNode(subnetId, zone.ZoneName, v4, v6, exact));
            }
            return nodes;
        }

        /// <summary>
        /// The VPC's CIDR blocks: the destinations of the <c>local</c> routes of its route tables
        /// (every VPC route table has one per VPC CIDR), else the blocks of its subnets.
        /// </summary>
        public static IReadOnlyList<IpCidr> VpcCidrs(EnvironmentModel model, string? vpcId)
        {
            var fromRoutes = (model.RouteTables ?? Array.Empty<RouteTable>())
                .Where(t => vpcId is null || t.VpcId.Length == 0 || t.VpcId == vpcId)
                .SelectMany(t => t.Routes).Where(r => r.IsLocal && r.Destination is not null).Select(r => r.Destination!)
                .Distinct().ToList();
            if (fromRoutes.Count > 0) return fromRoutes;
            return (model.Subnets ?? Array.Empty<Subnet>())
                .Where(s => vpcId is null || s.VpcId == vpcId)
                .Select(s => IpCidr.TryParse(s.CidrBlock, out var c) ? c : null).Where(c => c is not null).Select(c => c!).ToList();
        }

        public static TargetEndpoint Instance(EnvironmentModel model, string instanceId)
        {
            var endpoint = new TargetEndpoint(instanceId);
            if (model.Instances is null)
            {
                endpoint.UnknownReason = "where instance " + instanceId + " is cannot be told: " + model.UnknownReason(SnapshotOperations.DescribeInstances);
                return endpoint;
            }
            var instance = model.FindInstance(instanceId);
            if (instance is null)
            {
                endpoint.UnknownReason = "instance " + instanceId + " is not in DescribeInstances (terminated, or in another account or Region)";
                return endpoint;
            }
            if (!IpCidr.TryParse(instance.PrivateIpAddress, out var address))
            {
                endpoint.UnknownReason = "instance " + instanceId + " has no private IPv4 address in DescribeInstances (state " + (instance.State ?? "unknown") + ")";
                return endpoint;
            }
            endpoint.Address = address;
            // The ALB connects to the primary private address, on the primary ENI: its groups are the ones that count.
            var primary = model.NetworkInterfacesWithAddress(instance.PrivateIpAddress!)?.FirstOrDefault(n =>
                string.Equals(n.AttachmentInstanceId, instanceId, StringComparison.Ordinal));
            endpoint.SubnetId = primary?.SubnetId ?? instance.SubnetId;
            endpoint.SecurityGroupIds = primary is not null ? primary.SecurityGroupIds : instance.SecurityGroupIds;
            endpoint.VpcId = primary?.VpcId ?? instance.VpcId;
            return endpoint;
        }

        /// <summary>
        /// An IP target: the network interface in the load balancer's VPC that holds the address (a
        /// delegated prefix counts), else the VPC subnet whose block contains it. An address outside the
        /// VPC (AvailabilityZone "all", or outside the VPC's blocks) is placed on the one interface of
        /// another VPC that holds it (a peered VPC or one behind a transit gateway, when the snapshot has
        /// it); with none or several, its groups, NACL and route back are unknown and the reason says why.
        /// </summary>
        public static TargetEndpoint Ip(EnvironmentModel model, string ip, string? availabilityZone, string? vpcId, IReadOnlyList<IpCidr> vpcCidrs)
        {
            var endpoint = new TargetEndpoint(ip);
            if (!IPAddress.TryParse(ip, out var parsed))
            {
                endpoint.UnknownReason = "'" + ip + "' is not an IP address";
                return endpoint;
            }
            var host = IpCidr.FromAddress(parsed);
            endpoint.Address = host;
            var holders = model.NetworkInterfacesWithAddress(ip) ?? Array.Empty<NetworkInterface>();
            var eni = holders.FirstOrDefault(n => vpcId is null || n.VpcId is null || n.VpcId == vpcId);
            if (eni is not null)
            {
                endpoint.SubnetId = eni.SubnetId;
                endpoint.SecurityGroupIds = eni.SecurityGroupIds;
                endpoint.VpcId = eni.VpcId ?? vpcId;
                return endpoint;
            }
            var inVpc = vpcCidrs.Any(c => c.Contains(host));
            var subnet = model.SubnetContaining(ip, vpcId);
            // AWS gives AvailabilityZone "all" for IP targets registered from outside the VPC.
            if (subnet is null && (string.Equals(availabilityZone, "all", StringComparison.OrdinalIgnoreCase) || (vpcCidrs.Count > 0 && !inVpc)))
            {
                endpoint.OutsideVpc = true;
                if (holders.Count == 1)
                {
                    endpoint.SubnetId = holders[0].SubnetId;
                    endpoint.SecurityGroupIds = holders[0].SecurityGroupIds;
                    endpoint.VpcId = holders[0].VpcId;
                    return endpoint;
                }
                endpoint.GroupsUnknownReason = holders.Count > 1
                    ? ip + " is outside " + (vpcId ?? "the VPC") + " and held by network interfaces in several VPCs (" +
                      string.Join(", ", holders.Select(n => n.Id + " in " + (n.VpcId ?? "an unknown VPC"))) + "): which one is the target is not known"
                    : ip + " is outside " + (vpcId ?? "the VPC") + ": its security groups, network ACL and route back are not in the snapshot" +
                      (model.NetworkInterfaces is null
                          ? " (" + model.UnknownReason(SnapshotOperations.DescribeNetworkInterfaces) + ")"
                          : " (no network interface in DescribeNetworkInterfaces holds it: it may be in another account or Region, or on premises)");
                return endpoint;
            }
            endpoint.SubnetId = subnet?.Id;
            endpoint.VpcId = subnet?.VpcId;
            endpoint.GroupsUnknownReason = model.NetworkInterfaces is null
                ? "the security groups of " + ip + " are not known: " + model.UnknownReason(SnapshotOperations.DescribeNetworkInterfaces)
                : "no network interface in DescribeNetworkInterfaces holds " + ip + ", so its security groups are not known";
            if (subnet is null)
                endpoint.UnknownReason = "no subnet of " + (vpcId ?? "the VPC") + " in the snapshot contains " + ip;
            return endpoint;
        }

        /// <summary>The traffic port and the health-check port of a registration (null when neither it nor the group says).</summary>
        public static int? TrafficPort(TargetGroup group, RegisteredTarget target) => target.Port ?? group.Port;

        public static int? HealthCheckPort(TargetGroup group, RegisteredTarget target)
        {
            var text = target.HealthCheckPort ?? group.HealthCheck.Port;
            if (string.IsNullOrEmpty(text) || string.Equals(text, "traffic-port", StringComparison.OrdinalIgnoreCase)) return TrafficPort(group, target);
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= PortRange.MaxPort ? port : (int?)null;
        }
    }
}
