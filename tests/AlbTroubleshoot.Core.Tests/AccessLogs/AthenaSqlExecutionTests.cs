using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using AlbTroubleshoot.AccessLogs;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>
    /// The generated Athena SQL, executed (in DuckDB through <see cref="DuckDbAthenaDialect"/>) over the
    /// sample logs, the test logs and a corpus of error lines of every shape the classifier reads, gives
    /// the summary the local engine gives for the same lines: the same rows, in the same order, with
    /// the same -By key, status pair, cause, verdict, count and first/last time.
    /// </summary>
    public sealed class AthenaSqlExecutionTests : IDisposable
    {
        private readonly string dir = Path.Combine(Path.GetTempPath(), "albathena-" + Guid.NewGuid().ToString("N"));

        public AthenaSqlExecutionTests() => Directory.CreateDirectory(dir);

        public void Dispose()
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }

        private const string Arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-alb/50dc6c495c0c9188";

        /// <summary>The local engine's rows and the executed query's rows for these lines (each with the day folder its file is in).</summary>
        private (IReadOnlyList<AccessLogSummary> Local, List<AccessLogSummary> Athena, AthenaQuery Query) Both(
            IReadOnlyList<(string Day, string Line)> lines, string by, DateTime from, DateTime to, string arn = Arn, int top = 1000,
            StatusCodeFilter[]? statusCodes = null)
        {
            var file = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".log");
            File.WriteAllLines(file, lines.Select(l => l.Line));
            var query = new AccessLogQuery { From = from, To = to, StatusCodes = statusCodes ?? Array.Empty<StatusCodeFilter>() };
            IReadOnlyList<AccessLogSummary> local;
            using (var scan = new AccessLogScan(new[] { file }, query, by, top))
            {
                scan.Start();
                while (!scan.Wait(100)) { }
                local = scan.Summarize();
            }
            var sql = AthenaSql.Build(new AthenaRequest
            {
                LoadBalancerArn = arn, Bucket = "my-logs", Prefix = "prod", Database = "logs", By = by, From = from, To = to,
                StatusCodes = statusCodes ?? Array.Empty<StatusCodeFilter>(),
            });
            using var duck = new DuckDbAthenaDialect();
            duck.CreateTable(sql.Ddl, lines);
            var athena = AthenaResults.Summarize(by, duck.Query(sql.Query), top, new SummaryNotes());
            return (local, athena, sql);
        }

        private static void AssertSame(IReadOnlyList<AccessLogSummary> local, IReadOnlyList<AccessLogSummary> athena, string what)
        {
            static string Row(AccessLogSummary s) => string.Join(" | ", s.Key, s.ElbStatusCode, s.TargetStatusCode, s.Cause, s.CauseVerdict, s.Count,
                s.FirstSeen.ToString("o", CultureInfo.InvariantCulture), s.LastSeen.ToString("o", CultureInfo.InvariantCulture), s.TotalLines);
            var expected = local.Select(Row).ToList();
            var actual = athena.Select(Row).ToList();
            var missing = expected.Except(actual).Take(5).ToList();
            var extra = actual.Except(expected).Take(5).ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0 && expected.SequenceEqual(actual),
                what + ": the executed SQL differs from the local engine.\nOnly local:\n  " + string.Join("\n  ", missing) + "\nOnly Athena:\n  " + string.Join("\n  ", extra) +
                "\n(" + expected.Count + " local rows, " + actual.Count + " Athena rows)");
        }

        /// <summary>Each line with the day folder of its file: the date of the 5-minute period's end (a line of 23:57 is filed under the next day).</summary>
        private static (string Day, string Line) Filed(string line)
        {
            var time = DateTime.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            var end = new DateTime((time.Ticks / AccessLogLocation.FileSpan.Ticks + 1) * AccessLogLocation.FileSpan.Ticks, DateTimeKind.Utc);
            return (end.ToString("yyyy'/'MM'/'dd", CultureInfo.InvariantCulture), line);
        }

        private static List<(string Day, string Line)> SampleLines()
        {
            var lines = new List<string>();
            foreach (var f in Directory.GetFiles(RepoPaths.Combine("samples", "logs"), "*.log.gz").OrderBy(f => f, StringComparer.Ordinal))
            {
                using var gz = new GZipStream(File.OpenRead(f), CompressionMode.Decompress);
                using var reader = new StreamReader(gz);
                lines.AddRange(reader.ReadToEnd().Split('\n').Where(l => l.Length > 0));
            }
            return lines.Select(Filed).ToList();
        }

        /// <summary>
        /// Error lines of every shape the classifier tells apart, drawn with a fixed seed: codes, who answered,
        /// processing times, actions, error reasons, desync classifications, protocols and methods, types,
        /// older line formats (fewer fields) and newer ones (more), over two days around midnight.
        /// </summary>
        private static List<(string Day, string Line)> CauseCorpus(int count = 4000)
        {
            var random = new Random(17);
            T Pick<T>(params T[] items) => items[random.Next(items.Length)];
            var start = new DateTime(2026, 11, 24, 23, 30, 0, DateTimeKind.Utc);
            var lines = new List<(string, string)>();
            for (var i = 0; i < count; i++)
            {
                var code = Pick("000", "200", "301", "400", "401", "403", "404", "405", "408", "413", "414", "429", "460", "463", "464",
                    "500", "501", "502", "503", "504", "505", "507", "561", "599");
                var line = new LogLine()
                    .With(Field.Time, start.AddMilliseconds(random.Next(0, 60 * 60 * 1000)).AddTicks(random.Next(0, 10000) * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture))
                    .With(Field.Type, Pick("https", "https", "h2", "grpcs", "http", "wss"))
                    .With(Field.Client, Pick("192.168.131.39", "10.1.2.3", "[2001:db8::7]") + ":" + random.Next(1024, 65535).ToString(CultureInfo.InvariantCulture))
                    .With(Field.Request, Pick("GET", "POST", "TRACE", "PUT") + " https://www.example.com:443/" + Pick("", "api", "api/orders", "img/a.png") + Pick("", "?id=1", "?q=a&b=2") + " " + Pick("HTTP/1.1", "HTTP/2.0", "HTTP/1.0"))
                    .With(Field.TargetGroupArn, Pick("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067", "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/0123456789abcdef", "-"));
                var noTarget = random.Next(3) == 0;
                var times = Pick("-1 -1 -1", "0.001 -1 -1", "0.001 0.250 -1", "0.001 0.002 0.000", "0.000 0.001 0.000");
                if (code == "200" || code == "301" || random.Next(4) == 0)
                    line.With(Field.ElbStatusCode, code).With(Field.TargetStatusCode, code == "000" ? "-" : code);
                else
                    line.Elb(code, times, noTarget);
                if (!noTarget) line.With(Field.Target, Pick("10.0.0.1:80", "10.0.0.2:8080", "[2001:db8::1]:443"));
                line.With(Field.ActionsExecuted, Pick("forward", "forward", "waf", "waf-failed", "waf,forward", "fixed-response", "authenticate", "authenticate,forward", "waf,fixed-response", "-"));
                line.With(Field.ErrorReason, Pick("-", "-", "-", "LambdaThrottling", "LambdaUnhandled", "AuthUserinfoResponseSizeExceeded", "AuthTokenEpRequestTimeout",
                    "WAFConnectionError", "AWSALBTGCookieInvalid", "LambdaKMSDisabledException", "SomethingAwsAddsLater"));
                line.With(Field.Classification, Pick("-", "-", "Severe", "Acceptable", "Ambiguous"));
                switch (random.Next(8))
                {
                    case 0: line.Truncate(Field.RedirectUrl); break;            // 2018: through actions_executed
                    case 1: line.Truncate(Field.TargetPortList); break;         // through error_reason
                    case 2: line.Truncate(Field.Classification); break;         // through the target lists
                    case 3: line.Truncate(Field.ConnTraceId); break;            // through classification_reason
                    case 4: line.Append("\"new-field\"").Append("x"); break;  // fields AWS appends later
                }
                lines.Add(Filed(line.ToString()));
            }
            return lines;
        }

        [Fact]
        public void The_sample_logs_give_the_same_summary_for_every_grouping()
        {
            var lines = SampleLines();
            foreach (var by in AccessLogGrouping.All)
            {
                var (local, athena, _) = Both(lines, by, new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc));
                Assert.True(local.Count > 1, by + ": the sample should give several rows");
                AssertSame(local, athena, "samples/logs -By " + by);
            }
        }

        [Fact]
        public void The_cause_corpus_gives_the_same_causes_row_by_row()
        {
            var lines = CauseCorpus();
            foreach (var by in AccessLogGrouping.All)
            {
                var (local, athena, _) = Both(lines, by, new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc));
                AssertSame(local, athena, "cause corpus -By " + by);
                if (by == AccessLogGrouping.Status)
                {
                    // The corpus is only a test if it reaches many causes (and the rows are not all "(other)").
                    var causes = local.Select(r => r.Cause).Where(c => c.Length > 0).Distinct().Count();
                    Assert.True(causes >= 35, "the corpus reaches " + causes + " causes");
                }
            }
        }

        [Fact]
        public void The_window_is_exact_to_the_microsecond_and_keeps_lines_filed_after_midnight()
        {
            var lines = CauseCorpus(1500);
            var times = lines.Select(l => l.Line.Split(' ')[1]).OrderBy(t => t, StringComparer.Ordinal).ToList();
            // From a line's own time to another's (both kept), and one tick after/before them (both dropped).
            var from = DateTime.Parse(times[100], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            var to = DateTime.Parse(times[1200], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            foreach (var (f, t) in new[] { (from, to), (from.AddTicks(1), to.AddTicks(-1)) })
            {
                var (local, athena, query) = Both(lines, AccessLogGrouping.Minute, f, t);
                AssertSame(local, athena, "window " + f.ToString("o", CultureInfo.InvariantCulture) + " - " + t.ToString("o", CultureInfo.InvariantCulture));
                Assert.Contains("day BETWEEN '2026/11/24' AND '2026/11/26'", query.Query, StringComparison.Ordinal);
            }
            // The window ends before midnight, yet its last lines are in the next day's folder: the day of slack keeps them.
            Assert.Contains(lines, l => l.Day == "2026/11/25" && string.CompareOrdinal(l.Line.Split(' ')[1], "2026-11-24T23:59") < 0 && string.CompareOrdinal(l.Line.Split(' ')[1], "2026-11-24T23:55") > 0);
        }

        [Fact]
        public void Status_code_filters_and_top_give_the_same_rows()
        {
            var lines = CauseCorpus(2000);
            var window = (new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc));
            var (local, athena, _) = Both(lines, AccessLogGrouping.Target, window.Item1, window.Item2, statusCodes: new[] { new StatusCodeFilter(502), new StatusCodeFilter("4XX") });
            Assert.All(local, r => Assert.True(r.ElbStatusCode == 502 || r.ElbStatusCode / 100 == 4));
            AssertSame(local, athena, "-StatusCode 502,4XX -By Target");
            var (topLocal, topAthena, _) = Both(lines, AccessLogGrouping.Url, window.Item1, window.Item2, top: 5);
            Assert.Contains(topLocal, r => r.Key == "(other)");
            AssertSame(topLocal, topAthena, "-By Url -Top 5");
        }

        [Fact]
        public void Only_the_named_load_balancer_s_lines_are_counted()
        {
            var lines = SampleLines();
            var other = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/other/0123456789abcdef";
            var (local, athena, _) = Both(lines, AccessLogGrouping.Status, new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc), other);
            Assert.NotEmpty(local);
            Assert.Empty(athena);
        }

        [Fact]
        public void The_AWS_documentation_examples_give_the_same_summary()
        {
            var lines = File.ReadAllLines(RepoPaths.Combine("tests", "AlbTroubleshoot.Core.Tests", "AccessLogs", "TestData", "aws-doc-examples.log"))
                .Where(l => l.Length > 0).Select(Filed).ToList();
            var arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/my-loadbalancer/50dc6c495c0c9188";
            foreach (var by in AccessLogGrouping.All)
            {
                var (local, athena, _) = Both(lines, by, new DateTime(2010, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), arn);
                Assert.Equal(lines.Count, local.Sum(r => r.Count));
                AssertSame(local, athena, "aws-doc-examples.log -By " + by);
            }
        }
    }
}
