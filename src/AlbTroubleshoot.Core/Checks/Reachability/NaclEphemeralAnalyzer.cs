using System;
using System.Collections.Generic;
using System.Linq;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Network;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Reachability
{
    /// <summary>
    /// The NACL checks of one load balancer (Test-AlbNaclEphemeral's load-balancer mode). NACLs are
    /// stateless, so every reply needs its own rule on the ephemeral ports:
    /// <list type="bullet">
    /// <item>each ALB subnet's NACL: inbound on each listener port from the clients (0.0.0.0/0, and
    /// ::/0 when dualstack, for an internet-facing ALB; the VPC CIDRs for an internal one), outbound
    /// 1024-65535 back to them, and inbound 1024-65535 from each target subnet (replies of targets);</item>
    /// <item>each target subnet's NACL: outbound 1024-65535 to each ALB subnet (replies to the nodes).</item>
    /// </list>
    /// Subnet CIDRs, not node addresses, are the peers: ALB nodes change address when AWS replaces them.
    /// Traffic inside one subnet does not cross its NACL, so a subnet is never checked against itself.
    /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer
    /// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
    /// </summary>
    internal static class NaclEphemeralAnalyzer
    {
        /// <summary>Verdict of a check that cannot be made (the NACL or the peer is not in the snapshot).</summary>
        private const NaclRangeVerdict Unknown = NaclRangeVerdict.Unknown;

        public static IReadOnlyList<NaclEphemeralResult> Analyze(EnvironmentModel model, LoadBalancer loadBalancer)
        {
            var results = AnalyzePaths(model, loadBalancer);
            foreach (var result in results) result.LoadBalancerName = loadBalancer.Name;   // with several load balancers, rows say which
            return results;
        }

        private static List<NaclEphemeralResult> AnalyzePaths(EnvironmentModel model, LoadBalancer loadBalancer)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            if (loadBalancer is null) throw new ArgumentNullException(nameof(loadBalancer));
            var results = new List<NaclEphemeralResult>();
            var ephemeral = PortRange.Ephemeral.ToString();
            if (model.NetworkAcls is null)
            {
                results.Add(new NaclEphemeralResult(string.Empty, string.Empty, NaclRole.LoadBalancerSubnet, null, string.Empty, ephemeral, Unknown, null, null,
                    $"The network ACLs of {loadBalancer.Name} are not known: {model.UnknownReason(SnapshotOperations.DescribeNetworkAcls)}."));
                return results;
            }

            var vpcCidrs = PathEndpoints.VpcCidrs(model, loadBalancer.VpcId);
            var albSubnets = loadBalancer.SubnetIds.Distinct().ToList();
            var targets = TargetPeers(model, loadBalancer, vpcCidrs, results);
            var seen = new HashSet<string>(StringComparer.Ordinal);

            void Check(string subnetId, NaclRole role, TrafficDirection direction, IpCidr peer, PortRange ports)
            {
                var acl = model.NetworkAclOfSubnet(subnetId);
                var key = subnetId + "|" + direction + "|" + peer + "|" + ports;
                if (!seen.Add(key)) return;
                if (acl is null)
                {
                    results.Add(new NaclEphemeralResult(string.Empty, subnetId, role, direction, peer.ToString(), ports.ToString(), Unknown, null, null,
                        $"No network ACL in DescribeNetworkAcls is associated with {subnetId}."));
                    return;
                }
                var range = NetworkAclEvaluator.EvaluateRange(acl, direction, IpProtocol.Tcp, peer, ports);
                results.Add(NaclEphemeralResult.FromRange(range, subnetId, role));
            }

            var clients = Clients(loadBalancer, vpcCidrs);
            var listenerPorts = (loadBalancer.Listeners ?? Array.Empty<Listener>()).Where(l => l.Port is not null).Select(l => l.Port!.Value).Distinct().OrderBy(p => p).ToList();
            foreach (var subnetId in albSubnets)
            {
                foreach (var client in clients)
                {
                    foreach (var port in listenerPorts) Check(subnetId, NaclRole.LoadBalancerSubnet, TrafficDirection.Inbound, client, PortRange.OnePort(port));
                    Check(subnetId, NaclRole.LoadBalancerSubnet, TrafficDirection.Outbound, client, PortRange.Ephemeral);
                }
                foreach (var target in targets.Where(t => t.SubnetId != subnetId))
                    Check(subnetId, NaclRole.LoadBalancerSubnet, TrafficDirection.Inbound, target.Cidr, PortRange.Ephemeral);
            }

            foreach (var targetSubnet in targets.Where(t => t.SubnetId is not null).Select(t => t.SubnetId!).Distinct())
            {
                foreach (var albSubnet in albSubnets.Where(s => s != targetSubnet))
                {
                    if (!IpCidr.TryParse(model.FindSubnet(albSubnet)?.CidrBlock, out var albCidr))
                    {
                        results.Add(new NaclEphemeralResult(model.NetworkAclOfSubnet(targetSubnet)?.NetworkAclId ?? string.Empty, targetSubnet, NaclRole.TargetSubnet,
                            TrafficDirection.Outbound, string.Empty, ephemeral, Unknown, null, null,
                            $"The CIDR of the ALB subnet {albSubnet} is not known ({model.UnknownReason(SnapshotOperations.DescribeSubnets)}), so the replies from {targetSubnet} to it cannot be checked."));
                        continue;
                    }
                    Check(targetSubnet, NaclRole.TargetSubnet, TrafficDirection.Outbound, albCidr!, PortRange.Ephemeral);
                }
            }
            return results;
        }

        /// <summary>Where clients come from: anywhere for an internet-facing ALB (IPv6 too when dualstack), the VPC for an internal one.</summary>
        private static IReadOnlyList<IpCidr> Clients(LoadBalancer loadBalancer, IReadOnlyList<IpCidr> vpcCidrs)
        {
            if (string.Equals(loadBalancer.Scheme, "internal", StringComparison.OrdinalIgnoreCase)) return vpcCidrs;
            var clients = new List<IpCidr> { IpCidr.AllIPv4 };
            if (loadBalancer.IpAddressType is not null && loadBalancer.IpAddressType.StartsWith("dualstack", StringComparison.OrdinalIgnoreCase))
                clients.Add(IpCidr.AllIPv6);
            return clients;
        }

        private sealed class TargetPeer
        {
            public TargetPeer(string? subnetId, IpCidr cidr) { SubnetId = subnetId; Cidr = cidr; }

            public string? SubnetId { get; }

            public IpCidr Cidr { get; }
        }

        /// <summary>The target subnets (their CIDRs), or the address of a target outside the VPC; targets that cannot be placed become Unknown results.</summary>
        private static List<TargetPeer> TargetPeers(EnvironmentModel model, LoadBalancer loadBalancer, IReadOnlyList<IpCidr> vpcCidrs, List<NaclEphemeralResult> results)
        {
            var peers = new List<TargetPeer>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in model.TargetGroupsOf(loadBalancer))
            {
                var type = group.TargetType ?? "instance";
                if (type == "lambda" || type == "alb") continue;
                foreach (var target in group.Targets ?? Array.Empty<RegisteredTarget>())
                {
                    var endpoint = type == "ip"
                        ? PathEndpoints.Ip(model, target.Id, target.AvailabilityZone, loadBalancer.VpcId, vpcCidrs)
                        : PathEndpoints.Instance(model, target.Id);
                    IpCidr? cidr = null;
                    if (endpoint.SubnetId is not null && IpCidr.TryParse(model.FindSubnet(endpoint.SubnetId)?.CidrBlock, out var block)) cidr = block;
                    else if (endpoint.OutsideVpc) cidr = endpoint.Address;
                    if (cidr is null)
                    {
                        var why = endpoint.UnknownReason ?? $"the subnet of {target.Id} ({endpoint.SubnetId ?? "unknown"}) is not in DescribeSubnets";
                        if (keys.Add("?" + target.Id))
                            results.Add(new NaclEphemeralResult(string.Empty, endpoint.SubnetId, NaclRole.TargetSubnet, null, string.Empty, PortRange.Ephemeral.ToString(), Unknown, null, null,
                                $"Target {target.Id} of {group.Name} cannot be placed: {why}."));
                        continue;
                    }
                    if (keys.Add((endpoint.SubnetId ?? string.Empty) + "|" + cidr)) peers.Add(new TargetPeer(endpoint.OutsideVpc ? null : endpoint.SubnetId, cidr));
                }
            }
            return peers;
        }
    }
}
