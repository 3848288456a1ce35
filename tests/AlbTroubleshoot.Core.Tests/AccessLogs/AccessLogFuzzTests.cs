using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Threading;
using AlbTroubleshoot.AccessLogs;
using CsCheck;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>Random input never makes the reader throw anything but its defined file error.</summary>
    public class AccessLogFuzzTests
    {
        private static readonly string Valid = new LogLine().ToString();

        // Bytes that matter to the tokenizer, mixed with anything.
        private static readonly Gen<byte> LogByte = Gen.Frequency(
            (3, Gen.Byte),
            (3, Gen.OneOfConst((byte)' ', (byte)'"', (byte)'\n', (byte)'\r', (byte)'-', (byte)':', (byte)'.')),
            (4, Gen.Char['0', 'z'].Select(c => (byte)c)));

        [Fact]
        public void Tokenizing_random_bytes_never_throws_and_stays_in_bounds()
        {
            LogByte.Array[0, 3000].Sample(bytes =>
            {
                var v = new LineView();
                var info = new LineInfo();
                var end = Array.IndexOf(bytes, (byte)'\n');
                if (end < 0) end = bytes.Length;
                if (v.Tokenize(bytes, 0, end))
                {
                    for (var i = 0; i < v.Count; i++)
                        Assert.True(v.Start[i] >= 0 && v.Start[i] + v.Length[i] <= end);
                }
                var reason = AccessLogFile.Check(v, bytes, 0, end, info);
                if (reason is null) AccessLogEntryBuilder.Build(v, info);
            }, iter: 5000);
        }

        [Fact]
        public void Mutated_real_lines_parse_or_are_malformed_never_throw()
        {
            var mutation = Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Int[0, 40], Gen.OneOfConst("\"", " ", "-1", "\"\"", "", "x", new string('q', 5000)));
            mutation.Array[1, 6].Sample(muts =>
            {
                var s = Valid;
                foreach (var (at, len, insert) in muts)
                {
                    var a = Math.Min(at, s.Length);
                    s = string.Concat(s.AsSpan(0, a), insert, s.AsSpan(Math.Min(s.Length, a + len)));
                }
                var ok = LogLine.TryParse(s, out var entry, out var reason);
                Assert.Equal(ok, entry is not null);
                Assert.Equal(ok, reason is null);
            }, iter: 5000);
        }

        [Fact]
        public void Random_files_plain_or_gzipped_only_raise_the_defined_errors()
        {
            var dir = Path.Combine(Path.GetTempPath(), "albfuzz-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var file = Gen.Select(LogByte.Array[0, 20000], Gen.Bool, Gen.Int[0, 100]);
                var n = 0;
                file.Sample((bytes, gzip, cutPercent) =>
                {
                    var path = Path.Combine(dir, (n++) + ".log.gz");
                    var content = gzip ? LogFolder.Gzip(bytes, CompressionLevel.Fastest) : bytes;
                    if (gzip && cutPercent < 30) content = content.Take(content.Length * cutPercent / 30).ToArray();
                    File.WriteAllBytes(path, content);
                    try
                    {
                        AccessLogReader.Read(path, new AccessLogQuery(), _ => { }, _ => { }, null, CancellationToken.None);
                    }
                    catch (AccessLogFileException ex)
                    {
                        Assert.Contains(ex.ErrorId, new[] { ErrorIds.AccessLogGzipTruncated, ErrorIds.AccessLogGzipCorrupt, ErrorIds.AccessLogNotAlb });
                    }
                }, iter: 400, threads: 1);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        [Fact]
        public void Random_gzip_bytes_after_a_valid_header_only_raise_the_defined_errors()
        {
            var dir = Path.Combine(Path.GetTempPath(), "albfuzz-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                var n = 0;
                Gen.Byte.Array[0, 5000].Sample(tail =>
                {
                    var path = Path.Combine(dir, (n++) + ".gz");
                    File.WriteAllBytes(path, new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 }.Concat(tail).ToArray());
                    try
                    {
                        AccessLogReader.Read(path, new AccessLogQuery(), _ => { }, _ => { }, null, CancellationToken.None);
                    }
                    catch (AccessLogFileException ex)
                    {
                        Assert.Contains(ex.ErrorId, new[] { ErrorIds.AccessLogGzipTruncated, ErrorIds.AccessLogGzipCorrupt, ErrorIds.AccessLogNotAlb });
                    }
                }, iter: 1000, threads: 1);
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
