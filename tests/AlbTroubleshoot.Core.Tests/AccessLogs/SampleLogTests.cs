using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Scenarios;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    public sealed class SampleLogTests : IDisposable
    {
        private readonly string dir = Path.Combine(Path.GetTempPath(), "albsample-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }

        private static string Inflate(string path)
        {
            using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
            using var reader = new StreamReader(gz);
            return reader.ReadToEnd();
        }

        [Fact]
        public void The_bundled_sample_holds_exactly_the_generator_lines()
        {
            // Same seed, same lines: regenerate with build/New-SampleAccessLogs.ps1 after changing the generator.
            var committed = Directory.GetFiles(RepoPaths.Combine("samples", "logs"), "*.log.gz").OrderBy(f => f, StringComparer.Ordinal).ToArray();
            var fresh = AccessLogGenerator.WriteGzipFiles(dir, 3000, 2, 42, 200);
            Assert.Equal(fresh.Select(Path.GetFileName), committed.Select(Path.GetFileName));
            for (var i = 0; i < fresh.Length; i++)
                Assert.True(Inflate(fresh[i]) == Inflate(committed[i]), $"{committed[i]} differs from the generator's output.");
        }

        [Fact]
        public void The_generator_is_deterministic_and_splitting_keeps_the_lines()
        {
            var one = AccessLogGenerator.WriteGzipFiles(Path.Combine(dir, "a"), 2500, 1, 11);
            var again = AccessLogGenerator.WriteGzipFiles(Path.Combine(dir, "b"), 2500, 1, 11);
            var split = AccessLogGenerator.WriteGzipFiles(Path.Combine(dir, "c"), 2500, 4, 11);
            Assert.Equal(Inflate(one[0]), Inflate(again[0]));
            Assert.Equal(Inflate(one[0]), string.Concat(split.Select(Inflate)));
            Assert.Equal(2500, Inflate(one[0]).Count(c => c == '\n'));
        }
    }
}
