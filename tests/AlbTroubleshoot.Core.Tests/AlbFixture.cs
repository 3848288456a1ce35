using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Tests
{
    /// <summary>
    /// A small snapshot (docs/snapshot-format.md, CLI shape) built in code: by default one healthy ALB "web" in
    /// two zones with HTTPS:443 forwarding to target group "app" (two healthy instances on 8080), no
    /// web ACL, default attributes, a default route to an internet gateway, a security group and a
    /// network ACL that let everything out. Tests change one thing and evaluate.
    /// </summary>
    internal sealed class AlbFixture
    {
        public const string Prefix = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:";
        public const string LbArn = Prefix + "loadbalancer/app/web/50dc6c495c0c9188";
        public const string AclArn = "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/edge/6f2b";

        private readonly JsonObject _root;
        private readonly JsonArray _listeners = new JsonArray();
        private readonly JsonArray _rules = new JsonArray();
        private readonly JsonArray _groups = new JsonArray();
        private readonly JsonObject _health = new JsonObject();
        private readonly JsonObject _groupAttributes = new JsonObject();
        private readonly JsonArray _lbAttributes;
        private readonly JsonArray _instances = new JsonArray();

        public AlbFixture()
        {
            _lbAttributes = new JsonArray(Attr("idle_timeout.timeout_seconds", "60"), Attr("routing.http.desync_mitigation_mode", "defensive"),
                Attr("routing.http2.enabled", "true"), Attr("waf.fail_open.enabled", "false"), Attr("client_keep_alive.seconds", "3600"));
            _root = new JsonObject
            {
                ["AlbSnapshotVersion"] = 1,
                ["Region"] = "eu-west-1",
                ["DescribeLoadBalancers"] = new JsonObject
                {
                    ["LoadBalancers"] = new JsonArray(new JsonObject
                    {
                        ["LoadBalancerArn"] = LbArn, ["LoadBalancerName"] = "web", ["Scheme"] = "internet-facing", ["Type"] = "application",
                        ["VpcId"] = "vpc-1", ["State"] = new JsonObject { ["Code"] = "active" },
                        ["AvailabilityZones"] = new JsonArray(
                            new JsonObject { ["ZoneName"] = "eu-west-1a", ["SubnetId"] = "subnet-a" },
                            new JsonObject { ["ZoneName"] = "eu-west-1b", ["SubnetId"] = "subnet-b" }),
                        ["SecurityGroups"] = new JsonArray("sg-alb"),
                    }),
                },
                ["DescribeListeners"] = new JsonObject { ["Listeners"] = _listeners },
                ["DescribeRules"] = new JsonObject { ["Rules"] = _rules },
                ["DescribeTargetGroups"] = new JsonObject { ["TargetGroups"] = _groups },
                ["DescribeTargetHealth"] = _health,
                ["DescribeLoadBalancerAttributes"] = new JsonObject { [LbArn] = new JsonObject { ["Attributes"] = _lbAttributes } },
                ["DescribeTargetGroupAttributes"] = _groupAttributes,
                ["DescribeInstances"] = new JsonObject { ["Reservations"] = new JsonArray(new JsonObject { ["Instances"] = _instances }) },
                ["DescribeSecurityGroups"] = new JsonObject
                {
                    ["SecurityGroups"] = new JsonArray(new JsonObject
                    {
                        ["GroupId"] = "sg-alb", ["GroupName"] = "web-alb", ["VpcId"] = "vpc-1", ["OwnerId"] = "111122223333",
                        ["IpPermissions"] = new JsonArray(new JsonObject { ["IpProtocol"] = "tcp", ["FromPort"] = 443, ["ToPort"] = 443, ["IpRanges"] = new JsonArray(new JsonObject { ["CidrIp"] = "0.0.0.0/0" }) }),
                        ["IpPermissionsEgress"] = new JsonArray(new JsonObject { ["IpProtocol"] = "-1", ["IpRanges"] = new JsonArray(new JsonObject { ["CidrIp"] = "0.0.0.0/0" }) }),
                    }),
                },
                ["DescribeNetworkAcls"] = new JsonObject
                {
                    ["NetworkAcls"] = new JsonArray(new JsonObject
                    {
                        ["NetworkAclId"] = "acl-1", ["VpcId"] = "vpc-1", ["IsDefault"] = true,
                        ["Associations"] = new JsonArray(new JsonObject { ["SubnetId"] = "subnet-a" }, new JsonObject { ["SubnetId"] = "subnet-b" }),
                        ["Entries"] = new JsonArray(
                            new JsonObject { ["RuleNumber"] = 100, ["Egress"] = false, ["Protocol"] = "-1", ["RuleAction"] = "allow", ["CidrBlock"] = "0.0.0.0/0" },
                            new JsonObject { ["RuleNumber"] = 100, ["Egress"] = true, ["Protocol"] = "-1", ["RuleAction"] = "allow", ["CidrBlock"] = "0.0.0.0/0" }),
                    }),
                },
                ["DescribeRouteTables"] = new JsonObject
                {
                    ["RouteTables"] = new JsonArray(new JsonObject
                    {
                        ["RouteTableId"] = "rtb-main", ["VpcId"] = "vpc-1",
                        ["Routes"] = new JsonArray(
                            new JsonObject { ["DestinationCidrBlock"] = "10.0.0.0/16", ["GatewayId"] = "local", ["State"] = "active" },
                            new JsonObject { ["DestinationCidrBlock"] = "0.0.0.0/0", ["GatewayId"] = "igw-1", ["State"] = "active" }),
                        ["Associations"] = new JsonArray(new JsonObject { ["Main"] = true, ["RouteTableId"] = "rtb-main" }),
                    }),
                },
                ["GetWebACLForResource"] = new JsonObject { [LbArn] = new JsonObject { ["WebACL"] = null } },
            };
            TargetGroup("app", Healthy("i-1"), Healthy("i-2"));
            Listener("HTTPS", 443, Forward("app"));
        }

        public static JsonObject Attr(string key, string value) => new JsonObject { ["Key"] = key, ["Value"] = value };

        public static string GroupArn(string name) => Prefix + "targetgroup/" + name + "/73e2d6bc24d8a067";

        public static string ListenerArn(int port) => Prefix + "listener/app/web/50dc6c495c0c9188/" + port.ToString("x4");

        // ------------------------------------------------------------------ targets

        public static JsonObject Target(string id, string state, string? reason = null, string? description = null, int port = 8080)
        {
            var health = new JsonObject { ["State"] = state };
            if (reason is not null) health["Reason"] = reason;
            if (description is not null) health["Description"] = description;
            return new JsonObject { ["Target"] = new JsonObject { ["Id"] = id, ["Port"] = port }, ["HealthCheckPort"] = port.ToString(), ["TargetHealth"] = health };
        }

        public static JsonObject Healthy(string id) => Target(id, "healthy");

        public AlbFixture TargetGroup(string name, params JsonObject[] targets) => TargetGroup(name, "HTTP", "HTTP1", "instance", targets);

        public AlbFixture TargetGroup(string name, string protocol, string? protocolVersion, string targetType, params JsonObject[] targets)
        {
            var arn = GroupArn(name);
            var g = new JsonObject
            {
                ["TargetGroupArn"] = arn, ["TargetGroupName"] = name, ["Protocol"] = protocol, ["Port"] = 8080, ["VpcId"] = "vpc-1",
                ["HealthCheckProtocol"] = protocol, ["HealthCheckPort"] = "traffic-port", ["HealthCheckPath"] = "/health",
                ["HealthCheckTimeoutSeconds"] = 5, ["Matcher"] = new JsonObject { ["HttpCode"] = "200" },
                ["TargetType"] = targetType, ["LoadBalancerArns"] = new JsonArray(LbArn),
            };
            if (protocolVersion is not null) g["ProtocolVersion"] = protocolVersion;
            _groups.Add(g);
            _health[arn] = new JsonObject { ["TargetHealthDescriptions"] = new JsonArray(targets.Select(t => (JsonNode)t.DeepClone()).ToArray()) };
            _groupAttributes[arn] = new JsonObject { ["Attributes"] = new JsonArray(Attr("deregistration_delay.timeout_seconds", "300"), Attr("lambda.multi_value_headers.enabled", "false")) };
            return this;
        }

        /// <summary>Sets a group's HealthCheckPort ("traffic-port" by default).</summary>
        public AlbFixture GroupHealthCheckPort(string group, string port)
        {
            _groups.Single(g => (string?)g!["TargetGroupName"] == group)!["HealthCheckPort"] = port;
            return this;
        }

        /// <summary>Turns the target optimizer on for a group (DescribeTargetGroups' TargetControlPort).</summary>
        public AlbFixture TargetControlPort(string group, int port)
        {
            _groups.OfType<JsonObject>().Single(g => (string?)g["TargetGroupName"] == group)["TargetControlPort"] = port;
            return this;
        }

        public AlbFixture Targets(string group, params JsonObject[] targets)
        {
            _health[GroupArn(group)] = new JsonObject { ["TargetHealthDescriptions"] = new JsonArray(targets.Select(t => (JsonNode)t.DeepClone()).ToArray()) };
            return this;
        }

        public AlbFixture Instance(string id, string state, string zone)
        {
            _instances.Add(new JsonObject { ["InstanceId"] = id, ["State"] = new JsonObject { ["Name"] = state }, ["Placement"] = new JsonObject { ["AvailabilityZone"] = zone } });
            return this;
        }

        // ------------------------------------------------------------------ listeners, rules, actions

        public AlbFixture Listener(string protocol, int port, params JsonObject[] defaultActions)
        {
            var arn = ListenerArn(port);
            _listeners.Add(new JsonObject
            {
                ["ListenerArn"] = arn, ["LoadBalancerArn"] = LbArn, ["Port"] = port, ["Protocol"] = protocol,
                ["DefaultActions"] = new JsonArray(defaultActions.Select(a => (JsonNode)a.DeepClone()).ToArray()),
            });
            _rules.Add(new JsonObject
            {
                ["RuleArn"] = arn.Replace(":listener/", ":listener-rule/") + "/d" + port, ["Priority"] = "default", ["IsDefault"] = true,
                ["Conditions"] = new JsonArray(), ["Actions"] = new JsonArray(defaultActions.Select(a => (JsonNode)a.DeepClone()).ToArray()),
            });
            return this;
        }

        /// <summary>Replaces the listeners (and their rules) with one listener.</summary>
        public AlbFixture OnlyListener(string protocol, int port, params JsonObject[] defaultActions)
        {
            _listeners.Clear();
            _rules.Clear();
            return Listener(protocol, port, defaultActions);
        }

        public AlbFixture Rule(int listenerPort, int priority, string path, params JsonObject[] actions)
        {
            _rules.Insert(0, new JsonObject
            {
                ["RuleArn"] = ListenerArn(listenerPort).Replace(":listener/", ":listener-rule/") + "/r" + priority, ["Priority"] = priority.ToString(), ["IsDefault"] = false,
                ["Conditions"] = new JsonArray(new JsonObject { ["Field"] = "path-pattern", ["Values"] = new JsonArray(path) }),
                ["Actions"] = new JsonArray(actions.Select(a => (JsonNode)a.DeepClone()).ToArray()),
            });
            return this;
        }

        public static JsonObject Forward(string group) => new JsonObject { ["Type"] = "forward", ["TargetGroupArn"] = GroupArn(group) };

        public static JsonObject Weighted(bool stickiness, params (string Group, int Weight)[] groups) => new JsonObject
        {
            ["Type"] = "forward",
            ["ForwardConfig"] = new JsonObject
            {
                ["TargetGroups"] = new JsonArray(groups.Select(g => (JsonNode)new JsonObject { ["TargetGroupArn"] = GroupArn(g.Group), ["Weight"] = g.Weight }).ToArray()),
                ["TargetGroupStickinessConfig"] = new JsonObject { ["Enabled"] = stickiness, ["DurationSeconds"] = 3600 },
            },
        };

        public static JsonObject Fixed(string code) => new JsonObject
        {
            ["Type"] = "fixed-response",
            ["FixedResponseConfig"] = new JsonObject { ["StatusCode"] = code, ["ContentType"] = "text/plain", ["MessageBody"] = "maintenance" },
        };

        public static JsonObject Redirect(string? path, string? query) => new JsonObject
        {
            ["Type"] = "redirect",
            ["RedirectConfig"] = new JsonObject { ["Protocol"] = "HTTPS", ["Port"] = "443", ["Host"] = "#{host}", ["Path"] = path, ["Query"] = query, ["StatusCode"] = "HTTP_301" },
        };

        public static JsonObject Oidc(string scope = "openid", string onUnauthenticated = "authenticate") => new JsonObject
        {
            ["Type"] = "authenticate-oidc", ["Order"] = 1,
            ["AuthenticateOidcConfig"] = new JsonObject
            {
                ["Issuer"] = "https://idp.example.com", ["AuthorizationEndpoint"] = "https://idp.example.com/authorize",
                ["TokenEndpoint"] = "https://idp.example.com/token", ["UserInfoEndpoint"] = "https://idp.example.com/userinfo",
                ["ClientId"] = "web", ["Scope"] = scope, ["OnUnauthenticatedRequest"] = onUnauthenticated,
            },
        };

        // ------------------------------------------------------------------ attributes, WAF, sections

        public AlbFixture LbAttribute(string key, string value)
        {
            foreach (var a in _lbAttributes.OfType<JsonObject>().Where(a => (string?)a["Key"] == key).ToList()) _lbAttributes.Remove(a);
            _lbAttributes.Add(Attr(key, value));
            return this;
        }

        public AlbFixture GroupAttribute(string group, string key, string value)
        {
            var list = (JsonArray)_groupAttributes[GroupArn(group)]!["Attributes"]!;
            foreach (var a in list.OfType<JsonObject>().Where(a => (string?)a["Key"] == key).ToList()) list.Remove(a);
            list.Add(Attr(key, value));
            return this;
        }

        public AlbFixture WebAcl(string defaultAction)
        {
            ((JsonObject)_root["GetWebACLForResource"]!)[LbArn] = new JsonObject
            {
                ["WebACL"] = new JsonObject { ["Name"] = "edge", ["Id"] = "6f2b", ["ARN"] = AclArn, ["DefaultAction"] = new JsonObject { [defaultAction] = new JsonObject() } },
            };
            return this;
        }

        public AlbFixture Without(string section)
        {
            _root.Remove(section);
            return this;
        }

        public AlbFixture NoDefaultRoute()
        {
            var routes = (JsonArray)_root["DescribeRouteTables"]!["RouteTables"]![0]!["Routes"]!;
            routes.RemoveAt(1);
            return this;
        }

        /// <summary>Any other change to the snapshot, on its JSON (CLI shape).</summary>
        public AlbFixture Edit(System.Action<JsonObject> edit)
        {
            edit(_root);
            return this;
        }

        /// <summary>The first rule (the last one added).</summary>
        public JsonObject FirstRule => (JsonObject)_rules[0]!;

        public EnvironmentModel Model() => SnapshotMapper.Map(SnapshotDocument.Parse(Json(), "fixture"));

        /// <summary>The snapshot as a file holds it.</summary>
        public string Json() => _root.ToJsonString();

        public IReadOnlyList<ErrorCause> Evaluate(DiagnosisOptions? options = null)
        {
            var model = Model();
            return CauseEvaluator.Evaluate(model, model.LoadBalancers!.Single(), options ?? new DiagnosisOptions());
        }

        public ErrorCause Cause(string id, DiagnosisOptions? options = null) => Evaluate(options).Single(c => c.Id == id);
    }
}
