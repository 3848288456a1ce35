using System;
using System.Collections.Generic;
using System.Linq;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Network;
using AlbTroubleshoot.Snapshots;
using static AlbTroubleshoot.Model.JsonRead;

namespace AlbTroubleshoot.Model
{
    /// <summary>
    /// The one mapper from a snapshot document to the environment model. It first brings every
    /// section to CLI spelling (<see cref="CliSpelling"/>), so CLI JSON, AWS Tools V5 (SDK v4) and
    /// AWS Tools V4 (SDK v3) shapes all give the same model, then reads by property name.
    /// A missing section gives a null collection (unknown), never an empty one.
    /// </summary>
    public static class SnapshotMapper
    {
        public static EnvironmentModel Map(SnapshotDocument document)
        {
            if (document is null) throw new ArgumentNullException(nameof(document));
            var sections = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var operation in SnapshotOperations.All)
            {
                var section = document.GetSection(operation);
                if (section is not null) sections[operation] = CliSpelling.NormalizeSection(operation, section);
            }

            List<JsonObject>? Items(string operation) =>
                sections.TryGetValue(operation, out var s) ? Objects(s, SnapshotOperations.ListProperty(operation)!).ToList() : null;
            JsonObject? PerResource(string operation, string key) =>
                sections.TryGetValue(operation, out var s) ? s[key] as JsonObject : null;

            var rules = Items(SnapshotOperations.DescribeRules)?.Select(MapRule).ToList();
            var listeners = Items(SnapshotOperations.DescribeListeners)?.Select(l => MapListener(l, rules)).ToList();
            var listenersFailed = document.Errors.ContainsKey(SnapshotOperations.DescribeListeners);

            var model = new EnvironmentModel
            {
                Region = document.Region,
                CollectedAt = document.CollectedAt,
                PresentSections = sections.Keys.ToList(),
                Errors = document.Errors,
                LoadBalancers = Items(SnapshotOperations.DescribeLoadBalancers)?.Select(lb => MapLoadBalancer(lb, listeners, listenersFailed,
                    PerResource(SnapshotOperations.DescribeLoadBalancerAttributes, Str(lb, "LoadBalancerArn") ?? string.Empty),
                    sections.ContainsKey(SnapshotOperations.GetWebACLForResource),
                    PerResource(SnapshotOperations.GetWebACLForResource, Str(lb, "LoadBalancerArn") ?? string.Empty))).ToList(),
                TargetGroups = Items(SnapshotOperations.DescribeTargetGroups)?.Select(tg => MapTargetGroup(tg,
                    PerResource(SnapshotOperations.DescribeTargetHealth, Str(tg, "TargetGroupArn") ?? string.Empty),
                    PerResource(SnapshotOperations.DescribeTargetGroupAttributes, Str(tg, "TargetGroupArn") ?? string.Empty))).ToList(),
                SecurityGroups = Items(SnapshotOperations.DescribeSecurityGroups)?.Select(MapSecurityGroup).ToList(),
                NetworkAcls = Items(SnapshotOperations.DescribeNetworkAcls)?.Select(MapNetworkAcl).ToList(),
                Subnets = Items(SnapshotOperations.DescribeSubnets)?.Select(MapSubnet).ToList(),
                RouteTables = Items(SnapshotOperations.DescribeRouteTables)?.Select(MapRouteTable).ToList(),
                NetworkInterfaces = Items(SnapshotOperations.DescribeNetworkInterfaces)?.Select(MapNetworkInterface).ToList(),
                Instances = Items(SnapshotOperations.DescribeInstances)?.SelectMany(r => Objects(r, "Instances")).Select(MapInstance).ToList(),
                PrefixLists = sections.TryGetValue(SnapshotOperations.GetManagedPrefixListEntries, out var prefixLists)
                    ? prefixLists.Where(p => p.Value is JsonObject).ToDictionary(
                        p => p.Key,
                        p => (IReadOnlyList<IpCidr>)Objects((JsonObject)p.Value, "Entries")
                            .Select(e => Cidr(Str(e, "Cidr"), SnapshotOperations.GetManagedPrefixListEntries + " " + p.Key)).ToList(),
                        StringComparer.Ordinal)
                    : null,
            };
            return model;
        }

