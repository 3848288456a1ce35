using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Numerics;
using AlbTroubleshoot.Network;
using CsCheck;
using Xunit;

namespace AlbTroubleshoot.Tests.Network
{
    /// <summary>
    /// The evaluators against a brute-force reference written independently here: small random rule
    /// sets over a universe of 64 IPv4 and 64 IPv6 addresses and a few dozen ports, every address and
    /// port enumerated. Blocks include /0 and blocks reaching outside the universe; port ranges overlap.
    /// </summary>
    public class EvaluatorPropertyTests
    {
        private const int Iterations = 400;
        private static readonly BigInteger V4Base = new BigInteger(0x0A000000); // 10.0.0.0
        private static readonly BigInteger V6Base = BigInteger.Parse("0fd00", NumberStyles.HexNumber) << 112; // fd00::

        /// <summary>A block as the reference sees it: family and first/last address as numbers, plus the text the evaluator parses.</summary>
        public sealed record Block(bool V6, BigInteger First, BigInteger Last, string Text)
        {
            public bool Contains(bool v6, BigInteger a) => V6 == v6 && First <= a && a <= Last;
            public IEnumerable<BigInteger> Addresses() { for (var a = First; a <= Last; a++) yield return a; }
            public override string ToString() => Text;
        }

        private static Block MakeBlock(bool v6, int offset, int prefix)
        {
            var max = v6 ? 128 : 32;
            var size = 1 << (max - prefix);
            offset = offset / size * size;
            var first = (v6 ? V6Base : V4Base) + offset;
            var text = v6 ? $"fd00::{offset:x}/{prefix}" : $"10.0.0.{offset}/{prefix}";
            return new Block(v6, first, first + size - 1, text);
        }

        private static readonly Block[] Specials =
        {
            new Block(false, 0, (BigInteger.One << 32) - 1, "0.0.0.0/0"),
            new Block(true, 0, (BigInteger.One << 128) - 1, "::/0"),
            new Block(false, V4Base, V4Base + 127, "10.0.0.0/25"),
            new Block(false, V4Base + 64, V4Base + 127, "10.0.0.64/26"),
            new Block(true, V6Base, V6Base + 255, "fd00::/120"),
        };

        /// <summary>A block inside the 64-address universe of either family.</summary>
        private static readonly Gen<Block> PeerBlock =
            Gen.Select(Gen.Bool, Gen.Int[0, 63], Gen.Int[0, 6], (v6, offset, hostBits) => MakeBlock(v6, offset, (v6 ? 128 : 32) - hostBits));

        private static readonly Gen<Block> RuleBlock = Gen.Frequency((6, PeerBlock), (1, Gen.OneOfConst(Specials)));

        private static readonly Gen<(int From, int To)> RulePorts =
            Gen.Select(Gen.Int[995, 1036], Gen.Int[0, 20], (from, length) => (from, Math.Min(from + length, 1040)));

        private static BigInteger Number(IPAddress address) =>
            new BigInteger(address.GetAddressBytes().Reverse().Concat(new byte[] { 0 }).ToArray());

        private static IPAddress Address(bool v6, BigInteger n)
        {
            var length = v6 ? 16 : 4;
            var bytes = n.ToByteArray().Take(length).ToList();
            while (bytes.Count < length) bytes.Add(0);
            bytes.Reverse();
            return new IPAddress(bytes.ToArray());
        }

        private static Block ParseBlock(string text)
        {
            var parts = text.Split('/');
            var address = IPAddress.Parse(parts[0]);
            var v6 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
            var prefix = int.Parse(parts[1], CultureInfo.InvariantCulture);
            var first = Number(address);
            return new Block(v6, first, first + (BigInteger.One << ((v6 ? 128 : 32) - prefix)) - 1, text);
        }

        // ---------------------------------------------------------------- NACL

        public sealed record Entry(int Rule, bool Egress, int Protocol, bool Allow, Block Block, (int From, int To)? Ports)
        {
            internal NetworkAclEntry ToEntry() => new NetworkAclEntry(Rule, Egress, new IpProtocol(Protocol), Allow, IpCidr.Parse(Block.Text),
                Ports is { } p ? new PortRange(p.From, p.To) : null);
        }

