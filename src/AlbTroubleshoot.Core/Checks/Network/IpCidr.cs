using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AlbTroubleshoot.Network
{
    /// <summary>IPv4 or IPv6. Security-group, NACL and route entries only ever match their own family.</summary>
    internal enum IpFamily
    {
        IPv4 = 4,
        IPv6 = 6,
    }

    /// <summary>
    /// An IPv4 or IPv6 CIDR block (a single address is a /32 or /128). Immutable. Host bits below
    /// the prefix are cleared on parsing, so <c>10.0.0.5/16</c> is the block 10.0.0.0/16: AWS never
    /// returns such a block, and evaluating the block it names is what AWS would do with it.
    /// </summary>
    internal sealed class IpCidr : IEquatable<IpCidr>
    {
        private IpCidr(IpFamily family, IpNumber network, int prefixLength)
        {
            Family = family;
            PrefixLength = prefixLength;
            First = network.And(IpNumber.NetworkMask(family, prefixLength));
            Last = First.Or(IpNumber.HostMask(family, prefixLength));
        }

        public IpFamily Family { get; }

        public int PrefixLength { get; }

        /// <summary>32 for IPv4, 128 for IPv6.</summary>
        public int MaxPrefixLength => MaxPrefix(Family);

        /// <summary>True for a single address (/32 or /128).</summary>
        public bool IsHost => PrefixLength == MaxPrefixLength;

        /// <summary>True for 0.0.0.0/0 and ::/0.</summary>
        public bool IsAll => PrefixLength == 0;

        internal IpNumber First { get; }

        internal IpNumber Last { get; }

        /// <summary>The first address of the block.</summary>
        public IPAddress NetworkAddress => First.ToAddress(Family);

        public static IpCidr AllIPv4 { get; } = new IpCidr(IpFamily.IPv4, default, 0);

        public static IpCidr AllIPv6 { get; } = new IpCidr(IpFamily.IPv6, default, 0);

        /// <summary>Parses <c>10.0.0.0/16</c>, <c>2001:db8::/32</c>, or a bare address (a host block).</summary>
        public static IpCidr Parse(string text)
        {
            if (TryParse(text, out var cidr)) return cidr!;
            throw new FormatException($"'{text}' is not an IPv4 or IPv6 address or CIDR block (such as 10.0.0.0/16 or 2001:db8::/56).");
        }

        public static bool TryParse(string? text, out IpCidr? cidr)
        {
            cidr = null;
            if (string.IsNullOrWhiteSpace(text)) return false;
            var t = text!.Trim();
            var slash = t.IndexOf('/');
            var addressText = slash < 0 ? t : t.Substring(0, slash);
            if (!TryParseAddress(addressText, out var address)) return false;
            var family = address!.AddressFamily == AddressFamily.InterNetwork ? IpFamily.IPv4 : IpFamily.IPv6;
            var prefix = MaxPrefix(family);
            if (slash >= 0)
            {
                var prefixText = t.Substring(slash + 1);
                if (prefixText.Length == 0 || prefixText.Length > 3) return false;
                foreach (var c in prefixText)
                    if (c < '0' || c > '9') return false;
                prefix = int.Parse(prefixText, CultureInfo.InvariantCulture);
                if (prefix > MaxPrefix(family)) return false;
            }
            cidr = new IpCidr(family, IpNumber.FromAddress(address), prefix);
            return true;
        }

        /// <summary>The host block of one address.</summary>
        public static IpCidr FromAddress(IPAddress address)
        {
            if (address is null) throw new ArgumentNullException(nameof(address));
            var family = FamilyOf(address);
            return new IpCidr(family, IpNumber.FromAddress(address), MaxPrefix(family));
        }

        /// <summary>True when every address of <paramref name="other"/> lies in this block.</summary>
        public bool Contains(IpCidr other) =>
            other is not null && other.Family == Family && First.CompareTo(other.First) <= 0 && other.Last.CompareTo(Last) <= 0;

        public bool Contains(IPAddress address) => Contains(FromAddress(address));

        /// <summary>True when the two blocks share at least one address.</summary>
        public bool Overlaps(IpCidr other) =>
            other is not null && other.Family == Family && First.CompareTo(other.Last) <= 0 && other.First.CompareTo(Last) <= 0;

        public override string ToString() =>
            NetworkAddress.ToString() + "/" + PrefixLength.ToString(CultureInfo.InvariantCulture);

        public bool Equals(IpCidr? other) =>
            other is not null && other.Family == Family && other.PrefixLength == PrefixLength && other.First.Equals(First);

        public override bool Equals(object? obj) => Equals(obj as IpCidr);

        public override int GetHashCode() => First.GetHashCode() ^ (PrefixLength * 397) ^ (int)Family;

        internal static int MaxPrefix(IpFamily family) => family == IpFamily.IPv4 ? 32 : 128;

        internal static IpFamily FamilyOf(IPAddress address) =>
            address.AddressFamily == AddressFamily.InterNetwork ? IpFamily.IPv4 : IpFamily.IPv6;

        /// <summary>The fewest CIDR blocks that exactly cover the inclusive range [first, last].</summary>
        internal static IEnumerable<IpCidr> Cover(IpFamily family, IpNumber first, IpNumber last)
        {
            var max = MaxPrefix(family);
            var current = first;
            while (current.CompareTo(last) <= 0)
            {
                var prefix = 0;
                while (prefix < max)
                {
                    var host = IpNumber.HostMask(family, prefix);
                    if (current.And(host).IsZero && current.Or(host).CompareTo(last) <= 0) break;
                    prefix++;
                }
                var block = new IpCidr(family, current, prefix);
                yield return block;
                if (block.Last.Equals(IpNumber.HostMask(family, 0))) yield break; // reached the top of the space
                current = block.Last.Increment();
            }
        }

        internal static IpCidr FromRange(IpFamily family, IpNumber network, int prefixLength) => new IpCidr(family, network, prefixLength);

        private static bool TryParseAddress(string text, out IPAddress? address)
        {
            address = null;
            if (text.Length == 0 || text.IndexOf('%') >= 0) return false;
            if (text.IndexOf(':') < 0)
            {
                // IPAddress.TryParse accepts "10" or "10.1" (inet_aton forms); CIDRs in AWS are always dotted quads.
                var parts = text.Split('.');
                if (parts.Length != 4) return false;
                foreach (var p in parts)
                {
                    if (p.Length == 0 || p.Length > 3) return false;
                    foreach (var c in p)
                        if (c < '0' || c > '9') return false;
                    if (int.Parse(p, CultureInfo.InvariantCulture) > 255) return false;
                }
            }
            return IPAddress.TryParse(text, out address);
        }
    }

    /// <summary>A 128-bit unsigned number holding an IPv4 (low 32 bits) or IPv6 address.</summary>
    internal readonly struct IpNumber : IEquatable<IpNumber>, IComparable<IpNumber>
    {
        public IpNumber(ulong high, ulong low)
        {
            High = high;
            Low = low;
        }

        public ulong High { get; }

        public ulong Low { get; }

        public bool IsZero => High == 0 && Low == 0;

        public static IpNumber FromAddress(IPAddress address)
        {
            var bytes = address.GetAddressBytes();
            ulong high = 0, low = 0;
            if (bytes.Length == 4)
            {
                foreach (var b in bytes) low = (low << 8) | b;
                return new IpNumber(0, low);
            }
            for (var i = 0; i < 8; i++) high = (high << 8) | bytes[i];
            for (var i = 8; i < 16; i++) low = (low << 8) | bytes[i];
            return new IpNumber(high, low);
        }

        public IPAddress ToAddress(IpFamily family)
        {
            if (family == IpFamily.IPv4)
            {
                var v = (uint)Low;
                return new IPAddress(new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v });
            }
            var bytes = new byte[16];
            for (var i = 0; i < 8; i++)
            {
                bytes[i] = (byte)(High >> (56 - (8 * i)));
                bytes[8 + i] = (byte)(Low >> (56 - (8 * i)));
            }
            return new IPAddress(bytes);
        }

        /// <summary>All ones below the prefix: the host part of a /prefix block.</summary>
        public static IpNumber HostMask(IpFamily family, int prefixLength)
        {
            var hostBits = IpCidr.MaxPrefix(family) - prefixLength;
            if (hostBits <= 0) return default;
            if (hostBits >= 128) return new IpNumber(ulong.MaxValue, ulong.MaxValue);
            if (hostBits >= 64) return new IpNumber(hostBits == 64 ? 0 : ulong.MaxValue >> (128 - hostBits), ulong.MaxValue);
            return new IpNumber(0, ulong.MaxValue >> (64 - hostBits));
        }

        public static IpNumber NetworkMask(IpFamily family, int prefixLength)
        {
            var host = HostMask(family, prefixLength);
            var all = HostMask(family, 0);
            return new IpNumber(all.High & ~host.High, all.Low & ~host.Low);
        }

        public IpNumber And(IpNumber other) => new IpNumber(High & other.High, Low & other.Low);

        public IpNumber Or(IpNumber other) => new IpNumber(High | other.High, Low | other.Low);

        public IpNumber Increment() => Low == ulong.MaxValue ? new IpNumber(High + 1, 0) : new IpNumber(High, Low + 1);

        public IpNumber Decrement() => Low == 0 ? new IpNumber(High - 1, ulong.MaxValue) : new IpNumber(High, Low - 1);

        public int CompareTo(IpNumber other) => High != other.High ? High.CompareTo(other.High) : Low.CompareTo(other.Low);

        public bool Equals(IpNumber other) => High == other.High && Low == other.Low;

        public override bool Equals(object? obj) => obj is IpNumber n && Equals(n);

        public override int GetHashCode() => High.GetHashCode() ^ (Low.GetHashCode() * 31);

        public static bool operator ==(IpNumber left, IpNumber right) => left.Equals(right);

        public static bool operator !=(IpNumber left, IpNumber right) => !left.Equals(right);

        public static bool operator <(IpNumber left, IpNumber right) => left.CompareTo(right) < 0;

        public static bool operator >(IpNumber left, IpNumber right) => left.CompareTo(right) > 0;

        public static bool operator <=(IpNumber left, IpNumber right) => left.CompareTo(right) <= 0;

        public static bool operator >=(IpNumber left, IpNumber right) => left.CompareTo(right) >= 0;
    }
}
