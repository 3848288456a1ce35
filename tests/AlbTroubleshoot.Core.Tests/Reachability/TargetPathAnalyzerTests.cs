using System.Collections.Generic;
using System.Linq;
using AlbTroubleshoot.Reachability;
using Xunit;

namespace AlbTroubleshoot.Tests.Reachability
{
    public class TargetPathAnalyzerTests
    {
        private static IReadOnlyList<ReachabilityResult> Run(PathFixture f)
        {
            var m = f.Model();
            return TargetPathAnalyzer.Analyze(m, m.LoadBalancers!.Single());
        }

        private static ReachabilityResult Traffic(PathFixture f) => Run(f).Single(r => r.Purpose == nameof(ReachabilityPurpose.Traffic));

        private static IEnumerable<ReachabilityHop> Hops(ReachabilityResult r, string step) => r.Hops.Where(h => h.Step == step);

        [Fact]
        public void A_healthy_environment_is_reachable_from_every_node_both_ways_with_no_false_alarm()
        {
            var results = Run(new PathFixture());
            Assert.Equal(new[] { "Traffic Reachable", "HealthCheck Reachable" }, results.Select(r => r.Purpose + " " + r.Verdict));
            var r = results[0];
            Assert.Equal(("web", "app", "i-1", "10.0.10.5", 8080), (r.LoadBalancerName, r.TargetGroupName, r.TargetId, r.TargetAddress, r.Port));
            Assert.Empty(r.BlockedBy);
            Assert.Empty(r.StatusCodes);
            Assert.Equal(16, r.Hops.Length);
            Assert.All(r.Hops, h => Assert.Equal(nameof(HopVerdict.Allowed), h.Verdict));
            Assert.Equal(new[] { "subnet-a", "subnet-b" }, r.Hops.Select(h => h.SourceSubnetId).Distinct());
            Assert.Contains("sg-app (app-sg) inbound tcp/8080 from sg-alb", r.Explanation);
            Assert.Equal("sg-app (app-sg) inbound tcp/8080 from sg-alb", Hops(r, nameof(HopStep.TargetSecurityGroupIngress)).First().Rule);
        }

        [Fact]
        public void A_target_group_that_admits_only_ssh_blocks_traffic_and_health_checks_and_names_the_rule_it_has()
        {
            var f = new PathFixture { AppIngress = """{"IpProtocol":"tcp","FromPort":22,"ToPort":22,"IpRanges":[{"CidrIp":"203.0.113.0/24"}]}""" };
            var results = Run(f);
            Assert.All(results, r => Assert.Equal((nameof(ReachabilityVerdict.Blocked), "sg-app"), (r.Verdict, string.Join(",", r.BlockedBy))));
            Assert.Equal(new[] { 504 }, results[0].StatusCodes);
            Assert.Equal(new[] { 502, 504 }, results[1].StatusCodes);
            Assert.Contains("sg-app (app-sg) has no inbound rule admitting tcp/8080 from sg-alb or 10.0.0.10", results[0].Explanation);
            Assert.Contains("only tcp/22 from 203.0.113.0/24", results[0].Explanation);
            Assert.Contains("The same from the ALB node in subnet-b.", results[0].Explanation);
            Assert.All(Hops(results[0], nameof(HopStep.TargetSecurityGroupIngress)), h => Assert.Equal((nameof(HopVerdict.Blocked), "no inbound rule admits tcp/8080"), (h.Verdict, h.Rule)));
        }

        [Fact]
        public void The_ALB_group_egress_not_admitting_the_port_blocks_at_the_first_hop()
        {
            var f = new PathFixture { AlbEgress = """{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}""" };
            var r = Traffic(f);
            Assert.Equal((nameof(ReachabilityVerdict.Blocked), "sg-alb"), (r.Verdict, string.Join(",", r.BlockedBy)));
            Assert.All(Hops(r, nameof(HopStep.AlbSecurityGroupEgress)), h => Assert.Equal(nameof(HopVerdict.Blocked), h.Verdict));
            Assert.Contains("sg-alb (alb-sg) has no outbound rule admitting tcp/8080 to sg-app or 10.0.10.5", r.Explanation);
        }

