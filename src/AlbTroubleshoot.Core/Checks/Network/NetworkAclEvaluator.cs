using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;

namespace AlbTroubleshoot.Network
{
    /// <summary>The entry of a NACL that decides one flow in one direction.</summary>
    internal sealed class NaclDecision
    {
        internal NaclDecision(string networkAclId, TrafficDirection direction, NaclEntryVerdict verdict, int ruleNumber, string rule, string explanation)
        {
            NetworkAclId = networkAclId;
            Direction = direction;
            Verdict = verdict;
            RuleNumber = ruleNumber;
            Rule = rule;
            Explanation = explanation;
        }

        public string NetworkAclId { get; }

        public TrafficDirection Direction { get; }

        public NaclEntryVerdict Verdict { get; }

        /// <summary>The deciding entry's rule number; 32767 for the <c>*</c> default rule (or when nothing matched).</summary>
        public int RuleNumber { get; }

        /// <summary><c>acl-0b2 inbound rule 90 deny tcp 1024-65535 from 0.0.0.0/0</c>.</summary>
        public string Rule { get; }

        public string Explanation { get; }

        public override string ToString() => Verdict.Text() + ": " + Explanation;
    }

    /// <summary>One stretch of ports of a range evaluation, decided alike for the whole stretch.</summary>
    internal sealed class NaclPortSegment
    {
        internal NaclPortSegment(PortRange ports, NaclRangeVerdict verdict, int[] allowingRules, int[] blockingRules, IpCidr[] blockedAddresses, int[] shadowedAllowRules)
        {
            Ports = ports;
            Verdict = verdict;
            AllowingRules = allowingRules;
            BlockingRules = blockingRules;
            BlockedAddresses = blockedAddresses;
            ShadowedAllowRules = shadowedAllowRules;
        }

        public PortRange Ports { get; }

        /// <summary>Allowed, Blocked or PartiallyBlocked (for part of the peer block).</summary>
        public NaclRangeVerdict Verdict { get; }

        /// <summary>Allow entries that decide some address of the peer block on these ports.</summary>
        public IReadOnlyList<int> AllowingRules { get; }

        /// <summary>Deny entries (32767 for the default rule) that decide some address of the peer block on these ports.</summary>
        public IReadOnlyList<int> BlockingRules { get; }

        /// <summary>The addresses of the peer block that are denied on these ports.</summary>
        public IReadOnlyList<IpCidr> BlockedAddresses { get; }

        /// <summary>Allow entries that would admit blocked traffic but come after the entry that denies it.</summary>
        public IReadOnlyList<int> ShadowedAllowRules { get; }
    }

    /// <summary>
    /// Whether a NACL lets a whole range of ports through, in one direction, for a whole peer block.
    /// <see cref="Verdict"/> is Allowed only when EVERY address of the peer block on EVERY port of
    /// the range is allowed, Blocked when none is, PartiallyBlocked otherwise (some ports, or some
    /// addresses of the block, are denied). <see cref="BlockedRanges"/> lists the ports on which at
    /// least one address of the block is denied.
    /// </summary>
    internal sealed class NaclRangeResult
    {
        internal NaclRangeResult(string networkAclId, TrafficDirection direction, IpProtocol protocol, IpCidr peerCidr, PortRange portRange,
            NaclRangeVerdict verdict, IReadOnlyList<NaclPortSegment> segments, IReadOnlyList<PortRange> blockedRanges, int[] decidingRules, string explanation)
        {
            NetworkAclId = networkAclId;
            Direction = direction;
            Protocol = protocol;
            PeerCidr = peerCidr;
            PortRange = portRange;
            Verdict = verdict;
            Segments = segments;
            BlockedRanges = blockedRanges;
            DecidingRules = decidingRules;
            Explanation = explanation;
        }

        public string NetworkAclId { get; }

        public TrafficDirection Direction { get; }

        public IpProtocol Protocol { get; }

        public IpCidr PeerCidr { get; }

        public PortRange PortRange { get; }

        /// <summary>Allowed, Blocked or PartiallyBlocked.</summary>
        public NaclRangeVerdict Verdict { get; }

        /// <summary>The range cut into stretches decided alike, in port order.</summary>
        public IReadOnlyList<NaclPortSegment> Segments { get; }

