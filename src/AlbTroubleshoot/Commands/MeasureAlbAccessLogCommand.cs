using System;
using System.Collections.Generic;
using System.Management.Automation;
using AlbTroubleshoot.AccessLogs;

namespace AlbTroubleshoot.Commands
{
    /// <summary>Measure-AlbAccessLog: counts ALB access-log lines by status pair and cause (or by target, minute...) in C#.</summary>
    [Cmdlet(VerbsDiagnostic.Measure, "AlbAccessLog", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(AccessLogSummary))]
    public sealed class MeasureAlbAccessLogCommand : AccessLogCommandBase
    {
        private readonly List<string> files = new List<string>();

        /// <summary>What to group by besides the status pair and cause.</summary>
        [Parameter]
        [ValidateSet(AccessLogGrouping.Status, AccessLogGrouping.Target, AccessLogGrouping.TargetGroup, AccessLogGrouping.Minute, AccessLogGrouping.ClientIp, AccessLogGrouping.Url, AccessLogGrouping.LoadBalancer)]
        public string By { get; set; } = AccessLogGrouping.Status;

        /// <summary>How many rows to write, most lines first; the rest are summed in one row whose Key is "(other)".</summary>
        [Parameter]
        [ValidateRange(1, 1_000_000)]
        public int Top { get; set; } = AccessLogScan.DefaultTop;

        internal override void Process() => files.AddRange(ResolveFiles());

        protected override void EndProcessing()
        {
            if (files.Count == 0) return;
            // By is validated, so its value is one of AccessLogGrouping's names; match its case.
            var by = Array.Find(AccessLogGrouping.All, g => string.Equals(g, By, StringComparison.OrdinalIgnoreCase)) ?? AccessLogGrouping.Status;
            using var runner = new AccessLogScanRunner(files, CreateQuery(), by, Top, StopToken);
            var rows = runner.Run(this, "Measure-AlbAccessLog");
            if (rows is null) return;
            if (rows.Count == 0) WarnWhenNothingMatched(files.Count);
            foreach (var row in rows) WriteObject(by == AccessLogGrouping.Status ? row : WithKeyView(row));
        }

        /// <summary>Grouped by something other than the status pair: the default view puts the Key first (AccessLogSummary#ByKey in the format file).</summary>
        private static PSObject WithKeyView(AccessLogSummary row)
        {
            var wrapped = new PSObject(row);
            wrapped.TypeNames.Insert(0, KeyViewTypeName);
            return wrapped;
        }

        internal const string KeyViewTypeName = "AlbTroubleshoot.AccessLogSummary#ByKey";
    }
}
