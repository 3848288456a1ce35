using System;
using System.Globalization;

namespace AlbTroubleshoot
{
    /// <summary>
    /// One value of a -StatusCode parameter: a code (502, or 0 for HTTP/2 "000") or a class ("5XX").
    /// PowerShell converts ints through the int constructor and text through the string one, so
    /// <c>-StatusCode 502,'4XX'</c> and piped codes bind, while unrelated piped objects do not.
    /// </summary>
    public sealed class StatusCodeFilter : IEquatable<StatusCodeFilter>
    {
        public StatusCodeFilter(int code)
        {
            if (code < 0 || code > 999)
                throw new ArgumentOutOfRangeException(nameof(code), code, "An HTTP status code has three digits.");
            Code = code;
        }

        public StatusCodeFilter(string text)
        {
            var t = (text ?? throw new ArgumentNullException(nameof(text))).Trim();
            if (t.Length == 3 && (t[0] == '4' || t[0] == '5') && (t[1] == 'X' || t[1] == 'x') && (t[2] == 'X' || t[2] == 'x'))
            {
                Class = t[0] - '0';
                return;
            }
            if (t.Length > 0 && t.Length <= 3 && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                Code = code;
                return;
            }
            throw new FormatException($"'{text}' is not a status code: give a number such as 502, or a class 4XX or 5XX.");
        }

        /// <summary>The exact code, or null when this is a class.</summary>
        public int? Code { get; }

        /// <summary>4 or 5 for the classes 4XX and 5XX, or null when this is an exact code.</summary>
        public int? Class { get; }

        public bool Matches(int statusCode) => Code.HasValue ? Code.Value == statusCode : statusCode / 100 == Class;

        public override string ToString() =>
            Code.HasValue ? Code.Value.ToString("000", CultureInfo.InvariantCulture) : Class + "XX";

        public bool Equals(StatusCodeFilter? other) => other is not null && other.Code == Code && other.Class == Class;

        public override bool Equals(object? obj) => Equals(obj as StatusCodeFilter);

        public override int GetHashCode() => (Code ?? -(Class ?? 0)).GetHashCode();
    }
}
