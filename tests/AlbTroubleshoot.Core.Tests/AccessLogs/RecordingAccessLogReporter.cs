using System.Collections.Generic;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Collection;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>Everything the engine's access-log work reports, in order, as the host would be told it.</summary>
    internal sealed class RecordingAccessLogReporter : IAccessLogReporter
    {
        public List<string> Warnings { get; } = new List<string>();
        public List<string> Verbose { get; } = new List<string>();
        public List<(int Id, string Activity, string Status, bool Completed)> Progresses { get; } = new List<(int, string, string, bool)>();
        public List<AccessLogFileException> FileFailures { get; } = new List<AccessLogFileException>();
        public List<(AwsCallException Failure, string What, string Target)> DownloadFailures { get; } = new List<(AwsCallException, string, string)>();
        public List<(string Message, string Target)> TooLarge { get; } = new List<(string, string)>();
        public List<(AwsCallException Failure, string What, string Target)> LookupFailures { get; } = new List<(AwsCallException, string, string)>();
        public List<(string Reason, string Arn)> NotApplication { get; } = new List<(string, string)>();

        /// <summary>How many error records the host would write.</summary>
        public int Errors => FileFailures.Count + DownloadFailures.Count + TooLarge.Count + LookupFailures.Count + NotApplication.Count;

        public void Progress(AccessLogProgress progress) => Progresses.Add((progress.Id, progress.Activity, progress.Status, progress.Completed));
        public void Warning(string text) => Warnings.Add(text);
        void IAccessLogReporter.Verbose(string text) => Verbose.Add(text);
        public void FileFailed(AccessLogFileException failure) => FileFailures.Add(failure);
        public void DownloadFailed(AwsCallException failure, string what, string target) => DownloadFailures.Add((failure, what, target));
        public void DownloadTooLarge(string message, string target) => TooLarge.Add((message, target));
        public void LookupFailed(AwsCallException failure, string what, string target) => LookupFailures.Add((failure, what, target));
        public void NotApplicationLoadBalancer(string reason, string arn) => NotApplication.Add((reason, arn));
    }
}
