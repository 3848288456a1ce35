using System.Collections.Generic;
using System.Linq;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Tests.Reachability
{
    /// <summary>
    /// A small snapshot built in code: VPC 10.0.0.0/16; the ALB "web" in subnet-a (10.0.0.0/24,
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

        public string AlbEgress { get; set; } = """{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}]}""";public string AppIngress { get; set; } = """{"IpProtocol":"tcp","FromPort":8080,"ToPort":8080,"UserIdGroupPairs":[{"GroupId":"sg-alb","UserId":"111122223333"}]}""";
        public string AlbAclEntries { get; set; } = AllowAll;
        public string AlbBAclEntries { get; set; } = AllowAll;
        public string AppAclEntries { get; set; } = AllowAll;
        public string AlbRoutes { get; set; } = """{"DestinationCidrBlock":"10.0.0.0/16","GatewayId":"local","State":"active","Origin":"CreateRouteTable"}""";public string AppRoutes { get; set; } = """{"DestinationCidrBlock":"10.0.0.0/16","GatewayId":"local","State":"active","Origin":"CreateRouteTable"}""";
        public string TargetType { get; set; } = "instance";
        public string Targets { get; set; } = """{"Target":{"Id":"i-1","Port":8080},"TargetHealth":{"State":"healthy"}}""";public string HealthCheckPort { get; set; } = "traffic-port";public string InstanceSubnet { get; set; } = "subnet-app";public string InstanceAddress { get; set; } = "10.0.10.5";public string PrefixLists { get; set; } = "{}";public bool AlbEnis { get; set; } = true;public List<string> Omit { get; } = new List<string>();public string Json(){var enis = new List<string>{$$$"""{"NetworkInterfaceId":"eni-app","SubnetId":"{{{InstanceSubnet}}}","VpcId":"vpc-1","PrivateIpAddress":"{{{InstanceAddress}}}","PrivateIpAddresses":[{"PrivateIpAddress":"{{{InstanceAddress}}}","Primary":true}],"Groups":[{"GroupId":"sg-app"}],"Attachment":{"InstanceId":"i-1","DeviceIndex":0}}""",
            };
            if (AlbEnis)
            {
                enis.Add("""{"NetworkInterfaceId":"eni-alb-a","SubnetId":"subnet-a","VpcId":"vpc-1","Description":"ELB app/web/abc","PrivateIpAddress":"10.0.0.10","PrivateIpAddresses":[{"PrivateIpAddress":"10.0.0.10","Primary":true}],"Groups":[{"GroupId":"sg-alb"}]}""");enis.Add("""{"NetworkInterfaceId":"eni-alb-b","SubnetId":"subnet-b","VpcId":"vpc-1","Description":"ELB app/web/abc","PrivateIpAddress":"10.0.1.10","PrivateIpAddresses":[{"PrivateIpAddress":"10.0.1.10","Primary":true}],"Groups":[{"GroupId":"sg-alb"}]}""");
            }
            var sections = new Dictionary<string, string>
            {
                ["DescribeLoadBalancers"] = """{"LoadBalancers":[{"LoadBalancerArn":"arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/abc","LoadBalancerName":"web","Scheme":"internet-facing","Type":"application","VpcId":"vpc-1","IpAddressType":"ipv4","SecurityGroups":["sg-alb"],"AvailabilityZones":[{"ZoneName":"eu-west-1a","SubnetId":"subnet-a"},{"ZoneName":"eu-west-1b","SubnetId":"subnet-b"}]}]}""",["DescribeListeners"] = """{"Listeners":[{"ListenerArn":"arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/web/abc/l1","LoadBalancerArn":"arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/abc","Protocol":"HTTP","Port":80,"DefaultActions":[{"Type":"forward","TargetGroupArn":"arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/app/t1"}]}]}""",
                ["DescribeTargetGroups"] = $$$"""{"TargetGroups":[{"TargetGroupArn":"arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/app/t1","TargetGroupName":"app","Protocol":"HTTP","Port":8080,"VpcId":"vpc-1","TargetType":"{{{TargetType}}}","HealthCheckEnabled":true,"HealthCheckPort":"{{{HealthCheckPort}}}","LoadBalancerArns":["arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/abc"]}]}""",["DescribeTargetHealth"] = $$$"""{"arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/app/t1":{"TargetHealthDescriptions":[{{{Targets}}}]}}""",
                ["DescribeSecurityGroups"] = $$$"""{"SecurityGroups":[{"GroupId":"sg-alb","GroupName":"alb-sg","VpcId":"vpc-1","OwnerId":"111122223333","IpPermissions":[{"IpProtocol":"tcp","FromPort":80,"ToPort":80,"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}],"IpPermissionsEgress":[{{{AlbEgress}}}]},{"GroupId":"sg-app","GroupName":"app-sg","VpcId":"vpc-1","OwnerId":"111122223333","IpPermissions":[{{{AppIngress}}}],"IpPermissionsEgress":[{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}]}]}]}""",
                ["DescribeNetworkAcls"] = $$$"""{"NetworkAcls":[{"NetworkAclId":"acl-alb","VpcId":"vpc-1","Associations":[{"SubnetId":"subnet-a"}],"Entries":[{{{AlbAclEntries}}}]},{"NetworkAclId":"acl-alb-b","VpcId":"vpc-1","Associations":[{"SubnetId":"subnet-b"}],"Entries":[{{{AlbBAclEntries}}}]},{"NetworkAclId":"acl-app","VpcId":"vpc-1","Associations":[{"SubnetId":"subnet-app"}],"Entries":[{{{AppAclEntries}}}]}]}""",
                ["DescribeSubnets"] = """{"Subnets":[{"SubnetId":"subnet-a","VpcId":"vpc-1","AvailabilityZone":"eu-west-1a","CidrBlock":"10.0.0.0/24"},{"SubnetId":"subnet-b","VpcId":"vpc-1","AvailabilityZone":"eu-west-1b","CidrBlock":"10.0.1.0/24"},{"SubnetId":"subnet-app","VpcId":"vpc-1","AvailabilityZone":"eu-west-1a","CidrBlock":"10.0.10.0/24"}]}""",
                ["DescribeRouteTables"] = $$$"""{"RouteTables":[{"RouteTableId":"rtb-alb","VpcId":"vpc-1","Associations":[{"Main":true},{"SubnetId":"subnet-a"},{"SubnetId":"subnet-b"}],"Routes":[{{{AlbRoutes}}}]},{"RouteTableId":"rtb-app","VpcId":"vpc-1","Associations":[{"SubnetId":"subnet-app"}],"Routes":[{{{AppRoutes}}}]}]}""",
                ["DescribeNetworkInterfaces"] = "{\"NetworkInterfaces\":[" + string.Join(",", enis) + "]}",
                ["DescribeInstances"] = $$$"""{"Reservations":[{"Instances":[{"InstanceId":"i-1","State":{"Name":"running"},"SubnetId":"{{{InstanceSubnet}}}","VpcId":"vpc-1","PrivateIpAddress":"{{{InstanceAddress}}}","SecurityGroups":[{"GroupId":"sg-app"}]}]}]}""",
                ["GetManagedPrefixListEntries"] = PrefixLists,
            };
            var body = string.Join(",", sections.Where(s => !Omit.Contains(s.Key)).Select(s => "\"" + s.Key + "\":" + s.Value));
            return "{\"AlbSnapshotVersion\":1,\"Region\":\"eu-west-1\"," + body + "}";
        }

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
