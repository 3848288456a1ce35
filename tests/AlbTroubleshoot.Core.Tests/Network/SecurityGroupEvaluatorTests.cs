using System.Collections.Generic;
using AlbTroubleshoot.Network;
using Xunit;

namespace AlbTroubleshoot.Tests.Network
{
    public class SecurityGroupEvaluatorTests
    {
        private static readonly SecurityGroupRule SshFromOffice =
            new SecurityGroupRule(IpProtocol.Tcp, 22, 22, new[] { IpCidr.Parse("203.0.113.0/24") });

        private static SecurityGroup AppGroup(params SecurityGroupRule[] ingress) =>
            new SecurityGroup("sg-0a1", "app-sg", "vpc-1", "111122223333", ingress, null);

        private static SecurityGroupPeer AlbNode(string address = "10.0.1.5") =>
            new SecurityGroupPeer(IpCidr.Parse(address), new[] { "sg-0b2" }, "vpc-1", "111122223333");

        [Fact]
        public void A_group_reference_admits_a_peer_carrying_that_group_and_names_the_rule()
        {
            var app = AppGroup(SshFromOffice, new SecurityGroupRule(IpProtocol.Tcp, 8080, 8080, userIdGroupPairs: new[] { new SecurityGroupReference("sg-0b2") }));
            var d = SecurityGroupEvaluator.Evaluate(app, TrafficDirection.Inbound, NetworkFlow.Tcp(8080), AlbNode());
            Assert.Equal(SecurityGroupVerdict.Allowed, d.Verdict);
            Assert.Equal("sg-0a1 (app-sg) inbound tcp/8080 from sg-0b2", d.Rule);
            Assert.Contains("stateful", d.Explanation);
        }

        [Fact]
        public void Denied_names_the_group_flow_peer_and_what_the_group_does_allow()
        {
            var app = AppGroup(SshFromOffice);
            var d = SecurityGroupEvaluator.Evaluate(app, TrafficDirection.Inbound, NetworkFlow.Tcp(8080), AlbNode());
            Assert.Equal(SecurityGroupVerdict.Denied, d.Verdict);
            Assert.Empty(d.MatchedRules);
            Assert.Equal("sg-0a1 (app-sg) has no inbound rule admitting tcp/8080 from sg-0b2 or 10.0.1.5/32; " +
                         "sg-0a1 (app-sg) allows inbound only tcp/22 from 203.0.113.0/24", d.Explanation);
        }

        [Fact]
        public void A_group_with_no_rules_says_so()
        {
            var d = SecurityGroupEvaluator.Evaluate(AppGroup(), TrafficDirection.Outbound, NetworkFlow.Tcp(443), AlbNode());
            Assert.Equal(SecurityGroupVerdict.Denied, d.Verdict);
            Assert.EndsWith("sg-0a1 (app-sg) has no outbound rules", d.Explanation);
        }

        [Fact]
        public void Any_group_of_the_eni_may_admit_the_flow()
        {
            var other = new SecurityGroup("sg-0c3", "", "vpc-1", "111122223333",
                new[] { new SecurityGroupRule(IpProtocol.All, null, null, new[] { IpCidr.Parse("10.0.0.0/16") }) }, null);
            var d = SecurityGroupEvaluator.Evaluate(new[] { AppGroup(SshFromOffice), other }, TrafficDirection.Inbound, NetworkFlow.Tcp(8080), AlbNode());
            Assert.Equal(SecurityGroupVerdict.Allowed, d.Verdict);
            Assert.Equal("sg-0c3 inbound all traffic from 10.0.0.0/16", d.Rule);
        }

        [Fact]
        public void Protocol_minus_one_admits_every_port_and_other_protocol_numbers_ignore_ports()
        {
            var esp = AppGroup(new SecurityGroupRule(IpProtocol.Parse("50"), 5, 5, new[] { IpCidr.AllIPv4 }));
            var d = SecurityGroupEvaluator.Evaluate(esp, TrafficDirection.Inbound, new NetworkFlow(IpProtocol.Parse("50"), null), AlbNode());
            Assert.Equal(SecurityGroupVerdict.Allowed, d.Verdict);
            var tcp = SecurityGroupEvaluator.Evaluate(esp, TrafficDirection.Inbound, NetworkFlow.Tcp(5), AlbNode());
            Assert.Equal(SecurityGroupVerdict.Denied, tcp.Verdict);
        }

