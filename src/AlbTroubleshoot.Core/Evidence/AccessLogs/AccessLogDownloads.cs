using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using AlbTroubleshoot.Collection;
using AlbTroubleshoot.Json;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// The access-log files of load balancers' windows, brought from their log buckets through the
    /// same back end as the collection (read-only S3 calls: ListObjectsV2, GetObject) into one private
    /// folder (<see cref="AccessLogDownloadFolder"/>: files named by a hash of their key), within one
    /// size limit for all of them. The host decides what to tell the user; this decides what is fetched.
    /// </summary>
    internal sealed class AccessLogDownloads : IDisposable
    {
        private readonly IAwsBackend backend;
        private AccessLogDownloadFolder? folder;

        public AccessLogDownloads(IAwsBackend backend, long limitBytes)
        {
            this.backend = backend ?? throw new ArgumentNullException(nameof(backend));
            LimitBytes = limitBytes;
        }

        /// <summary>The back end's name, for messages.</summary>
        public string Source => backend.Name;

        public long LimitBytes { get; }

        /// <summary>What has arrived so far, in bytes (what arrived, not what was listed).</summary>
        public long Downloaded { get; private set; }

        /// <summary>
        /// The keys of the window under the location's prefixes, each once, with the size the listing
        /// gives (0 when it gives none). A listing is remote data too: only keys under the prefix asked
        /// for count, and only those whose name covers the window.
        /// </summary>
        /// <exception cref="AwsCallException">A listing failed.</exception>
        public List<(string Key, long Size)> List(AccessLogLocation location, DateTime from, DateTime to, CancellationToken cancellation)
        {
            if (location is null) throw new ArgumentNullException(nameof(location));
            var keys = new List<(string Key, long Size)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prefix in location.KeyPrefixes(from, to))
            {
                var listing = backend.Invoke(new AwsRequest(AccessLogLocation.ListObjects).With("Bucket", location.Bucket).With("Prefix", prefix), cancellation);
                foreach (var item in (listing["Contents"] as JsonArray)?.OfType<JsonObject>() ?? Enumerable.Empty<JsonObject>())
                {
                    var key = item["Key"]?.AsString();
                    if (key is not null && key.StartsWith(prefix, StringComparison.Ordinal) && AccessLogLocation.Covers(key, from, to) && seen.Add(key))
                        keys.Add((key, item["Size"] is JsonNumber size && size.TryGetInt64(out var bytes) && bytes > 0 ? bytes : 0));
                }
            }
            return keys;
        }

        /// <summary>True when <paramref name="bytes"/> more still fit in the limit.</summary>
        public bool Fits(long bytes) => Downloaded + bytes <= LimitBytes;

        /// <summary>
        /// Downloads one key into the private folder and returns the local file; null when what arrived
        /// brought the downloads over the limit (the file is deleted: an object can grow, a listing can lie).
        /// </summary>
        /// <exception cref="AwsCallException">The download failed.</exception>
        public string? Download(AccessLogLocation location, string key, CancellationToken cancellation)
        {
            if (location is null) throw new ArgumentNullException(nameof(location));
            folder ??= AccessLogDownloadFolder.Create();
            var file = folder.FileFor(key);
            backend.Invoke(new AwsRequest(AccessLogLocation.GetObject).With("Bucket", location.Bucket).With("Key", key).With(AwsOperationMap.OutFile, file), cancellation);
            Downloaded += File.Exists(file) ? new FileInfo(file).Length : 0;
            if (Downloaded <= LimitBytes) return file;
            File.Delete(file);
            return null;
        }

        /// <summary>Deletes the downloaded files.</summary>
        public void Dispose() => folder?.Dispose();
    }
}
