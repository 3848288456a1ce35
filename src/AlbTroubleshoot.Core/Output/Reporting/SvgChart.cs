using System;
using System.Globalization;
using System.Linq;
using System.Text;
using AlbTroubleshoot.CloudWatch;

namespace AlbTroubleshoot.Reporting
{
    /// <summary>
    /// Draws a <see cref="Chart"/> as inline SVG for the HTML report: no script, no external resource,
    /// every text through <see cref="HtmlReportWriter.Escape"/>, well-formed XML. The x axis is the
    /// window (UTC); a Bars chart gives each series a lane scaled to its own maximum, a Lines chart
    /// puts its series on one scale. Each data point is one bar or one line point, so the picture
    /// shows exactly what CloudWatch returned (a period without a point is a gap, not a guessed zero).
    /// </summary>
    internal static class SvgChart
    {
        private const double Width = 720, Left = 170, Right = 12, Top = 8, LaneHeight = 44, LaneGap = 14, Axis = 22;
        private const double PlotWidth = Width - Left - Right;
        private const string Muted = "#5b6573", Line = "#d5dbe3", MarkColour = "#1f5fb4";

        public static void Write(StringBuilder sb, Chart chart)
        {
            var lanes = chart.Kind == ChartKind.Bars ? chart.Series.Count : 1;
            var laneHeight = chart.Kind == ChartKind.Bars ? LaneHeight : LaneHeight * 2;
            var height = Top + lanes * (laneHeight + LaneGap) + Axis;
            var title = Escape(chart.Title);
            sb.Append("<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").Append(N(Width)).Append(' ').Append(N(height))
              .Append("\" role=\"img\" aria-label=\"").Append(title).Append("\" data-kind=\"").Append(chart.Kind).Append("\">\n<title>").Append(title).Append("</title>\n");
            if (chart.Kind == ChartKind.Bars)
            {
                for (var i = 0; i < chart.Series.Count; i++)
                    Bars(sb, chart, chart.Series[i], Top + i * (laneHeight + LaneGap), laneHeight);
            }
            else
            {
                Lines(sb, chart, Top, laneHeight);
            }
            var axisY = Top + lanes * (laneHeight + LaneGap) + 4;
            sb.Append("<text x=\"").Append(N(Left)).Append("\" y=\"").Append(N(axisY + 10)).Append("\" font-size=\"11\" fill=\"").Append(Muted).Append("\">")
              .Append(Escape(MetricEvidence.Time(chart.Start))).Append("</text>\n");
            sb.Append("<text x=\"").Append(N(Width - Right)).Append("\" y=\"").Append(N(axisY + 10)).Append("\" font-size=\"11\" fill=\"").Append(Muted).Append("\" text-anchor=\"end\">")
              .Append(Escape(MetricEvidence.Time(chart.End))).Append("</text>\n");
            sb.Append("</svg>\n<figcaption>").Append(title).Append("</figcaption>\n</figure>\n");
        }

        private static void Bars(StringBuilder sb, Chart chart, MetricSeries s, double top, double height)
        {
            var bottom = top + height;
            sb.Append("<g class=\"series\" data-metric=\"").Append(Escape(s.MetricName)).Append("\" data-where=\"").Append(Escape(Chart.Where(s)))
              .Append("\" data-maximum=\"").Append(Escape(MetricEvidence.Number(s.Maximum))).Append("\">\n");
            Label(sb, top, s.MetricName, (s.Timestamps.Length > 0 ? "max " + MetricEvidence.Number(s.Maximum) + ", total " + MetricEvidence.Number(s.Total) : "no data points"));
            sb.Append("<line x1=\"").Append(N(Left)).Append("\" y1=\"").Append(N(bottom)).Append("\" x2=\"").Append(N(Width - Right)).Append("\" y2=\"").Append(N(bottom))
              .Append("\" stroke=\"").Append(Line).Append("\" />\n");
            var barWidth = Math.Max(1.0, s.Period / (chart.End - chart.Start).TotalSeconds * PlotWidth - 0.5);
            var colour = s.MetricName.StartsWith("HTTPCode_Target_", StringComparison.Ordinal) ? "#8a5300" : "#b42318";
            for (var i = 0; i < s.Values.Length; i++)
            {
                var h = s.Maximum > 0 ? Math.Max(0, s.Values[i]) / s.Maximum * height : 0;
                sb.Append("<rect x=\"").Append(N(X(chart, s.Timestamps[i]))).Append("\" y=\"").Append(N(bottom - h)).Append("\" width=\"").Append(N(barWidth))
                  .Append("\" height=\"").Append(N(h)).Append("\" fill=\"").Append(colour).Append("\"><title>")
                  .Append(Escape(MetricEvidence.Time(s.Timestamps[i]) + ": " + MetricEvidence.Number(s.Values[i]))).Append("</title></rect>\n");
            }
            Marks(sb, chart, s, top, bottom);
            sb.Append("</g>\n");
        }

