using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Collection;

namespace AlbTroubleshoot
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
    /// is decided from its configuration alone.
    /// </summary>
    internal sealed class AccessLogEvidenceSource : IDisposable
    {
        private const int EvidenceRows = 100_000;

        private readonly string[]? paths;
        private readonly Func<IAwsBackend>? backendFactory;
        private readonly AccessLogQuery query;
        private readonly HashSet<string> warned = new HashSet<string>(StringComparer.Ordinal);
        private IReadOnlyList<AccessLogSummary>? rows;
        private int fileCount;
        private bool read;
        private AccessLogDownloads? downloads;
        private readonly long downloadLimit;

        private AccessLogEvidenceSource(string[]? paths, Func<IAwsBackend>? backendFactory, DateTime? from, DateTime? to, long downloadLimit)
        {
            this.paths = paths;
            this.backendFactory = backendFactory;
            this.downloadLimit = downloadLimit;
            query = new AccessLogQuery { From = from, To = to };
        }

        /// <summary>Files and folders the user gives.</summary>
        public static AccessLogEvidenceSource FromFiles(string[] paths, DateTime? from, DateTime? to) => new AccessLogEvidenceSource(paths, null, from, to, 0);

        /// <summary>Each load balancer's own files of the window, downloaded from its log bucket, at most <paramref name="limitBytes"/> in all.</summary>
        public static AccessLogEvidenceSource FromBucket(Func<IAwsBackend> backendFactory, DateTime from, DateTime to, long limitBytes) =>
            new AccessLogEvidenceSource(null, backendFactory, from, to, limitBytes);

        /// <summary>The evidence for one load balancer; null when there is nothing to read or the user stopped the command.</summary>
        public AccessLogEvidence? For(PSCmdlet cmdlet, Model.LoadBalancer loadBalancer, CancellationToken cancellation)
        {
            if (paths is null) return Downloaded(cmdlet, loadBalancer, cancellation);
            if (!read)
            {
                read = true;
                var files = new List<string>();
                var resolver = new AccessLogPaths(cmdlet, cancellation);
                try
                {
                    foreach (var p in paths)
                        files.AddRange(resolver.Resolve(p, literal: false));
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
                Read(cmdlet, files, cancellation);
            }
            return Evidence(cmdlet, loadBalancer);
        }

        private void Read(PSCmdlet cmdlet, List<string> files, CancellationToken cancellation)
        {
            files = files.Distinct(StringComparer.Ordinal).ToList();
            rows = null;
            if (files.Count == 0) return;   // each path that matched nothing was an AccessLogPathNotFound error
            fileCount = files.Count;
            // Every load balancer's rows are needed whole: the bound on rows is far above what logs of many load balancers hold.
            using (var runner = new AccessLogScanRunner(files, query, AccessLogGrouping.LoadBalancer, EvidenceRows, cancellation))
                rows = runner.Run(cmdlet, "Reading access logs");
        }

        private AccessLogEvidence? Evidence(PSCmdlet cmdlet, Model.LoadBalancer loadBalancer)
        {
            if (rows is null) return null;
            var evidence = AccessLogEvidence.FromSummary(new[] { loadBalancer.Arn }, rows, fileCount)[0];
            if (evidence.Lines == 0 && warned.Add(evidence.LoadBalancerId))
            {
                var others = evidence.OtherLoadBalancers;
                cmdlet.WriteWarning(DisplayText.Safe(string.Format(CultureInfo.InvariantCulture,
                    "The access logs ({0}) hold no line of {1} ({2}){3}{4}. Its causes are decided from the configuration alone.",
                    Wording.Plural(fileCount, "file"), evidence.LoadBalancerId, loadBalancer.Name, WindowText(),
                    others.Length == 0 ? string.Empty : "; they hold lines of " + string.Join(", ", others.Take(5)) + (others.Length > 5 ? " and " + (others.Length - 5) + " more" : string.Empty))));
            }
            return evidence;
        }

        /// <summary>Lists and downloads one load balancer's files of the window, then reads them.</summary>
        private AccessLogEvidence? Downloaded(PSCmdlet cmdlet, Model.LoadBalancer loadBalancer, CancellationToken cancellation)
        {
            var location = AccessLogLocation.Of(loadBalancer, out var reason);
            if (location is null)
            {
                cmdlet.WriteWarning(DisplayText.Safe("The access logs of " + loadBalancer.Name + " cannot be downloaded: " + reason + ". Its causes are decided from the configuration alone."));
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
                cmdlet.WriteError(DownloadError(e, "Could not list the access logs of " + loadBalancer.Name + " in " + location.Root + " through " + downloads.Source, location.Root));
                return null;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            if (keys.Count == 0)
            {
                cmdlet.WriteWarning(DisplayText.Safe("No access-log file of " + loadBalancer.Name + " in " + location.Root + " covers " + WindowText().TrimStart(',', ' ') +
                    ". Logs arrive about 5 minutes after the period they cover. Its causes are decided from the configuration alone."));
                return null;
            }

            var total = keys.Sum(k => k.Size);
            if (!downloads.Fits(total))
            {
                cmdlet.WriteError(TooLarge(loadBalancer, location, string.Format(CultureInfo.InvariantCulture,
                    "its {0} of {1} in {2} hold {3:N1} MB", Wording.Plural(keys.Count, "access-log file"), WindowText().TrimStart(',', ' '), location.Root, total / 1048576.0)));
                return null;
            }
            long done = 0;
            var progress = new ProgressRecord(2, "Downloading access logs", loadBalancer.Name);
            var files = new List<string>();
            foreach (var (key, size) in keys)
            {
                if (cancellation.IsCancellationRequested) return null;
                // The name and the bucket and prefix come from AWS or a snapshot: made safe for the terminal, as the warnings are.
                progress.StatusDescription = DisplayText.Safe(string.Format(CultureInfo.InvariantCulture, "{0}: file {1} of {2} ({3:N1} of {4:N1} MB) from {5}",
                    loadBalancer.Name, files.Count + 1, keys.Count, done / 1048576.0, total / 1048576.0, location.Root));
                progress.PercentComplete = total > 0 ? (int)(done * 100 / total) : files.Count * 100 / keys.Count;
                cmdlet.WriteProgress(progress);
                string? file;
                try
                {
                    file = downloads.Download(location, key, cancellation);
                }
                catch (AwsCallException e)
                {
                    cmdlet.WriteError(DownloadError(e, "Could not download s3://" + location.Bucket + "/" + key + " through " + downloads.Source, "s3://" + location.Bucket + "/" + key));
                    continue;
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
                if (file is null)
                {
                    cmdlet.WriteError(TooLarge(loadBalancer, location, string.Format(CultureInfo.InvariantCulture,
                        "s3://{0}/{1} brought the downloads to {2:N1} MB", location.Bucket, key, downloads.Downloaded / 1048576.0)));
                    return null;
                }
                files.Add(file);
                done += size;
            }
            progress.RecordType = ProgressRecordType.Completed;
            cmdlet.WriteProgress(progress);
            cmdlet.WriteVerbose(DisplayText.Safe(string.Format(CultureInfo.InvariantCulture, "Downloaded {0} of {1} access-log files ({2:N1} MB) of {3} from {4}.",
                files.Count, keys.Count, total / 1048576.0, loadBalancer.Name, location.Root)));
            Read(cmdlet, files, cancellation);
            return Evidence(cmdlet, loadBalancer);
        }

        private ErrorRecord TooLarge(Model.LoadBalancer loadBalancer, AccessLogLocation location, string what) =>
            new ErrorRecord(new InvalidOperationException(DisplayText.Safe(string.Format(CultureInfo.InvariantCulture,
                    "The access logs of {0} were not downloaded: {1}, more than the {2:N0} MB -AccessLogDownloadLimitMB allows. " +
                    "Shorten the window (-AccessLogFrom, -AccessLogTo) or raise -AccessLogDownloadLimitMB. Its causes are decided from the configuration alone.",
                    loadBalancer.Name, what, downloadLimit / 1048576.0))),
                ErrorIds.AccessLogDownloadTooLarge, ErrorCategory.LimitsExceeded, location.Root);

        /// <summary>A failed listing or download: AccessLogDownloadFailed, in the category of the failure (PermissionDenied, ConnectionError …).</summary>
        private static ErrorRecord DownloadError(AwsCallException e, string what, string target) =>
            AwsStateCmdlet.ToErrorRecord(e, ErrorIds.AccessLogDownloadFailed, target, what, keepId: true, otherCategory: ErrorCategory.ReadError);

        private string WindowText() =>
            query.From is null && query.To is null ? string.Empty
            : ", " + (query.From is null ? "up to " + Time(query.To!.Value) : query.To is null ? "from " + Time(query.From.Value) : Time(query.From.Value) + " to " + Time(query.To.Value));

        private static string Time(DateTime t) => (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t).ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

        /// <summary>Deletes the downloaded files.</summary>
        public void Dispose() => downloads?.Dispose();
    }
}
