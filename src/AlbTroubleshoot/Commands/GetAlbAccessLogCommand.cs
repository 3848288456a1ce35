using System;
using System.IO;
using System.Management.Automation;
using AlbTroubleshoot.AccessLogs;

namespace AlbTroubleshoot.Commands
{
    /// <summary>Get-AlbAccessLog: the lines of ALB access logs as typed entries, each classified to a catalog cause.</summary>
    [Cmdlet(VerbsCommon.Get, "AlbAccessLog", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(AccessLogEntry))]
    public sealed class GetAlbAccessLogCommand : AccessLogCommandBase
    {
        private readonly AccessLogNotices notices = new AccessLogNotices();
        private readonly System.Collections.Generic.HashSet<string> typesSeen = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        private long written;
        private int filesRead;

        protected override void ProcessRecord() => Stop.Run(Process);

        private void Process()
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
            long malformed = 0, listed = 0;
            try
            {
                AccessLogReader.Read(file, query, entry => { written++; WriteObject(entry); }, line =>
                {
                    malformed++;
                    if (notices.Listing) listed++;
                    notices.Line(Reporter, line);
                }, position =>
                {
                    if (unchecked(Environment.TickCount - lastProgress) < 250 || length == 0) return;
                    lastProgress = Environment.TickCount;
                    progress.PercentComplete = (int)Math.Min(100, position * 100 / length);
                    WriteProgress(progress);
                }, CancellationToken, Reporter.FileFailed, type =>
                {
                    if (typesSeen.Count < AccessLogScan.MalformedReportCap && typesSeen.Add(type.Type)) AccessLogNotices.Type(Reporter, type);
                });
            }
            catch (AccessLogFileException ex)
            {
                Reporter.FileFailed(ex);
            }
            finally
            {
                if (malformed > 0) notices.FileTotal(Reporter, new MalformedTotal(file, malformed, listed));
            }
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }

        protected override void EndProcessing()
        {
            if (written == 0 && filesRead > 0) WarnWhenNothingMatched(filesRead);
            notices.End(Reporter);
        }
    }
}
