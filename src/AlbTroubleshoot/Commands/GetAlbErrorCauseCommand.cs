using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AlbTroubleshoot.Catalog;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Reachability;
using AlbTroubleshoot.Localization;

namespace AlbTroubleshoot.Commands
{
    /// <summary>
    /// Get-AlbErrorCause: the documented causes of ALB status codes (catalog), or, given a load
    /// balancer or a snapshot, each cause evaluated against it with a verdict and evidence.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AlbErrorCause", DefaultParameterSetName = CatalogSet)]
    [OutputType(typeof(ErrorCause))]
    public sealed class GetAlbErrorCauseCommand : AwsStateCmdlet, IAccessLogParameters
    {
        public const string CatalogSet = "Catalog";

        private readonly List<StatusCodeFilter> _codes = new List<StatusCodeFilter>();
        private readonly List<AlbSnapshot> _snapshots = new List<AlbSnapshot>();
        private readonly Dictionary<string, IReadOnlyList<AlbSnapshot>> _files = new Dictionary<string, IReadOnlyList<AlbSnapshot>>(StringComparer.Ordinal);

        /// <summary>Codes (502) or classes (4XX, 5XX).</summary>
        [Parameter(ParameterSetName = CatalogSet, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SnapshotSet, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = LiveSet, ValueFromPipelineByPropertyName = true)]
        [Alias("ElbStatusCode")]
        [StatusCodeTransformation]
        [ArgumentCompleter(typeof(StatusCodeCompleter))]
        public StatusCodeFilter[] StatusCode { get; set; } = Array.Empty<StatusCodeFilter>();

        /// <summary>
        /// An access-log entry from Get-AlbAccessLog: the answer is the cause its line points to, with
        /// the classifier's verdict and the line as evidence, rather than every cause of its code.
        /// </summary>
        [Parameter(ParameterSetName = CatalogSet, ValueFromPipeline = true)]
        public AccessLogEntry? AccessLogEntry { get; set; }

        /// <summary>
        /// Rows of Test-AlbTargetEndpoint, piped with -Snapshot: each load balancer's causes are weighed on
        /// what was measured on its targets, as Invoke-AlbDiagnosis -Probe does.
        /// </summary>
        [Parameter(ParameterSetName = SnapshotSet, ValueFromPipeline = true)]
        public EndpointProbeResult? ProbeResult { get; set; }

        private List<EndpointProbeResult>? _probeRows;
        private DiagnosisAccessLogs? _accessLogs;

        /// <summary>The targets' HTTP keep-alive timeout in seconds, compared with the ALB's idle timeout.</summary>
        // Also in the catalog set, so that `$snapshot | Get-AlbErrorCause 502 -TargetKeepAliveSeconds 5`
        // binds 502 to StatusCode (not to the live set's positional Name) and then the piped snapshot.
        [Parameter(ParameterSetName = CatalogSet)]
        [Parameter(ParameterSetName = SnapshotSet)]
        [Parameter(ParameterSetName = LiveSet)]
        [ValidateRange(1, 604800)]
        public int? TargetKeepAliveSeconds { get; set; }

        // The access-log parameters (IAccessLogParameters), after this cmdlet's own: their help is docs/cmdlets/shared/AccessLogParameters.md.

        /// <inheritdoc cref="IAccessLogParameters.AccessLogPath"/>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[]? AccessLogPath { get; set; }

        /// <inheritdoc cref="IAccessLogParameters.AccessLogFrom"/>
        [Parameter]
        public DateTime? AccessLogFrom { get; set; }

        /// <inheritdoc cref="IAccessLogParameters.AccessLogTo"/>
        [Parameter]
        public DateTime? AccessLogTo { get; set; }

        /// <inheritdoc cref="IAccessLogParameters.AccessLogDownloadLimitMB"/>
        [Parameter]
        [ValidateRange(1, DiagnosisAccessLogs.MaxDownloadLimitMB)]
        public int AccessLogDownloadLimitMB { get; set; } = DiagnosisAccessLogs.DefaultDownloadLimitMB;

        private DiagnosisAccessLogs AccessLogs => _accessLogs ??= new DiagnosisAccessLogs(this, this, CreateLiveBackend);