        [Fact]
        public void An_ALB_subnet_NACL_denying_the_request_in_one_zone_is_a_partial_block_naming_that_node()
        {
            var f = new PathFixture
            {
                AlbAclEntries = """
                    {"RuleNumber":50,"Egress":true,"Protocol":"6","RuleAction":"deny","CidrBlock":"10.0.10.0/24","PortRange":{"From":8000,"To":8999}},
                    """ + PathFixture.AllowAll,
            };
            var r = Traffic(f);
            Assert.Equal((nameof(ReachabilityVerdict.PartiallyBlocked), "acl-alb"), (r.Verdict, string.Join(",", r.BlockedBy)));
            var blocked = r.Hops.Single(h => h.Verdict == nameof(HopVerdict.Blocked));
            Assert.Equal((nameof(HopStep.AlbSubnetNaclOutbound), "subnet-a", "acl-alb outbound rule 50 deny tcp 8000-8999 to 10.0.10.0/24"), (blocked.Step, blocked.SourceSubnetId, blocked.Rule));
            Assert.Contains("blocked from the ALB node in subnet-a (eu-west-1a) but not from subnet-b", r.Explanation);
            Assert.Contains("requests from the ALB node in subnet-a to the target are dropped", r.Explanation);
            Assert.Equal(new[] { 504 }, r.StatusCodes);
        }

        [Fact]
        public void The_target_subnet_NACL_denying_one_ALB_subnet_inbound_blocks_only_that_node()
        {
            var f = new PathFixture
            {
                AppAclEntries = """
                    {"RuleNumber":10,"Egress":false,"Protocol":"6","RuleAction":"deny","CidrBlock":"10.0.1.0/24","PortRange":{"From":8080,"To":8080}},
                    """ + PathFixture.AllowAll,
            };
            var r = Traffic(f);
            Assert.Equal(nameof(ReachabilityVerdict.PartiallyBlocked), r.Verdict);
            var blocked = r.Hops.Single(h => h.Verdict == nameof(HopVerdict.Blocked));
            Assert.Equal((nameof(HopStep.TargetSubnetNaclInbound), "subnet-b", "acl-app"), (blocked.Step, blocked.SourceSubnetId, blocked.ResourceId));
            Assert.Contains("acl-app inbound rule 10 deny tcp 8080 from 10.0.1.0/24", blocked.Rule);
        }

        [Fact]
        public void The_target_subnet_NACL_allowing_only_the_Linux_ephemeral_range_out_is_a_partial_block_on_the_return_path()
        {
            var f = new PathFixture
            {
                AppAclEntries = """
                    {"RuleNumber":100,"Egress":false,"Protocol":"-1","RuleAction":"allow","CidrBlock":"0.0.0.0/0"},
                    {"RuleNumber":100,"Egress":true,"Protocol":"6","RuleAction":"allow","CidrBlock":"0.0.0.0/0","PortRange":{"From":32768,"To":65535}},
                    {"RuleNumber":32767,"Egress":true,"Protocol":"-1","RuleAction":"deny","CidrBlock":"0.0.0.0/0"}
                    """,
            };
            var r = Traffic(f);
            Assert.Equal((nameof(ReachabilityVerdict.PartiallyBlocked), "acl-app"), (r.Verdict, string.Join(",", r.BlockedBy)));
            Assert.All(Hops(r, nameof(HopStep.TargetSubnetNaclOutbound)), h => Assert.Equal(nameof(HopVerdict.PartiallyBlocked), h.Verdict));
            Assert.Contains("acl-app outbound tcp 1024-65535 to 10.0.0.10/32 is partially blocked", r.Explanation);
            Assert.Contains("return traffic from the target to the ALB node in subnet-a is dropped when the ALB picks a source port in 1024-32767", r.Explanation);
            Assert.Contains("return traffic from the target to the ALB node in subnet-b is dropped", r.Explanation);
        }

