using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Scenarios;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Tests.Reachability
{
    /// <summary>
    /// A small snapshot built with the scenario builder: VPC 10.0.0.0/16; the ALB "web" in subnet-a (10.0.0.0/24,
    /// node 10.0.0.10, acl-alb) and subnet-b (10.0.1.0/24, node 10.0.1.10, acl-alb-b), group
    /// sg-alb; one instance target i-1 at 10.0.10.5 in subnet-app (10.0.10.0/24, acl-app) with
    /// sg-app; target group "app" on tcp/8080. Healthy by default; each test swaps one part.
    /// </summary>
    internal sealed class PathFixture
    {
        public const string AllowAll = """
            {"RuleNumber":100,"Egress":false,"Protocol":"-1","RuleAction":"allow","CidrBlock":"0.0.0.0/0"},
            {"RuleNumber":32767,"Egress":false,"Protocol":"-1","RuleAction":"deny","CidrBlock":"0.0.0.0/0"},
            {"RuleNumber":100,"Egress":true,"Protocol":"-1","RuleAction":"allow","CidrBlock":"0.0.0.0/0"},
            {"RuleNumber":32767,"Egress":true,"Protocol":"-1","RuleAction":"deny","CidrBlock":"0.0.0.0/0"}
            """;

        public string AlbEgress { get; set; } = """{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}]}""";
        public string AppIngress { get; set; } = """{"IpProtocol":"tcp","FromPort":8080,"ToPort":8080,"UserIdGroupPairs":[{"GroupId":"sg-alb","UserId":"111122223333"}]}""";
        public string AlbAclEntries { get; set; } = AllowAll;
        public string AlbBAclEntries { get; set; } = AllowAll;
        public string AppAclEntries { get; set; } = AllowAll;
        public string AlbRoutes { get; set; } = """{"DestinationCidrBlock":"10.0.0.0/16","GatewayId":"local","State":"active","Origin":"CreateRouteTable"}""";
        public string AppRoutes { get; set; } = """{"DestinationCidrBlock":"10.0.0.0/16","GatewayId":"local","State":"active","Origin":"CreateRouteTable"}""";
        public string TargetType { get; set; } = "instance";
        public string Targets { get; set; } = """{"Target":{"Id":"i-1","Port":8080},"TargetHealth":{"State":"healthy"}}""";
        public string HealthCheckPort { get; set; } = "traffic-port";
        public string InstanceSubnet { get; set; } = "subnet-app";
        public string InstanceAddress { get; set; } = "10.0.10.5";
        public string PrefixLists { get; set; } = "{}";
        public bool AlbEnis { get; set; } = true;
        /// <summary>Whether acl-alb-b is associated with subnet-b (false: no NACL in the snapshot covers subnet-b).</summary>
        public bool AlbBAclAssociated { get; set; } = true;
        public List<string> Omit { get; } = new List<string>();

        /// <summary>The snapshot, built with the scenario builder (literal IDs, no VPC defaults), the test's JSON parts as given.</summary>
        public string Json()
        {
            var b = new ScenarioBuilder("fixture", "web", "10.0.0.0/16", literalIds: true, vpcDefaults: false, account: "111122223333");
            b.AddSubnet("subnet-a", "eu-west-1a", "10.0.0.0/24", "");
            b.AddSubnet("subnet-b", "eu-west-1b", "10.0.1.0/24", "");
            b.AddSubnet("subnet-app", "eu-west-1a", "10.0.10.0/24", "");
            b.AddSecurityGroup("sg-alb", "alb-sg", "", new[] { Part("""{"IpProtocol":"tcp","FromPort":80,"ToPort":80,"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}""") }, Parts(AlbEgress));
            b.AddSecurityGroup("sg-app", "app-sg", "", Parts(AppIngress), new[] { Part("""{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}]}""") });
            b.AddNetworkAcl("acl-alb", "", new[] { "subnet-a" }, Parts(AlbAclEntries));
            b.AddNetworkAcl("acl-alb-b", "", AlbBAclAssociated ? new[] { "subnet-b" } : System.Array.Empty<string>(), Parts(AlbBAclEntries));
            b.AddNetworkAcl("acl-app", "", new[] { "subnet-app" }, Parts(AppAclEntries));
            b.AddRouteTable("rtb-alb", "", new[] { "subnet-a", "subnet-b" }, Parts(AlbRoutes), main: true);
            b.AddRouteTable("rtb-app", "", new[] { "subnet-app" }, Parts(AppRoutes));
            b.AddInstance("i-1", "", InstanceSubnet, HostNumber(InstanceAddress), new[] { "sg-app" });
            b.AddLoadBalancer(new[] { "subnet-a", "subnet-b" }, new[] { "sg-alb" }, interfaceHosts: AlbEnis ? new[] { 10, 10 } : System.Array.Empty<int>());
            var group = b.AddTargetGroup("app", "app", port: 8080, targetType: TargetType, healthCheckPort: HealthCheckPort);
            b.TargetHealth[(string)group["TargetGroupArn"]!] = new OrderedDictionary { ["TargetHealthDescriptions"] = Parts(Targets) };
            b.AddListener("l1", 80, "HTTP", new[] { b.ForwardAction("app") });
            foreach (DictionaryEntry list in (IDictionary)ScenarioBuilder.Parse(PrefixLists)!) b.PrefixLists[list.Key] = list.Value;
            b.Omit = Omit.ToArray();
            return b.ToJson();
        }

        // The test's JSON: one object, or a comma-separated list of them.
        private static object Part(string json) => ScenarioBuilder.Parse(json)!;

        private static List<object> Parts(string json) => ((IEnumerable)ScenarioBuilder.Parse("[" + json + "]")!).Cast<object>().ToList();

        private static int HostNumber(string address) => int.Parse(address.Split('.')[3], System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>An IP target 10.20.1.15 outside the VPC (AvailabilityZone "all", unhealthy), which the ALB's group lets out to on 8080; no route to it yet.</summary>
        public static PathFixture IpTargetOutsideVpc() => new PathFixture
        {
            TargetType = "ip",
            Targets = """{"Target":{"Id":"10.20.1.15","Port":8080,"AvailabilityZone":"all"},"TargetHealth":{"State":"unhealthy","Reason":"Target.Timeout"}}""",
            AlbEgress = """{"IpProtocol":"tcp","FromPort":8080,"ToPort":8080,"IpRanges":[{"CidrIp":"10.20.0.0/16"}]}""",
        };

        public EnvironmentModel Model() => SnapshotMapper.Map(SnapshotDocument.Parse(Json(), "fixture.json"));
    }
}
