using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using AlbTroubleshoot.Collection;
using AlbTroubleshoot.Commands;
using AlbTroubleshoot.Localization;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot
{
    /// <summary>
    /// Base of every cmdlet that needs AWS state (docs/public-surface.md §2). It owns the §2 parameters and
    /// resolves "a snapshot for this request":
    /// <list type="bullet">
    /// <item>parameter set <see cref="SnapshotSet"/>: -Snapshot, an AlbSnapshot object or a file path,
    /// by value from the pipeline; <see cref="ProcessSnapshot"/> runs once per snapshot as it arrives;</item>
    /// <item>parameter set <see cref="LiveSet"/> (default): -Name/-LoadBalancerArn (also by property name
    /// from piped AWS Tools LoadBalancer objects, CLI JSON or our own objects) plus -Source and the AWS
    /// common parameters; all load balancers of the pipeline are collected together in
    /// EndProcessing (so they share the EC2 calls) and <see cref="ProcessSnapshot"/> runs once.</item>
    /// </list>
    /// A derived cmdlet implements <see cref="ProcessSnapshot"/>, may add parameters and sets of its
    /// own (calling base.ProcessRecord/base.EndProcessing for these two sets), and uses
    /// <see cref="CancellationToken"/> and <see cref="LoadSnapshotFile"/>. Ctrl+C cancels a running collection.
    /// </summary>
    public abstract class AwsStateCmdlet : PSCmdlet, IDisposable, IAwsParameters
    {
        public const string LiveSet = "Live";
        public const string SnapshotSet = "Snapshot";
        /// <summary>Every load balancer of the account in some Regions (Invoke-AlbDiagnosis -All, Export-AlbSnapshot -All; docs/fleet.md).</summary>
        public const string AllSet = "All";

        private readonly List<string> _names = new List<string>();
        private readonly List<string> _arns = new List<string>();

        /// <summary>Offline: AlbSnapshot objects, snapshot file paths (wildcards allowed) or file objects.</summary>
        [Parameter(ParameterSetName = SnapshotSet, Mandatory = true, ValueFromPipeline = true)]
        [SnapshotTransformation]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public SnapshotArgument[]? Snapshot { get; set; }

        /// <summary>The load balancer's ARN; from AWS Tools/CLI objects by property name.</summary>
        [Parameter(ParameterSetName = LiveSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SnapshotSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LoadBalancerCompleter))]
        public string[]? LoadBalancerArn { get; set; }

        /// <summary>The load balancer's name.</summary>
        [Parameter(ParameterSetName = LiveSet, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SnapshotSet)]
        [Alias("LoadBalancerName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LoadBalancerCompleter))]
        public string[]? Name { get; set; }

        /// <summary>How to collect live: AWS Tools cmdlets, the aws CLI, or Auto (AWS Tools if present, else the CLI).</summary>
        [Parameter(ParameterSetName = LiveSet)]
        public virtual AwsSource Source { get; set; } = AwsSource.Auto;

        [Parameter(ParameterSetName = LiveSet)]
        [Alias("RegionToCall")]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public virtual string? ProfileName { get; set; }

        /// <summary>The shared credentials file that holds -ProfileName, as AWS Tools' -ProfileLocation.</summary>
        [Parameter(ParameterSetName = LiveSet)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        [ValidateNotNullOrEmpty]
        public virtual string? ProfileLocation { get; set; }

        /// <summary>An AWS Tools AWSCredentials object, or a PSCredential (user name = access key ID, password = secret key).</summary>
        [Parameter(ParameterSetName = LiveSet)]
        public virtual object? Credential { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        [Alias("AK")]
        public virtual string? AccessKey { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        [Alias("SK", "SecretAccessKey")]
        public virtual string? SecretKey { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        [Alias("ST")]
        public virtual string? SessionToken { get; set; }

        [Parameter(ParameterSetName = LiveSet)]
        public virtual string? EndpointUrl { get; set; }

        /// <summary>Ctrl+C: the token to pass to long work, and how that work ends when it is stopped.</summary>
        internal PipelineStop Stop { get; } = new PipelineStop();

        /// <summary>Cancelled by Ctrl+C (StopProcessing); pass it to long work.</summary>
        protected internal CancellationToken CancellationToken => Stop.Token;

        /// <summary>Called with each snapshot this invocation resolves (from -Snapshot, or collected live).</summary>
        protected abstract void ProcessSnapshot(AlbSnapshot snapshot);

        protected override void ProcessRecord()
        {
            if (ParameterSetName == SnapshotSet && Snapshot is not null)
            {
                foreach (var argument in Snapshot)
                    foreach (var snapshot in ResolveSnapshots(argument))
                        ProcessSnapshot(snapshot);
            }
            else if (ParameterSetName == LiveSet)
            {
                // A piped AWS Tools LoadBalancer binds both; its ARN identifies it without a second lookup.
                if (LoadBalancerArn is { Length: > 0 }) _arns.AddRange(LoadBalancerArn);
                else if (Name is { Length: > 0 }) _names.AddRange(Name);
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName != LiveSet) return;
            if (_names.Count == 0 && _arns.Count == 0) ThrowNothingSpecified();
            var names = Valid(_names, AwsValueKind.LoadBalancerName, "-Name");
            var arns = Valid(_arns, AwsValueKind.LoadBalancerArn, "-LoadBalancerArn");
            if (names.Count == 0 && arns.Count == 0) return;   // each was an Invalid… error
            var snapshot = CollectLive(names, arns);
            if (snapshot is not null) ProcessSnapshot(snapshot);
        }

        /// <summary>
        /// The values that keep AWS's rule for their kind; each other one is a non-terminating
        /// InvalidArgument error naming the parameter, and never reaches AWS or a command line.
        /// </summary>
        internal List<string> Valid(IEnumerable<string> values, AwsValueKind kind, string parameterName) => LiveBackend.Valid(this, values, kind, parameterName);

        protected override void StopProcessing() => Stop.Stop();

        /// <summary>
        /// The load balancers of a snapshot this invocation is about: those -Name/-LoadBalancerArn
        /// name (with -Snapshot they select within the file), or all of them when none is named. A
        /// name the snapshot lacks is a non-terminating LoadBalancerNotFound error; the others go on.
        /// A snapshot that holds no load balancer (or does not know) is a NoLoadBalancerInSnapshot error.
        /// </summary>
        private protected IReadOnlyList<Model.LoadBalancer> SelectLoadBalancers(AlbSnapshot snapshot)
        {
            if (snapshot is null) throw new ArgumentNullException(nameof(snapshot));
            var all = snapshot.Model.LoadBalancers ?? Array.Empty<Model.LoadBalancer>();
            if (all.Count == 0)
            {
                var message = snapshot.Model.LoadBalancers is null
                    ? ErrorMessages.NoLoadBalancerInSnapshot.Format(snapshot.Source, snapshot.Model.UnknownReason(Snapshots.SnapshotOperations.DescribeLoadBalancers))
                    : ErrorMessages.NoLoadBalancerInSnapshotEmpty.Format(snapshot.Source);
                WriteError(new ErrorRecord(
                    new InvalidOperationException(DisplayText.Safe(message)),
                    ErrorIds.NoLoadBalancerInSnapshot, ErrorCategory.InvalidData, snapshot));
                return all;
            }
            var wanted = (LoadBalancerArn ?? Array.Empty<string>()).Concat(Name ?? Array.Empty<string>()).ToList();
            if (ParameterSetName != SnapshotSet || wanted.Count == 0) return OnlyApplication(snapshot, all);
            var selected = new List<Model.LoadBalancer>();
            foreach (var nameOrArn in wanted)
            {
                var found = snapshot.Model.FindLoadBalancer(nameOrArn);
                if (found is null)
                {
                    WriteError(new ErrorRecord(
                        new ItemNotFoundException(DisplayText.Safe(ErrorMessages.LoadBalancerNotInSnapshot.Format(nameOrArn, snapshot.Source, string.Join(", ", snapshot.LoadBalancers)))),
                        ErrorIds.LoadBalancerNotFound, ErrorCategory.ObjectNotFound, nameOrArn));
                }
                else if (!selected.Contains(found))
                {
                    selected.Add(found);
                }
            }
            return OnlyApplication(snapshot, selected);
        }

        /// <summary>Only Application Load Balancers are diagnosed: each other one is an error record, and the rest go on.</summary>
        private IReadOnlyList<Model.LoadBalancer> OnlyApplication(AlbSnapshot snapshot, IReadOnlyList<Model.LoadBalancer> loadBalancers)
        {
            foreach (var lb in loadBalancers.Where(l => !l.IsApplicationLoadBalancer))
                WriteError(new ErrorRecord(
                    new InvalidOperationException(lb.NotApplicationReason + " (" + snapshot.Source + ")"),
                    ErrorIds.NotAnApplicationLoadBalancer, ErrorCategory.InvalidArgument, lb.Arn));
            return loadBalancers.Where(l => l.IsApplicationLoadBalancer).ToList();
        }

        /// <summary>Stops with LoadBalancerNotSpecified: neither a load balancer nor a snapshot was given.</summary>
        protected void ThrowNothingSpecified() =>
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException(ErrorMessages.LoadBalancerNotSpecified.Format()),
                ErrorIds.LoadBalancerNotSpecified, ErrorCategory.InvalidArgument, null));

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (disposing) Stop.Dispose();
        }

        /// <summary>The snapshots one -Snapshot value stands for: the object itself, or each file its path names.</summary>
        protected IEnumerable<AlbSnapshot> ResolveSnapshots(SnapshotArgument argument)
        {
            if (argument is null) throw new ArgumentNullException(nameof(argument));
            if (argument.Snapshot is not null)
            {
                yield return argument.Snapshot;
                yield break;
            }
            foreach (var file in ResolveSnapshotFiles(argument.Path!, argument.IsLiteralPath))
            {
                var snapshot = LoadSnapshotFile(file);
                if (snapshot is not null) yield return snapshot;
            }
        }

        /// <summary>
        /// The files a snapshot path names: with wildcards (unless <paramref name="literal"/>) each
        /// matching file, in the provider's order. A path that matches nothing, a folder, or a path
        /// outside the file system is a non-terminating error (SnapshotFileNotFound, SnapshotPathIsFolder);
        /// the other paths go on.
        /// </summary>
        protected IReadOnlyList<string> ResolveSnapshotFiles(string path, bool literal)
        {
            var files = new List<string>();
            var matched = new List<string>();
            try
            {
                ProviderInfo provider;
                if (literal)
                {
                    matched.Add(SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _));
                }
                else
                {
                    matched.AddRange(SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider));
                }
                if (provider.Name != "FileSystem")
                {
                    WriteError(new ErrorRecord(new ArgumentException(ErrorMessages.SnapshotNotFileSystem.Format(path)),
                        ErrorIds.SnapshotFileNotFound, ErrorCategory.InvalidArgument, path));
                    return files;
                }
            }
            catch (Exception e) when (e is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException)
            {
                // Reported below as "no such file", the same as a wildcard that matches nothing.
            }
            foreach (var candidate in matched)
            {
                if (Directory.Exists(candidate))
                    WriteError(new ErrorRecord(new ArgumentException(ErrorMessages.SnapshotPathIsFolder.Format(candidate, System.IO.Path.Combine(candidate, "*.json"))),
                        ErrorIds.SnapshotPathIsFolder, ErrorCategory.InvalidArgument, candidate));
                else if (File.Exists(candidate))
                    files.Add(candidate);
                else
                    WriteSnapshotFileNotFound(candidate);
            }
            if (matched.Count == 0) WriteSnapshotFileNotFound(path);
            return files;
        }

        private void WriteSnapshotFileNotFound(string path)
        {
            var message = LooksLikeLoadBalancerName(path) ? ErrorMessages.SnapshotNoMatchName : ErrorMessages.SnapshotNoMatch;
            WriteError(new ErrorRecord(new ItemNotFoundException(message.Format(path)),
                ErrorIds.SnapshotFileNotFound, ErrorCategory.ObjectNotFound, path));
        }

        /// <summary>True for text that could be an ALB name (1-32 letters, digits and hyphens): a positional "web" meant as a name.</summary>
        private static bool LooksLikeLoadBalancerName(string text) =>
            text.Length is > 0 and <= 32 && text.All(c => c == '-' || (c < 128 && char.IsLetterOrDigit(c)));

        /// <summary>
        /// Reads one snapshot file (a full file-system path). A file that vanished or cannot be read
        /// is a non-terminating error (returns null); a file that is not JSON, not a snapshot, or a
        /// newer version is a terminating error whose ID is the SnapshotFormatException's
        /// (SnapshotNotJson …) and whose message names the file.
        /// </summary>
        protected AlbSnapshot? LoadSnapshotFile(string fullPath)
        {
            if (!File.Exists(fullPath))
            {
                WriteSnapshotFileNotFound(fullPath);
                return null;
            }
            try
            {
                return new AlbSnapshot(SnapshotDocument.Load(fullPath), fullPath);
            }
            catch (SnapshotFormatException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, ErrorCategory.InvalidData, fullPath)
                {
                    ErrorDetails = new ErrorDetails(ErrorMessages.SnapshotUnreadable.Format(fullPath, e.Reason)),
                });
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(e, ErrorIds.SnapshotFileUnreadable, ErrorCategory.ReadError, fullPath));
                return null;
            }
        }

        /// <summary>The CloudWatch window a live collection also reads (the GetMetricData section); null: none.</summary>
        private protected virtual CloudWatch.MetricWindow? LiveMetricWindow => null;

        /// <summary>Collects one snapshot for all the named load balancers; null when none could be described.</summary>
        protected AlbSnapshot? CollectLive(IReadOnlyCollection<string> names, IReadOnlyCollection<string> arns)
        {
            var backend = CreateLiveBackend();

            var reporter = new CmdletReporter(this);
            var collector = new SnapshotCollector(backend, reporter) { Metrics = LiveMetricWindow };
            SnapshotDocument? document;
            try
            {
                document = Stop.Run(() => collector.Collect(names, arns, Region, CancellationToken));
            }
            catch (AwsCallException e)
            {
                ThrowTerminatingError(ToErrorRecord(e, ErrorIds.AwsCollectionFailed, backend.Name, ErrorMessages.CollectionFailed.Format(backend.Name)));
                return null;
            }
            finally
            {
                reporter.Complete();
            }
            WriteVerbose(backend.Name + ": " + collector.CallCount + " AWS calls.");
            return document is null ? null : new AlbSnapshot(document, backend.Name);
        }

        /// <summary>
        /// The load balancers of target groups given by ARN alone (<see cref="TargetGroupLookup"/>); a
        /// failed lookup stops the command (TargetGroupNotFound, or the ID of the AWS failure's kind).
        /// </summary>
        protected IReadOnlyList<string> LoadBalancerArnsOfTargetGroups(IReadOnlyCollection<string> targetGroupArns)
        {
            var backend = CreateLiveBackend();
            try
            {
                return Stop.Run(() => TargetGroupLookup.LoadBalancerArnsOf(backend, targetGroupArns, CancellationToken));
            }
            catch (AwsCallException e)
            {
                var record = e.Kind == AwsFailureKind.NotFound
                    ? new ErrorRecord(e, ErrorIds.TargetGroupNotFound, ErrorCategory.ObjectNotFound, string.Join(", ", targetGroupArns))
                        { ErrorDetails = new ErrorDetails(DisplayText.Safe("Target group " + string.Join(", ", targetGroupArns) + " was not found: " + e.Message + " " + e.Hint)) }
                    : ToErrorRecord(e, ErrorIds.AwsCollectionFailed, backend.Name, ErrorMessages.TargetGroupsNotDescribed.Format(backend.Name));
                ThrowTerminatingError(record);
                return Array.Empty<string>();
            }
        }

        /// <summary>The back end -Source chooses, with the AWS common parameters; a bad credential parameter stops the command.</summary>
        private protected IAwsBackend CreateLiveBackend() => LiveBackend.Create(this, this, Region, WriteVerbose, null);

        /// <summary>
        /// The same for one Region of a fleet: <paramref name="verbose"/> instead of WriteVerbose (workers
        /// cannot write), and <paramref name="wrapSource"/> around the source back end, inside the throttling retry.
        /// </summary>
        internal IAwsBackend CreateLiveBackend(string? region, Action<string> verbose, Func<IAwsBackend, IAwsBackend>? wrapSource) =>
            LiveBackend.Create(this, this, region, verbose, wrapSource);

        /// <summary>The error ID and category of each kind of AWS failure; other failures keep the caller's ID.</summary>
        private static (string Id, ErrorCategory Category) Classify(AwsFailureKind kind, string otherId, ErrorCategory otherCategory) => kind switch
        {
            AwsFailureKind.AccessDenied => (ErrorIds.AwsAccessDenied, ErrorCategory.PermissionDenied),
            AwsFailureKind.CredentialsMissing => (ErrorIds.AwsCredentialsNotFound, ErrorCategory.AuthenticationError),
            AwsFailureKind.CredentialsRejected => (ErrorIds.AwsCredentialsRejected, ErrorCategory.AuthenticationError),
            AwsFailureKind.RegionMissing => (ErrorIds.AwsRegionNotSet, ErrorCategory.InvalidArgument),
            AwsFailureKind.NotFound => (ErrorIds.AwsResourceNotFound, ErrorCategory.ObjectNotFound),
            AwsFailureKind.Throttled => (ErrorIds.AwsThrottled, ErrorCategory.LimitsExceeded),
            AwsFailureKind.Connection => (ErrorIds.AwsEndpointUnreachable, ErrorCategory.ConnectionError),
            AwsFailureKind.InvalidValue => (ErrorIds.UnsafeAwsValue, ErrorCategory.InvalidArgument),
            _ => (otherId, otherCategory),
        };

        /// <summary>
        /// The error record of a failed AWS call: the ID and category its kind means (AccessDenied →
        /// AwsAccessDenied, PermissionDenied …; anything else <paramref name="otherId"/>), and a
        /// message "what: code: AWS's message hint". <paramref name="keepId"/> keeps
        /// <paramref name="otherId"/> for every kind (only the category follows the kind).
        /// </summary>
        internal static ErrorRecord ToErrorRecord(AwsCallException failure, string otherId, object? target, string what,
            bool keepId = false, ErrorCategory otherCategory = ErrorCategory.InvalidOperation)
        {
            var (id, category) = Classify(failure.Kind, otherId, otherCategory);
            return new ErrorRecord(failure, keepId ? otherId : id, category, target)
            {
                ErrorDetails = new ErrorDetails(DisplayText.Safe(what + ": " + failure.Reason)),
            };
        }

        /// <summary>Turns the collector's reports into progress, warnings and errors on this cmdlet.</summary>
        private sealed class CmdletReporter : ICollectionReporter
        {
            private const int ActivityId = 0x41b;
            private readonly PSCmdlet _cmdlet;
            private bool _started;

            public CmdletReporter(PSCmdlet cmdlet) { _cmdlet = cmdlet; }

            public void Progress(string status, int percentComplete)
            {
                _started = true;
                _cmdlet.WriteProgress(new ProgressRecord(ActivityId, "Collecting the ALB snapshot", DisplayText.Safe(status)) { PercentComplete = percentComplete });
            }

            public void CallFailed(AwsRequest request, AwsCallException failure)
            {
                // Without DescribeLoadBalancers there is no snapshot to record the failure in: an error for those ALBs.
                if (request.Operation == SnapshotOperations.DescribeLoadBalancers)
                {
                    _cmdlet.WriteError(ToErrorRecord(failure, ErrorIds.AwsCallFailed, request.ToString(), ErrorMessages.LoadBalancersNotDescribed.Format()));
                    return;
                }
                _cmdlet.WriteWarning(DisplayText.Safe(request.Operation + " failed (" + failure.ErrorCode + "): " + failure.Message +
                    (failure.Hint.Length > 0 ? " " + failure.Hint : string.Empty) +
                    " The snapshot records it under Errors; checks that need it will answer Unknown."));
            }

            public void LoadBalancerNotFound(string nameOrArn, string reason) =>
                _cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException(DisplayText.Safe(ErrorMessages.LoadBalancerNotFoundLive.Format(nameOrArn, reason))),
                    ErrorIds.LoadBalancerNotFound, ErrorCategory.ObjectNotFound, nameOrArn));

            public void Complete()
            {
                if (_started)
                    _cmdlet.WriteProgress(new ProgressRecord(ActivityId, "Collecting the ALB snapshot", "Done") { RecordType = ProgressRecordType.Completed });
            }
        }
    }

    /// <summary>Where live AWS data comes from (docs/public-surface.md §2).</summary>
    public enum AwsSource
    {
        /// <summary>AWS Tools if importable, else the aws CLI.</summary>
        Auto,
        AwsTools,
        AwsCli,
    }
}
