using System;
using System.Linq;
using System.Text;

namespace AlbTroubleshoot.Reporting
{
    /// <summary>
    /// Writes a report as one self-contained HTML page: inline CSS (screen and print), no scripts,
    /// no external fonts, images or style sheets, so it opens the same offline, in a mail client or
    /// from a ticket attachment. Every text goes through <see cref="Escape"/>; the markup is also
    /// well-formed XML (every element closed, only the five XML entities), so tools can parse it.
    /// </summary>
    internal static class HtmlReportWriter
    {
        public static string Write(ReportDocument document)
        {
            var sb = new StringBuilder();
            sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
              .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n")
              .Append("<meta name=\"generator\" content=\"AlbTroubleshoot\" />\n")
              .Append("<title>").Append(Escape(document.Title)).Append("</title>\n")
              .Append("<style>").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");
            foreach (var block in document.Blocks) WriteBlock(sb, block);
            sb.Append("</main>\n</body>\n</html>\n");
            return sb.ToString();
        }

        private static void WriteBlock(StringBuilder sb, Block block)
        {
            switch (block)
            {
                case Heading h:
                    sb.Append("<h").Append(h.Level).Append('>').Append(Inlines(h.Content)).Append("</h").Append(h.Level).Append(">\n");
                    break;
                case Paragraph p:
                    sb.Append("<p>").Append(Inlines(p.Content)).Append("</p>\n");
                    break;
                case Fields f:
                    sb.Append("<dl class=\"fields\">\n");
                    foreach (var item in f.Items)
                        sb.Append("<dt>").Append(Escape(item.Key)).Append("</dt><dd>").Append(Inlines(item.Value)).Append("</dd>\n");
                    sb.Append("</dl>\n");
                    break;
                case BulletList l:
                    sb.Append("<ul>\n");
                    foreach (var item in l.Items) sb.Append("<li>").Append(Inlines(item)).Append("</li>\n");
                    sb.Append("</ul>\n");
                    break;
                case Table t:
                    sb.Append("<div class=\"table-wrap\"><table>\n<thead><tr>");
                    foreach (var header in t.Headers) sb.Append("<th>").Append(Escape(header)).Append("</th>");
                    sb.Append("</tr></thead>\n<tbody>\n");
                    foreach (var row in t.Rows)
                    {
                        sb.Append("<tr>");
                        foreach (var cell in row) sb.Append("<td>").Append(Inlines(cell)).Append("</td>");
                        sb.Append("</tr>\n");
                    }
                    sb.Append("</tbody>\n</table></div>\n");
                    break;
                case Section s:
                    sb.Append("<section class=\"").Append(CssName(s.Role));
                    var badge = s.Children.OfType<Heading>().FirstOrDefault()?.Content.OfType<BadgeInline>().FirstOrDefault();
                    if (badge is not null) sb.Append(" is-").Append(CssName(badge.Value));
                    sb.Append("\">\n");
                    foreach (var child in s.Children) WriteBlock(sb, child);
                    sb.Append("</section>\n");
                    break;
                case Chart c:
                    SvgChart.Write(sb, c);
                    break;
                default:
                    throw new NotSupportedException("No HTML for " + block.GetType().Name);
            }
        }

        private static string Inlines(Inline[] content) => string.Concat(content.Select(Inline));

        private static string Inline(Inline inline)
        {
            switch (inline)
            {
                case TextInline t: return Escape(t.Value);
                case CodeInline c: return "<code>" + Escape(c.Value) + "</code>";
                case BadgeInline b: return "<span class=\"badge badge-" + CssName(b.Value) + "\">" + Escape(b.Value) + "</span>";
                case LinkInline l:
                    // Only web links become anchors: a javascript: or data: URL in the data stays text.
                    return MarkdownReportWriter.IsWebUrl(l.Url)
                        ? "<a href=\"" + Escape(l.Url) + "\">" + Escape(l.Value) + "</a>"
                        : Escape(l.Value);
                default: throw new NotSupportedException("No HTML for " + inline.GetType().Name);
            }
        }

