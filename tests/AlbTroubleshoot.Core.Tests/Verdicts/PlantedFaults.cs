using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Tests.Verdicts
{
    /// <summary>
    /// Faults planted in the healthy sample (shop-prod, samples/healthy.json), each one edit of the
    /// snapshot as AWS would show the broken environment, with the complete set of Confirmed and Likely
    /// findings a full diagnosis must give for it: one fault, exactly the causes it makes.
    /// </summary>
    internal static class PlantedFaults
    {
        public const string AlbGroup = "sg-b87eff51648ee9347";
        public const string AppGroup = "sg-212079fee36503994";
        public const string AlbAcl = "acl-fe622a5985ca22e1c";
        public const string AppAcl = "acl-7c0da6e48f01e4d29";
        public const string AlbRouteTable = "rtb-5a9c5d62ac2906ab2";
        public const string WebGroup = "shop-web";

        public sealed class Fault
        {
            public Fault(string name, Action<JsonObject> plant, params string[] decisive)
            {
                Name = name;
                Plant = plant;
                Decisive = decisive;
            }

            public string Name { get; }
            public Action<JsonObject> Plant { get; }

            /// <summary>"Id=Verdict" for every Confirmed and Likely finding.</summary>
            public string[] Decisive { get; }

            public override string ToString() => Name;
        }

        /// <summary>Faults that only touch security groups, network ACLs and routes (the property tests combine these).</summary>
        public static readonly Fault[] Network =
        {
            new Fault("target security group without the load balancer's rule", s => Group(s, AppGroup)["IpPermissions"] = new JsonArray(),
                "504.TargetConnectionTimeout=Confirmed"),
            new Fault("target security group admits one load balancer subnet only", s => Group(s, AppGroup)["IpPermissions"] = new JsonArray(
                    Json("""{"IpProtocol":"tcp","FromPort":8080,"ToPort":8081,"IpRanges":[{"CidrIp":"10.0.0.0/24"}]}""")),
                "504.TargetConnectionTimeout=Likely"),
            new Fault("target subnets' network ACL denies the traffic ports from the load balancer",
                s => AddEntry(s, AppAcl, """{"RuleNumber":50,"Egress":false,"Protocol":"6","RuleAction":"deny","CidrBlock":"10.0.0.0/16","PortRange":{"From":8080,"To":8081}}"""),
                "504.TargetConnectionTimeout=Confirmed"),
            new Fault("load balancer subnets' network ACL denies the replies from the VPC",
                s => AddEntry(s, AlbAcl, """{"RuleNumber":90,"Egress":false,"Protocol":"6","RuleAction":"deny","CidrBlock":"10.0.0.0/16","PortRange":{"From":1024,"To":65535}}"""),
                "504.NaclEphemeralPortsBlocked=Confirmed"),
            new Fault("target subnets' network ACL lets replies out on 32768-65535 only",
                s => AddEntry(s, AppAcl, """{"RuleNumber":50,"Egress":true,"Protocol":"6","RuleAction":"deny","CidrBlock":"10.0.0.0/16","PortRange":{"From":1024,"To":32767}}"""),
                "504.NaclEphemeralPortsBlocked=Likely"),
            new Fault("load balancer subnets lose their route to the internet gateway",
                s => Routes(s, AlbRouteTable).Remove(DefaultRoute(s)),
                "000.ClientPathBlocked=Confirmed"),
            new Fault("load balancer subnets' route to the internet gateway is a blackhole",
                s => { if (DefaultRoute(s) is JsonNode route) route["State"] = "blackhole"; },
                "000.ClientPathBlocked=Confirmed"),
            new Fault("load balancer subnets' network ACL denies HTTPS from the internet",
                s => AddEntry(s, AlbAcl, """{"RuleNumber":90,"Egress":false,"Protocol":"6","RuleAction":"deny","CidrBlock":"0.0.0.0/0","PortRange":{"From":443,"To":443}}"""),
                "000.ClientPathBlocked=Confirmed"),
        };

        /// <summary>Faults of the load balancer's own configuration and the targets' state.</summary>
        public static readonly Fault[] Configuration =
        {
            new Fault("every target of shop-web still initial", s => SetStates(s, WebGroup, "initial", "Elb.InitialHealthChecking"),
                "503.NoTargetInService=Confirmed"),
            new Fault("every target of shop-web draining", s => SetStates(s, WebGroup, "draining", "Target.DeregistrationInProgress"),
                "503.NoTargetInService=Confirmed"),
            new Fault("one target of shop-web refuses connections", s => Health(s, WebGroup)[0]!["TargetHealth"] =
                    Json("""{"State":"unhealthy","Reason":"Target.FailedHealthChecks","Description":"Health checks failed"}"""),
                "502.TargetConnectionReset=Likely"),
            new Fault("a rule answers a fixed 404", s => AddFixedResponseRule(s, "404"), "4XX.FixedResponse=Confirmed"),
            new Fault("the load balancer failed to be set up", s => LoadBalancer(s)["State"] = Json("""{"Code":"failed","Reason":"Not enough IP space"}"""),
                "000.LoadBalancerNotActive=Confirmed"),
            new Fault("the load balancer is impaired", s => LoadBalancer(s)["State"] = Json("""{"Code":"active_impaired"}"""),
                "000.LoadBalancerNotActive=Likely"),
            new Fault("HTTP/2 turned off in front of a gRPC target group", s =>
                {
                    SetLbAttribute(s, "routing.http2.enabled", "false");
                    Group(s, "TargetGroups", "TargetGroupName", "shop-api")["ProtocolVersion"] = "GRPC";
                },
                "464.Http1ToGrpcTargetGroup=Confirmed"),
        };

        public static JsonObject Healthy() =>
            (JsonObject)JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("samples", "healthy.json")))!;

        public static AlbSnapshot Snapshot(JsonObject root) => new AlbSnapshot(SnapshotDocument.Parse(root.ToJsonString(), "planted"), "planted");

        public static JsonObject Json(string text) => (JsonObject)JsonNode.Parse(text)!;

        public static JsonObject Group(JsonObject s, string groupId) => Group(s, "SecurityGroups", "GroupId", groupId, "DescribeSecurityGroups");

        public static JsonObject Group(JsonObject s, string list, string key, string value, string? section = null) =>
            (JsonObject)((JsonArray)s[section ?? "Describe" + list]![list]!).Single(g => (string?)g![key] == value)!;

        public static JsonObject LoadBalancer(JsonObject s) => (JsonObject)s["DescribeLoadBalancers"]!["LoadBalancers"]![0]!;

        public static JsonArray Routes(JsonObject s, string tableId) => (JsonArray)Group(s, "RouteTables", "RouteTableId", tableId)["Routes"]!;

        /// <summary>The load balancer subnets' route to 0.0.0.0/0, or null once another edit removed it.</summary>
        public static JsonNode? DefaultRoute(JsonObject s) => Routes(s, AlbRouteTable).FirstOrDefault(r => (string?)r!["DestinationCidrBlock"] == "0.0.0.0/0");

        public static void AddEntry(JsonObject s, string aclId, string entry) =>
            ((JsonArray)Group(s, "NetworkAcls", "NetworkAclId", aclId)["Entries"]!).Add(Json(entry));

        public static JsonArray Health(JsonObject s, string groupName)
        {
            var arn = (string)Group(s, "TargetGroups", "TargetGroupName", groupName)["TargetGroupArn"]!;
            return (JsonArray)s["DescribeTargetHealth"]![arn]!["TargetHealthDescriptions"]!;
        }

        public static void SetStates(JsonObject s, string groupName, string state, string reason)
        {
            foreach (var d in Health(s, groupName))
                d!["TargetHealth"] = new JsonObject { ["State"] = state, ["Reason"] = reason };
        }

        public static void SetLbAttribute(JsonObject s, string key, string value)
        {
            var arn = (string)LoadBalancer(s)["LoadBalancerArn"]!;
            var attributes = (JsonArray)s["DescribeLoadBalancerAttributes"]![arn]!["Attributes"]!;
            var existing = attributes.FirstOrDefault(a => (string?)a!["Key"] == key);
            if (existing is null) attributes.Add(new JsonObject { ["Key"] = key, ["Value"] = value });
            else existing["Value"] = value;
        }

        public static void AddFixedResponseRule(JsonObject s, string code)
        {
            var rules = (JsonArray)s["DescribeRules"]!["Rules"]!;
            var listenerArn = (string)((JsonArray)s["DescribeListeners"]!["Listeners"]!).First(l => (int?)l!["Port"] == 443)!["ListenerArn"]!;
            rules.Insert(0, Json("{\"RuleArn\":\"" + listenerArn.Replace(":listener/", ":listener-rule/", StringComparison.Ordinal) + "/0f1e2d3c4b5a6978\"," +
                "\"Priority\":\"5\",\"Conditions\":[{\"Field\":\"path-pattern\",\"Values\":[\"/old/*\"]}]," +
                "\"Actions\":[{\"Type\":\"fixed-response\",\"Order\":1,\"FixedResponseConfig\":{\"StatusCode\":\"" + code + "\",\"ContentType\":\"text/plain\",\"MessageBody\":\"gone\"}}],\"IsDefault\":false}"));
        }
    }
}
