using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Xml.Linq;
using AlbTroubleshoot.Reporting;
using AlbTroubleshoot.Snapshots;
using Xunit;
using static AlbTroubleshoot.Tests.Reporting.DiagnosisTests;

namespace AlbTroubleshoot.Tests.Reporting
{
    /// <summary>The metrics in reports: inline SVG in HTML, a table in Markdown (issue 15 item 4).</summary>
    public class MetricReportTests
    {
        private static readonly DateTime Generated = new DateTime(2026, 11, 25, 9, 30, 0, DateTimeKind.Utc);
        private static readonly DateTime T0 = new DateTime(2026, 11, 24, 7, 0, 0, DateTimeKind.Utc);
        private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
        private const string Hostile = "<script>alert('x')</script> | *bold* & \"q\"";

        private static MetricSeries S(string metric, string stat, double[] values, string tg = "", int step = 1) =>
            new MetricSeries("web", tg, string.Empty, metric, stat, 60, values.Select((v, i) => new KeyValuePair<DateTime, double>(T0.AddMinutes(i * step), v)));

        private static XDocument Parse(string html) => DiagnosisReportTests.ParseXhtml(html);

        private static Diagnosis SampleDiagnosis()
        {
            var path = RepoPaths.Combine("samples", "metrics-502.json");
            var snapshot = new AlbSnapshot(SnapshotDocument.Load(path), path);
            return LoadBalancerDiagnoser.Diagnose(snapshot, snapshot.Model.LoadBalancers!.Single(), Array.Empty<StatusCodeFilter>(), null, null, null, CancellationToken.None);
        }

        private static XElement Series(XElement svg, string metric) =>
            svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "series" && (string?)g.Attribute("data-metric") == metric);

        private static double Num(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

        [Fact]
        public void The_sample_draws_each_code_over_the_window_and_the_hosts_per_target_group()
        {
            var d = SampleDiagnosis();
            var html = DiagnosisReport.Render(new[] { d }, ReportFormat.Html, Generated);
            var svgs = Parse(html).Descendants(Svg + "svg").ToList();
            Assert.Equal(3, svgs.Count);   // the error counts, then the hosts of each of the two target groups
            Assert.All(svgs, svg => Assert.DoesNotContain(svg.DescendantsAndSelf(), e => e.Name.LocalName is "script" or "image" or "a" or "foreignObject" || e.Attributes().Any(a => a.Name.LocalName == "href")));

            var errors = svgs[0];
            Assert.Equal(ReportBuilder.ErrorMetrics.Where(m => d.Metrics.Any(s => s.MetricName == m && s.TargetGroupName.Length == 0)),
                errors.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "series").Select(g => (string)g.Attribute("data-metric")!));
            var s502 = d.Metrics.Single(s => s.MetricName == "HTTPCode_ELB_502_Count");
            var bars = Series(errors, "HTTPCode_ELB_502_Count").Elements(Svg + "rect").ToList();
            Assert.Equal(s502.Timestamps.Length, bars.Count);
            // The tallest bar is the maximum, at its time; bars run left to right in time.
            var tallest = bars.OrderByDescending(b => Num(b, "height")).First();
            Assert.Equal(bars.IndexOf(tallest), Array.IndexOf(s502.Values, s502.Maximum));
            Assert.StartsWith(s502.PeakTime!.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC: 27", tallest.Element(Svg + "title")!.Value, StringComparison.Ordinal);
            Assert.True(bars.Select(b => Num(b, "x")).SequenceEqual(bars.Select(b => Num(b, "x")).OrderBy(x => x)));
            // A code that never occurred is drawn empty, not left out.
            Assert.Empty(Series(errors, "HTTPCode_ELB_503_Count").Elements(Svg + "rect"));
            // The axis: the window asked for, in UTC.
            var texts = errors.Descendants(Svg + "text").Select(t => t.Value).ToList();
            Assert.Contains("2026-11-24 07:00 UTC", texts);
            Assert.Contains("2026-11-24 10:00 UTC", texts);
            // The findings that quote the 502 count are marked at its peak.
            var marks = Series(errors, "HTTPCode_ELB_502_Count").Elements(Svg + "g").Where(g => (string?)g.Attribute("class") == "mark").ToList();
            var mark = Assert.Single(marks);
            Assert.Equal(s502.PeakTime.Value.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), (string?)mark.Attribute("data-time"));
            var quoting = d.RelevantFindings().Where(f => f.Evidence.Any(e => e.StartsWith(s502.Describe() + ": ", StringComparison.Ordinal))).Select(f => f.Id).ToList();
            Assert.NotEmpty(quoting);
            Assert.All(quoting, id => Assert.Contains(id, mark.Value, StringComparison.Ordinal));

            // Hosts: one line point per data point.
            var healthy = d.Metrics.Single(s => s.MetricName == "HealthyHostCount" && s.TargetGroupName == "shop-web");
            var web = Assert.Single(svgs, svg => svg.Element(Svg + "title")!.Value == "Hosts of target group shop-web");
            var line = Series(web, "HealthyHostCount").Element(Svg + "polyline")!;
            Assert.Equal(healthy.Timestamps.Length, ((string)line.Attribute("points")!).Split(' ').Length);
        }

