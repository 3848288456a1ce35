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
    public sealed class EnvironmentModel
    {
        private static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();
        private Dictionary<string, SecurityGroup>? _groups;
        private Dictionary<string, Subnet>? _subnets;
        private Dictionary<string, Instance>? _instances;
        private ILookup<string, NetworkInterface>? _interfacesByAddress;

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

        /// <summary>The network interfaces holding an IPv4 or IPv6 address (for IP targets); null if unknown.</summary>
        public IReadOnlyList<NetworkInterface>? NetworkInterfacesWithAddress(string ipAddress)
        {
            if (NetworkInterfaces is null) return null;
            // Indexed once: reachability asks this for every IP target. IPv6 has several spellings of one address.
            _interfacesByAddress ??= NetworkInterfaces
                .SelectMany(n => n.PrivateIpAddresses.Concat(n.Ipv6Addresses).Select(a => new KeyValuePair<string, NetworkInterface>(CanonicalAddress(a), n)))
                .ToLookup(p => p.Key, p => p.Value, StringComparer.Ordinal);
            return _interfacesByAddress[CanonicalAddress(ipAddress)].ToList();
        }

        private static string CanonicalAddress(string address) =>
            System.Net.IPAddress.TryParse(address, out var parsed) ? parsed.ToString() : address;

        /// <summary>The entries of a managed prefix list, or null when the snapshot does not hold them.</summary>
        public IReadOnlyList<IpCidr>? PrefixListEntries(string prefixListId) =>
            PrefixLists is not null && PrefixLists.TryGetValue(prefixListId, out var e) ? e : null;
    }
}