        /// <summary>Ports on which some address of the peer block is denied, merged.</summary>
        public IReadOnlyList<PortRange> BlockedRanges { get; }

        /// <summary>When not allowed: the entries that deny; when allowed: the entries that allow. Rule order.</summary>
        public IReadOnlyList<int> DecidingRules { get; }

        public string Explanation { get; }

        public override string ToString() => Verdict.Text() + ": " + Explanation;
    }

    /// <summary>
    /// Evaluates NACL entries as AWS does: only the entries of the direction being crossed, only
    /// those of the traffic's address family, in increasing rule-number order; the first entry whose
    /// protocol, destination port range and CIDR match decides, allow or deny; when none matches the
    /// traffic is denied (the <c>*</c> rule, number 32767). NACLs are stateless: the responses of a
    /// connection are a separate flow in the other direction, to the initiator's ephemeral port.
    /// Traffic between two addresses of one subnet does not cross that subnet's NACL.
    /// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
    /// </summary>
    internal static class NetworkAclEvaluator
    {
        /// <summary>Decides one flow between the subnet and one peer address.</summary>
        public static NaclDecision Evaluate(NetworkAcl acl, TrafficDirection direction, NetworkFlow flow, IPAddress peer)
        {
            if (acl is null) throw new ArgumentNullException(nameof(acl));
            if (flow is null) throw new ArgumentNullException(nameof(flow));
            if (peer is null) throw new ArgumentNullException(nameof(peer));
            var host = IpCidr.FromAddress(peer);
            var what = $"{flow} {FromTo(direction)} {peer}";
            foreach (var entry in Applicable(acl, direction, host.Family))
            {
                if (!entry.Covers(flow) || !entry.Cidr.Contains(host)) continue;
                var rule = RuleText(acl, entry);
                var verdict = entry.Allow ? NaclEntryVerdict.Allow : NaclEntryVerdict.Deny;
                return new NaclDecision(acl.NetworkAclId, direction, verdict, entry.RuleNumber, rule,
                    $"{rule} {(entry.Allow ? "allows" : "denies")} {what}" +
                    (entry.IsDefault ? " (no numbered rule matched)" : string.Empty) + ".");
            }
            var implicitRule = $"{acl.NetworkAclId} {SecurityGroupEvaluator.DirectionWord(direction)} rule * deny all traffic";
            return new NaclDecision(acl.NetworkAclId, direction, NaclEntryVerdict.Deny, NetworkAclEntry.DefaultRuleNumber, implicitRule,
                $"No {SecurityGroupEvaluator.DirectionWord(direction)} {Family(host.Family)} entry of {acl.NetworkAclId} matches {what}, so the default rule * denies it.");
        }

