using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using AlbTroubleshoot.AccessLogs;

namespace AlbTroubleshoot.Commands
{
    /// <summary>
    /// The parameters Get-AlbAccessLog and Measure-AlbAccessLog share (which files, and the filters pushed
    /// into the reader), and Ctrl+C: StopProcessing stops <see cref="Stop"/>, whose token every folder walk and read checks.
    /// </summary>
    public abstract class AccessLogCommandBase : PSCmdlet, IDisposable
    {
        internal const string PathSet = "Path";
        internal const string LiteralPathSet = "LiteralPath";

        private AccessLogPaths? paths;
        private IAccessLogReporter? reporter;

        /// <summary>Files, folders (read recursively) or wildcards; binds piped strings.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Files or folders taken as written (no wildcards); binds piped FileInfo and DirectoryInfo objects.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP", "FullName")]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

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

        /// <summary>Ctrl+C: the token to pass to long work, and how that work ends when it is stopped.</summary>
        internal PipelineStop Stop { get; } = new PipelineStop();

        /// <summary>Cancelled by Ctrl+C (StopProcessing).</summary>
        internal CancellationToken CancellationToken => Stop.Token;

        /// <summary>Writes what the engine's reading reports (warnings, progress, errors) on this cmdlet.</summary>
        internal IAccessLogReporter Reporter => reporter ??= new CmdletAccessLogReporter(this);

        /// <summary>The files of this record's -Path or -LiteralPath values, each real file once per command; a value that matches nothing is an error.</summary>
        internal IEnumerable<string> ResolveFiles()
        {
            paths ??= new AccessLogPaths(this, CancellationToken);
            var literal = ParameterSetName == LiteralPathSet;
            foreach (var p in literal ? LiteralPath : Path)
            {
                foreach (var file in paths.Resolve(p, literal))
                    yield return file;
            }
        }

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
            var filters = new List<string>();
            if (StatusCode.Length > 0) filters.Add("-StatusCode " + string.Join(",", (object[])StatusCode));
            if (From.HasValue) filters.Add("-From " + From.Value.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            if (To.HasValue) filters.Add("-To " + To.Value.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            if (TargetGroupArn.Length > 0) filters.Add("-TargetGroupArn " + DisplayText.Safe(string.Join(",", TargetGroupArn)));
            WriteWarning("No log line in " + Wording.Plural(fileCount, "file") + (filters.Count > 0 ? " matched " + string.Join(" ", filters) + "." : " could be read as an access-log entry."));
        }

        internal AccessLogQuery CreateQuery() =>
            new AccessLogQuery { StatusCodes = StatusCode, From = From, To = To, TargetGroupArns = TargetGroupArn };

        protected override void StopProcessing() => Stop.Stop();

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (disposing) Stop.Dispose();
        }
    }
}
