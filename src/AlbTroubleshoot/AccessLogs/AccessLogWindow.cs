using System;
using System.Globalization;
using System.Management.Automation;
using AlbTroubleshoot.Localization;

namespace AlbTroubleshoot
{
    /// <summary>
    /// The time window of the access-log parameters (-From/-To, -AccessLogFrom/-AccessLogTo): a window
    /// that ends before it starts would select no line, silently, so it is an error instead. Times
    /// compare as the reader compares them (AccessLogQuery): Local converted to UTC, Unspecified as UTC.
    /// </summary>
    internal static class AccessLogWindow
    {

        /// <summary>An InvalidAccessLogWindow error when <paramref name="to"/> is before <paramref name="from"/>; null otherwise.</summary>
        public static ErrorRecord? Check(DateTime? from, DateTime? to, string fromParameter, string toParameter)
        {
            if (!from.HasValue || !to.HasValue || ToUtc(to.Value) >= ToUtc(from.Value)) return null;
            return new ErrorRecord(
                new ArgumentException(ErrorMessages.InvalidAccessLogWindow.Format(toParameter, Text(to.Value), fromParameter, Text(from.Value))),
                ErrorIds.InvalidAccessLogWindow, ErrorCategory.InvalidArgument, to.Value);
        }

        private static DateTime ToUtc(DateTime t) => t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t;

        private static string Text(DateTime t) => ToUtc(t).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
    }
}
