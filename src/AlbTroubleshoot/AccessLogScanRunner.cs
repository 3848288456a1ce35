using System;
using System.Collections.Generic;
using System.Management.Automation;
using AlbTroubleshoot.AccessLogs;

namespace AlbTroubleshoot
{
    /// <summary>
    /// Runs an <see cref="AccessLogScan"/> for a cmdlet: the workers read while the cmdlet's thread
    /// writes progress, the malformed lines (warnings, capped) and the files that failed (errors, the
    /// other files go on). Measure-AlbAccessLog and the -AccessLogPath of the diagnosis cmdlets share it.
    /// </summary>
    internal sealed class AccessLogScanRunner : IDisposable
    {
        private readonly AccessLogScan scan;
        private readonly int fileCount;

        public AccessLogScanRunner(IReadOnlyList<string> files, AccessLogQuery query, string by)
        {
            scan = new AccessLogScan(files, query, by);
            fileCount = files.Count;
        }

        /// <summary>The summary rows, or null when the user stopped the pipeline (Ctrl+C).</summary>
        public IReadOnlyList<AccessLogSummary>? Run(Cmdlet cmdlet, string activity)
        {
            var progress = new ProgressRecord(1, activity, $"Reading {fileCount} access-log file(s)");
            scan.Start();
            while (!scan.Wait(250))
            {
                Drain(cmdlet);
                if (scan.TotalBytes > 0)
                {
                    progress.PercentComplete = (int)Math.Min(100, scan.BytesDone * 100 / scan.TotalBytes);
                    progress.StatusDescription = $"Reading {fileCount} access-log file(s): {scan.BytesDone / (1024 * 1024)} of {scan.TotalBytes / (1024 * 1024)} MB";
                    cmdlet.WriteProgress(progress);
                }
            }
            Drain(cmdlet);
            progress.RecordType = ProgressRecordType.Completed;
            cmdlet.WriteProgress(progress);
            if (scan.IsCancelled) return null;

            var rows = scan.Summarize();
            if (rows.Count > 0 && rows[0].MalformedLines > AccessLogScan.MalformedReportCap)
                cmdlet.WriteWarning($"{rows[0].MalformedLines} malformed lines were skipped in all; the first {AccessLogScan.MalformedReportCap} are listed above.");
            return rows;
        }

        private void Drain(Cmdlet cmdlet)
        {
            while (scan.MalformedReports.TryDequeue(out var m)) cmdlet.WriteWarning($"Malformed line skipped: {m}");
            while (scan.FileErrors.TryDequeue(out var e)) cmdlet.WriteError(AccessLogPaths.ToErrorRecord(e));
        }

        /// <summary>Stops the workers (from StopProcessing, on another thread).</summary>
        public void Cancel() => scan.Cancel();

        public void Dispose() => scan.Dispose();
    }
}
