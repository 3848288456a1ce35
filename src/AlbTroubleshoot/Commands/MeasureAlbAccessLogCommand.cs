using System;
using System.Collections.Generic;
using System.Management.Automation;
using AlbTroubleshoot.AccessLogs;

namespace AlbTroubleshoot.Commands
{
    /// <summary>Measure-AlbAccessLog: counts ALB access-log lines by status pair and cause (or by target, minute...) in C#.</summary>
    [Cmdlet(VerbsDiagnostic.Measure, "AlbAccessLog")]
    [OutputType(typeof(AccessLogSummary))]
    public sealed class MeasureAlbAccessLogCommand : AccessLogCommandBase, IDisposable
    {
        private readonly List<string> files = new List<string>();
        private AccessLogScan? scan;

        /// <summary>What to group by besides the status pair and cause.</summary>
        [Parameter]
        [ValidateSet(AccessLogGrouping.Status, AccessLogGrouping.Target, AccessLogGrouping.TargetGroup, AccessLogGrouping.Minute, AccessLogGrouping.ClientIp, AccessLogGrouping.Url)]
        public string By { get; set; } = AccessLogGrouping.Status;

        protected override void ProcessRecord()
        {
            foreach (var p in Path)
                files.AddRange(AccessLogPaths.Resolve(this, p, WriteError));
        }

        protected override void EndProcessing()
        {
            if (files.Count == 0) return;
            var query = CreateQuery();
            // By is validated, so its value is one of AccessLogGrouping's names; match its case.
            var by = Array.Find(AccessLogGrouping.All, g => string.Equals(g, By, StringComparison.OrdinalIgnoreCase)) ?? AccessLogGrouping.Status;
            scan = new AccessLogScan(files, query, by);
            var progress = new ProgressRecord(1, "Measure-AlbAccessLog", $"Reading {files.Count} file(s)");
            scan.Start();
            while (!scan.Wait(250))
            {
                Drain();
                if (scan.TotalBytes > 0)
                {
                    progress.PercentComplete = (int)Math.Min(100, scan.BytesDone * 100 / scan.TotalBytes);
                    progress.StatusDescription = $"Reading {files.Count} file(s): {scan.BytesDone / (1024 * 1024)} of {scan.TotalBytes / (1024 * 1024)} MB";
                    WriteProgress(progress);
                }
            }
            Drain();
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
            if (scan.IsCancelled) return;

            var rows = scan.Summarize();
            if (rows.Count > 0)
            {
                var malformed = rows[0].MalformedLines;
                if (malformed > AccessLogScan.MalformedReportCap)
                    WriteWarning($"{malformed} malformed lines were skipped in all; the first {AccessLogScan.MalformedReportCap} are listed above.");
            }
            foreach (var row in rows) WriteObject(row);
        }

        private void Drain()
        {
            while (scan!.MalformedReports.TryDequeue(out var m)) WriteWarning($"Malformed line skipped: {m}");
            while (scan.FileErrors.TryDequeue(out var e)) WriteError(AccessLogPaths.ToErrorRecord(e));
        }

        protected override void StopProcessing() => scan?.Cancel();

        public void Dispose() => scan?.Dispose();
    }
}