        private static readonly Gen<List<Entry>> Entries =
            Gen.Select(Gen.Int[1, 50], Gen.Bool, Gen.OneOfConst(-1, 6, 6, 17, 1), Gen.Bool, RuleBlock, RulePorts, Gen.Int[0, 9],
                    (rule, egress, protocol, allow, block, ports, noPorts) => (rule, egress, protocol, allow, block, ports, noPorts))
                .List[0, 10]
                .Select(list => list.Select((e, i) => new Entry(e.rule * 64 + i, e.egress, e.protocol, e.allow, e.block,
                    (e.protocol == 6 || e.protocol == 17) && e.noPorts > 0 ? e.ports : null)).ToList());

        private static NetworkAcl Acl(List<Entry> entries, bool withDefaults)
        {
            var all = entries.Select(e => e.ToEntry()).ToList();
            if (withDefaults)
            {
                foreach (var egress in new[] { false, true })
                {
                    all.Add(new NetworkAclEntry(32767, egress, IpProtocol.All, false, IpCidr.AllIPv4));
                    all.Add(new NetworkAclEntry(32767, egress, IpProtocol.All, false, IpCidr.AllIPv6));
                }
            }
            return new NetworkAcl("acl-prop", "vpc-1", all);
        }

        /// <summary>The reference: AWS's rule read literally, first match in rule-number order, else deny by *.</summary>
        private static (bool Allow, int Rule) Reference(List<Entry> entries, bool egress, int protocol, int port, bool v6, BigInteger address)
        {
            foreach (var e in entries.OrderBy(e => e.Rule))
            {
                if (e.Egress != egress) continue;
                if (e.Protocol != -1 && e.Protocol != protocol) continue;
                if (e.Protocol != -1 && e.Ports is { } p && (port < p.From || port > p.To)) continue;
                if (!e.Block.Contains(v6, address)) continue;
                return (e.Allow, e.Rule);
            }
            return (false, 32767);
        }

        [Fact]
        public void Nacl_single_flow_matches_the_reference()
        {
            Gen.Select(Entries, Gen.Bool, Gen.Bool, Gen.OneOfConst(6, 17), Gen.Int[990, 1045], PeerBlock, Gen.Int[0, 63])
                .Sample((entries, withDefaults, egress, protocol, port, peer, pick) =>
                {
                    var address = peer.First + (pick % (int)(peer.Last - peer.First + 1));
                    var expected = Reference(entries, egress, protocol, port, peer.V6, address);
                    var d = NetworkAclEvaluator.Evaluate(Acl(entries, withDefaults), egress ? TrafficDirection.Outbound : TrafficDirection.Inbound,
                        new NetworkFlow(new IpProtocol(protocol), port), Address(peer.V6, address));
                    Assert.Equal(expected.Allow ? NaclEntryVerdict.Allow : NaclEntryVerdict.Deny, d.Verdict);
                    Assert.Equal(expected.Rule, d.RuleNumber);
                    Assert.Contains(expected.Rule == 32767 ? "rule *" : "rule " + expected.Rule, d.Rule);
                }, iter: Iterations);
        }

