using System;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// Interns byte strings (a target, a client IP, a URL path) to small integers without making a
    /// string per line: a string is made once per distinct key, when the summary is built.
    /// <para>
    /// Keys come from log lines, which anyone who can send a request to the load balancer writes (the
    /// URL, the client). Hashed with a fixed function, keys chosen to collide would make every lookup
    /// walk one long chain (quadratic time). So each table hashes with SipHash-1-3 under its own random
    /// 128-bit key: without the key, nobody can choose colliding inputs.
    /// </para>
    /// </summary>
    internal sealed class ByteKeyTable
    {
        private readonly ulong k0;
        private readonly ulong k1;
        private int[] buckets = new int[256];
        private int[] next = new int[256];
        private int[] hashes = new int[256];
        private byte[][] keys = new byte[256][];
        private int count;

        public ByteKeyTable()
        {
            var key = RandomKey.Bytes(16);
            k0 = BitConverter.ToUInt64(key, 0);
            k1 = BitConverter.ToUInt64(key, 8);
        }

        public int Count => count;

        [MethodImpl(HotPath.Options)]
        public int GetOrAdd(byte[] buffer, int start, int length)
        {
            var hash = Hash(buffer, start, length);
            var found = Find(hash, buffer, start, length);
            if (found >= 0) return found;
            if (count == keys.Length) Grow();
            var bucket = hash & (buckets.Length - 1);
            var key = new byte[length];
            Buffer.BlockCopy(buffer, start, key, 0, length);
            keys[count] = key;
            hashes[count] = hash;
            next[count] = buckets[bucket] - 1;
            buckets[bucket] = count + 1;
            return count++;
        }

        public int GetOrAdd(byte[] key) => GetOrAdd(key, 0, key.Length);

        /// <summary>The index of a key already added, or -1.</summary>
        public int IndexOf(byte[] buffer, int start, int length) => Find(Hash(buffer, start, length), buffer, start, length);

        [MethodImpl(HotPath.Options)]
        private int Find(int hash, byte[] buffer, int start, int length)
        {
            for (var i = buckets[hash & (buckets.Length - 1)] - 1; i >= 0; i = next[i])
            {
                if (hashes[i] == hash && SameBytes(keys[i], buffer, start, length)) return i;
            }
            return -1;
        }

        public byte[] Key(int index) => keys[index];

        public string Text(int index) => Encoding.UTF8.GetString(keys[index]);

        /// <summary>The most keys that share one bucket (for the tests: a good hash keeps it small).</summary>
        internal int LongestChain()
        {
            var longest = 0;
            foreach (var head in buckets)
            {
                var n = 0;
                for (var i = head - 1; i >= 0; i = next[i]) n++;
                longest = Math.Max(longest, n);
            }
            return longest;
        }

        private void Grow()
        {
            var size = keys.Length * 2;
            Array.Resize(ref keys, size);
            Array.Resize(ref hashes, size);
            next = new int[size];
            buckets = new int[size];
            for (var i = 0; i < count; i++)
            {
                var b = hashes[i] & (size - 1);
                next[i] = buckets[b] - 1;
                buckets[b] = i + 1;
            }
        }

        [MethodImpl(HotPath.Options)]
        private static bool SameBytes(byte[] key, byte[] buffer, int start, int length)
        {
            if (key.Length != length) return false;
            for (var i = 0; i < length; i++)
                if (key[i] != buffer[start + i]) return false;
            return true;
        }

        [MethodImpl(HotPath.Options)]
        internal int Hash(byte[] b, int s, int n) => (int)SipHash.Compute(k0, k1, b, s, n, 1, 3) & 0x7fffffff;
    }

    /// <summary>
    /// SipHash-c-d (Aumasson and Bernstein, 2012), a keyed hash built against hash flooding: the same
    /// family protects the hash tables of Python, Rust and Perl. c = 1, d = 3 is Rust's choice.
    /// </summary>
    internal static class SipHash
    {
        [MethodImpl(HotPath.Options)]
        public static ulong Compute(ulong k0, ulong k1, byte[] b, int s, int n, int c, int d)
        {
            var v0 = k0 ^ 0x736f6d6570736575UL;
            var v1 = k1 ^ 0x646f72616e646f6dUL;
            var v2 = k0 ^ 0x6c7967656e657261UL;
            var v3 = k1 ^ 0x7465646279746573UL;
            var end = s + (n & ~7);
            for (var i = s; i < end; i += 8)
            {
                var m = BitConverter.ToUInt64(b, i);
                v3 ^= m;
                for (var r = 0; r < c; r++) Round(ref v0, ref v1, ref v2, ref v3);
                v0 ^= m;
            }
            var last = Word(b, end, n & 7) | ((ulong)n << 56);
            v3 ^= last;
            for (var r = 0; r < c; r++) Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= last;
            v2 ^= 0xff;
            for (var r = 0; r < d; r++) Round(ref v0, ref v1, ref v2, ref v3);
            return v0 ^ v1 ^ v2 ^ v3;
        }

        [MethodImpl(HotPath.Options)]
        private static ulong Word(byte[] b, int at, int count)
        {
            ulong m = 0;
            for (var k = count - 1; k >= 0; k--) m = (m << 8) | b[at + k];
            return m;
        }

        [MethodImpl(HotPath.Options)]
        private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
        {
            v0 += v1; v1 = Rotl(v1, 13); v1 ^= v0; v0 = Rotl(v0, 32);
            v2 += v3; v3 = Rotl(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Rotl(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Rotl(v1, 17); v1 ^= v2; v2 = Rotl(v2, 32);
        }

        [MethodImpl(HotPath.Options)]
        private static ulong Rotl(ulong x, int b) => (x << b) | (x >> (64 - b));
    }

    /// <summary>Random keys for the hash functions of tables filled from log lines.</summary>
    internal static class RandomKey
    {
        public static byte[] Bytes(int count)
        {
            var bytes = new byte[count];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(bytes);
            return bytes;
        }

        /// <summary>A random odd 64-bit multiplier (for multiply-shift hashing).</summary>
        public static ulong OddMultiplier() => BitConverter.ToUInt64(Bytes(8), 0) | 1;
    }
}
