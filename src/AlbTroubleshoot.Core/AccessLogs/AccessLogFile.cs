using System;
using System.IO;
using System.Threading;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>What the reader knows about the current line besides its fields.</summary>
    internal sealed class LineInfo
    {
        public string Path = string.Empty;
        public long LineNumber;
        public long Ticks;
        public int? ElbStatus;
        public int? TargetStatus;
    }

    /// <summary>Receives the lines of a file that are well-formed and pass the query, and the malformed ones.</summary>
    internal interface ILineHandler
    {
        /// <summary>True to split and check every field of each line up front; false to split only what is read.</summary>
        bool ReadsAllFields { get; }

        void OnLine(LineView line, LineInfo info);

        void OnMalformed(string path, long lineNumber, string reason);
    }

    /// <summary>Opens one access-log file (gzip detected by its magic bytes, not its name) and feeds its lines to a handler.</summary>
    internal static class AccessLogFile
    {
        /// <summary>Reads one file to the end. Throws <see cref="AccessLogFileException"/> for a file-level problem
        /// after the lines before it were handled; a malformed line is reported and skipped.</summary>
        public static void Read(string path, AccessLogQuery query, ILineHandler handler, bool background,
            Action<long>? progress, CancellationToken cancellation)
        {
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new AccessLogFileException(AccessLogErrorId.ReadFailed, path, $"'{path}' could not be opened: {ex.Message}", ex);
            }
            using (file)
            {
                var magic = new byte[2];
                var got = file.Read(magic, 0, 2);
                file.Position = 0;
                Stream decoded = file;
                if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
                    decoded = new GzipMembersStream(file, path);
                using (decoded)
                using (var reader = new ChunkReader(decoded, () => file.Position, background, cancellation))
                {
                    try
                    {
                        ReadLines(path, reader, query, handler, progress);
                    }
                    catch (IOException ex)
                    {
                        throw new AccessLogFileException(AccessLogErrorId.ReadFailed, path, $"'{path}' could not be read: {ex.Message}", ex);
                    }
                }
            }
        }

        private static void ReadLines(string path, ChunkReader reader, AccessLogQuery query, ILineHandler handler, Action<long>? progress)
        {
            var line = new LineView();
            var info = new LineInfo { Path = path };
            long fromTicks = query.FromTicks, toTicks = query.ToTicks;
            long lineNumber = 0;
            var sawFirst = false;
            while (reader.TryNext(out var chunk))
            {
                if (chunk.Overlong)
                {
                    lineNumber++;
                    handler.OnMalformed(path, lineNumber, $"the line is {ChunkReader.MaxLineBytes} bytes or longer");
                    continue;
                }
                var buf = chunk.Buffer;
                var pos = 0;
                var end = chunk.Length;
                while (pos < end)
                {
                    var nl = Array.IndexOf(buf, (byte)'\n', pos, end - pos);
                    var lineEnd = nl < 0 ? end : nl;
                    lineNumber++;
                    if (lineEnd > pos && !(lineEnd == pos + 1 && buf[pos] == (byte)'\r'))
                    {
                        var reason = Check(line, buf, pos, lineEnd, info, handler.ReadsAllFields);
                        if (!sawFirst)
                        {
                            sawFirst = true;
                            var foreign = ForeignLog(line);
                            if (foreign is not null)
                                throw new AccessLogFileException(AccessLogErrorId.NotAlbLog, path,
                                    $"'{path}' is a {foreign} access log, not an Application Load Balancer log: its first line has the {foreign} layout. AlbTroubleshoot reads ALB logs only (file names with '_app.').");
                        }
                        if (reason is not null)
                        {
                            handler.OnMalformed(path, lineNumber, reason);
                        }
                        else if (query.Matches(line, info.ElbStatus, info.Ticks, fromTicks, toTicks))
                        {
                            info.LineNumber = lineNumber;
                            handler.OnLine(line, info);
                        }
                    }
                    pos = lineEnd + 1;
                }
                ChunkReader.Return(chunk);
                progress?.Invoke(chunk.FilePosition);
            }
        }

        /// <summary>Tokenizes and checks the fields every ALB line has; returns why the line is malformed, or null.</summary>
        internal static string? Check(LineView line, byte[] buf, int from, int to, LineInfo info, bool allFields = true)
        {
            var ok = allFields ? line.Tokenize(buf, from, to) : line.TokenizeFirst(buf, from, to, Field.Required);
            if (!ok) return "a quoted field is not closed";
            if (line.Count < Field.Required) return $"it has {line.Count} fields; an ALB line has at least {Field.Required}";
            info.Ticks = line.Ticks(Field.Time);
            if (info.Ticks < 0) return "the time field is not an ISO 8601 UTC time";
            info.ElbStatus = line.Int(Field.ElbStatusCode);
            if (!info.ElbStatus.HasValue && !line.IsDash(Field.ElbStatusCode)) return "elb_status_code is not a number";
            info.TargetStatus = line.Int(Field.TargetStatusCode);
            if (!info.TargetStatus.HasValue && !line.IsDash(Field.TargetStatusCode)) return "target_status_code is not a number or '-'";
            for (var f = Field.RequestProcessingTime; f <= Field.ResponseProcessingTime; f++)
            {
                if (double.IsNaN(line.Seconds(f))) return "a processing time is not a number";
            }
            return null;
        }

        /// <summary>"Classic Load Balancer" or "Network Load Balancer" when the line has their layout, else null.</summary>
        internal static string? ForeignLog(LineView line)
        {
            if (line.Count == 0) return null;
            // CLB: the line starts with the time; NLB: "tls 2.0 <time> net/..." .
            if (LineView.ParseTicks(line.Buffer, line.Start[0], line.Length[0]) >= 0) return "Classic Load Balancer";
            if (line.Count > 3 && line.Equals(0, "tls") && line.StartsWith(3, "net/")) return "Network Load Balancer";
            if (line.Count > 2 && line.StartsWith(2, "net/")) return "Network Load Balancer";
            return null;
        }
    }
}
