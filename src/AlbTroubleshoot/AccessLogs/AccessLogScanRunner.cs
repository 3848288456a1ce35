using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using AlbTroubleshoot.AccessLogs;

namespace AlbTroubleshoot
{
    /// <summary>
    /// Runs an <see cref="AccessLogScan"/> for a cmdlet: the workers read while the cmdlet's thread
    /// writes progress, the malformed lines (warnings, capped, and each file's total), the request types
    /// AWS does not document, and the files that failed (errors, the other files go on).
    /// Measure-AlbAccessLog and the -AccessLogPath of the diagnosis cmdlets share it.
    /// </summary>
    internal sealed class AccessLogScanRunner : IDisposable
    {
        private readonly AccessLogScan scan;
        private readonly int fileCount;
        private readonly AccessLogNotices notices = new AccessLogNotices();

        /// <param name="cancellation">The cmdlet's StopProcessing: it stops every worker.</param>
        public AccessLogScanRunner(IReadOnlyList<string> files, AccessLogQuery query, string by, int top, CancellationToken cancellation)
        {
            scan = new AccessLogScan(files, query, by, top, cancellation: cancellation);
            fileCount = files.Count;
        }

        /// <summary>The summary rows, or null when the user stopped the pipeline (Ctrl+C).</summary>
        public IReadOnlyList<AccessLogSummary>? Run(Cmdlet cmdlet, string activity)
        {
            var progress = new ProgressRecord(1, activity, $"Reading {Wording.Plural(fileCount, "access-log file")}");
            scan.Start();
            while (!scan.Wait(250))
            {
                // Stopped: return at once, even if a worker is still inside a read.
                if (scan.IsCancelled) return null;
                Drain(cmdlet);
                if (scan.TotalBytes > 0)
                {
                    progress.PercentComplete = (int)Math.Min(100, scan.BytesDone * 100 / scan.TotalBytes);
                    progress.StatusDescription = $"Reading {Wording.Plural(fileCount, "access-log file")}: {scan.BytesDone / (1024 * 1024)} of {scan.TotalBytes / (1024 * 1024)} MB";
                    cmdlet.WriteProgress(progress);
                }
            }
            Drain(cmdlet);
            progress.RecordType = ProgressRecordType.Completed;
            cmdlet.WriteProgress(progress);
            if (scan.IsCancelled) return null;

            notices.End(cmdlet);
            var rows = scan.Summarize();
            if (scan.CountsAreLowerBounds)
                cmdlet.WriteWarning($"More than {scan.Capacity} distinct rows appeared while reading: the rows with the fewest lines were summed into the row '{AccessLogAggregator.OtherText}' as they came, so the counts shown are lower bounds. Narrow the lines with -StatusCode, -From, -To or -TargetGroupArn, or raise -Top.");
            if (scan.FoldedRows > 0)
                cmdlet.WriteWarning($"{Wording.Plural(scan.FoldedRows, "more row")} with fewer lines are summed into the row '{AccessLogAggregator.OtherText}'; -Top sets how many rows are written.");
            return rows;
        }

        private void Drain(Cmdlet cmdlet)
        {
            while (scan.MalformedReports.TryDequeue(out var m)) notices.Line(cmdlet, m);
            while (scan.MalformedTotals.TryDequeue(out var t)) notices.FileTotal(cmdlet, t);
            while (scan.UnknownTypes.TryDequeue(out var u)) AccessLogNotices.Type(cmdlet, u);
            while (scan.FileErrors.TryDequeue(out var e)) cmdlet.WriteError(AccessLogPaths.ToErrorRecord(e));
        }

        public void Dispose() => scan.Dispose();
    }
}
