using System;
using System.IO;
using System.IO.Compression;
using System.Runtime.CompilerServices;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>A gzip member that was read to its end: where it starts and what its trailer says.</summary>
    internal sealed class GzipMember
    {
        /// <summary>The byte offset of its header in the file.</summary>
        public long FileOffset;
        /// <summary>The CRC-32 its trailer gives for its data.</summary>
        public uint Crc;
        /// <summary>False when no trailer with the right length (ISIZE) follows its data; the member was still read to its end.</summary>
        public bool SizeMatches;
        /// <summary>The bytes it inflated to.</summary>
        public long Size;
    }

    /// <summary>
    /// Reads every member of a gzip file (ALB files can hold several) and tells a truncated file from a
    /// complete one, on every runtime. It parses each member's header itself and inflates the raw
    /// deflate data with DeflateStream, because GZipStream differs by runtime: .NET Core reads
    /// concatenated members but .NET Framework (Windows PowerShell 5.1) is not documented to, and
    /// neither reports a file cut short (GZipStream simply ends). After each member it finds the
    /// 8-byte trailer among the bytes the inflater read ahead: the one whose ISIZE equals the bytes
    /// inflated and that is followed by the end of the file or the next member's magic.
    /// <para>
    /// <see cref="Read"/> returns 0 at the end of each member; <see cref="TakeFinished"/> then gives that
    /// member (its trailer's CRC-32, which the reader checks against the bytes it was handed) and the
    /// next Read goes on with the next member. Read returns 0 with no member to take at the end of the file.
    /// </para>
    /// </summary>
    internal sealed class GzipMembersStream : ReadOnlyStream
    {
        // Reads from the file are capped, so the inflater can have read at most this far past a member's end.
        private const int ReadCap = 64 * 1024;

        private readonly Stream file;
        private readonly string path;
        private readonly long fileLength;
        private readonly CappedStream capped;
        private DeflateStream? member;
        private long memberStart;
        private long memberDataStart;
        private long memberOutput;
        private GzipMember? finished;
        private long nextMember = -1;

        public GzipMembersStream(Stream file, string path)
        {
            this.file = file;
            this.path = path;
            fileLength = file.Length;
            capped = new CappedStream(file);
            StartMember(0);
        }

        /// <summary>How many compressed bytes have been consumed (for progress).</summary>
        public long CompressedPosition => file.Position;

        [MethodImpl(HotPath.Options)]
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (finished is not null) return 0;
            if (member is null && nextMember >= 0)
            {
                var at = nextMember;
                nextMember = -1;
                StartMember(at);
            }
            if (member is null) return 0;
            int n;
            try
            {
                n = member.Read(buffer, offset, count);
            }
            catch (InvalidDataException ex)
            {
                throw Corrupt($"the compressed data of the member at byte {memberStart} is invalid ({ex.Message})", ex);
            }
            if (n > 0)
            {
                memberOutput += n;
                return n;
            }
            FinishMember();
            return 0;
        }

        /// <summary>The member whose end the last Read returned 0 for, once; null at the end of the file.</summary>
        public GzipMember? TakeFinished()
        {
            var f = finished;
            finished = null;
            return f;
        }

        private void StartMember(long at)
        {
            memberStart = at;
            file.Position = at;
            var header = new byte[10];
            if (ReadFully(header, 10) < 10)
                throw Truncated("the file ends inside a gzip header");
            if (header[0] != 0x1f || header[1] != 0x8b)
                throw Corrupt($"no gzip header at byte {at}");
            if (header[2] != 8)
                throw Corrupt($"unknown compression method {header[2]} at byte {at}");
            var flags = header[3];
            if ((flags & 4) != 0)
            {
                var xlen = new byte[2];
                if (ReadFully(xlen, 2) < 2) throw Truncated("the file ends inside a gzip header");
                Skip(xlen[0] | (xlen[1] << 8));
            }
            if ((flags & 8) != 0) SkipZeroTerminated();
            if ((flags & 16) != 0) SkipZeroTerminated();
            if ((flags & 2) != 0) Skip(2);
            memberDataStart = file.Position;
            memberOutput = 0;
            member = new DeflateStream(capped, CompressionMode.Decompress, leaveOpen: true);
        }

        private void FinishMember()
        {
            member!.Dispose();
            member = null;
            var readTo = file.Position;
            var from = Math.Max(memberDataStart, readTo - ReadCap - 8);
            var to = Math.Min(fileLength, readTo + 11);
            var window = new byte[to - from];
            file.Position = from;
            var got = ReadFully(window, window.Length);
            var isize = (uint)memberOutput;
            var garbageAfterTrailer = false;
            // Where the trailer can end: the end of the file, or right before the next member's header.
            // A trailer with a wrong ISIZE is accepted only before a next member (exactly one such place):
            // at the end of the file it could not be told from a file cut short.
            var ends = 0;
            var lastEnd = -1;
            for (var i = 0; i + 8 <= got; i++)
            {
                var end = from + i + 8;
                var next = end == fileLength ? 0 : i + 11 <= got && window[i + 8] == 0x1f && window[i + 9] == 0x8b && window[i + 10] == 8 ? 1 : -1;
                var size = (uint)(window[i + 4] | (window[i + 5] << 8) | (window[i + 6] << 16) | (window[i + 7] << 24));
                if (next >= 0 && size == isize)
                {
                    Finish(window, i, end, next, sizeMatches: true);
                    return;
                }
                if (next == 1)
                {
                    ends++;
                    lastEnd = i;
                }
                else if (size == isize)
                {
                    garbageAfterTrailer |= i + 10 <= got;
                }
            }
            if (ends == 1)
            {
                // One place the trailer can be, and its ISIZE is wrong: the member is reported, the file read on.
                Finish(window, lastEnd, from + lastEnd + 8, 1, sizeMatches: false);
                return;
            }
            if (garbageAfterTrailer)
                throw Corrupt($"bytes that are not gzip follow the member at byte {memberStart}");
            if (readTo >= fileLength)
                throw Truncated("the file ends before the end of its compressed data");
            throw Corrupt($"the length of the member at byte {memberStart} does not match its data");
        }

        private void Finish(byte[] window, int trailer, long end, int next, bool sizeMatches)
        {
            finished = new GzipMember
            {
                FileOffset = memberStart,
                Crc = (uint)(window[trailer] | (window[trailer + 1] << 8) | (window[trailer + 2] << 16) | (window[trailer + 3] << 24)),
                SizeMatches = sizeMatches,
                Size = memberOutput,
            };
            file.Position = end;
            nextMember = next == 1 ? end : -1;
        }

        private int ReadFully(byte[] buffer, int count)
        {
            var total = 0;
            while (total < count)
            {
                var n = file.Read(buffer, total, count - total);
                if (n == 0) break;
                total += n;
            }
            return total;
        }

        private void Skip(int count)
        {
            if (file.Position + count > fileLength) throw Truncated("the file ends inside a gzip header");
            file.Position += count;
        }

        private void SkipZeroTerminated()
        {
            int b;
            while ((b = file.ReadByte()) > 0) { }
            if (b < 0) throw Truncated("the file ends inside a gzip header");
        }

        private AccessLogFileException Truncated(string why) =>
            new AccessLogFileException(ErrorIds.AccessLogGzipTruncated, path, $"'{path}' is a truncated gzip file: {why}. Download or copy it again; the lines before the damage were read.");

        private AccessLogFileException Corrupt(string why, Exception? inner = null) =>
            new AccessLogFileException(ErrorIds.AccessLogGzipCorrupt, path, $"'{path}' is a corrupt gzip file: {why}. Download or copy it again; the lines before the damage were read.", inner);

        protected override void Dispose(bool disposing)
        {
            if (disposing) member?.Dispose();
            base.Dispose(disposing);
        }


        /// <summary>Passes reads through, at most <see cref="ReadCap"/> bytes at a time; never closes the file.</summary>
        private sealed class CappedStream : ReadOnlyStream
        {
            private readonly Stream inner;
            public CappedStream(Stream inner) => this.inner = inner;
            [MethodImpl(HotPath.Options)]
            public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, ReadCap));
        }
    }

    /// <summary>A forward-only, read-only stream: subclasses implement Read; everything else is not supported.</summary>
    internal abstract class ReadOnlyStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
