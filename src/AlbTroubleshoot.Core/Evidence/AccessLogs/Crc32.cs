using System;
using System.Runtime.InteropServices;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// The CRC-32 of gzip members (RFC 1952: polynomial 0xEDB88320, reflected, inverted in and out),
    /// to check each member's trailer. <see cref="Append"/> continues a CRC over more bytes, starting from 0.
    /// <para>
    /// PowerShell 7 runs on a .NET whose compression library exports zlib's crc32 (vectorized, several
    /// GB/s); it is used when present and gives the right answer for a known input. Otherwise (Windows
    /// PowerShell 5.1) our own slicing-by-8 table CRC runs, several times slower: the module ships no
    /// hashing package.
    /// </para>
    /// </summary>
    internal static class Crc32
    {
        private static readonly uint[] Table = BuildTable();
        private static readonly bool UseNative = NativeWorks();

        /// <summary>Whether zlib's crc32 of the runtime is used (for the tests and the bench's notes).</summary>
        public static bool IsNative => UseNative;

        public static uint Append(uint crc, byte[] buffer, int offset, int count)
        {
            if (count <= 0) return crc;
            return UseNative ? NativeMethods.CompressionNative_Crc32(crc, ref buffer[offset], count) : Managed(crc, buffer, offset, count);
        }

        /// <summary>Slicing-by-8: eight table lookups per eight bytes instead of eight dependent steps.</summary>
        internal static uint Managed(uint crc, byte[] buffer, int offset, int count)
        {
            var t = Table;
            crc = ~crc;
            var i = offset;
            var end = offset + count;
            while (end - i >= 8)
            {
                var one = (uint)(buffer[i] | buffer[i + 1] << 8 | buffer[i + 2] << 16 | buffer[i + 3] << 24) ^ crc;
                var two = (uint)(buffer[i + 4] | buffer[i + 5] << 8 | buffer[i + 6] << 16 | buffer[i + 7] << 24);
                crc = t[1792 + (one & 0xff)] ^ t[1536 + ((one >> 8) & 0xff)] ^ t[1280 + ((one >> 16) & 0xff)] ^ t[1024 + (one >> 24)]
                    ^ t[768 + (two & 0xff)] ^ t[512 + ((two >> 8) & 0xff)] ^ t[256 + ((two >> 16) & 0xff)] ^ t[two >> 24];
                i += 8;
            }
            while (i < end) crc = (crc >> 8) ^ t[(crc ^ buffer[i++]) & 0xff];
            return ~crc;
        }

        private static uint[] BuildTable()
        {
            // Row 0 is the classic byte-at-a-time table; row k advances a byte through k more zero bytes.
            var t = new uint[8 * 256];
            for (uint i = 0; i < 256; i++)
            {
                var c = i;
                for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                t[i] = c;
            }
            for (var row = 1; row < 8; row++)
            {
                for (var i = 0; i < 256; i++)
                {
                    var c = t[(row - 1) * 256 + i];
                    t[row * 256 + i] = (c >> 8) ^ t[c & 0xff];
                }
            }
            return t;
        }

        private static bool NativeWorks()
        {
            try
            {
                var check = System.Text.Encoding.ASCII.GetBytes("123456789");
                var probe = new byte[1031];
                for (var i = 0; i < probe.Length; i++) probe[i] = (byte)(i * 31 + 7);
                return NativeMethods.CompressionNative_Crc32(0, ref check[0], check.Length) == 0xCBF43926u
                    && NativeMethods.CompressionNative_Crc32(0, ref probe[0], probe.Length) == Managed(0, probe, 0, probe.Length);
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is BadImageFormatException)
            {
                return false;
            }
        }

        private static class NativeMethods
        {
            // The compression library of .NET (Core) 3.0 and later: a thin export of zlib's crc32(crc, buf, len).
            [DllImport("System.IO.Compression.Native", ExactSpelling = true)]
            internal static extern uint CompressionNative_Crc32(uint crc, ref byte buffer, int length);
        }
    }
}
