using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Reporting
{
    // A small document model between the diagnosis and the two output formats: ReportBuilder decides
    // WHAT a report says once, MarkdownReportWriter and HtmlReportWriter decide only HOW it looks,
    // so a ticket in Markdown and a page in a browser never disagree.

    /// <summary>A run of text inside a block.</summary>
    internal abstract class Inline
    {
        public static Inline Text(string text) => new TextInline(text);
        public static Inline Code(string text) => new CodeInline(text);
        public static Inline Link(string text, string url) => new LinkInline(text, url);

        /// <summary>
        /// Catalog and evidence text, where `backticks` mark commands and attribute names: those runs
        /// become code, the rest text. With an odd number of backticks, it is all text.
        /// </summary>
        public static Inline[] Prose(string text)
        {
            var parts = (text ?? string.Empty).Split('`');
            if (parts.Length % 2 == 0) return new[] { Text(text ?? string.Empty) };
            var result = new List<Inline>();
            for (var i = 0; i < parts.Length; i++)
            {
                if (parts[i].Length == 0) continue;
                result.Add(i % 2 == 1 ? Code(parts[i]) : Text(parts[i]));
            }
            return result.ToArray();
        }

        /// <summary>A status or verdict word shown as a coloured label.</summary>
        public static Inline Badge(string text) => new BadgeInline(text);
    }

    internal sealed class TextInline : Inline
    {
        public TextInline(string text) { Value = text ?? string.Empty; }
        public string Value { get; }
    }

    internal sealed class CodeInline : Inline
    {
        public CodeInline(string text) { Value = text ?? string.Empty; }
        public string Value { get; }
    }

    internal sealed class LinkInline : Inline
    {
        public LinkInline(string text, string url) { Value = text ?? string.Empty; Url = url ?? string.Empty; }
        public string Value { get; }
        public string Url { get; }
    }

    internal sealed class BadgeInline : Inline
    {
        public BadgeInline(string text) { Value = text ?? string.Empty; }
        public string Value { get; }
    }

    internal abstract class Block
    {
    }

    internal sealed class Heading : Block
    {
        public Heading(int level, params Inline[] content) { Level = level; Content = content; }
        public int Level { get; }
        public Inline[] Content { get; }
    }

    internal sealed class Paragraph : Block
    {
        public Paragraph(params Inline[] content) { Content = content; }
        public Inline[] Content { get; }
    }

    /// <summary>Label: value lines (a definition list in HTML, bold labels in Markdown).</summary>
    internal sealed class Fields : Block
    {
        public List<KeyValuePair<string, Inline[]>> Items { get; } = new List<KeyValuePair<string, Inline[]>>();

        public Fields Add(string label, params Inline[] value)
        {
            Items.Add(new KeyValuePair<string, Inline[]>(label, value));
            return this;
        }
    }

    internal sealed class BulletList : Block
    {
        public BulletList(IEnumerable<Inline[]> items) { Items = items.ToList(); }
        public List<Inline[]> Items { get; }
    }

    internal sealed class Table : Block
    {
        public Table(params string[] headers) { Headers = headers; }
        public string[] Headers { get; }
        public List<Inline[][]> Rows { get; } = new List<Inline[][]>();

        public void AddRow(params Inline[][] cells)
        {
            if (cells.Length != Headers.Length) throw new ArgumentException("A row needs one cell per header.", nameof(cells));
            Rows.Add(cells);
        }
    }

    /// <summary>A group of blocks with a role (a load balancer, a finding) that HTML can style; Markdown just writes the children.</summary>
    internal sealed class Section : Block
    {
        public Section(string role, IEnumerable<Block> children) { Role = role; Children = children.ToList(); }
        public string Role { get; }
        public List<Block> Children { get; }
    }

    internal enum ChartKind
    {
        /// <summary>Each series in its own lane, one bar per data point on its own scale: counts, where a missing point means none was reported.</summary>
        Bars,

        /// <summary>Every series in one plot on a shared scale, one line point per data point: gauges such as host counts.</summary>
        Lines,
    }

    /// <summary>A finding marked on a chart at the time the series it cites peaked.</summary>
    internal sealed class ChartMark
    {
        public ChartMark(MetricSeries series, DateTime time, string label) { Series = series; Time = time; Label = label ?? string.Empty; }
        public MetricSeries Series { get; }
        public DateTime Time { get; }
        public string Label { get; }
    }

    /// <summary>
    /// CloudWatch series over a window: HTML draws them (inline SVG), Markdown lists them as a table
    /// (metric, where, total, low, peak, when, cited by).
    /// </summary>
    internal sealed class Chart : Block
    {
        public Chart(string title, ChartKind kind, DateTime start, DateTime end, IEnumerable<MetricSeries> series, IEnumerable<ChartMark> marks)
        {
            Title = title ?? string.Empty;
            Kind = kind;
            Start = start;
            End = end > start ? end : start.AddMinutes(1);
            Series = series.ToList();
            Marks = marks.ToList();
        }

        public string Title { get; }
        public ChartKind Kind { get; }

        /// <summary>The window, UTC: the x axis runs from Start to End.</summary>
        public DateTime Start { get; }
        public DateTime End { get; }
        public List<MetricSeries> Series { get; }
        public List<ChartMark> Marks { get; }

        /// <summary>"load balancer", "target group web-tg", "target group web-tg, eu-west-1a".</summary>
        public static string Where(MetricSeries s)
        {
            if (s.TargetGroupName.Length == 0) return s.AvailabilityZone.Length == 0 ? "load balancer" : s.AvailabilityZone;
            return "target group " + s.TargetGroupName + (s.AvailabilityZone.Length > 0 ? ", " + s.AvailabilityZone : string.Empty);
        }
    }

    internal sealed class ReportDocument
    {
        public ReportDocument(string title, IEnumerable<Block> blocks) { Title = title; Blocks = blocks.ToList(); }
        public string Title { get; }
        public List<Block> Blocks { get; }
    }
}
