using System;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using AlbTroubleshoot.CloudWatch;

namespace AlbTroubleshoot.Reporting
{
    /// <summary>
    /// Writes a report as CommonMark/GitHub Markdown for a ticket. Text is escaped so that what AWS
    /// returned (names, descriptions, tag values) and what the access logs hold (request URLs, user
    /// agents) can never become markup, links or HTML in the ticket, nor control a terminal the
    /// report is printed on (<see cref="DisplayText"/>). URLs, www. addresses and e-mail addresses
    /// in text are written as code, which GitHub's autolinking does not touch; only the catalog's
    /// references are links.
    /// </summary>
    internal static class MarkdownReportWriter
    {
        public static string Write(ReportDocument document)
        {
            var sb = new StringBuilder();
            foreach (var block in document.Blocks) WriteBlock(sb, block);
            return sb.ToString().TrimEnd('\n') + "\n";
        }

        private static void WriteBlock(StringBuilder sb, Block block)
        {
            switch (block)
            {
                case Heading h:
                    sb.Append('#', h.Level).Append(' ').Append(Inlines(h.Content)).Append("\n\n");
                    break;
                case Paragraph p:
                    sb.Append(Inlines(p.Content)).Append("\n\n");
                    break;
                case Fields f:
                    foreach (var item in f.Items)
                        sb.Append("- **").Append(Escape(item.Key)).Append(":** ").Append(Inlines(item.Value)).Append('\n');
                    sb.Append('\n');
                    break;
                case BulletList l:
                    foreach (var item in l.Items) sb.Append("- ").Append(Inlines(item)).Append('\n');
                    sb.Append('\n');
                    break;
                case Table t:
                    sb.Append("| ").Append(string.Join(" | ", t.Headers.Select(Escape))).Append(" |\n");
                    sb.Append('|').Append(string.Concat(t.Headers.Select(_ => "---|"))).Append('\n');
                    foreach (var row in t.Rows)
                        sb.Append("| ").Append(string.Join(" | ", row.Select(Inlines))).Append(" |\n");
                    sb.Append('\n');
                    break;
                case Section s:
                    foreach (var child in s.Children) WriteBlock(sb, child);
                    break;
                case Chart c:
                    WriteBlock(sb, new Paragraph(Reporting.Inline.Text(c.Title + ":")));
                    WriteBlock(sb, ChartTable(c));
                    break;
                default:
                    throw new NotSupportedException("No Markdown for " + block.GetType().Name);
            }
        }

        /// <summary>A chart as a table: one row per series with its total, low, peak and when, and the findings that quote it.</summary>
        private static Table ChartTable(Chart chart)
        {
            var table = new Table("Metric", "Where", "Total", "Low", "Peak", "When", "Cited by");
            foreach (var s in chart.Series)
            {
                var sum = s.Statistic == "Sum";
                var cited = string.Join(", ", chart.Marks.Where(m => ReferenceEquals(m.Series, s)).Select(m => m.Label).Distinct(StringComparer.Ordinal));
                table.AddRow(
                    new[] { Reporting.Inline.Code(s.MetricName), Reporting.Inline.Text(sum ? string.Empty : " (" + s.Statistic + ")") },
                    new[] { Reporting.Inline.Text(Chart.Where(s)) },
                    new[] { Reporting.Inline.Text(sum ? MetricEvidence.Number(s.Total) : string.Empty) },
                    new[] { Reporting.Inline.Text(Low(s)) },
                    new[] { Reporting.Inline.Text(s.Timestamps.Length > 0 ? MetricEvidence.Number(s.Maximum) : "no data") },
                    new[] { Reporting.Inline.Text(s.PeakTime is { } at ? MetricEvidence.Time(at) : string.Empty) },
                    new[] { Reporting.Inline.Text(cited) });
            }
            return table;
        }

        /// <summary>The lowest value, with its time when the series moved (a healthy-host count falling is news).</summary>
        private static string Low(MetricSeries s)
        {
            if (s.Minimum is not { } low) return string.Empty;
            return low < s.Maximum ? MetricEvidence.Number(low) + " at " + MetricEvidence.Time(s.Timestamps[Array.IndexOf(s.Values, low)]) : MetricEvidence.Number(low);
        }

