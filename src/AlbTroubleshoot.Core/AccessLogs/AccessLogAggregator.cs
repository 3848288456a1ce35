using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

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

    /// <summary>
    /// Counts lines into groups on one thread, without a string or object per line: keys are the status
    /// pair, the cause's index and an interned byte key. Several aggregators (one per worker) merge at the end.
    /// </summary>
    internal sealed class AccessLogAggregator : ILineHandler
    {
        private const int TopTargetCount = 3;
        private const int SampleCount = 3;

        private readonly string by;
        private readonly ByteKeyTable keys = new ByteKeyTable();
        private readonly ByteKeyTable targets = new ByteKeyTable();
        private readonly Dictionary<GroupKey, Group> groups = new Dictionary<GroupKey, Group>();
        private readonly Action<string, long, string>? onMalformed;

        public AccessLogAggregator(string by, Action<string, long, string>? onMalformed)
        {
            this.by = by;
            this.onMalformed = onMalformed;
        }

        /// <summary>Only the fields the summary reads are split, so a damaged later field of a successful line goes unnoticed.</summary>
        public bool ReadsAllFields => false;

        public long Lines { get; private set; }
        public long Malformed { get; private set; }

        public void OnMalformed(string path, long lineNumber, string reason)
        {
            Malformed++;
            onMalformed?.Invoke(path, lineNumber, reason);
        }

        public void OnLine(LineView line, LineInfo info)
        {
            Lines++;
            var cause = AccessLogClassifier.Classify(line, info.ElbStatus, info.TargetStatus);
            var key = new GroupKey(KeyOf(line, info), info.ElbStatus ?? -1, info.TargetStatus ?? -1, cause?.Index ?? -1);
            if (!groups.TryGetValue(key, out var g))
            {
                g = new Group { Cause = cause, FirstTicks = info.Ticks, LastTicks = info.Ticks };
                groups.Add(key, g);
            }
            g.Count++;
            if (info.Ticks < g.FirstTicks) g.FirstTicks = info.Ticks;
            if (info.Ticks > g.LastTicks) g.LastTicks = info.Ticks;
            if (cause is null) return;

            // Error rows only (a few percent of lines): which targets, and a few trace IDs to follow.
            if (line.Has(Field.Target))
            {
                var t = targets.GetOrAdd(line.Buffer, line.Start[Field.Target], line.Length[Field.Target]);
                g.Targets ??= new Dictionary<int, long>();
                g.Targets.TryGetValue(t, out var c);
                g.Targets[t] = c + 1;
            }
            if (g.Samples.Count < SampleCount && line.Has(Field.TraceId) && !line.IsDash(Field.TraceId))
                g.Samples.Add(line.Text(Field.TraceId));
            if (g.FirstLine.Length == 0) g.FirstLine = info.Path + ":" + info.LineNumber.ToString(CultureInfo.InvariantCulture);
        }

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
                        var s = line.Start[Field.Client];
                        var n = line.Length[Field.Client];
                        var colon = n == 0 ? -1 : Array.LastIndexOf(line.Buffer, (byte)':', s + n - 1, n);
                        return Intern(line, Field.Client, 0, colon < 0 ? n : colon - s);
                    }
                case AccessLogGrouping.Url:
                    {
                        if (!line.Has(Field.Request)) return Intern(line, Field.Request, 0, 0);
                        // The path without the query string: IDs in query strings would make every line its own row.
                        var s = line.Start[Field.Request];
                        var n = line.Length[Field.Request];
                        var first = Array.IndexOf(line.Buffer, (byte)' ', s, n);
                        if (first < 0) return Intern(line, Field.Request, 0, n);
                        var end = s + n;
                        var last = Array.LastIndexOf(line.Buffer, (byte)' ', end - 1, n);
                        if (last > first) end = last;
                        var q = Array.IndexOf(line.Buffer, (byte)'?', first + 1, end - first - 1);
                        if (q >= 0) end = q;
                        return Intern(line, Field.Request, first + 1 - s, end - first - 1);
                    }
                default: return 0;
            }
        }

        private long Intern(LineView line, int field, int offset, int length) =>
            line.Has(field) ? keys.GetOrAdd(line.Buffer, line.Start[field] + offset, length) : keys.GetOrAdd(line.Buffer, 0, 0);

        private string KeyText(long key)
        {
            if (by == AccessLogGrouping.Status) return string.Empty;
            if (by == AccessLogGrouping.Minute)
                return new DateTime(key * TimeSpan.TicksPerMinute, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);
            return keys.Text((int)key);
        }

        /// <summary>Merges the groups of several aggregators into summary rows, most lines first.</summary>
        public static List<AccessLogSummary> Summarize(string by, IReadOnlyList<AccessLogAggregator> parts, int files)
        {
            var lines = parts.Sum(p => p.Lines);
            var malformed = parts.Sum(p => p.Malformed);
            var merged = new Dictionary<(string, int, int, int), Merged>();
            foreach (var part in parts)
            {
                foreach (var kv in part.groups)
                {
                    var k = (part.KeyText(kv.Key.Key), kv.Key.Elb, kv.Key.Target, kv.Key.Cause);
                    var g = kv.Value;
                    if (!merged.TryGetValue(k, out var m))
                    {
                        m = new Merged { Cause = g.Cause, First = g.FirstTicks, Last = g.LastTicks, FirstLine = g.FirstLine };
                        merged.Add(k, m);
                    }
                    m.Count += g.Count;
                    m.First = Math.Min(m.First, g.FirstTicks);
                    m.Last = Math.Max(m.Last, g.LastTicks);
                    if (m.FirstLine.Length == 0) m.FirstLine = g.FirstLine;
                    foreach (var s in g.Samples)
                        if (m.Samples.Count < SampleCount) m.Samples.Add(s);
                    if (g.Targets is not null)
                    {
                        foreach (var t in g.Targets)
                        {
                            var name = part.targets.Text(t.Key);
                            m.Targets.TryGetValue(name, out var c);
                            m.Targets[name] = c + t.Value;
                        }
                    }
                }
            }
            return merged
                .OrderByDescending(kv => kv.Value.Count)
                .ThenBy(kv => kv.Key.Item1, StringComparer.Ordinal)
                .ThenBy(kv => kv.Key.Item2)
                .Select(kv => new AccessLogSummary
                {
                    By = by,
                    Key = kv.Key.Item1,
                    ElbStatusCode = kv.Key.Item2 < 0 ? null : kv.Key.Item2,
                    TargetStatusCode = kv.Key.Item3 < 0 ? null : kv.Key.Item3,
                    Cause = kv.Value.Cause?.Id ?? string.Empty,
                    CauseVerdict = kv.Value.Cause?.Verdict ?? string.Empty,
                    Match = kv.Value.Cause,
                    Count = kv.Value.Count,
                    Share = lines == 0 ? 0 : (double)kv.Value.Count / lines,
                    FirstSeen = new DateTime(kv.Value.First, DateTimeKind.Utc),
                    LastSeen = new DateTime(kv.Value.Last, DateTimeKind.Utc),
                    TopTargets = kv.Value.Targets.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Take(TopTargetCount)
                        .Select(t => $"{t.Key} ({t.Value.ToString(CultureInfo.InvariantCulture)})").ToArray(),
                    SampleTraceIds = kv.Value.Samples.ToArray(),
                    FirstLine = kv.Value.FirstLine,
                    TotalLines = lines,
                    MalformedLines = malformed,
                    Files = files,
                })
                .ToList();
        }

        private readonly struct GroupKey : IEquatable<GroupKey>
        {
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

            public override int GetHashCode()
            {
                unchecked
                {
                    return (((Key.GetHashCode() * 397) ^ Elb) * 397 ^ Target) * 397 ^ Cause;
                }
            }
        }

        private sealed class Group
        {
            public CauseMatch? Cause;
            public long Count;
            public long FirstTicks;
            public long LastTicks;
            public Dictionary<int, long>? Targets;
            public readonly List<string> Samples = new List<string>(0);
            public string FirstLine = string.Empty;
        }

        private sealed class Merged
        {
            public CauseMatch? Cause;
            public long Count;
            public long First;
            public long Last;
            public string FirstLine = string.Empty;
            public readonly Dictionary<string, long> Targets = new Dictionary<string, long>(StringComparer.Ordinal);
            public readonly List<string> Samples = new List<string>();
        }
    }
}
