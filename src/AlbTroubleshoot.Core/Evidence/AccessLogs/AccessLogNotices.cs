using System.Globalization;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// How the access-log cmdlets tell the user about lines they skipped or doubt: the first
    /// <see cref="AccessLogScan.MalformedReportCap"/> malformed lines one by one (warnings), each file's
    /// total when it had more than were listed (warnings for the first files, then -Verbose), the total
    /// of the run, and each request type AWS does not document. Get-AlbAccessLog and Measure-AlbAccessLog
    /// (and the diagnosis's -AccessLogPath) word them the same way.
    /// </summary>
    internal sealed class AccessLogNotices
    {
        private long malformed;
        private long listed;
        private int files;
        private int fileTotalsWritten;

        /// <summary>True while the next malformed line will be listed as a warning.</summary>
        public bool Listing => listed < AccessLogScan.MalformedReportCap;

        /// <summary>A malformed line; it is written when it is among the first ones (the scan lists only those).</summary>
        public void Line(IAccessLogReporter reporter, MalformedLine line)
        {
            if (++listed <= AccessLogScan.MalformedReportCap) reporter.Warning($"Malformed line skipped: {line}");
            else reporter.Verbose($"Malformed line skipped: {line}");
        }

        /// <summary>A file's count, once the file is read.</summary>
        public void FileTotal(IAccessLogReporter reporter, MalformedTotal total)
        {
            malformed += total.Total;
            files++;
            if (total.Total <= total.Listed) return;
            if (++fileTotalsWritten <= AccessLogScan.MalformedReportCap) reporter.Warning(total.ToString());
            else reporter.Verbose(total.ToString());
        }

        public static void Type(IAccessLogReporter reporter, UnknownType type) => reporter.Warning(type.ToString());

        /// <summary>The run's total, when more lines were skipped than listed, in more than one file (one file's total is already written).</summary>
        public void End(IAccessLogReporter reporter)
        {
            if (malformed <= AccessLogScan.MalformedReportCap || files < 2) return;
            reporter.Warning(string.Format(CultureInfo.InvariantCulture,
                "{0} were skipped in all, in {1}; the first {2} are listed above.",
                Wording.Plural(malformed, "malformed line"), Wording.Plural(files, "file"), AccessLogScan.MalformedReportCap));
        }
    }
}
