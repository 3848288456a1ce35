using System;
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
    }

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

        // Where tokenizing stopped, so that fields are split only when someone asks for them.
        private int next;
        private int lineEnd;
        private bool unclosed;

        /// <summary>
        /// Splits bytes [from, to) (no newline) into fields: separated by one space; a field that starts
        /// with a quote runs to the next quote followed by a space or the end of the line. Returns false
        /// for a quote that is never closed. Fields beyond <see cref="Field.Max"/> are dropped.
        /// </summary>
        public bool Tokenize(byte[] buffer, int from, int to) => TokenizeFirst(buffer, from, to, Field.Max) && TokenizeAll();

        /// <summary>
        /// Splits only the first <paramref name="fields"/> fields; the rest are split on first use
        /// (<see cref="Has"/>). Measure-AlbAccessLog reads a dozen fields of a successful line, not 33.
        /// </summary>
        public bool TokenizeFirst(byte[] buffer, int from, int to, int fields)
        {
            Buffer = buffer;
            Count = 0;
            unclosed = false;
            if (to > from && buffer[to - 1] == (byte)'\r') to--;
            next = from;
            lineEnd = to;
            return SplitUntil(fields);
        }

        /// <summary>Splits every remaining field; false when a quoted field is not closed.</summary>
        public bool TokenizeAll() => SplitUntil(Field.Max) && next >= lineEnd;

        private bool SplitUntil(int fields)
        {
            if (unclosed) return false;
            var buffer = Buffer;
            var to = lineEnd;
            var i = next;
            while (i < to && Count < fields)
            {
                int start, end;
                if (buffer[i] == (byte)'"')
                {
                    start = i + 1;
                    end = start;
                    while (true)
                    {
                        end = Array.IndexOf(buffer, (byte)'"', end, to - end);
                        if (end < 0)
                        {
                            unclosed = true;
                            next = to;
                            return false;
                        }
                        if (end + 1 == to || buffer[end + 1] == (byte)' ') break;
                        end++;
                    }
                    i = end + 2;
                }
                else
                {
                    start = i;
                    end = Array.IndexOf(buffer, (byte)' ', i, to - i);
                    if (end < 0) end = to;
                    i = end + 1;
                }
                Start[Count] = start;
                Length[Count] = end - start;
                Count++;
            }
            // Past Field.Max fields the rest of the line is ignored.
            next = Count >= Field.Max ? to : i;
            return true;
        }

        public bool Has(int field) => field < Count || (next < lineEnd && field < Field.Max && SplitUntil(field + 1) && field < Count);


        public bool IsDash(int field) => Has(field) && Length[field] == 1 && Buffer[Start[field]] == (byte)'-';

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
        public int? Int(int field)
        {
            if (!Has(field)) return null;
            var v = ParseLong(Buffer, Start[field], Length[field]);
            return v.HasValue && v.Value >= int.MinValue && v.Value <= int.MaxValue ? (int)v.Value : null;
        }

        public long? Long(int field) => Has(field) ? ParseLong(Buffer, Start[field], Length[field]) : null;

        /// <summary>Seconds such as 0.001 or -1; NaN when unreadable.</summary>
        public double Seconds(int field) => Has(field) ? ParseDecimal(Buffer, Start[field], Length[field]) : double.NaN;

        /// <summary>The ticks (UTC) of an ISO 8601 time such as 2018-07-02T22:23:00.186641Z, or -1.</summary>
        public long Ticks(int field) => Has(field) ? ParseTicks(Buffer, Start[field], Length[field]) : -1;

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