        [Fact]
        public void A_deny_before_the_allow_on_the_ALB_subnets_inbound_ephemeral_range_blocks_every_node()
        {
            var deny = """
                {"RuleNumber":90,"Egress":false,"Protocol":"6","RuleAction":"deny","CidrBlock":"10.0.0.0/16","PortRange":{"From":1024,"To":65535}},
                """ + PathFixture.AllowAll;
            var f = new PathFixture { AlbAclEntries = deny, AlbBAclEntries = deny };
            var r = Traffic(f);
            Assert.Equal((nameof(ReachabilityVerdict.Blocked), "acl-alb,acl-alb-b"), (r.Verdict, string.Join(",", r.BlockedBy)));
            Assert.Contains("denied by rule 90 deny tcp 1024-65535 from 10.0.0.0/16, which comes before rule 100 that would allow it", r.Explanation);
            Assert.Contains("return traffic from the target to the ALB node in subnet-a is dropped", r.Explanation);
            Assert.All(Hops(r, nameof(HopStep.AlbSubnetNaclInbound)), h => Assert.Equal(nameof(HopVerdict.Blocked), h.Verdict));
        }

        [Fact]
        public void A_target_in_an_ALB_subnet_does_not_cross_that_subnets_NACL()
        {
            var denyAll = """
                {"RuleNumber":32767,"Egress":false,"Protocol":"-1","RuleAction":"deny","CidrBlock":"0.0.0.0/0"},
                {"RuleNumber":32767,"Egress":true,"Protocol":"-1","RuleAction":"deny","CidrBlock":"0.0.0.0/0"}
                """;
            var f = new PathFixture { InstanceSubnet = "subnet-a", InstanceAddress = "10.0.0.50", AlbAclEntries = denyAll };
            var r = Traffic(f);
            var nodeA = r.Hops.Where(h => h.SourceSubnetId == "subnet-a").ToList();
            Assert.Equal(4, nodeA.Count(h => h.Verdict == nameof(HopVerdict.NotCrossed)));
            Assert.DoesNotContain(nodeA, h => h.Verdict == nameof(HopVerdict.Blocked));
            // From subnet-b the traffic enters subnet-a, whose NACL denies everything.
            Assert.Equal(nameof(ReachabilityVerdict.PartiallyBlocked), r.Verdict);
            Assert.Contains(r.Hops, h => h.SourceSubnetId == "subnet-b" && h.Step == nameof(HopStep.TargetSubnetNaclInbound) && h.Verdict == nameof(HopVerdict.Blocked) && h.ResourceId == "acl-alb");
        }

        [Fact]
        public void A_health_check_port_the_group_does_not_admit_fails_only_the_health_check()
        {
            var r = Run(new PathFixture { HealthCheckPort = "9090" });
            Assert.Equal(new[] { "Traffic 8080 Reachable", "HealthCheck 9090 Blocked" }, r.Select(x => $"{x.Purpose} {x.Port} {x.Verdict}"));
        }

        /// <summary>
        /// A target registered on another port than the group's: "traffic-port" health checks go to the
        /// port the target registered with, whether or not DescribeTargetHealth repeats it.
        /// </summary>
        [Fact]
        public void Traffic_port_health_checks_follow_the_port_a_target_registered_with()
        {
            var ingress = """{"IpProtocol":"tcp","FromPort":9090,"ToPort":9090,"UserIdGroupPairs":[{"GroupId":"sg-alb","UserId":"111122223333"}]}""";
            foreach (var target in new[]
            {
                """{"Target":{"Id":"i-1","Port":9090},"TargetHealth":{"State":"healthy"}}""",
                """{"Target":{"Id":"i-1","Port":9090},"HealthCheckPort":"9090","TargetHealth":{"State":"healthy"}}""",
            })
            {
                var r = Run(new PathFixture { Targets = target, AppIngress = ingress });
                Assert.Equal(new[] { "Traffic 9090 Reachable", "HealthCheck 9090 Reachable" }, r.Select(x => $"{x.Purpose} {x.Port} {x.Verdict}"));
            }
        }

