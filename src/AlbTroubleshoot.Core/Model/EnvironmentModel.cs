using System;
using System.Collections.Generic;
using System.Linq;
using AlbTroubleshoot.Network;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Model
{
    /// <summary>
    /// Everything a snapshot says about the environment, as immutable model objects. Each
    /// top-level collection is null when its snapshot section is missing (unknown): checks must say
    /// Unknown and name the section (<see cref="UnknownReason"/>), never treat it as empty.
    /// </summary>
    internal sealed class EnvironmentModel
    {
        private static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();
        private Dictionary<string, SecurityGroup>? _groups;
        private Dictionary<string, Subnet>? _subnets;
        private Dictionary<string, Instance>? _instances;
        private ILookup<string, NetworkInterface>? _interfacesByAddress;
        private List<KeyValuePair<IpCidr, NetworkInterface>>? _interfacesByPrefix;

        public string? Region { get; internal set; }
        public DateTime? CollectedAt { get; internal set; }
        /// <summary>Null: DescribeLoadBalancers unknown.</summary>
        public IReadOnlyList<LoadBalancer>? LoadBalancers { get; internal set; }
        /// <summary>Null: DescribeTargetGroups unknown.</summary>
        public IReadOnlyList<TargetGroup>? TargetGroups { get; internal set; }
        public IReadOnlyList<SecurityGroup>? SecurityGroups { get; internal set; }
        public IReadOnlyList<NetworkAcl>? NetworkAcls { get; internal set; }
        public IReadOnlyList<Subnet>? Subnets { get; internal set; }
        public IReadOnlyList<RouteTable>? RouteTables { get; internal set; }
        public IReadOnlyList<NetworkInterface>? NetworkInterfaces { get; internal set; }
        public IReadOnlyList<Instance>? Instances { get; internal set; }
        /// <summary>Prefix-list ID → entries, for the lists the snapshot holds; a missing ID is unknown.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<IpCidr>>? PrefixLists { get; internal set; }
        /// <summary>Operation → why it could not be collected (the snapshot's Errors).</summary>
        public IReadOnlyDictionary<string, string> Errors { get; internal set; } = NoErrors;
        /// <summary>The operation sections the snapshot holds.</summary>
        public IReadOnlyCollection<string> PresentSections { get; internal set; } = Array.Empty<string>();
        /// <summary>
        /// Every value of the snapshot the model could not read, as given, with the resource it belongs
        /// to and what the model did (kept it as given, or left the resource out); empty when all read.
        /// </summary>
        public IReadOnlyList<UnreadableValue> Unreadable { get; internal set; } = Array.Empty<UnreadableValue>();

        /// <summary>The unreadable values of one resource (an ARN or ID), and of what it owns (the targets of a target group).</summary>
        public IReadOnlyList<UnreadableValue> UnreadableOf(string resourceId) =>
            Unreadable.Where(u => string.Equals(u.ResourceId, resourceId, StringComparison.Ordinal) || string.Equals(u.ParentId, resourceId, StringComparison.Ordinal)).ToList();

        public bool HasSection(string operation) => PresentSections.Contains(operation);

        /// <summary>
        /// True when the section is present and its operation is not listed in Errors. A list
        /// section can be present but partial (one of several calls failed): then a resource
        /// missing from it is unknown, not absent, and checks should say so.
        /// </summary>
        public bool IsComplete(string operation) => HasSection(operation) && !Errors.ContainsKey(operation);

        /// <summary>
        /// Why an operation's data is unknown, for evidence text: "DescribeNetworkAcls was not
        /// collected: AccessDenied …" or "the snapshot has no DescribeNetworkAcls section".
        /// </summary>
        public string UnknownReason(string operation) =>
            Errors.TryGetValue(operation, out var reason)
                ? operation + " was not collected: " + reason
                : "the snapshot has no " + operation + " section";

        public LoadBalancer? FindLoadBalancer(string nameOrArn) =>
            LoadBalancers?.FirstOrDefault(l => string.Equals(l.Arn, nameOrArn, StringComparison.Ordinal))
            ?? LoadBalancers?.FirstOrDefault(l => string.Equals(l.Name, nameOrArn, StringComparison.Ordinal));

        public TargetGroup? FindTargetGroup(string arn) =>
            TargetGroups?.FirstOrDefault(t => string.Equals(t.Arn, arn, StringComparison.Ordinal));

        /// <summary>The target groups any of the load balancer's listeners or rules forward to, or that name it.</summary>
        public IReadOnlyList<TargetGroup> TargetGroupsOf(LoadBalancer loadBalancer)
        {
            if (loadBalancer is null) throw new ArgumentNullException(nameof(loadBalancer));
            if (TargetGroups is null) return Array.Empty<TargetGroup>();
            var arns = new HashSet<string>(StringComparer.Ordinal);
            foreach (var listener in loadBalancer.Listeners ?? Array.Empty<Listener>())
            {
                foreach (var a in listener.DefaultActions) arns.UnionWith(a.TargetGroupArns);
                foreach (var r in listener.Rules ?? Array.Empty<ListenerRule>())
                    foreach (var a in r.Actions) arns.UnionWith(a.TargetGroupArns);
            }
            return TargetGroups.Where(t => arns.Contains(t.Arn) || t.LoadBalancerArns.Contains(loadBalancer.Arn)).ToList();
        }

        public SecurityGroup? FindSecurityGroup(string groupId)
        {
            if (SecurityGroups is null) return null;
            _groups ??= SecurityGroups.GroupBy(g => g.GroupId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            return _groups.TryGetValue(groupId, out var g) ? g : null;
        }

        public Subnet? FindSubnet(string subnetId)
        {
            if (Subnets is null) return null;
            _subnets ??= Subnets.GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            return _subnets.TryGetValue(subnetId, out var s) ? s : null;
        }

        public Instance? FindInstance(string instanceId)
        {
            if (Instances is null) return null;
            _instances ??= Instances.GroupBy(i => i.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            return _instances.TryGetValue(instanceId, out var i) ? i : null;
        }

        /// <summary>The NACL associated with the subnet (every subnet has exactly one); null if unknown.</summary>
        public NetworkAcl? NetworkAclOfSubnet(string subnetId) =>
            NetworkAcls?.FirstOrDefault(n => n.SubnetIds.Contains(subnetId, StringComparer.Ordinal));

        /// <summary>
        /// The route table that governs the subnet: its explicit association, else the main route
        /// table of its VPC (AWS rule for subnets without an explicit association). Null if unknown.
        /// </summary>
        public RouteTable? RouteTableOfSubnet(string subnetId) =>
            RouteTables is null ? null : RouteEvaluator.TableForSubnet(RouteTables, subnetId, FindSubnet(subnetId)?.VpcId);

        /// <summary>The load balancer's own network interfaces (Description "ELB app/&lt;name&gt;/&lt;id&gt;"); null if unknown.</summary>
        public IReadOnlyList<NetworkInterface>? NetworkInterfacesOf(LoadBalancer loadBalancer)
        {
            if (loadBalancer is null) throw new ArgumentNullException(nameof(loadBalancer));
            if (NetworkInterfaces is null) return null;
            var description = loadBalancer.NetworkInterfaceDescription;
            return NetworkInterfaces.Where(n => string.Equals(n.Description, description, StringComparison.Ordinal)).ToList();
        }

        /// <summary>
        /// The network interfaces holding an IPv4 or IPv6 address (for IP targets): those that list it,
        /// then those with a delegated prefix (Ipv4Prefixes, Ipv6Prefixes) that contains it; null if unknown.
        /// </summary>
        public IReadOnlyList<NetworkInterface>? NetworkInterfacesWithAddress(string ipAddress)
        {
            if (NetworkInterfaces is null) return null;
            // Indexed once: reachability asks this for every IP target. IPv6 has several spellings of one address.
            _interfacesByAddress ??= NetworkInterfaces
                .SelectMany(n => n.PrivateIpAddresses.Concat(n.Ipv6Addresses).Select(a => new KeyValuePair<string, NetworkInterface>(CanonicalAddress(a), n)))
                .ToLookup(p => p.Key, p => p.Value, StringComparer.Ordinal);
            _interfacesByPrefix ??= NetworkInterfaces
                .SelectMany(n => n.Ipv4Prefixes.Concat(n.Ipv6Prefixes).Select(p => IpCidr.TryParse(p, out var c) ? new KeyValuePair<IpCidr, NetworkInterface>(c!, n) : default))
                .Where(p => p.Key is not null).ToList();
            var result = _interfacesByAddress[CanonicalAddress(ipAddress)].ToList();
            if (_interfacesByPrefix.Count > 0 && System.Net.IPAddress.TryParse(ipAddress, out var address))
                foreach (var p in _interfacesByPrefix)
                    if (p.Key.Contains(address) && !result.Contains(p.Value)) result.Add(p.Value);
            return result;
        }

        private static string CanonicalAddress(string address) =>
            System.Net.IPAddress.TryParse(address, out var parsed) ? parsed.ToString() : address;

        /// <summary>The subnet of the VPC (any VPC when null) whose IPv4 or IPv6 block contains the address; null when none or unknown.</summary>
        public Subnet? SubnetContaining(string ipAddress, string? vpcId)
        {
            if (Subnets is null || !System.Net.IPAddress.TryParse(ipAddress, out var address)) return null;
            return Subnets.FirstOrDefault(s => (vpcId is null || s.VpcId == vpcId) &&
                new[] { s.CidrBlock }.Concat(s.Ipv6CidrBlocks).Any(c => IpCidr.TryParse(c, out var block) && block!.Contains(address)));
        }

        /// <summary>
        /// The Availability Zone of a registered target, and where the snapshot says so: the target's own
        /// AvailabilityZone in DescribeTargetHealth ("all" for an IP target outside the VPC or a Lambda
        /// function: it takes traffic from every enabled zone); for an instance, its placement
        /// (DescribeInstances), else its network interface or subnet; for an IP target, the network
        /// interface holding the address (a delegated prefix counts), else the VPC subnet whose block
        /// contains it. When none of these is known, <see cref="TargetZone.Zone"/> is null and
        /// <see cref="TargetZone.UnknownReason"/> says what is missing.
        /// </summary>
        public TargetZone AvailabilityZoneOf(TargetGroup group, RegisteredTarget target)
        {
            if (group is null) throw new ArgumentNullException(nameof(group));
            if (target is null) throw new ArgumentNullException(nameof(target));
            if (!string.IsNullOrEmpty(target.AvailabilityZone))
                return TargetZone.Known(target.AvailabilityZone!, SnapshotOperations.DescribeTargetHealth + " " + target.Id + " Target.AvailabilityZone");
            var type = group.TargetType ?? "instance";
            switch (type)
            {
                case "instance":
                    return InstanceZone(target.Id);
                case "ip":
                    return IpZone(target.Id, group.VpcId);
                default:
                    return TargetZone.Unknown("a " + type + " target has no Availability Zone of its own and DescribeTargetHealth gives none for " + target.Id);
            }
        }

        private TargetZone InstanceZone(string instanceId)
        {
            var instance = FindInstance(instanceId);
            if (!string.IsNullOrEmpty(instance?.AvailabilityZone))
                return TargetZone.Known(instance!.AvailabilityZone!, SnapshotOperations.DescribeInstances + " " + instanceId + " Placement.AvailabilityZone");
            var eni = NetworkInterfaces?.FirstOrDefault(n => n.AttachmentInstanceId == instanceId && !string.IsNullOrEmpty(n.AvailabilityZone));
            if (eni is not null)
                return TargetZone.Known(eni.AvailabilityZone!, SnapshotOperations.DescribeNetworkInterfaces + " " + eni.Id + " (attached to " + instanceId + ") AvailabilityZone");
            var subnet = instance?.SubnetId is null ? null : FindSubnet(instance.SubnetId);
            if (!string.IsNullOrEmpty(subnet?.AvailabilityZone))
                return TargetZone.Known(subnet!.AvailabilityZone!, SnapshotOperations.DescribeSubnets + " " + subnet.Id + " (subnet of " + instanceId + ") AvailabilityZone");
            return TargetZone.Unknown(Instances is null
                ? "the Availability Zone of " + instanceId + " is not known: " + UnknownReason(SnapshotOperations.DescribeInstances)
                : instance is null
                    ? "instance " + instanceId + " is not in DescribeInstances (terminated, or in another account or Region)"
                    : "DescribeInstances gives no placement for " + instanceId + " and its subnet is not known");
        }

        private TargetZone IpZone(string ip, string? vpcId)
        {
            if (!System.Net.IPAddress.TryParse(ip, out _)) return TargetZone.Unknown("'" + ip + "' is not an IP address");
            var holders = NetworkInterfacesWithAddress(ip) ?? Array.Empty<NetworkInterface>();
            var zones = holders.Select(n => n.AvailabilityZone ?? (n.SubnetId is null ? null : FindSubnet(n.SubnetId)?.AvailabilityZone))
                .Where(z => !string.IsNullOrEmpty(z)).Distinct(StringComparer.Ordinal).ToList();
            if (zones.Count == 1)
                return TargetZone.Known(zones[0]!, SnapshotOperations.DescribeNetworkInterfaces + " " + string.Join(", ", holders.Select(n => n.Id)) + " (holds " + ip + ") AvailabilityZone");
            var subnet = SubnetContaining(ip, vpcId);
            if (!string.IsNullOrEmpty(subnet?.AvailabilityZone))
                return TargetZone.Known(subnet!.AvailabilityZone!, SnapshotOperations.DescribeSubnets + " " + subnet.Id + " (" + (subnet.CidrBlock ?? "its block") + " contains " + ip + ") AvailabilityZone");
            if (zones.Count > 1)
                return TargetZone.Unknown(ip + " is held by network interfaces in several zones (" + string.Join(", ", zones) + ")");
            return TargetZone.Unknown(Subnets is null
                ? "the Availability Zone of " + ip + " is not known: " + UnknownReason(SnapshotOperations.DescribeSubnets)
                : "no network interface or subnet" + (vpcId is null ? string.Empty : " of " + vpcId) + " in the snapshot holds " + ip);
        }

        /// <summary>The entries of a managed prefix list, or null when the snapshot does not hold them.</summary>
        public IReadOnlyList<IpCidr>? PrefixListEntries(string prefixListId) =>
            PrefixLists is not null && PrefixLists.TryGetValue(prefixListId, out var e) ? e : null;
    }

    /// <summary>Where a registered target is (<see cref="EnvironmentModel.AvailabilityZoneOf"/>).</summary>
    internal sealed class TargetZone
    {
        private TargetZone(string? zone, string source, string? unknownReason)
        {
            Zone = zone;
            Source = source;
            UnknownReason = unknownReason;
        }

        /// <summary>The zone name ("us-east-1a"), "all" (the target takes traffic from every enabled zone), or null when not known.</summary>
        public string? Zone { get; }

        /// <summary>The snapshot member it was read from, e.g. "DescribeInstances i-0abc Placement.AvailabilityZone"; empty when unknown.</summary>
        public string Source { get; }

        /// <summary>Why the zone is not known; null when it is.</summary>
        public string? UnknownReason { get; }

        /// <summary>True for "all": an IP target outside the VPC or a Lambda function.</summary>
        public bool IsAllZones => string.Equals(Zone, "all", StringComparison.OrdinalIgnoreCase);

        internal static TargetZone Known(string zone, string source) => new TargetZone(zone, source, null);

        internal static TargetZone Unknown(string reason) => new TargetZone(null, string.Empty, reason);

        public override string ToString() => Zone ?? "unknown (" + UnknownReason + ")";
    }
}
