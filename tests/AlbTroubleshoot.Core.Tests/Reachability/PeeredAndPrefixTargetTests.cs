using System;
using System.IO;
using System.Linq;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Network;
using AlbTroubleshoot.Reachability;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests.Reachability
{
    /// <summary>
    /// IP targets the path analysis must place from what AWS returns: inside a delegated prefix, in a
    /// peered VPC whose interface the snapshot holds, and behind resources the mapper could not read
    /// (documented-shapes snapshot of TestData/snapshots/aws-examples).
    /// </summary>
    public class PeeredAndPrefixTargetTests
    {
        private static readonly string Text = File.ReadAllText(TestFiles.Path("snapshots", "aws-examples", "documented-shapes.json"));

        private static ReachabilityResult Traffic(string text, string targetId)
        {
            var model = SnapshotMapper.Map(SnapshotDocument.Parse(text, "documented-shapes.json"));
            return TargetPathAnalyzer.Analyze(model, model.FindLoadBalancer("shapes-alb")!)
                .Single(r => r.TargetId == targetId && r.Purpose == nameof(ReachabilityPurpose.Traffic));
        }

        private static string Edit(string oldText, string newText)
        {
            Assert.Contains(oldText, Text, StringComparison.Ordinal);
            return Text.Replace(oldText, newText, StringComparison.Ordinal);
        }

        [Fact]
        public void A_target_inside_a_delegated_prefix_is_checked_against_the_security_groups_of_the_interface_that_holds_the_prefix()
        {
            var r = Traffic(Text, "10.0.3.20");
            Assert.Equal(nameof(ReachabilityVerdict.Reachable), r.Verdict);
            Assert.All(r.Hops.Where(h => h.Step == nameof(HopStep.TargetSecurityGroupIngress)), h => Assert.Equal("sg-0app00000000000001", h.ResourceId));
        }

        [Fact]
        public void A_target_in_a_peered_VPC_whose_interface_the_snapshot_holds_is_evaluated_on_its_own_groups_NACL_and_route_back()
        {
            var r = Traffic(Text, "172.16.5.10");
            Assert.Equal(nameof(ReachabilityVerdict.Reachable), r.Verdict);
            Assert.All(r.Hops.Where(h => h.Step == nameof(HopStep.TargetSecurityGroupIngress)), h => Assert.Equal("sg-0peer0000000000001", h.ResourceId));
            Assert.All(r.Hops.Where(h => h.Step == nameof(HopStep.TargetSubnetNaclInbound)), h => Assert.Equal("acl-0peer00000000001", h.ResourceId));
            Assert.All(r.Hops.Where(h => h.Step == nameof(HopStep.RouteToAlb)), h => Assert.Equal(("rtb-0peer00000000001", "10.0.0.0/16 → pcx-0shapes000000001"), (h.ResourceId, h.Rule)));

            // The peer's group admits only 10.0.0.0/16 on 8080; narrowed to one ALB subnet, the other node is refused.
            var narrowed = Traffic(Edit("\"CidrIp\": \"10.0.0.0/16\"", "\"CidrIp\": \"10.0.1.0/24\""), "172.16.5.10");
            Assert.Equal(nameof(ReachabilityVerdict.PartiallyBlocked), narrowed.Verdict);
            Assert.Equal(new[] { "sg-0peer0000000000001" }, narrowed.BlockedBy);
        }

        [Fact]
        public void The_route_back_from_a_peered_subnet_the_snapshot_does_not_list_uses_the_main_table_of_the_interface_s_VPC_not_the_ALB_s()
        {
            var r = Traffic(Edit("\"SubnetId\": \"subnet-0peer000000000001\",\n        \"VpcId\"", "\"SubnetId\": \"subnet-0peer-unlisted\",\n        \"VpcId\""), "172.16.5.10");
            Assert.All(r.Hops.Where(h => h.Step == nameof(HopStep.RouteToAlb)), h => Assert.Equal("rtb-0peer00000000001", h.ResourceId));
        }

        [Fact]
        public void A_target_in_a_peered_VPC_without_its_route_back_is_blocked_on_the_peer_s_route_table()
        {
            var r = Traffic(Edit("\"DestinationCidrBlock\": \"10.0.0.0/16\",\n            \"VpcPeeringConnectionId\"", "\"DestinationCidrBlock\": \"10.50.0.0/16\",\n            \"VpcPeeringConnectionId\""), "172.16.5.10");
            Assert.Equal(nameof(ReachabilityVerdict.Blocked), r.Verdict);
            Assert.Equal(new[] { "rtb-0peer00000000001" }, r.BlockedBy);
        }

        [Fact]
        public void A_target_outside_the_VPC_that_no_interface_in_the_snapshot_holds_is_unknown_and_says_what_is_missing()
        {
            var r = Traffic(Edit("\"PrivateIpAddress\": \"172.16.5.10\"", "\"PrivateIpAddress\": \"172.16.5.99\""), "172.16.5.10");
            Assert.Equal(nameof(ReachabilityVerdict.Unknown), r.Verdict);
            Assert.Contains("172.16.5.10 is outside vpc-0shapes0000000001: its security groups, network ACL and route back are not in the snapshot " +
                "(no network interface in DescribeNetworkInterfaces holds it: it may be in another account or Region, or on premises)", r.Explanation, StringComparison.Ordinal);
        }

        [Fact]
        public void A_security_group_the_mapper_could_not_read_makes_the_hop_unknown_and_names_the_value()
        {
            var bad = Traffic(Edit("\"FromPort\": 8080,\n            \"ToPort\": 8080,\n            \"IpRanges\": [],", "\"FromPort\": \"8o8o\",\n            \"ToPort\": 8080,\n            \"IpRanges\": [],"), "10.0.3.20");
            Assert.Equal(nameof(ReachabilityVerdict.Unknown), bad.Verdict);
            Assert.Contains("The target's security group sg-0app00000000000001 is not in DescribeSecurityGroups (left out of the model because it could not be read: " +
                "sg-0app00000000000001 IpPermissions[0].FromPort: '8o8o' is not a whole number)", bad.Explanation, StringComparison.Ordinal);
        }

        [Fact]
        public void A_filtered_route_to_a_target_outside_the_VPC_blocks_it_and_the_hop_names_the_state()
        {
            var f = PathFixture.IpTargetOutsideVpc();
            f.AlbRoutes += """,{"DestinationCidrBlock":"10.20.0.0/16","TransitGatewayId":"tgw-1","State":"filtered","Origin":"Advertisement"}""";
            var model = f.Model();
            var r = TargetPathAnalyzer.Analyze(model, model.LoadBalancers!.Single()).Single(x => x.Purpose == nameof(ReachabilityPurpose.Traffic));
            Assert.Equal((nameof(ReachabilityVerdict.Blocked), "rtb-alb"), (r.Verdict, string.Join(",", r.BlockedBy)));
            Assert.All(r.Hops.Where(h => h.Step == nameof(HopStep.RouteToTarget)), h => Assert.Equal((nameof(HopVerdict.Blocked), "10.20.0.0/16 → tgw-1 (filtered)"), (h.Verdict, h.Rule)));
            Assert.Contains("whose state is filtered: only an active route carries traffic", r.Explanation, StringComparison.Ordinal);
        }
    }
}
