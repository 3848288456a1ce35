using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// The filters of Get-AlbAccessLog and Measure-AlbAccessLog, applied inside the reader on the raw
    /// bytes, so lines that do not match never become strings or objects.
    /// </summary>
    internal sealed class AccessLogQuery
    {
        private byte[][] targetGroupArns = Array.Empty<byte[]>();
        private StatusCodeFilter[] statusCodes = Array.Empty<StatusCodeFilter>();

        /// <summary>Keep lines whose elb_status_code matches one of these (codes or classes); empty keeps all.</summary>
        public IReadOnlyList<StatusCodeFilter> StatusCodes
        {
            get => statusCodes;
            set => statusCodes = (value ?? Array.Empty<StatusCodeFilter>()).ToArray();
        }

        /// <summary>Keep lines at or after this time (the log's time field, UTC). A Local time is converted; Unspecified counts as UTC.</summary>
        public DateTime? From { get; set; }

        /// <summary>Keep lines at or before this time.</summary>
        public DateTime? To { get; set; }

        /// <summary>Keep lines of these target groups (exact ARN); empty keeps all.</summary>
        public IReadOnlyList<string> TargetGroupArns
        {
            get => targetGroupArns.Select(b => Encoding.UTF8.GetString(b)).ToArray();
            set => targetGroupArns = (value ?? Array.Empty<string>()).Where(s => !string.IsNullOrEmpty(s)).Select(s => Encoding.UTF8.GetBytes(s)).ToArray();
        }

        /// <summary>The target-group filter reads a field past sent_bytes, so every field of each line is checked.</summary>
        internal bool ReadsAllFields => targetGroupArns.Length > 0;

        internal long FromTicks => From.HasValue ? ToUtc(From.Value).Ticks : long.MinValue;

        internal long ToTicks => To.HasValue ? ToUtc(To.Value).Ticks : long.MaxValue;

        private static DateTime ToUtc(DateTime t) => t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t;

        /// <summary>True when a well-formed line passes every filter (ticks: its time, already parsed).</summary>
        [MethodImpl(HotPath.Options)]
        internal bool Matches(LineView line, int? elbStatus, long ticks, long fromTicks, long toTicks)
        {
            if (ticks < fromTicks || ticks > toTicks) return false;
            if (statusCodes.Length > 0)
            {
                if (!elbStatus.HasValue) return false;
                var any = false;
                foreach (var f in statusCodes)
                {
                    if (f.Matches(elbStatus.Value)) { any = true; break; }
                }
                if (!any) return false;
            }
            if (targetGroupArns.Length > 0)
            {
                var any = false;
                foreach (var arn in targetGroupArns)
                {
                    if (line.BytesEqual(Field.TargetGroupArn, arn)) { any = true; break; }
                }
                if (!any) return false;
            }
            return true;
        }
    }
}
