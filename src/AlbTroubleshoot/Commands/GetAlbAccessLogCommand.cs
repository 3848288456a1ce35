using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using AlbTroubleshoot.AccessLogs;

namespace AlbTroubleshoot.Commands
{
    /// <summary>Get-AlbAccessLog: the lines of ALB access logs as typed entries, each classified to a catalog cause.</summary>
    [Cmdlet(VerbsCommon.Get, "AlbAccessLog", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(AccessLogEntry))]
    public sealed class GetAlbAccessLogCommand : AccessLogCommandBase, IDisposable
    {
        private readonly CancellationTokenSource cancel = new CancellationTokenSource();
        private long malformed;
        private long written;
        private int filesRead;

        protected override void ProcessRecord()
        {
            var query = CreateQuery();
            foreach (var file in ResolveFiles())
            {
                filesRead++;
                ReadFile(file, query);
            }
        }

        private void ReadFile(string file, AccessLogQuery query)
        {
            long length = 0;
            try { length = new FileInfo(file).Length; }
            catch (IOException) { }
            var progress = new ProgressRecord(1, "Get-AlbAccessLog", "Reading " + System.IO.Path.GetFileName(file));
            var lastProgress = Environment.TickCount;
            try
            {
                AccessLogReader.Read(file, query, entry => { written++; WriteObject(entry); }, ReportMalformed, position =>
                {
                    if (unchecked(Environment.TickCount - lastProgress) < 250 || length == 0) return;
                    lastProgress = Environment.TickCount;
                    progress.PercentComplete = (int)Math.Min(100, position * 100 / length);
                    WriteProgress(progress);
                }, cancel.Token);
            }
            catch (AccessLogFileException ex)
            {
                WriteError(AccessLogPaths.ToErrorRecord(ex));
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }

        private void ReportMalformed(MalformedLine line)
        {
            malformed++;
            if (malformed <= AccessLogScan.MalformedReportCap)
                WriteWarning($"Malformed line skipped: {line}");
            else
                WriteVerbose($"Malformed line skipped: {line}");
        }

        protected override void EndProcessing()
        {
            if (written == 0 && filesRead > 0) WarnWhenNothingMatched(filesRead);
            if (malformed > AccessLogScan.MalformedReportCap)
                WriteWarning($"{malformed} malformed lines were skipped in all; the first {AccessLogScan.MalformedReportCap} are listed above (-Verbose lists all).");
        }

        protected override void StopProcessing() => cancel.Cancel();

        public void Dispose() => cancel.Dispose();
    }
}
