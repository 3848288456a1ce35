using System;
using System.Linq;
using AlbTroubleshoot.Network;

namespace AlbTroubleshoot
{
    /// <summary>Where a NACL sits relative to the load balancer (docs/public-surface.md §4 <c>Role</c>).</summary>
    internal enum NaclRole
    {
        LoadBalancerSubnet,
        TargetSubnet,
        Standalone,
    }

    /// <summary>
    /// The <c>Verdict</c> of a NACL port range for a peer block (docs/public-surface.md §4): Allowed only
    /// when every address on every port is, Blocked when none is, PartiallyBlocked otherwise; Unknown
    /// when the NACL or the peer is not in the snapshot.
    /// </summary>
    internal enum NaclRangeVerdict
    {
        Allowed,
        Blocked,
        PartiallyBlocked,
        Unknown,
    }

    /// <summary>
    /// Whether one NACL lets the ephemeral (or another) port range through in one direction for a
    /// peer block, as written by Test-AlbNaclEphemeral (docs/public-surface.md §4). Strings and arrays only, so it
    /// serializes the same on every PowerShell version.
    /// </summary>
    public sealed class NaclEphemeralResult
    {
        /// <summary>A result from text, as a script builds one: the role, the direction and the verdict must be the contract's.</summary>
        public NaclEphemeralResult(string networkAclId, string? subnetId, string role, string direction, string peerCidr, string portRange,
            string verdict, string[]? blockedRanges, int[]? decidingRules, string explanation)
            : this(networkAclId, subnetId, Vocabulary<NaclRole>.Parse(role, "NACL role"), string.IsNullOrEmpty(direction) ? null : Vocabulary<TrafficDirection>.Parse(direction, "traffic direction"), peerCidr, portRange,
                Vocabulary<NaclRangeVerdict>.Parse(verdict, "NACL range verdict"),
                blockedRanges, decidingRules, explanation)
        {
        }

        internal NaclEphemeralResult(string networkAclId, string? subnetId, NaclRole role, TrafficDirection? direction, string peerCidr, string portRange,
            NaclRangeVerdict verdict, string[]? blockedRanges, int[]? decidingRules, string explanation)
        {
            NetworkAclId = networkAclId ?? throw new ArgumentNullException(nameof(networkAclId));
            SubnetId = subnetId ?? string.Empty;
            RoleKind = role;
            Role = role.Text();
            DirectionKind = direction;
            Direction = direction?.Text() ?? string.Empty;
            PeerCidr = peerCidr ?? throw new ArgumentNullException(nameof(peerCidr));
            PortRange = portRange ?? throw new ArgumentNullException(nameof(portRange));
            VerdictKind = verdict;
            Verdict = verdict.Text();
            BlockedRanges = blockedRanges ?? Array.Empty<string>();
            DecidingRules = decidingRules ?? Array.Empty<int>();
            Explanation = explanation ?? string.Empty;
        }

        /// <summary>Wraps a range evaluation for one subnet (or none, in the standalone mode).</summary>
        internal static NaclEphemeralResult FromRange(NaclRangeResult range, string? subnetId, NaclRole role)
        {
            if (range is null) throw new ArgumentNullException(nameof(range));
            return new NaclEphemeralResult(range.NetworkAclId, subnetId, role, range.Direction, range.PeerCidr.ToString(),
                range.PortRange.ToString(), range.Verdict, range.BlockedRanges.Select(r => r.ToString()).ToArray(),
                range.DecidingRules.ToArray(), range.Explanation);
        }

        /// <summary>The load balancer whose paths the NACL is on; empty in the standalone mode (piped NACLs).</summary>
        public string LoadBalancerName { get; internal set; } = string.Empty;

        public string NetworkAclId { get; }

        /// <summary>The subnet whose NACL this is; empty in the standalone mode when the NACL was given alone.</summary>
        public string SubnetId { get; }

        /// <summary>A <see cref="NaclRole"/> value's text.</summary>
        public string Role { get; }

        internal NaclRole RoleKind { get; }

        /// <summary><c>Inbound</c> or <c>Outbound</c>; empty on a row that could not be evaluated for lack of a subnet or NACL.</summary>
        public string Direction { get; }

        /// <summary>Null when <see cref="Direction"/> is empty.</summary>
        internal TrafficDirection? DirectionKind { get; }

        public string PeerCidr { get; }

        /// <summary>The range checked, e.g. <c>1024-65535</c>.</summary>
        public string PortRange { get; }

        /// <summary><c>Allowed</c>, <c>Blocked</c> or <c>PartiallyBlocked</c>.</summary>
        public string Verdict { get; }

        internal NaclRangeVerdict VerdictKind { get; }

        /// <summary>Port ranges on which some address of the peer block is denied, like <c>1024-32767</c>.</summary>
        public string[] BlockedRanges { get; }

        /// <summary>When not allowed, the denying rule numbers (32767 is the <c>*</c> default rule); when allowed, the allowing ones.</summary>
        public int[] DecidingRules { get; }

        public string Explanation { get; }

        public override string ToString() => $"{NetworkAclId} {Direction} {PortRange} {PeerCidr}: {Verdict}";
    }
}
