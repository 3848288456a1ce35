using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using AlbTroubleshoot.Snapshots;
using AlbTroubleshoot.Localization;

namespace AlbTroubleshoot.Commands
{
    /// <summary>
    /// Export-AlbSnapshot: writes a snapshot file (docs/snapshot-format.md, CLI spelling) from piped
    /// snapshots (several are combined into one file) or from a live collection. Files are written as
    /// Out-File and Export-Csv write them: -WhatIf/-Confirm, -NoClobber to keep an existing file,
    /// -Force to replace a read-only one.
    /// </summary>
    [Cmdlet(VerbsData.Export, "AlbSnapshot", DefaultParameterSetName = LiveSet, SupportsShouldProcess = true)]
    [OutputType(typeof(AlbSnapshot))]
    public sealed class ExportAlbSnapshotCommand : AwsStateCmdlet
    {

        private readonly List<AlbSnapshot> _snapshots = new List<AlbSnapshot>();
        private string? _fullPath;

        /// <summary>The file to write; a wildcard may name one existing file.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>The file to write, taken as written (no wildcards).</summary>
        [Parameter]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string? LiteralPath { get; set; }

        /// <summary>Do not replace an existing file: stop with SnapshotFileExists instead.</summary>
        [Parameter]
        [Alias("NoOverwrite")]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>Replace a read-only file too.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Live: also collect the load balancers' CloudWatch metrics over this window, ending now (the GetMetricData section).</summary>
        [Parameter(ParameterSetName = LiveSet)]
        [Parameter(ParameterSetName = AllSet)]
        public TimeSpan? MetricWindow { get; set; }

        /// <summary>Every Application Load Balancer of the account in the -Region list, in one file (docs/fleet.md).</summary>
        [Parameter(ParameterSetName = AllSet, Mandatory = true)]
        public SwitchParameter All { get; set; }

        /// <summary>With -All, the Regions to collect (default: the current one); otherwise one Region.</summary>
        [Parameter(ParameterSetName = LiveSet)]
        [Parameter(ParameterSetName = AllSet)]
        [Alias("RegionToCall")]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public new string[]? Region { get; set; }

        /// <summary>With -All, how many load balancers are collected at a time.</summary>
        [Parameter(ParameterSetName = AllSet)]
        [ValidateRange(1, FleetParameters.MaxThrottleLimit)]
        public int ThrottleLimit { get; set; } = FleetParameters.DefaultThrottleLimit;

        // The AWS common parameters, in the -All set too (same names, aliases and meaning as the base's).
        // PowerShell reads a parameter's sets from the attributes of the most derived property, and a set
        // named on the base would appear on every AWS-state cmdlet: so the two cmdlets with -All repeat them.
        [Parameter(ParameterSetName = LiveSet)]
        [Parameter(ParameterSetName = AllSet)]
        public override AwsSource Source { get => base.Source; set => base.Source = value; }

        [Parameter(ParameterSetName = LiveSet)]
        [Parameter(ParameterSetName = AllSet)]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public override string? ProfileName { get => base.ProfileName; set => base.ProfileName = value; }

        [Parameter(ParameterSetName = LiveSet)]
        [Parameter(ParameterSetName = AllSet)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        [ValidateNotNullOrEmpty]
        public override string? ProfileLocation { get => base.ProfileLocation; set => base.ProfileLocation = value; }

        [Parameter(ParameterSetName = LiveSet)]
        [Parameter(ParameterSetName = AllSet)]
        public override object? Credential { get => base.Credential; set => base.Credential = value; }

        [Parameter(ParameterSetName = LiveSet)]
        [Parameter(ParameterSetName = AllSet)]
        [Alias("AK")]
        public override string? AccessKey { get => base.AccessKey; set => base.AccessKey = value; }

        [Parameter(ParameterSetName = LiveSet)]
        [Parameter(ParameterSetName = AllSet)]
        [Alias("SK", "SecretAccessKey")]
        public override string? SecretKey { get => base.SecretKey; set => base.SecretKey = value; }

        [Parameter(ParameterSetName = LiveSet)]
        [Parameter(ParameterSetName = AllSet)]
        [Alias("ST")]
        public override string? SessionToken { get => base.SessionToken; set => base.SessionToken = value; }

        [Parameter(ParameterSetName = LiveSet)]
        [Parameter(ParameterSetName = AllSet)]
        public override string? EndpointUrl { get => base.EndpointUrl; set => base.EndpointUrl = value; }


        private protected override CloudWatch.MetricWindow? LiveMetricWindow => MetricWindowParameter.From(this, MetricWindow);

        /// <summary>Also write the exported snapshot to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>False under -WhatIf or a declined -Confirm: then nothing is collected, read or written.</summary>
        private bool _approved;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            FleetParameters.SetSingleRegion(this, Region);
            _fullPath = ResolveTarget();
            // Before the (possibly long) collection, so -NoClobber and a declined -Confirm cost nothing.
            if (NoClobber && File.Exists(_fullPath)) ThrowFileExists(_fullPath);
            _approved = ShouldProcess(_fullPath, "Write an ALB snapshot file");
        }

