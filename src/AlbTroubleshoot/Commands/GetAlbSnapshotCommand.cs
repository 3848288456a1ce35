using System.Management.Automation;

namespace AlbTroubleshoot.Commands
{
    /// <summary>Get-AlbSnapshot: an ALB's environment, collected live (AWS Tools or aws CLI) or read from a snapshot file.</summary>
    [Cmdlet(VerbsCommon.Get, "AlbSnapshot", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(AlbSnapshot))]
    public sealed class GetAlbSnapshotCommand : AwsStateCmdlet
    {
        public const string PathSet = "Path";

        /// <summary>Snapshot files to read (wildcards allowed; FileInfo objects bind by FullName).</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = System.Array.Empty<string>();

        protected override void ProcessRecord()
        {
            if (ParameterSetName != PathSet)
            {
                base.ProcessRecord();
                return;
            }
            foreach (var pattern in Path)
            {
                System.Collections.ObjectModel.Collection<string> files;
                try
                {
                    files = GetResolvedProviderPathFromPSPath(pattern, out _);
                }
                catch (ItemNotFoundException e)
                {
                    WriteError(new ErrorRecord(e, AwsStateErrorIds.SnapshotFileNotFound, ErrorCategory.ObjectNotFound, pattern));
                    continue;
                }
                foreach (var file in files)
                {
                    var snapshot = LoadSnapshotFile(file);
                    if (snapshot is not null) WriteObject(snapshot);
                }
            }
        }

        protected override void ProcessSnapshot(AlbSnapshot snapshot) => WriteObject(snapshot);
    }
}
