using System;
using System.Collections.Generic;
using System.Management.Automation;
using AlbTroubleshoot.AccessLogs;

namespace AlbTroubleshoot.Commands
{
    /// <summary>The parameters Get-AlbAccessLog and Measure-AlbAccessLog share: which files, and the filters pushed into the reader.</summary>
    public abstract class AccessLogCommandBase : PSCmdlet
    {
        internal const string PathSet = "Path";
        internal const string LiteralPathSet = "LiteralPath";

        /// <summary>Files, folders (read recursively) or wildcards; binds piped strings.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Files or folders taken as written (no wildcards); binds piped FileInfo and DirectoryInfo objects.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP", "FullName")]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>The files of this record's -Path or -LiteralPath values; a value that matches nothing is an error.</summary>
        internal IEnumerable<string> ResolveFiles()
        {
            var literal = ParameterSetName == LiteralPathSet;
            foreach (var p in literal ? LiteralPath : Path)
            {
                foreach (var file in AccessLogPaths.Resolve(this, p, literal, WriteError))
                    yield return file;
            }
        }

        /// <summary>Keep lines whose elb_status_code is one of these codes or classes (4XX, 5XX).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(StatusCodeCompleter))]
        [ValidateNotNullOrEmpty]
        public StatusCodeFilter[] StatusCode { get; set; } = Array.Empty<StatusCodeFilter>();

        /// <summary>Keep lines logged at or after this time.</summary>
        [Parameter]
        public DateTime? From { get; set; }

        /// <summary>Keep lines logged at or before this time.</summary>
        [Parameter]
        public DateTime? To { get; set; }

        /// <summary>Keep lines of these target groups.</summary>
        [Parameter]
        public string[] TargetGroupArn { get; set; } = Array.Empty<string>();

        protected override void BeginProcessing()
        {
            if (AccessLogWindow.Check(From, To, nameof(From), nameof(To)) is { } invalid) ThrowTerminatingError(invalid);
        }

        /// <summary>
        /// Says so when files were read but no line matched, so an empty answer is never silent; the
        /// filters are named because they are the usual reason.
        /// </summary>
        internal void WarnWhenNothingMatched(int fileCount)
        {
            var filters = new System.Collections.Generic.List<string>();
            if (StatusCode.Length > 0) filters.Add("-StatusCode " + string.Join(",", (object[])StatusCode));
            if (From.HasValue) filters.Add("-From " + From.Value.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            if (To.HasValue) filters.Add("-To " + To.Value.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            if (TargetGroupArn.Length > 0) filters.Add("-TargetGroupArn " + string.Join(",", TargetGroupArn));
            WriteWarning("No log line in " + Wording.Plural(fileCount, "file") + (filters.Count > 0 ? " matched " + string.Join(" ", filters) + "." : " could be read as an access-log entry."));
        }

        internal AccessLogQuery CreateQuery() =>
            new AccessLogQuery { StatusCodes = StatusCode, From = From, To = To, TargetGroupArns = TargetGroupArn };
    }
}
