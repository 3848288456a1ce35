using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>Positions of the access-log fields, in log order (0-based).</summary>
    internal static class Field
    {
        public const int Type = 0, Time = 1, Elb = 2, Client = 3, Target = 4, RequestProcessingTime = 5,
            TargetProcessingTime = 6, ResponseProcessingTime = 7, ElbStatusCode = 8, TargetStatusCode = 9,
            ReceivedBytes = 10, SentBytes = 11, Request = 12, UserAgent = 13, SslCipher = 14, SslProtocol = 15,
            TargetGroupArn = 16, TraceId = 17, DomainName = 18, ChosenCertArn = 19, MatchedRulePriority = 20,
            RequestCreationTime = 21, ActionsExecuted = 22, RedirectUrl = 23, ErrorReason = 24, TargetPortList = 25,
            TargetStatusCodeList = 26, Classification = 27, ClassificationReason = 28, ConnTraceId = 29,
            TransformedHost = 30, TransformedUri = 31, RequestTransformStatus = 32;

        /// <summary>Fields the reader names; anything after them goes to ExtraFields.</summary>
        public const int Known = 33;

        /// <summary>Up to sent_bytes every ALB line has ever had these; fewer means the line is not usable.</summary>
        public const int Required = 12;

        /// <summary>More fields than this on one line are not kept (AWS has 33 in 2025).</summary>
        public const int Max = 64;

        /// <summary>The documented names, for messages.</summary>
        public static readonly string[] Names =
        {
            "type", "time", "elb", "client:port", "target:port", "request_processing_time", "target_processing_time",
            "response_processing_time", "elb_status_code", "target_status_code", "received_bytes", "sent_bytes", "request",
            "user_agent", "ssl_cipher", "ssl_protocol", "target_group_arn", "trace_id", "domain_name", "chosen_cert_arn",
            "matched_rule_priority", "request_creation_time", "actions_executed", "redirect_url", "error_reason",
            "target:port_list", "target_status_code_list", "classification", "classification_reason", "conn_trace_id",
            "transformed_host", "transformed_uri", "request_transform_status",
        };

        /// <summary>How AWS writes each known field: Quoted, Bare (never quoted) or Either.</summary>
        public static readonly Quoting[] Written = Quotings("BBBBBBBBBBBBQQBBBQQQBBQQQEEQQBQQQ");

        /// <summary>Bit f set when AWS writes field f in quotes / never in quotes (for a check of all fields at once).</summary>
        public static readonly ulong QuotedMask = Mask(Quoting.Quoted), BareMask = Mask(Quoting.Bare);

        private static ulong Mask(Quoting q)
        {
            ulong m = 0;
            for (var f = 0; f < Written.Length; f++)
                if (Written[f] == q) m |= 1UL << f;
            return m;
        }

        /// <summary>The request types AWS documents (any other is flagged, and the line still read).</summary>
        public static readonly string[] Types = { "http", "https", "h2", "grpcs", "ws", "wss" };

        private static Quoting[] Quotings(string s)
        {
            var q = new Quoting[s.Length];
            for (var i = 0; i < s.Length; i++) q[i] = s[i] == 'Q' ? Quoting.Quoted : s[i] == 'B' ? Quoting.Bare : Quoting.Either;
            return q;
        }
    }

    internal enum Quoting { Bare, Quoted, Either }

    /// <summary>
    /// One tokenized line: offsets of each field inside a shared byte buffer, quotes stripped.
    /// Reused for every line, so reading a line allocates nothing; strings are made only on request.
    /// </summary>
    internal sealed class LineView
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);

        public byte[] Buffer = Array.Empty<byte>();
        public readonly int[] Start = new int[Field.Max];
        public readonly int[] Length = new int[Field.Max];
        public int Count;

        // Bit f is set when field f was written in quotes.
        private ulong quoted;
        // Where tokenizing stopped, so that fields are split only when someone asks for them.
        private int next;
        private int lineEnd;

        /// <summary>Why the line could not be split into fields (null while it could).</summary>
        public string? Error { get; private set; }

        /// <summary>
        /// Splits bytes [from, to) (no newline) into fields, separated by spaces (a run of spaces is one
        /// separator). A field that starts with a quote ends at the next quote, which must be followed
        /// by a space or the end of the line: ALB writes a quote inside a value as \x22, so a bare quote
        /// there means the line's fields ran together. Spaces at either end of a quoted value are not
        /// part of it. Returns false (and sets <see cref="Error"/>) for a quote that is never closed or
        /// that runs into the next field. Fields beyond <see cref="Field.Max"/> are dropped.
        /// </summary>
        public bool Tokenize(byte[] buffer, int from, int to) => TokenizeFirst(buffer, from, to, Field.Max) && TokenizeAll();

        /// <summary>
        /// Splits only the first <paramref name="fields"/> fields; the rest are split on first use
        /// (<see cref="Has"/>, <see cref="TokenizeAll"/>). Measure-AlbAccessLog reads a dozen fields of a successful line, not 33.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public bool TokenizeFirst(byte[] buffer, int from, int to, int fields)
        {
            Buffer = buffer;
            Count = 0;
            quoted = 0;
            Error = null;
            if (to > from && buffer[to - 1] == (byte)'\r') to--;
            next = from;
            lineEnd = to;
            return SplitUntil(fields);
        }

        /// <summary>Splits every remaining field; false when a quoted field is not closed or runs into the next.</summary>
        public bool TokenizeAll() => SplitUntil(Field.Max);

        public bool IsQuoted(int field) => field < 64 && (quoted & (1UL << field)) != 0;

        /// <summary>Bit f set when field f was written in quotes.</summary>
        public ulong QuotedFields => quoted;

        [MethodImpl(HotPath.Options)]
        private bool SplitUntil(int fields)
        {
            if (Error is not null) return false;
            var buffer = Buffer;
            var to = lineEnd;
            var i = next;
            while (Count < fields)
            {
                while (i < to && buffer[i] == (byte)' ') i++;
                if (i >= to) break;
                int start, end;
                if (buffer[i] == (byte)'"')
                {
                    start = i + 1;
                    end = Array.IndexOf(buffer, (byte)'"', start, to - start);
                    if (end < 0) return Fail("a quoted field is not closed");
                    if (end + 1 < to && buffer[end + 1] != (byte)' ')
                        return Fail($"field {Count + 1} runs into the next: its closing quote is followed by '{Printable(buffer[end + 1])}', not a space");
                    i = end + 1;
                    while (start < end && buffer[start] == (byte)' ') start++;
                    while (end > start && buffer[end - 1] == (byte)' ') end--;
                    quoted |= 1UL << Count;
                }
                else
                {
                    start = i;
                    end = Array.IndexOf(buffer, (byte)' ', i, to - i);
                    if (end < 0) end = to;
                    i = end;
                }
                Start[Count] = start;
                Length[Count] = end - start;
                Count++;
            }
            // Past Field.Max fields the rest of the line is ignored.
            next = Count >= Field.Max ? to : i;
            return true;
        }

        private bool Fail(string why)
        {
            Error = why;
            next = lineEnd;
            return false;
        }

        private static string Printable(byte b) => b > 0x20 && b < 0x7f ? ((char)b).ToString() : "\\x" + b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture);

        [MethodImpl(HotPath.Options)]
        public bool Has(int field) => field < Count || (next < lineEnd && field < Field.Max && SplitUntil(field + 1) && field < Count);


        [MethodImpl(HotPath.Options)]
        public bool IsDash(int field) => Has(field) && Length[field] == 1 && Buffer[Start[field]] == (byte)'-';

        [MethodImpl(HotPath.Options)]
        public bool Equals(int field, string ascii)
        {
            if (!Has(field) || Length[field] != ascii.Length) return false;
            var s = Start[field];
            for (var k = 0; k < ascii.Length; k++)
                if (Buffer[s + k] != ascii[k]) return false;
            return true;
        }

        public bool BytesEqual(int field, byte[] value)
        {
            if (!Has(field) || Length[field] != value.Length) return false;
            var s = Start[field];
            for (var k = 0; k < value.Length; k++)
                if (Buffer[s + k] != value[k]) return false;
            return true;
        }

        public bool StartsWith(int field, string ascii)
        {
            if (!Has(field) || Length[field] < ascii.Length) return false;
            var s = Start[field];
            for (var k = 0; k < ascii.Length; k++)
                if (Buffer[s + k] != ascii[k]) return false;
            return true;
        }

        public string Text(int field) => Has(field) ? Utf8.GetString(Buffer, Start[field], Length[field]) : string.Empty;

        public string Text(int start, int length) => Utf8.GetString(Buffer, start, length);

        /// <summary>A non-negative integer, or null for "-", empty or anything else.</summary>
        [MethodImpl(HotPath.Options)]
        public int? Int(int field)
        {
            if (!Has(field)) return null;
            var v = ParseLong(Buffer, Start[field], Length[field]);
            return v.HasValue && v.Value >= int.MinValue && v.Value <= int.MaxValue ? (int)v.Value : null;
        }

        public long? Long(int field) => Has(field) ? ParseLong(Buffer, Start[field], Length[field]) : null;

        /// <summary>A status code: exactly three digits ("000" is 0), else null ("-" included).</summary>
        [MethodImpl(HotPath.Options)]
        public int? Status(int field)
        {
            if (!Has(field) || Length[field] != 3) return null;
            var s = Start[field];
            int a = Buffer[s] - '0', b = Buffer[s + 1] - '0', c = Buffer[s + 2] - '0';
            if ((uint)a > 9 || (uint)b > 9 || (uint)c > 9) return null;
            return a * 100 + b * 10 + c;
        }

        /// <summary>
        /// "ip:port" split at the last colon (IPv6 addresses hold colons); brackets around the address
        /// ([2001:db8::1]:443) are not part of it. Without a readable port the whole field is the address
        /// and <paramref name="port"/> is -1 ("-" when no target was chosen).
        /// </summary>
        public void Address(int field, out int ipStart, out int ipLength, out int port)
        {
            port = -1;
            ipStart = Has(field) ? Start[field] : 0;
            ipLength = Has(field) ? Length[field] : 0;
            if (ipLength == 0) return;
            var s = ipStart;
            var n = ipLength;
            var colon = Array.LastIndexOf(Buffer, (byte)':', s + n - 1, n);
            if (colon >= 0)
            {
                var p = ParseLong(Buffer, colon + 1, s + n - colon - 1);
                if (p.HasValue && p.Value >= 0 && p.Value <= 65535 && Buffer[colon + 1] != (byte)'-')
                {
                    port = (int)p.Value;
                    ipLength = colon - s;
                }
            }
            if (ipLength >= 2 && Buffer[ipStart] == (byte)'[' && Buffer[ipStart + ipLength - 1] == (byte)']')
            {
                ipStart++;
                ipLength -= 2;
            }
        }

        /// <summary>
        /// The request field "METHOD URL PROTOCOL", split at the first and the last space (a URL may hold
        /// spaces; ALB writes "- - -" for a request it could not read, which gives "-" three times).
        /// One space gives a method and a URL, none a method only; a missing part has length 0.
        /// </summary>
        public void Request(out int method, out int methodLength, out int url, out int urlLength, out int protocol, out int protocolLength)
        {
            method = url = protocol = 0;
            methodLength = urlLength = protocolLength = 0;
            if (!Has(Field.Request)) return;
            var s = Start[Field.Request];
            var n = Length[Field.Request];
            method = s;
            var first = n == 0 ? -1 : Array.IndexOf(Buffer, (byte)' ', s, n);
            if (first < 0) { methodLength = n; return; }
            methodLength = first - s;
            var last = Array.LastIndexOf(Buffer, (byte)' ', s + n - 1, n);
            url = first + 1;
            if (last == first) { urlLength = s + n - url; return; }
            urlLength = last - url;
            protocol = last + 1;
            protocolLength = s + n - protocol;
        }

        /// <summary>Seconds such as 0.001 or -1; NaN when unreadable.</summary>
        public double Seconds(int field) => Has(field) ? ParseDecimal(Buffer, Start[field], Length[field]) : double.NaN;

        /// <summary>The ticks (UTC) of an ISO 8601 time such as 2018-07-02T22:23:00.186641Z, or -1.</summary>
        public long Ticks(int field) => Has(field) ? ParseTicks(Buffer, Start[field], Length[field]) : -1;

        [MethodImpl(HotPath.Options)]
        internal static long? ParseLong(byte[] b, int s, int n)
        {
            if (n == 0 || n > 18) return null;
            var neg = b[s] == (byte)'-';
            var i = neg ? 1 : 0;
            if (i == n) return null;
            long v = 0;
            for (; i < n; i++)
            {
                var d = b[s + i] - (byte)'0';
                if ((uint)d > 9) return null;
                v = v * 10 + d;
            }
            return neg ? -v : v;
        }

        [MethodImpl(HotPath.Options)]
        internal static double ParseDecimal(byte[] b, int s, int n)
        {
            if (n == 0 || n > 24) return double.NaN;
            var neg = b[s] == (byte)'-';
            var i = neg ? 1 : 0;
            long mantissa = 0;
            var scale = 0;
            var digits = 0;
            var seenDot = false;
            for (; i < n; i++)
            {
                var c = b[s + i];
                if (c == (byte)'.' && !seenDot) { seenDot = true; continue; }
                var d = c - (byte)'0';
                if ((uint)d > 9) return double.NaN;
                if (digits < 17) { mantissa = mantissa * 10 + d; digits++; if (seenDot) scale++; }
                else if (!seenDot) return double.NaN;
            }
            if (digits == 0) return double.NaN;
            double v = mantissa;
            if (scale > 0) v /= Pow10[scale];
            return neg ? -v : v;
        }

        private static readonly double[] Pow10 =
            { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18 };

        private static readonly int[] DaysBeforeMonth = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };

        [MethodImpl(HotPath.Options)]
        internal static long ParseTicks(byte[] b, int s, int n)
        {
            // yyyy-MM-ddTHH:mm:ss[.fraction]Z — fixed positions; anything else is unreadable.
            if (n < 20 || b[s + 4] != '-' || b[s + 7] != '-' || b[s + 10] != 'T' || b[s + 13] != ':' || b[s + 16] != ':' || b[s + n - 1] != 'Z')
                return -1;
            int year = D(b, s, 4), month = D(b, s + 5, 2), day = D(b, s + 8, 2), hour = D(b, s + 11, 2), minute = D(b, s + 14, 2), second = D(b, s + 17, 2);
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return -1;
            long fraction = 0;
            if (n > 20)
            {
                if (b[s + 19] != '.' || n - 21 < 1) return -1;
                var digits = 0;
                for (var i = s + 20; i < s + n - 1; i++)
                {
                    var d = b[i] - (byte)'0';
                    if ((uint)d > 9) return -1;
                    if (digits < 7) { fraction = fraction * 10 + d; digits++; }
                }
                for (; digits < 7; digits++) fraction *= 10;
            }
            var leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            if (day > (month == 2 ? (leap ? 29 : 28) : (month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31))) return -1;
            var y = year - 1;
            long days = y * 365L + y / 4 - y / 100 + y / 400 + DaysBeforeMonth[month - 1] + day - 1;
            if (leap && month > 2) days++;
            if (second == 60) second = 59; // a leap second: keep the line, clamp the time
            return (((days * 24 + hour) * 60 + minute) * 60 + second) * TimeSpan.TicksPerSecond + fraction;
        }

        [MethodImpl(HotPath.Options)]
        private static int D(byte[] b, int s, int n)
        {
            var v = 0;
            for (var i = 0; i < n; i++)
            {
                var d = b[s + i] - (byte)'0';
                if ((uint)d > 9) return -1;
                v = v * 10 + d;
            }
            return v;
        }
    }
}
