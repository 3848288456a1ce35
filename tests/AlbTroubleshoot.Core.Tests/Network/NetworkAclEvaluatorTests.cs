using System.Linq;
using System.Net;
using AlbTroubleshoot.Network;
using Xunit;

namespace AlbTroubleshoot.Tests.Network
{
    public class NetworkAclEvaluatorTests
    {
        private static NetworkAclEntry In(int rule, string protocol, bool allow, string cidr, string? ports = null) =>
            new NetworkAclEntry(rule, false, IpProtocol.Parse(protocol), allow, IpCidr.Parse(cidr), ports is null ? null : PortRange.Parse(ports));

        private static NetworkAclEntry Out(int rule, string protocol, bool allow, string cidr, string? ports = null) =>
            new NetworkAclEntry(rule, true, IpProtocol.Parse(protocol), allow, IpCidr.Parse(cidr), ports is null ? null : PortRange.Parse(ports));

        private static NetworkAcl Acl(params NetworkAclEntry[] entries) =>
            new NetworkAcl("acl-0b2", "vpc-1", entries.Concat(new[]
            {
                In(32767, "-1", false, "0.0.0.0/0"), Out(32767, "-1", false, "0.0.0.0/0"),
                In(32767, "-1", false, "::/0"), Out(32767, "-1", false, "::/0"),
            }));

        [Fact]
        public void First_matching_rule_in_number_order_wins_whatever_the_listing_order()
        {
            var acl = Acl(In(100, "-1", true, "0.0.0.0/0"), In(90, "6", false, "0.0.0.0/0", "1024-65535"));
            var d = NetworkAclEvaluator.Evaluate(acl, TrafficDirection.Inbound, NetworkFlow.Tcp(40000), IPAddress.Parse("10.0.2.7"));
            Assert.Equal(NaclEntryVerdict.Deny, d.Verdict);
            Assert.Equal(90, d.RuleNumber);
            Assert.Equal("acl-0b2 inbound rule 90 deny tcp 1024-65535 from 0.0.0.0/0", d.Rule);

            var http = NetworkAclEvaluator.Evaluate(acl, TrafficDirection.Inbound, NetworkFlow.Tcp(80), IPAddress.Parse("10.0.2.7"));
            Assert.Equal(NaclEntryVerdict.Allow, http.Verdict);
            Assert.Equal(100, http.RuleNumber);
            var udp = NetworkAclEvaluator.Evaluate(acl, TrafficDirection.Inbound, new NetworkFlow(IpProtocol.Udp, 40000), IPAddress.Parse("10.0.2.7"));
            Assert.Equal(100, udp.RuleNumber);
        }

        [Fact]
        public void The_ipv6_default_rule_32768_that_AWS_reports_is_a_star_rule()
        {
            // DescribeNetworkAcls lists the IPv6 default deny of a dual-stack NACL as rule 32768.
            var acl = new NetworkAcl("acl-0d6", "vpc-1", new[]
            {
                In(100, "-1", true, "0.0.0.0/0"),
                In(32767, "-1", false, "0.0.0.0/0"),
                In(32768, "-1", false, "::/0"),
            });
            var d = NetworkAclEvaluator.Evaluate(acl, TrafficDirection.Inbound, NetworkFlow.Tcp(443), IPAddress.Parse("2001:db8::1"));
            Assert.Equal(NaclEntryVerdict.Deny, d.Verdict);
            Assert.Equal(32768, d.RuleNumber);
            Assert.True(acl.Entries.Single(e => e.RuleNumber == 32768).IsDefault);
            Assert.Equal("*", acl.Entries.Single(e => e.RuleNumber == 32768).RuleNumberText);
        }

