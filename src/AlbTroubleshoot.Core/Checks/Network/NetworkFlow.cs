using System;
using System.Globalization;

namespace AlbTroubleshoot.Network
{
    /// <summary>Which way traffic crosses a security group or NACL, seen from the resource being evaluated.</summary>
    internal enum TrafficDirection
    {
        /// <summary>Traffic arriving at the ENI (security group ingress) or entering the subnet (NACL inbound). The peer is the source.</summary>
        Inbound,

        /// <summary>Traffic leaving the ENI (security group egress) or the subnet (NACL outbound). The peer is the destination.</summary>
        Outbound,
    }

    /// <summary>
    /// What a packet carries that rules look at, apart from the peer address: the protocol and the
    /// destination port (TCP/UDP), or the ICMP type and code. NACL entries and security-group rules
    /// always match the DESTINATION port, in both directions.
    /// </summary>
    internal sealed class NetworkFlow
    {
        public NetworkFlow(IpProtocol protocol, int? port, int? icmpCode = null)
        {
            if (protocol.IsAll) throw new ArgumentException("A flow has one protocol; -1 (all) is only for rules.", nameof(protocol));
            if (protocol.HasPorts && (port is null || port < 0 || port > PortRange.MaxPort))
                throw new ArgumentOutOfRangeException(nameof(port), port, $"A {protocol} flow needs a destination port from 0 to 65535.");
            Protocol = protocol;
            Port = protocol.HasPorts || protocol.IsIcmp ? port : null;
            IcmpCode = protocol.IsIcmp ? icmpCode : null;
        }

        public IpProtocol Protocol { get; }

        /// <summary>The destination port for TCP/UDP; the ICMP type for ICMP (null when any type); null otherwise.</summary>
        public int? Port { get; }

        /// <summary>The ICMP code, or null.</summary>
        public int? IcmpCode { get; }

        public static NetworkFlow Tcp(int port) => new NetworkFlow(IpProtocol.Tcp, port);

        /// <summary><c>tcp/8080</c>, <c>icmp/3:4</c>, <c>protocol 50</c>.</summary>
        public override string ToString()
        {
            if (Protocol.HasPorts) return Protocol + "/" + Port!.Value.ToString(CultureInfo.InvariantCulture);
            if (Protocol.IsIcmp && Port.HasValue)
                return Protocol + "/" + Port.Value.ToString(CultureInfo.InvariantCulture) +
                       (IcmpCode.HasValue ? ":" + IcmpCode.Value.ToString(CultureInfo.InvariantCulture) : string.Empty);
            return Protocol.ToString();
        }
    }

    /// <summary>What the security groups of one ENI say about one flow (<see cref="SecurityGroupDecision"/>).</summary>
    internal enum SecurityGroupVerdict
    {
        /// <summary>A rule of the groups admits the flow from (or to) every address of the peer.</summary>
        Allowed,

        /// <summary>No rule of the security groups admits the flow.</summary>
        Denied,

        /// <summary>The answer depends on something the evaluator was not given (reasons say what).</summary>
        Unknown,
    }

    /// <summary>What the NACL entry that decides one flow does with it (<see cref="NaclDecision"/>).</summary>
    internal enum NaclEntryVerdict
    {
        /// <summary>A NACL entry allows the flow.</summary>
        Allow,

        /// <summary>A NACL entry (or the default <c>*</c> rule) denies the flow.</summary>
        Deny,
    }

    /// <summary>Resolves a managed prefix list ID to its CIDR blocks, or null when the list is not known.</summary>
    internal delegate System.Collections.Generic.IReadOnlyList<IpCidr>? PrefixListLookup(string prefixListId);
}
