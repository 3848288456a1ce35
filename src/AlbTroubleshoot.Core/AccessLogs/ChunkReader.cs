using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>Decompressed bytes holding whole lines only (the partial last line moves to the next chunk).</summary>
    internal sealed class Chunk
    {
        public byte[] Buffer;
        public int Length;
        /// <summary>The chunk stands for one line of <see cref="ChunkReader.MaxLineBytes"/> bytes or more, which was skipped.</summary>
        public bool Overlong;
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
            var buf = Rent();
            var carry = 0;
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
                Exception? failure = null;
                try
                {
                    int n;
                    while (filled < buf.Length && (n = stream.Read(buf, filled, buf.Length - filled)) > 0)
                        filled += n;
                }
                catch (Exception ex) when (ex is AccessLogFileException || ex is IOException)
                {
                    failure = ex;
                }
                if (failure is not null)
                {
                    // Hand over the whole lines read before the damage, then the error.
                    var lastWhole = skipping || filled == 0 ? -1 : Array.LastIndexOf(buf, (byte)'\n', filled - 1, filled);
                    if (lastWhole >= 0) yield return new Chunk(buf) { Length = lastWhole + 1, FilePosition = filePosition() };
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                }
                var atEnd = filled < buf.Length;

                if (skipping)
                {
                    var nl = Array.IndexOf(buf, (byte)'\n', 0, filled);
                    if (nl < 0)
                    {
                        if (atEnd) yield break;
                        carry = 0;
                        continue;
                    }
                    skipping = false;
                    carry = filled - nl - 1;
                    System.Buffer.BlockCopy(buf, nl + 1, buf, 0, carry);
                    if (atEnd && carry == 0) yield break;
                    if (!atEnd) continue;
                    filled = carry;
                }

                if (filled == 0) yield break;
                var last = Array.LastIndexOf(buf, (byte)'\n', filled - 1, filled);
                if (atEnd)
                {
                    // The end: everything left is lines (the last one may lack its newline).
                    yield return new Chunk(buf) { Length = filled, FilePosition = filePosition() };
                    yield break;
                }
                if (last < 0)
                {
                    if (filled >= MaxLineBytes)
                    {
                        yield return new Chunk(Array.Empty<byte>()) { Overlong = true, FilePosition = filePosition() };
                        skipping = true;
                        carry = 0;
                        if (buf.Length != ChunkBytes) buf = Rent();
                    }
                    else
                    {
                        carry = filled;
                    }
                    continue;
                }
                var next = Rent();
                carry = filled - last - 1;
                if (carry > next.Length - MinRead) next = new byte[Math.Min(MaxLineBytes, Math.Max(ChunkBytes, carry * 2))];
                System.Buffer.BlockCopy(buf, last + 1, next, 0, carry);
                yield return new Chunk(buf) { Length = last + 1, FilePosition = filePosition() };
                buf = next;
            }
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
