using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Pipes;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Scenarios;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>
    /// What the reader meets in a log folder besides log files (issue 13, items 7, 8, 10, 12): FIFOs,
    /// sockets, devices, links, files that vanish or cannot seek. Unix only (FIFOs, /dev/fd); the build
    /// and CI machines are Linux.
    /// </summary>
    public sealed class AccessLogFileSystemTests : LogFolder
    {
        private string Fifo(string name)
        {
            var path = Path.Combine(Dir, name);
            using var p = Process.Start(new ProcessStartInfo("mkfifo", new[] { path }) { UseShellExecute = false })!;
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
            return path;
        }

        private string[] Logs(string folder, int lines, int files) => AccessLogGenerator.WriteGzipFiles(Path.Combine(Dir, folder), lines, files, 3);

        [Fact]
        public void The_kind_of_a_path_is_told_without_opening_it()
        {
            var fifo = Fifo("pipe.log.gz");
            var socketPath = Path.Combine(Dir, "s.log");
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(socketPath));
            var file = Logs("k", 10, 1)[0];
            Assert.Equal(FileKind.Regular, LocalFile.KindOf(file));
            Assert.Equal(FileKind.Directory, LocalFile.KindOf(Dir));
            Assert.Equal(FileKind.Fifo, LocalFile.KindOf(fifo));
            Assert.Equal(FileKind.Socket, LocalFile.KindOf(socketPath));
            Assert.Equal(FileKind.CharacterDevice, LocalFile.KindOf("/dev/null"));
            Assert.Equal(FileKind.Missing, LocalFile.KindOf(Path.Combine(Dir, "none.log")));
            File.CreateSymbolicLink(Path.Combine(Dir, "link.log"), file);
            Assert.Equal(FileKind.Regular, LocalFile.KindOf(Path.Combine(Dir, "link.log")));
        }

        [Fact]
        public void A_FIFO_among_the_files_is_an_error_naming_it_and_never_blocks_the_scan()
        {
            var files = Logs("f", 2_000, 2).ToList();
            var fifo = Fifo("node.log.gz");
            files.Insert(1, fifo);
            using var scan = new AccessLogScan(files, new AccessLogQuery(), AccessLogGrouping.Status);
            scan.Start();
            Assert.True(scan.Wait(60_000), "the scan blocked on the FIFO");
            var error = Assert.Single(scan.FileErrors);
            Assert.Equal(ErrorIds.AccessLogNotRegularFile, error.ErrorId);
            Assert.Equal(fifo, error.Path);
            Assert.Contains("FIFO", error.Message, StringComparison.Ordinal);
            Assert.Equal(2_000, scan.Summarize().Sum(r => r.Count));

            var reading = new Thread(() =>
            {
                var ex = Assert.Throws<AccessLogFileException>(() => AccessLogReader.Read(fifo, new AccessLogQuery(), _ => { }, _ => { }, null, CancellationToken.None));
                Assert.Equal(ErrorIds.AccessLogNotRegularFile, ex.ErrorId);
            }) { IsBackground = true };
            reading.Start();
            Assert.True(reading.Join(30_000), "Get-AlbAccessLog's reader blocked on the FIFO");
        }

        [Fact]
        public void A_file_that_cannot_seek_or_has_vanished_is_an_error_record_and_the_other_files_count()
        {
            // /dev/fd/N of a pipe (data waiting in it), a file deleted after it was listed, and good files.
            using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
            pipe.Write(new byte[] { 0x1f, 0x8b, 8, 0 }, 0, 4);
            var devFd = "/dev/fd/" + pipe.ClientSafePipeHandle.DangerousGetHandle().ToInt64();
            var good = Logs("w", 3_000, 3);
            var gone = Path.Combine(Dir, "gone.log.gz");
            File.Copy(good[0], gone);
            var files = new[] { good[0], devFd, good[1], gone, good[2] };
            File.Delete(gone);
            foreach (var workers in new[] { 1, 2 })
            {
                using var scan = new AccessLogScan(files, new AccessLogQuery(), AccessLogGrouping.Status, workerCount: workers);
                scan.Start();
                Assert.True(scan.Wait(60_000));
                Assert.False(scan.IsCancelled);
                var errors = scan.FileErrors.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
                Assert.Equal(new[] { devFd, gone }.OrderBy(p => p, StringComparer.Ordinal), errors.Select(e => e.Path));
                Assert.All(errors, e => Assert.Contains(e.Path, e.Message, StringComparison.Ordinal));
                Assert.Contains(errors, e => e.ErrorId == ErrorIds.AccessLogNotRegularFile);
                Assert.Contains(errors, e => e.ErrorId == ErrorIds.AccessLogReadFailed);
                Assert.Equal(3_000, scan.Summarize().Sum(r => r.Count));
            }
        }

        [Fact]
        public void A_scan_stops_when_the_callers_token_is_cancelled()
        {
            var files = Logs("c", 200_000, 2);
            using var stop = new CancellationTokenSource();
            using var scan = new AccessLogScan(files, new AccessLogQuery(), AccessLogGrouping.Status, cancellation: stop.Token);
            scan.Start();
            stop.Cancel();
            Assert.True(scan.Wait(10_000));
            Assert.True(scan.IsCancelled);
            Assert.InRange(scan.BytesDone, 0, scan.TotalBytes);

            stop.Dispose();
            using var stopped = new CancellationTokenSource();
            stopped.Cancel();
            Assert.Throws<OperationCanceledException>(() => AccessLogReader.Read(files[0], new AccessLogQuery(), _ => { }, _ => { }, null, stopped.Token));
        }

        [Fact]
        public void Malformed_lines_are_counted_per_file_and_overall_beyond_the_ones_listed()
        {
            var paths = new List<string>();
            for (var f = 0; f < 3; f++)
            {
                var lines = Enumerable.Range(0, 20).Select(i => i % 4 == 0 ? "not an ALB line " + i : new LogLine().ToString());
                var p = Path.Combine(Dir, $"m{f}.log");
                File.WriteAllLines(p, lines);
                paths.Add(p);
            }
            using var scan = new AccessLogScan(paths, new AccessLogQuery(), AccessLogGrouping.Status, workerCount: 1);
            scan.Start();
            Assert.True(scan.Wait(60_000));
            var rows = scan.Summarize();
            Assert.Equal(15, rows[0].MalformedLines);
            Assert.Equal(45, rows.Sum(r => r.Count));
            Assert.Equal(AccessLogScan.MalformedReportCap, scan.MalformedReports.Count);
            var totals = scan.MalformedTotals.ToList();
            Assert.Equal(paths, totals.Select(t => t.Path));
            Assert.Equal(new long[] { 5, 5, 5 }, totals.Select(t => t.Total));
            Assert.Equal(new long[] { 5, 5, 0 }, totals.Select(t => t.Listed));
            Assert.Equal($"{paths[2]}: 5 malformed lines skipped.", totals[2].ToString());
            Assert.Contains("5 malformed lines skipped in all; the first 5 are listed above", totals[0].ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Real_paths_resolve_links_and_stop_at_loops()
        {
            var a = Directory.CreateDirectory(Path.Combine(Dir, "a")).FullName;
            Directory.CreateDirectory(Path.Combine(a, "b"));
            Directory.CreateSymbolicLink(Path.Combine(a, "b", "up"), "..");
            Directory.CreateSymbolicLink(Path.Combine(Dir, "toa"), a);
            File.CreateSymbolicLink(Path.Combine(Dir, "loop1"), Path.Combine(Dir, "loop2"));
            File.CreateSymbolicLink(Path.Combine(Dir, "loop2"), Path.Combine(Dir, "loop1"));
            var realDir = LocalFile.RealPath(Dir)!;
            var realA = Path.Combine(realDir, "a");
            Assert.Equal(realA, LocalFile.RealPath(Path.Combine(a, "b", "up")));
            Assert.Equal(realA, LocalFile.RealPath(Path.Combine(a, "b", "up", "b", "up")));
            Assert.Equal(Path.Combine(realA, "b"), LocalFile.RealPath(Path.Combine(Dir, "toa", "b", "up", "b")));
            Assert.Equal(realDir, LocalFile.RealPath(Path.Combine(a, "b", "up", "..")));
            Assert.Null(LocalFile.RealPath(Path.Combine(Dir, "loop1")));
        }
    }
}