        [Fact]
        public void Ipv4_rules_do_not_admit_an_ipv6_peer()
        {
            var app = AppGroup(new SecurityGroupRule(IpProtocol.Tcp, 80, 80, new[] { IpCidr.AllIPv4 }));
            var v6 = new SecurityGroupPeer(IpCidr.Parse("2001:db8::10"));
            Assert.Equal(SecurityGroupVerdict.Denied, SecurityGroupEvaluator.Evaluate(app, TrafficDirection.Inbound, NetworkFlow.Tcp(80), v6).Verdict);
            var both = AppGroup(new SecurityGroupRule(IpProtocol.Tcp, 80, 80, new[] { IpCidr.AllIPv4 }, new[] { IpCidr.AllIPv6 }));
            var d = SecurityGroupEvaluator.Evaluate(both, TrafficDirection.Inbound, NetworkFlow.Tcp(80), v6);
            Assert.Equal("sg-0a1 (app-sg) inbound tcp/80 from ::/0", d.Rule);
        }

        [Fact]
        public void An_unresolved_prefix_list_is_unknown_and_named()
        {
            var app = AppGroup(new SecurityGroupRule(IpProtocol.Tcp, 443, 443, prefixListIds: new[] { "pl-0abc" }));
            var d = SecurityGroupEvaluator.Evaluate(app, TrafficDirection.Inbound, NetworkFlow.Tcp(443), AlbNode(), _ => null);
            Assert.Equal(SecurityGroupVerdict.Unknown, d.Verdict);
            Assert.Contains("pl-0abc", Assert.Single(d.UnknownReasons));
        }

        [Fact]
        public void A_resolved_prefix_list_admits_its_entries()
        {
            var app = AppGroup(new SecurityGroupRule(IpProtocol.Tcp, 443, 443, prefixListIds: new[] { "pl-0abc" }));
            var lists = new Dictionary<string, IReadOnlyList<IpCidr>> { ["pl-0abc"] = new[] { IpCidr.Parse("10.0.0.0/20") } };
            var d = SecurityGroupEvaluator.Evaluate(app, TrafficDirection.Inbound, NetworkFlow.Tcp(443), AlbNode(), id => lists.TryGetValue(id, out var c) ? c : null);
            Assert.Equal(SecurityGroupVerdict.Allowed, d.Verdict);
            Assert.Equal("sg-0a1 (app-sg) inbound tcp/443 from pl-0abc (10.0.0.0/20)", d.Rule);
            var outside = SecurityGroupEvaluator.Evaluate(app, TrafficDirection.Inbound, NetworkFlow.Tcp(443), AlbNode("10.0.99.1"), id => lists.TryGetValue(id, out var c) ? c : null);
            Assert.Equal(SecurityGroupVerdict.Denied, outside.Verdict);
        }

        [Fact]
        public void A_cross_account_reference_is_unknown_when_the_peer_groups_are_not_known()
        {
            var app = AppGroup(new SecurityGroupRule(IpProtocol.Tcp, 8080, 8080,
                userIdGroupPairs: new[] { new SecurityGroupReference("sg-0ff", "444455556666", "vpc-9", "pcx-0123") }));
            var unknownPeer = new SecurityGroupPeer(IpCidr.Parse("172.31.4.4"));
            var d = SecurityGroupEvaluator.Evaluate(app, TrafficDirection.Inbound, NetworkFlow.Tcp(8080), unknownPeer);
            Assert.Equal(SecurityGroupVerdict.Unknown, d.Verdict);
            Assert.Contains("sg-0a1 (app-sg) inbound tcp/8080 from 444455556666/sg-0ff via pcx-0123", d.UnknownReasons[0]);
            Assert.Contains("another account or a peered VPC", d.UnknownReasons[0]);

            var knownPeer = new SecurityGroupPeer(IpCidr.Parse("172.31.4.4"), new[] { "sg-0ff" });
            Assert.Equal(SecurityGroupVerdict.Allowed, SecurityGroupEvaluator.Evaluate(app, TrafficDirection.Inbound, NetworkFlow.Tcp(8080), knownPeer).Verdict);
        }

