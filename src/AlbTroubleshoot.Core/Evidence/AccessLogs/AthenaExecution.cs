using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using AlbTroubleshoot.Collection;
using AlbTroubleshoot.Json;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// Runs an <see cref="AthenaQuery"/>'s statements through the same back ends as the collection:
    /// StartQueryExecution, GetQueryExecution until the query ends (waits that grow, cut short by the
    /// token), and reads GetQueryResults back into rows for <see cref="AthenaResults"/>. What the user
    /// sees while it waits is the host's (<c>progress</c>).
    /// </summary>
    internal static class AthenaExecution
    {
        /// <summary>How long to wait between GetQueryExecution calls: short at first (DDL takes a second), growing to 5 seconds.</summary>
        public static IEnumerable<TimeSpan> PollDelays()
        {
            var ms = 250.0;
            while (true)
            {
                yield return TimeSpan.FromMilliseconds(ms);
                ms = Math.Min(5000, ms * 1.5);
            }
        }

        /// <summary>Runs one statement to its end: the query's ID and the bytes Athena scanned.</summary>
        /// <exception cref="AthenaQueryFailedException">Athena ran it and it failed or was cancelled.</exception>
        /// <exception cref="AwsCallException">A call failed.</exception>
        /// <exception cref="FormatException">Athena's answer is not what the API returns.</exception>
        public static (string Id, long ScannedBytes) Execute(IAwsBackend aws, AthenaQuery query, string sql, string activity, Action<string> progress, CancellationToken cancellation)
        {
            var start = new AwsRequest(AthenaOperations.StartQueryExecution).With("QueryString", sql).With("WorkGroup", query.WorkGroup).With("Database", query.Database);
            if (query.OutputLocation.Length > 0) start.With("OutputLocation", query.OutputLocation);
            var id = aws.Invoke(start, cancellation)["QueryExecutionId"]?.AsString();
            if (id is null || AwsValueRules.Problem(AwsValueKind.QueryExecutionId, id) is not null)
                throw new FormatException("StartQueryExecution returned no usable QueryExecutionId.");
            progress("Query " + id + " submitted");
            var began = DateTime.UtcNow;
            foreach (var delay in PollDelays())
            {
                var execution = aws.Invoke(new AwsRequest(AthenaOperations.GetQueryExecution).With("QueryExecutionId", id), cancellation)["QueryExecution"] as JsonObject;
                var status = execution?["Status"] as JsonObject;
                var state = status?["State"]?.AsString() ?? "UNKNOWN";
                var scanned = (execution?["Statistics"] as JsonObject)?["DataScannedInBytes"] is JsonNumber n && n.TryGetInt64(out var b) ? b : 0;
                switch (state)
                {
                    case "SUCCEEDED":
                        return (id, scanned);
                    case "FAILED":
                    case "CANCELLED":
                        var error = status?["AthenaError"] as JsonObject;
                        var reason = status?["StateChangeReason"]?.AsString() ?? error?["ErrorMessage"]?.AsString() ?? "Athena gave no reason";
                        var category = error?["ErrorCategory"] is JsonNumber c && c.TryGetInt64(out var cat) ? (cat == 1 ? " (an Athena system error)" : cat == 2 ? " (a user error)" : string.Empty) : string.Empty;
                        throw new AthenaQueryFailedException(id, DisplayText.Safe(string.Format(CultureInfo.InvariantCulture,
                            "Athena query {0} ({1}) {2}{3}: {4}. Workgroup {5}, database {6}; the SQL is what Get-AlbAthenaQuery shows.",
                            id, activity, state == "FAILED" ? "failed" : "was cancelled", category, reason, query.WorkGroup, query.Database)));
                }
                // The state is Athena's text, shown on the terminal: made safe like every remote value there.
                progress(string.Format(CultureInfo.InvariantCulture, "Query {0}: {1} for {2:N0} s, {3:N0} MB scanned", id, DisplayText.Safe(state), (DateTime.UtcNow - began).TotalSeconds, scanned / 1048576.0));
                if (cancellation.WaitHandle.WaitOne(delay)) cancellation.ThrowIfCancellationRequested();
            }
            throw new InvalidOperationException("unreachable");
        }

        /// <summary>
        /// The rows of GetQueryResults: the CLI prints one ResultSet (its pages joined), AWS Tools write one ResultSet
        /// per page (the back end gives them as a list). Each row's Data holds VarCharValue, absent for NULL.
        /// </summary>
        public static List<IReadOnlyList<string?>> Rows(JsonObject response)
        {
            var sets = response["ResultSet"] switch
            {
                JsonArray pages => pages.OfType<JsonObject>().ToList(),
                JsonObject one => new List<JsonObject> { one },
                _ => new List<JsonObject>(),
            };
            var rows = new List<IReadOnlyList<string?>>();
            foreach (var set in sets)
                foreach (var row in (set["Rows"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
                    rows.Add(((row["Data"] as JsonArray) ?? new JsonArray()).Select(d => (d as JsonObject)?["VarCharValue"]?.AsString()).ToArray());
            return rows;
        }
    }

    /// <summary>Athena ran the query and it failed or was cancelled; the message holds Athena's reason.</summary>
    internal sealed class AthenaQueryFailedException : Exception
    {
        public AthenaQueryFailedException(string queryExecutionId, string message) : base(message) { QueryExecutionId = queryExecutionId; }

        public AthenaQueryFailedException() : this(string.Empty, "The Athena query failed.") { }

        public AthenaQueryFailedException(string message) : this(string.Empty, message) { }

        public AthenaQueryFailedException(string message, Exception innerException) : base(message, innerException) { QueryExecutionId = string.Empty; }

        public string QueryExecutionId { get; }
    }
}