        [Fact]
        public void Nacl_range_matches_enumerating_every_address_and_port()
        {
            Gen.Select(Entries, Gen.Bool, Gen.Bool, Gen.OneOfConst(6, 17), PeerBlock, Gen.Int[995, 1030], Gen.Int[0, 12])
                .Sample((entries, withDefaults, egress, protocol, peer, from, length) =>
                {
                    var ports = new PortRange(from, from + length);
                    var r = NetworkAclEvaluator.EvaluateRange(Acl(entries, withDefaults), egress ? TrafficDirection.Outbound : TrafficDirection.Inbound,
                        new IpProtocol(protocol), IpCidr.Parse(peer.Text), ports);

                    var decisions = (from port in Enumerable.Range(ports.From, ports.Count)
                                     from address in peer.Addresses()
                                     select (port, address, d: Reference(entries, egress, protocol, port, peer.V6, address))).ToList();
                    var expectedVerdict = decisions.All(x => x.d.Allow) ? NaclRangeVerdict.Allowed
                        : decisions.All(x => !x.d.Allow) ? NaclRangeVerdict.Blocked : NaclRangeVerdict.PartiallyBlocked;
                    Assert.Equal(expectedVerdict, r.Verdict);

                    var blockedPorts = decisions.Where(x => !x.d.Allow).Select(x => x.port).Distinct().OrderBy(p => p).ToArray();
                    var reportedPorts = r.BlockedRanges.SelectMany(b => Enumerable.Range(b.From, b.Count)).ToArray();
                    Assert.Equal(blockedPorts, reportedPorts);

                    var deciding = expectedVerdict == NaclRangeVerdict.Allowed
                        ? decisions.Select(x => x.d.Rule) : decisions.Where(x => !x.d.Allow).Select(x => x.d.Rule);
                    Assert.Equal(deciding.Distinct().OrderBy(n => n).ToArray(), r.DecidingRules.ToArray());

                    // Segments tile the range in order, and each names exactly the denied addresses on each of its ports.
                    Assert.Equal(ports.From, r.Segments[0].Ports.From);
                    Assert.Equal(ports.To, r.Segments[r.Segments.Count - 1].Ports.To);
                    for (var i = 1; i < r.Segments.Count; i++) Assert.Equal(r.Segments[i - 1].Ports.To + 1, r.Segments[i].Ports.From);
                    foreach (var segment in r.Segments)
                    {
                        var reported = segment.BlockedAddresses.Select(c => ParseBlock(c.ToString())).SelectMany(b => b.Addresses()).OrderBy(a => a).ToArray();
                        for (var port = segment.Ports.From; port <= segment.Ports.To; port++)
                        {
                            var denied = decisions.Where(x => x.port == port && !x.d.Allow).Select(x => x.address).OrderBy(a => a).ToArray();
                            Assert.Equal(denied, reported);
                        }
                    }
                }, iter: Iterations);
        }

        // ---------------------------------------------------------------- Security groups

        public sealed record Rule(bool Egress, string Protocol, int From, int To, Block[] Cidrs, string[] Groups, string[] PrefixLists);

        private static readonly string[] GroupIds = { "sg-a", "sg-b", "sg-c" };

        private static readonly Gen<Rule> SgRule =
            Gen.Select(Gen.Bool, Gen.OneOfConst("-1", "tcp", "udp", "icmp", "6"), RulePorts, Gen.Int[-1, 2], Gen.Int[-1, 1],
                    RuleBlock.Array[0, 2], Gen.OneOfConst(GroupIds).Array[0, 1], Gen.OneOfConst("pl-known", "pl-unknown").Array[0, 1])
                .Select((egress, protocol, ports, type, code, cidrs, groups, lists) =>
                    protocol == "icmp" ? new Rule(egress, protocol, type, code, cidrs, groups, lists)
                    : new Rule(egress, protocol, ports.From, ports.To, cidrs, groups, lists));

        private static SecurityGroup ToGroup(string id, IEnumerable<Rule> rules)
        {
            SecurityGroupRule Convert(Rule r) => new SecurityGroupRule(IpProtocol.Parse(r.Protocol), r.From, r.To,
                r.Cidrs.Where(c => !c.V6).Select(c => IpCidr.Parse(c.Text)), r.Cidrs.Where(c => c.V6).Select(c => IpCidr.Parse(c.Text)),
                r.Groups.Select(g => new SecurityGroupReference(g)), r.PrefixLists);
            var list = rules.ToList();
            return new SecurityGroup(id, id + "-name", "vpc-1", "111122223333",
                list.Where(r => !r.Egress).Select(Convert), list.Where(r => r.Egress).Select(Convert));
        }

        private static bool RuleCovers(Rule r, string protocol, int port, int code)
        {
            if (r.Protocol == "-1") return true;
            var ruleProtocol = r.Protocol == "6" ? "tcp" : r.Protocol;
            if (ruleProtocol != protocol) return false;
            if (protocol == "icmp") return (r.From == -1 || r.From == port) && (r.To == -1 || r.To == code);
            return r.From <= port && port <= r.To;
        }

