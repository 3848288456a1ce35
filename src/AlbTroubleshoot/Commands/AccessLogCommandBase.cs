using System;
using System.Management.Automation;
using AlbTroubleshoot.AccessLogs;

namespace AlbTroubleshoot.Commands
{
    /// <summary>The parameters Get-AlbAccessLog and Measure-AlbAccessLog share: which files, and the filters pushed into the reader.</summary>
    public abstract class AccessLogCommandBase : PSCmdlet
    {
        /// <summary>Files, folders (read recursively) or wildcards; binds piped FileInfo objects and paths.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Keep lines whose elb_status_code is one of these codes or classes (4XX, 5XX).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(StatusCodeCompleter))]
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

        internal AccessLogQuery CreateQuery() =>
            new AccessLogQuery { StatusCodes = StatusCode, From = From, To = To, TargetGroupArns = TargetGroupArn };
    }
}
