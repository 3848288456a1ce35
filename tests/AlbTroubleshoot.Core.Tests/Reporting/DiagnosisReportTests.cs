using System;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;
using AlbTroubleshoot.Reporting;
using Xunit;
using static AlbTroubleshoot.Tests.Reporting.DiagnosisTests;

namespace AlbTroubleshoot.Tests.Reporting
{
    public class DiagnosisReportTests
    {
        private static readonly DateTime Generated = new DateTime(2026, 11, 25, 9, 30, 0, DateTimeKind.Utc);
        private const string Hostile = "<script>alert('x')</script> | *bold* [link](javascript:alert(1)) & `tick`";

        private static Diagnosis Sample() => new Diagnosis("orders-api", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/orders-api/1",
            new[]
            {
                Finding("502.TargetConnectionReset", CauseVerdict.RuledOut, "No target reset connections."),
                Finding("504.TargetConnectionTimeout", CauseVerdict.Confirmed, "sg-ea9741ea0429eeac2 admits no tcp/8080 from sg-503d9bd059ec1d5cc", "i-59ef3c97d749e0168: Target.Timeout",
                    "To check: the catalog's check, shown once as Check"),
                Finding("504.TargetResponseTimeout", CauseVerdict.Possible),
            },
            new[] { Path("Blocked", "sg-ea9741ea0429eeac2"), Path("Reachable") },
            new[] { Nacl("Allowed") },
            new[] { 502, 504 });

        private static Diagnosis HostileDiagnosis() => new Diagnosis(Hostile, "arn",
            new[] { Finding("403.WafWebAclBlocked", CauseVerdict.Likely, Hostile) }, new[] { Path("Blocked", Hostile) }, null);