        private static void Lines(StringBuilder sb, Chart chart, double top, double height)
        {
            var bottom = top + height;
            var max = Math.Max(1, chart.Series.Where(s => s.Timestamps.Length > 0).Select(s => s.Maximum).DefaultIfEmpty(0).Max());
            sb.Append("<text x=\"").Append(N(Left - 6)).Append("\" y=\"").Append(N(top + 9)).Append("\" font-size=\"10\" fill=\"").Append(Muted).Append("\" text-anchor=\"end\">")
              .Append(Escape(MetricEvidence.Number(max))).Append("</text>\n");
            sb.Append("<text x=\"").Append(N(Left - 6)).Append("\" y=\"").Append(N(bottom)).Append("\" font-size=\"10\" fill=\"").Append(Muted).Append("\" text-anchor=\"end\">0</text>\n");
            sb.Append("<line x1=\"").Append(N(Left)).Append("\" y1=\"").Append(N(bottom)).Append("\" x2=\"").Append(N(Width - Right)).Append("\" y2=\"").Append(N(bottom))
              .Append("\" stroke=\"").Append(Line).Append("\" />\n");
            for (var i = 0; i < chart.Series.Count; i++)
            {
                var s = chart.Series[i];
                var colour = s.MetricName.StartsWith("UnHealthy", StringComparison.Ordinal) ? "#b42318" : "#1e7a3c";
                sb.Append("<g class=\"series\" data-metric=\"").Append(Escape(s.MetricName)).Append("\" data-where=\"").Append(Escape(Chart.Where(s)))
                  .Append("\" data-maximum=\"").Append(Escape(MetricEvidence.Number(s.Maximum))).Append("\">\n");
                var legend = s.MetricName + " (" + s.Statistic + ")";
                var detail = s.Timestamps.Length > 0 ? "low " + MetricEvidence.Number(s.Minimum ?? 0) + ", high " + MetricEvidence.Number(s.Maximum) : "no data points";
                sb.Append("<text x=\"4\" y=\"").Append(N(top + 14 + i * 30)).Append("\" font-size=\"11\" fill=\"").Append(colour).Append("\">").Append(Escape(legend)).Append("</text>\n");
                sb.Append("<text x=\"4\" y=\"").Append(N(top + 27 + i * 30)).Append("\" font-size=\"10\" fill=\"").Append(Muted).Append("\">").Append(Escape(detail)).Append("</text>\n");
                if (s.Timestamps.Length > 0)
                {
                    var points = string.Join(" ", s.Timestamps.Select((t, n) => N(X(chart, t)) + "," + N(bottom - Math.Max(0, s.Values[n]) / max * height)));
                    sb.Append("<polyline points=\"").Append(points).Append("\" fill=\"none\" stroke=\"").Append(colour).Append("\" stroke-width=\"1.5\" />\n");
                }
                Marks(sb, chart, s, top, bottom);
                sb.Append("</g>\n");
            }
        }

        /// <summary>A dashed line at each peak a finding quotes, labelled with the finding ids.</summary>
        private static void Marks(StringBuilder sb, Chart chart, MetricSeries s, double top, double bottom)
        {
            foreach (var at in chart.Marks.Where(m => ReferenceEquals(m.Series, s)).GroupBy(m => m.Time))
            {
                // The middle of the peak's period: over its bar, not on the edge of it.
                var x = X(chart, at.Key.AddSeconds(s.Period / 2.0));
                var label = string.Join(", ", at.Select(m => m.Label).Distinct(StringComparer.Ordinal));
                var rightHalf = x > Left + PlotWidth / 2;
                sb.Append("<g class=\"mark\" data-time=\"").Append(at.Key.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append("\"><title>")
                  .Append(Escape("Peak at " + MetricEvidence.Time(at.Key) + ", quoted by " + label)).Append("</title>\n")
                  .Append("<line x1=\"").Append(N(x)).Append("\" y1=\"").Append(N(top)).Append("\" x2=\"").Append(N(x)).Append("\" y2=\"").Append(N(bottom))
                  .Append("\" stroke=\"").Append(MarkColour).Append("\" stroke-dasharray=\"3,2\" />\n")
                  .Append("<text x=\"").Append(N(rightHalf ? x - 4 : x + 4)).Append("\" y=\"").Append(N(top + 9)).Append("\" font-size=\"9\" fill=\"").Append(MarkColour)
                  .Append(rightHalf ? "\" text-anchor=\"end\">" : "\">").Append(Escape(label)).Append("</text>\n</g>\n");
            }
        }

        private static void Label(StringBuilder sb, double top, string name, string detail)
        {
            sb.Append("<text x=\"4\" y=\"").Append(N(top + 16)).Append("\" font-size=\"11\">").Append(Escape(name)).Append("</text>\n");
            sb.Append("<text x=\"4\" y=\"").Append(N(top + 30)).Append("\" font-size=\"10\" fill=\"").Append(Muted).Append("\">").Append(Escape(detail)).Append("</text>\n");
        }

        /// <summary>The x of a time; times outside the window sit on its edge.</summary>
        private static double X(Chart chart, DateTime t)
        {
            var share = (t - chart.Start).TotalSeconds / (chart.End - chart.Start).TotalSeconds;
            return Left + Math.Min(1, Math.Max(0, share)) * PlotWidth;
        }

        private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

        private static string Escape(string text) => HtmlReportWriter.Escape(text);
    }
}
