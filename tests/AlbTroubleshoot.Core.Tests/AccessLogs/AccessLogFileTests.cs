using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Scenarios;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    public sealed class AccessLogFileTests : LogFolder
    {
        private static (List<AccessLogEntry> Entries, List<MalformedLine> Malformed) Read(string path, AccessLogQuery? query = null)
        {
            var entries = new List<AccessLogEntry>();
            var malformed = new List<MalformedLine>();
            AccessLogReader.Read(path, query ?? new AccessLogQuery(), entries.Add, malformed.Add, null, CancellationToken.None);
            return (entries, malformed);
        }

        [Fact]
        public void A_multi_member_gzip_is_read_to_the_end()
        {
            var members = Gzip(Lines(1000)).Concat(Gzip(Lines(5, "502"))).Concat(Gzip(string.Empty)).Concat(Gzip(Lines(700, "404"))).ToArray();
            var (entries, malformed) = Read(Write("multi.log.gz", members));
            Assert.Empty(malformed);
            Assert.Equal(1705, entries.Count);
            Assert.Equal(700, entries.Count(e => e.ElbStatusCode == 404));
            Assert.Equal(Enumerable.Range(1, 1705).Select(i => (long)i), entries.Select(e => e.LineNumber));
        }

        [Fact]
        public void A_large_multi_member_gzip_crosses_many_reads()
        {
            // Members larger than the reader's chunks and the inflater's read-ahead.
            var text = Lines(6000);
            var bytes = Gzip(text).Concat(Gzip(text)).ToArray();
            Assert.True(bytes.Length > 64 * 1024 || text.Length > 2 * ChunkReader.ChunkBytes);
            Assert.Equal(12000, Read(Write("big.log.gz", bytes)).Entries.Count);
        }

        [Fact]
        public void A_truncated_gzip_is_a_defined_error_after_the_lines_before_it()
        {
            var full = Gzip(Lines(20000));
            var path = Write("cut.log.gz", full.Take(full.Length / 2).ToArray());
            var entries = new List<AccessLogEntry>();
            var ex = Assert.Throws<AccessLogFileException>(() =>
                AccessLogReader.Read(path, new AccessLogQuery(), entries.Add, _ => { }, null, CancellationToken.None));
            Assert.Equal(ErrorIds.AccessLogGzipTruncated, ex.ErrorId);
            Assert.Equal(path, ex.Path);
            Assert.Contains("cut.log.gz", ex.Message, StringComparison.Ordinal);
            Assert.InRange(entries.Count, 1, 19999);
        }

        [Fact]
        public void A_small_truncated_gzip_still_gives_the_lines_before_the_damage()
        {
            // Less than one chunk of lines: the error must not swallow them.
            var full = Gzip(Lines(1000));
            var path = Write("small-cut.log.gz", full.Take(full.Length * 2 / 3).ToArray());
            var entries = new List<AccessLogEntry>();
            var ex = Assert.Throws<AccessLogFileException>(() =>
                AccessLogReader.Read(path, new AccessLogQuery(), entries.Add, _ => { }, null, CancellationToken.None));
            Assert.Equal(ErrorIds.AccessLogGzipTruncated, ex.ErrorId);
            Assert.InRange(entries.Count, 100, 999);
            Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.LineNumber));
        }

        [Fact]
        public void A_gzip_cut_inside_its_trailer_is_truncated()
        {
            var full = Gzip(Lines(10));
            var ex = Assert.Throws<AccessLogFileException>(() => Read(Write("trailer.log.gz", full.Take(full.Length - 3).ToArray())));
            Assert.Equal(ErrorIds.AccessLogGzipTruncated, ex.ErrorId);
        }

        [Fact]
        public void A_corrupt_gzip_is_a_defined_error()
        {
            var bytes = Gzip(Lines(2000));
            for (var i = 200; i < 260; i++) bytes[i] ^= 0x5a;
            var ex = Assert.Throws<AccessLogFileException>(() => Read(Write("bad.log.gz", bytes)));
            Assert.Contains(ex.ErrorId, new[] { ErrorIds.AccessLogGzipCorrupt, ErrorIds.AccessLogGzipTruncated });
        }

        [Fact]
        public void Garbage_after_a_member_is_corrupt()
        {
            var bytes = Gzip(Lines(10)).Concat(Encoding.ASCII.GetBytes("not gzip at all")).ToArray();
            var ex = Assert.Throws<AccessLogFileException>(() => Read(Write("tail.log.gz", bytes)));
            Assert.Equal(ErrorIds.AccessLogGzipCorrupt, ex.ErrorId);
        }

        [Fact]
        public void A_plain_file_named_gz_is_read_as_text()
        {
            var (entries, malformed) = Read(Write("plain.log.gz", Encoding.UTF8.GetBytes(Lines(3))));
            Assert.Equal(3, entries.Count);
            Assert.Empty(malformed);
        }

        [Fact]
        public void An_empty_file_and_an_empty_gzip_have_no_lines()
        {
            Assert.Empty(Read(Write("empty.log", Array.Empty<byte>())).Entries);
            Assert.Empty(Read(Write("empty.log.gz", Gzip(string.Empty))).Entries);
        }

        [Fact]
        public void Malformed_lines_are_reported_with_their_line_numbers_and_the_rest_is_read()
        {
            var text = Lines(2) + "garbage line\n\n" + Lines(1) + "https 2026-11-24T10:00:00Z app/x \"unclosed\r\n" + Lines(1).TrimEnd('\n');
            var (entries, malformed) = Read(Write("mixed.log", Encoding.UTF8.GetBytes(text)));
            Assert.Equal(4, entries.Count);
            Assert.Equal(new long[] { 3, 6 }, malformed.Select(m => m.LineNumber));
            Assert.Equal(new long[] { 1, 2, 5, 7 }, entries.Select(e => e.LineNumber));
            Assert.Contains("mixed.log:3", malformed[0].ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void A_line_longer_than_the_limit_is_one_malformed_line()
        {
            var huge = new LogLine().With(Field.UserAgent, new string('a', ChunkReader.MaxLineBytes + 10)).ToString();
            var text = Lines(1) + huge + "\n" + Lines(1);
            var (entries, malformed) = Read(Write("huge.log", Encoding.UTF8.GetBytes(text)));
            Assert.Equal(new long[] { 1, 3 }, entries.Select(e => e.LineNumber));
            Assert.Equal(2, Assert.Single(malformed).LineNumber);
        }

        [Fact]
        public void Long_lines_under_the_limit_are_read()
        {
            var big = new LogLine().With(Field.UserAgent, new string('u', 700_000)).ToString();
            var (entries, _) = Read(Write("long.log", Encoding.UTF8.GetBytes(Lines(1) + big + "\n" + Lines(1))));
            Assert.Equal(3, entries.Count);
            Assert.Equal(700_000, entries[1].UserAgent.Length);
        }

        [Fact]
        public void Classic_and_Network_Load_Balancer_logs_are_refused_with_a_clear_message()
        {
            var clb = "2015-05-13T23:39:43.945958Z my-loadbalancer 192.168.131.39:2817 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 \"GET http://www.example.com:80/ HTTP/1.1\" \"curl/7.38.0\" - -\n";
            var ex = Assert.Throws<AccessLogFileException>(() => Read(Write("clb.log", Encoding.UTF8.GetBytes(clb))));
            Assert.Equal(ErrorIds.AccessLogNotAlb, ex.ErrorId);
            Assert.Contains("Classic Load Balancer", ex.Message, StringComparison.Ordinal);

            var nlb = "tls 2.0 2018-12-20T02:59:40 net/my-network-loadbalancer/c6e77e28c25b2234 g3d4b5e8bb8464cd 72.21.218.154:51341 172.100.100.185:443 5 2 98 246 - arn:aws:acm:us-east-2:671290407336:certificate/2a108f19-aded-46b0-8493-c63eb1ef4a99 - ECDHE-RSA-AES128-SHA tlsv12 - my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com - - - 2018-12-20T02:59:30\n";
            ex = Assert.Throws<AccessLogFileException>(() => Read(Write("nlb.log", Encoding.UTF8.GetBytes(nlb))));
            Assert.Equal(ErrorIds.AccessLogNotAlb, ex.ErrorId);
            Assert.Contains("Network Load Balancer", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Filters_are_applied_in_the_reader()
        {
            var text = Lines(3, "200") + Lines(2, "502") + Lines(1, "404")
                + new LogLine().With(Field.ElbStatusCode, "503").With(Field.Time, "2026-11-24T11:00:00.000000Z").With(Field.TargetGroupArn, "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/1") + "\n";
            var path = Write("filters.log", Encoding.UTF8.GetBytes(text));
            Assert.Equal(3, Read(path, new AccessLogQuery { StatusCodes = new[] { new StatusCodeFilter("5XX") } }).Entries.Count);
            Assert.Equal(3, Read(path, new AccessLogQuery { StatusCodes = new[] { new StatusCodeFilter(404), new StatusCodeFilter(502) } }).Entries.Count);
            Assert.Single(Read(path, new AccessLogQuery { From = new DateTime(2026, 11, 24, 10, 30, 0, DateTimeKind.Utc) }).Entries);
            Assert.Equal(6, Read(path, new AccessLogQuery { To = new DateTime(2026, 11, 24, 10, 30, 0, DateTimeKind.Utc) }).Entries.Count);
            Assert.Single(Read(path, new AccessLogQuery { TargetGroupArns = new[] { "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/api/1" } }).Entries);
            var local = new DateTime(2026, 11, 24, 10, 30, 0, DateTimeKind.Utc).ToLocalTime();
            Assert.Single(Read(path, new AccessLogQuery { From = local }).Entries);
        }

        [Fact]
        public void The_scan_counts_several_files_in_parallel_like_one()
        {
            var gen = AccessLogGenerator.WriteGzipFiles(Path.Combine(Dir, "many"), 30_000, 6, 7);
            var one = AccessLogGenerator.WriteGzipFiles(Path.Combine(Dir, "one"), 30_000, 1, 7);
            var many = Scan(gen, AccessLogGrouping.Status);
            var single = Scan(one, AccessLogGrouping.Status);
            Assert.Equal(30_000, many.Sum(r => r.Count));
            Assert.Equal(single.Select(r => (r.ElbStatusCode, r.TargetStatusCode, r.Cause, r.Count)), many.Select(r => (r.ElbStatusCode, r.TargetStatusCode, r.Cause, r.Count)));
            Assert.All(many, r => Assert.Equal(30_000, r.TotalLines));
            Assert.Equal(1.0, many.Sum(r => r.Share), 6);
            var errors = many.Where(r => r.Cause.Length > 0).ToList();
            Assert.Contains(errors, r => r.Cause == "502.TargetConnectionReset");
            Assert.All(errors, r => Assert.NotEmpty(r.TopTargets));
            Assert.All(errors, r => Assert.InRange(r.SampleTraceIds.Length, 1, 3));
            Assert.All(errors, r => Assert.Matches(@"\.log\.gz:\d+$", r.FirstLine));
            Assert.All(many.Where(r => r.Cause.Length == 0), r => Assert.Empty(r.TopTargets));
        }

        [Fact]
        public void The_scan_groups_by_minute_target_url_and_client()
        {
            var files = AccessLogGenerator.WriteGzipFiles(Path.Combine(Dir, "by"), 5_000, 1, 3);
            var minutes = Scan(files, AccessLogGrouping.Minute);
            Assert.All(minutes, r => Assert.Matches(@"^2026-11-24T10:\d\dZ$", r.Key));
            var urls = Scan(files, AccessLogGrouping.Url);
            Assert.All(urls, r => Assert.DoesNotContain("?", r.Key, StringComparison.Ordinal));
            Assert.Contains(urls, r => r.Key == "https://www.example.com:443/search");
            Assert.Contains(Scan(files, AccessLogGrouping.Target), r => r.Key == "-" && r.ElbStatusCode == 408);
            Assert.All(Scan(files, AccessLogGrouping.ClientIp), r => Assert.DoesNotContain(":", r.Key, StringComparison.Ordinal));
            Assert.All(Scan(files, AccessLogGrouping.TargetGroup), r => Assert.StartsWith("arn:aws:elasticloadbalancing:", r.Key, StringComparison.Ordinal));
            Assert.Equal(5_000, minutes.Sum(r => r.Count));
        }

        [Fact]
        public void The_scan_reports_a_bad_file_and_counts_the_others()
        {
            var good = AccessLogGenerator.WriteGzipFiles(Path.Combine(Dir, "mix"), 1_000, 2, 5);
            var bytes = File.ReadAllBytes(good[1]);
            File.WriteAllBytes(good[1], bytes.Take(bytes.Length - 100).ToArray());
            using var scan = new AccessLogScan(good, new AccessLogQuery(), AccessLogGrouping.Status);
            scan.Start();
            Assert.True(scan.Wait(60_000));
            var error = Assert.Single(scan.FileErrors);
            Assert.Equal(ErrorIds.AccessLogGzipTruncated, error.ErrorId);
            Assert.InRange(scan.Summarize().Sum(r => r.Count), 500, 999);
            Assert.Equal(scan.TotalBytes, scan.BytesDone);
        }

        [Fact]
        public void A_cancelled_scan_stops()
        {
            var files = AccessLogGenerator.WriteGzipFiles(Path.Combine(Dir, "cancel"), 200_000, 1, 9);
            using var scan = new AccessLogScan(files, new AccessLogQuery(), AccessLogGrouping.Status);
            scan.Start();
            scan.Cancel();
            Assert.True(scan.Wait(10_000));
            Assert.True(scan.IsCancelled);
        }

        private static IReadOnlyList<AccessLogSummary> Scan(IReadOnlyList<string> files, string by)
        {
            using var scan = new AccessLogScan(files, new AccessLogQuery(), by);
            scan.Start();
            Assert.True(scan.Wait(120_000));
            Assert.Empty(scan.FileErrors);
            return scan.Summarize();
        }
    }
}
