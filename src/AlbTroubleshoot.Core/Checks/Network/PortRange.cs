using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AlbTroubleshoot.Network
{
    /// <summary>An inclusive range of TCP/UDP ports, 0-65535. Written <c>1024-65535</c>, or <c>8080</c> for one port.</summary>
    internal readonly struct PortRange : IEquatable<PortRange>
    {
        public const int MaxPort = 65535;

        public PortRange(int from, int to)
        {
            if (from < 0 || from > MaxPort) throw new ArgumentOutOfRangeException(nameof(from), from, "A port is between 0 and 65535.");
            if (to < from || to > MaxPort) throw new ArgumentOutOfRangeException(nameof(to), to, $"The end of a port range is between its start ({from}) and 65535.");
            From = from;
            To = to;
        }

        public int From { get; }

        public int To { get; }

        public static PortRange All { get; } = new PortRange(0, MaxPort);

        /// <summary>The ephemeral range the load balancer uses for its side of connections to targets (and NACL advice).</summary>
        public static PortRange Ephemeral { get; } = new PortRange(1024, MaxPort);

        public static PortRange OnePort(int port) => new PortRange(port, port);

        public int Count => To - From + 1;

        public bool IsAll => From == 0 && To == MaxPort;

        public bool Contains(int port) => port >= From && port <= To;

        public bool Contains(PortRange other) => other.From >= From && other.To <= To;

        public bool Overlaps(PortRange other) => other.From <= To && From <= other.To;

        /// <summary>Parses <c>1024-65535</c> or <c>443</c>.</summary>
        public static PortRange Parse(string text)
        {
            if (TryParse(text, out var range)) return range;
            throw new FormatException($"'{text}' is not a port range: write one port (443) or two ports joined by a hyphen (1024-65535), each from 0 to 65535.");
        }

        public static bool TryParse(string? text, out PortRange range)
        {
            range = default;
            if (string.IsNullOrWhiteSpace(text)) return false;
            var parts = text!.Split('-');
            if (parts.Length > 2) return false;
            if (!TryPort(parts[0], out var from)) return false;
            var to = from;
            if (parts.Length == 2 && !TryPort(parts[1], out to)) return false;
            if (to < from) return false;
            range = new PortRange(from, to);
            return true;
        }

        /// <summary>Sorts and joins touching or overlapping ranges.</summary>
        public static IReadOnlyList<PortRange> Merge(IEnumerable<PortRange> ranges)
        {
            var result = new List<PortRange>();
            foreach (var r in ranges.OrderBy(r => r.From))
            {
                if (result.Count > 0 && r.From <= result[result.Count - 1].To + 1)
                {
                    var last = result[result.Count - 1];
                    result[result.Count - 1] = new PortRange(last.From, Math.Max(last.To, r.To));
                }
                else
                {
                    result.Add(r);
                }
            }
            return result;
        }

        public override string ToString() =>
            From == To ? From.ToString(CultureInfo.InvariantCulture) : From.ToString(CultureInfo.InvariantCulture) + "-" + To.ToString(CultureInfo.InvariantCulture);

        public bool Equals(PortRange other) => From == other.From && To == other.To;

        public override bool Equals(object? obj) => obj is PortRange p && Equals(p);

        public override int GetHashCode() => (From * 65536) ^ To;

        public static bool operator ==(PortRange left, PortRange right) => left.Equals(right);

        public static bool operator !=(PortRange left, PortRange right) => !left.Equals(right);

        private static bool TryPort(string text, out int port)
        {
            port = 0;
            var t = text.Trim();
            if (t.Length == 0 || t.Length > 5) return false;
            foreach (var c in t)
                if (c < '0' || c > '9') return false;
            port = int.Parse(t, CultureInfo.InvariantCulture);
            return port <= MaxPort;
        }
    }
}
