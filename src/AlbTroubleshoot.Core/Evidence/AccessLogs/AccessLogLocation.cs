using System;
using System.Collections.Generic;
using System.Globalization;
using AlbTroubleshoot.Model;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// Where a load balancer's access logs are in S3 and which files cover a time window. AWS writes
    /// <c>bucket/[prefix/]AWSLogs/{account}/elasticloadbalancing/{region}/{yyyy}/{mm}/{dd}/{account}_elasticloadbalancing_{region}_app.{name}.{id}_{end}_{node ip}_{random}.log.gz</c>,
    /// one file per load balancer node every 5 minutes, {end} (yyyyMMddTHHmmZ) closing the 5 minutes it covers
    /// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html).
    /// </summary>
    internal sealed class AccessLogLocation
    {
        /// <summary>The S3 calls a download makes (the AWS Tools and CLI spellings are in the back ends' operation map).</summary>
        public const string ListObjects = "ListObjectsV2";

        /// <inheritdoc cref="ListObjects"/>
        public const string GetObject = "GetObject";

        /// <summary>How long one file covers, up to its end time.</summary>
        public static readonly TimeSpan FileSpan = TimeSpan.FromMinutes(5);

        private AccessLogLocation(string bucket, string prefix, string account, string region, string name, string id)
        {
            Bucket = bucket;
            Prefix = prefix;
            Account = account;
            Region = region;
            Name = name;
            Id = id;
        }

        public string Bucket { get; }

        /// <summary>The prefix set on the load balancer (access_logs.s3.prefix), without slashes at its ends; may be empty.</summary>
        public string Prefix { get; }

        public string Account { get; }

        public string Region { get; }

        public string Name { get; }

        public string Id { get; }

        /// <summary>s3://bucket/prefix/AWSLogs/account/elasticloadbalancing/region/ for messages.</summary>
        public string Root => "s3://" + Bucket + "/" + RootKey;

        private string RootKey => (Prefix.Length > 0 ? Prefix + "/" : string.Empty) + "AWSLogs/" + Account + "/elasticloadbalancing/" + Region + "/";

        /// <summary>
        /// The location from the load balancer's attributes (access_logs.s3.enabled, .bucket, .prefix) and
        /// its ARN; null with the reason when the logs are off or the attributes are unknown.
        /// </summary>
        public static AccessLogLocation? Of(LoadBalancer loadBalancer, out string reason)
        {
            if (loadBalancer is null) throw new ArgumentNullException(nameof(loadBalancer));
            var attributes = loadBalancer.Attributes;
            if (attributes is null)
            {
                reason = "its attributes are unknown (DescribeLoadBalancerAttributes was not collected)";
                return null;
            }
            attributes.TryGetValue("access_logs.s3.enabled", out var enabled);
            attributes.TryGetValue("access_logs.s3.bucket", out var bucket);
            attributes.TryGetValue("access_logs.s3.prefix", out var prefix);
            if (!string.Equals(enabled, "true", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(bucket))
            {
                reason = "access logging is off (access_logs.s3.enabled = " + (enabled ?? "not set") + ")";
                return null;
            }
            // arn:partition:elasticloadbalancing:region:account:loadbalancer/app/name/id
            var parts = (loadBalancer.Arn ?? string.Empty).Split(':');
            var resource = parts.Length >= 6 ? string.Join(":", parts, 5, parts.Length - 5).Split('/') : Array.Empty<string>();
            if (parts.Length < 6 || resource.Length != 4 || resource[0] != "loadbalancer" || resource[1] != "app")
            {
                reason = "'" + loadBalancer.Arn + "' is not an Application Load Balancer ARN";
                return null;
            }
            reason = string.Empty;
            return new AccessLogLocation(bucket!, (prefix ?? string.Empty).Trim('/'), parts[4], parts[3], resource[2], resource[3]);
        }

        /// <summary>
        /// The key prefixes to list for a window: one per UTC day whose folder can hold a file that
        /// ends in (from, to + 5 minutes], each down to this load balancer's file names.
        /// </summary>
        public IReadOnlyList<string> KeyPrefixes(DateTime from, DateTime to)
        {
            var (start, end) = Window(from, to);
            var list = new List<string>();
            for (var day = start.Date; day <= (end + FileSpan).Date; day = day.AddDays(1))
            {
                list.Add(RootKey + day.ToString("yyyy'/'MM'/'dd'/'", CultureInfo.InvariantCulture) +
                         Account + "_elasticloadbalancing_" + Region + "_app." + Name + "." + Id + "_");
            }
            return list;
        }

        /// <summary>True when the file named by this key covers some of the window: its end time is in (from, to + 5 minutes].</summary>
        public static bool Covers(string key, DateTime from, DateTime to)
        {
            var end = EndTime(key);
            if (end is null) return false;
            var (start, last) = Window(from, to);
            return end.Value > start && end.Value - FileSpan <= last;
        }

        /// <summary>The end time in a log file's name (…_app.name.id_20261124T1005Z_…), or null when the name has none.</summary>
        public static DateTime? EndTime(string key)
        {
            var name = key.Substring(key.LastIndexOf('/') + 1);
            foreach (var part in name.Split('_'))
            {
                if (part.Length == 14 && part[8] == 'T' && part[13] == 'Z' &&
                    DateTime.TryParseExact(part, "yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
                    return DateTime.SpecifyKind(t, DateTimeKind.Utc);
            }
            return null;
        }

        private static (DateTime From, DateTime To) Window(DateTime from, DateTime to)
        {
            var f = ToUtc(from);
            var t = ToUtc(to);
            if (t < f) throw new ArgumentException("The window ends (" + t.ToString("o", CultureInfo.InvariantCulture) + ") before it starts (" + f.ToString("o", CultureInfo.InvariantCulture) + ").");
            return (f, t);
        }

        private static DateTime ToUtc(DateTime t) => t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc);
    }
}
