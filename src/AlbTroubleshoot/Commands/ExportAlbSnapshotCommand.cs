using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Commands
{
    /// <summary>
    /// Export-AlbSnapshot: writes a snapshot file (contract §3, CLI spelling) from piped snapshots
    /// (several are combined into one file) or from a live collection.
    /// </summary>
    [Cmdlet(VerbsData.Export, "AlbSnapshot", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(AlbSnapshot))]
    public sealed class ExportAlbSnapshotCommand : AwsStateCmdlet
    {
        private readonly List<AlbSnapshot> _snapshots = new List<AlbSnapshot>();

        /// <summary>The file to write (overwritten if it exists).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Also write the exported snapshot to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessSnapshot(AlbSnapshot snapshot) => _snapshots.Add(snapshot);

        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (_snapshots.Count == 0) return;   // nothing resolved: the errors are already written
            var document = _snapshots.Count == 1 ? _snapshots[0].Document : SnapshotDocument.Combine(_snapshots.Select(s => s.Document));
            var fullPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            try
            {
                document.Save(fullPath);
            }
            catch (System.Exception e) when (e is IOException or System.UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(e, AwsStateErrorIds.SnapshotFileNotWritten, ErrorCategory.WriteError, fullPath));
            }
            WriteVerbose("Wrote " + fullPath);
            if (PassThru) WriteObject(new AlbSnapshot(document, fullPath));
        }
    }
}
