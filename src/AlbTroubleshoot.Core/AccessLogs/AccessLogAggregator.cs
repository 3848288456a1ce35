using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>The -By choices of Measure-AlbAccessLog.</summary>
    public static class AccessLogGrouping
    {
        public const string Status = "Status";
        public const string Target = "Target";
        public const string TargetGroup = "TargetGroup";
        public const string Minute = "Minute";
        public const string ClientIp = "ClientIp";
        public const string Url = "Url";
        /// <summary>The elb field, "app/name/id": which load balancer wrote the line.</summary>
        public const string LoadBalancer = "LoadBalancer";

        public static readonly string[] All = { Status, Target, TargetGroup, Minute, ClientIp, Url, LoadBalancer };
    }

    /// <summary>What the reader reports besides lines, from the worker threads of a scan.</summary>
    internal interface IScanReport
    {
        void Malformed(string path, long lineNumber, string reason);

        void UnknownType(string path, long lineNumber, string type);

        void Problem(AccessLogFileException problem);
    }

    /// <summary>What the caller should know about the rows <see cref="AccessLogAggregator.Summarize"/> returned.</summary>
    internal sealed class SummaryNotes
    {
        /// <summary>Rows past the requested number, summed into the "(other)" row.</summary>
        public long FoldedRows;
        /// <summary>More distinct rows than the aggregators keep appeared: the least frequent were folded as they came, so counts are lower bounds.</summary>
        public bool Approximate;
    }

    /// <summary>
    /// Counts lines into groups on one thread, without a string or object per line: keys are the status
    /// pair, the cause's index and an interned byte key. Several aggregators (one per worker) merge at the end.
    /// <para>
    /// Memory stays bounded whatever the logs hold: at most <c>capacity</c> groups are kept. When a new
    /// group would pass that, the half with the fewest lines so far is folded into one "(other)" group
    /// (its count, first and last time), so a key that keeps coming back stays while one-off keys (a URL
    /// with an ID in its path) go; a group folded this way that comes back starts again from zero, which
    /// makes counts lower bounds, and the summary says so.
    /// </para>
    /// </summary>
    internal sealed class AccessLogAggregator : ILineHandler
    {
        private const int TopTargetCount = 3;
        private const int SampleCount = 3;
        /// <summary>Targets kept per error group; more go to one "(other)" target.</summary>
        private const int TargetsPerGroup = 32;
        /// <summary>The key of the group of folded lines.</summary>
        private const long OtherKey = -2;
        internal const string OtherText = "(other)";

        private readonly string by;
        private readonly int capacity;
        private readonly IScanReport? report;
        private ByteKeyTable keys = new ByteKeyTable();
        private ByteKeyTable targets = new ByteKeyTable();
        private Dictionary<GroupKey, Group> groups = new Dictionary<GroupKey, Group>();

        public AccessLogAggregator(string by, int capacity, IScanReport? report)
        {
            this.by = by;
            this.capacity = Math.Max(16, capacity);
            this.report = report;
        }

        /// <summary>
        /// The index of the file being read in the scan's list. Workers take files in list order, and a
        /// row's sample trace IDs and first line are kept with their place (file, line), so that the
        /// merged rows show the first ones in file order whichever worker read which file.
        /// </summary>
        public int FileIndex { get; set; }

        public long Lines { get; private set; }
        public long Malformed { get; private set; }
        /// <summary>Lines counted in a group that was later folded into "(other)".</summary>
        public long Folded { get; private set; }

        /// <summary>Every field of a line is split and checked when the summary reads past sent_bytes: error lines (the classifier) and the Url and TargetGroup keys.</summary>
        public bool NeedsAllFields(LineInfo info) =>
            by == AccessLogGrouping.Url || by == AccessLogGrouping.TargetGroup || AccessLogClassifier.MayHaveCause(info.ElbStatus);

        public void OnMalformed(string path, long lineNumber, string reason)
        {
            Malformed++;
            report?.Malformed(path, lineNumber, reason);
        }

        public void OnUnknownType(string path, long lineNumber, string type) => report?.UnknownType(path, lineNumber, type);

        public void OnFileProblem(AccessLogFileException problem) => report?.Problem(problem);

        public void OnLine(LineView line, LineInfo info)
        {
            var (cause, g) = Count(line, info, 1, info.Ticks);
            if (cause is null) return;

            // Error rows only (a few percent of lines): which targets, and a few trace IDs to follow.
            if (line.Has(Field.Target))
            {
                g.Targets ??= new Dictionary<int, long>();
                var t = targets.IndexOf(line.Buffer, line.Start[Field.Target], line.Length[Field.Target]);
                var room = g.Targets.Count < TargetsPerGroup;
                if (t < 0 && room && targets.Count < capacity) t = targets.GetOrAdd(line.Buffer, line.Start[Field.Target], line.Length[Field.Target]);
                else if (t >= 0 && !room && !g.Targets.ContainsKey(t)) t = -1;
                g.Targets.TryGetValue(t, out var c);
                g.Targets[t] = c + 1;
            }
            var place = ((long)FileIndex << 40) | info.LineNumber;
            if (g.Samples.Count < SampleCount && line.Has(Field.TraceId) && !line.IsDash(Field.TraceId))
                g.Samples.Add(new KeyValuePair<long, string>(place, line.Text(Field.TraceId)));
            if (g.FirstLine.Length == 0)
            {
                g.FirstLine = info.Path + ":" + info.LineNumber.ToString(CultureInfo.InvariantCulture);
                g.FirstPlace = place;
            }
        }

        /// <summary>
        /// Counts <paramref name="lines"/> lines at once that share every field the key and the
        /// classifier read (a group that Athena counted, AthenaResults): the same key and cause as
        /// <see cref="OnLine"/> gives each of them, seen from info.Ticks to <paramref name="lastTicks"/>.
        /// </summary>
        public void OnGroup(LineView line, LineInfo info, long lines, long lastTicks) => Count(line, info, lines, lastTicks);

        private (CauseMatch? Cause, Group Group) Count(LineView line, LineInfo info, long lines, long lastTicks)
        {
            Lines += lines;
            var cause = AccessLogClassifier.Classify(line, info.ElbStatus, info.TargetStatus);
            var key = new GroupKey(KeyOf(line, info), info.ElbStatus ?? -1, info.TargetStatus ?? -1, cause?.Index ?? -1);
            if (!groups.TryGetValue(key, out var g))
            {
                if (groups.Count >= capacity) Fold();
                key = new GroupKey(KeyOf(line, info), key.Elb, key.Target, key.Cause);
                g = new Group { Cause = cause, FirstTicks = info.Ticks, LastTicks = lastTicks };
                groups.Add(key, g);
            }
            g.Count += lines;
            if (info.Ticks < g.FirstTicks) g.FirstTicks = info.Ticks;
            if (lastTicks > g.LastTicks) g.LastTicks = lastTicks;
            return (cause, g);
        }

        /// <summary>
        /// Keeps the half of the groups with the most lines and folds the rest into "(other)". The key
        /// tables are rebuilt with only the keys still used, so they shrink with the groups.
        /// </summary>
        private void Fold()
        {
            var keep = capacity / 2;
            var all = new List<KeyValuePair<GroupKey, Group>>(groups);
            all.Sort((a, b) => b.Value.Count.CompareTo(a.Value.Count));
            var otherKey = new GroupKey(OtherKey, -1, -1, -1);
            groups.TryGetValue(otherKey, out var other);
            var newKeys = new ByteKeyTable();
            var newTargets = new ByteKeyTable();
            var kept = new Dictionary<GroupKey, Group>();
            var kept0 = 0;
            foreach (var kv in all)
            {
                if (kv.Key.Key == OtherKey) continue;
                if (kept0 < keep)
                {
                    kept0++;
                    var k = kv.Key;
                    if (Interned && k.Key >= 0) k = new GroupKey(newKeys.GetOrAdd(keys.Key((int)k.Key)), k.Elb, k.Target, k.Cause);
                    var g = kv.Value;
                    if (g.Targets is not null)
                    {
                        var remapped = new Dictionary<int, long>();
                        foreach (var t in g.Targets) remapped[t.Key < 0 ? -1 : newTargets.GetOrAdd(targets.Key(t.Key))] = t.Value;
                        g.Targets = remapped;
                    }
                    kept.Add(k, g);
                    continue;
                }
                other ??= new Group { FirstTicks = kv.Value.FirstTicks, LastTicks = kv.Value.LastTicks };
                other.Count += kv.Value.Count;
                other.FirstTicks = Math.Min(other.FirstTicks, kv.Value.FirstTicks);
                other.LastTicks = Math.Max(other.LastTicks, kv.Value.LastTicks);
                Folded += kv.Value.Count;
            }
            if (other is not null) kept.Add(otherKey, other);
            groups = kept;
            keys = newKeys;
            targets = newTargets;
        }

        private bool Interned => by != AccessLogGrouping.Status && by != AccessLogGrouping.Minute;

        private long KeyOf(LineView line, LineInfo info)
        {
            switch (by)
            {
                case AccessLogGrouping.Minute: return info.Ticks / TimeSpan.TicksPerMinute;
                case AccessLogGrouping.Target: return Intern(line, Field.Target, 0, line.Length[Field.Target]);
                case AccessLogGrouping.LoadBalancer: return Intern(line, Field.Elb, 0, line.Length[Field.Elb]);
                case AccessLogGrouping.TargetGroup: return Intern(line, Field.TargetGroupArn, 0, line.Has(Field.TargetGroupArn) ? line.Length[Field.TargetGroupArn] : 0);
                case AccessLogGrouping.ClientIp:
                    {
                        line.Address(Field.Client, out var ip, out var length, out _);
                        return keys.GetOrAdd(line.Buffer, ip, length);
                    }
                case AccessLogGrouping.Url:
                    {
                        // The path without the query string: IDs in query strings would make every line its own row.
                        line.Request(out _, out _, out var url, out var length, out _, out _);
                        var q = length == 0 ? -1 : Array.IndexOf(line.Buffer, (byte)'?', url, length);
                        return keys.GetOrAdd(line.Buffer, url, q < 0 ? length : q - url);
                    }
                default: return 0;
            }
        }

        private long Intern(LineView line, int field, int offset, int length) =>
            line.Has(field) ? keys.GetOrAdd(line.Buffer, line.Start[field] + offset, length) : keys.GetOrAdd(line.Buffer, 0, 0);

        private byte[] KeyBytes(long key)
        {
            if (by == AccessLogGrouping.Status) return Array.Empty<byte>();
            if (by == AccessLogGrouping.Minute)
                return Encoding.UTF8.GetBytes(new DateTime(key * TimeSpan.TicksPerMinute, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture));
            return keys.Key((int)key);
        }

        /// <summary>
        /// Merges the groups of several aggregators into summary rows, most lines first: at most
        /// <paramref name="top"/> rows, then one row with the Key "(other)" for all the rest.
        /// </summary>
        public static List<AccessLogSummary> Summarize(string by, IReadOnlyList<AccessLogAggregator> parts, int files, int top, SummaryNotes notes)
        {
            var lines = parts.Sum(p => p.Lines);
            var malformed = parts.Sum(p => p.Malformed);
            notes.Approximate = parts.Any(p => p.Folded > 0);
            // Merged by key bytes in a seeded table, never by a string hash: the keys come from the logs.
            var keyTable = new ByteKeyTable();
            var merged = new Dictionary<GroupKey, Merged>();
            foreach (var part in parts)
            {
                foreach (var kv in part.groups)
                {
                    var isOther = kv.Key.Key == OtherKey;
                    var k = new GroupKey(isOther ? OtherKey : keyTable.GetOrAdd(part.KeyBytes(kv.Key.Key)), kv.Key.Elb, kv.Key.Target, kv.Key.Cause);
                    var g = kv.Value;
                    if (!merged.TryGetValue(k, out var m))
                    {
                        m = new Merged { Cause = g.Cause, First = g.FirstTicks, Last = g.LastTicks };
                        merged.Add(k, m);
                    }
                    m.Count += g.Count;
                    m.First = Math.Min(m.First, g.FirstTicks);
                    m.Last = Math.Max(m.Last, g.LastTicks);
                    if (g.FirstLine.Length > 0 && g.FirstPlace < m.FirstPlace)
                    {
                        m.FirstLine = g.FirstLine;
                        m.FirstPlace = g.FirstPlace;
                    }
                    m.Samples.AddRange(g.Samples);
                    if (g.Targets is not null)
                    {
                        foreach (var t in g.Targets)
                        {
                            var name = t.Key < 0 ? OtherText : part.targets.Text(t.Key);
                            m.Targets.TryGetValue(name, out var c);
                            m.Targets[name] = c + t.Value;
                        }
                    }
                }
            }

            var ordered = merged
                .Where(kv => kv.Key.Key != OtherKey)
                .Select(kv => (Text: keyTable.Text((int)kv.Key.Key), kv.Key, kv.Value))
                .OrderByDescending(r => r.Value.Count)
                .ThenBy(r => r.Text, StringComparer.Ordinal)
                .ThenBy(r => r.Key.Elb)
                .ThenBy(r => r.Key.Target)
                // Rows that differ only in cause: in the classifier's order, so the order (and the -Top cut) never
                // depends on which group was met first (another worker split, or Athena's row order).
                .ThenBy(r => r.Key.Cause)
                .ToList();
            merged.TryGetValue(new GroupKey(OtherKey, -1, -1, -1), out var rest);
            if (ordered.Count > top)
            {
                notes.FoldedRows = ordered.Count - top;
                foreach (var r in ordered.Skip(top))
                {
                    rest ??= new Merged { First = r.Value.First, Last = r.Value.Last };
                    rest.Count += r.Value.Count;
                    rest.First = Math.Min(rest.First, r.Value.First);
                    rest.Last = Math.Max(rest.Last, r.Value.Last);
                }
                ordered.RemoveRange(top, ordered.Count - top);
            }

            var rows = ordered.Select(r => Row(by, r.Text, r.Key.Elb, r.Key.Target, r.Value, lines, malformed, files)).ToList();
            if (rest is not null)
            {
                var row = Row(by, OtherText, -1, -1, rest, lines, malformed, files);
                row.IsOther = true;
                rows.Add(row);
            }
            return rows;
        }

        private static AccessLogSummary Row(string by, string key, int elb, int target, Merged m, long lines, long malformed, int files) => new AccessLogSummary
        {
            By = by,
            Key = key,
            ElbStatusCode = elb < 0 ? null : elb,
            TargetStatusCode = target < 0 ? null : target,
            Cause = m.Cause?.Id ?? string.Empty,
            CauseVerdict = m.Cause?.Verdict ?? string.Empty,
            Match = m.Cause,
            Count = m.Count,
            Share = lines == 0 ? 0 : (double)m.Count / lines,
            FirstSeen = new DateTime(m.First, DateTimeKind.Utc),
            LastSeen = new DateTime(m.Last, DateTimeKind.Utc),
            TopTargets = m.Targets.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Take(TopTargetCount)
                .Select(t => $"{t.Key} ({t.Value.ToString(CultureInfo.InvariantCulture)})").ToArray(),
            SampleTraceIds = m.Samples.OrderBy(p => p.Key).Take(SampleCount).Select(p => p.Value).ToArray(),
            FirstLine = m.FirstLine,
            TotalLines = lines,
            MalformedLines = malformed,
            Files = files,
        };

        /// <summary>
        /// A row's key. Its hash is multiply-shift hashing with random odd multipliers drawn once per
        /// process: the minute and the status codes come from the logs, and a fixed hash of them could
        /// be made to collide. (Per process rather than per table, so that the dictionary keeps the
        /// runtime's fast default comparer on every line.)
        /// </summary>
        private readonly struct GroupKey : IEquatable<GroupKey>
        {
            private static readonly ulong A = RandomKey.OddMultiplier(), B = RandomKey.OddMultiplier(), C = RandomKey.OddMultiplier(), D = RandomKey.OddMultiplier();

            public GroupKey(long key, int elb, int target, int cause)
            {
                Key = key;
                Elb = elb;
                Target = target;
                Cause = cause;
            }

            public long Key { get; }
            public int Elb { get; }
            public int Target { get; }
            public int Cause { get; }

            public bool Equals(GroupKey other) => Key == other.Key && Elb == other.Elb && Target == other.Target && Cause == other.Cause;

            public override bool Equals(object? obj) => obj is GroupKey k && Equals(k);

            public override int GetHashCode() =>
                (int)(((ulong)Key * A + (ulong)(uint)Elb * B + (ulong)(uint)Target * C + (ulong)(uint)Cause * D) >> 32);
        }

        private sealed class Group
        {
            public CauseMatch? Cause;
            public long Count;
            public long FirstTicks;
            public long LastTicks;
            public Dictionary<int, long>? Targets;
            public readonly List<KeyValuePair<long, string>> Samples = new List<KeyValuePair<long, string>>(0);
            public string FirstLine = string.Empty;
            public long FirstPlace = long.MaxValue;
        }

        private sealed class Merged
        {
            public CauseMatch? Cause;
            public long Count;
            public long First;
            public long Last;
            public string FirstLine = string.Empty;
            public long FirstPlace = long.MaxValue;
            public readonly Dictionary<string, long> Targets = new Dictionary<string, long>(StringComparer.Ordinal);
            public readonly List<KeyValuePair<long, string>> Samples = new List<KeyValuePair<long, string>>();
        }
    }
}
