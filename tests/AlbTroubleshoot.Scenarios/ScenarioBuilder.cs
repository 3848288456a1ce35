using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using AlbTroubleshoot.Json;

namespace AlbTroubleshoot.Scenarios
{
    /// <summary>
    /// Builds one ALB environment as the AWS CLI prints it (docs/snapshot-format.md, version 1) and writes
    /// it as a snapshot document: VPC subnets, security groups, network ACLs (AWS's catch-all deny
    /// appended), route tables with their local route, the load balancer with its ENIs and attributes,
    /// instances and their ENIs, target groups with health and attributes, listeners with their default
    /// rules, rules, the web ACL and the Errors section. IDs are derived from a hash of the scenario's
    /// name and the resource's key, so the same calls always write the same bytes.
    /// </summary>
    /// <remarks>
    /// Resources are ordered dictionaries (and arrays of them), so PowerShell callers can read and change
    /// them as hashtables before <see cref="Write"/>; any IDictionary or array a caller passes (a web ACL, an
    /// action) is written as it is, in its own key order. The samples' script
    /// (samples/New-SampleSnapshots.ps1) builds every sample with it.
    /// </remarks>
    public sealed class ScenarioBuilder
    {
        /// <summary>The account of the samples.</summary>
        public const string SampleAccount = "123456789012";
        public const string Region = "eu-west-1";
        public const string CollectedAt = "2026-11-25T10:00:00Z";
        /// <summary>When the load balancer was created.</summary>
        public const string Created = "2026-09-14T08:31:27.640000+00:00";
        /// <summary>Route 53 hosted zone of Application Load Balancers in eu-west-1 (Elastic Load Balancing endpoints page).</summary>
        public const string AlbHostedZone = "Z32O12XQLNTSW2";

        private static readonly Dictionary<string, string> AzIds = new Dictionary<string, string>
        {
            ["eu-west-1a"] = "euw1-az3", ["eu-west-1b"] = "euw1-az1", ["eu-west-1c"] = "euw1-az2",
        };

        // Property values a few sections sort the way PowerShell's Sort-Object did when the samples were first written.
        private static readonly StringComparer KeyOrder = StringComparer.InvariantCultureIgnoreCase;

        // Egress, then ingress: the order of a network ACL's catch-all entries.
        private static readonly bool[] Directions = { true, false };

        /// <summary>A scenario with hashed IDs and what AWS creates with every VPC (the samples).</summary>
        public ScenarioBuilder(string name, string loadBalancerName, string vpcCidr = "10.0.0.0/16")
            : this(name, loadBalancerName, vpcCidr, literalIds: false, vpcDefaults: true, SampleAccount)
        {
        }

        /// <param name="literalIds">Keys are the IDs themselves ("sg-alb"; a key without its prefix gets it: "eni-" + "i-1"), and a target group or listener keyed by an ARN has that ARN, as unit tests name them.</param>
        /// <param name="vpcDefaults">Add the VPC's default security group, default network ACL (which subnets without one of their own use) and main route table.</param>
        /// <param name="account">The account that owns every resource.</param>
        public ScenarioBuilder(string name, string loadBalancerName, string vpcCidr, bool literalIds, bool vpcDefaults, string account)
        {
            Account = account ?? throw new ArgumentNullException(nameof(account));
            Name = name ?? throw new ArgumentNullException(nameof(name));
            LoadBalancerName = loadBalancerName ?? throw new ArgumentNullException(nameof(loadBalancerName));
            VpcCidr = vpcCidr ?? throw new ArgumentNullException(nameof(vpcCidr));
            _literalIds = literalIds;
            _vpcDefaults = vpcDefaults;
            VpcId = literalIds ? "vpc-1" : Id("vpc", "vpc");
            if (!vpcDefaults) return;
            // What AWS creates with every VPC: the default security group, the default (allow-all) network ACL
            // and the main route table with the local route.
            AddSecurityGroup("default", "default", "default VPC security group",
                new object[] { SgRule("-1", group: "default") }, new object[] { SgRule("-1", cidr: "0.0.0.0/0") });
            AddNetworkAcl("default", "", Array.Empty<string>(),
                new object[] { AclEntry(100, protocol: "-1", cidr: "0.0.0.0/0"), AclEntry(100, egress: true, protocol: "-1", cidr: "0.0.0.0/0") }, isDefault: true);
            AddRouteTable("main", "", Array.Empty<string>(), Array.Empty<object>(), main: true);
        }

        public string Name { get; }
        public string Account { get; }
        public string LoadBalancerName { get; }
        public string VpcCidr { get; }
        public string VpcId { get; }

        // Each section's resources by key, in the order they were added (the order the file lists them).
        public OrderedDictionary Subnets { get; } = new OrderedDictionary();
        public OrderedDictionary SecurityGroups { get; } = new OrderedDictionary();
        public OrderedDictionary NetworkAcls { get; } = new OrderedDictionary();
        public OrderedDictionary RouteTables { get; } = new OrderedDictionary();
        public OrderedDictionary Instances { get; } = new OrderedDictionary();
        public OrderedDictionary TargetGroups { get; } = new OrderedDictionary();
        /// <summary>DescribeTargetHealth and DescribeTargetGroupAttributes, by target group ARN.</summary>
        public OrderedDictionary TargetHealth { get; } = new OrderedDictionary();
        public OrderedDictionary TargetGroupAttributes { get; } = new OrderedDictionary();
        /// <summary>GetManagedPrefixListEntries, by prefix list ID.</summary>
        public OrderedDictionary PrefixLists { get; } = new OrderedDictionary();
        /// <summary>The Errors section: what a collector could not read, by operation.</summary>
        public OrderedDictionary Errors { get; } = new OrderedDictionary();
        public List<object> Interfaces { get; } = new List<object>();
        public List<object> Reservations { get; } = new List<object>();
        public List<object> Listeners { get; } = new List<object>();
        public List<object> Rules { get; } = new List<object>();
        public OrderedDictionary? LoadBalancer { get; private set; }
        public OrderedDictionary? LoadBalancerAttributes { get; private set; }
        /// <summary>The web ACL GetWebACLForResource returns (null: none associated).</summary>
        public object? WebAcl { get; set; }
        /// <summary>Sections left out of the file, as a collector without permission to read them leaves them out.</summary>
        public string[] Omit { get; set; } = Array.Empty<string>();
        /// <summary>The subnets the load balancer is in, by key (a convenience for scenarios; not written).</summary>
        public string[] AlbSubnets { get; set; } = Array.Empty<string>();

