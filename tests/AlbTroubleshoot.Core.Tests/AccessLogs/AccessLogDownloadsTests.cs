using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Collection;
using AlbTroubleshoot.Json;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>
    /// -AccessLogFrom's downloads in the engine, over a back end that plays S3: which listed keys are
    /// fetched, where they land, and the one size limit for all of them.
    /// </summary>
    public class AccessLogDownloadsTests
    {
        private static readonly DateTime From = new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
        private static readonly DateTime To = From.AddHours(1);

        private static AccessLogLocation Web()
        {
            var lb = new AlbFixture().LbAttribute("access_logs.s3.enabled", "true").LbAttribute("access_logs.s3.bucket", "alb-logs")
                .LbAttribute("access_logs.s3.prefix", "web-logs").Model().LoadBalancers!.Single();
            return AccessLogLocation.Of(lb, out _)!;
        }

        private static string Name(string end) => "111122223333_elasticloadbalancing_eu-west-1_app.web.50dc6c495c0c9188_" + end + "_10.0.0.10_1a2b3c4d.log.gz";

        [Fact]
        public void Lists_each_key_of_the_window_under_the_prefix_once_with_its_size()
        {
            var s3 = new FakeS3();
            using var downloads = new AccessLogDownloads(s3, 1000);
            var keys = downloads.List(Web(), From, To, CancellationToken.None);
            var prefix = Assert.Single(s3.Prefixes);
            Assert.Equal(new[] { (prefix + Name("20261124T1005Z"), 10L), (prefix + Name("20261124T1100Z"), 0L) }, keys);
        }

        [Fact]
        public void Downloads_into_a_private_folder_within_one_limit_for_all_and_deletes_them()
        {
            var s3 = new FakeS3();
            string folder;
            using (var downloads = new AccessLogDownloads(s3, 25))
            {
                Assert.True(downloads.Fits(25));
                Assert.False(downloads.Fits(26));
                var first = downloads.Download(Web(), "k1", CancellationToken.None);
                Assert.NotNull(first);
                Assert.Equal(10, new FileInfo(first!).Length);
                Assert.DoesNotContain("k1", Path.GetFileName(first), StringComparison.Ordinal);   // named by a hash of the key
                Assert.Equal(10, downloads.Downloaded);
                Assert.False(downloads.Fits(16));
                s3.Size = 20;   // the object grew since it was listed
                var second = downloads.Download(Web(), "k2", CancellationToken.None);
                Assert.Null(second);
                Assert.Equal(30, downloads.Downloaded);
                folder = Path.GetDirectoryName(first)!;
                Assert.Single(Directory.GetFiles(folder));   // the one over the limit is gone
                var get = s3.Gets.Last();
                Assert.Equal(("alb-logs", "k2"), (get.Bucket, get.Key));
            }
            Assert.False(Directory.Exists(folder));
        }

        [Fact]
        public void A_failed_call_is_the_back_ends_failure()
        {
            var s3 = new FakeS3 { Fail = true };
            using var downloads = new AccessLogDownloads(s3, 100);
            Assert.Throws<AwsCallException>(() => downloads.List(Web(), From, To, CancellationToken.None));
            Assert.Throws<AwsCallException>(() => downloads.Download(Web(), "k", CancellationToken.None));
            Assert.Equal(0, downloads.Downloaded);
        }

        private sealed class FakeS3 : IAwsBackend
        {
            public List<string> Prefixes { get; } = new List<string>();
            public List<(string Bucket, string Key)> Gets { get; } = new List<(string, string)>();
            public int Size { get; set; } = 10;
            public bool Fail { get; set; }

            public string Name => "FakeS3";

            public JsonObject Invoke(AwsRequest request, CancellationToken cancellationToken)
            {
                if (Fail) throw new AwsCallException(request.Operation, "AccessDenied", "denied");
                string Value(string name) => request.Parameters.Single(p => p.Key == name).Value.Single();
                if (request.Operation == AccessLogLocation.ListObjects)
                {
                    var prefix = Value("Prefix");
                    Prefixes.Add(prefix);
                    string Item(string key, string size) => "{\"Key\": \"" + key + "\"" + size + "}";
                    return (JsonObject)JsonValue.Parse("{\"Contents\": [" + string.Join(",",
                        Item(prefix + Name("20261124T1005Z"), ", \"Size\": 10"),
                        Item(prefix + Name("20261124T1005Z"), ", \"Size\": 10"),   // listed twice
                        Item(prefix + Name("20261124T1100Z"), string.Empty),        // no size
                        Item(prefix + Name("20261124T1300Z"), ", \"Size\": 10"),   // after the window
                        Item("other/" + Name("20261124T1005Z"), ", \"Size\": 10"))  // not under the prefix
                        + "]}", "listing");
                }
                Gets.Add((Value("Bucket"), Value("Key")));
                File.WriteAllBytes(Value(AwsOperationMap.OutFile), new byte[Size]);
                return new JsonObject();
            }
        }
    }
}
