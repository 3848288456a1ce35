using System;
using System.Management.Automation;

namespace AlbTroubleshoot.Commands
{
    /// <summary>Get-AlbSnapshot: an ALB's environment, collected live (AWS Tools or aws CLI) or read from snapshot files.</summary>
    // The Path set is the default so that `Get-AlbSnapshot web.json` reads the file (positional -Path,
    // as Get-Content does); the live set's positional -Name needs its name here. Piped files bind
    // -Snapshot (SnapshotTransformationAttribute); LoadBalancer objects have no file, so they still
    // choose the live set.
    [Cmdlet(VerbsCommon.Get, "AlbSnapshot", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(AlbSnapshot))]
    public sealed class GetAlbSnapshotCommand : AwsStateCmdlet
    {
        public const string PathSet = "Path";
        public const string LiteralPathSet = "LiteralPath";

        /// <summary>Snapshot files to read; wildcards allowed.</summary>
        [Parameter(ParameterSetName = PathSet, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Snapshot files to read, taken as written (no wildcards).</summary>
        [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            if (ParameterSetName != PathSet && ParameterSetName != LiteralPathSet)
            {
                base.ProcessRecord();
                return;
            }
            var literal = ParameterSetName == LiteralPathSet;
            var paths = literal ? LiteralPath : Path;
            if (paths.Length == 0) ThrowNothingSpecified();
            foreach (var path in paths)
            {
                foreach (var file in ResolveSnapshotFiles(path, literal))
                {
                    var snapshot = LoadSnapshotFile(file);
                    if (snapshot is not null) WriteObject(snapshot);
                }
            }
        }

        protected override void ProcessSnapshot(AlbSnapshot snapshot) => WriteObject(snapshot);
    }
}