        [Fact]
        public void A_same_vpc_reference_cannot_match_a_peer_known_to_be_in_another_vpc()
        {
            var app = AppGroup(new SecurityGroupRule(IpProtocol.Tcp, 8080, 8080, userIdGroupPairs: new[] { new SecurityGroupReference("sg-0b2") }));
            var elsewhere = new SecurityGroupPeer(IpCidr.Parse("192.168.0.4"), null, "vpc-2");
            Assert.Equal(SecurityGroupVerdict.Denied, SecurityGroupEvaluator.Evaluate(app, TrafficDirection.Inbound, NetworkFlow.Tcp(8080), elsewhere).Verdict);
        }

        [Fact]
        public void A_peer_block_needs_full_cover_and_partial_cover_is_unknown()
        {
            var half = AppGroup(new SecurityGroupRule(IpProtocol.Tcp, 80, 80, new[] { IpCidr.Parse("10.0.1.0/25") }));
            var subnet = new SecurityGroupPeer(IpCidr.Parse("10.0.1.0/24"), System.Array.Empty<string>());
            var d = SecurityGroupEvaluator.Evaluate(half, TrafficDirection.Inbound, NetworkFlow.Tcp(80), subnet);
            Assert.Equal(SecurityGroupVerdict.Unknown, d.Verdict);
            Assert.Contains("admit only 10.0.1.0/25 of 10.0.1.0/24", d.UnknownReasons[0]);

            var halves = AppGroup(
                new SecurityGroupRule(IpProtocol.Tcp, 80, 80, new[] { IpCidr.Parse("10.0.1.0/25") }),
                new SecurityGroupRule(IpProtocol.Tcp, 0, 65535, new[] { IpCidr.Parse("10.0.1.128/25") }));
            var both = SecurityGroupEvaluator.Evaluate(halves, TrafficDirection.Inbound, NetworkFlow.Tcp(80), subnet);
            Assert.Equal(SecurityGroupVerdict.Allowed, both.Verdict);
            Assert.Equal(2, both.MatchedRules.Count);
        }

        [Fact]
        public void Icmp_rules_match_type_and_code()
        {
            var mtu = AppGroup(new SecurityGroupRule(IpProtocol.Icmp, 3, 4, new[] { IpCidr.AllIPv4 }));
            Assert.Equal(SecurityGroupVerdict.Allowed, SecurityGroupEvaluator.Evaluate(mtu, TrafficDirection.Inbound, new NetworkFlow(IpProtocol.Icmp, 3, 4), AlbNode()).Verdict);
            Assert.Equal(SecurityGroupVerdict.Denied, SecurityGroupEvaluator.Evaluate(mtu, TrafficDirection.Inbound, new NetworkFlow(IpProtocol.Icmp, 8, 0), AlbNode()).Verdict);
            Assert.Equal("sg-0a1 (app-sg) inbound icmp/3:4 from 0.0.0.0/0", SecurityGroupEvaluator.Evaluate(mtu, TrafficDirection.Inbound, new NetworkFlow(IpProtocol.Icmp, 3, 4), AlbNode()).Rule);
        }

        [Fact]
        public void Egress_rules_are_read_for_outbound_and_say_to()
        {
            var alb = new SecurityGroup("sg-0b2", "alb-sg", "vpc-1", "111122223333", null,
                new[] { new SecurityGroupRule(IpProtocol.Tcp, 8080, 8080, userIdGroupPairs: new[] { new SecurityGroupReference("sg-0a1") }) });
            var target = new SecurityGroupPeer(IpCidr.Parse("10.0.2.7"), new[] { "sg-0a1" });
            var d = SecurityGroupEvaluator.Evaluate(alb, TrafficDirection.Outbound, NetworkFlow.Tcp(8080), target);
            Assert.Equal("sg-0b2 (alb-sg) outbound tcp/8080 to sg-0a1", d.Rule);
            Assert.Equal(SecurityGroupVerdict.Denied, SecurityGroupEvaluator.Evaluate(alb, TrafficDirection.Inbound, NetworkFlow.Tcp(8080), target).Verdict);
        }
    }
}
