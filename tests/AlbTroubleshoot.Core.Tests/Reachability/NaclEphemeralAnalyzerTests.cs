using System.Linq;
using AlbTroubleshoot.Reachability;
using Xunit;

namespace AlbTroubleshoot.Tests.Reachability
{
    public class NaclEphemeralAnalyzerTests
    {
        private static System.Collections.Generic.IReadOnlyList<NaclEphemeralResult> Run(PathFixture f)
        {
            var m = f.Model();
            return NaclEphemeralAnalyzer.Analyze(m, m.LoadBalancers!.Single());
        }

        [Fact]
        public void Every_NACL_on_the_client_and_target_paths_is_checked_with_its_peers()
        {
            var r = Run(new PathFixture());
            Assert.Equal(new[]
            {
                "acl-alb subnet-a LoadBalancerSubnet Inbound 0.0.0.0/0 80",
                "acl-alb subnet-a LoadBalancerSubnet Outbound 0.0.0.0/0 1024-65535",
                "acl-alb subnet-a LoadBalancerSubnet Inbound 10.0.10.0/24 1024-65535",
                "acl-alb-b subnet-b LoadBalancerSubnet Inbound 0.0.0.0/0 80",
                "acl-alb-b subnet-b LoadBalancerSubnet Outbound 0.0.0.0/0 1024-65535",
                "acl-alb-b subnet-b LoadBalancerSubnet Inbound 10.0.10.0/24 1024-65535",
                "acl-app subnet-app TargetSubnet Outbound 10.0.0.0/24 1024-65535",
                "acl-app subnet-app TargetSubnet Outbound 10.0.1.0/24 1024-65535",
            }, r.Select(n => $"{n.NetworkAclId} {n.SubnetId} {n.Role} {n.Direction} {n.PeerCidr} {n.PortRange}"));
            Assert.All(r, n => Assert.Equal("Allowed", n.Verdict));
        }

        [Fact]
        public void A_target_in_an_ALB_subnet_is_not_checked_against_that_subnets_NACL()
        {
            var r = Run(new PathFixture { InstanceSubnet = "subnet-a", InstanceAddress = "10.0.0.50" });
            Assert.DoesNotContain(r, n => n.SubnetId == "subnet-a" && n.PeerCidr == "10.0.0.0/24");
            Assert.Contains(r, n => n.SubnetId == "subnet-b" && n.PeerCidr == "10.0.0.0/24" && n.Direction == "Inbound");
            Assert.Contains(r, n => n.SubnetId == "subnet-a" && n.RoleKind == NaclRole.TargetSubnet && n.PeerCidr == "10.0.1.0/24");
        }

        [Fact]
        public void The_Linux_range_only_on_the_target_subnet_leaves_1024_32767_uncovered_with_the_default_rule_deciding()
        {
            var f = new PathFixture
            {
                AppAclEntries = """
                    {"RuleNumber":100,"Egress":false,"Protocol":"-1","RuleAction":"allow","CidrBlock":"0.0.0.0/0"},
                    {"RuleNumber":100,"Egress":true,"Protocol":"6","RuleAction":"allow","CidrBlock":"0.0.0.0/0","PortRange":{"From":32768,"To":65535}}
                    """,
            };
            var bad = Run(f).Where(n => n.Verdict != "Allowed").ToList();
            Assert.Equal(2, bad.Count);
            Assert.All(bad, n => Assert.Equal(("acl-app", NaclRole.TargetSubnet, "Outbound", "PartiallyBlocked", "1024-32767", "32767"),
                (n.NetworkAclId, n.RoleKind, n.Direction, n.Verdict, string.Join(",", n.BlockedRanges), string.Join(",", n.DecidingRules))));
        }

        [Fact]
        public void A_subnet_without_a_NACL_in_the_snapshot_is_Unknown_naming_it()
        {
            var model = new PathFixture { AlbBAclAssociated = false }.Model();
            var r = NaclEphemeralAnalyzer.Analyze(model, model.LoadBalancers!.Single());
            Assert.Contains(r, n => n.SubnetId == "subnet-b" && n.VerdictKind == NaclRangeVerdict.Unknown && n.Explanation.Contains("No network ACL in DescribeNetworkAcls is associated with subnet-b"));
        }
    }
}
