using System;
using System.Globalization;

namespace AlbTroubleshoot.Network
{
    /// <summary>
    /// An IP protocol as AWS writes it: security groups use <c>tcp</c>, <c>udp</c>, <c>icmp</c>,
    /// <c>icmpv6</c>, <c>-1</c> (all) or a number as text; NACL entries use numbers as text
    /// (<c>6</c>, <c>17</c>, <c>1</c>, <c>58</c>, <c>-1</c>). Both spellings normalize to the number.
    /// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
    /// </summary>
    internal readonly struct IpProtocol : IEquatable<IpProtocol>
    {
        public const int AllNumber = -1;
        public const int IcmpNumber = 1;
        public const int TcpNumber = 6;
        public const int UdpNumber = 17;
        public const int Icmpv6Number = 58;

        public IpProtocol(int number)
        {
            if (number < -1 || number > 255) throw new ArgumentOutOfRangeException(nameof(number), number, "An IP protocol number is between 0 and 255, or -1 for all protocols.");
            Number = number;
        }

        /// <summary>The IANA protocol number, or -1 for all protocols.</summary>
        public int Number { get; }

        public static IpProtocol All { get; } = new IpProtocol(AllNumber);

        public static IpProtocol Tcp { get; } = new IpProtocol(TcpNumber);

        public static IpProtocol Udp { get; } = new IpProtocol(UdpNumber);

        public static IpProtocol Icmp { get; } = new IpProtocol(IcmpNumber);

        public static IpProtocol Icmpv6 { get; } = new IpProtocol(Icmpv6Number);

        public bool IsAll => Number == AllNumber;

        /// <summary>TCP and UDP carry ports; rules for them have a port range.</summary>
        public bool HasPorts => Number == TcpNumber || Number == UdpNumber;

        public bool IsIcmp => Number == IcmpNumber || Number == Icmpv6Number;

        /// <summary>True when a rule for this protocol applies to traffic of <paramref name="flow"/>'s protocol.</summary>
        public bool Covers(IpProtocol flow) => IsAll || Number == flow.Number;

        public static IpProtocol Parse(string text)
        {
            if (TryParse(text, out var p)) return p;
            throw new FormatException($"'{text}' is not an IP protocol: use tcp, udp, icmp, icmpv6, all or -1, or a number from 0 to 255.");
        }

        public static bool TryParse(string? text, out IpProtocol protocol)
        {
            protocol = default;
            if (string.IsNullOrWhiteSpace(text)) return false;
            var t = text!.Trim().ToLowerInvariant();
            switch (t)
            {
                case "-1":
                case "all":
                    protocol = All;
                    return true;
                case "tcp":
                    protocol = Tcp;
                    return true;
                case "udp":
                    protocol = Udp;
                    return true;
                case "icmp":
                    protocol = Icmp;
                    return true;
                case "icmpv6":
                case "ipv6-icmp":
                    protocol = Icmpv6;
                    return true;
            }
            if (t.Length > 3) return false;
            foreach (var c in t)
                if (c < '0' || c > '9') return false;
            var n = int.Parse(t, CultureInfo.InvariantCulture);
            if (n > 255) return false;
            protocol = new IpProtocol(n);
            return true;
        }

        /// <summary><c>tcp</c>, <c>udp</c>, <c>icmp</c>, <c>icmpv6</c>, <c>all</c>, or the number.</summary>
        public override string ToString() => Number switch
        {
            AllNumber => "all",
            TcpNumber => "tcp",
            UdpNumber => "udp",
            IcmpNumber => "icmp",
            Icmpv6Number => "icmpv6",
            _ => "protocol " + Number.ToString(CultureInfo.InvariantCulture),
        };

        public bool Equals(IpProtocol other) => Number == other.Number;

        public override bool Equals(object? obj) => obj is IpProtocol p && Equals(p);

        public override int GetHashCode() => Number;

        public static bool operator ==(IpProtocol left, IpProtocol right) => left.Equals(right);

        public static bool operator !=(IpProtocol left, IpProtocol right) => !left.Equals(right);
    }
}
