using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Reporting
{
    /// <summary>The report formats of ConvertTo-AlbReport.</summary>
    public enum ReportFormat
    {
        /// <summary>Markdown for a ticket or a pull request.</summary>
        Markdown,

        /// <summary>One self-contained HTML page for a browser or a printer.</summary>
        Html,
    }

    /// <summary>Renders diagnoses as one report (what ConvertTo-AlbReport writes).</summary>
    internal static class DiagnosisReport
    {
        public static string Render(IEnumerable<Diagnosis> diagnoses, ReportFormat format, DateTime generatedAtUtc)
        {
            if (diagnoses is null) throw new ArgumentNullException(nameof(diagnoses));
            var document = ReportBuilder.Build(diagnoses.ToList(), generatedAtUtc);
            return format == ReportFormat.Html ? HtmlReportWriter.Write(document) : MarkdownReportWriter.Write(document);
        }
    }
}
