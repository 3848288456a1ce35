using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AlbTroubleshoot.Network
{
    /// <summary>
    /// A security group as the evaluator needs it: ID, name, VPC, owner and its ingress and egress
    /// permissions in the shape of the EC2 API's <c>IpPermission</c>.
    /// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SecurityGroup.html
    /// </summary>
    internal sealed class SecurityGroup
    {
        public SecurityGroup(string groupId, string? groupName, string? vpcId, string? ownerId,
            IEnumerable<SecurityGroupRule>? ingress, IEnumerable<SecurityGroupRule>? egress)
        {
            if (string.IsNullOrEmpty(groupId)) throw new ArgumentException("A security group needs its ID.", nameof(groupId));
            GroupId = groupId;
            GroupName = groupName ?? string.Empty;
            VpcId = vpcId ?? string.Empty;
            OwnerId = ownerId ?? string.Empty;
            Ingress = (ingress ?? Enumerable.Empty<SecurityGroupRule>()).ToList();
            Egress = (egress ?? Enumerable.Empty<SecurityGroupRule>()).ToList();
        }

        public string GroupId { get; }

        public string GroupName { get; }

        public string VpcId { get; }

        /// <summary>The AWS account that owns the group (<c>OwnerId</c>).</summary>
        public string OwnerId { get; }

        /// <summary>Inbound permissions (<c>IpPermissions</c>).</summary>
        public IReadOnlyList<SecurityGroupRule> Ingress { get; }

        /// <summary>Outbound permissions (<c>IpPermissionsEgress</c>).</summary>
        public IReadOnlyList<SecurityGroupRule> Egress { get; }

        /// <summary><c>sg-0a1 (app-sg)</c>.</summary>
        public string DisplayName => GroupName.Length == 0 ? GroupId : GroupId + " (" + GroupName + ")";

        public IReadOnlyList<SecurityGroupRule> Permissions(TrafficDirection direction) =>
            direction == TrafficDirection.Inbound ? Ingress : Egress;

        // The "allows only ..." text of each direction, built once: one group guards many targets,
        // and the group is immutable. A race only builds the same string twice.
        private string? _ingressSummary;
        private string? _egressSummary;

        internal string CachedSummary(TrafficDirection direction, Func<string> build) =>
            direction == TrafficDirection.Inbound
                ? _ingressSummary ??= build()
                : _egressSummary ??= build();

        public override string ToString() => DisplayName;
    }

    /// <summary>
    /// One <c>IpPermission</c>: a protocol and port range, and the peers it admits (IPv4 and IPv6
    /// ranges, other security groups, managed prefix lists). FromPort/ToPort: -1 or null means all;
    /// for ICMP they are the type and code; for -1 (all) and protocols other than TCP, UDP, ICMP and
    /// ICMPv6 every port is admitted whatever they say.
    /// </summary>
    internal sealed class SecurityGroupRule
    {
        public SecurityGroupRule(IpProtocol protocol, int? fromPort, int? toPort,
            IEnumerable<IpCidr>? ipRanges = null, IEnumerable<IpCidr>? ipv6Ranges = null,
            IEnumerable<SecurityGroupReference>? userIdGroupPairs = null, IEnumerable<string>? prefixListIds = null)
        {
            Protocol = protocol;
            FromPort = fromPort;
            ToPort = toPort;
            IpRanges = (ipRanges ?? Enumerable.Empty<IpCidr>()).ToList();
            Ipv6Ranges = (ipv6Ranges ?? Enumerable.Empty<IpCidr>()).ToList();
            UserIdGroupPairs = (userIdGroupPairs ?? Enumerable.Empty<SecurityGroupReference>()).ToList();
            PrefixListIds = (prefixListIds ?? Enumerable.Empty<string>()).Where(p => !string.IsNullOrEmpty(p)).ToList();
        }

        public IpProtocol Protocol { get; }

        public int? FromPort { get; }

        public int? ToPort { get; }

        public IReadOnlyList<IpCidr> IpRanges { get; }

        public IReadOnlyList<IpCidr> Ipv6Ranges { get; }

        public IReadOnlyList<SecurityGroupReference> UserIdGroupPairs { get; }

        public IReadOnlyList<string> PrefixListIds { get; }

        /// <summary>The TCP/UDP ports this permission admits (all ports for protocols without ports).</summary>
        public PortRange Ports
        {
            get
            {
                if (!Protocol.HasPorts) return PortRange.All;
                var from = FromPort is null || FromPort < 0 ? 0 : Math.Min(FromPort.Value, PortRange.MaxPort);
                var to = ToPort is null || ToPort < 0 ? PortRange.MaxPort : Math.Min(ToPort.Value, PortRange.MaxPort);
                return to < from ? PortRange.OnePort(from) : new PortRange(from, to);
            }
        }

        /// <summary>True when this permission's protocol and ports (or ICMP type/code) cover the flow.</summary>
        public bool Covers(NetworkFlow flow)
        {
            if (flow is null) throw new ArgumentNullException(nameof(flow));
            if (!Protocol.Covers(flow.Protocol)) return false;
            if (Protocol.HasPorts) return Ports.Contains(flow.Port!.Value);
            if (Protocol.IsIcmp)
            {
                var type = FromPort ?? -1;
                var code = ToPort ?? -1;
                if (type >= 0 && flow.Port != type) return false;
                if (code >= 0 && flow.IcmpCode != code) return false;
            }
            return true;
        }

        /// <summary><c>tcp/8080</c>, <c>tcp/1024-65535</c>, <c>icmp/3:4</c>, <c>icmp/all</c>, <c>all traffic</c>.</summary>
        public string TrafficText
        {
            get
            {
                if (Protocol.IsAll) return "all traffic";
                if (Protocol.HasPorts) return Protocol + "/" + Ports;
                if (Protocol.IsIcmp)
                {
                    var type = FromPort ?? -1;
                    var code = ToPort ?? -1;
                    if (type < 0) return Protocol + "/all";
                    return Protocol + "/" + type.ToString(CultureInfo.InvariantCulture) +
                           (code < 0 ? string.Empty : ":" + code.ToString(CultureInfo.InvariantCulture));
                }
                return Protocol.ToString();
            }
        }

        /// <summary>Every peer named by this permission, as the text rule descriptions use.</summary>
        internal IEnumerable<string> PeerTexts(string owner) =>
            IpRanges.Select(c => c.ToString())
                .Concat(Ipv6Ranges.Select(c => c.ToString()))
                .Concat(UserIdGroupPairs.Select(p => p.DisplayText(owner)))
                .Concat(PrefixListIds);
    }

    /// <summary>
    /// A rule's reference to a security group (<c>UserIdGroupPair</c>). It admits traffic from (or to)
    /// the private addresses of ENIs that carry the group.
    /// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html#security-group-referencing
    /// </summary>
    internal sealed class SecurityGroupReference
    {
        public SecurityGroupReference(string groupId, string? userId = null, string? vpcId = null, string? vpcPeeringConnectionId = null)
        {
            if (string.IsNullOrEmpty(groupId)) throw new ArgumentException("A group reference needs the referenced group's ID.", nameof(groupId));
            GroupId = groupId;
            UserId = userId ?? string.Empty;
            VpcId = vpcId ?? string.Empty;
            VpcPeeringConnectionId = vpcPeeringConnectionId ?? string.Empty;
        }

        public string GroupId { get; }

        /// <summary>The account that owns the referenced group, when AWS says.</summary>
        public string UserId { get; }

        public string VpcId { get; }

        public string VpcPeeringConnectionId { get; }

        /// <summary>True when the referenced group lives in another account or across a peering connection.</summary>
        public bool IsRemote(SecurityGroup owner) =>
            VpcPeeringConnectionId.Length > 0 ||
            (UserId.Length > 0 && owner.OwnerId.Length > 0 && UserId != owner.OwnerId) ||
            (VpcId.Length > 0 && owner.VpcId.Length > 0 && VpcId != owner.VpcId);

        internal string DisplayText(string ownerAccount) =>
            (UserId.Length > 0 && ownerAccount.Length > 0 && UserId != ownerAccount ? UserId + "/" : string.Empty) + GroupId +
            (VpcPeeringConnectionId.Length > 0 ? " via " + VpcPeeringConnectionId : string.Empty);
    }

    /// <summary>
    /// The other end of a flow as a security group sees it: its address (a host, or the narrowest
    /// block known to contain it), the security groups on its ENI when known, and its VPC/account
    /// when known.
    /// </summary>
    internal sealed class SecurityGroupPeer
    {
        public SecurityGroupPeer(IpCidr address, IEnumerable<string>? securityGroupIds = null, string? vpcId = null, string? accountId = null)
        {
            Address = address ?? throw new ArgumentNullException(nameof(address));
            SecurityGroupIds = securityGroupIds?.ToList();
            VpcId = vpcId ?? string.Empty;
            AccountId = accountId ?? string.Empty;
        }

        /// <summary>The peer's private address, or a block that contains it when the exact address is not known.</summary>
        public IpCidr Address { get; }

        /// <summary>The groups on the peer's ENI; null when not known (a reference rule is then Unknown).</summary>
        public IReadOnlyList<string>? SecurityGroupIds { get; }

        public string VpcId { get; }

        public string AccountId { get; }

        public override string ToString() =>
            SecurityGroupIds is { Count: > 0 } ? string.Join(", ", SecurityGroupIds) + " or " + Address : Address.ToString();
    }
}
