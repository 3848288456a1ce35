using System;
using System.Collections.Generic;
using System.Threading;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// Runs an <see cref="AccessLogScan"/> for a command: the workers read while the calling thread
    /// reports progress, the malformed lines (warnings, capped, and each file's total), the request types
    /// AWS does not document, and the files that failed (errors, the other files go on).
    /// Measure-AlbAccessLog and the -AccessLogPath of the diagnosis cmdlets share it.
    /// </summary>
    internal sealed class AccessLogScanRunner : IDisposable
    {
        private readonly AccessLogScan scan;
        private readonly int fileCount;
        private readonly AccessLogNotices notices = new AccessLogNotices();

        /// <param name="cancellation">The command's stop (Ctrl+C): it stops every worker.</param>
        public AccessLogScanRunner(IReadOnlyList<string> files, AccessLogQuery query, string by, int top, CancellationToken cancellation)
        {
            scan = new AccessLogScan(files, query, by, top, cancellation: cancellation);
            fileCount = files.Count;
        }

        /// <summary>The summary rows, or null when the user stopped the command (Ctrl+C).</summary>
        public IReadOnlyList<AccessLogSummary>? Run(IAccessLogReporter reporter, string activity)
        {
            if (reporter is null) throw new ArgumentNullException(nameof(reporter));
            var progress = new AccessLogProgress(1, activity, $"Reading {Wording.Plural(fileCount, "access-log file")}");
            scan.Start();
            while (!scan.Wait(250))
            {
                // Stopped: return at once, even if a worker is still inside a read.
                if (scan.IsCancelled) return null;
                Drain(reporter);
                if (scan.TotalBytes > 0)
                {
                    progress.PercentComplete = (int)Math.Min(100, scan.BytesDone * 100 / scan.TotalBytes);
                    progress.Status = $"Reading {Wording.Plural(fileCount, "access-log file")}: {scan.BytesDone / (1024 * 1024)} of {scan.TotalBytes / (1024 * 1024)} MB";
                    reporter.Progress(progress);
                }
            }
            Drain(reporter);
            progress.Completed = true;
            reporter.Progress(progress);
            if (scan.IsCancelled) return null;

            notices.End(reporter);
            var rows = scan.Summarize();
            if (scan.CountsAreLowerBounds)
                reporter.Warning($"More than {scan.Capacity} distinct rows appeared while reading: the rows with the fewest lines were summed into the row '{AccessLogAggregator.OtherText}' as they came, so the counts shown are lower bounds. Narrow the lines with -StatusCode, -From, -To or -TargetGroupArn, or raise -Top.");
            if (scan.FoldedRows > 0)
                reporter.Warning($"{Wording.Plural(scan.FoldedRows, "more row")} with fewer lines are summed into the row '{AccessLogAggregator.OtherText}'; -Top sets how many rows are written.");
            return rows;
        }

        private void Drain(IAccessLogReporter reporter)
        {
            while (scan.MalformedReports.TryDequeue(out var m)) notices.Line(reporter, m);
            while (scan.MalformedTotals.TryDequeue(out var t)) notices.FileTotal(reporter, t);
            while (scan.UnknownTypes.TryDequeue(out var u)) AccessLogNotices.Type(reporter, u);
            while (scan.FileErrors.TryDequeue(out var e)) reporter.FileFailed(e);
        }

        public void Dispose() => scan.Dispose();
    }
}
