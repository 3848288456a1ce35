using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.CloudWatch
{
    /// <summary>
    /// The snapshot's <c>GetMetricData</c> section read into <see cref="MetricSeries"/> per load
    /// balancer (docs/snapshot-format.md): the queries sent say what each result is (metric,
    /// statistic, period, dimensions by name), the results carry the points (timestamps as ISO 8601
    /// strings or epoch seconds). A malformed entry, query or result is recorded in
    /// <see cref="Problems"/> and left out; the rest is read. A snapshot without the section has no metrics.
    /// </summary>
    internal sealed class MetricData
    {
        public const string Section = SnapshotDocument.MetricDataSection;
        public const string StartTimeProperty = "StartTime";
        public const string EndTimeProperty = "EndTime";
        public const string QueriesProperty = "MetricDataQueries";
        public const string ResultsProperty = "MetricDataResults";

        private readonly Dictionary<string, LoadBalancerMetrics> _byArn = new Dictionary<string, LoadBalancerMetrics>(StringComparer.Ordinal);

        public static MetricData Empty { get; } = new MetricData();

        /// <summary>"GetMetricData …: what is wrong" for every part that could not be read.</summary>
        public List<string> Problems { get; } = new List<string>();

        public bool IsEmpty => _byArn.Count == 0;

        /// <summary>The series of one load balancer and the window they cover; null when the section has none for it.</summary>
        public LoadBalancerMetrics? For(string loadBalancerArn) =>
            loadBalancerArn is not null && _byArn.TryGetValue(loadBalancerArn, out var m) ? m : null;

        public static MetricData Read(SnapshotDocument document)
        {
            if (document is null) throw new ArgumentNullException(nameof(document));
            var data = new MetricData();
            if (!document.Root.TryGetValue(Section, out var section) || section.Kind == JsonKind.Null) return data;
            if (section is not JsonObject map)
            {
                data.Problems.Add(Section + " is " + KindText(section.Kind) + "; it must be an object mapping each load balancer ARN to its queries and results.");
                return data;
            }
            foreach (var entry in map)
            {
                var where = Section + " '" + entry.Key + "'";
                if (entry.Value is not JsonObject lb)
                {
                    data.Problems.Add(where + " is " + KindText(entry.Value.Kind) + "; it must be an object with " + QueriesProperty + " and " + ResultsProperty + ".");
                    continue;
                }
                var metrics = ReadLoadBalancer(entry.Key, lb, where, data.Problems);
                if (metrics is not null) data._byArn[entry.Key] = metrics;
            }
            return data;
        }

        private static LoadBalancerMetrics? ReadLoadBalancer(string arn, JsonObject lb, string where, List<string> problems)
        {
            DateTime? start = null, end = null;
            if (lb[StartTimeProperty] is { } s && s.Kind != JsonKind.Null)
                if (TryTime(s, out var t)) start = t; else problems.Add(where + "." + StartTimeProperty + " " + s.ToJson(false) + " is not a timestamp (ISO 8601 or epoch seconds).");
            if (lb[EndTimeProperty] is { } e && e.Kind != JsonKind.Null)
                if (TryTime(e, out var t)) end = t; else problems.Add(where + "." + EndTimeProperty + " " + e.ToJson(false) + " is not a timestamp (ISO 8601 or epoch seconds).");
            if (lb[QueriesProperty] is not JsonArray queryArray)
            {
                problems.Add(where + " has no " + QueriesProperty + " array, so its results cannot be told apart.");
                return null;
            }

            var queries = new Dictionary<string, MetricQuery>(StringComparer.Ordinal);
            for (var i = 0; i < queryArray.Count; i++)
            {
                var q = ReadQuery(queryArray[i], out var why);
                if (q is null) problems.Add(where + "." + QueriesProperty + "[" + i + "] " + why);
                else if (queries.ContainsKey(q.Id)) problems.Add(where + "." + QueriesProperty + "[" + i + "] repeats the Id '" + q.Id + "'.");
                else queries[q.Id] = q;
            }

            var points = queries.Keys.ToDictionary(k => k, _ => new List<KeyValuePair<DateTime, double>>(), StringComparer.Ordinal);
            var results = lb[ResultsProperty];
            if (results is JsonArray resultArray)
            {
                for (var i = 0; i < resultArray.Count; i++)
                {
                    var at = where + "." + ResultsProperty + "[" + i + "]";
                    if (resultArray[i] is not JsonObject r) { problems.Add(at + " is " + KindText(resultArray[i].Kind) + ", not an object."); continue; }
                    var id = r["Id"]?.AsString();
                    if (id is null || !points.TryGetValue(id, out var list)) { problems.Add(at + " has Id " + (r["Id"]?.ToJson(false) ?? "(none)") + ", which no query has."); continue; }
                    var read = ReadPoints(r, at, problems);
                    if (read is not null) list.AddRange(read);
                }
            }
            else if (results is not null && results.Kind != JsonKind.Null)
            {
                problems.Add(where + "." + ResultsProperty + " is " + KindText(results.Kind) + "; it must be an array.");
            }
            else
            {
                problems.Add(where + " has no " + ResultsProperty + ".");
                return null;
            }

            var series = queries.Values.Select(q => new MetricSeries(
                NameOf(q.Dimension(MetricQueries.LoadBalancerDimension)), NameOf(q.Dimension(MetricQueries.TargetGroupDimension)),
                q.Dimension(MetricQueries.ZoneDimension) ?? string.Empty, q.MetricName, q.Statistic, q.Period, points[q.Id], arn)).ToList();
            return new LoadBalancerMetrics(start, end, series);
        }

        private static MetricQuery? ReadQuery(JsonValue value, out string why)
        {
            why = string.Empty;
            if (value is not JsonObject q) { why = "is " + KindText(value.Kind) + ", not an object."; return null; }
            var id = q["Id"]?.AsString();
            if (string.IsNullOrEmpty(id)) { why = "has no Id."; return null; }
            if (q["MetricStat"] is not JsonObject stat || stat["Metric"] is not JsonObject metric)
            {
                why = "(Id '" + id + "') has no MetricStat.Metric: only metric queries are read, not expressions.";
                return null;
            }
            var name = metric["MetricName"]?.AsString();
            if (string.IsNullOrEmpty(name)) { why = "(Id '" + id + "') has no MetricName."; return null; }
            var statistic = stat["Stat"]?.AsString() ?? string.Empty;
            var period = stat["Period"] is JsonNumber n && n.TryGetInt64(out var p) && p > 0 && p <= int.MaxValue ? (int)p : 0;
            if (period == 0) { why = "(Id '" + id + "') has no positive whole Period."; return null; }
            var dims = new List<KeyValuePair<string, string>>();
            if (metric["Dimensions"] is JsonArray dimensions)
                foreach (var d in dimensions.OfType<JsonObject>())
                    if (d["Name"]?.AsString() is { } dn && d["Value"]?.AsString() is { } dv) dims.Add(new KeyValuePair<string, string>(dn, dv));
            return new MetricQuery(id!, name!, statistic, period, dims);
        }

        private static List<KeyValuePair<DateTime, double>>? ReadPoints(JsonObject result, string at, List<string> problems)
        {
            var timestamps = result["Timestamps"] as JsonArray;
            var values = result["Values"] as JsonArray;
            if (timestamps is null && values is null) return new List<KeyValuePair<DateTime, double>>();
            if (timestamps is null || values is null || timestamps.Count != values.Count)
            {
                problems.Add(at + " has " + (timestamps?.Count ?? 0) + " Timestamps and " + (values?.Count ?? 0) + " Values; they must pair up.");
                return null;
            }
            var list = new List<KeyValuePair<DateTime, double>>(timestamps.Count);
            for (var i = 0; i < timestamps.Count; i++)
            {
                if (!TryTime(timestamps[i], out var t))
                {
                    problems.Add(at + ".Timestamps[" + i + "] " + timestamps[i].ToJson(false) + " is not a timestamp (ISO 8601 or epoch seconds).");
                    return null;
                }
                if (values[i] is not JsonNumber v || !double.TryParse(v.Raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || double.IsNaN(d) || double.IsInfinity(d))
                {
                    problems.Add(at + ".Values[" + i + "] " + values[i].ToJson(false) + " is not a number.");
                    return null;
                }
                list.Add(new KeyValuePair<DateTime, double>(t, d));
            }
            return list;
        }

        /// <summary>An ISO 8601 string (with an offset or Z; none means UTC) or a number of seconds since 1970 (AWS CLI v1).</summary>
        internal static bool TryTime(JsonValue value, out DateTime time)
        {
            time = default;
            if (value is JsonNumber n)
            {
                if (!double.TryParse(n.Raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || double.IsNaN(seconds)
                    || seconds < 0 || seconds > 253402300799) return false;
                time = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
                return true;
            }
            var text = value.AsString();
            if (string.IsNullOrEmpty(text) || text!.IndexOf('T') < 0 && text.IndexOf(' ') < 0) return false;
            if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)) return false;
            time = DateTime.SpecifyKind(t, DateTimeKind.Utc);
            return true;
        }

        /// <summary>"web" of "app/web/50dc6c495c0c9188" or "targetgroup/web-tg/73e2d6bc24d8a067"; empty for none.</summary>
        internal static string NameOf(string? dimensionValue)
        {
            if (string.IsNullOrEmpty(dimensionValue)) return string.Empty;
            var parts = dimensionValue!.Split('/');
            return parts.Length == 3 ? parts[1] : dimensionValue;
        }

        private static string KindText(JsonKind kind) => SnapshotDocument.Article(kind);
    }

    /// <summary>The series of one load balancer and the window they were asked for.</summary>
    internal sealed class LoadBalancerMetrics
    {
        public LoadBalancerMetrics(DateTime? start, DateTime? end, IReadOnlyList<MetricSeries> series)
        {
            Start = start;
            End = end;
            Series = series;
        }

        public DateTime? Start { get; }
        public DateTime? End { get; }
        public IReadOnlyList<MetricSeries> Series { get; }
    }
}
