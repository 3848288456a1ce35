using System;

namespace AlbTroubleshoot
{
    /// <summary>
    /// Text the default views (AlbTroubleshoot.Format.ps1xml) shorten to fit 80 columns. Properties
    /// keep the full values; only what a table shows is shortened, keeping the part people tell
    /// values apart by.
    /// </summary>
    public static class ViewText
    {
        private static readonly char[] ArnSeparator = { ':' };
        private static readonly char[] ResourceSeparators = { '/', ':' };

        /// <summary>
        /// At most <paramref name="width"/> characters. An ARN keeps the end of its resource (a Lambda
        /// target "thumbnail-render", a target group "web/73e2d6bc24d8a067"); a URL its path; a file
        /// path its file name; anything else (an IPv6 address, a long name) its start and end around "…".
        /// Control characters are shown as <see cref="DisplayText.Safe(string)"/> shows them.
        /// </summary>
        public static string Fit(string? text, int width)
        {
            // Shortened after it is made safe, so the stand-ins for control characters count too.
            var value = DisplayText.Safe(text);
            if (width < 2 || value.Length <= width) return value;
            if (value.StartsWith("arn:", StringComparison.Ordinal))
            {
                var parts = value.Split(ArnSeparator, 6);
                var resource = parts.Length == 6 ? parts[5] : value;
                // Drop leading resource-type segments ("targetgroup/", "function:") while it is too long.
                while (resource.Length > width && resource.IndexOfAny(ResourceSeparators) is var cut && cut >= 0 && cut < resource.Length - 1)
                    resource = resource.Substring(cut + 1);
                return Middle(resource, width);
            }
            var scheme = value.IndexOf("://", StringComparison.Ordinal);
            if (scheme > 0)
            {
                var path = value.IndexOf('/', scheme + 3);
                return Middle(path > 0 ? value.Substring(path) : value, width);
            }
            var slash = Math.Max(value.LastIndexOf('/'), value.LastIndexOf('\\'));
            if (slash >= 0 && slash < value.Length - 1) return Middle(value.Substring(slash + 1), width);
            return Middle(value, width);
        }

        private static string Middle(string value, int width)
        {
            if (value.Length <= width) return value;
            var head = (width - 1) / 2;
            return value.Substring(0, head) + "…" + value.Substring(value.Length - (width - 1 - head));
        }
    }
}
