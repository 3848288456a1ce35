using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using AlbTroubleshoot.AccessLogs;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>Each gzip member's CRC-32 and ISIZE are checked: a damaged member is reported with its offset and lines, the rest is read.</summary>
    public sealed class GzipChecksumTests : LogFolder
    {
        private (List<AccessLogEntry> Entries, List<AccessLogFileException> Problems, List<MalformedLine> Malformed) Read(byte[] file)
        {
            var path = Path.Combine(Dir, Guid.NewGuid().ToString("N") + ".log.gz");
            File.WriteAllBytes(path, file);
            var entries = new List<AccessLogEntry>();
            var problems = new List<AccessLogFileException>();
            var malformed = new List<MalformedLine>();
            AccessLogReader.Read(path, new AccessLogQuery(), entries.Add, malformed.Add, null, CancellationToken.None, problems.Add);
            return (entries, problems, malformed);
        }

#if NET // Mono's GZipStream compresses even at NoCompression, so the planted byte cannot be found there
        [Fact]
        public void A_member_whose_data_does_not_match_its_CRC_is_reported_with_its_offset_and_lines_and_the_rest_is_read()
        {
            var first = Gzip(Lines(1000, "200"));
            // Stored (uncompressed) deflate blocks: a flipped byte still inflates, to different data.
            var second = Gzip(Lines(500, "502"), CompressionLevel.NoCompression);
            var third = Gzip(Lines(300, "404"));
            var flip = IndexOf(second, Encoding.ASCII.GetBytes(" 502 ")) + 1; // the first 502: still a well-formed line
            second[flip] = (byte)'4';
            var (entries, problems, malformed) = Read(first.Concat(second).Concat(third).ToArray());

            var problem = Assert.Single(problems);
            Assert.Equal(ErrorIds.AccessLogGzipChecksum, problem.ErrorId);
            Assert.Equal(first.Length, problem.MemberOffset);
            Assert.Equal((1001L, 1500L), (problem.FirstLine!.Value, problem.LastLine!.Value));
            Assert.Contains($"member at byte {first.Length}", problem.Message, StringComparison.Ordinal);
            Assert.Contains("lines 1001-1500", problem.Message, StringComparison.Ordinal);
            Assert.Contains("CRC-32", problem.Message, StringComparison.Ordinal);
            // The well-formed lines of the damaged member are kept (one now says 402), and the next member is read.
            Assert.Empty(malformed);
            Assert.Equal(1800, entries.Count);
            Assert.Equal(300, entries.Count(e => e.ElbStatusCode == 404));
            Assert.Equal(499, entries.Count(e => e.ElbStatusCode == 502));
        }

        private static int IndexOf(byte[] haystack, byte[] needle)
        {
            for (var i = 0; i + needle.Length <= haystack.Length; i++)
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
            throw new InvalidOperationException("not found");
        }
#endif

        [Fact]
        public void A_trailer_with_a_wrong_CRC_is_reported_even_for_the_last_member()
        {
            var file = Gzip(Lines(10, "200")).Concat(Gzip(Lines(5, "200"))).ToArray();
            file[file.Length - 8] ^= 0xff;
            var (entries, problems, _) = Read(file);
            Assert.Equal(15, entries.Count);
            var problem = Assert.Single(problems);
            Assert.Equal((11L, 15L), (problem.FirstLine!.Value, problem.LastLine!.Value));
        }

        [Fact]
        public void A_trailer_with_a_wrong_length_before_the_next_member_is_reported_and_the_file_read_on()
        {
            var first = Gzip(Lines(100, "200"));
            first[first.Length - 1] ^= 0x40; // ISIZE's top byte
            var (entries, problems, _) = Read(first.Concat(Gzip(Lines(7, "503"))).ToArray());
            Assert.Equal(107, entries.Count);
            var problem = Assert.Single(problems);
            Assert.Equal(0, problem.MemberOffset);
            Assert.Contains("length (ISIZE)", problem.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Without_a_handler_the_checksum_error_is_thrown_after_the_whole_file()
        {
            var file = Gzip(Lines(20, "200"));
            file[file.Length - 6] ^= 1;
            var path = Path.Combine(Dir, "crc.log.gz");
            File.WriteAllBytes(path, file);
            var entries = new List<AccessLogEntry>();
            var ex = Assert.Throws<AccessLogFileException>(() => AccessLogReader.Read(path, new AccessLogQuery(), entries.Add, _ => { }, null, CancellationToken.None));
            Assert.Equal(ErrorIds.AccessLogGzipChecksum, ex.ErrorId);
            Assert.Equal(20, entries.Count);
        }

        [Fact]
        public void The_scan_reports_the_damaged_member_and_counts_every_line()
        {
            var file = Gzip(Lines(50, "200")).Concat(Gzip(Lines(50, "502"))).ToArray();
            file[file.Length - 7] ^= 1;
            var path = Path.Combine(Dir, "scan.log.gz");
            File.WriteAllBytes(path, file);
            foreach (var by in new[] { AccessLogGrouping.Status, AccessLogGrouping.Url })
            {
                using var scan = new AccessLogScan(new[] { path }, new AccessLogQuery(), by);
                scan.Start();
                Assert.True(scan.Wait(60_000));
                Assert.Equal(100, scan.Summarize().Sum(r => r.Count));
                Assert.Equal(ErrorIds.AccessLogGzipChecksum, Assert.Single(scan.FileErrors).ErrorId);
            }
        }

        [Fact]
        public void Members_with_overlong_lines_long_lines_and_chunk_crossings_pass_their_checksums()
        {
            // Every decoded byte must reach the checksum once: lines carried between chunks, a skipped
            // line of more than 1 MiB, a member boundary inside a line, empty members.
            var overlong = new LogLine().With(Field.UserAgent, new string('a', ChunkReader.MaxLineBytes + 100)).ToString();
            var big = new LogLine().With(Field.UserAgent, new string('u', 700_000)).ToString();
            var text = Lines(3000, "200") + overlong + "\n" + Lines(10, "200") + big + "\n" + Lines(2000, "502");
            var half = new LogLine().ToString();
            var file = Gzip(text).Concat(Gzip(string.Empty)).Concat(Gzip(half.Substring(0, 100))).Concat(Gzip(half.Substring(100) + "\n"))
                .Concat(Gzip(Lines(5000, "404"), CompressionLevel.NoCompression)).ToArray();
            var (entries, problems, malformed) = Read(file);
            Assert.Empty(problems);
            Assert.Equal(3000 + 10 + 1 + 2000 + 1 + 5000, entries.Count);
            Assert.Equal(3001, Assert.Single(malformed).LineNumber);
        }

        [Fact]
        public void Our_CRC32_is_the_gzip_CRC32()
        {
            var check = Encoding.ASCII.GetBytes("123456789");
            Assert.Equal(0xCBF43926u, Crc32.Managed(0, check, 0, check.Length));
            Assert.Equal(0xCBF43926u, Crc32.Append(0, check, 0, check.Length));
            Assert.Equal(0u, Crc32.Append(0, check, 0, 0));
            // Against the trailer .NET's own GZipStream writes, split anywhere (seeded, so that a failure repeats;
            // a plain loop, so that the .NET Framework run checks the managed CRC it relies on too).
            var random = new Random(20261203);
            var latin1 = Encoding.GetEncoding(28591);
            for (var i = 0; i < 300; i++)
            {
                var data = new byte[random.Next(0, 5001)];
                random.NextBytes(data);
                var cut = random.Next(0, 5001);
                var gz = Gzip(latin1.GetString(data), CompressionLevel.Fastest);
                var expected = BitConverter.ToUInt32(gz, gz.Length - 8);
                var bytes = Encoding.UTF8.GetBytes(latin1.GetString(data));
                var k = Math.Min(cut, bytes.Length);
                Assert.Equal(expected, Crc32.Append(Crc32.Append(0, bytes, 0, k), bytes, k, bytes.Length - k));
                Assert.Equal(expected, Crc32.Managed(Crc32.Managed(0, bytes, 0, k), bytes, k, bytes.Length - k));
            }
        }

#if NET // the net472 run is .NET Framework (Mono here): the managed CRC, checked above
        [Fact]
        public void PowerShell_7_runtimes_use_zlibs_crc32()
        {
            // The test host is .NET 10, like PowerShell 7.6: the fast path must be the one in use.
            Assert.True(Crc32.IsNative);
        }
#endif
    }
}
