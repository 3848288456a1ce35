using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Collection;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot
{
    /// <summary>Where and how the user asked to query: the Athena parameters shared by Get-AlbAthenaQuery and Measure-AlbAccessLog.</summary>
    internal sealed class AthenaSettings
    {
        public string? AccessLogUri;
        public string Database = "default";
        public string WorkGroup = "primary";
        public string? OutputLocation;
        public string By = AccessLogGrouping.Status;
        public DateTime? From;
        public DateTime? To;
        public StatusCodeFilter[] StatusCodes = Array.Empty<StatusCodeFilter>();
        public string[] TargetGroupArns = Array.Empty<string>();
    }

    /// <summary>
    /// Resolves the load balancers and their log folders, builds the SQL (AccessLogs/AthenaSql.cs) and runs it:
    /// StartQueryExecution, GetQueryExecution polled with a growing wait (progress meanwhile), GetQueryResults
    /// (the CLI and AWS Tools follow its pages), through the same back ends as every other AWS call.
    /// </summary>
    internal static class AthenaAccessLogs
    {
        /// <summary>Checks the settings that need no AWS call; a bad one stops the command with its own error ID.</summary>
        public static void CheckSettings(PSCmdlet cmdlet, AthenaSettings s)
        {
            if (!s.From.HasValue || !s.To.HasValue)
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("-From and -To are required with Athena: a query is billed by the bytes it scans, and the window decides which day folders are read."),
                    ErrorIds.AthenaWindowRequired, ErrorCategory.InvalidArgument, null));
            if (AccessLogWindow.Check(s.From, s.To, "-From", "-To") is { } invalid) cmdlet.ThrowTerminatingError(invalid);
            try
            {
                if (s.AccessLogUri is not null) ParseUri(s.AccessLogUri);
                AwsValueRules.Check(AwsValueKind.AthenaName, s.Database, "-AthenaDatabase");
                AwsValueRules.Check(AwsValueKind.AthenaWorkGroup, s.WorkGroup, "-AthenaWorkGroup");
                if (s.OutputLocation is not null) AwsValueRules.Check(AwsValueKind.S3Location, s.OutputLocation, "-AthenaOutputLocation");
                foreach (var tg in s.TargetGroupArns) AwsValueRules.Check(AwsValueKind.TargetGroupArn, tg, "-TargetGroupArn");
            }
            catch (AwsArgumentException e)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, ErrorCategory.InvalidArgument, e.ParameterName));
            }
        }

        /// <summary>-AccessLogUri as bucket and prefix (the prefix the load balancer's access_logs.s3.prefix would hold).</summary>
        internal static (string Bucket, string Prefix) ParseUri(string uri)
        {
            try
            {
                AwsValueRules.Check(AwsValueKind.S3Location, uri, "-AccessLogUri");
            }
            catch (AwsArgumentException e)
            {
                throw new AwsArgumentException(ErrorIds.InvalidAccessLogUri, "-AccessLogUri", e.Message);
            }
            var rest = uri.Substring("s3://".Length);
            var slash = rest.IndexOf('/');
            var bucket = slash < 0 ? rest : rest.Substring(0, slash);
            var prefix = slash < 0 ? string.Empty : rest.Substring(slash + 1).Trim('/');
            if (("/" + prefix + "/").IndexOf("/AWSLogs/", StringComparison.Ordinal) >= 0)
                throw new AwsArgumentException(ErrorIds.InvalidAccessLogUri, "-AccessLogUri",
                    "-AccessLogUri " + AwsValueRules.Show(uri) + " goes into AWSLogs/: give the bucket and the prefix set on the load balancer (s3://bucket[/prefix]); the module appends AWSLogs/<account>/elasticloadbalancing/<region>/.");
            return (bucket, prefix);
        }

        /// <summary>The query for one load balancer of a snapshot (its attributes give the log folder unless -AccessLogUri does); null after an error record.</summary>
        public static AthenaQuery? For(PSCmdlet cmdlet, Model.LoadBalancer loadBalancer, AthenaSettings s)
        {
            string bucket, prefix, from;
            if (s.AccessLogUri is not null)
            {
                (bucket, prefix) = ParseUri(s.AccessLogUri);
                from = "-AccessLogUri";
            }
            else
            {
                var location = AccessLogLocation.Of(loadBalancer, out var reason);
                if (location is null)
                {
                    cmdlet.WriteError(new ErrorRecord(
                        new InvalidOperationException(DisplayText.Safe("The access logs of " + loadBalancer.Name + " cannot be queried: " + reason + ". Give their bucket with -AccessLogUri s3://bucket[/prefix].")),
                        ErrorIds.AccessLogLocationUnknown, ErrorCategory.ObjectNotFound, loadBalancer.Arn));
                    return null;
                }
                (bucket, prefix, from) = (location.Bucket, location.Prefix, "the attribute access_logs.s3.bucket/.prefix of " + loadBalancer.Name);
            }
            try
            {
                return AthenaSql.Build(new AthenaRequest
                {
                    LoadBalancerArn = loadBalancer.Arn, Bucket = bucket, Prefix = prefix, LocationParameter = from,
                    Database = s.Database, WorkGroup = s.WorkGroup, OutputLocation = s.OutputLocation, By = s.By,
                    From = s.From!.Value, To = s.To!.Value, StatusCodes = s.StatusCodes, TargetGroupArns = s.TargetGroupArns,
                });
            }
            catch (AwsArgumentException e)
            {
                cmdlet.WriteError(new ErrorRecord(e, e.ErrorId, ErrorCategory.InvalidArgument, loadBalancer.Arn));
                return null;
            }
        }

        /// <summary>
        /// The load balancers named by -Name/-LoadBalancerArn, as far as the query needs them: an ARN with
        /// -AccessLogUri needs no call; a name needs DescribeLoadBalancers; the log folder without
        /// -AccessLogUri needs DescribeLoadBalancerAttributes. A failure is an error record for that load balancer.
        /// </summary>
        public static List<Model.LoadBalancer> Resolve(PSCmdlet cmdlet, Func<IAwsBackend> backend, IReadOnlyCollection<string> names, IReadOnlyCollection<string> arns,
            bool needAttributes, CancellationToken cancellation)
        {
            var found = arns.Select(a => new Model.LoadBalancer { Arn = a, Name = a.Split('/')[2], Type = a.Split('/')[1] == "app" ? "application" : a.Split('/')[1] }).ToList();
            IAwsBackend? aws = null;
            if (names.Count > 0)
            {
                aws ??= backend();
                var response = Call(cmdlet, aws, new AwsRequest(SnapshotOperations.DescribeLoadBalancers).With("Names", names.ToArray()), string.Join(", ", names), cancellation);
                foreach (var lb in (response?["LoadBalancers"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
                {
                    var arn = lb["LoadBalancerArn"]?.AsString();
                    if (arn is null || AwsValueRules.Problem(AwsValueKind.LoadBalancerArn, arn) is not null) continue;   // remote data: checked like user input
                    found.Add(new Model.LoadBalancer { Arn = arn, Name = lb["LoadBalancerName"]?.AsString() ?? arn.Split('/')[2], Type = lb["Type"]?.AsString() });
                }
            }
            var result = new List<Model.LoadBalancer>();
            foreach (var lb in found)
            {
                if (!lb.IsApplicationLoadBalancer)
                {
                    cmdlet.WriteError(new ErrorRecord(new InvalidOperationException(DisplayText.Safe(lb.NotApplicationReason!)),
                        ErrorIds.NotAnApplicationLoadBalancer, ErrorCategory.InvalidArgument, lb.Arn));
                    continue;
                }
                if (needAttributes)
                {
                    aws ??= backend();
                    var response = Call(cmdlet, aws, new AwsRequest(SnapshotOperations.DescribeLoadBalancerAttributes).With("LoadBalancerArn", lb.Arn), lb.Arn, cancellation);
                    if (response is null) continue;
                    lb.Attributes = ((response["Attributes"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
                        .Where(a => a["Key"]?.AsString() is not null)
                        .GroupBy(a => a["Key"]!.AsString()!, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.First()["Value"]?.AsString() ?? string.Empty, StringComparer.Ordinal);
                }
                result.Add(lb);
            }
            return result;
        }

        private static JsonObject? Call(PSCmdlet cmdlet, IAwsBackend aws, AwsRequest request, string target, CancellationToken cancellation)
        {
            try
            {
                return aws.Invoke(request, cancellation);
            }
            catch (AwsCallException e)
            {
                var record = e.Kind == AwsFailureKind.NotFound
                    ? new ErrorRecord(e, ErrorIds.LoadBalancerNotFound, ErrorCategory.ObjectNotFound, target)
                        { ErrorDetails = new ErrorDetails(DisplayText.Safe("Load balancer " + target + " was not found: " + e.Reason)) }
                    : AwsStateCmdlet.ToErrorRecord(e, ErrorIds.AwsCallFailed, target, request.Operation + " through " + aws.Name + " failed");
                cmdlet.WriteError(record);
                return null;
            }
        }

        /// <summary>Runs the DDL, then the query, and returns the summary rows with the bytes Athena scanned; null after an error record.</summary>
        public static List<AccessLogSummary>? Run(PSCmdlet cmdlet, IAwsBackend aws, AthenaQuery query, int top, CancellationToken cancellation)
        {
            try
            {
                var ddl = Execute(cmdlet, aws, query, query.Ddl, "Creating the table " + query.Database + "." + query.Table + " when missing", cancellation);
                var run = Execute(cmdlet, aws, query, query.Query, "Summarizing the access logs of " + query.LoadBalancer, cancellation);
                var response = aws.Invoke(new AwsRequest(AthenaOperations.GetQueryResults).With("QueryExecutionId", run.Id), cancellation);
                var rows = AthenaExecution.Rows(response);
                var notes = new SummaryNotes();
                var summary = AthenaResults.Summarize(query.By, rows, top, notes);
                cmdlet.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Athena scanned {0:N0} bytes for query {1} ({2} result rows, {3:N0} lines); the table's DDL scanned {4:N0}.",
                    run.ScannedBytes, run.Id, Math.Max(0, rows.Count - 1), summary.Sum(r => r.Count), ddl.ScannedBytes));
                if (notes.FoldedRows > 0)
                    cmdlet.WriteWarning($"{Wording.Plural(notes.FoldedRows, "more row")} with fewer lines are summed into the row '{AccessLogAggregator.OtherText}'; -Top sets how many rows are written.");
                foreach (var row in summary)
                {
                    row.ScannedBytes = run.ScannedBytes;
                    row.QueryExecutionId = run.Id;
                }
                return summary;
            }
            catch (AwsCallException e)
            {
                cmdlet.WriteError(AwsStateCmdlet.ToErrorRecord(e, ErrorIds.AthenaCallFailed, query.LoadBalancer, e.Operation + " through " + aws.Name + " failed"));
                return null;
            }
            catch (AthenaQueryFailedException e)
            {
                cmdlet.WriteError(new ErrorRecord(e, ErrorIds.AthenaQueryFailed, ErrorCategory.InvalidResult, e.QueryExecutionId));
                return null;
            }
            catch (FormatException e)
            {
                cmdlet.WriteError(new ErrorRecord(new InvalidOperationException(DisplayText.Safe("Athena's results for " + query.LoadBalancer + " cannot be read: " + e.Message), e),
                    ErrorIds.AthenaResultUnreadable, ErrorCategory.InvalidData, query.LoadBalancer));
                return null;
            }
        }

        /// <summary>One statement (<see cref="AthenaExecution.Execute"/>), with its wait shown as progress.</summary>
        private static (string Id, long ScannedBytes) Execute(PSCmdlet cmdlet, IAwsBackend aws, AthenaQuery query, string sql, string activity, CancellationToken cancellation)
        {
            var progress = new ProgressRecord(0x417, "Athena: " + DisplayText.Safe(activity), "Starting the query");
            try
            {
                return AthenaExecution.Execute(aws, query, sql, activity, status =>
                {
                    progress.StatusDescription = status;
                    cmdlet.WriteProgress(progress);
                }, cancellation);
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                cmdlet.WriteProgress(progress);
            }
        }
    }
}
