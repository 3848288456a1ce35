using System;
using System.Management.Automation;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Collection;

namespace AlbTroubleshoot
{
    /// <summary>
    /// Writes what the engine's access-log work reports (<see cref="IAccessLogReporter"/>) on a cmdlet:
    /// progress, warnings and verbose lines as given, and each failure as its error record.
    /// </summary>
    internal sealed class CmdletAccessLogReporter : IAccessLogReporter
    {
        private readonly Cmdlet cmdlet;

        public CmdletAccessLogReporter(Cmdlet cmdlet) => this.cmdlet = cmdlet ?? throw new ArgumentNullException(nameof(cmdlet));

        public void Progress(AccessLogProgress progress) =>
            cmdlet.WriteProgress(new ProgressRecord(progress.Id, progress.Activity, progress.Status)
            {
                PercentComplete = progress.PercentComplete,
                RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            });

        public void Warning(string text) => cmdlet.WriteWarning(text);

        public void Verbose(string text) => cmdlet.WriteVerbose(text);

        public void FileFailed(AccessLogFileException failure) => cmdlet.WriteError(AccessLogPaths.ToErrorRecord(failure));

        /// <summary>AccessLogDownloadFailed, in the category of the failure (PermissionDenied, ConnectionError …).</summary>
        public void DownloadFailed(AwsCallException failure, string what, string target) =>
            cmdlet.WriteError(AwsStateCmdlet.ToErrorRecord(failure, ErrorIds.AccessLogDownloadFailed, target, what, keepId: true, otherCategory: ErrorCategory.ReadError));

        public void DownloadTooLarge(string message, string target) =>
            cmdlet.WriteError(new ErrorRecord(new InvalidOperationException(message), ErrorIds.AccessLogDownloadTooLarge, ErrorCategory.LimitsExceeded, target));

        public void LookupFailed(AwsCallException failure, string what, string target) =>
            cmdlet.WriteError(failure.Kind == AwsFailureKind.NotFound
                ? new ErrorRecord(failure, ErrorIds.LoadBalancerNotFound, ErrorCategory.ObjectNotFound, target)
                    { ErrorDetails = new ErrorDetails(DisplayText.Safe("Load balancer " + target + " was not found: " + failure.Reason)) }
                : AwsStateCmdlet.ToErrorRecord(failure, ErrorIds.AwsCallFailed, target, what));

        public void NotApplicationLoadBalancer(string reason, string arn) =>
            cmdlet.WriteError(new ErrorRecord(new InvalidOperationException(reason), ErrorIds.NotAnApplicationLoadBalancer, ErrorCategory.InvalidArgument, arn));
    }
}