        protected override void ProcessRecord()
        {
            if (ParameterSetName == CatalogSet)
            {
                if (TargetKeepAliveSeconds.HasValue)
                    ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException("-TargetKeepAliveSeconds is compared with a load balancer's idle timeout: also give -Snapshot, -Name or -LoadBalancerArn, or pipe a snapshot or load balancer."),
                        ErrorIds.LoadBalancerNotSpecified, ErrorCategory.InvalidArgument, TargetKeepAliveSeconds));
                if (AccessLogs.Requested)
                    ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException("-AccessLogPath, -AccessLogFrom and -AccessLogTo weigh a load balancer's causes against its log lines: also give -Snapshot, -Name or -LoadBalancerArn, or pipe a snapshot or load balancer. To read the logs alone, use Measure-AlbAccessLog or Get-AlbAccessLog."),
                        ErrorIds.LoadBalancerNotSpecified, ErrorCategory.InvalidArgument, AccessLogPath));
                if (AccessLogEntry is not null) WriteEntryCause(AccessLogEntry);
                else if (StatusCode.Length == 0 && MyInvocation.BoundParameters.ContainsKey(nameof(StatusCode))) WriteNoCode();
                else WriteCatalog();
                return;
            }
            // Evaluation: gather the codes of every pipeline record, evaluate once per snapshot at the end.
            foreach (var c in StatusCode)
                if (!_codes.Contains(c)) _codes.Add(c);
            if (ParameterSetName == SnapshotSet && Snapshot is not null)
            {
                if (ProbeResult is not null) (_probeRows ??= new List<EndpointProbeResult>()).Add(ProbeResult);
                foreach (var argument in Snapshot)
                    foreach (var snapshot in LoadOnce(argument))
                        if (!_snapshots.Contains(snapshot)) _snapshots.Add(snapshot);
                return;
            }
            base.ProcessRecord();
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == SnapshotSet)
            {
                var loose = _probeRows?.Count(r => r.LoadBalancerName.Length == 0) ?? 0;
                if (loose > 0)
                    WriteWarning(Wording.Plural(loose, "probe row") + " name no load balancer (Test-AlbTargetEndpoint -Address): they are not weighed. Probe with -Snapshot to weigh a load balancer's causes.");
                foreach (var snapshot in _snapshots) Evaluate(snapshot);
                return;
            }
            base.EndProcessing();
        }

        protected override void ProcessSnapshot(AlbSnapshot snapshot) => Evaluate(snapshot);

        /// <summary>A -Snapshot value repeated by every piped record is read (and its errors written) once.</summary>
        private IReadOnlyList<AlbSnapshot> LoadOnce(SnapshotArgument argument)
        {
            if (argument.Snapshot is not null) return new[] { argument.Snapshot };
            var key = (argument.IsLiteralPath ? "literal:" : "path:") + argument.Path;
            if (!_files.TryGetValue(key, out var snapshots))
            {
                snapshots = ResolveSnapshots(argument).ToList();
                _files[key] = snapshots;
            }
            return snapshots;
        }

        private void Evaluate(AlbSnapshot snapshot)
        {
            var codes = _codes.Where(c => c.Class.HasValue || CheckKnown(c.Code!.Value)).ToList();
            if (_codes.Count > 0 && codes.Count == 0) return;
            foreach (var lb in SelectLoadBalancers(snapshot))
            {
                Stop.ThrowIfStopped();
                // The same composition as Invoke-AlbDiagnosis: the network causes are decided from the
                // analyses Test-AlbTargetReachability and Test-AlbNaclEphemeral write.
                var logs = AccessLogs.For(lb);
                Stop.ThrowIfStopped();
                var diagnosis = Stop.Run(() => LoadBalancerDiagnoser.Diagnose(snapshot, lb, codes, TargetKeepAliveSeconds, logs, null, CancellationToken, _probeRows));
                WriteObject(diagnosis.Findings, enumerateCollection: true);
            }
        }


        /// <summary>True for a code the catalog knows; otherwise writes UnknownStatusCode once.</summary>
        private bool CheckKnown(int code)
        {
            if (CauseCatalog.IsKnownCode(code)) return true;
            if (_reported.Add(code)) WriteError(UnknownCode(code));
            return false;
        }

        private readonly HashSet<int> _reported = new HashSet<int>();

        /// <summary>The cause an access-log line points to; nothing for a line that is not an error.</summary>
        private void WriteEntryCause(AccessLogEntry entry)
        {
            if (entry.Cause.Length == 0) return;
            var definition = CauseCatalog.FindById(entry.Cause);
            if (definition is null) return;   // the classifier only emits catalog Ids (a unit test holds it to that)
            var where = entry.File.Length > 0 ? $"{entry.File}:{entry.LineNumber}: " : string.Empty;
            var evidence = new[] { where + entry.CauseReason };
            // The entry carries the verdict as the contract's text; only the classifier sets it, so the parse cannot fail on a real entry.
            var verdict = entry.CauseVerdict.Length > 0 ? Vocabulary<CauseVerdict>.Parse(entry.CauseVerdict, "cause verdict") : CauseVerdict.Possible;
            WriteObject(new ErrorCause(definition, entry.ElbStatusCode ?? definition.StatusCode, verdict, evidence, entry.Elb));
        }

        private void WriteCatalog()
        {
            var filters = StatusCode.Length > 0 ? StatusCode : new[] { new StatusCodeFilter("4XX"), new StatusCodeFilter("5XX") };
            foreach (var filter in filters)
            {
                if (filter.Class.HasValue)
                {
                    foreach (var entry in CauseCatalog.ForClass(filter.Class.Value))
                        WriteObject(new ErrorCause(entry, entry.StatusCode, CauseVerdict.NotEvaluated, null, null));
                    continue;
                }

                var code = filter.Code!.Value;
                var causes = CauseCatalog.ForCode(code).ToList();
                if (causes.Count == 0)
                {
                    WriteError(UnknownCode(code));
                    continue;
                }
                foreach (var entry in causes)
                    WriteObject(new ErrorCause(entry, code, CauseVerdict.NotEvaluated, null, null));
            }
        }

        /// <summary>-StatusCode was given but held no code ($null, an empty array, a piped object whose code is empty).</summary>
        private void WriteNoCode() =>
            WriteError(new ErrorRecord(new ArgumentException(ErrorMessages.NoStatusCode.Format()),
                ErrorIds.NoStatusCode, ErrorCategory.InvalidArgument, null));

        private static ErrorRecord UnknownCode(int code)
        {
            return new ErrorRecord(new ArgumentException(CauseCatalog.UnknownCodeMessage(new[] { code })), ErrorIds.UnknownStatusCode, ErrorCategory.InvalidArgument, code);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _accessLogs?.Dispose();
            base.Dispose(disposing);
        }
    }
}
