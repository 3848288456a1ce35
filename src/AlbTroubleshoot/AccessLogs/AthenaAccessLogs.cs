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
    /// Turns the parameters into the query for each load balancer (looked up by <see cref="AthenaLoadBalancers"/>),
    /// builds the SQL (AccessLogs/AthenaSql.cs) and runs it:
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
                if (s.AccessLogUri is not null) AthenaLoadBalancers.ParseUri(s.AccessLogUri);
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

        /// <summary>The query for one load balancer of a snapshot (its attributes give the log folder unless -AccessLogUri does); null after an error record.</summary>
        public static AthenaQuery? For(PSCmdlet cmdlet, Model.LoadBalancer loadBalancer, AthenaSettings s)
        {
            string bucket, prefix, from;
            if (s.AccessLogUri is not null)
            {
                (bucket, prefix) = AthenaLoadBalancers.ParseUri(s.AccessLogUri);
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