        [Fact]
        public void Prefix_lists_are_resolved_from_the_snapshot_and_an_unresolved_one_is_Unknown_naming_it()
        {
            var ingress = """{"IpProtocol":"tcp","FromPort":8080,"ToPort":8080,"PrefixListIds":[{"PrefixListId":"pl-1"}]}""";
            var resolved = Traffic(new PathFixture { AppIngress = ingress, PrefixLists = """{"pl-1":{"Entries":[{"Cidr":"10.0.0.0/23"}]}}""" });
            Assert.Equal(nameof(ReachabilityVerdict.Reachable), resolved.Verdict);
            var outside = Traffic(new PathFixture { AppIngress = ingress, PrefixLists = """{"pl-1":{"Entries":[{"Cidr":"192.0.2.0/24"}]}}""" });
            Assert.Equal(nameof(ReachabilityVerdict.Blocked), outside.Verdict);
            var unknown = Traffic(new PathFixture { AppIngress = ingress });
            Assert.Equal(nameof(ReachabilityVerdict.Unknown), unknown.Verdict);
            Assert.Contains("managed prefix list pl-1 are not known", unknown.Explanation);
            Assert.Equal(new[] { 504 }, unknown.StatusCodes);
        }

        [Fact]
        public void A_reference_to_another_group_does_not_admit_the_ALB_and_a_remote_reference_to_an_unplaced_peer_is_Unknown()
        {
            var other = Traffic(new PathFixture { AppIngress = """{"IpProtocol":"tcp","FromPort":8080,"ToPort":8080,"UserIdGroupPairs":[{"GroupId":"sg-other"}]}""" });
            Assert.Equal(nameof(ReachabilityVerdict.Blocked), other.Verdict);

            // An IP target in the VPC with no known ENI: its groups are unknown, so a cross-account
            // reference in the ALB's egress cannot be decided.
            var f = new PathFixture
            {
                TargetType = "ip",
                Targets = """{"Target":{"Id":"10.0.10.99","Port":8080},"TargetHealth":{"State":"healthy"}}""",
                AlbEgress = """{"IpProtocol":"tcp","FromPort":8080,"ToPort":8080,"UserIdGroupPairs":[{"GroupId":"sg-remote","UserId":"999988887777","VpcPeeringConnectionId":"pcx-1"}]}""",
            };
            var r = Traffic(f);
            Assert.Equal(nameof(ReachabilityVerdict.Unknown), r.Verdict);
            Assert.Contains("sg-remote is in another account or a peered VPC", r.Explanation);
            Assert.Contains("no network interface in DescribeNetworkInterfaces holds 10.0.10.99", r.Explanation);
        }

        [Fact]
        public void An_IP_target_outside_the_VPC_needs_a_route_and_a_blackhole_blocks_it()
        {
            var outside = PathFixture.IpTargetOutsideVpc();
            var noRoute = Traffic(outside);
            Assert.Equal((nameof(ReachabilityVerdict.Blocked), "rtb-alb"), (noRoute.Verdict, string.Join(",", noRoute.BlockedBy)));
            Assert.Contains("rtb-alb has no route to 10.20.1.15/32", noRoute.Explanation);

            outside.AlbRoutes += """,{"DestinationCidrBlock":"10.20.0.0/16","VpcPeeringConnectionId":"pcx-dead","State":"blackhole"}""";
            var blackhole = Traffic(outside);
            Assert.Equal((nameof(ReachabilityVerdict.Blocked), "rtb-alb"), (blackhole.Verdict, string.Join(",", blackhole.BlockedBy)));
            Assert.Contains("pcx-dead, a blackhole route", blackhole.Explanation);
            Assert.Equal("10.20.0.0/16 → pcx-dead (blackhole)", Hops(blackhole, nameof(HopStep.RouteToTarget)).First().Rule);

            outside.AlbRoutes = outside.AlbRoutes.Replace("pcx-dead\",\"State\":\"blackhole\"", "pcx-live\",\"State\":\"active\"");
            var routed = Traffic(outside);
            Assert.Equal(nameof(ReachabilityVerdict.Unknown), routed.Verdict);
            Assert.Equal(nameof(HopVerdict.Allowed), Hops(routed, nameof(HopStep.RouteToTarget)).First().Verdict);
            Assert.Contains("10.20.1.15 is outside vpc-1: its security groups, network ACL and route back are not in the snapshot", routed.Explanation);

            var viaInternet = new PathFixture { TargetType = outside.TargetType, Targets = outside.Targets, AlbEgress = outside.AlbEgress };
            viaInternet.AlbRoutes += """,{"DestinationCidrBlock":"0.0.0.0/0","GatewayId":"igw-1","State":"active"}""";
            Assert.Equal(nameof(ReachabilityVerdict.Blocked), Traffic(viaInternet).Verdict);
        }

