using AlbTroubleshoot.Collection;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// How access-log reading and downloading report while they work, as <see cref="ICollectionReporter"/>
    /// does for collection: the texts are final (made safe where they hold remote or file data); the
    /// host turns them into progress, warnings, verbose lines and error records (IDs and categories are its).
    /// Called on the thread that runs the work, never from a worker.
    /// </summary>
    internal interface IAccessLogReporter
    {
        void Progress(AccessLogProgress progress);

        void Warning(string text);

        void Verbose(string text);

        /// <summary>A file could not be read (its own error ID); the other files go on.</summary>
        void FileFailed(AccessLogFileException failure);

        /// <summary>A listing or download of the log bucket failed (AccessLogDownloadFailed): <paramref name="what"/> was being done to <paramref name="target"/>.</summary>
        void DownloadFailed(AwsCallException failure, string what, string target);

        /// <summary>A load balancer's files do not fit in the download limit (AccessLogDownloadTooLarge); nothing of it is read.</summary>
        void DownloadTooLarge(string message, string target);

        /// <summary>
        /// A load balancer whose logs Athena is to query could not be looked up (<paramref name="what"/>: the
        /// call and back end): LoadBalancerNotFound when AWS knows none by <paramref name="target"/>, else AwsCallFailed.
        /// </summary>
        void LookupFailed(AwsCallException failure, string what, string target);

        /// <summary>A load balancer given by name or ARN is not an Application Load Balancer (NotAnApplicationLoadBalancer).</summary>
        void NotApplicationLoadBalancer(string reason, string arn);
    }

    /// <summary>One progress line of access-log work; the same object is reported again as it advances, and once <see cref="Completed"/>.</summary>
    internal sealed class AccessLogProgress
    {
        public AccessLogProgress(int id, string activity, string status)
        {
            Id = id;
            Activity = activity;
            Status = status;
        }

        public int Id { get; }

        public string Activity { get; }

        public string Status { get; set; }

        /// <summary>-1 when not known.</summary>
        public int PercentComplete { get; set; } = -1;

        public bool Completed { get; set; }
    }
}
