using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Scenarios;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Tests
{
    /// <summary>
    /// A small snapshot built with the scenario builder (literal IDs, no VPC defaults): by default one healthy
    /// ALB "web" in two zones with HTTPS:443 forwarding to target group "app" (two healthy instances on 8080), no
    /// web ACL, a few attributes, a default route to an internet gateway, a security group and a network ACL
    /// that let everything out. Tests change one thing and evaluate; the snapshot is built when it is read.
    /// </summary>
    /// <remarks>
    /// The sections a test does not need stay out of the file, as a collector that could not read them
    /// leaves them out: subnets, network interfaces, prefix lists, and the time it was collected.
    /// </remarks>
    internal sealed class AlbFixture
    {
        public const string Account = "111122223333";
        public const string Prefix = "arn:aws:elasticloadbalancing:eu-west-1:" + Account + ":";
        private const string LbId = "50dc6c495c0c9188";
        public const string LbArn = Prefix + "loadbalancer/app/web/" + LbId;
        public const string AclArn = "arn:aws:wafv2:eu-west-1:" + Account + ":regional/webacl/edge/6f2b";

        // What a test asked for; Json() hands it to the builder.
        private readonly List<GroupSettings> _groups = new List<GroupSettings>();
        private readonly List<(string Protocol, int Port, IDictionary[] Actions)> _listeners = new List<(string, int, IDictionary[])>();
        private readonly List<(int Port, int Priority, string Path, IDictionary[] Actions, OrderedDictionary More)> _rules =
            new List<(int, int, string, IDictionary[], OrderedDictionary)>();
        private readonly List<(string Id, string State, string Zone)> _instances = new List<(string, string, string)>();
        private readonly OrderedDictionary _lbAttributes = new OrderedDictionary
        {
            ["idle_timeout.timeout_seconds"] = "60", ["routing.http.desync_mitigation_mode"] = "defensive", ["routing.http2.enabled"] = "true",
            ["waf.fail_open.enabled"] = "false", ["client_keep_alive.seconds"] = "3600",
        };
        private readonly List<object> _aclEntries = new List<object>
        {
            ScenarioBuilder.AclEntry(100, protocol: "-1"), ScenarioBuilder.AclEntry(100, egress: true, protocol: "-1"),
        };
        private readonly List<string> _omit = new List<string>
        {
            SnapshotOperations.DescribeSubnets, SnapshotOperations.DescribeNetworkInterfaces, SnapshotOperations.GetManagedPrefixListEntries,
            SnapshotDocument.CollectedAtProperty,
        };
        private string _scheme = "internet-facing";
        private IDictionary? _defaultRoute = ScenarioBuilder.Route("0.0.0.0/0", "igw-1");
        private IEnumerable? _albEgress;
        private OrderedDictionary? _webAcl;

        /// <summary>A target group as the fixture holds it until the snapshot is built; <see cref="Group"/> changes one.</summary>
        internal sealed class GroupSettings
        {
            public GroupSettings(string name) => Name = name;
            public string Name { get; }
            public string Protocol { get; set; } = "HTTP";
            public string? ProtocolVersion { get; set; } = "HTTP1";
            public string TargetType { get; set; } = "instance";
            public int Port { get; set; } = 8080;
            /// <summary>Null: the group's protocol.</summary>
            public string? HealthCheckProtocol { get; set; }
            public string HealthCheckPort { get; set; } = "traffic-port";
            /// <summary>The target optimizer's port (0: off).</summary>
            public int TargetControlPort { get; set; }
            /// <summary>Whether DescribeTargetGroups lists the load balancer in its LoadBalancerArns (every group is, unless a test says not).</summary>
            public bool Attached { get; set; } = true;
            /// <summary>Target health as ScenarioBuilder.Target specifies it.</summary>
            public List<object> Targets { get; set; } = new List<object>();
            public OrderedDictionary Attributes { get; } = new OrderedDictionary
            {
                ["deregistration_delay.timeout_seconds"] = "300", ["lambda.multi_value_headers.enabled"] = "false",
            };
        }

        public AlbFixture()
        {
            TargetGroup("app", Healthy("i-1"), Healthy("i-2"));
            Listener("HTTPS", 443, Forward("app"));
        }

        public static string GroupArn(string name) => Prefix + "targetgroup/" + name + "/73e2d6bc24d8a067";

        public static string ListenerArn(int port) => Prefix + "listener/app/web/" + LbId + "/" + port.ToString("x4");

        /// <summary>A part of the snapshot as the CLI prints it (an action, a rule's field), as the builder's values.</summary>
        public static object Part(string json) => ScenarioBuilder.Parse(json)!;

        // ------------------------------------------------------------------ targets

        /// <summary>A registered target and its health (DescribeTargetHealth); the port is the traffic port.</summary>
        public static OrderedDictionary Target(string id, string state, string? reason = null, string? description = null, int port = 8080) =>
            ScenarioBuilder.Target(id, port, state, reason, description);

        public static OrderedDictionary Healthy(string id) => Target(id, "healthy");

        public AlbFixture TargetGroup(string name, params IDictionary[] targets) => TargetGroup(name, "HTTP", "HTTP1", "instance", targets);

        public AlbFixture TargetGroup(string name, string protocol, string? protocolVersion, string targetType, params IDictionary[] targets)
        {
            _groups.Add(new GroupSettings(name) { Protocol = protocol, ProtocolVersion = protocolVersion, TargetType = targetType, Targets = targets.Cast<object>().ToList() });
            return this;
        }

        /// <summary>Changes one of the fixture's target groups.</summary>
        public AlbFixture Group(string name, System.Action<GroupSettings> change)
        {
            change(_groups.Single(g => g.Name == name));
            return this;
        }

        /// <summary>Sets a group's HealthCheckPort ("traffic-port" by default).</summary>
        public AlbFixture GroupHealthCheckPort(string group, string port) => Group(group, g => g.HealthCheckPort = port);

        /// <summary>Turns the target optimizer on for a group (DescribeTargetGroups' TargetControlPort).</summary>
        public AlbFixture TargetControlPort(string group, int port) => Group(group, g => g.TargetControlPort = port);

        public AlbFixture Targets(string group, params IDictionary[] targets) => Group(group, g => g.Targets = targets.Cast<object>().ToList());

        /// <summary>An instance in DescribeInstances (running or stopped) in a zone of eu-west-1.</summary>
        public AlbFixture Instance(string id, string state, string zone)
        {
            _instances.Add((id, state, zone));
            return this;
        }

        // ------------------------------------------------------------------ listeners, rules, actions

        public AlbFixture Listener(string protocol, int port, params IDictionary[] defaultActions)
        {
            _listeners.Add((protocol, port, defaultActions));
            return this;
        }

        /// <summary>Replaces the listeners (and their rules) with one listener.</summary>
        public AlbFixture OnlyListener(string protocol, int port, params IDictionary[] defaultActions)
        {
            _listeners.Clear();
            _rules.Clear();
            return Listener(protocol, port, defaultActions);
        }

        public AlbFixture Rule(int listenerPort, int priority, string path, params IDictionary[] actions)
        {
            _rules.Add((listenerPort, priority, path, actions, new OrderedDictionary()));
            return this;
        }

        /// <summary>Gives the last rule added its Transforms (JSON, as the CLI prints them).</summary>
        public AlbFixture RuleTransforms(string json)
        {
            _rules[_rules.Count - 1].More["Transforms"] = Part(json);
            return this;
        }

        public static OrderedDictionary Forward(string group) => new OrderedDictionary { ["Type"] = "forward", ["TargetGroupArn"] = GroupArn(group) };

        public static OrderedDictionary Weighted(bool stickiness, params (string Group, int Weight)[] groups) => new OrderedDictionary
        {
            ["Type"] = "forward",
            ["ForwardConfig"] = new OrderedDictionary
            {
                ["TargetGroups"] = groups.Select(g => new OrderedDictionary { ["TargetGroupArn"] = GroupArn(g.Group), ["Weight"] = g.Weight }).ToList(),
                ["TargetGroupStickinessConfig"] = new OrderedDictionary { ["Enabled"] = stickiness, ["DurationSeconds"] = 3600 },
            },
        };

        public static OrderedDictionary Fixed(string code) => new OrderedDictionary
        {
            ["Type"] = "fixed-response",
            ["FixedResponseConfig"] = new OrderedDictionary { ["StatusCode"] = code, ["ContentType"] = "text/plain", ["MessageBody"] = "maintenance" },
        };

        public static OrderedDictionary Redirect(string? path, string? query) => new OrderedDictionary
        {
            ["Type"] = "redirect",
            ["RedirectConfig"] = new OrderedDictionary { ["Protocol"] = "HTTPS", ["Port"] = "443", ["Host"] = "#{host}", ["Path"] = path, ["Query"] = query, ["StatusCode"] = "HTTP_301" },
        };

        public static OrderedDictionary Oidc(string scope = "openid", string onUnauthenticated = "authenticate") => new OrderedDictionary
        {
            ["Type"] = "authenticate-oidc", ["Order"] = 1,
            ["AuthenticateOidcConfig"] = new OrderedDictionary
            {
                ["Issuer"] = "https://idp.example.com", ["AuthorizationEndpoint"] = "https://idp.example.com/authorize",
                ["TokenEndpoint"] = "https://idp.example.com/token", ["UserInfoEndpoint"] = "https://idp.example.com/userinfo",
                ["ClientId"] = "web", ["Scope"] = scope, ["OnUnauthenticatedRequest"] = onUnauthenticated,
            },
        };

        // ------------------------------------------------------------------ load balancer, network, attributes, WAF, sections

        /// <summary>"internet-facing" (the default) or "internal".</summary>
        public AlbFixture Scheme(string scheme)
        {
            _scheme = scheme;
            return this;
        }

        public AlbFixture LbAttribute(string key, string value)
        {
            _lbAttributes.Remove(key);
            _lbAttributes[key] = value;
            return this;
        }

        public AlbFixture GroupAttribute(string group, string key, string value) => Group(group, g =>
        {
            g.Attributes.Remove(key);
            g.Attributes[key] = value;
        });

        /// <summary>The egress rules of the load balancer's group sg-alb (JSON list, as the CLI prints IpPermissionsEgress); all traffic by default.</summary>
        public AlbFixture AlbEgress(string json)
        {
            _albEgress = (IEnumerable)Part(json);
            return this;
        }

        /// <summary>One more entry in acl-1, the network ACL of both load balancer subnets (which allows all traffic both ways).</summary>
        public AlbFixture NetworkAclEntry(IDictionary entry)
        {
            _aclEntries.Add(entry);
            return this;
        }

        /// <summary>The main route table's route to 0.0.0.0/0 (through igw-1, active, by default).</summary>
        public AlbFixture DefaultRoute(string target, string state = "active")
        {
            _defaultRoute = ScenarioBuilder.Route("0.0.0.0/0", target, state);
            return this;
        }

        public AlbFixture NoDefaultRoute()
        {
            _defaultRoute = null;
            return this;
        }

        /// <summary>The web ACL "edge" with a default action (Allow or Block) and, as JSON, its rules.</summary>
        public AlbFixture WebAcl(string defaultAction, string? rules = null)
        {
            _webAcl = new OrderedDictionary
            {
                ["Name"] = "edge", ["Id"] = "6f2b", ["ARN"] = AclArn, ["DefaultAction"] = new OrderedDictionary { [defaultAction] = new OrderedDictionary() },
            };
            if (rules is not null) _webAcl["Rules"] = Part(rules);
            return this;
        }

        /// <summary>Leaves a section out, as a collector without permission to read it does.</summary>
        public AlbFixture Without(string section)
        {
            _omit.Add(section);
            return this;
        }

        // ------------------------------------------------------------------ the snapshot

        /// <summary>The snapshot as a file holds it.</summary>
        public string Json()
        {
            var b = new ScenarioBuilder("fixture", "web", "10.0.0.0/16", literalIds: true, vpcDefaults: false, account: Account);
            // The zones' subnets: the load balancer's two, and one for an instance in eu-west-1c.
            b.AddSubnet("subnet-a", "eu-west-1a", "10.0.0.0/24", "");
            b.AddSubnet("subnet-b", "eu-west-1b", "10.0.1.0/24", "");
            b.AddSubnet("subnet-c", "eu-west-1c", "10.0.2.0/24", "");
            b.AddSecurityGroup("sg-alb", "web-alb", "", new[] { b.SgRule("tcp", 443, cidr: "0.0.0.0/0") },
                _albEgress ?? new[] { b.SgRule("-1", cidr: "0.0.0.0/0") });
            b.AddNetworkAcl("acl-1", "", new[] { "subnet-a", "subnet-b" }, _aclEntries, isDefault: true);
            b.AddRouteTable("rtb-main", "", System.Array.Empty<string>(), _defaultRoute is null ? System.Array.Empty<object>() : new object[] { _defaultRoute }, main: true);
            for (var i = 0; i < _instances.Count; i++)
            {
                var (id, state, zone) = _instances[i];
                b.AddInstance(id, "", "subnet-" + zone.Substring(zone.Length - 1), 100 + i, System.Array.Empty<string>(), state);
            }
            b.AddLoadBalancer(new[] { "subnet-a", "subnet-b" }, new[] { "sg-alb" }, _scheme, _lbAttributes, interfaceHosts: System.Array.Empty<int>(),
                id: LbId, attributeDefaults: false);
            foreach (var g in _groups)
            {
                var group = b.AddTargetGroup(GroupArn(g.Name), g.Name, g.Protocol, g.Port, g.ProtocolVersion ?? "HTTP1", g.TargetType,
                    healthCheckPort: g.HealthCheckPort, targets: g.Targets, attributes: g.Attributes, targetControlPort: g.TargetControlPort,
                    healthCheckProtocol: g.HealthCheckProtocol, attributeDefaults: false);
                if (g.Attached) ((List<object>)group["LoadBalancerArns"]!).Add(LbArn);
            }
            foreach (var (protocol, port, actions) in _listeners) b.AddListener(ListenerArn(port), port, protocol, actions, tlsSettings: false);
            foreach (var (port, priority, path, actions, more) in _rules)
            {
                var rule = b.AddRule(ListenerArn(port), priority, new[] { new OrderedDictionary { ["Field"] = "path-pattern", ["Values"] = new[] { path } } }, actions);
                foreach (DictionaryEntry e in more) rule[e.Key] = e.Value;
            }
            b.WebAcl = _webAcl;
            b.Omit = _omit.ToArray();
            return b.ToJson();
        }

        public EnvironmentModel Model() => SnapshotMapper.Map(SnapshotDocument.Parse(Json(), "fixture"));

        public IReadOnlyList<ErrorCause> Evaluate(DiagnosisOptions? options = null)
        {
            var model = Model();
            return CauseEvaluator.Evaluate(model, model.LoadBalancers!.Single(), options ?? new DiagnosisOptions());
        }

        public ErrorCause Cause(string id, DiagnosisOptions? options = null) => Evaluate(options).Single(c => c.Id == id);
    }
}
