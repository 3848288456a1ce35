using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace AlbTroubleshoot.Probe
{
    /// <summary>
    /// Checks every value that goes into a probe request, whether a user typed it or a snapshot file
    /// held it: only a plain host, a port and a path made of URI characters can reach the wire, so
    /// no value can add a header (CR/LF), a second request or a different method.
    /// </summary>
    internal static class ProbeInput
    {
        /// <summary>AWS allows health-check paths up to 1024 characters (CreateTargetGroup HealthCheckPath).</summary>
        public const int MaxPathLength = 1024;

        private static readonly char[] NotInAnAddress = { '[', ']', '/', ' ' };

        /// <summary>The value if it is an IP address or a DNS host name (RFC 1123), else an ArgumentException saying why.</summary>
        public static string CheckHost(string? host)
        {
            var problem = HostProblem(host);
            if (problem is not null) throw new ArgumentException(problem, nameof(host));
            return host!;
        }

        /// <summary>Why the value is not an IP address or a host name; null when it is one.</summary>
        public static string? HostProblem(string? host)
        {
            if (string.IsNullOrEmpty(host)) return "The address is empty.";
            // Brackets and slashes would let "[::1]:80" or a URL pass as an address: give the address alone.
            if (host!.IndexOfAny(NotInAnAddress) >= 0) return "'" + Quote(host) + "' is not an IP address or a host name: give the address alone, without brackets, port or URL.";
            if (IPAddress.TryParse(host, out _) && (host.IndexOf(':') >= 0 || host.Count(c => c == '.') == 3)) return null;
            if (host.Length > 253) return "'" + Quote(host) + "' is not an IP address or a host name: longer than 253 characters.";
            var labels = host.Split('.');
            // An all-digit last label is a mistyped IPv4 address ("10.0.1"), never a host name.
            if (labels[labels.Length - 1].All(char.IsDigit)) return "'" + Quote(host) + "' is not an IP address (an IPv4 address has four parts) or a host name.";
            foreach (var label in labels)
            {
                var valid = label.Length is > 0 and <= 63 && label[0] != '-' && label[label.Length - 1] != '-' &&
                    label.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-');
                if (!valid) return "'" + Quote(host) + "' is not an IP address or a host name (letters, digits, '-' and '.' only; for IPv4 give all four parts).";
            }
            return null;
        }

        public static int CheckPort(int port, string name)
        {
            if (port < 1 || port > 65535) throw new ArgumentOutOfRangeException(name, port, "A port is a number from 1 to 65535.");
            return port;
        }

        /// <summary>
        /// Why the value cannot be sent as a request path; null when it can. A path is "/" followed by
        /// RFC 3986 path and query characters (percent-encoded where needed), at most 1024 of them:
        /// what AWS accepts as HealthCheckPath. No space, control character (CR, LF), '#' or non-ASCII.
        /// </summary>
        public static string? PathProblem(string? path)
        {
            if (string.IsNullOrEmpty(path)) return "The path is empty; a path starts with '/'.";
            if (path![0] != '/') return "The path '" + Quote(path) + "' does not start with '/'.";
            if (path.Length > MaxPathLength) return "The path is " + path.Length.ToString(CultureInfo.InvariantCulture) + " characters long; AWS allows at most 1024.";
            for (var i = 0; i < path.Length; i++)
            {
                var c = path[i];
                if (c == '%')
                {
                    if (i + 2 >= path.Length || !IsHex(path[i + 1]) || !IsHex(path[i + 2]))
                        return "The path '" + Quote(path) + "' has a '%' that is not followed by two hexadecimal digits.";
                    continue;
                }
                if (!IsPathCharacter(c))
                    return "The path '" + Quote(path) + "' contains " + Describe(c) + " at position " + (i + 1).ToString(CultureInfo.InvariantCulture) +
                        ", which a request path cannot hold (percent-encode it).";
            }
            return null;
        }

        private static bool IsHex(char c) => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F');

        // RFC 3986 pchar / "/" / "?": unreserved, sub-delims, ":" and "@".
        private static bool IsPathCharacter(char c) =>
            c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or
                '-' or '.' or '_' or '~' or '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=' or ':' or '@' or '/' or '?';

        private static string Describe(char c) =>
            c switch
            {
                '\r' => "a carriage return (CR)",
                '\n' => "a line feed (LF)",
                ' ' => "a space",
                _ => c < 0x20 || c == 0x7f ? "the control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
                    : "'" + Quote(c.ToString()) + "'",
            };

        /// <summary>
        /// Text from a target or a file, for a message: cut after <paramref name="max"/> characters
        /// ("..." marks the cut) and shown through <see cref="DisplayText.Safe(string)"/>, so control
        /// characters, escape sequences and bidirectional overrides appear as visible stand-ins.
        /// </summary>
        public static string Quote(string? text, int max = 80)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            return DisplayText.Safe(text!.Length > max ? text.Substring(0, max) + "..." : text);
        }

        /// <summary>Bytes from the wire as <see cref="Quote(string, int)"/> writes them (each byte one Latin-1 character).</summary>
        public static string Quote(byte[] bytes, int offset, int count, int max = 80)
        {
            if (bytes is null) throw new ArgumentNullException(nameof(bytes));
            var chars = new char[Math.Min(count, max + 1)];
            for (var i = 0; i < chars.Length; i++) chars[i] = (char)bytes[offset + i];
            return Quote(new string(chars), max);
        }
    }

    /// <summary>
    /// A health-check matcher (Matcher.HttpCode): codes and ranges such as "200", "200,202" or
    /// "200-299", each from 200 to 499 as AWS allows
    /// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html).
    /// </summary>
    internal sealed class HttpCodeMatcher
    {
        private readonly IReadOnlyList<(int Low, int High)> _ranges;

        private HttpCodeMatcher(string text, IReadOnlyList<(int, int)> ranges)
        {
            Text = text;
            _ranges = ranges;
        }

        /// <summary>The matcher as written ("200-299").</summary>
        public string Text { get; }

        public bool Matches(int code) => _ranges.Any(r => code >= r.Low && code <= r.High);

        /// <summary>The matcher, or a FormatException saying what is wrong.</summary>
        public static HttpCodeMatcher Parse(string? text) =>
            TryParse(text, out var matcher, out var problem) ? matcher! : throw new FormatException(problem);

        public static bool TryParse(string? text, out HttpCodeMatcher? matcher, out string? problem)
        {
            matcher = null;
            problem = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                problem = "The matcher is empty; give codes such as 200, 200,202 or 200-299.";
                return false;
            }
            var ranges = new List<(int, int)>();
            foreach (var raw in text!.Split(','))
            {
                var part = raw.Trim();
                var dash = part.IndexOf('-');
                var lowText = dash < 0 ? part : part.Substring(0, dash).Trim();
                var highText = dash < 0 ? part : part.Substring(dash + 1).Trim();
                if (!IsCode(lowText, out var low) || !IsCode(highText, out var high) || low > high)
                {
                    problem = "The matcher '" + ProbeInput.Quote(text) + "' is not a list of HTTP codes or ranges from 200 to 499 (e.g. 200, 200,202 or 200-299): '" +
                        ProbeInput.Quote(part) + "'.";
                    return false;
                }
                ranges.Add((low, high));
            }
            matcher = new HttpCodeMatcher(text.Trim(), ranges);
            return true;
        }

        private static bool IsCode(string text, out int code) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out code) && code >= 200 && code <= 499;

        public override string ToString() => Text;
    }
}
