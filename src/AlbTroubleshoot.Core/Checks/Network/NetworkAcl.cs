using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AlbTroubleshoot.Network
{
    /// <summary>
    /// A network ACL: its ID, VPC, associated subnets and entries (kept sorted by rule number, the
    /// order AWS evaluates them in).
    /// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
    /// </summary>
    internal sealed class NetworkAcl
    {
        public NetworkAcl(string networkAclId, string? vpcId, IEnumerable<NetworkAclEntry>? entries, IEnumerable<string>? subnetIds = null, bool isDefault = false)
        {
            if (string.IsNullOrEmpty(networkAclId)) throw new ArgumentException("A network ACL needs its ID.", nameof(networkAclId));
            NetworkAclId = networkAclId;
            VpcId = vpcId ?? string.Empty;
            Entries = (entries ?? Enumerable.Empty<NetworkAclEntry>()).OrderBy(e => e.RuleNumber).ToList();
            SubnetIds = (subnetIds ?? Enumerable.Empty<string>()).Where(s => !string.IsNullOrEmpty(s)).ToList();
            IsDefault = isDefault;
        }

        public string NetworkAclId { get; }

        public string VpcId { get; }

        /// <summary>Entries of both directions, in rule-number order.</summary>
        public IReadOnlyList<NetworkAclEntry> Entries { get; }

        /// <summary>The subnets associated with this ACL (<c>Associations[].SubnetId</c>).</summary>
        public IReadOnlyList<string> SubnetIds { get; }

        public bool IsDefault { get; }

        /// <summary>The entries of one direction, in rule-number order.</summary>
        public IEnumerable<NetworkAclEntry> EntriesFor(TrafficDirection direction) =>
            Entries.Where(e => e.Direction == direction);

        public override string ToString() => NetworkAclId;
    }

    /// <summary>
    /// One NACL entry. IPv4 entries (<c>CidrBlock</c>) only match IPv4 traffic and IPv6 entries
    /// (<c>Ipv6CidrBlock</c>) only IPv6 traffic. The port range applies to TCP and UDP; protocol -1
    /// matches every protocol and port. The rule numbers 32767 (IPv4) and 32768 (IPv6) are the
    /// <c>*</c> default rules, as DescribeNetworkAcls reports them.
    /// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NetworkAclEntry.html
    /// </summary>
    internal sealed class NetworkAclEntry
    {
        /// <summary>The rule number AWS gives the IPv4 <c>*</c> default rule that ends every NACL.</summary>
        public const int DefaultRuleNumber = 32767;

        /// <summary>The rule number AWS gives the IPv6 <c>*</c> default rule of a dual-stack NACL.</summary>
        public const int DefaultIpv6RuleNumber = 32768;

        public NetworkAclEntry(int ruleNumber, bool egress, IpProtocol protocol, bool allow, IpCidr cidr,
            PortRange? portRange = null, int? icmpType = null, int? icmpCode = null)
        {
            if (ruleNumber < 1 || ruleNumber > DefaultIpv6RuleNumber)
                throw new ArgumentOutOfRangeException(nameof(ruleNumber), ruleNumber, "A NACL rule number is between 1 and 32766, or 32767/32768 for the IPv4/IPv6 default rules.");
            RuleNumber = ruleNumber;
            Egress = egress;
            Protocol = protocol;
            Allow = allow;
            Cidr = cidr ?? throw new ArgumentNullException(nameof(cidr));
            PortRange = portRange;
            IcmpType = icmpType;
            IcmpCode = icmpCode;
        }

        public int RuleNumber { get; }

        public bool Egress { get; }

        public TrafficDirection Direction => Egress ? TrafficDirection.Outbound : TrafficDirection.Inbound;

        public IpProtocol Protocol { get; }

        /// <summary>True for <c>allow</c>, false for <c>deny</c>.</summary>
        public bool Allow { get; }

        /// <summary><c>CidrBlock</c> or <c>Ipv6CidrBlock</c>: the peer (source when inbound, destination when outbound).</summary>
        public IpCidr Cidr { get; }

        /// <summary>The destination ports for TCP/UDP entries; null when AWS gives none (all ports).</summary>
        public PortRange? PortRange { get; }

        public int? IcmpType { get; }

        public int? IcmpCode { get; }

        public bool IsDefault => RuleNumber >= DefaultRuleNumber;

        /// <summary><c>90</c>, or <c>*</c> for the default rule.</summary>
        public string RuleNumberText => IsDefault ? "*" : RuleNumber.ToString(CultureInfo.InvariantCulture);

        /// <summary>The ports this entry matches for a TCP/UDP flow.</summary>
        public PortRange Ports => Protocol.HasPorts ? PortRange ?? Network.PortRange.All : Network.PortRange.All;

        /// <summary>True when the entry's protocol, ports or ICMP type/code match the flow (the address is checked apart).</summary>
        public bool Covers(NetworkFlow flow)
        {
            if (flow is null) throw new ArgumentNullException(nameof(flow));
            if (!Protocol.Covers(flow.Protocol)) return false;
            if (Protocol.HasPorts) return Ports.Contains(flow.Port!.Value);
            if (Protocol.IsIcmp)
            {
                if (IcmpType is >= 0 && flow.Port != IcmpType) return false;
                if (IcmpCode is >= 0 && flow.IcmpCode != IcmpCode) return false;
            }
            return true;
        }

        /// <summary><c>rule 90 deny tcp 1024-65535 from 0.0.0.0/0</c>.</summary>
        public string Text
        {
            get
            {
                var traffic = Protocol.IsAll ? "all traffic" : Protocol.HasPorts ? Protocol + " " + Ports : Protocol.ToString();
                return $"rule {RuleNumberText} {(Allow ? "allow" : "deny")} {traffic} {(Egress ? "to" : "from")} {Cidr}";
            }
        }

        public override string ToString() => Text;
    }
}
