using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using AlbTroubleshoot.Collection;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// The access logs of Invoke-AlbDiagnosis and Get-AlbErrorCause, in one of two ways:
    /// <list type="bullet">
    /// <item>-AccessLogPath: the files are read once, when the first load balancer needs them,
    /// counting every load balancer's lines (Measure-AlbAccessLog -By LoadBalancer); each load
    /// balancer then gets its own <see cref="AccessLogEvidence"/>;</item>
    /// <item>-AccessLogFrom without -AccessLogPath (live): each load balancer's files of the window
    /// are downloaded from the bucket its attributes name (read-only S3 calls through the same back
    /// end as the collection) into a private temporary folder (<see cref="AccessLogDownloadFolder"/>:
    /// files named by a hash of their key, never by the key), read, and deleted with the command;
    /// the files listed must fit in the size limit (-AccessLogDownloadLimitMB), checked again after each file.</item>
    /// </list>
    /// -AccessLogFrom/-AccessLogTo keep only the lines of that window. A file that cannot be read or
    /// downloaded is an error and the others count; a load balancer with no line gets a warning and
    /// is decided from its configuration alone. What the user is told goes through an
    /// <see cref="IAccessLogReporter"/>; the host turns it into warnings, errors and progress.
    /// </summary>
    internal sealed class AccessLogEvidenceSource : IDisposable
    {
        private const int EvidenceRows = 100_000;

        private readonly Func<IEnumerable<string>>? paths;
        private readonly Func<IAwsBackend>? backendFactory;
        private readonly IAccessLogReporter reporter;
        private readonly AccessLogQuery query;
        private readonly HashSet<string> warned = new HashSet<string>(StringComparer.Ordinal);
        private IReadOnlyList<AccessLogSummary>? rows;
        private int fileCount;
        private bool read;
        private AccessLogDownloads? downloads;
        private readonly long downloadLimit;

        private AccessLogEvidenceSource(Func<IEnumerable<string>>? paths, Func<IAwsBackend>? backendFactory, DateTime? from, DateTime? to, long downloadLimit, IAccessLogReporter reporter)
        {
            this.paths = paths;
            this.reporter = reporter ?? throw new ArgumentNullException(nameof(reporter));
            this.backendFactory = backendFactory;
            this.downloadLimit = downloadLimit;
            query = new AccessLogQuery { From = from, To = to };
        }

        /// <summary>
        /// The files of the paths the user gives, which the host resolves (its wildcards and providers) when
        /// the first load balancer needs them, writing its own error for a path that matches nothing.
        /// </summary>
        public static AccessLogEvidenceSource FromFiles(Func<IEnumerable<string>> files, DateTime? from, DateTime? to, IAccessLogReporter reporter) =>
            new AccessLogEvidenceSource(files ?? throw new ArgumentNullException(nameof(files)), null, from, to, 0, reporter);

        /// <summary>Each load balancer's own files of the window, downloaded from its log bucket, at most <paramref name="limitBytes"/> in all.</summary>
        public static AccessLogEvidenceSource FromBucket(Func<IAwsBackend> backendFactory, DateTime from, DateTime to, long limitBytes, IAccessLogReporter reporter) =>
            new AccessLogEvidenceSource(null, backendFactory ?? throw new ArgumentNullException(nameof(backendFactory)), from, to, limitBytes, reporter);

        /// <summary>The evidence for one load balancer; null when there is nothing to read or the user stopped the command.</summary>
        public AccessLogEvidence? For(Model.LoadBalancer loadBalancer, CancellationToken cancellation)
        {
            if (loadBalancer is null) throw new ArgumentNullException(nameof(loadBalancer));
            if (paths is null) return Downloaded(loadBalancer, cancellation);
            if (!read)
            {
                read = true;
                List<string> files;
                try
                {
                    files = paths().ToList();
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
                Read(files, cancellation);
            }
            return Evidence(loadBalancer);
        }

        private void Read(List<string> files, CancellationToken cancellation)
        {
            files = files.Distinct(StringComparer.Ordinal).ToList();
            rows = null;
            if (files.Count == 0) return;   // each path that matched nothing was an AccessLogPathNotFound error
            fileCount = files.Count;
            // Every load balancer's rows are needed whole: the bound on rows is far above what logs of many load balancers hold.
            using (var runner = new AccessLogScanRunner(files, query, AccessLogGrouping.LoadBalancer, EvidenceRows, cancellation))
                rows = runner.Run(reporter, "Reading access logs");
        }

        private AccessLogEvidence? Evidence(Model.LoadBalancer loadBalancer)
        {
            if (rows is null) return null;
            var evidence = AccessLogEvidence.FromSummary(new[] { loadBalancer.Arn }, rows, fileCount)[0];
            if (evidence.Lines == 0 && warned.Add(evidence.LoadBalancerId))
            {
                var others = evidence.OtherLoadBalancers;
                reporter.Warning(DisplayText.Safe(string.Format(CultureInfo.InvariantCulture,
                    "The access logs ({0}) hold no line of {1} ({2}){3}{4}. Its causes are decided from the configuration alone.",
                    Wording.Plural(fileCount, "file"), evidence.LoadBalancerId, loadBalancer.Name, WindowText(),
                    others.Length == 0 ? string.Empty : "; they hold lines of " + string.Join(", ", others.Take(5)) + (others.Length > 5 ? " and " + (others.Length - 5) + " more" : string.Empty))));
            }
            return evidence;
        }

        /// <summary>Lists and downloads one load balancer's files of the window, then reads them.</summary>
        private AccessLogEvidence? Downloaded(Model.LoadBalancer loadBalancer, CancellationToken cancellation)
        {
            var location = AccessLogLocation.Of(loadBalancer, out var reason);
            if (location is null)
            {
                reporter.Warning(DisplayText.Safe("The access logs of " + loadBalancer.Name + " cannot be downloaded: " + reason + ". Its causes are decided from the configuration alone."));
                return null;
            }
            downloads ??= new AccessLogDownloads(backendFactory!(), downloadLimit);
            var from = query.From!.Value;
            var to = query.To!.Value;
            List<(string Key, long Size)> keys;
            try
            {
                keys = downloads.List(location, from, to, cancellation);
            }
            catch (AwsCallException e)
            {
                reporter.DownloadFailed(e, "Could not list the access logs of " + loadBalancer.Name + " in " + location.Root + " through " + downloads.Source, location.Root);
                return null;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            if (keys.Count == 0)
            {
                reporter.Warning(DisplayText.Safe("No access-log file of " + loadBalancer.Name + " in " + location.Root + " covers " + WindowText().TrimStart(',', ' ') +
                    ". Logs arrive about 5 minutes after the period they cover. Its causes are decided from the configuration alone."));
                return null;
            }

            var total = keys.Sum(k => k.Size);
            if (!downloads.Fits(total))
            {
                TooLarge(loadBalancer, location, string.Format(CultureInfo.InvariantCulture,
                    "its {0} of {1} in {2} hold {3:N1} MB", Wording.Plural(keys.Count, "access-log file"), WindowText().TrimStart(',', ' '), location.Root, total / 1048576.0));
                return null;
            }
            long done = 0;
            var progress = new AccessLogProgress(2, "Downloading access logs", loadBalancer.Name);
            var files = new List<string>();
            foreach (var (key, size) in keys)
            {
                if (cancellation.IsCancellationRequested) return null;
                // The name and the bucket and prefix come from AWS or a snapshot: made safe for the terminal, as the warnings are.
                progress.Status = DisplayText.Safe(string.Format(CultureInfo.InvariantCulture, "{0}: file {1} of {2} ({3:N1} of {4:N1} MB) from {5}",
                    loadBalancer.Name, files.Count + 1, keys.Count, done / 1048576.0, total / 1048576.0, location.Root));
                progress.PercentComplete = total > 0 ? (int)(done * 100 / total) : files.Count * 100 / keys.Count;
                reporter.Progress(progress);
                string? file;
                try
                {
                    file = downloads.Download(location, key, cancellation);
                }
                catch (AwsCallException e)
                {
                    reporter.DownloadFailed(e, "Could not download s3://" + location.Bucket + "/" + key + " through " + downloads.Source, "s3://" + location.Bucket + "/" + key);
                    continue;
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
                if (file is null)
                {
                    TooLarge(loadBalancer, location, string.Format(CultureInfo.InvariantCulture,
                        "s3://{0}/{1} brought the downloads to {2:N1} MB", location.Bucket, key, downloads.Downloaded / 1048576.0));
                    return null;
                }
                files.Add(file);
                done += size;
            }
            progress.Completed = true;
            reporter.Progress(progress);
            reporter.Verbose(DisplayText.Safe(string.Format(CultureInfo.InvariantCulture, "Downloaded {0} of {1} access-log files ({2:N1} MB) of {3} from {4}.",
                files.Count, keys.Count, total / 1048576.0, loadBalancer.Name, location.Root)));
            Read(files, cancellation);
            return Evidence(loadBalancer);
        }

        private void TooLarge(Model.LoadBalancer loadBalancer, AccessLogLocation location, string what) =>
            reporter.DownloadTooLarge(DisplayText.Safe(string.Format(CultureInfo.InvariantCulture,
                    "The access logs of {0} were not downloaded: {1}, more than the {2:N0} MB -AccessLogDownloadLimitMB allows. " +
                    "Shorten the window (-AccessLogFrom, -AccessLogTo) or raise -AccessLogDownloadLimitMB. Its causes are decided from the configuration alone.",
                    loadBalancer.Name, what, downloadLimit / 1048576.0)), location.Root);

        private string WindowText() =>
            query.From is null && query.To is null ? string.Empty
            : ", " + (query.From is null ? "up to " + Time(query.To!.Value) : query.To is null ? "from " + Time(query.From.Value) : Time(query.From.Value) + " to " + Time(query.To.Value));

        private static string Time(DateTime t) => (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t).ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

        /// <summary>Deletes the downloaded files.</summary>
        public void Dispose() => downloads?.Dispose();
    }
}
