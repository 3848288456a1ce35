using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// Turns the rows of the summary query (<see cref="AthenaSql"/>) into AccessLogSummary rows the way
    /// the local engine makes them: each row is written back as one access-log line holding the fields
    /// the query kept, and that line goes, with its count, through the same classifier and aggregator
    /// (AccessLogAggregator.OnGroup), so the -By key, the status pair and the cause come from the one
    /// definition the local engine uses. Result values are remote data: a value that would break the
    /// rebuilt line is refused with the row, never guessed at.
    /// </summary>
    internal static class AthenaResults
    {
        /// <summary>The summary rows of a result set whose first row names the columns (as GetQueryResults returns a SELECT's).</summary>
        /// <exception cref="FormatException">The result is not the query's: a column is missing, or a value cannot be read.</exception>
        public static List<AccessLogSummary> Summarize(string by, IReadOnlyList<IReadOnlyList<string?>> rows, int top, SummaryNotes notes)
        {
            if (rows is null) throw new ArgumentNullException(nameof(rows));
            var aggregator = new AccessLogAggregator(by, Math.Max(AccessLogScan.MinimumCapacity, 2 * top), null);
            if (rows.Count > 0)
            {
                var header = rows[0];
                var index = AthenaSql.ResultColumns.ToDictionary(c => c, c => IndexOf(header, c), StringComparer.Ordinal);
                var line = new LineView();
                var info = new LineInfo { Path = "Athena" };
                for (var r = 1; r < rows.Count; r++)
                {
                    var row = rows[r];
                    string? Get(string column) => index[column] < row.Count ? row[index[column]] : null;
                    var bytes = Encoding.UTF8.GetBytes(LineOf(by, Get, r));
                    if (!line.Tokenize(bytes, 0, bytes.Length)) throw new FormatException("Result row " + r + " cannot be read: " + line.Error);
                    info.LineNumber = r;
                    info.Ticks = line.Ticks(Field.Time);
                    var last = Get("last_time");
                    var lastBytes = Encoding.UTF8.GetBytes(last ?? string.Empty);
                    var lastTicks = LineView.ParseTicks(lastBytes, 0, lastBytes.Length);
                    if (info.Ticks < 0 || lastTicks < 0) throw new FormatException("Result row " + r + ": first_time or last_time is not an ISO 8601 UTC time.");
                    info.ElbStatus = line.Status(Field.ElbStatusCode);
                    info.TargetStatus = line.Status(Field.TargetStatusCode);
                    if (!long.TryParse(Get("lines"), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
                        throw new FormatException("Result row " + r + ": lines is not a positive count.");
                    aggregator.OnGroup(line, info, count, lastTicks);
                }
            }
            var summary = AccessLogAggregator.Summarize(by, new[] { aggregator }, 0, top, notes);
            foreach (var s in summary)
            {
                // Only a local scan knows the lines behind a row: which targets, and where the first one is.
                s.TopTargets = Array.Empty<string>();
                s.FirstLine = string.Empty;
            }
            return summary;
        }

        private static int IndexOf(IReadOnlyList<string?> header, string column)
        {
            for (var i = 0; i < header.Count; i++)
                if (string.Equals(header[i], column, StringComparison.OrdinalIgnoreCase)) return i;
            throw new FormatException("The query result has no column " + column + ".");
        }

        /// <summary>
        /// One access-log line with the group's fields in their places (every field quoted, so an empty
        /// value keeps its place) and "-" for fields the query did not keep. The -By key goes in the
        /// field the local engine reads it from; the classifier's fields are null for non-error lines.
        /// </summary>
        private static string LineOf(string by, Func<string, string?> get, int row)
        {
            var fields = Enumerable.Repeat("-", Field.ConnTraceId + 1).ToArray();
            string Or(string column, string absent)
            {
                var v = get(column);
                return string.IsNullOrEmpty(v) ? absent : v!;
            }
            var key = get("group_key") ?? string.Empty;
            fields[Field.Type] = Or("type", "http");
            fields[Field.Time] = Or("first_time", "-");
            fields[Field.Elb] = by == AccessLogGrouping.LoadBalancer ? key : "-";
            fields[Field.Client] = by == AccessLogGrouping.ClientIp ? key + ":0" : "-";
            fields[Field.Target] = by == AccessLogGrouping.Target ? key : get("no_target") == "false" ? "0.0.0.0:0" : "-";
            fields[Field.RequestProcessingTime] = Or("request_processing", "0");
            fields[Field.TargetProcessingTime] = Or("target_processing", "0");
            fields[Field.ResponseProcessingTime] = Or("response_processing", "0");
            // Athena's int: 0 for "000"; the local reader reads three digits.
            var elb = get("elb_status_code");
            fields[Field.ElbStatusCode] = int.TryParse(elb, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code <= 999
                ? code.ToString("000", CultureInfo.InvariantCulture) : "-";
            fields[Field.TargetStatusCode] = Or("target_status_code", "-");
            fields[Field.Request] = Or("request_verb", "-") + " " + (by == AccessLogGrouping.Url ? key : "-") + " " + Or("request_proto", "-");
            fields[Field.TargetGroupArn] = by == AccessLogGrouping.TargetGroup ? key : "-";
            fields[Field.ActionsExecuted] = Or("actions_executed", "-");
            fields[Field.ErrorReason] = Or("error_reason", "-");
            fields[Field.Classification] = Or("classification", "-");
            var text = new StringBuilder();
            foreach (var f in fields)
            {
                // The query's columns come from RegexSerDe groups that hold no quote and no line break.
                if (f.IndexOf('"') >= 0 || f.IndexOf('\n') >= 0 || f.IndexOf('\r') >= 0)
                    throw new FormatException("Result row " + row + " holds a quote or a line break where the table's regex allows none.");
                if (text.Length > 0) text.Append(' ');
                text.Append('"').Append(f).Append('"');
            }
            return text.ToString();
        }
    }
}