        [Fact]
        public void Nothing_matching_falls_to_the_default_star_rule()
        {
            var acl = Acl(Out(100, "6", true, "10.0.0.0/16", "443"));
            var d = NetworkAclEvaluator.Evaluate(acl, TrafficDirection.Outbound, NetworkFlow.Tcp(8080), IPAddress.Parse("10.0.2.7"));
            Assert.Equal(NaclEntryVerdict.Deny, d.Verdict);
            Assert.Equal(32767, d.RuleNumber);
            Assert.Equal("acl-0b2 outbound rule * deny all traffic to 0.0.0.0/0", d.Rule);

            var bare = new NetworkAcl("acl-bare", null, new[] { Out(100, "6", true, "10.0.0.0/16", "443") });
            var implicitDeny = NetworkAclEvaluator.Evaluate(bare, TrafficDirection.Outbound, NetworkFlow.Tcp(8080), IPAddress.Parse("10.0.2.7"));
            Assert.Equal(32767, implicitDeny.RuleNumber);
            Assert.Contains("default rule * denies", implicitDeny.Explanation);
        }

        [Fact]
        public void Ipv4_entries_never_match_ipv6_traffic()
        {
            var acl = Acl(In(100, "-1", true, "0.0.0.0/0"));
            var d = NetworkAclEvaluator.Evaluate(acl, TrafficDirection.Inbound, NetworkFlow.Tcp(443), IPAddress.Parse("2001:db8::1"));
            Assert.Equal(NaclEntryVerdict.Deny, d.Verdict);
            Assert.Equal("acl-0b2 inbound rule * deny all traffic from ::/0", d.Rule);
            var v6 = Acl(In(101, "6", true, "::/0", "443"));
            Assert.Equal(101, NetworkAclEvaluator.Evaluate(v6, TrafficDirection.Inbound, NetworkFlow.Tcp(443), IPAddress.Parse("2001:db8::1")).RuleNumber);
        }

        [Fact]
        public void A_deny_before_the_allow_blocks_the_lower_ephemeral_ports_and_names_both_rules()
        {
            var acl = Acl(In(90, "6", false, "0.0.0.0/0", "1024-32767"), In(100, "6", true, "0.0.0.0/0", "1024-65535"));
            var r = NetworkAclEvaluator.EvaluateRange(acl, TrafficDirection.Inbound, IpProtocol.Tcp, IpCidr.AllIPv4, PortRange.Ephemeral);
            Assert.Equal(NaclRangeVerdict.PartiallyBlocked, r.Verdict);
            Assert.Equal(new[] { "1024-32767" }, r.BlockedRanges.Select(b => b.ToString()).ToArray());
            Assert.Equal(new[] { 90 }, r.DecidingRules.ToArray());
            Assert.Equal("acl-0b2 inbound tcp 1024-65535 from 0.0.0.0/0 is partially blocked: tcp 1024-32767 is denied by rule 90 deny tcp 1024-32767 from 0.0.0.0/0, " +
                         "which comes before rule 100 that would allow it; allowed: 32768-65535 by rule 100 allow tcp 1024-65535 from 0.0.0.0/0.", r.Explanation);
        }

        [Fact]
        public void Allowing_only_the_linux_ephemeral_range_leaves_the_rest_to_the_default_rule()
        {
            var acl = Acl(In(100, "6", true, "0.0.0.0/0", "32768-65535"));
            var r = NetworkAclEvaluator.EvaluateRange(acl, TrafficDirection.Inbound, IpProtocol.Tcp, IpCidr.Parse("10.0.2.0/24"), PortRange.Ephemeral);
            Assert.Equal(NaclRangeVerdict.PartiallyBlocked, r.Verdict);
            Assert.Equal("1024-32767", Assert.Single(r.BlockedRanges).ToString());
            Assert.Equal(new[] { 32767 }, r.DecidingRules.ToArray());
            Assert.Equal(2, r.Segments.Count);
            Assert.Equal(new[] { 100 }, r.Segments[1].AllowingRules.ToArray());
        }

        [Fact]
        public void An_allow_covering_only_part_of_the_peer_block_is_partially_blocked_for_the_rest()
        {
            var acl = Acl(Out(100, "6", true, "10.0.1.0/25", "1024-65535"));
            var r = NetworkAclEvaluator.EvaluateRange(acl, TrafficDirection.Outbound, IpProtocol.Tcp, IpCidr.Parse("10.0.1.0/24"), PortRange.Ephemeral);
            Assert.Equal(NaclRangeVerdict.PartiallyBlocked, r.Verdict);
            Assert.Equal("1024-65535", Assert.Single(r.BlockedRanges).ToString());
            Assert.Equal(new[] { 32767 }, r.DecidingRules.ToArray());
            var segment = Assert.Single(r.Segments);
            Assert.Equal("10.0.1.128/25", Assert.Single(segment.BlockedAddresses).ToString());
            Assert.Contains("for 10.0.1.128/25 of 10.0.1.0/24 is denied by rule * deny all traffic to 0.0.0.0/0", r.Explanation);
        }