        [Fact]
        public void Line_points_follow_the_data_the_highest_point_is_the_maximum()
        {
            var healthy = S("HealthyHostCount", "Minimum", new[] { 2d, 3, 0, 1 }, "web-tg");
            var unhealthy = S("UnHealthyHostCount", "Maximum", new[] { 1d, 0, 3, 2 }, "web-tg");
            var d = new Diagnosis("web", "arn", null, null, null, metrics: new[] { healthy, unhealthy });
            var svg = Parse(DiagnosisReport.Render(new[] { d }, ReportFormat.Html, Generated)).Descendants(Svg + "svg").Single();
            var points = ((string)Series(svg, "HealthyHostCount").Element(Svg + "polyline")!.Attribute("points")!).Split(' ')
                .Select(p => p.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
            Assert.Equal(4, points.Count);
            Assert.True(points.Select(p => p[0]).SequenceEqual(points.Select(p => p[0]).OrderBy(x => x)) && points[0][0] < points[3][0]);
            // SVG's y grows downwards: the maximum (3, shared by both series' scale) is the smallest y, 0 the largest.
            Assert.Equal(points.Min(p => p[1]), points[1][1]);
            Assert.Equal(points.Max(p => p[1]), points[2][1]);
            // Heights are proportional: 1 is a third of the way up from 0 to 3.
            Assert.Equal((points[2][1] - points[1][1]) / 3, points[2][1] - points[3][1], 1);
        }

        [Fact]
        public void Without_metrics_there_is_no_chart_and_no_metric_table()
        {
            var d = new Diagnosis("web", "arn", new[] { Finding("502.TargetConnectionReset", CauseVerdict.Possible) }, new[] { Path("Reachable") }, null);
            var html = DiagnosisReport.Render(new[] { d }, ReportFormat.Html, Generated);
            Assert.Empty(Parse(html).Descendants(Svg + "svg"));
            Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
            var md = DiagnosisReport.Render(new[] { d }, ReportFormat.Markdown, Generated);
            Assert.DoesNotContain("Metrics over the window", md, StringComparison.Ordinal);
        }

        [Fact]
        public void Hostile_names_stay_text_in_the_svg_and_the_markdown_table()
        {
            var count = S("HTTPCode_ELB_502_Count", "Sum", new[] { 3d, 11, 27 }, step: 5);
            var hosts = S("HealthyHostCount", "Minimum", new[] { 2d, 2, 0 }, Hostile);
            var finding = Finding("502.TargetConnectionReset", CauseVerdict.Likely, count.Describe() + ": 41 in the window, peak 27");
            var d = new Diagnosis(Hostile, "arn", new[] { finding }, null, null, metrics: new[] { count, hosts });

            var html = DiagnosisReport.Render(new[] { d }, ReportFormat.Html, Generated);
            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
            var svgs = Parse(html).Descendants(Svg + "svg").ToList();
            Assert.Equal(2, svgs.Count);
            Assert.Equal("Hosts of target group " + Hostile, svgs[1].Element(Svg + "title")!.Value);
            Assert.Equal("target group " + Hostile, (string?)Series(svgs[1], "HealthyHostCount").Attribute("data-where"));
            Assert.DoesNotContain(svgs.SelectMany(s => s.Descendants()), e => e.Name.LocalName == "script");
            // Without a recorded window the axis spans the data: first point to the end of the last period.
            var texts = svgs[0].Descendants(Svg + "text").Select(t => t.Value).ToList();
            Assert.Contains("2026-11-24 07:00 UTC", texts);
            Assert.Contains("2026-11-24 07:11 UTC", texts);
            Assert.Contains("502.TargetConnectionReset", Series(svgs[0], "HTTPCode_ELB_502_Count").Value, StringComparison.Ordinal);

            var md = DiagnosisReport.Render(new[] { d }, ReportFormat.Markdown, Generated);
            var row = Assert.Single(md.Split('\n'), l => l.StartsWith("| `HTTPCode_ELB_502_Count`", StringComparison.Ordinal));
            Assert.Equal("| `HTTPCode_ELB_502_Count` | load balancer | 41 | 3 at 2026-11-24 07:00 UTC | 27 | 2026-11-24 07:10 UTC | 502.TargetConnectionReset |", row);
            var hostRow = Assert.Single(md.Split('\n'), l => l.StartsWith("| `HealthyHostCount`", StringComparison.Ordinal));
            Assert.Equal(8, hostRow.Replace("\\|", string.Empty).Count(c => c == '|'));
            Assert.DoesNotContain("<script>", hostRow, StringComparison.Ordinal);
            Assert.Contains("| `HealthyHostCount` (Minimum) | target group &lt;script&gt;", hostRow, StringComparison.Ordinal);
        }
    }
}
