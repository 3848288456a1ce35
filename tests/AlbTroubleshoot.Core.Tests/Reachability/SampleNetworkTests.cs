using System.Linq;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Reachability;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests.Reachability
{
    /// <summary>The path analysis and the NACL checks on the samples/ snapshots, against what their _scenario says a diagnosis must find.</summary>
    public class SampleNetworkTests
    {
        private static EnvironmentModel Sample(string name) => SnapshotMapper.Map(SnapshotDocument.Load(RepoPaths.Combine("samples", name + ".json")));

        private static System.Collections.Generic.IReadOnlyList<ReachabilityResult> Paths(string name)
        {
            var m = Sample(name);
            return TargetPathAnalyzer.Analyze(m, m.LoadBalancers!.Single());
        }

        private static System.Collections.Generic.IReadOnlyList<NaclEphemeralResult> Nacls(string name)
        {
            var m = Sample(name);
            return NaclEphemeralAnalyzer.Analyze(m, m.LoadBalancers!.Single());
        }

        [Fact]
        public void Healthy_sample_has_every_path_reachable_and_every_NACL_allowed()
        {
            var paths = Paths("healthy");
            Assert.Equal(8, paths.Count);
            Assert.All(paths, r => Assert.Equal(nameof(ReachabilityVerdict.Reachable), r.Verdict));
            var nacls = Nacls("healthy");
            Assert.NotEmpty(nacls);
            Assert.All(nacls, n => Assert.Equal("Allowed", n.Verdict));
            Assert.Contains(nacls, n => n.NetworkAclId == "acl-fe622a5985ca22e1c" && n.Direction == "Inbound" && n.PortRange == "1024-65535" && n.DecidingRules.Contains(120));
        }

        [Fact]
        public void Target_security_group_sample_is_blocked_by_that_group_for_traffic_and_health_checks_from_every_node()
        {
            var paths = Paths("502-target-sg");
            Assert.Equal(4, paths.Count);
            Assert.All(paths, r => Assert.Equal((nameof(ReachabilityVerdict.Blocked), "sg-ea9741ea0429eeac2", 8080), (r.Verdict, string.Join(",", r.BlockedBy), r.Port)));
            Assert.Contains(paths, r => r.TargetId == "i-59ef3c97d749e0168" && r.Purpose == nameof(ReachabilityPurpose.HealthCheck));
            Assert.Contains("sg-ea9741ea0429eeac2 (orders-app) has no inbound rule admitting tcp/8080 from sg-503d9bd059ec1d5cc", paths[0].Explanation);
            Assert.DoesNotContain(paths.SelectMany(r => r.Hops), h => h.Step != nameof(HopStep.TargetSecurityGroupIngress) && h.Verdict != nameof(HopVerdict.Allowed));
        }

        [Fact]
        public void Ephemeral_sample_is_partially_blocked_in_two_zones_by_rule_32767_with_1024_32767_uncovered()
        {
            var paths = Paths("504-nacl-ephemeral");
            Assert.All(paths, r => Assert.Equal((nameof(ReachabilityVerdict.PartiallyBlocked), "acl-37c7801f39a360bf0"), (r.Verdict, string.Join(",", r.BlockedBy))));
            Assert.Contains("subnet-f3a69178f842fe9a8", paths[0].Explanation);
            Assert.Contains("subnet-7db79b2b4b32e20b9", paths[0].Explanation);

            var nacls = Nacls("504-nacl-ephemeral");
            var bad = nacls.Where(n => n.Verdict != "Allowed").ToList();
            Assert.All(bad, n => Assert.Equal(("acl-37c7801f39a360bf0", NaclRole.LoadBalancerSubnet, "Inbound", "PartiallyBlocked", "1024-32767"),
                (n.NetworkAclId, n.RoleKind, n.Direction, n.Verdict, string.Join(",", n.BlockedRanges))));
            Assert.Equal(new[] { "subnet-7db79b2b4b32e20b9", "subnet-f3a69178f842fe9a8" }, bad.Select(n => n.SubnetId).Distinct().OrderBy(s => s));
            Assert.All(bad, n => Assert.Equal(new[] { 32767 }, n.DecidingRules));
            Assert.All(bad, n => Assert.Contains("rule 120 allow tcp 32768-65535", n.Explanation));
            Assert.Contains(nacls, n => n.NetworkAclId == "acl-aee371d5a4c28f8b4" && n.Direction == "Inbound" && n.PortRange == "1024-65535" && n.Verdict == "Allowed");
            Assert.Contains(nacls, n => n.NetworkAclId == "acl-e6a5a28f56961d355" && n.RoleKind == NaclRole.TargetSubnet && n.Verdict == "Allowed");
        }

        [Fact]
        public void Deny_before_allow_sample_blocks_every_reply_at_rule_90()
        {
            var paths = Paths("504-nacl-deny-vpc");
            Assert.All(paths, r => Assert.Equal((nameof(ReachabilityVerdict.Blocked), "acl-47d11dfab20ea7705", 8443), (r.Verdict, string.Join(",", r.BlockedBy), r.Port)));
            Assert.All(paths.SelectMany(r => r.Hops).Where(h => h.Verdict == nameof(HopVerdict.Blocked)), h => Assert.Equal(nameof(HopStep.AlbSubnetNaclInbound), h.Step));
            var bad = Nacls("504-nacl-deny-vpc").Where(n => n.Verdict != "Allowed").ToList();
            Assert.NotEmpty(bad);
            Assert.All(bad, n => Assert.Equal(("acl-47d11dfab20ea7705", "Blocked", "1024-65535", "90"), (n.NetworkAclId, n.Verdict, string.Join(",", n.BlockedRanges), string.Join(",", n.DecidingRules))));
            Assert.Equal(new[] { "10.0.10.0/24", "10.0.11.0/24", "10.0.12.0/24" }, bad.Select(n => n.PeerCidr).Distinct().OrderBy(c => c));
        }

        [Fact]
        public void Peering_blackhole_sample_is_blocked_by_the_route_table_and_the_peer_side_is_not_blamed()
        {
            var paths = Paths("ip-peering-blackhole");
            Assert.All(paths, r => Assert.Equal((nameof(ReachabilityVerdict.Blocked), "rtb-caa06d6f1d78622df"), (r.Verdict, string.Join(",", r.BlockedBy))));
            Assert.Contains(paths, r => r.TargetAddress == "10.20.1.15");
            Assert.Contains("pcx-2f4525c44f321ffa1, a blackhole route", paths[0].Explanation);
            Assert.All(paths.SelectMany(r => r.Hops).Where(h => h.Step == nameof(HopStep.TargetSecurityGroupIngress)), h => Assert.Equal(nameof(HopVerdict.Unknown), h.Verdict));
        }

        [Fact]
        public void Lambda_sample_is_not_applicable_and_has_no_NACL_peers()
        {
            Assert.All(Paths("lambda-target"), r => Assert.Equal(nameof(ReachabilityVerdict.NotApplicable), r.Verdict));
            Assert.DoesNotContain(Nacls("lambda-target"), n => n.RoleKind == NaclRole.TargetSubnet);
        }

        [Fact]
        public void Missing_NACL_section_sample_is_Unknown_naming_DescribeNetworkAcls()
        {
            Assert.All(Paths("unknown-missing-sections"), r => Assert.Equal(nameof(ReachabilityVerdict.Unknown), r.Verdict));
            var nacl = Assert.Single(Nacls("unknown-missing-sections"));
            Assert.Equal(NaclRangeVerdict.Unknown, nacl.VerdictKind);
            Assert.Contains("DescribeNetworkAcls was not collected", nacl.Explanation);
        }

        [Fact]
        public void An_internal_load_balancer_expects_clients_from_the_VPC()
        {
            var nacls = Nacls("oidc-idp-unreachable");
            var clients = nacls.Where(n => n.RoleKind == NaclRole.LoadBalancerSubnet && n.Direction == "Outbound").Select(n => n.PeerCidr).Distinct().ToList();
            Assert.Equal(new[] { "10.0.0.0/16" }, clients);
        }
    }
}
