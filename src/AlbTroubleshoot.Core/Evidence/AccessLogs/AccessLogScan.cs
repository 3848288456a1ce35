using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>A malformed line, as reported to the user (file:line and why).</summary>
    internal sealed class MalformedLine
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

        /// <summary>Safe for a terminal: the path and the reason (which may quote the line) are the file's.</summary>
        public override string ToString() => DisplayText.Safe($"{Path}:{LineNumber}: {Reason}");
    }

    /// <summary>The malformed lines of one file: how many in all, and how many of them were named one by one.</summary>
    internal sealed class MalformedTotal
    {
        public MalformedTotal(string path, long total, long listed)
        {
            Path = path;
            Total = total;
            Listed = listed;
        }

        public string Path { get; }
        public long Total { get; }
        public long Listed { get; }

        public override string ToString() => DisplayText.Safe(Listed == 0
            ? $"{Path}: {Wording.Plural(Total, "malformed line")} skipped."
            : $"{Path}: {Wording.Plural(Total, "malformed line")} skipped in all; the first {Listed} are listed above.");
    }

    /// <summary>A request type AWS does not document, seen on a line that was read (the first place it was seen).</summary>
    internal sealed class UnknownType
    {
        public UnknownType(string type, string path, long lineNumber)
        {
            Type = type;
            Path = path;
            LineNumber = lineNumber;
        }

        public string Type { get; }
        public string Path { get; }
        public long LineNumber { get; }

        public override string ToString() =>
            DisplayText.Safe($"{Path}:{LineNumber}: the type '{Type}' is not one AWS documents ({string.Join(", ", Field.Types)}); such lines are read and counted.");
    }

    /// <summary>
    /// Measure-AlbAccessLog's engine: reads files on worker threads and aggregates in C#. One file: a
    /// thread inflates while another parses. Several files: one worker per core, each inflating and
    /// parsing its own file. The caller's thread stays free to report progress, problems and Ctrl+C.
    /// A file that fails is an entry of <see cref="FileErrors"/>; the other files are read on.
    /// </summary>
    internal sealed class AccessLogScan : IDisposable
    {
        /// <summary>How many malformed lines are reported one by one (all are counted, per file and overall).</summary>
        public const int MalformedReportCap = 10;

        /// <summary>Rows Measure-AlbAccessLog writes unless -Top says otherwise; the rest are summed in one "(other)" row.</summary>
        public const int DefaultTop = 1000;

        /// <summary>Groups kept per worker while reading (at least): more are folded as they come, so memory stays flat.</summary>
        public const int MinimumCapacity = 10_000;

        private readonly IReadOnlyList<string> files;
        private readonly AccessLogQuery query;
        private readonly string by;
        private readonly int top;
        private readonly CancellationTokenSource cts;
        private readonly List<AccessLogAggregator> parts = new List<AccessLogAggregator>();
        private readonly List<Thread> workers = new List<Thread>();
        private readonly CountdownEvent running;
        private readonly ConcurrentDictionary<string, bool> typesSeen = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        private int nextFile = -1;
        private long bytesDone;
        private int malformedReported;
        private Exception? workerFailure;

        /// <param name="top">The rows to write (<see cref="DefaultTop"/>); the rest are one "(other)" row.</param>
        /// <param name="cancellation">Stops the workers, as <see cref="Cancel"/> does.</param>
        public AccessLogScan(IReadOnlyList<string> files, AccessLogQuery query, string by, int top = DefaultTop, int? workerCount = null, CancellationToken cancellation = default)
        {
            this.files = files ?? throw new ArgumentNullException(nameof(files));
            this.query = query ?? throw new ArgumentNullException(nameof(query));
            if (Array.IndexOf(AccessLogGrouping.All, by) < 0) throw new ArgumentException($"Unknown grouping '{by}'.", nameof(by));
            if (top < 1) throw new ArgumentOutOfRangeException(nameof(top), top, "At least one row.");
            this.by = by;
            this.top = top;
            cts = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            foreach (var f in files) TotalBytes += LengthOf(f);
            Capacity = (int)Math.Min(int.MaxValue / 2, Math.Max(MinimumCapacity, 2L * top));
            var count = Math.Max(1, Math.Min(workerCount ?? Environment.ProcessorCount, files.Count));
            running = new CountdownEvent(count);
            for (var i = 0; i < count; i++)
            {
                var report = new WorkerReport(this);
                var part = new AccessLogAggregator(by, Capacity, report);
                parts.Add(part);
                // A single file gets its own inflating thread; with several, the workers are the parallelism.
                var pipelined = files.Count == 1;
                workers.Add(new Thread(() => Work(part, report, pipelined)) { IsBackground = true, Name = "AlbTroubleshoot access-log worker" });
            }
        }

        public long TotalBytes { get; }

        /// <summary>The distinct rows each worker keeps while reading: twice the rows asked for, at least <see cref="MinimumCapacity"/>.</summary>
        public int Capacity { get; }

        public long BytesDone => Interlocked.Read(ref bytesDone);

        /// <summary>The first malformed lines, file:line and why (capped at <see cref="MalformedReportCap"/>).</summary>
        public ConcurrentQueue<MalformedLine> MalformedReports { get; } = new ConcurrentQueue<MalformedLine>();

        /// <summary>For each file with malformed lines, once it is read: how many, and how many were listed.</summary>
        public ConcurrentQueue<MalformedTotal> MalformedTotals { get; } = new ConcurrentQueue<MalformedTotal>();

        /// <summary>Each request type AWS does not document, the first time it is seen (at most <see cref="MalformedReportCap"/>).</summary>
        public ConcurrentQueue<UnknownType> UnknownTypes { get; } = new ConcurrentQueue<UnknownType>();

        /// <summary>Files that could not be read to the end (their earlier lines are counted), and damaged gzip members (the file was read on).</summary>
        public ConcurrentQueue<AccessLogFileException> FileErrors { get; } = new ConcurrentQueue<AccessLogFileException>();

        /// <summary>Rows summed into the "(other)" row because there were more than the rows asked for (after <see cref="Summarize"/>).</summary>
        public long FoldedRows { get; private set; }

        /// <summary>True when more distinct rows appeared than are kept while reading, so row counts are lower bounds (after <see cref="Summarize"/>).</summary>
        public bool CountsAreLowerBounds { get; private set; }

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
            var notes = new SummaryNotes();
            var rows = AccessLogAggregator.Summarize(by, parts, files.Count, top, notes);
            FoldedRows = notes.FoldedRows;
            CountsAreLowerBounds = notes.Approximate;
            return rows;
        }

        private void Work(AccessLogAggregator part, WorkerReport report, bool pipelined)
        {
            try
            {
                int i;
                while (!cts.IsCancellationRequested && (i = Interlocked.Increment(ref nextFile)) < files.Count)
                {
                    var path = files[i];
                    part.FileIndex = i;
                    long seen = 0;
                    var malformedBefore = part.Malformed;
                    report.ListedInFile = 0;
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
                    catch (Exception ex) when (!(ex is OperationCanceledException && cts.IsCancellationRequested))
                    {
                        // Not the reader's own error (that wraps everything): still this file's failure, never the scan's.
                        FileErrors.Enqueue(new AccessLogFileException(ErrorIds.AccessLogReadFailed, path, $"'{path}' could not be read: {ex.Message}", ex));
                    }
                    finally
                    {
                        Interlocked.Add(ref bytesDone, LengthOf(path) - seen);
                        var malformed = part.Malformed - malformedBefore;
                        if (malformed > 0) MalformedTotals.Enqueue(new MalformedTotal(path, malformed, report.ListedInFile));
                    }
                }
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
            }
            catch (Exception ex) // surfaced on the caller's thread by Summarize; the other workers go on
            {
                workerFailure = ex;
            }
            finally
            {
                running.Signal();
            }
        }

        private static long LengthOf(string path)
        {
            try { return new FileInfo(path).Length; }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException || ex is System.Security.SecurityException)
            {
                return 0;
            }
        }

        /// <summary>One worker's channel to the scan: it knows how many malformed lines of the current file were listed.</summary>
        private sealed class WorkerReport : IScanReport
        {
            private readonly AccessLogScan scan;

            public WorkerReport(AccessLogScan scan) => this.scan = scan;

            public long ListedInFile;

            public void Malformed(string path, long line, string reason)
            {
                if (Interlocked.Increment(ref scan.malformedReported) > MalformedReportCap) return;
                ListedInFile++;
                scan.MalformedReports.Enqueue(new MalformedLine(path, line, reason));
            }

            public void UnknownType(string path, long lineNumber, string type)
            {
                if (scan.typesSeen.Count < MalformedReportCap && scan.typesSeen.TryAdd(type, true))
                    scan.UnknownTypes.Enqueue(new AccessLogs.UnknownType(type, path, lineNumber));
            }

            public void Problem(AccessLogFileException problem) => scan.FileErrors.Enqueue(problem);
        }

        public void Dispose()
        {
            cts.Cancel();
            // A worker stuck in a read the system does not interrupt must not hold the pipeline: wait a
            // little, then leave it (a background thread) and the objects it still uses.
            var stopped = true;
            foreach (var w in workers)
                if (w.IsAlive && !w.Join(TimeSpan.FromSeconds(5))) stopped = false;
            if (!stopped) return;
            running.Dispose();
            cts.Dispose();
        }
    }

    /// <summary>Get-AlbAccessLog's engine: reads one file on the caller's thread (inflating on another) and hands out entries.</summary>
    internal static class AccessLogReader
    {
        /// <summary>
        /// Calls <paramref name="onEntry"/> for each line that matches, in file order, on the calling thread.
        /// Throws <see cref="AccessLogFileException"/> for a file-level problem after the earlier lines;
        /// without <paramref name="onProblem"/>, also for the first damaged gzip member, after the whole file.
        /// </summary>
        public static void Read(string path, AccessLogQuery query, Action<AccessLogEntry> onEntry, Action<MalformedLine> onMalformed,
            Action<long>? progress, CancellationToken cancellation, Action<AccessLogFileException>? onProblem = null, Action<UnknownType>? onUnknownType = null)
        {
            var handler = new EntryHandler(onEntry, onMalformed, onProblem, onUnknownType);
            AccessLogFile.Read(path, query, handler, background: true, progress, cancellation);
            if (handler.FirstProblem is not null) throw handler.FirstProblem;
        }

        private sealed class EntryHandler : ILineHandler
        {
            private readonly Action<AccessLogEntry> onEntry;
            private readonly Action<MalformedLine> onMalformed;
            private readonly Action<AccessLogFileException>? onProblem;
            private readonly Action<UnknownType>? onUnknownType;

            public EntryHandler(Action<AccessLogEntry> onEntry, Action<MalformedLine> onMalformed, Action<AccessLogFileException>? onProblem, Action<UnknownType>? onUnknownType)
            {
                this.onEntry = onEntry;
                this.onMalformed = onMalformed;
                this.onProblem = onProblem;
                this.onUnknownType = onUnknownType;
            }

            public AccessLogFileException? FirstProblem { get; private set; }

            public bool NeedsAllFields(LineInfo info) => true;

            public void OnLine(LineView line, LineInfo info) => onEntry(AccessLogEntryBuilder.Build(line, info));

            public void OnMalformed(string path, long lineNumber, string reason) => onMalformed(new MalformedLine(path, lineNumber, reason));

            public void OnUnknownType(string path, long lineNumber, string type) => onUnknownType?.Invoke(new UnknownType(type, path, lineNumber));

            public void OnFileProblem(AccessLogFileException problem)
            {
                if (onProblem is not null) onProblem(problem);
                else FirstProblem ??= problem;
            }
        }
    }
}
