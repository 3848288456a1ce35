using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Collection;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Model;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>
    /// The access-log evidence of the diagnosis cmdlets in the engine (-AccessLogPath and -AccessLogFrom),
    /// with a reporter that records what the user would be told and a back end that plays S3.
    /// </summary>
    public sealed class AccessLogEvidenceSourceTests : LogFolder
    {
        private const string Account = "111122223333";
        private static readonly DateTime From = new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc);
        private static readonly DateTime To = From.AddMinutes(30);
        private const string Root = "s3://alb-logs/web-logs/AWSLogs/" + Account + "/elasticloadbalancing/eu-west-1/";

        private static LoadBalancer Alb(string name, string id, bool logging = true) => new LoadBalancer
        {
            Arn = "arn:aws:elasticloadbalancing:eu-west-1:" + Account + ":loadbalancer/app/" + name + "/" + id,
            Name = name,
            Type = "application",
            Attributes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["access_logs.s3.enabled"] = logging ? "true" : "false", ["access_logs.s3.bucket"] = "alb-logs", ["access_logs.s3.prefix"] = "web-logs",
            },
        };

        private static readonly LoadBalancer Web = Alb("web", "50dc6c495c0c9188");
        private static readonly LoadBalancer Api = Alb("api", "60dc6c495c0c9188");

        /// <summary>Lines of one load balancer (by its log id, app/name/id), within the window.</summary>
        private static string LinesOf(string logId, int count, string code = "200") => string.Concat(Enumerable.Range(0, count).Select(i =>
            new LogLine().With(Field.Elb, logId).With(Field.Time, "2026-11-24T10:0" + (i % 10) + ":00.000000Z").With(Field.ElbStatusCode, code) + "\n"));

        // ------------------------------------------------------------------ -AccessLogPath

        [Fact]
        public void Files_are_resolved_and_read_once_and_a_load_balancer_without_lines_is_warned_about_once()
        {
            var file = Write("other.log", LinesOf("app/other/0123456789abcdef", 3));
            var reporter = new RecordingAccessLogReporter();
            var resolved = 0;
            using var source = AccessLogEvidenceSource.FromFiles(() =>
            {
                resolved++;
                return new[] { file, file };
            }, null, null, reporter);

            var web = source.For(Web, CancellationToken.None);
            source.For(Web, CancellationToken.None);
            var api = source.For(Api, CancellationToken.None);

            Assert.Equal(1, resolved);
            Assert.Equal(0, web!.Lines);
            Assert.Equal(0, api!.Lines);
            Assert.Equal(new[]
            {
                "The access logs (1 file) hold no line of app/web/50dc6c495c0c9188 (web); they hold lines of app/other/0123456789abcdef. Its causes are decided from the configuration alone.",
                "The access logs (1 file) hold no line of app/api/60dc6c495c0c9188 (api); they hold lines of app/other/0123456789abcdef. Its causes are decided from the configuration alone.",
            }, reporter.Warnings);
            Assert.Equal(1, reporter.Progresses.Count(p => p.Completed && p.Activity == "Reading access logs"));
        }

        [Fact]
        public void Each_load_balancer_gets_its_own_lines_of_the_window_and_a_damaged_file_is_an_error()
        {
            var logs = Write("both.log", LinesOf("app/web/50dc6c495c0c9188", 4) + LinesOf("app/api/60dc6c495c0c9188", 2) +
                new LogLine().With(Field.Elb, "app/web/50dc6c495c0c9188").With(Field.Time, "2026-11-24T11:00:00.000000Z") + "\n");
            var damaged = Write("damaged.log.gz", new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3 });
            var reporter = new RecordingAccessLogReporter();
            using var source = AccessLogEvidenceSource.FromFiles(() => new[] { logs, damaged }, From, To, reporter);

            Assert.Equal(4, source.For(Web, CancellationToken.None)!.Lines);   // the 11:00 line is after the window
            Assert.Equal(2, source.For(Api, CancellationToken.None)!.Lines);
            Assert.Equal(damaged, Assert.Single(reporter.FileFailures).Path);
            Assert.Empty(reporter.Warnings);
        }

        [Fact]
        public void No_file_to_read_gives_no_evidence_and_no_warning()
        {
            var reporter = new RecordingAccessLogReporter();
            using var source = AccessLogEvidenceSource.FromFiles(() => Array.Empty<string>(), null, null, reporter);
            Assert.Null(source.For(Web, CancellationToken.None));
            Assert.Empty(reporter.Warnings);
        }

        [Fact]
        public void A_stopped_command_gives_no_evidence_whether_it_stops_while_resolving_or_reading()
        {
            var file = Write("web.log", LinesOf("app/web/50dc6c495c0c9188", 3));
            using (var resolving = AccessLogEvidenceSource.FromFiles(() => throw new OperationCanceledException(), null, null, new RecordingAccessLogReporter()))
                Assert.Null(resolving.For(Web, CancellationToken.None));
            using var stopped = new CancellationTokenSource();
            stopped.Cancel();
            var reporter = new RecordingAccessLogReporter();
            using (var reading = AccessLogEvidenceSource.FromFiles(() => new[] { file }, null, null, reporter))
                Assert.Null(reading.For(Web, stopped.Token));
            Assert.Empty(reporter.Warnings);
        }

        // ------------------------------------------------------------------ -AccessLogFrom (live)

        [Fact]
        public void The_window_is_downloaded_read_and_counted_with_progress_and_a_summary()
        {
            var s3 = new FakeS3();
            s3.Add("1005", LinesOf("app/web/50dc6c495c0c9188", 3));
            s3.Add("1010", LinesOf("app/web/50dc6c495c0c9188", 2, "502"));
            var reporter = new RecordingAccessLogReporter();
            using var source = AccessLogEvidenceSource.FromBucket(() => s3, From, To, 1 << 20, reporter);

            var evidence = source.For(Web, CancellationToken.None);

            Assert.Equal(5, evidence!.Lines);
            Assert.Equal(2, s3.Gets.Count);
            var downloads = reporter.Progresses.Where(p => p.Id == 2).ToList();
            Assert.Equal(new[] { "web: file 1 of 2 (0.0 of 0.0 MB) from " + Root, "web: file 2 of 2 (0.0 of 0.0 MB) from " + Root }, downloads.Where(p => !p.Completed).Select(p => p.Status));
            Assert.True(downloads.Last().Completed);
            Assert.StartsWith("Downloaded 2 of 2 access-log files (0.0 MB) of web from " + Root, Assert.Single(reporter.Verbose));
            Assert.Equal(0, reporter.Errors);
        }

        [Fact]
        public void Files_listed_over_the_limit_are_not_downloaded()
        {
            var s3 = new FakeS3();
            s3.Add("1005", LinesOf("app/web/50dc6c495c0c9188", 3), listedSize: 600_000);
            s3.Add("1010", LinesOf("app/web/50dc6c495c0c9188", 3), listedSize: 600_000);
            var reporter = new RecordingAccessLogReporter();
            using var source = AccessLogEvidenceSource.FromBucket(() => s3, From, To, 1 << 20, reporter);

            Assert.Null(source.For(Web, CancellationToken.None));

            Assert.Empty(s3.Gets);
            var (message, target) = Assert.Single(reporter.TooLarge);
            Assert.Equal(Root, target);
            Assert.Equal("The access logs of web were not downloaded: its 2 access-log files of 2026-11-24 10:00Z to 2026-11-24 10:30Z in " + Root +
                " hold 1.1 MB, more than the 1 MB -AccessLogDownloadLimitMB allows. Shorten the window (-AccessLogFrom, -AccessLogTo) or raise -AccessLogDownloadLimitMB. Its causes are decided from the configuration alone.", message);
        }

        [Fact]
        public void What_arrives_over_the_limit_stops_the_downloads_of_that_load_balancer()
        {
            var s3 = new FakeS3();
            s3.Add("1005", LinesOf("app/web/50dc6c495c0c9188", 3), listedSize: 10, padTo: 700_000);   // the listing said less than arrived
            s3.Add("1010", LinesOf("app/web/50dc6c495c0c9188", 3), listedSize: 10, padTo: 700_000);
            s3.Add("1015", LinesOf("app/web/50dc6c495c0c9188", 3), listedSize: 10);
            var reporter = new RecordingAccessLogReporter();
            using var source = AccessLogEvidenceSource.FromBucket(() => s3, From, To, 1 << 20, reporter);

            Assert.Null(source.For(Web, CancellationToken.None));

            Assert.Equal(2, s3.Gets.Count);   // the third is never asked for
            var (message, target) = Assert.Single(reporter.TooLarge);
            Assert.Equal(Root, target);
            Assert.Contains("s3://alb-logs/" + s3.Gets[1] + " brought the downloads to 1.3 MB, more than the 1 MB", message, StringComparison.Ordinal);
            Assert.Empty(reporter.Verbose);
        }

        [Fact]
        public void A_failed_listing_is_an_error_naming_the_location_and_the_next_load_balancer_is_still_tried()
        {
            var s3 = new FakeS3 { FailListing = true };
            var reporter = new RecordingAccessLogReporter();
            using var source = AccessLogEvidenceSource.FromBucket(() => s3, From, To, 1 << 20, reporter);

            Assert.Null(source.For(Web, CancellationToken.None));
            Assert.Null(source.For(Api, CancellationToken.None));

            Assert.Equal(2, reporter.DownloadFailures.Count);
            var (failure, what, target) = reporter.DownloadFailures[0];
            Assert.Equal(AwsFailureKind.AccessDenied, failure.Kind);
            Assert.Equal("Could not list the access logs of web in " + Root + " through FakeS3", what);
            Assert.Equal(Root, target);
            Assert.Empty(s3.Gets);
        }

        [Fact]
        public void One_failed_download_is_an_error_and_the_other_files_still_count()
        {
            var s3 = new FakeS3();
            s3.Add("1005", LinesOf("app/web/50dc6c495c0c9188", 3));
            s3.Add("1010", LinesOf("app/web/50dc6c495c0c9188", 4), fail: true);
            s3.Add("1015", LinesOf("app/web/50dc6c495c0c9188", 5));
            var reporter = new RecordingAccessLogReporter();
            using var source = AccessLogEvidenceSource.FromBucket(() => s3, From, To, 1 << 20, reporter);

            Assert.Equal(8, source.For(Web, CancellationToken.None)!.Lines);

            var (_, what, target) = Assert.Single(reporter.DownloadFailures);
            Assert.Equal("s3://alb-logs/" + s3.Gets[1], target);
            Assert.Equal("Could not download " + target + " through FakeS3", what);
            Assert.Equal(3, s3.Gets.Count);
            Assert.StartsWith("Downloaded 2 of 3 access-log files", Assert.Single(reporter.Verbose), StringComparison.Ordinal);
        }

        [Fact]
        public void Without_logging_or_files_in_the_window_a_warning_says_so_once_per_load_balancer()
        {
            var s3 = new FakeS3();
            var reporter = new RecordingAccessLogReporter();
            using var source = AccessLogEvidenceSource.FromBucket(() => s3, From, To, 1 << 20, reporter);

            Assert.Null(source.For(Alb("off", "70dc6c495c0c9188", logging: false), CancellationToken.None));
            Assert.Null(source.For(Web, CancellationToken.None));

            Assert.Equal(new[]
            {
                "The access logs of off cannot be downloaded: access logging is off (access_logs.s3.enabled = false). Its causes are decided from the configuration alone.",
                "No access-log file of web in " + Root + " covers 2026-11-24 10:00Z to 2026-11-24 10:30Z. Logs arrive about 5 minutes after the period they cover. Its causes are decided from the configuration alone.",
            }, reporter.Warnings);
            Assert.Equal(0, reporter.Errors);
        }

        [Fact]
        public void A_stop_before_or_during_the_downloads_ends_them_without_evidence_or_error()
        {
            using var before = new CancellationTokenSource();
            before.Cancel();
            var s3 = new FakeS3();
            s3.Add("1005", LinesOf("app/web/50dc6c495c0c9188", 3));
            using (var source = AccessLogEvidenceSource.FromBucket(() => s3, From, To, 1 << 20, new RecordingAccessLogReporter()))
                Assert.Null(source.For(Web, before.Token));
            Assert.Empty(s3.Gets);

            using var during = new CancellationTokenSource();
            s3 = new FakeS3 { StopAfterGets = 1, Stop = during };
            s3.Add("1005", LinesOf("app/web/50dc6c495c0c9188", 3));
            s3.Add("1010", LinesOf("app/web/50dc6c495c0c9188", 3));
            s3.Add("1015", LinesOf("app/web/50dc6c495c0c9188", 3));
            var reporter = new RecordingAccessLogReporter();
            using (var source = AccessLogEvidenceSource.FromBucket(() => s3, From, To, 1 << 20, reporter))
                Assert.Null(source.For(Web, during.Token));
            Assert.Single(s3.Gets);
            Assert.Equal(0, reporter.Errors);
            Assert.Empty(reporter.Verbose);
        }

        /// <summary>One bucket of web's log files: ListObjectsV2 gives their keys and listed sizes, GetObject writes them gzipped.</summary>
        private sealed class FakeS3 : IAwsBackend
        {
            private readonly List<(string End, byte[] Body, long ListedSize, bool Fail)> files = new List<(string, byte[], long, bool)>();

            public bool FailListing { get; set; }
            public int StopAfterGets { get; set; } = -1;
            public CancellationTokenSource? Stop { get; set; }

            /// <summary>The keys asked for, without the bucket.</summary>
            public List<string> Gets { get; } = new List<string>();

            public string Name => "FakeS3";

            public void Add(string end, string lines, long listedSize = -1, int padTo = 0, bool fail = false)
            {
                var body = Gzip(lines);
                if (padTo > body.Length) body = body.Concat(new byte[padTo - body.Length]).ToArray();   // arrives larger than listed
                files.Add((end, body, listedSize < 0 ? body.Length : listedSize, fail));
            }

            private static string Key(string prefix, string end) =>
                prefix + Account + "_elasticloadbalancing_eu-west-1_app.web.50dc6c495c0c9188_20261124T" + end + "Z_10.0.0.10_" + end + "abcd.log.gz";

            public JsonObject Invoke(AwsRequest request, CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string Value(string name) => request.Parameters.Single(p => p.Key == name).Value.Single();
                if (request.Operation == AccessLogLocation.ListObjects)
                {
                    if (FailListing) throw new AwsCallException(request.Operation, "AccessDenied", "denied");
                    var prefix = Value("Prefix");
                    var contents = new JsonArray();
                    foreach (var f in files)
                        contents.Add(new JsonObject { { "Key", new JsonString(Key(prefix, f.End)) }, { "Size", JsonNumber.FromRaw(f.ListedSize.ToString(System.Globalization.CultureInfo.InvariantCulture)) } });
                    return new JsonObject { { "Contents", contents } };
                }
                var key = Value("Key");
                Gets.Add(key);
                var file = files.Single(f => key.Contains("_20261124T" + f.End + "Z_", StringComparison.Ordinal));
                if (file.Fail) throw new AwsCallException(request.Operation, "InternalError", "S3 failed");
                File.WriteAllBytes(Value(AwsOperationMap.OutFile), file.Body);
                if (Gets.Count == StopAfterGets) Stop!.Cancel();
                return new JsonObject();
            }
        }
    }
}
