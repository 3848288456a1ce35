using System;
using System.Linq;
using System.Management.Automation;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Collection;
using AlbTroubleshoot.Localization;

namespace AlbTroubleshoot
{
    /// <summary>
    /// The access-log parameters of the cmdlets that weigh a load balancer's causes against its logs
    /// (Invoke-AlbDiagnosis, Get-AlbErrorCause). Each cmdlet declares them itself, last among its own
    /// parameters; their help is one page, docs/cmdlets/shared/AccessLogParameters.md.
    /// </summary>
    internal interface IAccessLogParameters
    {
        /// <summary>Access-log files or folders of the load balancers: their lines confirm or rule out the causes traffic shows.</summary>
        string[]? AccessLogPath { get; }

        /// <summary>The start of the access-log window: filters -AccessLogPath, or, live without it, which files to download from the log bucket.</summary>
        DateTime? AccessLogFrom { get; }

        /// <summary>The end of the access-log window (now when -AccessLogFrom downloads).</summary>
        DateTime? AccessLogTo { get; }

        /// <summary>How many MB -AccessLogFrom may download in all (the sizes S3 lists, checked before downloading, and what arrives).</summary>
        int AccessLogDownloadLimitMB { get; }
    }

    /// <summary>
    /// What the access-log parameters ask for, owned by the cmdlet (composition, not a base class): the
    /// parameters checked together when the first load balancer needs its logs, then the engine's
    /// <see cref="AccessLogEvidenceSource"/> (the paths resolved by PowerShell's providers, or the live
    /// back end), whose reports the cmdlet writes (<see cref="CmdletAccessLogReporter"/>).
    /// </summary>
    internal sealed class DiagnosisAccessLogs : IDisposable
    {
        /// <summary>1 GB: a busy load balancer's hour of logs (one file per node every 5 minutes), with room to spare.</summary>
        internal const int DefaultDownloadLimitMB = 1024;

        /// <summary>The largest -AccessLogDownloadLimitMB: 1 TB.</summary>
        internal const int MaxDownloadLimitMB = 1048576;

        private readonly AwsStateCmdlet cmdlet;
        private readonly IAccessLogParameters parameters;
        private readonly Func<IAwsBackend> liveBackend;
        private AccessLogEvidenceSource? source;

        public DiagnosisAccessLogs(AwsStateCmdlet cmdlet, IAccessLogParameters parameters, Func<IAwsBackend> liveBackend)
        {
            this.cmdlet = cmdlet ?? throw new ArgumentNullException(nameof(cmdlet));
            this.parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
            this.liveBackend = liveBackend ?? throw new ArgumentNullException(nameof(liveBackend));
        }

        /// <summary>True when the access-log parameters were given (they need a load balancer).</summary>
        public bool Requested => parameters.AccessLogPath is not null || parameters.AccessLogFrom.HasValue || parameters.AccessLogTo.HasValue;

        /// <summary>
        /// What the access logs say about this load balancer; null when none were asked for, none could
        /// be read, or the user stopped the command. The first call checks the parameters together.
        /// </summary>
        public AccessLogEvidence? For(Model.LoadBalancer loadBalancer)
        {
            if (!Requested) return null;
            source ??= CreateSource();
            return source.For(loadBalancer, cmdlet.CancellationToken);
        }

        private AccessLogEvidenceSource CreateSource()
        {
            var (path, from, to) = (parameters.AccessLogPath, parameters.AccessLogFrom, parameters.AccessLogTo);
            if (AccessLogWindow.Check(from, to, nameof(IAccessLogParameters.AccessLogFrom), nameof(IAccessLogParameters.AccessLogTo)) is { } invalid) cmdlet.ThrowTerminatingError(invalid);
            var reporter = new CmdletAccessLogReporter(cmdlet);
            if (path is not null)
            {
                return AccessLogEvidenceSource.FromFiles(() =>
                {
                    var resolver = new AccessLogPaths(cmdlet, cmdlet.CancellationToken);
                    return path.SelectMany(p => resolver.Resolve(p, literal: false));
                }, from, to, reporter);
            }
            if (cmdlet.ParameterSetName != AwsStateCmdlet.LiveSet || !from.HasValue)
                cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException((from.HasValue ? ErrorMessages.AccessLogFromNeedsLive : ErrorMessages.AccessLogToAlone).Format()),
                    ErrorIds.AccessLogPathRequired, ErrorCategory.InvalidArgument, null));
            return AccessLogEvidenceSource.FromBucket(liveBackend, from!.Value, to ?? DateTime.UtcNow, parameters.AccessLogDownloadLimitMB * 1048576L, reporter);
        }

        /// <summary>Deletes what was downloaded.</summary>
        public void Dispose() => source?.Dispose();
    }
}