        [Fact]
        public void Security_groups_match_the_reference()
        {
            var groupsGen = SgRule.List[0, 4].Array[1, 2];
            var seen = new Dictionary<SecurityGroupVerdict, int>();
            var peerGroups = Gen.Frequency((1, Gen.Const((string[]?)null)), (3, Gen.OneOfConst(GroupIds).Array[0, 2].Select(a => (string[]?)a)));
            Gen.Select(groupsGen, RuleBlock.Array[1, 2], PeerBlock, peerGroups, Gen.Bool, Gen.OneOfConst("tcp", "udp", "icmp"), Gen.Int[990, 1045], Gen.Int[0, 1])
                .Sample((groupRules, knownList, peer, peerSgs, egress, protocol, portOrType, code) =>
                {
                    var port = protocol == "icmp" ? portOrType % 3 : portOrType;
                    var groups = groupRules.Select((rules, i) => ToGroup("sg-eval" + i, rules)).ToList();
                    IReadOnlyList<IpCidr>? Lookup(string id) => id == "pl-known" ? knownList.Select(b => IpCidr.Parse(b.Text)).ToList() : null;
                    var flow = new NetworkFlow(IpProtocol.Parse(protocol), port, protocol == "icmp" ? code : null);
                    var d = SecurityGroupEvaluator.Evaluate(groups, egress ? TrafficDirection.Outbound : TrafficDirection.Inbound, flow,
                        new SecurityGroupPeer(IpCidr.Parse(peer.Text), peerSgs), Lookup);

                    var covering = groupRules.SelectMany(rules => rules).Where(r => r.Egress == egress && RuleCovers(r, protocol, port, code)).ToList();
                    bool Admits(BigInteger a) => covering.Any(r =>
                        r.Cidrs.Any(c => c.Contains(peer.V6, a)) || (r.PrefixLists.Contains("pl-known") && knownList.Any(c => c.Contains(peer.V6, a))));
                    var byGroup = peerSgs is not null && covering.Any(r => r.Groups.Any(peerSgs.Contains));
                    var admitted = peer.Addresses().Count(Admits);
                    var total = (int)(peer.Last - peer.First + 1);
                    SecurityGroupVerdict expected;
                    if (byGroup || admitted == total) expected = SecurityGroupVerdict.Allowed;
                    else if ((peerSgs is null && covering.Any(r => r.Groups.Length > 0)) || covering.Any(r => r.PrefixLists.Contains("pl-unknown")) || admitted > 0)
                        expected = SecurityGroupVerdict.Unknown;
                    else expected = SecurityGroupVerdict.Denied;

                    Assert.Equal(expected, d.Verdict);
                    lock (seen) seen[expected] = seen.TryGetValue(expected, out var n) ? n + 1 : 1;
                    if (expected == SecurityGroupVerdict.Allowed) Assert.NotEmpty(d.MatchedRules);
                    if (expected == SecurityGroupVerdict.Unknown) Assert.NotEmpty(d.UnknownReasons);
                    if (expected == SecurityGroupVerdict.Denied) Assert.All(groups, g => Assert.Contains(g.DisplayName, d.Explanation));
                }, iter: Iterations);

            // The generator must reach every verdict often, or the comparison above proves little.
            foreach (var verdict in new[] { SecurityGroupVerdict.Allowed, SecurityGroupVerdict.Denied, SecurityGroupVerdict.Unknown })
                Assert.True(seen.TryGetValue(verdict, out var count) && count > Iterations / 20, $"{verdict} was generated {count} times in {Iterations}.");
        }

        /// <summary>Cuts a block into random smaller blocks that tile it exactly.</summary>
        private static Gen<List<Block>> Tiling(Block block) =>
            Gen.Int[0, 2].SelectMany(split =>
            {
                var size = block.Last - block.First + 1;
                if (split == 0 || size == 1) return Gen.Const(new List<Block> { block });
                var max = block.V6 ? 128 : 32;
                var hostBits = (int)BigInteger.Log(size, 2) - 1;
                var offset = (int)(block.First - (block.V6 ? V6Base : V4Base));
                var low = MakeBlock(block.V6, offset, max - hostBits);
                var high = MakeBlock(block.V6, offset + (1 << hostBits), max - hostBits);
                return Gen.Select(Tiling(low), Tiling(high), (a, b) => a.Concat(b).ToList());
            });

