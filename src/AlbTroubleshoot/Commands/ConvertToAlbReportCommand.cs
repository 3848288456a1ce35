using System;
using System.Collections.Generic;
using System.Management.Automation;
using AlbTroubleshoot.Reporting;
using AlbTroubleshoot.Localization;

namespace AlbTroubleshoot.Commands
{
    /// <summary>
    /// ConvertTo-AlbReport: renders the piped diagnoses as one report, Markdown for a ticket or a
    /// self-contained HTML page, and writes it as a single string.
    /// </summary>
    [Cmdlet(VerbsData.ConvertTo, "AlbReport")]
    [OutputType(typeof(string))]
    public sealed class ConvertToAlbReportCommand : PSCmdlet
    {

        private readonly List<Diagnosis> _diagnoses = new List<Diagnosis>();

        /// <summary>The diagnoses to report on, usually from Invoke-AlbDiagnosis.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public Diagnosis[] InputObject { get; set; } = Array.Empty<Diagnosis>();

        /// <summary>Markdown (default) or Html.</summary>
        [Parameter]
        public ReportFormat Format { get; set; } = ReportFormat.Markdown;

        protected override void ProcessRecord() => _diagnoses.AddRange(InputObject);

        protected override void EndProcessing()
        {
            if (_diagnoses.Count == 0)
            {
                // An empty report would look like a clean bill of health.
                WriteError(new ErrorRecord(new ArgumentException(ErrorMessages.NoDiagnosisToReport.Format()),
                    ErrorIds.NoDiagnosisToReport, ErrorCategory.InvalidArgument, null));
                return;
            }
            WriteObject(DiagnosisReport.Render(_diagnoses, Format, DateTime.UtcNow));
        }
    }
}