        private static string Inlines(Inline[] content) => string.Concat(content.Select(Inline));

        private static string Inline(Inline inline)
        {
            switch (inline)
            {
                case TextInline t: return Escape(t.Value);
                case BadgeInline b: return "**" + Escape(b.Value) + "**";
                case CodeInline c: return CodeSpan(c.Value);
                case LinkInline l:
                    return IsWebUrl(l.Url) ? "[" + EscapeMarkup(DisplayText.Safe(OneLine(l.Value))) + "](" + UrlForMarkdown(DisplayText.Safe(OneLine(l.Url))) + ")" : Escape(l.Value);
                default: throw new NotSupportedException("No Markdown for " + inline.GetType().Name);
            }
        }

        /// <summary>
        /// Text as Markdown: on one line (every block here is one line: a list item, a table cell),
        /// made safe for a terminal, with anything GitHub would autolink (a URL, a www. address, an
        /// e-mail address) written as code, and the rest escaped (<see cref="EscapeMarkup"/>).
        /// </summary>
        internal static string Escape(string text)
        {
            var safe = DisplayText.Safe(OneLine(text));
            var sb = new StringBuilder(safe.Length + 8);
            var last = 0;
            foreach (Match m in Linkable.Matches(safe))
            {
                var length = m.Length;
                while (length > 1 && TrailingPunctuation.IndexOf(safe[m.Index + length - 1]) >= 0) length--;   // "see https://x." keeps its period outside
                sb.Append(EscapeMarkup(safe.Substring(last, m.Index - last))).Append(CodeSpan(safe.Substring(m.Index, length)));
                last = m.Index + length;
            }
            return sb.Append(EscapeMarkup(safe.Substring(last))).ToString();
        }

        // GitHub Flavored Markdown autolinks (extension): scheme:// URLs, www. addresses, mailto:/xmpp: and e-mail addresses.
        private static readonly Regex Linkable = new Regex(
            @"(?i)(?:\b[a-z][a-z0-9+.-]*://|\bwww\.|\b(?:mailto|xmpp):)[^\s<>`]*|[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+",
            RegexOptions.CultureInvariant);

        private const string TrailingPunctuation = ".,;:!?'\")*_~";

        private static string OneLine(string text) => (text ?? string.Empty).Replace("\r\n", " ").Replace('\n', ' ');

        /// <summary>
        /// Backslash-escapes every character that could start markup, and writes &lt; &gt; &amp; as
        /// entities so no HTML reaches the renderer. An underscore inside a word is left alone (it never
        /// starts emphasis), so attribute names such as idle_timeout.timeout_seconds stay readable.
        /// </summary>
        private static string EscapeMarkup(string text)
        {
            var sb = new StringBuilder(text.Length + 8);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '#' when i == 0:
                        sb.Append("\\#");
                        break;
                    case '_':
                        var inWord = i > 0 && char.IsLetterOrDigit(text[i - 1]) && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]);
                        sb.Append(inWord ? "_" : "\\_");
                        break;
                    case '\\': case '`': case '*': case '[': case ']': case '|': case '~':
                        sb.Append('\\').Append(c);
                        break;
                    default:
                        sb.Append(c);
                        break;
                }
            }
            return sb.ToString();
        }

        /// <summary>A code span whose fence is longer than any backtick run inside; pipes escaped so it survives a table cell.</summary>
        private static string CodeSpan(string text)
        {
            var value = DisplayText.Safe(OneLine(text)).Replace("|", "\\|");
            var longest = 0;
            var run = 0;
            foreach (var c in value)
            {
                run = c == '`' ? run + 1 : 0;
                longest = Math.Max(longest, run);
            }
            var fence = new string('`', longest + 1);
            var pad = value.StartsWith("`", StringComparison.Ordinal) || value.EndsWith("`", StringComparison.Ordinal) ? " " : string.Empty;
            return fence + pad + value + pad + fence;
        }

        internal static bool IsWebUrl(string url) =>
            Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

        private static string UrlForMarkdown(string url) =>
            url.Replace(" ", "%20").Replace("(", "%28").Replace(")", "%29").Replace("<", "%3C").Replace(">", "%3E");
    }
}