        /// <summary>
        /// Decides a port range for a whole peer block (for example the ephemeral range 1024-65535
        /// from a target subnet, or from 0.0.0.0/0). The block and the range are cut where entries
        /// begin and end, so each piece is decided by one entry; see <see cref="NaclRangeResult"/>
        /// for what Allowed, Blocked and PartiallyBlocked mean. TCP and UDP only: ranges are about
        /// ports (evaluate ICMP and other protocols flow by flow with <see cref="Evaluate"/>).
        /// </summary>
        public static NaclRangeResult EvaluateRange(NetworkAcl acl, TrafficDirection direction, IpProtocol protocol, IpCidr peer, PortRange ports)
        {
            if (acl is null) throw new ArgumentNullException(nameof(acl));
            if (peer is null) throw new ArgumentNullException(nameof(peer));
            if (!protocol.HasPorts) throw new ArgumentException($"A port range is evaluated for tcp or udp, not {protocol}.", nameof(protocol));
            var entries = Applicable(acl, direction, peer.Family)
                .Where(e => e.Protocol.Covers(protocol) && e.Cidr.Overlaps(peer) && e.Ports.Overlaps(ports))
                .ToList();

            var regions = AddressRegions(peer, entries);
            var portCuts = PortSegments(ports, entries);

            var raw = new List<NaclPortSegment>();
            foreach (var segment in portCuts)
            {
                var allowing = new SortedSet<int>();
                var blocking = new SortedSet<int>();
                var shadowed = new SortedSet<int>();
                var blockedAddresses = new AddressRangeSet(peer.Family);
                var anyAllowed = false;
                foreach (var (first, last) in regions)
                {
                    var index = entries.FindIndex(e => Matches(e, first, segment));
                    if (index >= 0 && entries[index].Allow)
                    {
                        allowing.Add(entries[index].RuleNumber);
                        anyAllowed = true;
                        continue;
                    }
                    blocking.Add(index >= 0 ? entries[index].RuleNumber : NetworkAclEntry.DefaultRuleNumber);
                    blockedAddresses.Add(first, last);
                    foreach (var later in entries.Skip(index + 1))
                        if (later.Allow && Matches(later, first, segment)) { shadowed.Add(later.RuleNumber); break; }
                }
                var verdict = blocking.Count == 0 ? NaclRangeVerdict.Allowed : anyAllowed ? NaclRangeVerdict.PartiallyBlocked : NaclRangeVerdict.Blocked;
                raw.Add(new NaclPortSegment(segment, verdict, allowing.ToArray(), blocking.ToArray(), blockedAddresses.ToCidrs().ToArray(), shadowed.ToArray()));
            }

            var segments = MergeAlike(raw);
            var blockedRanges = PortRange.Merge(segments.Where(s => s.Verdict != NaclRangeVerdict.Allowed).Select(s => s.Ports));
            var overall = segments.All(s => s.Verdict == NaclRangeVerdict.Allowed) ? NaclRangeVerdict.Allowed
                : segments.All(s => s.Verdict == NaclRangeVerdict.Blocked) ? NaclRangeVerdict.Blocked
                : NaclRangeVerdict.PartiallyBlocked;
            var deciding = (overall == NaclRangeVerdict.Allowed ? segments.SelectMany(s => s.AllowingRules) : segments.SelectMany(s => s.BlockingRules))
                .Distinct().OrderBy(n => n).ToArray();
            var explanation = Explain(acl, direction, protocol, peer, ports, overall, segments);
            return new NaclRangeResult(acl.NetworkAclId, direction, protocol, peer, ports, overall, segments, blockedRanges, deciding, explanation);
        }

        /// <summary><c>acl-0b2 inbound rule 90 deny tcp 1024-65535 from 0.0.0.0/0</c>.</summary>
        public static string RuleText(NetworkAcl acl, NetworkAclEntry entry)
        {
            if (acl is null) throw new ArgumentNullException(nameof(acl));
            if (entry is null) throw new ArgumentNullException(nameof(entry));
            return $"{acl.NetworkAclId} {SecurityGroupEvaluator.DirectionWord(entry.Direction)} {entry.Text}";
        }

        private static IEnumerable<NetworkAclEntry> Applicable(NetworkAcl acl, TrafficDirection direction, IpFamily family) =>
            acl.EntriesFor(direction).Where(e => e.Cidr.Family == family);

        private static bool Matches(NetworkAclEntry entry, IpNumber address, PortRange segment) =>
            entry.Cidr.First <= address && address <= entry.Cidr.Last && entry.Ports.Contains(segment);

        /// <summary>Cuts the peer block where entry blocks start and end: each piece lies wholly inside or outside every entry.</summary>
        private static List<(IpNumber First, IpNumber Last)> AddressRegions(IpCidr peer, IReadOnlyList<NetworkAclEntry> entries)
        {
            var starts = new SortedSet<IpNumber> { peer.First };
            foreach (var e in entries)
            {
                if (e.Cidr.First > peer.First) starts.Add(e.Cidr.First);
                if (e.Cidr.Last < peer.Last) starts.Add(e.Cidr.Last.Increment());
            }
            var list = starts.ToList();
            var regions = new List<(IpNumber, IpNumber)>(list.Count);
            for (var i = 0; i < list.Count; i++)
                regions.Add((list[i], i + 1 < list.Count ? list[i + 1].Decrement() : peer.Last));
            return regions;
        }

