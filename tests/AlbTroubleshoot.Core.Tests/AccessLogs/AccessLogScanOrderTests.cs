using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using AlbTroubleshoot.AccessLogs;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>
    /// Several workers take the files in list order but finish in any order: a row's sample trace IDs
    /// and first line must still be the first ones in file order, the same as one worker gives. (A scan
    /// with real threads passes by luck most of the time, so the parts are merged here in the wrong order.)
    /// </summary>
    public class AccessLogScanOrderTests : LogFolder
    {
        private static string Errors(int file, int count) =>
            string.Concat(Enumerable.Range(0, count).Select(i =>
                new LogLine().Elb("502").With(Field.TraceId, "Root=f" + file + "-" + i) + "\n"));

        [Fact]
        public void Parts_merged_in_any_order_give_the_samples_and_first_line_of_the_first_file()
        {
            // What a scan of two workers does when the second worker happened to take the first file.
            var first = Write("first.log", Errors(0, 2));
            var second = Write("second.log", Errors(1, 2));
            AccessLogAggregator Part(string path, int index)
            {
                var part = new AccessLogAggregator(AccessLogGrouping.Status, 1024, null) { FileIndex = index };
                AccessLogFile.Read(path, new AccessLogQuery(), part, false, _ => { }, System.Threading.CancellationToken.None);
                return part;
            }
            var row = AccessLogAggregator.Summarize(AccessLogGrouping.Status, new[] { Part(second, 1), Part(first, 0) }, 2, 10, new SummaryNotes())
                .Single(r => r.ElbStatusCode == 502);
            Assert.Equal(new[] { "Root=f0-0", "Root=f0-1", "Root=f1-0" }, row.SampleTraceIds);
            Assert.Equal(first + ":1", row.FirstLine);
        }
    }
}
