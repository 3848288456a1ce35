using System;
using System.Linq;
using System.Net;
using AlbTroubleshoot.Network;
using Xunit;

namespace AlbTroubleshoot.Tests.Network
{
    public class AddressTests
    {
        [Theory]
        [InlineData("10.0.0.0/16", "10.0.0.0/16")]
        [InlineData("10.0.3.7/16", "10.0.0.0/16")]
        [InlineData("10.0.3.7", "10.0.3.7/32")]
        [InlineData("0.0.0.0/0", "0.0.0.0/0")]
        [InlineData("2001:db8:0:1::/56", "2001:db8::/56")]
        [InlineData("::/0", "::/0")]
        [InlineData("2001:DB8::5", "2001:db8::5/128")]
        public void Cidr_parses_and_prints_the_block(string text, string expected)
        {
            Assert.Equal(expected, IpCidr.Parse(text).ToString());
        }

        [Theory]
        [InlineData("")]
        [InlineData("10")]
        [InlineData("10.1/16")]
        [InlineData("10.0.0.256/24")]
        [InlineData("10.0.0.0/33")]
        [InlineData("10.0.0.0/")]
        [InlineData("10.0.0.0/-1")]
        [InlineData("2001:db8::/129")]
        [InlineData("fe80::1%eth0")]
        [InlineData("sg-0123")]
        public void Cidr_rejects_what_is_not_a_block(string text)
        {
            Assert.False(IpCidr.TryParse(text, out _));
            var ex = Assert.Throws<FormatException>(() => IpCidr.Parse(text));
            Assert.Contains("'" + text + "'", ex.Message);
        }

        [Fact]
        public void Containment_and_overlap_respect_family_and_bounds()
        {
            var vpc = IpCidr.Parse("10.0.0.0/16");
            Assert.True(vpc.Contains(IpCidr.Parse("10.0.255.255")));
            Assert.False(vpc.Contains(IpCidr.Parse("10.1.0.0")));
            Assert.True(vpc.Contains(IPAddress.Parse("10.0.1.9")));
            Assert.True(vpc.Overlaps(IpCidr.Parse("10.0.0.0/8")));
            Assert.False(vpc.Contains(IpCidr.Parse("10.0.0.0/8")));
            Assert.False(IpCidr.AllIPv4.Contains(IpCidr.Parse("::1")));
            Assert.False(IpCidr.AllIPv4.Overlaps(IpCidr.AllIPv6));
            Assert.True(IpCidr.AllIPv6.Contains(IpCidr.Parse("2001:db8::/32")));
            Assert.True(IpCidr.Parse("2001:db8::/64").Contains(IpCidr.Parse("2001:db8::ffff:ffff:ffff:ffff")));
            Assert.False(IpCidr.Parse("2001:db8::/64").Contains(IpCidr.Parse("2001:db8:0:1::")));
            Assert.Equal(IpCidr.Parse("10.0.0.0/24"), IpCidr.Parse("10.0.0.99/24"));
        }

        [Fact]
        public void Cover_returns_the_fewest_blocks_for_a_range()
        {
            var first = IpCidr.Parse("10.0.0.1").First;
            var last = IpCidr.Parse("10.0.0.6").First;
            var blocks = IpCidr.Cover(IpFamily.IPv4, first, last).Select(b => b.ToString()).ToArray();
            Assert.Equal(new[] { "10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32" }, blocks);
            var all = IpCidr.Cover(IpFamily.IPv6, IpCidr.AllIPv6.First, IpCidr.AllIPv6.Last).Single();
            Assert.Equal("::/0", all.ToString());
        }

        [Theory]
        [InlineData("1024-65535", 1024, 65535, "1024-65535")]
        [InlineData("443", 443, 443, "443")]
        [InlineData(" 0-0 ", 0, 0, "0")]
        public void Port_ranges_parse(string text, int from, int to, string printed)
        {
            var r = PortRange.Parse(text);
            Assert.Equal(from, r.From);
            Assert.Equal(to, r.To);
            Assert.Equal(printed, r.ToString());
        }

        [Theory]
        [InlineData("65536")]
        [InlineData("2000-1000")]
        [InlineData("1-2-3")]
        [InlineData("-1")]
        [InlineData("http")]
        public void Port_ranges_reject_bad_text(string text)
        {
            Assert.False(PortRange.TryParse(text, out _));
            Assert.Throws<FormatException>(() => PortRange.Parse(text));
        }

        [Fact]
        public void Port_ranges_merge_touching_and_overlapping()
        {
            var merged = PortRange.Merge(new[] { PortRange.Parse("2000-3000"), PortRange.Parse("1024-1999"), PortRange.Parse("5000"), PortRange.Parse("2500-2600") });
            Assert.Equal(new[] { "1024-3000", "5000" }, merged.Select(r => r.ToString()).ToArray());
        }

        [Theory]
        [InlineData("-1", -1, "all")]
        [InlineData("tcp", 6, "tcp")]
        [InlineData("6", 6, "tcp")]
        [InlineData("UDP", 17, "udp")]
        [InlineData("17", 17, "udp")]
        [InlineData("icmp", 1, "icmp")]
        [InlineData("icmpv6", 58, "icmpv6")]
        [InlineData("58", 58, "icmpv6")]
        [InlineData("50", 50, "protocol 50")]
        public void Protocols_normalize_names_and_numbers(string text, int number, string printed)
        {
            var p = IpProtocol.Parse(text);
            Assert.Equal(number, p.Number);
            Assert.Equal(printed, p.ToString());
        }

        [Theory]
        [InlineData("256")]
        [InlineData("-2")]
        [InlineData("sctpx")]
        [InlineData("")]
        public void Protocols_reject_unknown_text(string text)
        {
            Assert.False(IpProtocol.TryParse(text, out _));
        }

        [Fact]
        public void All_protocols_rule_covers_every_flow_but_tcp_covers_only_tcp()
        {
            Assert.True(IpProtocol.All.Covers(IpProtocol.Udp));
            Assert.True(IpProtocol.Tcp.Covers(IpProtocol.Parse("6")));
            Assert.False(IpProtocol.Tcp.Covers(IpProtocol.Udp));
            Assert.False(IpProtocol.Icmp.Covers(IpProtocol.Icmpv6));
        }
    }
}
