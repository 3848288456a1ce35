using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>The -By choices of Measure-AlbAccessLog.</summary>
    internal static class AccessLogGrouping
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
        private GroupTable<Group> groups = new GroupTable<Group>();

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
        [MethodImpl(HotPath.Options)]
        public bool NeedsAllFields(LineInfo info) =>
            by == AccessLogGrouping.Url || by == AccessLogGrouping.TargetGroup || AccessLogClassifier.MayHaveCause(info.ElbStatus);

        public void OnMalformed(string path, long lineNumber, string reason)
        {
            Malformed++;
            report?.Malformed(path, lineNumber, reason);
        }

        public void OnUnknownType(string path, long lineNumber, string type) => report?.UnknownType(path, lineNumber, type);

        public void OnFileProblem(AccessLogFileException problem) => report?.Problem(problem);

        [MethodImpl(HotPath.Options)]
        public void OnLine(LineView line, LineInfo info)
        {
            var cause = AccessLogClassifier.Classify(line, info.ElbStatus, info.TargetStatus);
            var g = Count(line, info, cause, 1, info.Ticks);
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
        public void OnGroup(LineView line, LineInfo info, long lines, long lastTicks) =>
            Count(line, info, AccessLogClassifier.Classify(line, info.ElbStatus, info.TargetStatus), lines, lastTicks);

        [MethodImpl(HotPath.Options)]
        private Group Count(LineView line, LineInfo info, CauseMatch? cause, long lines, long lastTicks)
        {
            Lines += lines;
            var key = new GroupKey(KeyOf(line, info), info.ElbStatus ?? -1, info.TargetStatus ?? -1, cause?.Index ?? -1);
            var g = groups.Find(key);
            if (g is null)
            {
                if (groups.Count >= capacity) Fold();
                key = new GroupKey(KeyOf(line, info), key.Elb, key.Target, key.Cause);
                g = new Group { Cause = cause, FirstTicks = info.Ticks, LastTicks = lastTicks };
                groups.Add(key, g);
            }
            g.Count += lines;
            if (info.Ticks < g.FirstTicks) g.FirstTicks = info.Ticks;
            if (lastTicks > g.LastTicks) g.LastTicks = lastTicks;
            return g;
        }

        /// <summary>
        /// Keeps the half of the groups with the most lines and folds the rest into "(other)". The key
        /// tables are rebuilt with only the keys still used, so they shrink with the groups.
        /// </summary>
        private void Fold()
        {
            var keep = capacity / 2;
            var all = new List<KeyValuePair<GroupKey, Group>>(groups.Count);
            for (var i = 0; i < groups.Count; i++) all.Add(new KeyValuePair<GroupKey, Group>(groups.KeyAt(i), groups.ValueAt(i)));
            all.Sort((a, b) => b.Value.Count.CompareTo(a.Value.Count));
            var otherKey = new GroupKey(OtherKey, -1, -1, -1);
            var other = groups.Find(otherKey);
            var newKeys = new ByteKeyTable();
            var newTargets = new ByteKeyTable();
            var kept = new GroupTable<Group>();
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

        [MethodImpl(HotPath.Options)]
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
            var merged = new GroupTable<Merged>();
            foreach (var part in parts)
            {
                for (var i = 0; i < part.groups.Count; i++)
                {
                    var key = part.groups.KeyAt(i);
                    var isOther = key.Key == OtherKey;
                    var k = new GroupKey(isOther ? OtherKey : keyTable.GetOrAdd(part.KeyBytes(key.Key)), key.Elb, key.Target, key.Cause);
                    var g = part.groups.ValueAt(i);
                    var m = merged.Find(k);
                    if (m is null)
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

            // Most lines first, then by key, codes, cause and, for rows equal in all of these, the merge order.
            var ordered = new List<Ranked>(merged.Count);
            for (var i = 0; i < merged.Count; i++)
            {
                var key = merged.KeyAt(i);
                if (key.Key != OtherKey) ordered.Add(new Ranked(keyTable.Text((int)key.Key), key, merged.ValueAt(i), i));
            }
            ordered.Sort(Ranked.Compare);
            var rest = merged.Find(new GroupKey(OtherKey, -1, -1, -1));
            if (ordered.Count > top)
            {
                notes.FoldedRows = ordered.Count - top;
                for (var i = top; i < ordered.Count; i++)
                {
                    var r = ordered[i].Value;
                    rest ??= new Merged { First = r.First, Last = r.Last };
                    rest.Count += r.Count;
                    rest.First = Math.Min(rest.First, r.First);
                    rest.Last = Math.Max(rest.Last, r.Last);
                }
                ordered.RemoveRange(top, ordered.Count - top);
            }

            var rows = new List<AccessLogSummary>(ordered.Count + 1);
            foreach (var r in ordered) rows.Add(Row(by, r.Text, r.Key.Elb, r.Key.Target, r.Value, lines, malformed, files));
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
            CauseVerdict = m.Cause?.VerdictText ?? string.Empty,
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

            [MethodImpl(HotPath.Options)]
            public override int GetHashCode() =>
                (int)(((ulong)Key * A + (ulong)(uint)Elb * B + (ulong)(uint)Target * C + (ulong)(uint)Cause * D) >> 32);
        }

        /// <summary>
        /// The rows of one aggregator (or of the merge) by key, in the order they were added. Our own
        /// table rather than a Dictionary keyed by the struct: the runtime's generic code instantiated
        /// over a struct of this assembly cannot be precompiled into it (ReadyToRun), so the lookup of
        /// every line would start in the JIT's unoptimized tier in the first call of a session.
        /// </summary>
        private sealed class GroupTable<T> where T : class
        {
            private int[] buckets = new int[64];
            private int[] next = new int[64];
            private GroupKey[] keys = new GroupKey[64];
            private T[] values = new T[64];

            public int Count { get; private set; }

            public GroupKey KeyAt(int index) => keys[index];

            public T ValueAt(int index) => values[index];

            [MethodImpl(HotPath.Options)]
            public T? Find(GroupKey key)
            {
                for (var i = buckets[key.GetHashCode() & (buckets.Length - 1)] - 1; i >= 0; i = next[i])
                {
                    if (keys[i].Equals(key)) return values[i];
                }
                return null;
            }

            /// <summary>Adds a key that is not in the table.</summary>
            [MethodImpl(HotPath.Options)]
            public void Add(GroupKey key, T value)
            {
                if (Count == keys.Length) Grow();
                var b = key.GetHashCode() & (buckets.Length - 1);
                keys[Count] = key;
                values[Count] = value;
                next[Count] = buckets[b] - 1;
                buckets[b] = Count + 1;
                Count++;
            }

            private void Grow()
            {
                var size = keys.Length * 2;
                Array.Resize(ref keys, size);
                Array.Resize(ref values, size);
                next = new int[size];
                buckets = new int[size];
                for (var i = 0; i < Count; i++)
                {
                    var b = keys[i].GetHashCode() & (size - 1);
                    next[i] = buckets[b] - 1;
                    buckets[b] = i + 1;
                }
            }
        }

        /// <summary>A merged row with its key text, for the order of the summary.</summary>
        private sealed class Ranked
        {
            public Ranked(string text, GroupKey key, Merged value, int index)
            {
                Text = text;
                Key = key;
                Value = value;
                Index = index;
            }

            public string Text { get; }
            public GroupKey Key { get; }
            public Merged Value { get; }
            public int Index { get; }

            public static int Compare(Ranked a, Ranked b)
            {
                var c = b.Value.Count.CompareTo(a.Value.Count);
                if (c == 0) c = string.CompareOrdinal(a.Text, b.Text);
                if (c == 0) c = a.Key.Elb.CompareTo(b.Key.Elb);
                if (c == 0) c = a.Key.Target.CompareTo(b.Key.Target);
                // Rows that differ only in cause: in the classifier's order, so the order (and the -Top cut)
                // never depends on which group was met first (another worker's split, or Athena's row order).
                if (c == 0) c = a.Key.Cause.CompareTo(b.Key.Cause);
                return c != 0 ? c : a.Index.CompareTo(b.Index);
            }
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