        private readonly Dictionary<string, string> _targetGroupNames = new Dictionary<string, string>();
        private readonly bool _literalIds;
        private readonly bool _vpcDefaults;
        private string? _loadBalancerId;

        // ------------------------------------------------------------------ identifiers

        /// <summary><paramref name="length"/> hex digits of SHA-256("name/seed").</summary>
        public string Hex(string seed, int length)
        {
            using var sha = SHA256.Create();
            var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(Name + "/" + seed));
            var sb = new StringBuilder(64);
            foreach (var b in bytes) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString(0, length);
        }

        /// <summary>An EC2 ID: prefix and 17 hex digits, as AWS writes them today.</summary>
        public string Id(string prefix, string key) =>
            !_literalIds ? prefix + "-" + Hex(prefix + "/" + key, 17)
            : key.StartsWith(prefix + "-", StringComparison.Ordinal) ? key : prefix + "-" + key;

        public int Number(string seed, int min, int max) => min + Convert.ToInt32(Hex(seed, 6), 16) % (max - min + 1);

        public string ElbArn(string kind, string rest) => "arn:aws:elasticloadbalancing:" + Region + ":" + Account + ":" + kind + "/" + rest;

        public string TargetGroupArn(string key) =>
            LiteralArn(key) ? key : ElbArn("targetgroup", _targetGroupNames[key] + "/" + Hex("tg/" + key, 16));

        /// <summary>The last part of the load balancer's ARN: the one given to <see cref="AddLoadBalancer"/>, else derived from the scenario.</summary>
        public string LoadBalancerId() => _loadBalancerId ?? Hex("alb", 16);

        public string ListenerArn(string key) =>
            LiteralArn(key) ? key : ElbArn("listener", "app/" + LoadBalancerName + "/" + LoadBalancerId() + "/" + Hex("listener/" + key, 16));

        /// <summary>A rule's ARN: its listener's, as a listener-rule, and one part more (with a literal listener ARN, the priority itself).</summary>
        public string RuleArn(string listenerKey, string priority) =>
            LiteralArn(listenerKey) ? listenerKey.Replace(":listener/", ":listener-rule/") + "/" + priority
            : ElbArn("listener-rule", "app/" + LoadBalancerName + "/" + LoadBalancerId() + "/" + Hex("listener/" + listenerKey, 16) + "/" + Hex("rule/" + listenerKey + "/" + priority, 16));

        // With literal IDs, a target group or listener keyed by its ARN has that ARN (as the unit tests name them).
        private bool LiteralArn(string key) => _literalIds && key.StartsWith("arn:", StringComparison.Ordinal);

        /// <summary>Host <paramref name="hostNumber"/> of a /24 subnet.</summary>
        public string Ip(string subnetKey, int hostNumber)
        {
            var cidr = (string)Subnet(subnetKey)["CidrBlock"]!;
            return cidr.Substring(0, cidr.LastIndexOf(".0/", StringComparison.Ordinal)) + "." + hostNumber.ToString(CultureInfo.InvariantCulture);
        }

        public string Mac(string seed)
        {
            var hex = Hex("mac/" + seed, 10);
            return "06:" + string.Join(":", Enumerable.Range(0, 5).Select(i => hex.Substring(2 * i, 2)));
        }

