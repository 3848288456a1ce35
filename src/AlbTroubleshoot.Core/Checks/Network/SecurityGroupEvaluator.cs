using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Network
{
    /// <summary>What the security groups of one ENI say about one flow in one direction.</summary>
    internal sealed class SecurityGroupDecision
    {
        internal SecurityGroupDecision(SecurityGroupVerdict verdict, TrafficDirection direction, string flow, IEnumerable<string> groupIds,
            IEnumerable<string> matchedRules, IEnumerable<string> unknownReasons, string explanation)
        {
            Verdict = verdict;
            Direction = direction;
            Flow = flow;
            GroupIds = groupIds.ToArray();
            MatchedRules = matchedRules.ToArray();
            UnknownReasons = unknownReasons.ToArray();
            Explanation = explanation;
        }

        public SecurityGroupVerdict Verdict { get; }

        public TrafficDirection Direction { get; }

        /// <summary>The flow evaluated, e.g. <c>tcp/8080</c>.</summary>
        public string Flow { get; }

        public IReadOnlyList<string> GroupIds { get; }

        /// <summary>When allowed: the rule that admits the flow (several when only together they cover the peer's block).</summary>
        public IReadOnlyList<string> MatchedRules { get; }

        /// <summary>The first matched rule, or empty.</summary>
        public string Rule => MatchedRules.Count > 0 ? MatchedRules[0] : string.Empty;

        /// <summary>When unknown: each rule whose match could not be decided, and why.</summary>
        public IReadOnlyList<string> UnknownReasons { get; }

        public string Explanation { get; }

        public override string ToString() => Verdict.Text() + ": " + Explanation;
    }

    /// <summary>
    /// Decides whether security groups admit a flow. A flow is admitted when ANY rule of ANY of the
    /// ENI's groups admits it (rules only allow; there are no deny rules). Security groups are
    /// stateful: evaluate only the direction of the connection's first packet (ingress on the
    /// receiving ENI, egress on the sending one); the responses of an admitted connection are allowed
    /// whatever the rules of the other direction say.
    /// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
    /// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
    /// </summary>
    internal static class SecurityGroupEvaluator
    {
        private const int SummaryLimit = 8;

        public static SecurityGroupDecision Evaluate(SecurityGroup group, TrafficDirection direction, NetworkFlow flow,
            SecurityGroupPeer peer, PrefixListLookup? prefixLists = null) =>
            Evaluate(new[] { group ?? throw new ArgumentNullException(nameof(group)) }, direction, flow, peer, prefixLists);

        /// <summary>
        /// Evaluates the groups of one ENI. The peer's address may be a block (when only the subnet is
        /// known): CIDR rules then admit it only when together they cover the whole block, and a
        /// partial cover is Unknown, since the peer could be on either side. A group reference admits
        /// the peer when the peer's ENI carries that group; when the peer's groups are not known it is
        /// Unknown, unless the peer is known to be in another VPC than a same-VPC reference.
        /// A managed prefix list that <paramref name="prefixLists"/> cannot resolve is Unknown.
        /// </summary>
        public static SecurityGroupDecision Evaluate(IEnumerable<SecurityGroup> groups, TrafficDirection direction, NetworkFlow flow,
            SecurityGroupPeer peer, PrefixListLookup? prefixLists = null)
        {
            if (groups is null) throw new ArgumentNullException(nameof(groups));
            if (flow is null) throw new ArgumentNullException(nameof(flow));
            if (peer is null) throw new ArgumentNullException(nameof(peer));
            var groupList = groups.ToList();
            var groupIds = groupList.Select(g => g.GroupId).ToList();
            var flowText = flow.ToString();

            var coverage = new AddressRangeSet(peer.Address.Family);
            var partialRules = new List<string>();
            var unknown = new List<string>();

            SecurityGroupDecision Allowed(IReadOnlyList<string> rules) =>
                new SecurityGroupDecision(SecurityGroupVerdict.Allowed, direction, flowText, groupIds, rules, Array.Empty<string>(),
                    $"{string.Join(" and ", rules)} admit{(rules.Count == 1 ? "s" : string.Empty)} {flowText} {FromTo(direction)} {peer}; " +
                    "responses return automatically (security groups are stateful).");

            foreach (var group in groupList)
            {
                foreach (var permission in group.Permissions(direction))
                {
                    if (!permission.Covers(flow)) continue;

                    foreach (var cidr in permission.IpRanges.Concat(permission.Ipv6Ranges))
                    {
                        var rule = RuleText(group, direction, permission, cidr.ToString());
                        if (cidr.Contains(peer.Address)) return Allowed(new[] { rule });
                        if (cidr.Overlaps(peer.Address))
                        {
                            coverage.Add(cidr);
                            partialRules.Add(rule);
                        }
                    }

                    foreach (var pair in permission.UserIdGroupPairs)
                    {
                        var rule = RuleText(group, direction, permission, pair.DisplayText(group.OwnerId));
                        if (peer.SecurityGroupIds is not null)
                        {
                            // Group IDs are unique across accounts and regions, so a known ENI either carries it or not.
                            if (peer.SecurityGroupIds.Contains(pair.GroupId, StringComparer.OrdinalIgnoreCase)) return Allowed(new[] { rule });
                            continue;
                        }
                        var remote = pair.IsRemote(group);
                        var referencedVpc = pair.VpcId.Length > 0 ? pair.VpcId : remote ? string.Empty : group.VpcId;
                        if (peer.VpcId.Length > 0 && referencedVpc.Length > 0 && peer.VpcId != referencedVpc) continue;
                        unknown.Add(remote
                            ? $"{rule}: {pair.GroupId} is in another account or a peered VPC and the groups of {peer.Address} are not known"
                            : $"{rule}: the security groups of {peer.Address} are not known");
                    }

                    foreach (var listId in permission.PrefixListIds)
                    {
                        var rule = RuleText(group, direction, permission, listId);
                        var entries = prefixLists?.Invoke(listId);
                        if (entries is null)
                        {
                            unknown.Add($"{rule}: the entries of managed prefix list {listId} are not known");
                            continue;
                        }
                        foreach (var cidr in entries)
                        {
                            var entryRule = rule + " (" + cidr + ")";
                            if (cidr.Contains(peer.Address)) return Allowed(new[] { entryRule });
                            if (cidr.Overlaps(peer.Address))
                            {
                                coverage.Add(cidr);
                                partialRules.Add(entryRule);
                            }
                        }
                    }
                }
            }

            if (coverage.Covers(peer.Address)) return Allowed(partialRules);
            if (partialRules.Count > 0)
            {
                var parts = string.Join(", ", coverage.Intersect(peer.Address));
                unknown.Add($"{string.Join(" and ", partialRules)} admit only {parts} of {peer.Address}, and the peer's exact address is not known");
            }

            if (unknown.Count > 0)
            {
                return new SecurityGroupDecision(SecurityGroupVerdict.Unknown, direction, flowText, groupIds, Array.Empty<string>(), unknown,
                    $"No rule of {Names(groupList)} certainly admits {flowText} {FromTo(direction)} {peer}; it depends on: {string.Join("; ", unknown)}.");
            }

            var subject = groupList.Count == 1 ? groupList[0].DisplayName + " has no" : "none of " + Names(groupList) + " has an";
            var explanation = $"{subject} {DirectionWord(direction)} rule admitting {flowText} {FromTo(direction)} {peer}; " +
                              string.Join("; ", groupList.Select(g => Summary(g, direction)));
            return new SecurityGroupDecision(SecurityGroupVerdict.Denied, direction, flowText, groupIds, Array.Empty<string>(), Array.Empty<string>(), explanation);
        }

        /// <summary><c>sg-0a1 (app-sg) inbound tcp/8080 from sg-0b2</c>.</summary>
        public static string RuleText(SecurityGroup group, TrafficDirection direction, SecurityGroupRule permission, string peer)
        {
            if (group is null) throw new ArgumentNullException(nameof(group));
            if (permission is null) throw new ArgumentNullException(nameof(permission));
            return $"{group.DisplayName} {DirectionWord(direction)} {permission.TrafficText} {FromTo(direction)} {peer}";
        }

        /// <summary>What a group does admit in one direction: <c>sg-1 (web) allows only tcp/22 from 203.0.113.0/24</c>.</summary>
        public static string Summary(SecurityGroup group, TrafficDirection direction)
        {
            if (group is null) throw new ArgumentNullException(nameof(group));
            return group.CachedSummary(direction, () => BuildSummary(group, direction));
        }

        private static string BuildSummary(SecurityGroup group, TrafficDirection direction)
        {
            var permissions = group.Permissions(direction);
            if (permissions.Count == 0) return $"{group.DisplayName} has no {DirectionWord(direction)} rules";
            var items = permissions
                .Select(p => p.TrafficText + " " + FromTo(direction) + " " + string.Join(", ", p.PeerTexts(group.OwnerId)))
                .ToList();
            var shown = string.Join("; ", items.Take(SummaryLimit));
            if (items.Count > SummaryLimit) shown += $"; and {items.Count - SummaryLimit} more";
            return $"{group.DisplayName} allows {DirectionWord(direction)} only {shown}";
        }

        internal static string DirectionWord(TrafficDirection direction) => direction == TrafficDirection.Inbound ? "inbound" : "outbound";

        private static string FromTo(TrafficDirection direction) => direction == TrafficDirection.Inbound ? "from" : "to";

        private static string Names(IEnumerable<SecurityGroup> groups) => string.Join(", ", groups.Select(g => g.DisplayName));
    }
}
