using System.Management.Automation;

namespace AlbTroubleshoot.Commands
{
    /// <summary>Get-AlbSnapshot: an ALB's environment, collected live (AWS Tools or aws CLI) or read from a snapshot file.</summary>
    // The Path set is the default so that piped files (which also have a Name property) read the
    // file rather than look up a load balancer by the file's name; LoadBalancer objects have no
    // FullName, so they still choose the live set.
    [Cmdlet(VerbsCommon.Get, "AlbSnapshot", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(AlbSnapshot))]
    public sealed class GetAlbSnapshotCommand : AwsStateCmdlet
    {
        public const string PathSet = "Path";

        /// <summary>Snapshot files to read (wildcards allowed; FileInfo objects bind by FullName).</summary>
        [Parameter(ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
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
            if (Path.Length == 0) ThrowNothingSpecified();
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
