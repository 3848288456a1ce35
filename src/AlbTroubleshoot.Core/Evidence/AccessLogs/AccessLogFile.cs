using System;
using System.IO;
using System.Runtime.CompilerServices;
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
        /// <summary>The type field is a token AWS does not document (the line is still read).</summary>
        public bool UnknownType;
    }

    /// <summary>Receives the lines of a file that are well-formed and pass the query, the malformed ones, and what else the reader notices.</summary>
    internal interface ILineHandler
    {
        /// <summary>
        /// Asked once the first 12 fields of a line passed: true to split and check all its fields before
        /// <see cref="OnLine"/> (the handler will read fields past sent_bytes), false to split only what is read.
        /// </summary>
        bool NeedsAllFields(LineInfo info);

        void OnLine(LineView line, LineInfo info);

        void OnMalformed(string path, long lineNumber, string reason);

        /// <summary>A line whose type is a token AWS does not document (it is still read).</summary>
        void OnUnknownType(string path, long lineNumber, string type);

        /// <summary>A problem that does not stop the file, such as a gzip member whose checksum fails.</summary>
        void OnFileProblem(AccessLogFileException problem);
    }

    /// <summary>Opens one access-log file (gzip detected by its magic bytes, not its name) and feeds its lines to a handler.</summary>
    internal static class AccessLogFile
    {
        private const int ReadBuffer = 256 * 1024;

        /// <summary>
        /// Reads one file to the end. Throws <see cref="AccessLogFileException"/> for a file-level problem
        /// after the lines before it were handled (any failure of reading, so that it names the file); a
        /// malformed line is reported and skipped; <see cref="OperationCanceledException"/> when cancelled.
        /// Only a regular file is opened: a FIFO, socket or device would block or never end.
        /// </summary>
        public static void Read(string path, AccessLogQuery query, ILineHandler handler, bool background,
            Action<long>? progress, CancellationToken cancellation)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                var kind = LocalFile.KindOf(path);
                if (kind == FileKind.Missing)
                    throw new AccessLogFileException(ErrorIds.AccessLogReadFailed, path, $"'{path}' could not be opened: it is not there (it was removed, or a link points nowhere).");
                if (kind != FileKind.Regular)
                    throw new AccessLogFileException(ErrorIds.AccessLogNotRegularFile, path, $"'{path}' was not read: it is {LocalFile.Describe(kind)}, not a regular file.");
                FileStream file;
                try
                {
                    // DeflateStream reads its input 8 KB at a time: the buffer turns that into one system call
                    // per 256 KB (a 170 MB log: 1,270 reads instead of 22,343, measured with strace, on the inflate thread).
                    // Plain logs are read in larger pieces, which pass the buffer by.
                    file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReadBuffer, FileOptions.SequentialScan);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    throw new AccessLogFileException(ErrorIds.AccessLogReadFailed, path, $"'{path}' could not be opened: {ex.Message}", ex);
                }
                using (file)
                {
                    var magic = new byte[2];
                    var got = file.Read(magic, 0, 2);
                    file.Position = 0;
                    var gzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
                    Stream decoded = gzip ? new GzipMembersStream(file, path) : file;
                    using (decoded)
                    using (var reader = new ChunkReader(decoded, () => file.Position, background, cancellation))
                        ReadLines(path, reader, query, handler, progress, gzip);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException
                || ex is InvalidDataException || ex is ArgumentException || ex is System.Security.SecurityException)
            {
                // Whatever else goes wrong reading this file (it vanished, it cannot seek, ...) is this file's error.
                // What the handler throws (the pipeline stopping) is not caught.
                throw new AccessLogFileException(ErrorIds.AccessLogReadFailed, path, $"'{path}' could not be read: {ex.Message}", ex);
            }
        }

        [MethodImpl(HotPath.Options)]
        private static void ReadLines(string path, ChunkReader reader, AccessLogQuery query, ILineHandler handler, Action<long>? progress, bool checksum)
        {
            var line = new LineView();
            var info = new LineInfo { Path = path };
            long fromTicks = query.FromTicks, toTicks = query.ToTicks;
            long lineNumber = 0;
            var sawFirst = false;
            uint crc = 0;
            long memberFirstLine = 1;
            while (reader.TryNext(out var chunk))
            {
                var buf = chunk.Buffer;
                if (checksum) crc = Crc32.Append(crc, buf, chunk.HashFrom, chunk.HashTo - chunk.HashFrom);
                var pos = chunk.Start;
                var end = chunk.End;
                while (pos < end)
                {
                    var nl = Array.IndexOf(buf, (byte)'\n', pos, end - pos);
                    var lineEnd = nl < 0 ? end : nl;
                    lineNumber++;
                    if (lineEnd > pos && !(lineEnd == pos + 1 && buf[pos] == (byte)'\r'))
                    {
                        var reason = Check(line, buf, pos, lineEnd, info, allFields: false);
                        if (!sawFirst)
                        {
                            sawFirst = true;
                            var foreign = ForeignLog(line);
                            if (foreign is not null)
                                throw new AccessLogFileException(ErrorIds.AccessLogNotAlb, path,
                                    $"'{path}' is a {foreign} access log, not an Application Load Balancer log: its first line has the {foreign} layout. AlbTroubleshoot reads ALB logs only (file names with '_app.').");
                        }
                        if (reason is null && (query.ReadsAllFields || handler.NeedsAllFields(info))) reason = CheckRest(line);
                        if (reason is not null)
                        {
                            handler.OnMalformed(path, lineNumber, reason);
                        }
                        else
                        {
                            if (info.UnknownType) handler.OnUnknownType(path, lineNumber, line.Text(Field.Type));
                            if (query.Matches(line, info.ElbStatus, info.Ticks, fromTicks, toTicks))
                            {
                                info.LineNumber = lineNumber;
                                handler.OnLine(line, info);
                            }
                        }
                    }
                    pos = lineEnd + 1;
                }
                if (chunk.Overlong)
                {
                    lineNumber++;
                    handler.OnMalformed(path, lineNumber, $"the line is {ChunkReader.MaxLineBytes} bytes or longer");
                }
                if (checksum && chunk.MemberEnd is { } member)
                {
                    if (member.Crc != crc || !member.SizeMatches)
                        handler.OnFileProblem(ChecksumProblem(path, member, crc, memberFirstLine, lineNumber));
                    crc = 0;
                    memberFirstLine = lineNumber + 1;
                }
                ChunkReader.Return(chunk);
                progress?.Invoke(chunk.FilePosition);
            }
        }

        private static AccessLogFileException ChecksumProblem(string path, GzipMember member, uint crc, long firstLine, long lastLine)
        {
            var what = member.Crc != crc
                ? $"its data does not match its checksum (CRC-32 {crc:x8}, the trailer says {member.Crc:x8})"
                : $"its trailer gives a length (ISIZE) other than the {member.Size} bytes it holds";
            var lines = lastLine >= firstLine
                ? $"Its lines {firstLine}-{lastLine} were read and may hold damaged values; well-formed ones are kept"
                : "It holds no line";
            return new AccessLogFileException(ErrorIds.AccessLogGzipChecksum, path,
                $"'{path}': the gzip member at byte {member.FileOffset} is damaged: {what}. {lines}. The other members were read.")
            { MemberOffset = member.FileOffset, FirstLine = firstLine, LastLine = lastLine };
        }

        /// <summary>
        /// Tokenizes the line and checks that its fields are where the ALB format puts them; returns why
        /// the line is malformed, or null. Always checked: the first 12 fields (quoting, the type token,
        /// time, status codes, processing times, byte counts). With <paramref name="allFields"/>, also
        /// every later field's quoting, no quote inside an unquoted field, matched_rule_priority and
        /// request_creation_time: a line whose fields ran together fails here instead of being read shifted.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        internal static string? Check(LineView line, byte[] buf, int from, int to, LineInfo info, bool allFields = true)
        {
            if (!line.TokenizeFirst(buf, from, to, Field.Required)) return line.Error;
            if (line.Count < Field.Required) return $"it has {line.Count} fields; an ALB line has at least {Field.Required}";
            var bad = BadQuoting(line, 0, Field.Required);
            if (bad is not null) return bad;
            var type = TypeOf(line);
            if (type < 0) return "the type field is not a request type (letters and digits)";
            info.UnknownType = type == 0;
            info.Ticks = line.Ticks(Field.Time);
            if (info.Ticks < 0) return "the time field is not an ISO 8601 UTC time";
            info.ElbStatus = line.Status(Field.ElbStatusCode);
            if (!info.ElbStatus.HasValue && !line.IsDash(Field.ElbStatusCode)) return "elb_status_code is not a three-digit code";
            info.TargetStatus = line.Status(Field.TargetStatusCode);
            if (!info.TargetStatus.HasValue && !line.IsDash(Field.TargetStatusCode)) return "target_status_code is not a three-digit code or '-'";
            for (var f = Field.RequestProcessingTime; f <= Field.ResponseProcessingTime; f++)
            {
                if (double.IsNaN(line.Seconds(f))) return Field.Names[f] + " is not a number";
            }
            if (!CountOrDash(line, Field.ReceivedBytes)) return "received_bytes is not a number";
            if (!CountOrDash(line, Field.SentBytes)) return "sent_bytes is not a number";
            return allFields ? CheckRest(line) : null;
        }

        /// <summary>The checks of fields after sent_bytes (see <see cref="Check"/>), for a line whose first fields passed.</summary>
        [MethodImpl(HotPath.Options)]
        internal static string? CheckRest(LineView line)
        {
            if (!line.TokenizeAll()) return line.Error;
            var bad = BadQuoting(line, Field.Required, Math.Min(line.Count, Field.Known));
            if (bad is not null) return bad;
            // AWS writes no quote inside an unquoted field: one there is a quoted field that ran into it.
            for (var f = 0; f < line.Count; f++)
            {
                if (!line.IsQuoted(f) && Array.IndexOf(line.Buffer, (byte)'"', line.Start[f], line.Length[f]) >= 0)
                    return $"field {f + 1} ({(f < Field.Known ? Field.Names[f] : "after the known fields")}) holds a quote: the line's fields are shifted";
            }
            if (line.Has(Field.MatchedRulePriority) && !line.IsDash(Field.MatchedRulePriority) && !line.Int(Field.MatchedRulePriority).HasValue)
                return "matched_rule_priority is not a number or '-'";
            if (line.Has(Field.RequestCreationTime) && !line.IsDash(Field.RequestCreationTime) && line.Ticks(Field.RequestCreationTime) < 0)
                return "request_creation_time is not an ISO 8601 UTC time";
            return null;
        }

        [MethodImpl(HotPath.Options)]
        private static string? BadQuoting(LineView line, int from, int to)
        {
            // Fields [from, to) as bits; one test for all of them, the loop only to name the first that is wrong.
            var range = (to >= 64 ? ulong.MaxValue : (1UL << to) - 1) & ~((1UL << from) - 1);
            var quoted = line.QuotedFields;
            if ((((quoted & Field.BareMask) | (~quoted & Field.QuotedMask)) & range) == 0) return null;
            for (var f = from; f < to; f++)
            {
                var expected = Field.Written[f];
                if (expected == Quoting.Either || line.IsQuoted(f) == (expected == Quoting.Quoted)) continue;
                return expected == Quoting.Quoted
                    ? $"field {f + 1} ({Field.Names[f]}) is not in quotes: the line's fields are shifted"
                    : $"field {f + 1} ({Field.Names[f]}) is in quotes: the line's fields are shifted";
            }
            return null;
        }

        [MethodImpl(HotPath.Options)]
        private static bool CountOrDash(LineView line, int field)
        {
            if (line.IsDash(field)) return true;
            var v = line.Long(field);
            return v.HasValue && v.Value >= 0 && line.Buffer[line.Start[field]] != (byte)'-';
        }

        private static readonly ulong[] PackedTypes = Array.ConvertAll(Field.Types, t =>
        {
            ulong p = (ulong)t.Length << 56;
            for (var i = t.Length - 1; i >= 0; i--) p |= (ulong)t[i] << (8 * i);
            return p;
        });

        /// <summary>1 for a type AWS documents, 0 for another token of letters and digits, -1 for anything else.</summary>
        [MethodImpl(HotPath.Options)]
        private static int TypeOf(LineView line)
        {
            var s = line.Start[Field.Type];
            var n = line.Length[Field.Type];
            if (n == 0 || n > 16) return -1;
            if (n <= 5)
            {
                // The documented types packed as integers (length in the top byte): one comparison each, on every line.
                ulong packed = (ulong)n << 56;
                for (var i = 0; i < n; i++) packed |= (ulong)line.Buffer[s + i] << (8 * i);
                if (Array.IndexOf(PackedTypes, packed) >= 0) return 1;
            }
            for (var i = s; i < s + n; i++)
            {
                var c = line.Buffer[i];
                if (!((c >= (byte)'a' && c <= (byte)'z') || (c >= (byte)'0' && c <= (byte)'9'))) return -1;
            }
            return 0;
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
