using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Network
{
    /// <summary>A set of addresses of one family as sorted, disjoint, non-touching inclusive ranges.</summary>
    internal sealed class AddressRangeSet
    {
        private readonly List<(IpNumber First, IpNumber Last)> _ranges = new List<(IpNumber, IpNumber)>();

        public AddressRangeSet(IpFamily family)
        {
            Family = family;
        }

        public IpFamily Family { get; }

        public bool IsEmpty => _ranges.Count == 0;

        public void Add(IpCidr cidr)
        {
            if (cidr.Family == Family) Add(cidr.First, cidr.Last);
        }

        public void Add(IpNumber first, IpNumber last)
        {
            _ranges.Add((first, last));
            _ranges.Sort((a, b) => a.First.CompareTo(b.First));
            var merged = new List<(IpNumber First, IpNumber Last)>();
            foreach (var r in _ranges)
            {
                if (merged.Count > 0)
                {
                    var previous = merged[merged.Count - 1];
                    var touches = previous.Last.Equals(IpNumber.HostMask(Family, 0)) || r.First <= previous.Last.Increment();
                    if (touches)
                    {
                        merged[merged.Count - 1] = (previous.First, r.Last > previous.Last ? r.Last : previous.Last);
                        continue;
                    }
                }
                merged.Add(r);
            }
            _ranges.Clear();
            _ranges.AddRange(merged);
        }

        /// <summary>True when every address of <paramref name="cidr"/> is in the set.</summary>
        public bool Covers(IpCidr cidr) =>
            cidr.Family == Family && _ranges.Any(r => r.First <= cidr.First && cidr.Last <= r.Last);

        /// <summary>The whole set as CIDR blocks.</summary>
        public IReadOnlyList<IpCidr> ToCidrs() => _ranges.SelectMany(r => IpCidr.Cover(Family, r.First, r.Last)).ToList();

        /// <summary>The parts of <paramref name="cidr"/> that are in the set, as CIDR blocks.</summary>
        public IReadOnlyList<IpCidr> Intersect(IpCidr cidr)
        {
            var result = new List<IpCidr>();
            if (cidr.Family != Family) return result;
            foreach (var r in _ranges)
            {
                var first = r.First > cidr.First ? r.First : cidr.First;
                var last = r.Last < cidr.Last ? r.Last : cidr.Last;
                if (first <= last) result.AddRange(IpCidr.Cover(Family, first, last));
            }
            return result;
        }
    }
}
