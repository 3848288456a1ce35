using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Network;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Reachability
{
    /// <summary>
    /// The path analysis of one load balancer: for every ALB node × registered target × port purpose
    /// it walks the forward hops (ALB security group egress, ALB subnet NACL outbound, route, target
    /// subnet NACL inbound, target security group ingress) and the return hops (target subnet NACL
    /// outbound and ALB subnet NACL inbound on the ephemeral ports 1024-65535, the target subnet's
    /// route back), with the evaluators of <see cref="AlbTroubleshoot.Network"/>. Security groups are
    /// stateful, so only the first packet's direction is checked on them; NACLs are not, so both are.
    /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html
    /// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
    /// </summary>
    internal sealed class TargetPathAnalyzer
    {
        /// <summary>A silent drop on the request path: the connect times out after 10 s (504).</summary>
        private static readonly int[] DropOnTraffic = { 504 };

        /// <summary>
        /// Health checks that cannot get through time out (Target.Timeout): the target is unhealthy.
        /// When every target is unhealthy the ALB fails open and requests meet the broken path (502/504).
        /// </summary>
        private static readonly int[] DropOnHealthCheck = { 502, 504 };

        private static readonly string[] ListSeparator = { ", " };

        private readonly EnvironmentModel _model;
        private readonly LoadBalancer _loadBalancer;
        private readonly IReadOnlyList<IpCidr> _vpcCidrs;
        private readonly IReadOnlyList<SecurityGroup>? _albGroups;
        private readonly string? _albGroupsUnknown;
        private readonly PrefixListLookup _prefixLists;
        private readonly Dictionary<string, SecurityGroupDecision> _ingressCache = new Dictionary<string, SecurityGroupDecision>(StringComparer.Ordinal);
        private readonly Dictionary<string, NaclRangeResult> _naclCache = new Dictionary<string, NaclRangeResult>(StringComparer.Ordinal);
        private readonly Dictionary<string, RouteDecision> _routeCache = new Dictionary<string, RouteDecision>(StringComparer.Ordinal);
        private readonly Dictionary<string, RouteTable?> _tableOfSubnet = new Dictionary<string, RouteTable?>(StringComparer.Ordinal);

        public TargetPathAnalyzer(EnvironmentModel model, LoadBalancer loadBalancer)
        {
            _model = model ?? throw new ArgumentNullException(nameof(model));
            _loadBalancer = loadBalancer ?? throw new ArgumentNullException(nameof(loadBalancer));
            _prefixLists = model.PrefixListEntries;
            Nodes = PathEndpoints.Nodes(model, loadBalancer);
            _vpcCidrs = PathEndpoints.VpcCidrs(model, loadBalancer.VpcId);
            TargetGroups = model.TargetGroupsOf(loadBalancer);
            if (model.SecurityGroups is null)
            {
                _albGroupsUnknown = "the load balancer's security groups are not known: " + model.UnknownReason(SnapshotOperations.DescribeSecurityGroups);
            }
            else
            {
                var missing = loadBalancer.SecurityGroupIds.Where(id => model.FindSecurityGroup(id) is null).ToList();
                if (missing.Count > 0) _albGroupsUnknown = "the load balancer's security group " + string.Join(", ", missing) + " is not in DescribeSecurityGroups" + LeftOut(model, missing);
                else _albGroups = loadBalancer.SecurityGroupIds.Select(id => model.FindSecurityGroup(id)!).ToList();
            }
        }

        /// <summary>The ALB nodes, one per ALB subnet.</summary>
        public IReadOnlyList<AlbNode> Nodes { get; }

        /// <summary>The target groups the load balancer forwards to.</summary>
        public IReadOnlyList<TargetGroup> TargetGroups { get; }

        /// <summary>Every path of the load balancer: each target group, target and port purpose.</summary>
        public static IReadOnlyList<ReachabilityResult> Analyze(EnvironmentModel model, LoadBalancer loadBalancer, CancellationToken cancellationToken = default)
        {
            var analyzer = new TargetPathAnalyzer(model, loadBalancer);
            var results = new List<ReachabilityResult>();
            foreach (var group in analyzer.TargetGroups)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results.AddRange(analyzer.Analyze(group));
            }
            return results;
        }

        /// <summary>
        /// The results for one target group: one per registered target and port purpose (Traffic, and
        /// HealthCheck unless health checks are off); one Unknown result when the group's targets are
        /// not in the snapshot.
        /// </summary>
        public IEnumerable<ReachabilityResult> Analyze(TargetGroup group)
        {
            if (group is null) throw new ArgumentNullException(nameof(group));
            if (group.Targets is null)
            {
                yield return Result(group, string.Empty, string.Empty, group.Port ?? 0, ReachabilityPurpose.Traffic, ReachabilityVerdict.Unknown,
                    Array.Empty<ReachabilityHop>(), "The registered targets of " + group.Name + " are not known: " + _model.UnknownReason(SnapshotOperations.DescribeTargetHealth) + ".");
                yield break;
            }
            foreach (var target in group.Targets)
                foreach (var result in Analyze(group, target))
                    yield return result;
        }

        /// <summary>The results for one registered target: Traffic, then HealthCheck (unless health checks are off).</summary>
        public IEnumerable<ReachabilityResult> Analyze(TargetGroup group, RegisteredTarget target)
        {
            if (group is null) throw new ArgumentNullException(nameof(group));
            if (target is null) throw new ArgumentNullException(nameof(target));
            var purposes = group.HealthCheck.Enabled == false
                ? new[] { ReachabilityPurpose.Traffic }
                : new[] { ReachabilityPurpose.Traffic, ReachabilityPurpose.HealthCheck };
            var type = group.TargetType ?? "instance";
            if (type == "lambda" || type == "alb")
            {
                foreach (var purpose in purposes)
                    yield return Result(group, target.Id, string.Empty, 0, purpose, ReachabilityVerdict.NotApplicable, Array.Empty<ReachabilityHop>(),
                        type == "lambda"
                            ? "A Lambda target is invoked through the Lambda service, not over the VPC: no security group, NACL or route path to check."
                            : "An ALB registered as a target is reached through its own listeners; check that load balancer instead.");
                yield break;
            }

            var endpoint = type == "ip"
                ? PathEndpoints.Ip(_model, target.Id, target.AvailabilityZone, _loadBalancer.VpcId, _vpcCidrs)
                : PathEndpoints.Instance(_model, target.Id);
            foreach (var purpose in purposes)
            {
                var port = purpose == ReachabilityPurpose.Traffic ? PathEndpoints.TrafficPort(group, target) : PathEndpoints.HealthCheckPort(group, target);
                yield return Evaluate(group, endpoint, port, purpose);
            }
        }

        private ReachabilityResult Evaluate(TargetGroup group, TargetEndpoint endpoint, int? port, ReachabilityPurpose purpose)
        {
            if (port is null)
                return Result(group, endpoint.TargetId, endpoint.AddressText, 0, purpose, ReachabilityVerdict.Unknown, Array.Empty<ReachabilityHop>(),
                    $"The {(purpose == ReachabilityPurpose.Traffic ? "traffic" : "health-check")} port of {endpoint.TargetId} is not known (neither the registration nor {group.Name} gives one).");
            if (endpoint.Address is null)
                return Result(group, endpoint.TargetId, string.Empty, port.Value, purpose, ReachabilityVerdict.Unknown, Array.Empty<ReachabilityHop>(),
                    "Cannot check the path: " + endpoint.UnknownReason + ".");
            if (Nodes.Count == 0)
                return Result(group, endpoint.TargetId, endpoint.AddressText, port.Value, purpose, ReachabilityVerdict.Unknown, Array.Empty<ReachabilityHop>(),
                    $"The subnets of {_loadBalancer.Name} are not known, so there is no ALB node to start from.");

            var flow = NetworkFlow.Tcp(port.Value);
            var albEgress = AlbEgress(endpoint, flow);
            var hops = new List<ReachabilityHop>(Nodes.Count * 8);
            var nodeVerdicts = new List<HopVerdict>(Nodes.Count);
            foreach (var node in Nodes)
            {
                var nodeHops = NodeHops(node, endpoint, flow, albEgress);
                hops.AddRange(nodeHops);
                nodeVerdicts.Add(Combine(nodeHops.Select(h => h.VerdictKind)));
            }

            ReachabilityVerdict verdict;
            if (nodeVerdicts.All(v => v == HopVerdict.Blocked)) verdict = ReachabilityVerdict.Blocked;
            else if (nodeVerdicts.Any(v => v == HopVerdict.Blocked || v == HopVerdict.PartiallyBlocked)) verdict = ReachabilityVerdict.PartiallyBlocked;
            else if (nodeVerdicts.Any(v => v == HopVerdict.Unknown)) verdict = ReachabilityVerdict.Unknown;
            else verdict = ReachabilityVerdict.Reachable;

            var explanation = Explain(verdict, endpoint, flow, hops, nodeVerdicts);
            return Result(group, endpoint.TargetId, endpoint.AddressText, port.Value, purpose, verdict, hops.ToArray(), explanation);
        }

        /// <summary>Blocked wins, then a partial block, then Unknown; NotCrossed counts as allowed.</summary>
        private static HopVerdict Combine(IEnumerable<HopVerdict> verdicts)
        {
            var list = verdicts.ToList();
            if (list.Contains(HopVerdict.Blocked)) return HopVerdict.Blocked;
            if (list.Contains(HopVerdict.PartiallyBlocked)) return HopVerdict.PartiallyBlocked;
            if (list.Contains(HopVerdict.Unknown)) return HopVerdict.Unknown;
            return HopVerdict.Allowed;
        }

        private List<ReachabilityHop> NodeHops(AlbNode node, TargetEndpoint target, NetworkFlow flow, ReachabilityHop albEgress)
        {
            var hops = new List<ReachabilityHop>(8);
            var family = target.Address!.Family;
            var nodeAddress = node.AddressFor(family);
            var sameSubnet = target.SubnetId is not null && target.SubnetId == node.SubnetId;
            var sourceSubnet = node.SubnetId;

            hops.Add(new ReachabilityHop(albEgress.StepKind, albEgress.ResourceId, sourceSubnet, albEgress.VerdictKind, albEgress.Rule, albEgress.Explanation));
            hops.Add(sameSubnet
                ? NotCrossed(HopStep.AlbSubnetNaclOutbound, node.SubnetId)
                : NaclHop(HopStep.AlbSubnetNaclOutbound, node.SubnetId, sourceSubnet, TrafficDirection.Outbound, target.Address, PortRange.OnePort(flow.Port!.Value), false,
                    "requests from {0} to the target are dropped"));
            hops.Add(RouteHop(HopStep.RouteToTarget, node.SubnetId, sourceSubnet, target.Address, target.OutsideVpc));
            // Outside the VPC, the target side is known only when the snapshot has its network interface (a peered VPC, same account and Region).
            if (target.OutsideVpc && target.SubnetId is null)
            {
                var reason = target.GroupsUnknownReason ?? string.Empty;
                hops.Add(new ReachabilityHop(HopStep.TargetSubnetNaclInbound, string.Empty, sourceSubnet, HopVerdict.Unknown, string.Empty, reason));
                hops.Add(new ReachabilityHop(HopStep.TargetSecurityGroupIngress, string.Empty, sourceSubnet, HopVerdict.Unknown, string.Empty, reason));
                hops.Add(new ReachabilityHop(HopStep.TargetSubnetNaclOutbound, string.Empty, sourceSubnet, HopVerdict.Unknown, string.Empty, reason));
                hops.Add(new ReachabilityHop(HopStep.RouteToAlb, string.Empty, sourceSubnet, HopVerdict.Unknown, string.Empty, reason));
            }
            else
            {
                hops.Add(sameSubnet
                    ? NotCrossed(HopStep.TargetSubnetNaclInbound, node.SubnetId)
                    : TargetSubnetNacl(HopStep.TargetSubnetNaclInbound, target, sourceSubnet, TrafficDirection.Inbound, nodeAddress, PortRange.OnePort(flow.Port!.Value),
                        "requests from {0} are dropped"));
                hops.Add(TargetIngress(node, target, flow, nodeAddress));
                hops.Add(sameSubnet
                    ? NotCrossed(HopStep.TargetSubnetNaclOutbound, node.SubnetId)
                    : TargetSubnetNacl(HopStep.TargetSubnetNaclOutbound, target, sourceSubnet, TrafficDirection.Outbound, nodeAddress, PortRange.Ephemeral,
                        "return traffic from the target to {0} is dropped"));
                hops.Add(target.SubnetId is null
                    ? new ReachabilityHop(HopStep.RouteToAlb, string.Empty, sourceSubnet, HopVerdict.Unknown, string.Empty, target.UnknownReason ?? "the target's subnet is not known")
                    : nodeAddress is null
                        ? new ReachabilityHop(HopStep.RouteToAlb, string.Empty, sourceSubnet, HopVerdict.Unknown, string.Empty, "the address of the ALB node in " + node.SubnetId + " is not known")
                        : RouteHop(HopStep.RouteToAlb, target.SubnetId, sourceSubnet, nodeAddress, target.OutsideVpc, target.VpcId));
            }
            hops.Add(sameSubnet
                ? NotCrossed(HopStep.AlbSubnetNaclInbound, node.SubnetId)
                : NaclHop(HopStep.AlbSubnetNaclInbound, node.SubnetId, sourceSubnet, TrafficDirection.Inbound, target.Address, PortRange.Ephemeral, false,
                    "return traffic from the target to {0} is dropped"));
            return hops;
        }

        /// <summary>", left out because it could not be read: sg-1 IpPermissions[0]…: …" for the resources the mapper left out; else empty.</summary>
        private static string LeftOut(EnvironmentModel model, IEnumerable<string> resourceIds)
        {
            var ids = new HashSet<string>(resourceIds, StringComparer.Ordinal);
            var reasons = model.Unreadable.Where(u => u.ResourceLeftOut && ids.Contains(u.ResourceId)).Select(u => u.ResourceId + " " + u.Member + ": " + u.Reason).ToList();
            return reasons.Count == 0 ? string.Empty : " (left out of the model because it could not be read: " + string.Join("; ", reasons) + ")";
        }

        private static ReachabilityHop NotCrossed(HopStep step, string subnetId) =>
            new ReachabilityHop(step, string.Empty, subnetId, HopVerdict.NotCrossed, string.Empty,
                "The ALB node and the target share " + subnetId + ": traffic inside one subnet does not cross its network ACL.");

        private ReachabilityHop AlbEgress(TargetEndpoint target, NetworkFlow flow)
        {
            if (_albGroups is null)
                return new ReachabilityHop(HopStep.AlbSecurityGroupEgress, string.Join(", ", _loadBalancer.SecurityGroupIds), string.Empty, HopVerdict.Unknown, string.Empty, Sentence(_albGroupsUnknown!));
            if (_albGroups.Count == 0)
                return new ReachabilityHop(HopStep.AlbSecurityGroupEgress, string.Empty, string.Empty, HopVerdict.Unknown, string.Empty,
                    $"{_loadBalancer.Name} lists no security groups in DescribeLoadBalancers.");
            var peer = new SecurityGroupPeer(target.Address!, target.SecurityGroupIds, target.VpcId ?? (target.OutsideVpc ? string.Empty : _loadBalancer.VpcId));
            var decision = SecurityGroupEvaluator.Evaluate(_albGroups, TrafficDirection.Outbound, flow, peer, _prefixLists);
            return SecurityGroupHop(HopStep.AlbSecurityGroupEgress, string.Empty, decision);
        }

        private ReachabilityHop TargetIngress(AlbNode node, TargetEndpoint target, NetworkFlow flow, IpCidr? nodeAddress)
        {
            if (target.SecurityGroupIds is null)
                return new ReachabilityHop(HopStep.TargetSecurityGroupIngress, string.Empty, node.SubnetId, HopVerdict.Unknown, string.Empty, Sentence(target.GroupsUnknownReason ?? "the target's security groups are not known"));
            if (_model.SecurityGroups is null)
                return new ReachabilityHop(HopStep.TargetSecurityGroupIngress, string.Join(", ", target.SecurityGroupIds), node.SubnetId, HopVerdict.Unknown, string.Empty,
                    Sentence("the target's security groups are not known: " + _model.UnknownReason(SnapshotOperations.DescribeSecurityGroups)));
            var missing = target.SecurityGroupIds.Where(id => _model.FindSecurityGroup(id) is null).ToList();
            if (missing.Count > 0)
                return new ReachabilityHop(HopStep.TargetSecurityGroupIngress, string.Join(", ", target.SecurityGroupIds), node.SubnetId, HopVerdict.Unknown, string.Empty,
                    $"The target's security group {string.Join(", ", missing)} is not in DescribeSecurityGroups{LeftOut(_model, missing)}.");
            if (nodeAddress is null)
                return new ReachabilityHop(HopStep.TargetSecurityGroupIngress, string.Join(", ", target.SecurityGroupIds), node.SubnetId, HopVerdict.Unknown, string.Empty,
                    $"The address of the ALB node in {node.SubnetId} is not known ({_model.UnknownReason(SnapshotOperations.DescribeSubnets)}).");

            var key = string.Join(",", target.SecurityGroupIds) + "|" + nodeAddress + "|" + flow;
            if (!_ingressCache.TryGetValue(key, out var decision))
            {
                var groups = target.SecurityGroupIds.Select(id => _model.FindSecurityGroup(id)!).ToList();
                var peer = new SecurityGroupPeer(nodeAddress, _loadBalancer.SecurityGroupIds, _loadBalancer.VpcId);
                decision = SecurityGroupEvaluator.Evaluate(groups, TrafficDirection.Inbound, flow, peer, _prefixLists);
                _ingressCache[key] = decision;
            }
            return SecurityGroupHop(HopStep.TargetSecurityGroupIngress, node.SubnetId, decision);
        }

        private static ReachabilityHop SecurityGroupHop(HopStep step, string sourceSubnet, SecurityGroupDecision decision)
        {
            var verdict = decision.Verdict == SecurityGroupVerdict.Allowed ? HopVerdict.Allowed : decision.Verdict == SecurityGroupVerdict.Denied ? HopVerdict.Blocked : HopVerdict.Unknown;
            var rule = verdict == HopVerdict.Blocked ? "no " + (step == HopStep.AlbSecurityGroupEgress ? "outbound" : "inbound") + " rule admits " + decision.Flow : decision.Rule;
            return new ReachabilityHop(step, string.Join(", ", decision.GroupIds), sourceSubnet, verdict, rule, decision.Explanation);
        }

        private ReachabilityHop TargetSubnetNacl(HopStep step, TargetEndpoint target, string sourceSubnet, TrafficDirection direction, IpCidr? nodeAddress, PortRange ports, string consequence)
        {
            if (target.SubnetId is null)
                return new ReachabilityHop(step, string.Empty, sourceSubnet, HopVerdict.Unknown, string.Empty, Sentence(target.UnknownReason ?? "the target's subnet is not known"));
            if (nodeAddress is null)
                return new ReachabilityHop(step, string.Empty, sourceSubnet, HopVerdict.Unknown, string.Empty, $"The address of the ALB node in {sourceSubnet} is not known.");
            return NaclHop(step, target.SubnetId, sourceSubnet, direction, nodeAddress, ports, !IsExactNode(sourceSubnet), consequence);
        }

        private bool IsExactNode(string subnetId)
        {
            foreach (var n in Nodes)
                if (n.SubnetId == subnetId) return n.IsExact;
            return false;
        }

        /// <summary>
        /// A NACL hop: the NACL of <paramref name="subnetId"/> for <paramref name="ports"/> in one
        /// direction with the peer. When the peer is only known as a block (an ALB node without its
        /// ENI), a denial for part of the block is Unknown (the node could be on either side), while a
        /// denial of part of the PORTS for the whole block is a real partial block.
        /// </summary>
        private ReachabilityHop NaclHop(HopStep step, string subnetId, string sourceSubnet, TrafficDirection direction, IpCidr peer, PortRange ports, bool peerIsBlock, string consequenceFormat)
        {
            if (_model.NetworkAcls is null)
                return new ReachabilityHop(step, string.Empty, sourceSubnet, HopVerdict.Unknown, string.Empty,
                    $"The network ACLs are not known: {_model.UnknownReason(SnapshotOperations.DescribeNetworkAcls)}.");
            var acl = _model.NetworkAclOfSubnet(subnetId);
            if (acl is null)
                return new ReachabilityHop(step, string.Empty, sourceSubnet, HopVerdict.Unknown, string.Empty,
                    $"No network ACL in DescribeNetworkAcls is associated with {subnetId}" +
                    LeftOut(_model, _model.Unreadable.Where(u => u.Section == SnapshotOperations.DescribeNetworkAcls).Select(u => u.ResourceId)) + ".");

            var key = acl.NetworkAclId + "|" + direction + "|" + peer + "|" + ports;
            if (!_naclCache.TryGetValue(key, out var range))
            {
                range = NetworkAclEvaluator.EvaluateRange(acl, direction, IpProtocol.Tcp, peer, ports);
                _naclCache[key] = range;
            }
            HopVerdict verdict;
            if (range.Verdict == NaclRangeVerdict.Allowed) verdict = HopVerdict.Allowed;
            else if (range.Verdict == NaclRangeVerdict.Blocked) verdict = HopVerdict.Blocked;
            else if (range.Segments.Any(s => s.Verdict == NaclRangeVerdict.Blocked)) verdict = ports.Count > 1 ? HopVerdict.PartiallyBlocked : HopVerdict.Blocked;
            else verdict = peerIsBlock ? HopVerdict.Unknown : HopVerdict.PartiallyBlocked;

            var deciding = range.DecidingRules.Count > 0 ? range.DecidingRules[0] : NetworkAclEntry.DefaultRuleNumber;
            var entry = acl.EntriesFor(direction).FirstOrDefault(e => e.RuleNumber == deciding && e.Cidr.Family == peer.Family);
            var rule = entry is not null
                ? NetworkAclEvaluator.RuleText(acl, entry)
                : $"{acl.NetworkAclId} {(direction == TrafficDirection.Inbound ? "inbound" : "outbound")} rule * deny all traffic";
            var consequence = verdict == HopVerdict.Blocked || verdict == HopVerdict.PartiallyBlocked
                ? consequenceFormat + (verdict == HopVerdict.PartiallyBlocked ? " when the ALB picks a source port in " + string.Join(", ", range.BlockedRanges) : string.Empty)
                : verdict == HopVerdict.Unknown ? "the exact address of {0} is not known" : string.Empty;
            return Hop(step, acl.NetworkAclId, sourceSubnet, verdict, rule, range.Explanation, consequence);
        }

        /// <summary>
        /// The route from a subnet to a destination. Inside the VPC the local route carries it; a
        /// target outside the VPC needs a route to a peering connection, transit gateway or virtual
        /// private gateway. An internet gateway does not carry private addresses, so a route there
        /// cannot reach such a target; where a NAT gateway or appliance sends it next is not known.
        /// </summary>
        private ReachabilityHop RouteHop(HopStep step, string fromSubnet, string sourceSubnet, IpCidr destination, bool outsideVpc, string? fromVpc = null)
        {
            if (_model.RouteTables is null)
                return new ReachabilityHop(step, string.Empty, sourceSubnet, HopVerdict.Unknown, string.Empty,
                    $"The route tables are not known: {_model.UnknownReason(SnapshotOperations.DescribeRouteTables)}.");
            // The same lookups recur for every purpose and node: the table per subnet and the decision per destination are kept.
            var key = fromSubnet + "|" + destination;
            if (!_routeCache.TryGetValue(key, out var decision))
            {
                // A subnet's main-table fallback is its own VPC's: a target subnet in a peered VPC must not take the ALB VPC's main table.
                var vpc = _model.FindSubnet(fromSubnet)?.VpcId ?? fromVpc ?? _loadBalancer.VpcId;
                if (!_tableOfSubnet.TryGetValue(fromSubnet, out var table))
                    _tableOfSubnet[fromSubnet] = table = RouteEvaluator.TableForSubnet(_model.RouteTables, fromSubnet, vpc);
                decision = table is null
                    ? RouteEvaluator.Reach(_model.RouteTables, fromSubnet, vpc, destination, _prefixLists)
                    : RouteEvaluator.Lookup(table, destination, _prefixLists);
                _routeCache[key] = decision;
            }
            var verdict = decision.Verdict switch
            {
                RouteVerdict.Routed => HopVerdict.Allowed,
                RouteVerdict.Unknown => HopVerdict.Unknown,
                _ => HopVerdict.Blocked,
            };
            var explanation = decision.Explanation;
            var kind = decision.Route?.TargetKind;
            if (verdict == HopVerdict.Allowed && outsideVpc && kind == RouteTargetKind.InternetGateway)
            {
                verdict = HopVerdict.Blocked;
                explanation = explanation.TrimEnd('.') + $", which does not carry traffic to the private address {destination}: a route to a peering connection, transit gateway or virtual private gateway is missing.";
            }
            else if (verdict == HopVerdict.Allowed && outsideVpc && (kind == RouteTargetKind.NatGateway || kind == RouteTargetKind.NetworkInterface || kind == RouteTargetKind.Instance || kind == RouteTargetKind.Other))
            {
                verdict = HopVerdict.Unknown;
                explanation = explanation.TrimEnd('.') + ": where that device sends the traffic next is not in the snapshot.";
            }
            var consequence = verdict != HopVerdict.Blocked ? string.Empty
                : step == HopStep.RouteToTarget ? "requests from {0} do not reach the target" : "replies to {0} are lost";
            return Hop(step, decision.RouteTableId, sourceSubnet, verdict, decision.Route?.ToString() ?? string.Empty, explanation, consequence);
        }

        private static ReachabilityHop Hop(HopStep step, string resourceId, string sourceSubnet, HopVerdict verdict, string rule, string finding, string consequence)
        {
            var nodeText = "the ALB node in " + sourceSubnet;
            var explanation = consequence.Length == 0 ? finding : finding.TrimEnd('.') + ": " + string.Format(CultureInfo.InvariantCulture, consequence, nodeText) + ".";
            return new ReachabilityHop(step, resourceId, sourceSubnet, verdict, rule, explanation) { Finding = finding, Consequence = consequence };
        }

        private string Explain(ReachabilityVerdict verdict, TargetEndpoint target, NetworkFlow flow, IReadOnlyList<ReachabilityHop> hops, IReadOnlyList<HopVerdict> nodeVerdicts)
        {
            var what = $"{flow} from {_loadBalancer.Name} to {target.TargetId}" + (target.TargetId == target.AddressText ? string.Empty : " (" + target.AddressText + ")");
            // Hops that say the same about several nodes read as one sentence naming the nodes.
            string Texts(HopVerdict hopVerdict) => string.Join(" ", hops.Where(h => h.VerdictKind == hopVerdict)
                .GroupBy(h => h.Consequence.Length > 0 ? h.Finding + "|" + h.Consequence : h.Step + "|" + h.ResourceId + "|" + h.Rule)
                .Select(g =>
                {
                    var first = g.First();
                    var subnets = g.Select(h => h.SourceSubnetId).Distinct().ToList();
                    var nodes = subnets.Count == Nodes.Count && Nodes.Count > 1 ? "every ALB node" : (subnets.Count == 1 ? "the ALB node in " : "the ALB nodes in ") + string.Join(", ", subnets);
                    if (first.Consequence.Length > 0)
                        return Sentence(first.Finding.TrimEnd('.') + ": " + string.Format(CultureInfo.InvariantCulture, first.Consequence, nodes));
                    var distinct = g.Select(h => h.Explanation).Distinct().ToList();
                    return distinct.Count == 1 || first.SourceSubnetId.Length == 0 ? Sentence(distinct[0])
                        : Sentence(distinct[0]) + $" The same from the ALB node{(subnets.Count > 2 ? "s" : string.Empty)} in {string.Join(", ", subnets.Skip(1))}.";
                }).Distinct());
            switch (verdict)
            {
                case ReachabilityVerdict.Reachable:
                    var rules = hops.Where(h => h.VerdictKind == HopVerdict.Allowed && (h.StepKind == HopStep.AlbSecurityGroupEgress || h.StepKind == HopStep.TargetSecurityGroupIngress) && h.Rule.Length > 0).Select(h => h.Rule).Distinct();
                    return $"{what} and back is allowed from every ALB node ({string.Join(", ", Nodes.Select(n => n.SubnetId))}): {string.Join("; ", rules)}; the NACLs and routes let it through both ways.";
                case ReachabilityVerdict.Blocked:
                    return $"{what} is blocked from every ALB node. " + Texts(HopVerdict.Blocked) + (hops.Any(h => h.VerdictKind == HopVerdict.PartiallyBlocked) ? " " + Texts(HopVerdict.PartiallyBlocked) : string.Empty);
                case ReachabilityVerdict.PartiallyBlocked:
                    var broken = Nodes.Where((n, i) => nodeVerdicts[i] == HopVerdict.Blocked || nodeVerdicts[i] == HopVerdict.PartiallyBlocked).ToList();
                    var fine = Nodes.Where((n, i) => nodeVerdicts[i] == HopVerdict.Allowed).ToList();
                    return $"{what} is blocked from the ALB node{(broken.Count == 1 ? string.Empty : "s")} in {string.Join(", ", broken.Select(n => n.SubnetId + " (" + n.AvailabilityZone + ")"))}" +
                           (fine.Count > 0 ? $" but not from {string.Join(", ", fine.Select(n => n.SubnetId))}" : string.Empty) +
                           ": intermittent errors, depending on the node and port a connection uses. " +
                           (Texts(HopVerdict.Blocked) + " " + Texts(HopVerdict.PartiallyBlocked)).Trim();
                default:
                    return $"Whether {what} gets through cannot be decided: " + Texts(HopVerdict.Unknown);
            }
        }

        private static string Sentence(string text)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            return text.EndsWith(".", StringComparison.Ordinal) ? text : text + ".";
        }

        private ReachabilityResult Result(TargetGroup group, string targetId, string address, int port, ReachabilityPurpose purpose, ReachabilityVerdict verdict, ReachabilityHop[] hops, string explanation)
        {
            var blockedBy = hops.Where(h => h.VerdictKind == HopVerdict.Blocked || h.VerdictKind == HopVerdict.PartiallyBlocked)
                .SelectMany(h => h.ResourceId.Split(ListSeparator, StringSplitOptions.RemoveEmptyEntries)).Distinct().ToArray();
            int[] codes = verdict switch
            {
                ReachabilityVerdict.Blocked or ReachabilityVerdict.PartiallyBlocked or ReachabilityVerdict.Unknown when targetId.Length > 0 =>
                    purpose == ReachabilityPurpose.Traffic ? DropOnTraffic : DropOnHealthCheck,
                _ => Array.Empty<int>(),
            };
            return new ReachabilityResult(_loadBalancer.Name, group.Name, targetId, address, port, purpose, verdict, blockedBy, hops,
                explanation.Trim(), (int[])codes.Clone());
        }
    }
}