        [Fact]
        public void Pieces_of_a_peer_block_spread_over_rules_and_groups_admit_it_together_and_not_one_short()
        {
            var peerGen = Gen.Select(Gen.Bool, Gen.Int[0, 63], Gen.Int[1, 6], (v6, offset, hostBits) => MakeBlock(v6, offset, (v6 ? 128 : 32) - hostBits));
            peerGen.SelectMany(peer => Gen.Select(Gen.Const(peer), Tiling(peer), Gen.Int[0, 1000].Array[8]))
                .Sample((peer, pieces, spread) =>
                {
                    var rules = pieces.Select((piece, i) => (group: spread[i % 8] % 2, rule: new Rule(false, "tcp", 1000, 1000 + spread[(i + 1) % 8] % 9, new[] { piece }, Array.Empty<string>(), Array.Empty<string>()))).ToList();
                    SecurityGroupDecision Run(IEnumerable<(int group, Rule rule)> rs) => SecurityGroupEvaluator.Evaluate(
                        Enumerable.Range(0, 2).Select(g => ToGroup("sg-" + g, rs.Where(r => r.group == g).Select(r => r.rule))).ToList(),
                        TrafficDirection.Inbound, NetworkFlow.Tcp(1000), new SecurityGroupPeer(IpCidr.Parse(peer.Text), Array.Empty<string>()));
                    Assert.Equal(SecurityGroupVerdict.Allowed, Run(rules).Verdict);
                    if (pieces.Count > 1)
                    {
                        var missing = spread[7] % pieces.Count;
                        var d = Run(rules.Where((_, i) => i != missing));
                        Assert.Equal(SecurityGroupVerdict.Unknown, d.Verdict);
                        Assert.Contains("of " + IpCidr.Parse(peer.Text), d.UnknownReasons.Single());
                    }
                }, iter: Iterations);
        }

        // ---------------------------------------------------------------- Routes

        public sealed record RouteSpec(Block? Destination, bool PrefixList, bool Propagated, bool Blackhole, int Target);

        [Fact]
        public void Route_lookup_matches_longest_prefix_then_static_prefix_list_propagated()
        {
            var routeGen = Gen.Select(RuleBlock, Gen.Int[0, 5], Gen.Int[0, 4], Gen.Int[0, 5], Gen.Int[0, 99],
                (block, kind, propagated, blackhole, target) => new RouteSpec(kind == 0 ? null : block, kind == 0, propagated == 0, blackhole == 0, target));
            Gen.Select(routeGen.List[0, 8], RuleBlock.Array[1, 3], PeerBlock, Gen.Int[0, 63], Gen.Bool)
                .Sample((routes, listEntries, peer, pick, listResolved) =>
                {
                    var address = peer.First + (pick % (int)(peer.Last - peer.First + 1));
                    var host = IpCidr.FromAddress(Address(peer.V6, address));
                    var table = new RouteTable("rtb-p", "vpc-1", routes.Select(r => new Route(
                        r.Destination is null ? null : IpCidr.Parse(r.Destination.Text), r.PrefixList ? "pl-1" : null, "pcx-" + r.Target,
                        r.Blackhole ? "blackhole" : "active", r.Propagated ? "EnableVgwRoutePropagation" : "CreateRoute")));
                    IReadOnlyList<IpCidr>? Lookup(string id) => listResolved ? listEntries.Select(b => IpCidr.Parse(b.Text)).ToList() : null;
                    var d = RouteEvaluator.Lookup(table, host, Lookup);

                    var candidates = routes.Select((r, index) => (r, index))
                        .SelectMany(x => (x.r.PrefixList ? (listResolved ? listEntries : Array.Empty<Block>()) : new[] { x.r.Destination! })
                            .Where(b => b.Contains(peer.V6, address))
                            .Select(b => (x.r, x.index, prefix: (peer.V6 ? 128 : 32) - (int)BigInteger.Log(b.Last - b.First + 1, 2),
                                rank: x.r.Propagated ? 2 : x.r.PrefixList ? 1 : 0)))
                        .OrderByDescending(c => c.prefix).ThenBy(c => c.rank).ThenBy(c => c.index).ToList();
                    var best = candidates.Count > 0 ? candidates[0] : default;
                    var unresolvedMatters = !listResolved && routes.Any(r => r.PrefixList)
                        && !(candidates.Count > 0 && best.prefix == (peer.V6 ? 128 : 32) && best.rank == 0);
                    var expected = unresolvedMatters ? RouteVerdict.Unknown
                        : candidates.Count == 0 ? RouteVerdict.NoRoute
                        : best.r.Blackhole ? RouteVerdict.Blackhole : RouteVerdict.Routed;
                    Assert.Equal(expected, d.Verdict);
                    if (expected is RouteVerdict.Routed or RouteVerdict.Blackhole) Assert.Equal("pcx-" + best.r.Target, d.TargetId);
                }, iter: Iterations);
        }
    }
}