        private static List<PortRange> PortSegments(PortRange ports, IReadOnlyList<NetworkAclEntry> entries)
        {
            var starts = new SortedSet<int> { ports.From };
            foreach (var e in entries)
            {
                if (e.Ports.From > ports.From) starts.Add(e.Ports.From);
                if (e.Ports.To < ports.To) starts.Add(e.Ports.To + 1);
            }
            var list = starts.ToList();
            var segments = new List<PortRange>(list.Count);
            for (var i = 0; i < list.Count; i++)
                segments.Add(new PortRange(list[i], i + 1 < list.Count ? list[i + 1] - 1 : ports.To));
            return segments;
        }

        /// <summary>Joins neighbouring stretches that are decided alike, so the output reads as few ranges as possible.</summary>
        private static List<NaclPortSegment> MergeAlike(List<NaclPortSegment> raw)
        {
            var merged = new List<NaclPortSegment>();
            foreach (var s in raw)
            {
                if (merged.Count > 0)
                {
                    var last = merged[merged.Count - 1];
                    if (last.Verdict == s.Verdict && last.AllowingRules.SequenceEqual(s.AllowingRules) && last.BlockingRules.SequenceEqual(s.BlockingRules)
                        && last.BlockedAddresses.SequenceEqual(s.BlockedAddresses) && last.ShadowedAllowRules.SequenceEqual(s.ShadowedAllowRules))
                    {
                        merged[merged.Count - 1] = new NaclPortSegment(new PortRange(last.Ports.From, s.Ports.To), s.Verdict,
                            s.AllowingRules.ToArray(), s.BlockingRules.ToArray(), s.BlockedAddresses.ToArray(), s.ShadowedAllowRules.ToArray());
                        continue;
                    }
                }
                merged.Add(s);
            }
            return merged;
        }

        private static string Explain(NetworkAcl acl, TrafficDirection direction, IpProtocol protocol, IpCidr peer, PortRange ports,
            NaclRangeVerdict verdict, IReadOnlyList<NaclPortSegment> segments)
        {
            var dir = SecurityGroupEvaluator.DirectionWord(direction);
            var traffic = protocol + " " + ports;
            var head = $"{acl.NetworkAclId} {dir} {traffic} {FromTo(direction)} {peer}";
            string Traffic(NaclPortSegment s) => protocol + " " + s.Ports;

            if (verdict == NaclRangeVerdict.Allowed)
                return $"{head}: allowed by {Rules(acl, direction, peer.Family, segments.SelectMany(s => s.AllowingRules))}.";

            var parts = new List<string>();
            foreach (var s in segments.Where(s => s.Verdict != NaclRangeVerdict.Allowed))
            {
                var who = s.Verdict == NaclRangeVerdict.Blocked ? string.Empty
                    : " for " + string.Join(", ", s.BlockedAddresses) + " of " + peer;
                var text = $"{Traffic(s)}{who} is denied by {Rules(acl, direction, peer.Family, s.BlockingRules)}";
                if (s.ShadowedAllowRules.Count > 0)
                    text += $", which comes before {string.Join(", ", s.ShadowedAllowRules.Select(n => "rule " + n.ToString(CultureInfo.InvariantCulture)))} that would allow it";
                parts.Add(text);
            }
            var allowed = segments.Where(s => s.Verdict == NaclRangeVerdict.Allowed).ToList();
            var tail = allowed.Count == 0 ? string.Empty
                : $"; allowed: {string.Join(", ", allowed.Select(s => s.Ports.ToString()))} by {Rules(acl, direction, peer.Family, allowed.SelectMany(s => s.AllowingRules))}";
            var word = verdict == NaclRangeVerdict.Blocked ? "blocked" : "partially blocked";
            return $"{head} is {word}: {string.Join("; ", parts)}{tail}.";
        }

        private static string Rules(NetworkAcl acl, TrafficDirection direction, IpFamily family, IEnumerable<int> numbers)
        {
            var texts = new List<string>();
            foreach (var n in numbers.Distinct().OrderBy(n => n))
            {
                var entry = Applicable(acl, direction, family).FirstOrDefault(e => e.RuleNumber == n);
                texts.Add(entry is not null ? entry.Text : "rule * (no entry matches)");
            }
            return string.Join(" and ", texts);
        }

        private static string FromTo(TrafficDirection direction) => direction == TrafficDirection.Inbound ? "from" : "to";

        private static string Family(IpFamily family) => family == IpFamily.IPv4 ? "IPv4" : "IPv6";
    }
}
