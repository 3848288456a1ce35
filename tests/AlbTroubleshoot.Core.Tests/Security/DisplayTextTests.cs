using System;
using System.Linq;
using System.Text.RegularExpressions;
using AlbTroubleshoot.Reporting;
using Xunit;
using static AlbTroubleshoot.Tests.Reporting.DiagnosisTests;

namespace AlbTroubleshoot.Tests.Security
{
    /// <summary>
    /// Control characters, terminal escape sequences and bidirectional overrides from logs and AWS
    /// data never reach a terminal or a report raw, and URLs from logs never become links.
    /// </summary>
    public class DisplayTextTests
    {
        /// <summary>A name from a hostile snapshot or log: colour, clear screen, an OSC 8 hyperlink and window title, CR overwrite, C1 CSI, RTL override.</summary>
        internal const string Hostile = "web\u001b[31mRED\u001b[2J\u001b]8;;http://evil.example/\u0007click\u001b]8;;\u0007\u001b]0;pwned\u001b\\\rOK\u009b31m\u202Egnp.exe\u2066x\u2069\u0000\u007f\u2028end";

        [Fact]
        public void Every_control_and_bidirectional_character_becomes_visible()
        {
            var safe = DisplayText.Safe(Hostile);
            Assert.DoesNotContain(safe, DisplayText.NeedsReplacing);
            Assert.Equal("web␛[31mRED␛[2J␛]8;;http://evil.example/␇click␛]8;;␇␛]0;pwned␛\\␍OK<U+009B>31m<U+202E>gnp.exe<U+2066>x<U+2069>␀␡<U+2028>end", safe);
        }

        [Fact]
        public void Ordinary_text_is_returned_as_is_and_tabs_become_spaces()
        {
            const string text = "GET https://web.example.com/über?a=1 HTTP/1.1 — 名前";
            Assert.Same(text, DisplayText.Safe(text));
            Assert.Equal("a b", DisplayText.Safe("a\tb"));
            Assert.Equal(string.Empty, DisplayText.Safe(null));
            Assert.Equal("a␊b", DisplayText.Safe("a\nb"));
            Assert.Equal("a\nb\nc␍", DisplayText.Safe("a\r\nb\nc\r", keepLineFeeds: true));
        }

        private static Diagnosis HostileDiagnosis(string text) => new Diagnosis(text, "arn",
            new[] { Finding("504.TargetResponseTimeout", CauseVerdict.Likely, text) }, new[] { Path("Blocked", text) }, new[] { Nacl("Blocked") });

        [Theory]
        [InlineData(ReportFormat.Markdown)]
        [InlineData(ReportFormat.Html)]
        public void Reports_carry_no_control_or_bidirectional_character_from_the_data(ReportFormat format)
        {
            var report = DiagnosisReport.Render(new[] { HostileDiagnosis(Hostile) }, format, new DateTime(2026, 11, 25, 9, 30, 0, DateTimeKind.Utc));
            // Line feeds are the report's own structure; nothing else of the kind may be there.
            Assert.DoesNotContain(report, c => c != '\n' && DisplayText.NeedsReplacing(c));
            Assert.Contains("␛[31mRED", report, StringComparison.Ordinal);
            Assert.Contains("&lt;U+202E&gt;gnp.exe", report, StringComparison.Ordinal);
        }

        [Fact]
        public void Markdown_writes_URLs_and_addresses_from_the_data_as_code_so_they_are_never_links()
        {
            const string evidence = "Access logs: 5 of 45 lines, e.g. GET https://evil.example/login?next=x (user agent \"Mozilla/5.0 (compatible; +http://www.bot.example/bot.html)\"), " +
                                    "see www.evil.example or write to admin@evil.example, mailto:admin@evil.example.";
            var md = DiagnosisReport.Render(new[] { HostileDiagnosis(evidence) }, ReportFormat.Markdown, new DateTime(2026, 11, 25, 9, 30, 0, DateTimeKind.Utc));
            Assert.Contains("`https://evil.example/login?next=x`", md, StringComparison.Ordinal);
            Assert.Contains("`http://www.bot.example/bot.html`", md, StringComparison.Ordinal);
            Assert.Contains("`www.evil.example`", md, StringComparison.Ordinal);
            Assert.Contains("`admin@evil.example`", md, StringComparison.Ordinal);
            // Outside code spans and the catalog's own links, nothing GitHub would autolink is left.
            var prose = Regex.Replace(md, "`[^`\n]*`", string.Empty);
            prose = Regex.Replace(prose, @"\]\(https://docs\.aws\.amazon\.com/[^)]*\)", "]()");
            prose = Regex.Replace(prose, @"\[https://docs\.aws\.amazon\.com/[^\]]*\]", "[]");
            Assert.DoesNotMatch(@"(?i)://|www\.|@evil", prose);
            Assert.DoesNotMatch(@"\]\((?!https://docs\.aws\.amazon\.com/)", md);   // no link but the catalog's
        }

        [Fact]
        public void A_URL_ends_at_a_backtick_and_the_rest_stays_escaped_text()
        {
            Assert.Equal("see `http://x/`\\`\\`a\\` and \\[y\\](javascript:z)", MarkdownReportWriter.Escape("see http://x/``a` and [y](javascript:z)"));
            Assert.Equal("`https://x/a\\|b` \\| c", MarkdownReportWriter.Escape("https://x/a|b | c"));
        }
    }
}