        [Fact]
        public void Fully_allowed_and_fully_blocked_ranges()
        {
            var open = Acl(In(100, "-1", true, "0.0.0.0/0"));
            var ok = NetworkAclEvaluator.EvaluateRange(open, TrafficDirection.Inbound, IpProtocol.Tcp, IpCidr.AllIPv4, PortRange.Ephemeral);
            Assert.Equal(NaclRangeVerdict.Allowed, ok.Verdict);
            Assert.Empty(ok.BlockedRanges);
            Assert.Equal(new[] { 100 }, ok.DecidingRules.ToArray());
            Assert.Equal("acl-0b2 inbound tcp 1024-65535 from 0.0.0.0/0: allowed by rule 100 allow all traffic from 0.0.0.0/0.", ok.Explanation);

            var v6 = NetworkAclEvaluator.EvaluateRange(open, TrafficDirection.Inbound, IpProtocol.Tcp, IpCidr.AllIPv6, PortRange.Ephemeral);
            Assert.Equal(NaclRangeVerdict.Blocked, v6.Verdict);
            Assert.Equal("1024-65535", Assert.Single(v6.BlockedRanges).ToString());
            Assert.Equal(new[] { 32767 }, v6.DecidingRules.ToArray());
        }

        [Fact]
        public void Udp_and_other_protocol_entries_do_not_count_for_tcp()
        {
            var acl = Acl(In(100, "17", true, "0.0.0.0/0", "1024-65535"), In(110, "1", true, "0.0.0.0/0"));
            var r = NetworkAclEvaluator.EvaluateRange(acl, TrafficDirection.Inbound, IpProtocol.Tcp, IpCidr.AllIPv4, PortRange.Ephemeral);
            Assert.Equal(NaclRangeVerdict.Blocked, r.Verdict);
            var udp = NetworkAclEvaluator.EvaluateRange(acl, TrafficDirection.Inbound, IpProtocol.Udp, IpCidr.AllIPv4, PortRange.Ephemeral);
            Assert.Equal(NaclRangeVerdict.Allowed, udp.Verdict);
        }

        [Fact]
        public void Ranges_are_for_protocols_with_ports()
        {
            var acl = Acl(In(100, "-1", true, "0.0.0.0/0"));
            var ex = Assert.Throws<System.ArgumentException>(() => NetworkAclEvaluator.EvaluateRange(acl, TrafficDirection.Inbound, IpProtocol.Icmp, IpCidr.AllIPv4, PortRange.All));
            Assert.Contains("not icmp", ex.Message);
        }

        [Fact]
        public void Result_for_the_cmdlet_carries_contract_strings()
        {
            var acl = Acl(In(90, "6", false, "0.0.0.0/0", "1024-32767"), In(100, "6", true, "0.0.0.0/0", "1024-65535"));
            var range = NetworkAclEvaluator.EvaluateRange(acl, TrafficDirection.Inbound, IpProtocol.Tcp, IpCidr.AllIPv4, PortRange.Ephemeral);
            var result = NaclEphemeralResult.FromRange(range, "subnet-0c3", NaclRole.LoadBalancerSubnet);
            Assert.Equal("Inbound", result.Direction);
            Assert.Equal("0.0.0.0/0", result.PeerCidr);
            Assert.Equal("1024-65535", result.PortRange);
            Assert.Equal("PartiallyBlocked", result.Verdict);
            Assert.Equal(new[] { "1024-32767" }, result.BlockedRanges);
            Assert.Equal(new[] { 90 }, result.DecidingRules);
            Assert.Equal("subnet-0c3", result.SubnetId);
        }
    }
}
