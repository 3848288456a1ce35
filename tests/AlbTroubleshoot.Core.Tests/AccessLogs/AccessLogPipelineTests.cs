using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Scenarios;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>
    /// One file is read by two threads: one inflates the gzip member into pooled chunk buffers, the
    /// other parses them. That must give exactly what reading and parsing on one thread gives: the same
    /// rows, the same malformed lines (file and line), and for damaged data the same error after the
    /// same lines.
    /// </summary>
    public sealed class AccessLogPipelineTests : LogFolder
    {
        private sealed class Report : IScanReport
        {
            public readonly List<string> Malformed = new List<string>();
            public readonly List<string> Problems = new List<string>();

            void IScanReport.Malformed(string path, long lineNumber, string reason) => Malformed.Add($"{path}:{lineNumber}: {reason}");

            void IScanReport.UnknownType(string path, long lineNumber, string type) { }

            void IScanReport.Problem(AccessLogFileException problem) => Problems.Add(problem.ErrorId + " " + problem.Message);
        }

        private sealed class Outcome
        {
            public List<string> Rows = new List<string>();
            public Report Report = new Report();
            public long Lines;
            public string Error = "";
        }

        /// <summary>Generated lines (many 512 KiB chunks of one gzip member), with malformed and overlong lines among them.</summary>
        private static byte[] Text(int lines)
        {
            using var ms = new MemoryStream();
            AccessLogGenerator.Write(ms, lines, 7, 1);
            var text = Encoding.UTF8.GetString(ms.ToArray()).Split('\n').ToList();
            text.Insert(10, "https 2026-11-24T10:00:00Z broken");
            text.Insert(lines / 2, new LogLine().Elb("502").With(Field.Request, "\"GET /unterminated HTTP/1.1").ToString());
            text.Insert(lines / 3, new string('x', ChunkReader.MaxLineBytes + 10));
            text.Insert(lines - 5, new LogLine().Elb("504") + "\r");
            return Encoding.UTF8.GetBytes(string.Join("\n", text));
        }

        private static Outcome Read(string path, string by, bool background)
        {
            var outcome = new Outcome();
            var part = new AccessLogAggregator(by, 10_000, outcome.Report);
            try
            {
                AccessLogFile.Read(path, new AccessLogQuery(), part, background, null, CancellationToken.None);
            }
            catch (AccessLogFileException ex)
            {
                outcome.Error = ex.ErrorId + " " + ex.Message;
            }
            outcome.Lines = part.Lines;
            foreach (var r in AccessLogAggregator.Summarize(by, new[] { part }, 1, 1000, new SummaryNotes()))
            {
                outcome.Rows.Add(string.Join("|", r.Key, r.ElbStatusCode, r.TargetStatusCode, r.Cause, r.Count, r.FirstSeen.Ticks, r.LastSeen.Ticks,
                    string.Join(",", r.TopTargets), string.Join(",", r.SampleTraceIds), r.FirstLine, r.TotalLines, r.MalformedLines));
            }
            return outcome;
        }

        private static void AssertSame(Outcome serial, Outcome pipelined)
        {
            Assert.Equal(serial.Rows, pipelined.Rows);
            Assert.Equal(serial.Report.Malformed, pipelined.Report.Malformed);
            Assert.Equal(serial.Report.Problems, pipelined.Report.Problems);
            Assert.Equal(serial.Lines, pipelined.Lines);
            Assert.Equal(serial.Error, pipelined.Error);
        }

        [Theory]
        [InlineData(AccessLogGrouping.Status)]
        [InlineData(AccessLogGrouping.Url)]
        public void One_member_inflated_on_another_thread_gives_the_serial_summary(string by)
        {
            var path = Write("one.log.gz", Gzip(Text(20_000)));
            var serial = Read(path, by, background: false);
            var pipelined = Read(path, by, background: true);

            Assert.True(serial.Lines > 19_000, $"only {serial.Lines} lines were counted");
            Assert.Equal(3, serial.Report.Malformed.Count);
            Assert.Contains(serial.Report.Malformed, m => m.StartsWith(path + ":11: ", StringComparison.Ordinal));
            Assert.Equal("", serial.Error);
            AssertSame(serial, pipelined);
        }

        [Fact]
        public void A_member_cut_short_gives_the_same_error_after_the_same_lines_on_both_paths()
        {
            var gz = Gzip(Text(20_000));
            var path = Write("cut.log.gz", gz.Take(gz.Length * 3 / 5).ToArray());
            var serial = Read(path, AccessLogGrouping.Status, background: false);
            var pipelined = Read(path, AccessLogGrouping.Status, background: true);

            Assert.StartsWith(ErrorIds.AccessLogGzipTruncated + " ", serial.Error, StringComparison.Ordinal);
            Assert.Contains(path, serial.Error, StringComparison.Ordinal);
            Assert.True(serial.Lines > 5_000, $"only {serial.Lines} lines before the cut were counted");
            AssertSame(serial, pipelined);
        }

        [Fact]
        public void Damaged_deflate_data_gives_the_same_error_after_the_same_lines_on_both_paths()
        {
            var gz = Gzip(Text(20_000));
            var path = Write("bad.log.gz", gz);
            var damaged = (byte[])gz.Clone();
            for (var i = gz.Length / 2; i < gz.Length / 2 + 64; i++) damaged[i] = 0xff;
            File.WriteAllBytes(path, damaged);
            var serial = Read(path, AccessLogGrouping.Status, background: false);
            var pipelined = Read(path, AccessLogGrouping.Status, background: true);

            // Bytes of 0xff make an invalid block or a wrong checksum, depending on where they land.
            Assert.True(serial.Error.Length > 0 || serial.Report.Problems.Count > 0, "the damage went unnoticed");
            Assert.True(serial.Lines > 5_000, $"only {serial.Lines} lines before the damage were counted");
            AssertSame(serial, pipelined);
        }
    }
}