        private static LoadBalancer MapLoadBalancer(JsonObject lb, List<Listener>? listeners, bool listenersFailed, JsonObject? attributes, bool webAclKnown, JsonObject? webAcl)
        {
            var arn = Str(lb, "LoadBalancerArn") ?? string.Empty;
            var own = listeners?.Where(l => l.LoadBalancerArn == arn).OrderBy(l => l.Port ?? 0).ToList();
            // A load balancer may have no listener; but none while DescribeListeners failed
            // (for one of several load balancers) means not read, not none.
            if (own is not null && own.Count == 0 && listenersFailed) own = null;
            var state = Obj(lb, "State");
            return new LoadBalancer
            {
                Arn = arn,
                Name = Str(lb, "LoadBalancerName") ?? string.Empty,
                DnsName = Str(lb, "DNSName"),
                Scheme = Str(lb, "Scheme"),
                Type = Str(lb, "Type"),
                VpcId = Str(lb, "VpcId"),
                State = Str(state, "Code"),
                StateReason = Str(state, "Reason"),
                IpAddressType = Str(lb, "IpAddressType"),
                CreatedTime = Time(lb, "CreatedTime"),
                AvailabilityZones = Objects(lb, "AvailabilityZones").Select(z => new LoadBalancerZone
                {
                    ZoneName = Str(z, "ZoneName") ?? string.Empty,
                    SubnetId = Str(z, "SubnetId"),
                    OutpostId = Str(z, "OutpostId"),
                    Addresses = Objects(z, "LoadBalancerAddresses")
                        .Select(a => Str(a, "IpAddress") ?? Str(a, "PrivateIPv4Address") ?? Str(a, "IPv6Address"))
                        .Where(a => a is not null).Select(a => a!).ToList(),
                }).ToList(),
                SecurityGroupIds = Strings(lb, "SecurityGroups"),
                Listeners = own,
                Attributes = attributes is null ? null : MapAttributes(attributes),
                WebAcl = !webAclKnown || webAcl is null ? null : MapWebAcl(Obj(webAcl, "WebACL")),
            };
        }