        /// <summary>
        /// Escapes the five characters that matter in HTML text and attributes, after replacing control,
        /// bidirectional and separator characters visibly (<see cref="DisplayText"/>: the page may be
        /// printed on a terminal, and XML forbids most controls), so no input can add markup, break
        /// the document or reorder what is read. Line feeds stay: in HTML they are spaces.
        /// </summary>
        internal static string Escape(string text)
        {
            var safe = DisplayText.Safe(text, keepLineFeeds: true);
            var sb = new StringBuilder(safe.Length + 16);
            foreach (var c in safe)
            {
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '"': sb.Append("&quot;"); break;
                    case '\'': sb.Append("&#39;"); break;
                    default:
                        sb.Append(c == '\uFFFE' || c == '\uFFFF' ? '\uFFFD' : c);
                        break;
                }
            }
            return sb.ToString();
        }

        /// <summary>A verdict or role as a CSS class fragment: lower-case letters and digits only.</summary>
        private static string CssName(string value) =>
            new string(value.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

        private const string Css = @"
:root { color-scheme: light; --ink: #1d232b; --muted: #5b6573; --line: #d5dbe3; --panel: #f6f8fa;
  --red: #b42318; --red-bg: #fde8e6; --amber: #8a5300; --amber-bg: #fff1d6; --blue: #1f5fb4; --blue-bg: #e3eefc;
  --green: #1e7a3c; --green-bg: #e2f4e8; --grey: #4b5563; --grey-bg: #eceff3; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 6px; }
h2 { font-size: 21px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 17px; margin: 24px 0 8px; }
h4 { font-size: 15px; margin: 0 0 8px; }
p { margin: 6px 0 10px; }
a { color: var(--blue); overflow-wrap: anywhere; }
code { font: 13px/1.4 ui-monospace, 'Cascadia Mono', Consolas, 'DejaVu Sans Mono', monospace; background: var(--panel); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; overflow-wrap: anywhere; }
ul { margin: 4px 0 10px; padding-left: 22px; }
li { margin: 2px 0; overflow-wrap: anywhere; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 6px 0 12px; }
dl.fields dt { font-weight: 600; color: var(--muted); }
dl.fields dd { margin: 0; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; margin: 8px 0 14px; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border: 1px solid var(--line); overflow-wrap: break-word; }
td code { white-space: nowrap; }
th { background: var(--panel); font-weight: 600; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12.5px; font-weight: 700; line-height: 20px; white-space: nowrap; border: 1px solid transparent; }
.badge-problems, .badge-confirmed, .badge-blocked { color: var(--red); background: var(--red-bg); border-color: #f5b5ae; }
.badge-likely, .badge-partiallyblocked { color: #9a3412; background: #ffe7d6; border-color: #f9c39c; }
.badge-possible, .badge-unknown { color: var(--amber); background: var(--amber-bg); border-color: #f2cf8a; }
.badge-healthy, .badge-reachable, .badge-allowed, .badge-ruledout { color: var(--green); background: var(--green-bg); border-color: #a9dcb9; }
.badge-notapplicable, .badge-notevaluated { color: var(--grey); background: var(--grey-bg); border-color: #cfd5dd; }
section.loadbalancer { margin-top: 8px; }
section.finding { border: 1px solid var(--line); border-left: 5px solid var(--grey); border-radius: 6px; padding: 12px 16px 6px; margin: 0 0 14px; background: #fff; }
section.finding.is-confirmed { border-left-color: var(--red); }
section.finding.is-likely { border-left-color: #e8590c; }
section.finding.is-possible, section.finding.is-unknown { border-left-color: #e0a21b; }
figure.chart { margin: 8px 0 16px; }
figure.chart svg { display: block; width: 100%; max-width: 760px; height: auto; font-family: inherit; }
figure.chart figcaption { font-size: 13px; color: var(--muted); }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3, h4 { break-after: avoid; page-break-after: avoid; }
  section.finding, tr, figure.chart { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 9pt; }
  a { color: var(--ink); text-decoration: none; }
  .badge, section.finding, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
";
    }
}