        protected override void ProcessRecord()
        {
            if (_approved) base.ProcessRecord();
        }

        protected override void ProcessSnapshot(AlbSnapshot snapshot) => _snapshots.Add(snapshot);

        protected override void EndProcessing()
        {
            if (!_approved) return;
            if (ParameterSetName == AllSet) FleetParameters.RunAll(this, Region, ThrottleLimit, LiveMetricWindow, ProcessSnapshot, perRegion: true);
            else base.EndProcessing();
            if (_snapshots.Count == 0) return;   // nothing resolved: the errors are already written
            var document = _snapshots.Count == 1 ? _snapshots[0].Document : SnapshotDocument.Combine(_snapshots.Select(s => s.Document));
            var fullPath = _fullPath!;
            try
            {
                if (Force && File.Exists(fullPath))
                {
                    var attributes = File.GetAttributes(fullPath);
                    if ((attributes & FileAttributes.ReadOnly) != 0) File.SetAttributes(fullPath, attributes & ~FileAttributes.ReadOnly);
                }
                // CreateNew makes -NoClobber hold even when the file appeared during the collection.
                using var stream = new FileStream(fullPath, NoClobber ? FileMode.CreateNew : FileMode.Create, FileAccess.Write, FileShare.None);
                using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024);
                document.Save(writer);
            }
            catch (IOException) when (NoClobber && File.Exists(fullPath))
            {
                ThrowFileExists(fullPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var hint = e is UnauthorizedAccessException && !Force && File.Exists(fullPath) ? " If the file is read-only, -Force replaces it." : string.Empty;
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.SnapshotFileNotWritten, ErrorCategory.WriteError, fullPath)
                {
                    ErrorDetails = new ErrorDetails("Could not write the snapshot file '" + fullPath + "': " + e.Message + hint),
                });
            }
            WriteVerbose("Wrote " + fullPath);
            if (PassThru) WriteObject(new AlbSnapshot(document, fullPath));
        }

        /// <summary>
        /// The file -Path or -LiteralPath names, as Out-File resolves it: a -Path wildcard must match
        /// exactly one existing file; a path that does not exist yet is taken as written; a folder is
        /// an error.
        /// </summary>
        private string ResolveTarget()
        {
            if ((Path is null) == (LiteralPath is null))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException((Path is null ? ErrorMessages.SnapshotPathMissing : ErrorMessages.SnapshotPathBoth).Format()),
                    ErrorIds.SnapshotPathRequired, ErrorCategory.InvalidArgument, null));
            string target;
            if (LiteralPath is not null || !WildcardPattern.ContainsWildcardCharacters(Path))
            {
                target = SessionState.Path.GetUnresolvedProviderPathFromPSPath(LiteralPath ?? Path, out var provider, out _);
                if (provider.Name != "FileSystem") ThrowNotAFile(LiteralPath ?? Path!);
            }
            else
            {
                List<string> matches;
                try
                {
                    matches = GetResolvedProviderPathFromPSPath(Path!, out var provider).ToList();
                    if (provider.Name != "FileSystem") ThrowNotAFile(Path!);
                }
                catch (ItemNotFoundException)
                {
                    matches = new List<string>();
                }
                if (matches.Count != 1)
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException(matches.Count == 0
                            ? ErrorMessages.SnapshotPathNoMatch.Format(Path)
                            : ErrorMessages.SnapshotPathMany.Format(Path, matches.Count)),
                        ErrorIds.SnapshotPathRequired, ErrorCategory.InvalidArgument, Path));
                target = matches[0];
            }
            if (Directory.Exists(target))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(ErrorMessages.SnapshotTargetIsFolder.Format(target, System.IO.Path.Combine(target, "snapshot.json"))),
                    ErrorIds.SnapshotPathIsFolder, ErrorCategory.InvalidArgument, target));
            return target;
        }

        private void ThrowNotAFile(string path) =>
            ThrowTerminatingError(new ErrorRecord(new ArgumentException(ErrorMessages.SnapshotPathNotFileSystem.Format(path)),
                ErrorIds.SnapshotPathRequired, ErrorCategory.InvalidArgument, path));

        private void ThrowFileExists(string fullPath) =>
            ThrowTerminatingError(new ErrorRecord(new IOException(ErrorMessages.SnapshotFileExists.Format(fullPath)),
                ErrorIds.SnapshotFileExists, ErrorCategory.ResourceExists, fullPath));
    }
}