        private static IReadOnlyDictionary<string, string> MapAttributes(JsonObject response)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var a in Objects(response, "Attributes"))
            {
                var key = Str(a, "Key");
                if (key is not null) result[key] = Str(a, "Value") ?? string.Empty;
            }
            return result;
        }

        private static WebAclAssociation MapWebAcl(JsonObject? acl) => acl is null
            ? new WebAclAssociation { IsAssociated = false }
            : new WebAclAssociation
            {
                IsAssociated = true,
                Arn = Str(acl, "ARN") ?? Str(acl, "Arn"),
                Name = Str(acl, "Name"),
                Id = Str(acl, "Id"),
                DefaultAction = Obj(acl, "DefaultAction")?.Names.FirstOrDefault(),
            };

        private static Listener MapListener(JsonObject l, List<ListenerRule>? rules)
        {
            var arn = Str(l, "ListenerArn") ?? string.Empty;
            var own = rules?.Where(r => r.ListenerArn == arn)
                .OrderBy(r => r.IsDefault || r.PriorityNumber is null ? 1 : 0)
                .ThenBy(r => r.PriorityNumber ?? int.MaxValue)
                .ToList();
            // Every listener has a default rule, so a listener without rules in the section had
            // its DescribeRules call fail (or was added by hand): its rules are unknown.
            if (own is not null && own.Count == 0) own = null;
            return new Listener
            {
                Arn = arn,
                LoadBalancerArn = Str(l, "LoadBalancerArn") ?? string.Empty,
                Protocol = Str(l, "Protocol"),
                Port = Int(l, "Port"),
                SslPolicy = Str(l, "SslPolicy"),
                CertificateArns = Objects(l, "Certificates").Select(c => Str(c, "CertificateArn")).Where(c => c is not null).Select(c => c!).ToList(),
                AlpnPolicy = Strings(l, "AlpnPolicy"),
                DefaultActions = MapActions(l, "DefaultActions"),
                Rules = own,
            };
        }

        /// <summary>listener-rule/app/n/lb/listener/rule → listener/app/n/lb/listener (docs/snapshot-format.md).</summary>
        internal static string ListenerArnOfRule(string ruleArn)
        {
            var slash = ruleArn.LastIndexOf('/');
            if (slash < 0) return string.Empty;
            return ruleArn.Substring(0, slash).Replace(":listener-rule/", ":listener/");
        }

        private static ListenerRule MapRule(JsonObject r)
        {
            var arn = Str(r, "RuleArn") ?? string.Empty;
            var priority = Str(r, "Priority") ?? string.Empty;
            var number = Int(r, "Priority");
            return new ListenerRule
            {
                Arn = arn,
                ListenerArn = ListenerArnOfRule(arn),
                Priority = priority,
                PriorityNumber = number,
                IsDefault = Bool(r, "IsDefault") ?? string.Equals(priority, "default", StringComparison.Ordinal),
                Conditions = Objects(r, "Conditions").Select(MapCondition).ToList(),
                Actions = MapActions(r, "Actions"),
            };
        }

        private static RuleCondition MapCondition(JsonObject c)
        {
            var values = new List<string>(Strings(c, "Values"));
            foreach (var config in new[] { "HostHeaderConfig", "PathPatternConfig", "HttpHeaderConfig", "HttpRequestMethodConfig", "SourceIpConfig" })
                foreach (var v in Strings(Obj(c, config), "Values"))
                    if (!values.Contains(v)) values.Add(v);
            return new RuleCondition
            {
                Field = Str(c, "Field") ?? string.Empty,
                Values = values,
                HttpHeaderName = Str(Obj(c, "HttpHeaderConfig"), "HttpHeaderName"),
                QueryStrings = Objects(Obj(c, "QueryStringConfig"), "Values")
                    .Select(kv => new KeyValuePair<string?, string>(Str(kv, "Key"), Str(kv, "Value") ?? string.Empty)).ToList(),
            };
        }

        private static IReadOnlyList<RuleAction> MapActions(JsonObject owner, string name) =>
            Objects(owner, name).Select(MapAction).OrderBy(a => a.Order ?? int.MaxValue).ToList();

        private static RuleAction MapAction(JsonObject a)
        {
            var type = Str(a, "Type") ?? string.Empty;
            var forward = Obj(a, "ForwardConfig");
            var groups = Objects(forward, "TargetGroups")
                .Select(t => new WeightedTargetGroup { TargetGroupArn = Str(t, "TargetGroupArn") ?? string.Empty, Weight = Int(t, "Weight") })
                .ToList();
            var single = Str(a, "TargetGroupArn");
            if (single is not null && !groups.Any(g => g.TargetGroupArn == single))
                groups.Insert(0, new WeightedTargetGroup { TargetGroupArn = single });
            var stickiness = Obj(forward, "TargetGroupStickinessConfig");
            var redirect = Obj(a, "RedirectConfig");
            var fixedResponse = Obj(a, "FixedResponseConfig");
            var oidc = Obj(a, "AuthenticateOidcConfig");
            var cognito = Obj(a, "AuthenticateCognitoConfig");
            return new RuleAction
            {
                Type = type,
                Order = Int(a, "Order"),
                TargetGroups = groups,
                StickinessEnabled = Bool(stickiness, "Enabled"),
                StickinessDurationSeconds = Int(stickiness, "DurationSeconds"),
                Redirect = redirect is null ? null : new RedirectSettings
                {
                    Protocol = Str(redirect, "Protocol"),
                    Port = Str(redirect, "Port"),
                    Host = Str(redirect, "Host"),
                    Path = Str(redirect, "Path"),
                    Query = Str(redirect, "Query"),
                    StatusCode = Str(redirect, "StatusCode"),
                },
                FixedResponse = fixedResponse is null ? null : new FixedResponseSettings
                {
                    StatusCode = Str(fixedResponse, "StatusCode"),
                    ContentType = Str(fixedResponse, "ContentType"),
                    MessageBody = Str(fixedResponse, "MessageBody"),
                },
                Authenticate = oidc is not null ? MapAuthenticate("oidc", oidc) : cognito is not null ? MapAuthenticate("cognito", cognito) : null,
            };
        }

        private static AuthenticateSettings MapAuthenticate(string provider, JsonObject c) => new AuthenticateSettings
        {
            Provider = provider,
            Issuer = Str(c, "Issuer"),
            AuthorizationEndpoint = Str(c, "AuthorizationEndpoint"),
            TokenEndpoint = Str(c, "TokenEndpoint"),
            UserInfoEndpoint = Str(c, "UserInfoEndpoint"),
            ClientId = Str(c, "ClientId"),
            UserPoolArn = Str(c, "UserPoolArn"),
            UserPoolClientId = Str(c, "UserPoolClientId"),
            UserPoolDomain = Str(c, "UserPoolDomain"),
            Scope = Str(c, "Scope"),
            SessionCookieName = Str(c, "SessionCookieName"),
            SessionTimeout = Long(c, "SessionTimeout"),
            OnUnauthenticatedRequest = Str(c, "OnUnauthenticatedRequest"),
        };

        private static TargetGroup MapTargetGroup(JsonObject tg, JsonObject? health, JsonObject? attributes)
        {
            var matcher = Obj(tg, "Matcher");
            return new TargetGroup
            {
                Arn = Str(tg, "TargetGroupArn") ?? string.Empty,
                Name = Str(tg, "TargetGroupName") ?? string.Empty,
                Protocol = Str(tg, "Protocol"),
                ProtocolVersion = Str(tg, "ProtocolVersion"),
                Port = Int(tg, "Port"),
                VpcId = Str(tg, "VpcId"),
                TargetType = Str(tg, "TargetType"),
                IpAddressType = Str(tg, "IpAddressType"),
                TargetControlPort = Int(tg, "TargetControlPort"),
                HealthCheck = new HealthCheckSettings
                {
                    Enabled = Bool(tg, "HealthCheckEnabled"),
                    Protocol = Str(tg, "HealthCheckProtocol"),
                    Port = Str(tg, "HealthCheckPort"),
                    Path = Str(tg, "HealthCheckPath"),
                    IntervalSeconds = Int(tg, "HealthCheckIntervalSeconds"),
                    TimeoutSeconds = Int(tg, "HealthCheckTimeoutSeconds"),
                    HealthyThresholdCount = Int(tg, "HealthyThresholdCount"),
                    UnhealthyThresholdCount = Int(tg, "UnhealthyThresholdCount"),
                    MatcherHttpCode = Str(matcher, "HttpCode"),
                    MatcherGrpcCode = Str(matcher, "GrpcCode"),
                },
                LoadBalancerArns = Strings(tg, "LoadBalancerArns"),
                Targets = health is null ? null : Objects(health, "TargetHealthDescriptions").Select(MapTarget).ToList(),
                Attributes = attributes is null ? null : MapAttributes(attributes),
            };
        }

        private static RegisteredTarget MapTarget(JsonObject d)
        {
            var target = Obj(d, "Target");
            var health = Obj(d, "TargetHealth");
            return new RegisteredTarget
            {
                Id = Str(target, "Id") ?? string.Empty,
                Port = Int(target, "Port"),
                AvailabilityZone = Str(target, "AvailabilityZone"),
                HealthCheckPort = Str(d, "HealthCheckPort"),
                State = Str(health, "State"),
                Reason = Str(health, "Reason"),
                Description = Str(health, "Description"),
            };
        }

        private static SecurityGroup MapSecurityGroup(JsonObject g)
        {
            var id = Str(g, "GroupId") ?? string.Empty;
            var where = SnapshotOperations.DescribeSecurityGroups + " " + id;
            return new SecurityGroup(id.Length > 0 ? id : throw Unreadable(SnapshotOperations.DescribeSecurityGroups, "a security group has no GroupId"),
                Str(g, "GroupName"), Str(g, "VpcId"), Str(g, "OwnerId"),
                Objects(g, "IpPermissions").Select(p => MapPermission(p, where + " inbound")),
                Objects(g, "IpPermissionsEgress").Select(p => MapPermission(p, where + " outbound")));
        }

        private static SecurityGroupRule MapPermission(JsonObject p, string where) => new SecurityGroupRule(
            Protocol(Str(p, "IpProtocol"), where),
            Int(p, "FromPort"),
            Int(p, "ToPort"),
            Objects(p, "IpRanges").Select(r => Cidr(Str(r, "CidrIp"), where)),
            Objects(p, "Ipv6Ranges").Select(r => Cidr(Str(r, "CidrIpv6"), where)),
            Objects(p, "UserIdGroupPairs").Select(u => new SecurityGroupReference(
                Str(u, "GroupId") ?? throw Unreadable(where, "a group reference has no GroupId"),
                Str(u, "UserId"), Str(u, "VpcId"), Str(u, "VpcPeeringConnectionId"))),
            Objects(p, "PrefixListIds").Select(r => Str(r, "PrefixListId") ?? string.Empty));

        /// <summary>
        /// Reads one NACL in any of the shapes the mapper accepts (CLI JSON, AWS Tools V4/V5 objects
        /// turned into JSON), for commands that take NACLs alone; throws <see cref="SnapshotFormatException"/>
        /// naming the NACL, rule and value it cannot read.
        /// </summary>
        internal static NetworkAcl ReadNetworkAcl(JsonObject networkAcl)
        {
            var section = CliSpelling.NormalizeSection(SnapshotOperations.DescribeNetworkAcls,
                new JsonObject { { "NetworkAcls", new JsonArray(new JsonValue[] { networkAcl }) } });
            return Objects(section, "NetworkAcls").Select(MapNetworkAcl).Single();
        }

        private static NetworkAcl MapNetworkAcl(JsonObject n)
        {
            var id = Str(n, "NetworkAclId") ?? string.Empty;
            if (id.Length == 0) throw Unreadable(SnapshotOperations.DescribeNetworkAcls, "a network ACL has no NetworkAclId (pipe Get-EC2NetworkAcl output or the JSON of 'aws ec2 describe-network-acls')");
            var where = SnapshotOperations.DescribeNetworkAcls + " " + id;
            // Every NACL has at least its default rules: no Entries means the rules are not known, not that there are none.
            if (n["Entries"] is not JsonArray) throw Unreadable(where, "it has no Entries, so its rules are not known");
            var entries = Objects(n, "Entries").Select(e =>
            {
                var number = Int(e, "RuleNumber") ?? 0;
                var rule = where + " rule " + number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var action = Str(e, "RuleAction");
                if (action != "allow" && action != "deny") throw Unreadable(rule, "RuleAction is '" + action + "', not allow or deny");
                var ports = Obj(e, "PortRange");
                var icmp = Obj(e, "IcmpTypeCode");
                try
                {
                    return new NetworkAclEntry(number, Bool(e, "Egress") ?? false, Protocol(Str(e, "Protocol"), rule), action == "allow",
                        Cidr(Str(e, "CidrBlock") ?? Str(e, "Ipv6CidrBlock"), rule),
                        ports is null || Int(ports, "From") is null ? null : new PortRange(Int(ports, "From")!.Value, Int(ports, "To") ?? Int(ports, "From")!.Value),
                        Int(icmp, "Type"), Int(icmp, "Code"));
                }
                catch (ArgumentOutOfRangeException e2)
                {
                    throw Unreadable(rule, e2.Message.Split('\n')[0]);
                }
            }).ToList();
            var subnets = Objects(n, "Associations").Select(a => Str(a, "SubnetId")).Where(s => s is not null).Select(s => s!);
            return new NetworkAcl(id, Str(n, "VpcId"), entries, subnets, Bool(n, "IsDefault") ?? false);
        }

        private static Subnet MapSubnet(JsonObject s) => new Subnet
        {
            Id = Str(s, "SubnetId") ?? string.Empty,
            VpcId = Str(s, "VpcId"),
            AvailabilityZone = Str(s, "AvailabilityZone"),
            AvailabilityZoneId = Str(s, "AvailabilityZoneId"),
            CidrBlock = Str(s, "CidrBlock"),
            Ipv6CidrBlocks = Objects(s, "Ipv6CidrBlockAssociationSet")
                .Where(a => (Str(Obj(a, "Ipv6CidrBlockState"), "State") ?? "associated") == "associated")
                .Select(a => Str(a, "Ipv6CidrBlock")).Where(c => c is not null).Select(c => c!).ToList(),
            State = Str(s, "State"),
            MapPublicIpOnLaunch = Bool(s, "MapPublicIpOnLaunch"),
        };

        private static RouteTable MapRouteTable(JsonObject t)
        {
            var id = Str(t, "RouteTableId") ?? string.Empty;
            if (id.Length == 0) throw Unreadable(SnapshotOperations.DescribeRouteTables, "a route table has no RouteTableId");
            // A disassociated association no longer routes the subnet; AWS lists it briefly after a change.
            var associations = Objects(t, "Associations")
                .Where(a => (Str(Obj(a, "AssociationState"), "State") ?? "associated") == "associated").ToList();
            return new RouteTable(id, Str(t, "VpcId"),
                Objects(t, "Routes").Select(r => MapRoute(r, SnapshotOperations.DescribeRouteTables + " " + id)),
                associations.Select(a => Str(a, "SubnetId")).Where(s => s is not null).Select(s => s!),
                associations.Any(a => Bool(a, "Main") == true));
        }

        /// <summary>The route target properties, in the order AWS fills them (an instance route also names its ENI).</summary>
        private static readonly string[] RouteTargetProperties =
        {
            "GatewayId", "NatGatewayId", "TransitGatewayId", "VpcPeeringConnectionId", "EgressOnlyInternetGatewayId", "LocalGatewayId",
            "CarrierGatewayId", "CoreNetworkArn", "OdbNetworkArn", "InstanceId", "NetworkInterfaceId",
        };

        private static Route MapRoute(JsonObject r, string where)
        {
            var cidr = Str(r, "DestinationCidrBlock") ?? Str(r, "DestinationIpv6CidrBlock");
            var prefixList = Str(r, "DestinationPrefixListId");
            if (cidr is null && prefixList is null) throw Unreadable(where, "a route has no destination");
            return new Route(cidr is null ? null : Cidr(cidr, where), prefixList,
                RouteTargetProperties.Select(p => Str(r, p)).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? string.Empty,
                Str(r, "State"), Str(r, "Origin"));
        }

        private static IpCidr Cidr(string? text, string where) =>
            IpCidr.TryParse(text, out var cidr) ? cidr! : throw Unreadable(where, "'" + text + "' is not a CIDR block");

        private static IpProtocol Protocol(string? text, string where) =>
            IpProtocol.TryParse(text, out var protocol) ? protocol : throw Unreadable(where, "'" + text + "' is not an IP protocol");

        /// <summary>A value the evaluators cannot read: the snapshot is wrong there, and guessing would give a wrong verdict.</summary>
        private static SnapshotFormatException Unreadable(string where, string what) =>
            new SnapshotFormatException(SnapshotErrorIds.NotASnapshot, "snapshot", where + ": " + what + ".");

        private static NetworkInterface MapNetworkInterface(JsonObject n)
        {
            var attachment = Obj(n, "Attachment");
            return new NetworkInterface
            {
                Id = Str(n, "NetworkInterfaceId") ?? string.Empty,
                SubnetId = Str(n, "SubnetId"),
                VpcId = Str(n, "VpcId"),
                AvailabilityZone = Str(n, "AvailabilityZone"),
                Description = Str(n, "Description"),
                InterfaceType = Str(n, "InterfaceType"),
                RequesterId = Str(n, "RequesterId"),
                RequesterManaged = Bool(n, "RequesterManaged"),
                Status = Str(n, "Status"),
                PrivateIpAddress = Str(n, "PrivateIpAddress"),
                PrivateIpAddresses = PrivateAddresses(n),
                Ipv6Addresses = Objects(n, "Ipv6Addresses").Select(a => Str(a, "Ipv6Address")).Where(a => a is not null).Select(a => a!).ToList(),
                SecurityGroupIds = GroupIds(n, "Groups"),
                AttachmentInstanceId = Str(attachment, "InstanceId"),
                AttachmentStatus = Str(attachment, "Status"),
            };
        }

        private static Instance MapInstance(JsonObject i)
        {
            var interfaces = Objects(i, "NetworkInterfaces").ToList();
            var addresses = new List<string>();
            var primary = Str(i, "PrivateIpAddress");
            if (primary is not null) addresses.Add(primary);
            foreach (var n in interfaces.OrderBy(n => Int(Obj(n, "Attachment"), "DeviceIndex") ?? 0))
                foreach (var a in PrivateAddresses(n))
                    if (!addresses.Contains(a)) addresses.Add(a);
            var groups = new List<string>(GroupIds(i, "SecurityGroups"));
            foreach (var n in interfaces)
                foreach (var g in GroupIds(n, "Groups"))
                    if (!groups.Contains(g)) groups.Add(g);
            return new Instance
            {
                Id = Str(i, "InstanceId") ?? string.Empty,
                State = Str(Obj(i, "State"), "Name"),
                SubnetId = Str(i, "SubnetId"),
                VpcId = Str(i, "VpcId"),
                AvailabilityZone = Str(Obj(i, "Placement"), "AvailabilityZone"),
                PrivateIpAddress = primary,
                PrivateIpAddresses = addresses,
                NetworkInterfaceIds = interfaces.Select(n => Str(n, "NetworkInterfaceId")).Where(n => n is not null).Select(n => n!).ToList(),
                SecurityGroupIds = groups,
            };
        }

        /// <summary>Primary address first, then the secondary ones in AWS order.</summary>
        private static IReadOnlyList<string> PrivateAddresses(JsonObject n)
        {
            var result = new List<string>();
            var primary = Str(n, "PrivateIpAddress");
            if (primary is not null) result.Add(primary);
            foreach (var a in Objects(n, "PrivateIpAddresses").OrderBy(a => Bool(a, "Primary") == true ? 0 : 1))
            {
                var ip = Str(a, "PrivateIpAddress");
                if (ip is not null && !result.Contains(ip)) result.Add(ip);
            }
            return result;
        }

        private static IReadOnlyList<string> GroupIds(JsonObject owner, string name) =>
            Objects(owner, name).Select(g => Str(g, "GroupId")).Where(g => g is not null).Select(g => g!).ToList();
    }
}
