using System;
using System.Text;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// Interns byte strings (a target, a client IP, a URL path) to small integers without making a
    /// string per line: a string is made once per distinct key, when the summary is built.
    /// </summary>
    internal sealed class ByteKeyTable
    {
        private int[] buckets = new int[256];
        private int[] next = new int[256];
        private int[] hashes = new int[256];
        private byte[][] keys = new byte[256][];
        private int count;

        public int Count => count;

        public int GetOrAdd(byte[] buffer, int start, int length)
        {
            var hash = Hash(buffer, start, length);
            var bucket = hash & (buckets.Length - 1);
            for (var i = buckets[bucket] - 1; i >= 0; i = next[i])
            {
                if (hashes[i] == hash && SameBytes(keys[i], buffer, start, length)) return i;
            }
            if (count == keys.Length) Grow();
            bucket = hash & (buckets.Length - 1);
            var key = new byte[length];
            Buffer.BlockCopy(buffer, start, key, 0, length);
            keys[count] = key;
            hashes[count] = hash;
            next[count] = buckets[bucket] - 1;
            buckets[bucket] = count + 1;
            return count++;
        }

        public string Text(int index) => Encoding.UTF8.GetString(keys[index]);

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

        private static bool SameBytes(byte[] key, byte[] buffer, int start, int length)
        {
            if (key.Length != length) return false;
            for (var i = 0; i < length; i++)
                if (key[i] != buffer[start + i]) return false;
            return true;
        }

        private static int Hash(byte[] b, int s, int n)
        {
            unchecked
            {
                var h = (int)2166136261;
                for (var i = 0; i < n; i++) h = (h ^ b[s + i]) * 16777619;
                return h & 0x7fffffff;
            }
        }
    }
}