        /// <summary>A fixed instant a few days before the snapshot: realistic, and the same on every run.</summary>
        public string Time(string seed) =>
            new DateTime(2026, 11, 18, 6, 0, 0, DateTimeKind.Utc).AddMinutes(Number("time/" + seed, 0, 9000))
                .ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture) + ".000000+00:00";

        public string CertificateId()
        {
            var h = Hex("acm", 32);
            return h.Substring(0, 8) + "-" + h.Substring(8, 4) + "-" + h.Substring(12, 4) + "-" + h.Substring(16, 4) + "-" + h.Substring(20, 12);
        }

        public string CertificateArn() => "arn:aws:acm:" + Region + ":" + Account + ":certificate/" + CertificateId();

        // ------------------------------------------------------------------ network

        public OrderedDictionary AddSubnet(string key, string availabilityZone, string cidr, string name, bool mapPublicIp = false)
        {
            var id = Id("subnet", key);
            var subnet = Map(
                ("AvailabilityZoneId", AzIds[availabilityZone]), ("MapCustomerOwnedIpOnLaunch", false), ("OwnerId", Account),
                ("AssignIpv6AddressOnCreation", false), ("Ipv6CidrBlockAssociationSet", Array.Empty<object>()),
                ("Tags", NameTags(name)),
                ("SubnetArn", "arn:aws:ec2:" + Region + ":" + Account + ":subnet/" + id),
                ("EnableDns64", false), ("Ipv6Native", false),
                ("PrivateDnsNameOptionsOnLaunch", Map(("HostnameType", "ip-name"), ("EnableResourceNameDnsARecord", false), ("EnableResourceNameDnsAAAARecord", false))),
                ("BlockPublicAccessStates", Map(("InternetGatewayBlockMode", "off"))),
                ("SubnetId", id), ("State", "available"), ("VpcId", VpcId), ("CidrBlock", cidr),
                ("AvailableIpAddressCount", 246), ("AvailabilityZone", availabilityZone), ("DefaultForAz", false), ("MapPublicIpOnLaunch", mapPublicIp));
            Subnets[key] = subnet;
            return subnet;
        }

        /// <summary>One IpPermission as the CLI prints it. Protocol "-1" means all traffic (no ports printed).</summary>
        public OrderedDictionary SgRule(string protocol, int from = -1, int? to = null, string? cidr = null, string? ipv6Cidr = null,
            string? group = null, string? prefixList = null, string? description = null)
        {
            var rule = Map(("IpProtocol", protocol));
            if (protocol != "-1")
            {
                rule["FromPort"] = from;
                rule["ToPort"] = to ?? from;
            }
            var described = !string.IsNullOrEmpty(description);
            var pairs = new List<object>();
            if (!string.IsNullOrEmpty(group))
            {
                var pair = Map(("UserId", Account), ("GroupId", Id("sg", group!)));
                if (described) pair.Insert(0, "Description", description);
                pairs.Add(pair);
            }
            rule["UserIdGroupPairs"] = pairs;
            rule["IpRanges"] = string.IsNullOrEmpty(cidr) ? new List<object>()
                : new List<object> { described ? Map(("CidrIp", cidr), ("Description", description)) : Map(("CidrIp", cidr)) };
            rule["Ipv6Ranges"] = string.IsNullOrEmpty(ipv6Cidr) ? new List<object>()
                : new List<object> { described ? Map(("CidrIpv6", ipv6Cidr), ("Description", description)) : Map(("CidrIpv6", ipv6Cidr)) };
            rule["PrefixListIds"] = string.IsNullOrEmpty(prefixList) ? new List<object>()
                : new List<object> { Map(("Description", description ?? ""), ("PrefixListId", Id("pl", prefixList!))) };
            return rule;
        }

        public OrderedDictionary AddSecurityGroup(string key, string groupName, string description, IEnumerable ingress, IEnumerable egress)
        {
            var id = Id("sg", key);
            var group = Map(
                ("GroupId", id), ("IpPermissionsEgress", egress.Cast<object>().ToList()),
                ("Tags", key == "default" ? new List<object>() : NameTags(groupName)),
                ("VpcId", VpcId), ("SecurityGroupArn", "arn:aws:ec2:" + Region + ":" + Account + ":security-group/" + id),
                ("OwnerId", Account), ("GroupName", groupName), ("Description", description), ("IpPermissions", ingress.Cast<object>().ToList()));
            SecurityGroups[key] = group;
            return group;
        }

        /// <summary>One NACL entry; protocol is the number AWS prints ("6" tcp, "17" udp, "-1" all).</summary>
        public static OrderedDictionary AclEntry(int ruleNumber, bool egress = false, string protocol = "6", int from = 0, int? to = null,
            string cidr = "0.0.0.0/0", string action = "allow")
        {
            if (action != "allow" && action != "deny") throw new ArgumentException("The action is allow or deny, not '" + action + "'.", nameof(action));
            var entry = Map(("CidrBlock", cidr), ("Egress", egress), ("Protocol", protocol));
            if (protocol == "6" || protocol == "17") entry["PortRange"] = Map(("From", from), ("To", to ?? from));
            entry["RuleAction"] = action;
            entry["RuleNumber"] = ruleNumber;
            return entry;
        }

        /// <summary>AWS appends the catch-all deny (32767) to every ACL (unless <paramref name="entries"/> list it); entries are listed egress first, by rule number.</summary>
        public OrderedDictionary AddNetworkAcl(string key, string name, string[] subnets, IEnumerable entries, bool isDefault = false)
        {
            var given = entries.Cast<object>().Select(Unwrap).Cast<IDictionary>().ToList();
            bool Listed(bool egress) => given.Any(e => (bool)Unwrap(e["Egress"])! == egress && Convert.ToInt32(Unwrap(e["RuleNumber"]), CultureInfo.InvariantCulture) == 32767);
            var all = given
                .Concat(Directions.Where(egress => !Listed(egress)).Select(egress => (IDictionary)AclEntry(32767, egress: egress, protocol: "-1", action: "deny")))
                .OrderBy(e => (bool)Unwrap(e["Egress"])! ? 0 : 1).ThenBy(e => Convert.ToInt32(Unwrap(e["RuleNumber"]), CultureInfo.InvariantCulture))
                .Cast<object>().ToList();
            NetworkAcls[key] = Map(
                ("Associations", new List<object>()), ("Entries", all), ("IsDefault", isDefault),
                ("NetworkAclId", Id("acl", key)), ("Tags", NameTags(name)), ("VpcId", VpcId), ("OwnerId", Account));
            foreach (var subnet in subnets) AddAclAssociation(key, subnet);
            return (OrderedDictionary)NetworkAcls[key]!;
        }

        public void AddAclAssociation(string aclKey, string subnetKey)
        {
            var acl = (OrderedDictionary)(NetworkAcls[aclKey] ?? throw new ArgumentException("No network ACL '" + aclKey + "'.", nameof(aclKey)));
            ((List<object>)acl["Associations"]!).Add(Map(
                ("NetworkAclAssociationId", Id("aclassoc", aclKey + "/" + subnetKey)), ("NetworkAclId", Id("acl", aclKey)), ("SubnetId", Id("subnet", subnetKey))));
        }

        public static OrderedDictionary Route(string destination, string target, string state = "active")
        {
            var route = Map(("DestinationCidrBlock", destination));
            if (target.StartsWith("igw-", StringComparison.Ordinal)) route["GatewayId"] = target;
            else if (target.StartsWith("nat-", StringComparison.Ordinal)) route["NatGatewayId"] = target;
            else if (target.StartsWith("pcx-", StringComparison.Ordinal)) route["VpcPeeringConnectionId"] = target;
            else if (target.StartsWith("tgw-", StringComparison.Ordinal)) route["TransitGatewayId"] = target;
            route["Origin"] = "CreateRoute";
            route["State"] = state;
            return route;
        }

        public OrderedDictionary AddRouteTable(string key, string name, string[] subnets, IEnumerable routes, bool main = false)
        {
            var id = Id("rtb", key);
            var associations = new List<object>();
            if (main) associations.Add(Map(("Main", true), ("RouteTableAssociationId", Id("rtbassoc", key)), ("RouteTableId", id), ("AssociationState", Map(("State", "associated")))));
            foreach (var subnet in subnets)
            {
                associations.Add(Map(("Main", false), ("RouteTableAssociationId", Id("rtbassoc", key + "/" + subnet)), ("RouteTableId", id),
                    ("SubnetId", Id("subnet", subnet)), ("AssociationState", Map(("State", "associated")))));
            }
            var given = routes.Cast<object>().ToList();
            var all = new List<object>();
            // Every table has the VPC's local route first (unless the caller lists it).
            if (!given.Select(Unwrap).Cast<IDictionary>().Any(r => (string?)Unwrap(r["GatewayId"]) == "local" && (string?)Unwrap(r["DestinationCidrBlock"]) == VpcCidr))
                all.Add(Map(("DestinationCidrBlock", VpcCidr), ("GatewayId", "local"), ("Origin", "CreateRouteTable"), ("State", "active")));
            all.AddRange(given);
            var table = Map(("Associations", associations), ("PropagatingVgws", new List<object>()), ("RouteTableId", id), ("Routes", all),
                ("Tags", NameTags(name)), ("VpcId", VpcId), ("OwnerId", Account));
            RouteTables[key] = table;
            return table;
        }

        /// <summary>A managed prefix list's entries (GetManagedPrefixListEntries).</summary>
        public void AddPrefixList(string key, IEnumerable entries) => PrefixLists[Id("pl", key)] = Map(("Entries", entries.Cast<object>().ToList()));

        // ------------------------------------------------------------------ interfaces and instances

        /// <summary>A network interface: an instance's (<paramref name="instanceId"/>) or, with <paramref name="loadBalancer"/>, one of the load balancer's.</summary>
        public OrderedDictionary AddInterface(string key, string subnetKey, int hostNumber, string[] securityGroups, string description,
            string? instanceId = null, bool loadBalancer = false, bool publicIp = false)
        {
            var subnet = Subnet(subnetKey);
            var ip = Ip(subnetKey, hostNumber);
            var dns = "ip-" + ip.Replace('.', '-') + "." + Region + ".compute.internal";
            var groups = securityGroups.Select(g => (object)Map(("GroupId", Id("sg", g)), ("GroupName", ((IDictionary)SecurityGroups[g]!)["GroupName"]))).ToList();
            var eni = new OrderedDictionary();
            if (publicIp)
            {
                var address = "52." + Number("pub1/" + key, 16, 215).ToString(CultureInfo.InvariantCulture) + "." + Number("pub2/" + key, 1, 254).ToString(CultureInfo.InvariantCulture)
                    + "." + Number("pub3/" + key, 1, 254).ToString(CultureInfo.InvariantCulture);
                eni["Association"] = Map(("IpOwnerId", "amazon"), ("PublicDnsName", "ec2-" + address.Replace('.', '-') + "." + Region + ".compute.amazonaws.com"), ("PublicIp", address));
            }
            var attachment = Map(("AttachTime", Time("attach/" + key)), ("AttachmentId", Id("eni-attach", key)), ("DeleteOnTermination", !loadBalancer));
            if (loadBalancer)
            {
                attachment["DeviceIndex"] = 1;
                attachment["InstanceOwnerId"] = "amazon-elb";
            }
            else
            {
                attachment["DeviceIndex"] = 0;
                attachment["InstanceId"] = instanceId;
                attachment["InstanceOwnerId"] = Account;
            }
            attachment["NetworkCardIndex"] = 0;
            attachment["Status"] = "attached";
            eni["Attachment"] = attachment;
            eni["AvailabilityZone"] = subnet["AvailabilityZone"];
            eni["Description"] = description;
            eni["Groups"] = groups;
            eni["InterfaceType"] = "interface";
            eni["Ipv6Addresses"] = new List<object>();
            eni["MacAddress"] = Mac(key);
            eni["NetworkInterfaceId"] = Id("eni", key);
            eni["OwnerId"] = Account;
            eni["PrivateDnsName"] = dns;
            eni["PrivateIpAddress"] = ip;
            var primary = Map(("Primary", true), ("PrivateDnsName", dns), ("PrivateIpAddress", ip));
            if (publicIp) primary.Insert(0, "Association", eni["Association"]);
            eni["PrivateIpAddresses"] = new List<object> { primary };
            if (loadBalancer) eni["RequesterId"] = "amazon-elb";
            eni["RequesterManaged"] = loadBalancer;
            eni["SourceDestCheck"] = true;
            eni["Status"] = "in-use";
            eni["SubnetId"] = subnet["SubnetId"];
            eni["TagSet"] = new List<object>();
            eni["VpcId"] = VpcId;
            Interfaces.Add(eni);
            return eni;
        }

        public OrderedDictionary AddInstance(string key, string name, string subnetKey, int hostNumber, string[] securityGroups,
            string state = "running", string instanceType = "t3.medium")
        {
            if (state != "running" && state != "stopped") throw new ArgumentException("The state is running or stopped, not '" + state + "'.", nameof(state));
            var id = Id("i", key);
            var eni = AddInterface(key, subnetKey, hostNumber, securityGroups, "", instanceId: id);
            var subnet = Subnet(subnetKey);
            var eniAttachment = (OrderedDictionary)eni["Attachment"]!;
            var groups = (List<object>)eni["Groups"]!;
            var instanceEni = Map(
                ("Attachment", Map(("AttachTime", eniAttachment["AttachTime"]), ("AttachmentId", eniAttachment["AttachmentId"]), ("DeleteOnTermination", true),
                    ("DeviceIndex", 0), ("Status", "attached"), ("NetworkCardIndex", 0))),
                ("Description", ""), ("Groups", groups), ("Ipv6Addresses", new List<object>()), ("MacAddress", eni["MacAddress"]),
                ("NetworkInterfaceId", eni["NetworkInterfaceId"]), ("OwnerId", Account), ("PrivateDnsName", eni["PrivateDnsName"]),
                ("PrivateIpAddress", eni["PrivateIpAddress"]), ("PrivateIpAddresses", eni["PrivateIpAddresses"]), ("SourceDestCheck", true),
                ("Status", "in-use"), ("SubnetId", subnet["SubnetId"]), ("VpcId", VpcId), ("InterfaceType", "interface"));
            var launch = Time("launch/" + key);
            var running = state == "running";
            var instance = Map(
                ("AmiLaunchIndex", 0), ("ImageId", Id("ami", "al2023")), ("InstanceId", id), ("InstanceType", instanceType),
                ("LaunchTime", launch), ("Monitoring", Map(("State", "disabled"))),
                ("Placement", Map(("AvailabilityZone", subnet["AvailabilityZone"]), ("GroupName", ""), ("Tenancy", "default"))),
                ("PrivateDnsName", eni["PrivateDnsName"]), ("PrivateIpAddress", eni["PrivateIpAddress"]), ("ProductCodes", new List<object>()), ("PublicDnsName", ""),
                ("State", running ? Map(("Code", 16), ("Name", "running")) : Map(("Code", 80), ("Name", "stopped"))),
                ("StateTransitionReason", running ? "" : "User initiated (2026-11-24 21:07:12 GMT)"),
                ("SubnetId", subnet["SubnetId"]), ("VpcId", VpcId), ("Architecture", "x86_64"),
                ("BlockDeviceMappings", new List<object> { Map(("DeviceName", "/dev/xvda"), ("Ebs", Map(("AttachTime", launch), ("DeleteOnTermination", true),
                    ("Status", "attached"), ("VolumeId", Id("vol", key))))) }),
                ("ClientToken", ""), ("EbsOptimized", true), ("EnaSupport", true), ("Hypervisor", "xen"),
                ("NetworkInterfaces", new List<object> { instanceEni }), ("RootDeviceName", "/dev/xvda"), ("RootDeviceType", "ebs"),
                ("SecurityGroups", groups.Cast<IDictionary>().Select(g => (object)Map(("GroupId", g["GroupId"]), ("GroupName", g["GroupName"]))).ToList()),
                ("SourceDestCheck", true));
            if (!running) instance["StateReason"] = Map(("Code", "Client.UserInitiatedShutdown"), ("Message", "Client.UserInitiatedShutdown: User initiated shutdown"));
            instance["Tags"] = NameTags(name);
            instance["VirtualizationType"] = "hvm";
            instance["CpuOptions"] = Map(("CoreCount", 1), ("ThreadsPerCore", 2));
            instance["MetadataOptions"] = Map(("State", "applied"), ("HttpTokens", "required"), ("HttpPutResponseHopLimit", 2), ("HttpEndpoint", "enabled"),
                ("HttpProtocolIpv6", "disabled"), ("InstanceMetadataTags", "disabled"));
            instance["PlatformDetails"] = "Linux/UNIX";
            Instances[key] = instance;
            Reservations.Add(Map(("ReservationId", Id("r", key)), ("OwnerId", Account), ("Groups", new List<object>()), ("Instances", new List<object> { instance })));
            return instance;
        }

        // ------------------------------------------------------------------ load balancer

        /// <summary>The load balancer, its ENIs (one per subnet) and the attributes an ALB created today reports; <paramref name="attributes"/> overrides some.</summary>
        /// <param name="interfaceHosts">The host number of the ENI in each subnet (derived from the scenario when null); empty: no ENIs (a collector that could not read them).</param>
        /// <param name="id">The last part of its ARN (derived from the scenario when null), as a test names it.</param>
        /// <param name="attributeDefaults">False: the attributes are only <paramref name="attributes"/> (a test's few), not what AWS reports.</param>
        public OrderedDictionary AddLoadBalancer(string[] subnets, string[] securityGroups, string scheme = "internet-facing", IDictionary? attributes = null,
            int[]? interfaceHosts = null, string? id = null, bool attributeDefaults = true)
        {
            _loadBalancerId = string.IsNullOrEmpty(id) ? null : id;
            if (scheme != "internet-facing" && scheme != "internal") throw new ArgumentException("The scheme is internet-facing or internal, not '" + scheme + "'.", nameof(scheme));
            var subnetKeys = subnets;
            var groupKeys = securityGroups;
            var lbId = LoadBalancerId();
            var digits = Number("dns", 1000000000, 2099999999).ToString(CultureInfo.InvariantCulture);
            var dns = (scheme == "internal" ? "internal-" : "") + LoadBalancerName + "-" + digits + "." + Region + ".elb.amazonaws.com";
            LoadBalancer = Map(
                ("LoadBalancerArn", ElbArn("loadbalancer", "app/" + LoadBalancerName + "/" + lbId)), ("DNSName", dns), ("CanonicalHostedZoneId", AlbHostedZone),
                ("CreatedTime", Created), ("LoadBalancerName", LoadBalancerName), ("Scheme", scheme), ("VpcId", VpcId), ("State", Map(("Code", "active"))),
                ("Type", "application"),
                ("AvailabilityZones", subnetKeys.Select(s => (object)Map(("ZoneName", Subnet(s)["AvailabilityZone"]), ("SubnetId", Subnet(s)["SubnetId"]),
                    ("LoadBalancerAddresses", new List<object>()))).ToList()),
                ("SecurityGroups", groupKeys.Select(g => (object)Id("sg", g)).ToList()),
                ("IpAddressType", "ipv4"), ("EnablePrefixForIpv6SourceNat", "off"));
            for (var i = 0; i < subnetKeys.Length && (interfaceHosts is null || i < interfaceHosts.Length); i++)
            {
                var subnet = subnetKeys[i];
                AddInterface("alb/" + subnet, subnet, interfaceHosts?[i] ?? Number("albip/" + subnet, 4, 250), groupKeys, "ELB app/" + LoadBalancerName + "/" + lbId,
                    loadBalancer: true, publicIp: scheme == "internet-facing");
            }
            var defaults = Map(
                ("access_logs.s3.enabled", "false"), ("access_logs.s3.bucket", ""), ("access_logs.s3.prefix", ""),
                ("health_check_logs.s3.enabled", "false"), ("health_check_logs.s3.bucket", ""), ("health_check_logs.s3.prefix", ""),
                ("idle_timeout.timeout_seconds", "60"), ("deletion_protection.enabled", "false"), ("routing.http2.enabled", "true"),
                ("routing.http.drop_invalid_header_fields.enabled", "false"), ("routing.http.xff_client_port.enabled", "false"),
                ("routing.http.preserve_host_header.enabled", "false"), ("routing.http.xff_header_processing.mode", "append"),
                ("load_balancing.cross_zone.enabled", "true"), ("routing.http.desync_mitigation_mode", "defensive"),
                ("client_keep_alive.seconds", "3600"), ("waf.fail_open.enabled", "false"),
                ("routing.http.x_amzn_tls_version_and_cipher_suite.enabled", "false"), ("zonal_shift.config.enabled", "false"),
                ("connection_logs.s3.enabled", "false"), ("connection_logs.s3.bucket", ""), ("connection_logs.s3.prefix", ""));
            LoadBalancerAttributes = Map(("Attributes", Attributes(attributeDefaults ? defaults : new OrderedDictionary(), attributes)));
            return LoadBalancer;
        }

        /// <summary>Target health as DescribeTargetHealth prints it; key is an instance key, an IP or a Lambda ARN.</summary>
        public static OrderedDictionary Target(string key, int port = 0, string state = "healthy", string? reason = null, string? description = null,
            string? availabilityZone = null) =>
            Map(("Key", key), ("Port", port), ("State", state), ("Reason", reason), ("Description", description), ("AvailabilityZone", availabilityZone));

        public OrderedDictionary AddTargetGroup(string key, string name, string protocol = "HTTP", int port = 80, string protocolVersion = "HTTP1",
            string targetType = "instance", string healthCheckPath = "/health", string healthCheckPort = "traffic-port", IDictionary? matcher = null,
            IEnumerable? targets = null, IDictionary? attributes = null, int interval = 30, int timeout = 5, int targetControlPort = 0,
            string? healthCheckProtocol = null, bool attributeDefaults = true)
        {
            if (targetType != "instance" && targetType != "ip" && targetType != "lambda") throw new ArgumentException("The target type is instance, ip or lambda, not '" + targetType + "'.", nameof(targetType));
            var lambda = targetType == "lambda";
            _targetGroupNames[key] = name;
            var arn = TargetGroupArn(key);
            var tg = Map(("TargetGroupArn", arn), ("TargetGroupName", name));
            if (!lambda)
            {
                tg["Protocol"] = protocol;
                tg["Port"] = port;
                tg["VpcId"] = VpcId;
            }
            // PowerShell passes $null for a string as "": either means the group's protocol.
            tg["HealthCheckProtocol"] = lambda ? "HTTP" : string.IsNullOrEmpty(healthCheckProtocol) ? protocol : healthCheckProtocol;
            if (!lambda) tg["HealthCheckPort"] = healthCheckPort;
            tg["HealthCheckEnabled"] = !lambda;
            tg["HealthCheckIntervalSeconds"] = interval;
            tg["HealthCheckTimeoutSeconds"] = timeout;
            tg["HealthyThresholdCount"] = 5;
            tg["UnhealthyThresholdCount"] = 2;
            tg["HealthCheckPath"] = healthCheckPath;
            tg["Matcher"] = (object?)matcher ?? Map(("HttpCode", "200"));
            tg["LoadBalancerArns"] = new List<object>();   // filled at Write from the listeners and rules that use it
            tg["TargetType"] = targetType;
            if (!lambda) tg["ProtocolVersion"] = protocolVersion;
            tg["IpAddressType"] = "ipv4";
            // The target optimizer: its agents talk to the load balancer on this port (set only at creation).
            if (targetControlPort != 0) tg["TargetControlPort"] = targetControlPort;
            TargetGroups[key] = tg;

            var descriptions = new List<object>();
            foreach (IDictionary t in (targets ?? Array.Empty<object>()).Cast<object>().Select(Unwrap).Cast<IDictionary>())
            {
                var target = new OrderedDictionary();
                var targetKey = (string)Unwrap(t["Key"])!;
                var targetPort = Convert.ToInt32(Unwrap(t["Port"]) ?? 0, CultureInfo.InvariantCulture);
                target["Id"] = targetType == "instance" ? Id("i", targetKey) : targetKey;
                if (!lambda) target["Port"] = targetPort;
                if (Text(t["AvailabilityZone"]) is { } zone) target["AvailabilityZone"] = zone;
                var d = Map(("Target", target));
                if (!lambda) d["HealthCheckPort"] = healthCheckPort == "traffic-port" ? targetPort.ToString(CultureInfo.InvariantCulture) : healthCheckPort;
                var health = Map(("State", Unwrap(t["State"])));
                if (Text(t["Reason"]) is { } reason)
                {
                    health["Reason"] = reason;
                    health["Description"] = Unwrap(t["Description"]);
                }
                d["TargetHealth"] = health;
                descriptions.Add(d);
            }
            TargetHealth[arn] = Map(("TargetHealthDescriptions", descriptions));

            var defaults = lambda
                ? Map(("lambda.multi_value_headers.enabled", "false"))
                : Map(
                    ("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1"),
                    ("stickiness.enabled", "false"),
                    ("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off"),
                    ("deregistration_delay.timeout_seconds", "300"),
                    ("target_group_health.dns_failover.minimum_healthy_targets.count", "1"),
                    ("stickiness.app_cookie.cookie_name", ""),
                    ("stickiness.type", "lb_cookie"),
                    ("stickiness.lb_cookie.duration_seconds", "86400"),
                    ("target_group_health.dns_failover.minimum_healthy_targets.percentage", "off"),
                    ("slow_start.duration_seconds", "0"),
                    ("stickiness.app_cookie.duration_seconds", "86400"),
                    ("load_balancing.cross_zone.enabled", "use_load_balancer_configuration"),
                    ("load_balancing.algorithm.type", "round_robin"),
                    ("load_balancing.algorithm.anomaly_mitigation", "off"));
            TargetGroupAttributes[arn] = Map(("Attributes", Attributes(attributeDefaults ? defaults : new OrderedDictionary(), attributes)));
            return tg;
        }

        // ------------------------------------------------------------------ listeners, rules, actions

        public OrderedDictionary ForwardAction(string targetGroup, int order = 1)
        {
            var arn = TargetGroupArn(targetGroup);
            return Map(("Type", "forward"), ("TargetGroupArn", arn), ("Order", order),
                ("ForwardConfig", Map(("TargetGroups", new List<object> { Map(("TargetGroupArn", arn), ("Weight", 1)) }), ("TargetGroupStickinessConfig", Map(("Enabled", false))))));
        }

        /// <summary>A forward to several groups: the CLI prints only ForwardConfig, no top-level TargetGroupArn.</summary>
        public OrderedDictionary WeightedForwardAction(IDictionary weights) =>
            Map(("Type", "forward"), ("Order", 1),
                ("ForwardConfig", Map(
                    ("TargetGroups", weights.Keys.Cast<object>().Select(k => (string)Unwrap(k)!).OrderBy(k => k, KeyOrder)
                        .Select(k => (object)Map(("TargetGroupArn", TargetGroupArn(k)), ("Weight", Unwrap(weights[k])))).ToList()),
                    ("TargetGroupStickinessConfig", Map(("Enabled", false))))));

        public static OrderedDictionary RedirectToHttpsAction() =>
            Map(("Type", "redirect"), ("Order", 1),
                ("RedirectConfig", Map(("Protocol", "HTTPS"), ("Port", "443"), ("Host", "#{host}"), ("Path", "/#{path}"), ("Query", "#{query}"), ("StatusCode", "HTTP_301"))));

        public static OrderedDictionary FixedResponseAction(string statusCode, string body, string contentType = "text/plain") =>
            Map(("Type", "fixed-response"), ("Order", 1), ("FixedResponseConfig", Map(("MessageBody", body), ("StatusCode", statusCode), ("ContentType", contentType))));

        public static OrderedDictionary PathCondition(string[] paths)
        {
            var list = paths.Cast<object>().ToList();
            return Map(("Field", "path-pattern"), ("Values", list), ("PathPatternConfig", Map(("Values", list.ToList()))));
        }

        /// <param name="tlsSettings">False: an HTTPS listener without the certificate, security policy and mutual-authentication mode the CLI prints (a test's listener that names none).</param>
        public OrderedDictionary AddListener(string key, int port, string protocol, IEnumerable defaultActions, bool tlsSettings = true)
        {
            if (protocol != "HTTP" && protocol != "HTTPS") throw new ArgumentException("The protocol is HTTP or HTTPS, not '" + protocol + "'.", nameof(protocol));
            var lb = LoadBalancer ?? throw new InvalidOperationException("Add the load balancer before its listeners.");
            var actions = defaultActions.Cast<object>().ToList();
            var listener = Map(("ListenerArn", ListenerArn(key)), ("LoadBalancerArn", lb["LoadBalancerArn"]), ("Port", port), ("Protocol", protocol));
            if (protocol == "HTTPS" && tlsSettings)
            {
                listener["Certificates"] = new List<object> { Map(("CertificateArn", CertificateArn())) };
                listener["SslPolicy"] = "ELBSecurityPolicy-TLS13-1-2-2021-06";
            }
            listener["DefaultActions"] = actions;
            if (protocol == "HTTPS" && tlsSettings) listener["MutualAuthentication"] = Map(("Mode", "off"));
            Listeners.Add(listener);
            // Every listener has its default rule, which DescribeRules prints with priority "default".
            Rules.Add(Map(("RuleArn", RuleArn(key, "default")), ("Priority", "default"), ("Conditions", new List<object>()), ("Actions", actions.ToList()), ("IsDefault", true)));
            return listener;
        }

        /// <summary>A rule, listed before its listener's default rule (which DescribeRules prints last).</summary>
        public OrderedDictionary AddRule(string listener, int priority, IEnumerable conditions, IEnumerable actions)
        {
            var number = priority.ToString(CultureInfo.InvariantCulture);
            var rule = Map(("RuleArn", RuleArn(listener, number)), ("Priority", number), ("Conditions", conditions.Cast<object>().ToList()),
                ("Actions", actions.Cast<object>().ToList()), ("IsDefault", false));
            var defaultArn = RuleArn(listener, "default");
            var index = Rules.FindIndex(r => (string?)Unwrap(((IDictionary)Unwrap(r)!)["RuleArn"]) == defaultArn);
            if (index < 0) throw new InvalidOperationException("Add listener '" + listener + "' before its rules.");
            Rules.Insert(index, rule);
            return rule;
        }

        // ------------------------------------------------------------------ the document

        /// <summary>
        /// The snapshot document: <paramref name="scenario"/> (any dictionary: what is broken and what a
        /// diagnosis must say) as the unknown property _scenario first, then the sections.
        /// </summary>
        public string ToJson(IDictionary? scenario = null)
        {
            // Subnets without an ACL of their own are on the VPC's default ACL, as AWS does it.
            foreach (string key in _vpcDefaults ? Subnets.Keys.Cast<string>().ToList() : new List<string>())
            {
                var id = Subnet(key)["SubnetId"];
                var covered = NetworkAcls.Values.Cast<IDictionary>().Any(acl =>
                    ((IEnumerable)acl["Associations"]!).Cast<object>().Select(Unwrap).Cast<IDictionary>().Any(a => Equals(Unwrap(a["SubnetId"]), id)));
                if (!covered) AddAclAssociation("default", key);
            }
            var lbArn = (string)LoadBalancer!["LoadBalancerArn"]!;
            var used = new HashSet<string>(Rules.Select(r => (IDictionary)Unwrap(r)!)
                .SelectMany(r => ((IEnumerable)Unwrap(r["Actions"])!).Cast<object>().Select(Unwrap).Cast<IDictionary>())
                .Where(a => (string?)Unwrap(a["Type"]) == "forward" && Unwrap(a["ForwardConfig"]) is IDictionary)
                .SelectMany(a => ((IEnumerable)Unwrap(((IDictionary)Unwrap(a["ForwardConfig"])!)["TargetGroups"])!).Cast<object>().Select(Unwrap).Cast<IDictionary>())
                .Select(g => (string)Unwrap(g["TargetGroupArn"])!), StringComparer.Ordinal);
            foreach (IDictionary tg in TargetGroups.Values)
            {
                var arns = (List<object>)tg["LoadBalancerArns"]!;
                if (used.Contains((string)tg["TargetGroupArn"]!) && !arns.Contains(lbArn)) arns.Add(lbArn);
            }

            var doc = new OrderedDictionary();
            if (scenario is not null) doc["_scenario"] = scenario;
            doc["AlbSnapshotVersion"] = 1;
            doc["CollectedAt"] = CollectedAt;
            doc["Region"] = Region;
            doc["DescribeLoadBalancers"] = Map(("LoadBalancers", new List<object> { LoadBalancer }));
            doc["DescribeListeners"] = Map(("Listeners", Listeners));
            doc["DescribeRules"] = Map(("Rules", Rules));
            doc["DescribeTargetGroups"] = Map(("TargetGroups", TargetGroups.Values));
            doc["DescribeTargetHealth"] = TargetHealth;
            doc["DescribeLoadBalancerAttributes"] = Map((lbArn, LoadBalancerAttributes));
            doc["DescribeTargetGroupAttributes"] = TargetGroupAttributes;
            doc["DescribeSecurityGroups"] = Map(("SecurityGroups", SecurityGroups.Values));
            doc["DescribeNetworkAcls"] = Map(("NetworkAcls", NetworkAcls.Values));
            doc["DescribeSubnets"] = Map(("Subnets", Subnets.Values));
            doc["DescribeRouteTables"] = Map(("RouteTables", RouteTables.Values));
            doc["DescribeNetworkInterfaces"] = Map(("NetworkInterfaces", Interfaces));
            doc["DescribeInstances"] = Map(("Reservations", Reservations));
            doc["GetManagedPrefixListEntries"] = PrefixLists;
            doc["GetWebACLForResource"] = Map((lbArn, Map(("WebACL", WebAcl))));
            doc["Errors"] = Errors;
            foreach (var section in Omit) doc.Remove(section);
            return ToJsonValue(doc, 0).ToJson() + "\n";
        }

        /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> (UTF-8 without BOM, "\n" line ends).</summary>
        public void Write(string path, IDictionary? scenario = null) => File.WriteAllText(path, ToJson(scenario), new UTF8Encoding(false));

        /// <summary>
        /// JSON text as the builder's values (ordered dictionaries, lists, strings, Booleans, integers), for a
        /// resource or rule given as the CLI prints it.
        /// </summary>
        public static object? Parse(string json) => FromJsonValue(JsonValue.Parse(json, "scenario"));

        private static object? FromJsonValue(JsonValue value) => value switch
        {
            JsonObject o => o.Aggregate(new OrderedDictionary(), (map, p) => { map[p.Key] = FromJsonValue(p.Value); return map; }),
            JsonArray a => a.Select(FromJsonValue).ToList(),
            JsonString s => s.Value,
            JsonBoolean b => b.Value,
            JsonNumber n => n.TryGetInt64(out var l) ? l : n.ToDecimal(),
            _ => null,
        };

        // ------------------------------------------------------------------ helpers

        private OrderedDictionary Subnet(string key) =>
            (OrderedDictionary)(Subnets[key] ?? throw new ArgumentException("No subnet '" + key + "' in scenario " + Name + ".", nameof(key)));

        private static List<object> NameTags(string? name) =>
            string.IsNullOrEmpty(name) ? new List<object>() : new List<object> { Map(("Key", "Name"), ("Value", name)) };

        // The defaults in their order, then overrides: a known key keeps its place, a new one is appended (in key order).
        private static List<object> Attributes(OrderedDictionary defaults, IDictionary? overrides)
        {
            if (overrides is not null)
            {
                foreach (var key in overrides.Keys.Cast<object>().Select(k => (string)Unwrap(k)!).OrderBy(k => k, KeyOrder).ToList())
                    defaults[key] = Unwrap(overrides[key]);
            }
            return defaults.Cast<DictionaryEntry>().Select(e => (object)Map(("Key", e.Key), ("Value", e.Value))).ToList();
        }

        private static OrderedDictionary Map(params (string Key, object? Value)[] properties)
        {
            var map = new OrderedDictionary(properties.Length);
            foreach (var (key, value) in properties) map[key] = value;
            return map;
        }

        private static string? Text(object? value) => Unwrap(value) is string s && s.Length > 0 ? s : null;

        // PowerShell hands objects over wrapped (PSObject); the wrapped value is what is meant. Reflection keeps
        // this assembly free of a PowerShell reference.
        private static object? Unwrap(object? value)
        {
            while (value is not null && value.GetType().FullName == "System.Management.Automation.PSObject")
            {
                var inner = value.GetType().GetProperty("BaseObject")!.GetValue(value);
                if (ReferenceEquals(inner, value) || inner is null) return inner;
                value = inner;
            }
            return value;
        }

        // Dictionaries in their own key order, lists as arrays, strings, Booleans and integers: what the CLI prints.
        private static JsonValue ToJsonValue(object? value, int depth)
        {
            if (depth > JsonValue.MaxDepth) throw new InvalidOperationException("The scenario nests deeper than " + JsonValue.MaxDepth + " levels.");
            switch (Unwrap(value))
            {
                case null: return JsonValue.Null;
                case string s: return JsonValue.From(s);
                case bool b: return JsonValue.From(b);
                case int or long or short or byte or uint or ushort or sbyte: return JsonValue.From(Convert.ToInt64(Unwrap(value), CultureInfo.InvariantCulture));
                case double d: return JsonValue.From(d);
                case decimal m: return JsonValue.From(m);
                case IDictionary map:
                    var o = new JsonObject();
                    foreach (DictionaryEntry e in map) o.Set(Convert.ToString(Unwrap(e.Key), CultureInfo.InvariantCulture)!, ToJsonValue(e.Value, depth + 1));
                    return o;
                case IEnumerable list:
                    var a = new JsonArray();
                    foreach (var item in list) a.Add(ToJsonValue(item, depth + 1));
                    return a;
                case var other: throw new ArgumentException("A scenario holds a " + other.GetType().FullName + ", which is not JSON.", nameof(value));
            }
        }
    }
}
