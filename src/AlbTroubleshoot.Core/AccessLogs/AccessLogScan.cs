using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>A malformed line, as reported to the user (file:line and why).</summary>
    public sealed class MalformedLine
    {
        public MalformedLine(string path, long lineNumber, string reason)
        {
            Path = path;
            LineNumber = lineNumber;
            Reason = reason;
        }

        public string Path { get; }
        public long LineNumber { get; }
        public string Reason { get; }

        public override string ToString() => $"{Path}:{LineNumber}: {Reason}";
    }

    /// <summary>
    /// Measure-AlbAccessLog's engine: reads files on worker threads and aggregates in C#. One file: a
    /// thread inflates while another parses. Several files: one worker per core, each inflating and
    /// parsing its own file. The caller's thread stays free to report progress, problems and Ctrl+C.
    /// </summary>
    public sealed class AccessLogScan : IDisposable
    {
        /// <summary>How many malformed lines are reported one by one (all are counted).</summary>
        public const int MalformedReportCap = 10;

        private readonly IReadOnlyList<string> files;
        private readonly AccessLogQuery query;
        private readonly string by;
        private readonly CancellationTokenSource cts = new CancellationTokenSource();
        private readonly List<AccessLogAggregator> parts = new List<AccessLogAggregator>();
        private readonly List<Thread> workers = new List<Thread>();
        private readonly CountdownEvent running;
        private int nextFile = -1;
        private long bytesDone;
        private int malformedReported;
        private Exception? workerFailure;

        public AccessLogScan(IReadOnlyList<string> files, AccessLogQuery query, string by, int? workerCount = null)
        {
            this.files = files ?? throw new ArgumentNullException(nameof(files));
            this.query = query ?? throw new ArgumentNullException(nameof(query));
            if (Array.IndexOf(AccessLogGrouping.All, by) < 0) throw new ArgumentException($"Unknown grouping '{by}'.", nameof(by));
            this.by = by;
            foreach (var f in files)
            {
                try { TotalBytes += new FileInfo(f).Length; }
                catch (IOException) { }
            }
            var count = Math.Max(1, Math.Min(workerCount ?? Environment.ProcessorCount, files.Count));
            running = new CountdownEvent(count);
            for (var i = 0; i < count; i++)
            {
                var part = new AccessLogAggregator(by, ReportMalformed);
                parts.Add(part);
                // A single file gets its own inflating thread; with several, the workers are the parallelism.
                var pipelined = files.Count == 1;
                workers.Add(new Thread(() => Work(part, pipelined)) { IsBackground = true, Name = "AlbTroubleshoot access-log worker" });
            }
        }

        public long TotalBytes { get; }

        public long BytesDone => Interlocked.Read(ref bytesDone);

        /// <summary>The first malformed lines, file:line and why (capped at <see cref="MalformedReportCap"/>).</summary>
        public ConcurrentQueue<MalformedLine> MalformedReports { get; } = new ConcurrentQueue<MalformedLine>();

        /// <summary>Files that could not be read to the end (their earlier lines are counted).</summary>
        public ConcurrentQueue<AccessLogFileException> FileErrors { get; } = new ConcurrentQueue<AccessLogFileException>();

        public void Start()
        {
            foreach (var w in workers) w.Start();
        }

        /// <summary>Waits up to the timeout; true when every worker has finished.</summary>
        public bool Wait(int milliseconds) => running.Wait(milliseconds);

        public void Cancel() => cts.Cancel();

        public bool IsCancelled => cts.IsCancellationRequested;

        /// <summary>The summary rows, after <see cref="Wait"/> returned true.</summary>
        public IReadOnlyList<AccessLogSummary> Summarize()
        {
            if (workerFailure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(workerFailure).Throw();
            return AccessLogAggregator.Summarize(by, parts, files.Count);
        }

        private void Work(AccessLogAggregator part, bool pipelined)
        {
            try
            {
                int i;
                while (!cts.IsCancellationRequested && (i = Interlocked.Increment(ref nextFile)) < files.Count)
                {
                    var path = files[i];
                    long seen = 0;
                    try
                    {
                        AccessLogFile.Read(path, query, part, pipelined, pos =>
                        {
                            Interlocked.Add(ref bytesDone, pos - seen);
                            seen = pos;
                        }, cts.Token);
                    }
                    catch (AccessLogFileException ex)
                    {
                        FileErrors.Enqueue(ex);
                    }
                    finally
                    {
                        try { Interlocked.Add(ref bytesDone, new FileInfo(path).Length - seen); }
                        catch (IOException) { }
                    }
                }
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
            }
            catch (Exception ex) // surfaced on the caller's thread by Summarize
            {
                workerFailure = ex;
                cts.Cancel();
            }
            finally
            {
                running.Signal();
            }
        }

        private void ReportMalformed(string path, long line, string reason)
        {
            if (Interlocked.Increment(ref malformedReported) <= MalformedReportCap)
                MalformedReports.Enqueue(new MalformedLine(path, line, reason));
        }

        public void Dispose()
        {
            cts.Cancel();
            foreach (var w in workers)
                if (w.IsAlive) w.Join();
            running.Dispose();
            cts.Dispose();
        }
    }

    /// <summary>Get-AlbAccessLog's engine: reads one file on the caller's thread (inflating on another) and hands out entries.</summary>
    public static class AccessLogReader
    {
        /// <summary>
        /// Calls <paramref name="onEntry"/> for each line that matches, in file order, on the calling thread.
        /// Throws <see cref="AccessLogFileException"/> for a file-level problem after the earlier lines.
        /// </summary>
        public static void Read(string path, AccessLogQuery query, Action<AccessLogEntry> onEntry, Action<MalformedLine> onMalformed,
            Action<long>? progress, CancellationToken cancellation)
        {
            AccessLogFile.Read(path, query, new EntryHandler(onEntry, onMalformed), background: true, progress, cancellation);
        }

        private sealed class EntryHandler : ILineHandler
        {
            private readonly Action<AccessLogEntry> onEntry;
            private readonly Action<MalformedLine> onMalformed;

            public EntryHandler(Action<AccessLogEntry> onEntry, Action<MalformedLine> onMalformed)
            {
                this.onEntry = onEntry;
                this.onMalformed = onMalformed;
            }

            public bool ReadsAllFields => true;

            public void OnLine(LineView line, LineInfo info) => onEntry(AccessLogEntryBuilder.Build(line, info));

            public void OnMalformed(string path, long lineNumber, string reason) => onMalformed(new MalformedLine(path, lineNumber, reason));
        }
    }
}
