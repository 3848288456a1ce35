using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using AlbTroubleshoot.Catalog;
using AlbTroubleshoot.Probe;

namespace AlbTroubleshoot.Commands
{
    /// <summary>
    /// Invoke-AlbDiagnosis: every check for one or more load balancers, live or from a snapshot (every
    /// load balancer of the snapshot when none is named); one Diagnosis per load balancer.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AlbDiagnosis", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(Diagnosis))]
    public sealed class InvokeAlbDiagnosisCommand : AwsStateCmdlet, IAccessLogParameters
    {
        private const int ActivityId = 0x41c;
        private const string Activity = "Diagnosing load balancers";
        private DiagnosisAccessLogs? _accessLogs;

        /// <summary>Focus on these codes (502) or classes (5XX); every code when omitted.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(StatusCodeCompleter))]
        [ValidateNotNull]
        public StatusCodeFilter[] StatusCode { get; set; } = Array.Empty<StatusCodeFilter>();

        /// <summary>The targets' HTTP keep-alive timeout, compared with the ALB idle timeout.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int? TargetKeepAliveSeconds { get; set; }

        /// <summary>
        /// Probe every registered target from this machine as Test-AlbTargetEndpoint does (with the
        /// load balancer's idle timeout and each group's settings) and weigh the causes on what it measured.
        /// </summary>
        [Parameter]
        public SwitchParameter Probe { get; set; }

        /// <summary>Live: weigh the causes against the load balancer's CloudWatch metrics over this window, ending now.</summary>
        [Parameter(ParameterSetName = LiveSet)]
        [Parameter(ParameterSetName = AllSet)]
        public TimeSpan? MetricWindow { get; set; }

        /// <summary>Every Application Load Balancer of the account in the -Region list (docs/fleet.md).</summary>
        [Parameter(ParameterSetName = AllSet, Mandatory = true)]
        public SwitchParameter All { get; set; }

        /// <summary>With -All, the Regions to diagnose (default: the current one); otherwise one Region.</summary>
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

        private protected override CloudWatch.MetricWindow? LiveMetricWindow => MetricWindowParameter.From(this, MetricWindow);

        protected override void BeginProcessing()
        {
            FleetParameters.SetSingleRegion(this, Region);
            var unknown = StatusCode.Where(f => f.Code.HasValue && !CauseCatalog.IsKnownCode(f.Code.Value)).ToList();
            if (unknown.Count > 0)
            {
                // Diagnosing "everything else" instead would answer a question nobody asked.
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException(CauseCatalog.UnknownCodeMessage(unknown.Select(f => f.Code!.Value))),
                    ErrorIds.UnknownStatusCode, ErrorCategory.InvalidArgument, unknown[0].Code));
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == AllSet) FleetParameters.RunAll(this, Region, ThrottleLimit, LiveMetricWindow, ProcessSnapshot);
            else base.EndProcessing();
        }

        protected override void ProcessSnapshot(AlbSnapshot snapshot)
        {
            var loadBalancers = SelectLoadBalancers(snapshot);   // writes why when it finds none

            var steps = LoadBalancerDiagnoser.Steps.Length;
            for (var i = 0; i < loadBalancers.Count; i++)
            {
                var loadBalancer = loadBalancers[i];
                var done = i;
                var logs = AccessLogs.For(loadBalancer);
                Stop.ThrowIfStopped();
                var diagnosis = Stop.Run(() =>
                {
                    var probe = Probe ? ProbeTargets(snapshot, loadBalancer) : null;
                    return LoadBalancerDiagnoser.Diagnose(snapshot, loadBalancer, StatusCode, TargetKeepAliveSeconds, logs,
                        step => WriteProgress(new ProgressRecord(ActivityId, Activity,
                            string.Format(CultureInfo.InvariantCulture, "{0} ({1} of {2}): {3}", loadBalancer.Name, done + 1, loadBalancers.Count, LoadBalancerDiagnoser.Steps[step]))
                        {
                            PercentComplete = (done * steps + step) * 100 / (loadBalancers.Count * steps),
                        }),
                        CancellationToken, probe);
                });
                WriteObject(diagnosis);
            }
            WriteProgress(new ProgressRecord(ActivityId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        }

        /// <summary>-Probe: the rows of every target of the load balancer; a warning (and no rows) when it has none to probe.</summary>
        private IReadOnlyList<EndpointProbeResult> ProbeTargets(AlbSnapshot snapshot, Model.LoadBalancer loadBalancer)
        {
            var groups = snapshot.Model.TargetGroupsOf(loadBalancer);
            foreach (var empty in groups.Where(g => g.Targets is { Count: 0 }))
                WriteWarning("-Probe: target group " + empty.Name + " of " + loadBalancer.Name + " has no registered targets: nothing to probe.");
            if (!groups.Any(g => g.Targets is { Count: > 0 }))
            {
                WriteWarning("-Probe: " + loadBalancer.Name + " has no registered target to probe" + (groups.Count == 0 ? " (no target group)" : string.Empty) + "; the causes are weighed without a probe.");
                return Array.Empty<EndpointProbeResult>();
            }
            var settings = new ProbeSettings();
            var task = LoadBalancerDiagnoser.Probe(snapshot, loadBalancer, settings, TestAlbTargetEndpointCommand.DefaultThrottleLimit, CancellationToken);
            while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(250))
                WriteProgress(new ProgressRecord(ActivityId, Activity, loadBalancer.Name + ": probing its targets (keep-alive connections are left idle up to the idle timeout)"));
            if (task.IsCanceled) throw new OperationCanceledException();
            var rows = task.GetAwaiter().GetResult();
            foreach (var unknown in rows.Where(r => r.CheckKind == ProbeCheck.Connect && r.VerdictKind == ProbeVerdict.Unknown))
                WriteVerbose("-Probe: " + unknown.TargetId + " in " + unknown.TargetGroupName + ": " + unknown.Explanation);
            return rows;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _accessLogs?.Dispose();
            base.Dispose(disposing);
        }
    }
}
