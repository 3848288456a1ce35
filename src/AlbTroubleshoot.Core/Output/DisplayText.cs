using System.Globalization;
using System.Text;

namespace AlbTroubleshoot
{
    /// <summary>
    /// Text from access logs, snapshot files and AWS made safe to show: the one function the default
    /// views (the format file calls <c>[AlbTroubleshoot.DisplayText]::Safe(…)</c>), the Markdown and
    /// HTML reports and error messages use. A terminal obeys control characters (ESC starts colour,
    /// cursor and OSC sequences such as window titles or hyperlinks, CR returns to the start of the
    /// line and overwrites it), and bidirectional overrides reorder what is shown (CVE-2021-42574),
    /// so a log line could rewrite what the user reads. Each is replaced by something visible:
    /// <list type="bullet">
    /// <item>C0 controls become their Unicode control pictures (ESC → ␛, CR → ␍, LF → ␊), DEL → ␡;
    /// a tab becomes a space;</item>
    /// <item>C1 controls (U+0080–U+009F, which some terminals read as 8-bit CSI/OSC), bidirectional
    /// marks, embeddings, overrides and isolates, and the line and paragraph separators become
    /// <c>&lt;U+XXXX&gt;</c>.</item>
    /// </list>
    /// The objects keep the original text; only what is displayed changes.
    /// </summary>
    public static class DisplayText
    {
        /// <summary>The text with every control, bidirectional and separator character replaced visibly; null becomes empty.</summary>
        public static string Safe(string? text) => Safe(text, keepLineFeeds: false);

        /// <summary>
        /// As <see cref="Safe(string)"/>; with <paramref name="keepLineFeeds"/> a line feed (or CR LF)
        /// stays a line break, for outputs where a new line cannot overwrite anything (an HTML page).
        /// </summary>
        public static string Safe(string? text, bool keepLineFeeds)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            var value = text!;
            var i = 0;
            while (i < value.Length && !NeedsReplacing(value[i])) i++;
            if (i == value.Length) return value;

            var sb = new StringBuilder(value.Length + 16).Append(value, 0, i);
            for (; i < value.Length; i++)
            {
                var c = value[i];
                if (!NeedsReplacing(c)) sb.Append(c);
                else if (c == '\t') sb.Append(' ');
                else if (keepLineFeeds && c == '\n') sb.Append('\n');
                else if (keepLineFeeds && c == '\r' && i + 1 < value.Length && value[i + 1] == '\n') continue;
                else if (c < ' ') sb.Append((char)(0x2400 + c));
                else if (c == '\u007F') sb.Append('\u2421');
                else sb.Append("<U+").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append('>');
            }
            return sb.ToString();
        }

        /// <summary>True for the characters <see cref="Safe(string)"/> replaces.</summary>
        public static bool NeedsReplacing(char c) =>
            c < ' ' || (c >= '\u007F' && c <= '\u009F')
            || c == '\u061C' || c == '\u200E' || c == '\u200F'
            || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
            || c == '\u2028' || c == '\u2029';
    }
}