        internal static XDocument ParseXhtml(string html)
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore };
            using var reader = XmlReader.Create(new StringReader(html), settings);
            return XDocument.Load(reader);
        }

        [Fact]
        public void Markdown_puts_the_summary_first_then_findings_with_evidence_remediation_and_references()
        {
            var md = DiagnosisReport.Render(new[] { Sample() }, ReportFormat.Markdown, Generated);
            var lines = md.Split('\n');
            Assert.Equal("# ALB diagnosis: orders-api", lines[0]);
            Assert.Contains("Generated 2026-11-25 09:30:00 UTC", md, StringComparison.Ordinal);
            var summary = Array.IndexOf(lines, "## Summary");
            var firstFinding = Array.FindIndex(lines, l => l.StartsWith("#### 1. **Confirmed** 504 `504.TargetConnectionTimeout`", StringComparison.Ordinal));
            Assert.True(summary > 0 && firstFinding > summary, md);
            Assert.Contains("| orders-api | **Problems** | 1 Confirmed, 1 Possible; 1 of 2 paths blocked |", md, StringComparison.Ordinal);
            // Possible: one row each, with the catalog check in its own column and not repeated in the evidence.
            Assert.Contains("### Findings (1)", md, StringComparison.Ordinal);
            Assert.Contains("### Possible: for traffic evidence to decide (1)", md, StringComparison.Ordinal);
            Assert.DoesNotContain("#### 2.", md, StringComparison.Ordinal);
            Assert.Matches(@"\| 504 \| `504\.TargetResponseTimeout` The target did not respond before the idle timeout \| [^|]* \| In the access log elb_status_code is 504", md);
            Assert.Contains("- sg-ea9741ea0429eeac2 admits no tcp/8080 from sg-503d9bd059ec1d5cc", md, StringComparison.Ordinal);
            Assert.Contains("- **Remediation:** ", md, StringComparison.Ordinal);
            Assert.DoesNotContain("To check: the catalog's check", md, StringComparison.Ordinal);
            Assert.Contains("](https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html#http-504-issues)", md, StringComparison.Ordinal);
            // Ruled out: one row, not a finding section.
            Assert.Contains("### Ruled out and not applicable (1)", md, StringComparison.Ordinal);
            Assert.Contains("| **RuledOut** | 502 | `502.TargetConnectionReset` | No target reset connections. |", md, StringComparison.Ordinal);
            Assert.DoesNotContain("`502.TargetConnectionReset` The target", md, StringComparison.Ordinal);
            // The path table, blocked first, and the NACL table.
            Assert.Contains("| **Blocked** | web-tg | `i-0abc` (10.0.1.5) | 8080 | Traffic | `sg-ea9741ea0429eeac2` | explained |", md, StringComparison.Ordinal);
            Assert.True(md.IndexOf("| **Blocked** | web-tg", StringComparison.Ordinal) < md.IndexOf("| **Reachable** | web-tg", StringComparison.Ordinal));
            Assert.Contains("| **Allowed** | `acl-1` | `subnet-1` | LoadBalancerSubnet | Inbound | 10.0.0.0/16 | 1024-65535 |  | 120, 32767 | explained |", md, StringComparison.Ordinal);
            Assert.Contains("## AWS references", md, StringComparison.Ordinal);
            Assert.Contains("- **Status codes:** 502, 504", md, StringComparison.Ordinal);
        }

        [Fact]
        public void Markdown_escapes_text_so_it_cannot_become_markup()
        {
            var md = DiagnosisReport.Render(new[] { HostileDiagnosis() }, ReportFormat.Markdown, Generated);
            // Inside a code span (resource IDs) text is literal in CommonMark; everywhere else no raw markup.
            Assert.DoesNotContain("<script>", System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Replace(md, "``[^\\n]*?``", string.Empty), "`[^`\\n]*`", string.Empty), StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;alert('x')&lt;/script&gt; \\| \\*bold\\* \\[link\\](javascript:alert(1)) &amp; \\`tick\\`", md, StringComparison.Ordinal);
            // Every table row keeps its column count: no unescaped | from the data.
            foreach (var row in md.Split('\n').Where(l => l.StartsWith("| **Blocked**", StringComparison.Ordinal)))
                Assert.Equal(8, row.Replace("\\|", string.Empty).Count(c => c == '|'));
        }

        private static EndpointProbeResult ProbeRow(string target, string address, ProbeCheck check, ProbeVerdict verdict, string measured) =>
            new EndpointProbeResult(target, address, 8080, check, verdict, measured, "kept open while idle for longer than 60 s", "explained", null)
            {
                LoadBalancerName = "orders-api",
                TargetGroupName = "orders",
            };

        [Fact]
        public void A_probed_diagnosis_lists_the_checks_that_did_not_pass_and_counts_the_passes()
        {
            var d = new Diagnosis("orders-api", "arn", Sample().Findings, null, null, probe: new[]
            {
                ProbeRow("i-1", "10.0.1.10", ProbeCheck.KeepAlive, ProbeVerdict.Fail, "closed after 5.0 s idle"),
                ProbeRow("i-1", "10.0.1.10", ProbeCheck.Connect, ProbeVerdict.Pass, "connected in 0.001 s"),
                ProbeRow("i-2", "10.0.1.11", ProbeCheck.Connect, ProbeVerdict.Pass, "connected in 0.001 s"),
                ProbeRow("i-2", "10.0.1.11", ProbeCheck.KeepAlive, ProbeVerdict.Warning, Hostile),
            });
            var md = DiagnosisReport.Render(new[] { d }, ReportFormat.Markdown, Generated);
            Assert.Contains("### Probe of the targets", md, StringComparison.Ordinal);
            Assert.Contains("2 targets, 2 checks not passed; passed: Connect 2.", md, StringComparison.Ordinal);
            var rows = md.Split('\n').Where(l => l.Contains("`i-", StringComparison.Ordinal) && l.StartsWith("| **", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, rows.Count);
            Assert.Contains("closed after 5.0 s idle", rows[0], StringComparison.Ordinal);
            // Measured text comes from the target: escaped like every other value, so a row keeps its columns.
            Assert.Equal(8, rows[1].Replace("\\|", string.Empty).Count(c => c == '|'));
            Assert.DoesNotContain("<script>", rows[1], StringComparison.Ordinal);

            var html = DiagnosisReport.Render(new[] { d }, ReportFormat.Html, Generated);
            Assert.Contains("Probe of the targets", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
            ParseXhtml(html);

            var unprobed = DiagnosisReport.Render(new[] { Sample() }, ReportFormat.Markdown, Generated);
            Assert.DoesNotContain("Probe of the targets", unprobed, StringComparison.Ordinal);
        }

        [Fact]
        public void Markdown_keeps_underscores_inside_words_and_shows_catalog_commands_as_code()
        {
            Assert.Equal("idle_timeout.timeout_seconds \\_x\\_", MarkdownReportWriter.Escape("idle_timeout.timeout_seconds _x_"));
            var md = DiagnosisReport.Render(new[] { Sample() }, ReportFormat.Markdown, Generated);
            Assert.Contains("`nc -vz -w 10 <target-ip> <port>`", md, StringComparison.Ordinal);
        }

        [Fact]
        public void Html_is_well_formed_self_contained_and_printable()
        {
            var html = DiagnosisReport.Render(new[] { Sample(), HostileDiagnosis() }, ReportFormat.Html, Generated);
            Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
            var doc = ParseXhtml(html);
            var elements = doc.Descendants().ToList();
            Assert.DoesNotContain(elements, e => e.Name.LocalName is "script" or "link" or "img" or "iframe" or "object" or "embed");
            Assert.DoesNotContain(elements, e => e.Attribute("src") is not null);
            var style = Assert.Single(elements, e => e.Name.LocalName == "style").Value;
            Assert.Contains("@media print", style, StringComparison.Ordinal);
            Assert.DoesNotContain("@import", style, StringComparison.Ordinal);
            Assert.DoesNotContain("url(", style, StringComparison.Ordinal);
            // Anchors only to AWS documentation pages.
            Assert.All(elements.Where(e => e.Name.LocalName == "a"), a => Assert.StartsWith("https://docs.aws.amazon.com/", (string?)a.Attribute("href"), StringComparison.Ordinal));
            Assert.Equal("ALB diagnosis: 2 load balancers", elements.Single(e => e.Name.LocalName == "title").Value);
            var findings = elements.Where(e => e.Name.LocalName == "section" && ((string?)e.Attribute("class") ?? string.Empty).StartsWith("finding", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, findings.Count);   // Confirmed and Likely; the Possible one is a table row
            Assert.Equal("finding is-confirmed", (string?)findings[0].Attribute("class"));
            Assert.Contains("sg-ea9741ea0429eeac2 admits no tcp/8080", findings[0].Value, StringComparison.Ordinal);
        }

        [Fact]
        public void Html_escapes_every_value()
        {
            var html = DiagnosisReport.Render(new[] { HostileDiagnosis() }, ReportFormat.Html, Generated);
            Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
            var doc = ParseXhtml(html);
            Assert.DoesNotContain(doc.Descendants(), e => e.Name.LocalName == "script");
            // The hostile text survives as text: in the title, the heading, the evidence and the path table.
            Assert.Contains(Hostile, doc.Descendants().Single(e => e.Name.LocalName == "title").Value, StringComparison.Ordinal);
            // Evidence is prose: its `tick` became a code element, whose text is the same without the backticks.
            Assert.Contains(doc.Descendants("li"), e => e.Value.Contains(Hostile.Replace("`", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal));
            Assert.True(doc.Descendants("td").Count(e => e.Value.Contains(Hostile, StringComparison.Ordinal)) >= 2);
            Assert.Equal("a&amp;b&lt;c&gt;&quot;&#39;\u2401", HtmlReportWriter.Escape("a&b<c>\"'\u0001"));
        }

        [Fact]
        public void Large_path_tables_list_the_problems_and_count_the_rest()
        {
            var paths = Enumerable.Range(0, ReportBuilder.MaxListedPaths).Select(_ => Path("Reachable")).Append(Path("Blocked", "acl-9")).ToArray();
            var md = DiagnosisReport.Render(new[] { new Diagnosis("big", "arn", null, paths, null) }, ReportFormat.Markdown, Generated);
            Assert.Single(md.Split('\n'), l => l.StartsWith("| **Blocked** | web-tg", StringComparison.Ordinal));
            Assert.DoesNotContain("| **Reachable** | web-tg", md, StringComparison.Ordinal);
            Assert.Contains("50 more paths (50 Reachable) not listed", md, StringComparison.Ordinal);
        }

        [Fact]
        public void The_source_is_a_file_name_never_a_path()
        {
            var snapshot = new AlbSnapshot(Snapshots.SnapshotDocument.Parse("{\"AlbSnapshotVersion\":1}", "x.json"), "/home/someone/secret-project/web.json");
            var md = DiagnosisReport.Render(new[] { new Diagnosis("web", "arn", null, null, null, null, snapshot) }, ReportFormat.Markdown, Generated);
            Assert.Contains("snapshot file web.json", md, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-project", md, StringComparison.Ordinal);
        }
    }
}