        [Fact]
        public void An_IP_target_inside_the_VPC_is_placed_on_the_interface_that_holds_the_address()
        {
            var f = new PathFixture { TargetType = "ip", Targets = """{"Target":{"Id":"10.0.10.5","Port":8080},"TargetHealth":{"State":"healthy"}}""" };
            var r = Traffic(f);
            Assert.Equal(nameof(ReachabilityVerdict.Reachable), r.Verdict);
            Assert.Equal("10.0.10.5", r.TargetAddress);
        }

        [Fact]
        public void Lambda_targets_are_not_applicable()
        {
            var r = Run(new PathFixture { TargetType = "lambda", Targets = """{"Target":{"Id":"arn:aws:lambda:eu-west-1:111122223333:function:f"},"TargetHealth":{"State":"unavailable"}}""" });
            Assert.All(r, x => Assert.Equal((nameof(ReachabilityVerdict.NotApplicable), 0, 0), (x.Verdict, x.Hops.Length, x.StatusCodes.Length)));
        }

        [Theory]
        [InlineData("DescribeNetworkAcls", "The network ACLs are not known: the snapshot has no DescribeNetworkAcls section")]
        [InlineData("DescribeInstances", "the snapshot has no DescribeInstances section")]
        [InlineData("DescribeSecurityGroups", "the snapshot has no DescribeSecurityGroups section")]
        [InlineData("DescribeRouteTables", "The route tables are not known: the snapshot has no DescribeRouteTables section")]
        [InlineData("DescribeTargetHealth", "the snapshot has no DescribeTargetHealth section")]
        public void A_missing_section_makes_the_path_Unknown_and_names_the_section(string section, string expected)
        {
            var f = new PathFixture();
            f.Omit.Add(section);
            var r = Run(f);
            Assert.All(r, x => Assert.Equal(nameof(ReachabilityVerdict.Unknown), x.Verdict));
            Assert.Contains(expected, r[0].Explanation);
        }

        [Fact]
        public void Without_the_ALB_interfaces_a_node_is_its_subnet_and_a_rule_covering_part_of_it_is_Unknown()
        {
            var f = new PathFixture
            {
                AlbEnis = false,
                AppIngress = """{"IpProtocol":"tcp","FromPort":8080,"ToPort":8080,"IpRanges":[{"CidrIp":"10.0.0.0/25"},{"CidrIp":"10.0.1.0/24"}]}""",
            };
            var r = Traffic(f);
            Assert.Equal(nameof(ReachabilityVerdict.Unknown), r.Verdict);
            Assert.Contains("admit only 10.0.0.0/25 of 10.0.0.0/24", r.Explanation);
            Assert.Equal(nameof(HopVerdict.Allowed), r.Hops.Single(h => h.SourceSubnetId == "subnet-b" && h.Step == nameof(HopStep.TargetSecurityGroupIngress)).Verdict);
        }
    }
}
