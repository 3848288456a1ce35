using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AlbTroubleshoot.AccessLogs;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>Keys from log lines are hashed with a per-table random key, and their number is bounded (issue 13, item 9).</summary>
    public sealed class KeyTableTests : LogFolder
    {
        /// <summary>The unseeded FNV-1a the table used before, as a 32-bit state.</summary>
        private static uint Fnv(uint state, byte[] b)
        {
            unchecked
            {
                foreach (var x in b) state = (state ^ x) * 16777619;
                return state;
            }
        }

        /// <summary>
        /// 2^blocks keys of equal length with the same FNV-1a hash (Joux's multicollision): for each block,
        /// two 8-byte strings that take the hash state to the same value, found by a birthday search
        /// (about 2^16 tries each).
        /// </summary>
        private static List<byte[]> FnvCollisions(int blocks)
        {
            var random = new Random(13);
            var state = 2166136261u;
            var pairs = new List<(byte[], byte[])>();
            for (var k = 0; k < blocks; k++)
            {
                var seen = new Dictionary<uint, byte[]>();
                for (var tries = 0; ; tries++)
                {
                    Assert.True(tries < 2_000_000, "no collision found");
                    var block = new byte[8];
                    for (var i = 0; i < 8; i++) block[i] = (byte)random.Next('a', 'z' + 1);
                    var s = Fnv(state, block);
                    if (seen.TryGetValue(s, out var other) && !other.SequenceEqual(block))
                    {
                        pairs.Add((other, block));
                        state = s;
                        break;
                    }
                    seen[s] = block;
                }
            }
            var keys = new List<byte[]> { Array.Empty<byte>() };
            foreach (var (a, b) in pairs)
                keys = keys.SelectMany(prefix => new[] { prefix.Concat(a).ToArray(), prefix.Concat(b).ToArray() }).ToList();
            return keys;
        }

        [Fact]
        public void Keys_that_all_collide_under_the_old_hash_spread_over_the_table()
        {
            var keys = FnvCollisions(12);
            Assert.Equal(4096, keys.Count);
            Assert.Single(keys.Select(k => Fnv(2166136261u, k) & 0x7fffffff).Distinct()); // one bucket chain of 4096 before
            var table = new ByteKeyTable();
            foreach (var k in keys) table.GetOrAdd(k);
            Assert.Equal(4096, table.Count);
            Assert.InRange(table.LongestChain(), 1, 12);
            Assert.Equal(Enumerable.Range(0, 4096), keys.Select(k => table.GetOrAdd(k)));
        }

        [Fact]
        public void Each_table_hashes_with_its_own_random_key()
        {
            var key = Encoding.ASCII.GetBytes("https://www.example.com:443/search");
            var hashes = Enumerable.Range(0, 8).Select(_ => new ByteKeyTable().Hash(key, 0, key.Length)).Distinct().Count();
            Assert.True(hashes >= 7, $"{hashes} distinct hashes of 8 tables");
        }

        [Fact]
        public void SipHash_matches_the_reference_vector()
        {
            // SipHash-2-4 paper, appendix A: key 00..0f, message 00..0e.
            var message = Enumerable.Range(0, 15).Select(i => (byte)i).ToArray();
            Assert.Equal(0xa129ca6149be45e5UL, SipHash.Compute(0x0706050403020100UL, 0x0f0e0d0c0b0a0908UL, message, 0, 15, 2, 4));
        }

        [Fact]
        public void Measure_by_url_bounds_its_rows_with_an_other_row_and_exact_totals()
        {
            // 300 URLs: /u0 seen 300 times down to /u299 seen once.
            var text = new StringBuilder();
            for (var u = 0; u < 300; u++)
                for (var n = 0; n < 300 - u; n++)
                    text.Append(new LogLine().With(Field.Request, $"GET https://x:443/u{u} HTTP/1.1")).Append('\n');
            var path = Path.Combine(Dir, "urls.log");
            File.WriteAllText(path, text.ToString());
            var total = 300 * 301 / 2;

            using var scan = new AccessLogScan(new[] { path }, new AccessLogQuery(), AccessLogGrouping.Url, top: 10);
            scan.Start();
            Assert.True(scan.Wait(60_000));
            var rows = scan.Summarize();
            Assert.Equal(11, rows.Count);
            Assert.Equal(Enumerable.Range(0, 10).Select(u => $"https://x:443/u{u}"), rows.Take(10).Select(r => r.Key));
            Assert.Equal(Enumerable.Range(0, 10).Select(u => (long)(300 - u)), rows.Take(10).Select(r => r.Count));
            var other = rows[10];
            Assert.Equal("(other)", other.Key);
            Assert.Equal(total - rows.Take(10).Sum(r => r.Count), other.Count);
            Assert.Null(other.ElbStatusCode);
            Assert.Equal(total, rows.Sum(r => r.Count));
            Assert.Equal(290, scan.FoldedRows);
            Assert.False(scan.CountsAreLowerBounds);
        }

        [Fact]
        public void Memory_stays_bounded_when_every_line_is_a_new_key_and_frequent_keys_survive()
        {
            // 60,000 one-off URLs (an ID in the path) around one URL that keeps coming back.
            var text = new StringBuilder();
            for (var i = 0; i < 60_000; i++)
            {
                text.Append(new LogLine().With(Field.Request, $"GET https://x:443/item/{i} HTTP/1.1")).Append('\n');
                if (i % 10 == 0) text.Append(new LogLine().With(Field.Request, "GET https://x:443/health HTTP/1.1")).Append('\n');
            }
            var path = Path.Combine(Dir, "ids.log");
            File.WriteAllText(path, text.ToString());

            using var scan = new AccessLogScan(new[] { path }, new AccessLogQuery(), AccessLogGrouping.Url, top: 5, workerCount: 1);
            Assert.Equal(AccessLogScan.MinimumCapacity, scan.Capacity);
            scan.Start();
            Assert.True(scan.Wait(120_000));
            var rows = scan.Summarize();
            Assert.True(scan.CountsAreLowerBounds);
            Assert.Equal("https://x:443/health", rows[0].Key);
            Assert.InRange(rows[0].Count, 5000, 6000);
            Assert.Equal(66_000, rows.Sum(r => r.Count));
            Assert.Equal(6, rows.Count);
            Assert.Equal("(other)", rows[rows.Count - 1].Key);
        }
    }
}
