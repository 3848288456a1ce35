using System;
using System.Linq;
using System.Management.Automation;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Localization;

namespace AlbTroubleshoot
{
    /// <summary>
    /// The cmdlets that evaluate causes against a load balancer (Invoke-AlbDiagnosis, Get-AlbErrorCause):
    /// the AWS state of <see cref="AwsStateCmdlet"/> plus the access logs to weigh the causes against.
    /// </summary>
    public abstract class DiagnosingCmdlet : AwsStateCmdlet
    {

        private AccessLogEvidenceSource? _accessLogs;

        /// <summary>Access-log files or folders of the load balancers: their lines confirm or rule out the causes traffic shows.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[]? AccessLogPath { get; set; }

        /// <summary>The start of the access-log window: filters -AccessLogPath, or, live without it, which files to download from the log bucket.</summary>
        [Parameter]
        public DateTime? AccessLogFrom { get; set; }

        /// <summary>The end of the access-log window (now when -AccessLogFrom downloads).</summary>
        [Parameter]
        public DateTime? AccessLogTo { get; set; }

        /// <summary>How many MB -AccessLogFrom may download in all (the sizes S3 lists, checked before downloading, and what arrives).</summary>
        [Parameter]
        [ValidateRange(1, 1048576)]
        public int AccessLogDownloadLimitMB { get; set; } = DefaultDownloadLimitMB;

        /// <summary>1 GB: a busy load balancer's hour of logs (one file per node every 5 minutes), with room to spare.</summary>
        internal const int DefaultDownloadLimitMB = 1024;

        /// <summary>True when the access-log parameters were given (they need a load balancer).</summary>
        protected bool AccessLogsRequested => AccessLogPath is not null || AccessLogFrom.HasValue || AccessLogTo.HasValue;

        /// <summary>
        /// What the access logs say about this load balancer; null when none were asked for, none could
        /// be read, or the user stopped the command. The first call checks the parameters together.
        /// </summary>
        internal AccessLogEvidence? AccessLogsFor(Model.LoadBalancer loadBalancer)
        {
            if (!AccessLogsRequested) return null;
            _accessLogs ??= CreateSource();
            return _accessLogs.For(loadBalancer, CancellationToken);
        }

        private AccessLogEvidenceSource CreateSource()
        {
            if (AccessLogWindow.Check(AccessLogFrom, AccessLogTo, nameof(AccessLogFrom), nameof(AccessLogTo)) is { } invalid) ThrowTerminatingError(invalid);
            var reporter = new CmdletAccessLogReporter(this);
            if (AccessLogPath is not null)
            {
                var paths = AccessLogPath;
                return AccessLogEvidenceSource.FromFiles(() =>
                {
                    var resolver = new AccessLogPaths(this, CancellationToken);
                    return paths.SelectMany(p => resolver.Resolve(p, literal: false));
                }, AccessLogFrom, AccessLogTo, reporter);
            }
            if (ParameterSetName != LiveSet || !AccessLogFrom.HasValue)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException((AccessLogFrom.HasValue ? ErrorMessages.AccessLogFromNeedsLive : ErrorMessages.AccessLogToAlone).Format()),
                    ErrorIds.AccessLogPathRequired, ErrorCategory.InvalidArgument, null));
            return AccessLogEvidenceSource.FromBucket(CreateLiveBackend, AccessLogFrom!.Value, AccessLogTo ?? DateTime.UtcNow, AccessLogDownloadLimitMB * 1048576L, reporter);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _accessLogs?.Dispose();
            base.Dispose(disposing);
        }
    }
}
