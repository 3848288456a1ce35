using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// Decompressed bytes: whole lines in [Start, End) of <see cref="Buffer"/> (a partial last line moves to
    /// the next chunk), and the bytes read from the stream for this chunk in [HashFrom, HashTo), in
    /// stream order, for the gzip member checksum: every decoded byte is in exactly one chunk's hash range.
    /// </summary>
    internal sealed class Chunk
    {
        public byte[] Buffer;
        public int Start;
        public int End;
        public int HashFrom;
        public int HashTo;
        /// <summary>The chunk ends one line of <see cref="ChunkReader.MaxLineBytes"/> bytes or more, which was skipped.</summary>
        public bool Overlong;
        /// <summary>The gzip member whose last bytes are this chunk's hash range, or null.</summary>
        public GzipMember? MemberEnd;
        /// <summary>Compressed (file) bytes consumed when this chunk was cut, for progress.</summary>
        public long FilePosition;

        public Chunk(byte[] buffer) => Buffer = buffer;
    }

    /// <summary>
    /// Cuts a decoded stream into chunks of whole lines. With <c>background</c>, a second thread reads
    /// (inflates) while the caller parses: on two cores the parse hides behind decompression.
    /// A bounded queue and a small buffer pool keep memory flat whatever the file size.
    /// </summary>
    internal sealed class ChunkReader : IDisposable
    {
        public const int ChunkBytes = 512 * 1024;
        public const int MaxLineBytes = 1024 * 1024;
        private const int MinRead = 64 * 1024;
        private const int QueueDepth = 3;

        private readonly Stream stream;
        private readonly Func<long> filePosition;
        private readonly CancellationTokenSource cts;
        private readonly BlockingCollection<Chunk>? queue;
        // Shared by every reader of the process: chunk buffers sit on the large-object heap, which is
        // collected rarely, so a buffer per file would grow memory with the number of files read.
        private const int PoolCap = 8;
        private static readonly ConcurrentBag<byte[]> Pool = new ConcurrentBag<byte[]>();
        private readonly Thread? producer;
        private readonly IEnumerator<Chunk>? inline;
        private Exception? producerError;

        public ChunkReader(Stream stream, Func<long> filePosition, bool background, CancellationToken cancellation)
        {
            this.stream = stream;
            this.filePosition = filePosition;
            cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            if (background)
            {
                queue = new BlockingCollection<Chunk>(QueueDepth);
                producer = new Thread(Produce) { IsBackground = true, Name = "AlbTroubleshoot access-log inflate" };
                producer.Start();
            }
            else
            {
                inline = Chunks().GetEnumerator();
            }
        }

        /// <summary>The next chunk, or false at the end. A read error surfaces here after the chunks before it.</summary>
        public bool TryNext(out Chunk chunk)
        {
            if (inline is not null)
            {
                cts.Token.ThrowIfCancellationRequested();
                var more = inline.MoveNext();
                chunk = more ? inline.Current : null!;
                return more;
            }
            if (queue!.TryTake(out chunk!, Timeout.Infinite, cts.Token)) return true;
            if (producerError is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(producerError).Throw();
            cts.Token.ThrowIfCancellationRequested();
            return false;
        }

        /// <summary>Gives a chunk's buffer back for reuse once its lines are parsed.</summary>
        public static void Return(Chunk chunk)
        {
            if (chunk.Buffer.Length == ChunkBytes && Pool.Count < PoolCap) Pool.Add(chunk.Buffer);
        }

        private void Produce()
        {
            try
            {
                foreach (var c in Chunks()) queue!.Add(c, cts.Token);
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
            }
            catch (Exception ex) // handed to the consumer, which rethrows it after the good chunks
            {
                producerError = ex;
            }
            finally
            {
                queue!.CompleteAdding();
            }
        }

        private static byte[] Rent() => Pool.TryTake(out var b) ? b : new byte[ChunkBytes];

        private IEnumerable<Chunk> Chunks()
        {
            var members = stream as GzipMembersStream;
            var buf = Rent();
            var carry = 0;      // bytes at the start of buf that belong to the next chunk's lines
            var hashed = 0;     // bytes at the start of buf already in an earlier chunk's hash range
            var skipping = false;
            while (true)
            {
                cts.Token.ThrowIfCancellationRequested();
                if (buf.Length - carry < MinRead && buf.Length < MaxLineBytes)
                {
                    // A line longer than the free space: grow this buffer up to the line limit.
                    var bigger = new byte[Math.Min(MaxLineBytes, buf.Length * 2)];
                    System.Buffer.BlockCopy(buf, 0, bigger, 0, carry);
                    buf = bigger;
                }
                var filled = carry;
                GzipMember? memberEnd = null;
                var atEnd = false;
                Exception? failure = null;
                try
                {
                    while (filled < buf.Length)
                    {
                        var n = stream.Read(buf, filled, buf.Length - filled);
                        if (n > 0)
                        {
                            filled += n;
                            continue;
                        }
                        // 0 is the end of a gzip member (cut the chunk there, for its checksum) or of the data.
                        memberEnd = members?.TakeFinished();
                        atEnd = memberEnd is null;
                        break;
                    }
                }
                catch (Exception ex) when (ex is AccessLogFileException || ex is IOException)
                {
                    failure = ex;
                }
                if (failure is not null)
                {
                    // Hand over the whole lines read before the damage, then the error.
                    var lastWhole = skipping || filled == 0 ? -1 : Array.LastIndexOf(buf, (byte)'\n', filled - 1, filled);
                    if (lastWhole >= 0) yield return new Chunk(buf) { End = lastWhole + 1, FilePosition = filePosition() };
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                }

                var start = 0;
                if (skipping)
                {
                    // carry is 0 here: everything up to the next newline is the rest of the overlong line.
                    var nl = Array.IndexOf(buf, (byte)'\n', 0, filled);
                    if (nl < 0)
                    {
                        if (filled > 0 || memberEnd is not null)
                        {
                            yield return new Chunk(buf) { HashTo = filled, MemberEnd = memberEnd, FilePosition = filePosition() };
                            buf = Rent();
                            hashed = 0;
                        }
                        if (atEnd) yield break;
                        continue;
                    }
                    skipping = false;
                    start = nl + 1;
                }

                if (atEnd)
                {
                    // The end: everything left is lines (the last one may lack its newline).
                    if (filled > 0) yield return new Chunk(buf) { Start = start, End = filled, HashFrom = hashed, HashTo = filled, FilePosition = filePosition() };
                    yield break;
                }
                var last = filled > start ? Array.LastIndexOf(buf, (byte)'\n', filled - 1, filled - start) : -1;
                if (last < 0 && memberEnd is null)
                {
                    if (filled - start >= MaxLineBytes)
                    {
                        yield return new Chunk(buf) { Overlong = true, HashFrom = hashed, HashTo = filled, FilePosition = filePosition() };
                        skipping = true;
                        carry = hashed = 0;
                        buf = Rent();
                    }
                    else if (start > 0)
                    {
                        // The end of an overlong line and a partial line after it: keep only the partial line.
                        yield return new Chunk(buf) { HashFrom = hashed, HashTo = filled, FilePosition = filePosition() };
                        buf = CarryOver(buf, start, filled, out carry);
                        hashed = carry;
                    }
                    else
                    {
                        carry = filled;
                    }
                    continue;
                }
                var cut = last < 0 ? start : last + 1;
                var chunk = new Chunk(buf) { Start = start, End = cut, HashFrom = hashed, HashTo = filled, MemberEnd = memberEnd, FilePosition = filePosition() };
                buf = CarryOver(buf, cut, filled, out carry);
                hashed = carry;
                yield return chunk;
            }
        }

        /// <summary>A buffer for the next chunk holding buf's bytes [from, to), the partial line that goes on.</summary>
        private static byte[] CarryOver(byte[] buf, int from, int to, out int carry)
        {
            var next = Rent();
            carry = to - from;
            if (carry > next.Length - MinRead) next = new byte[Math.Min(MaxLineBytes, Math.Max(ChunkBytes, carry * 2))];
            System.Buffer.BlockCopy(buf, from, next, 0, carry);
            return next;
        }

        public void Dispose()
        {
            cts.Cancel();
            if (producer is not null)
            {
                // Drain so a producer blocked on a full queue sees the cancellation at once.
                while (queue!.TryTake(out _)) { }
                producer.Join();
                queue.Dispose();
            }
            inline?.Dispose();
            cts.Dispose();
        }
    }
}
