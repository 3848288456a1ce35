using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Probe;

namespace AlbTroubleshoot.Commands
{
    /// <summary>
    /// Test-AlbTargetEndpoint (docs/public-surface.md §6): talks to targets the way the ALB does, from where it runs,
    /// and writes one EndpointProbeResult per target and check. Standalone (-Address, no AWS needed),
    /// or every registered target of a load balancer's groups from a snapshot or collected live
    /// (the AwsStateCmdlet sets). Only the addresses the snapshot lists, or the one given with
    /// -Address, are contacted; only GET requests of the health-check path (or -RequestPath).
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "AlbTargetEndpoint", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(EndpointProbeResult))]
    public sealed class TestAlbTargetEndpointCommand : AwsStateCmdlet
    {
        public const string AddressSet = "Address";
        private const int ActivityId = 0x41d;
        private const string Activity = "Probing targets";

        private TargetGroupSelection? _groups;

        /// <summary>Standalone: the IP address or host name of one target.</summary>
        [Parameter(ParameterSetName = AddressSet, Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string? Address { get; set; }

        /// <summary>Standalone: the traffic port.</summary>
        [Parameter(ParameterSetName = AddressSet, Mandatory = true)]
        [ValidateRange(1, 65535)]
        public int Port { get; set; }

        /// <summary>Standalone: the target group's protocol.</summary>
        [Parameter(ParameterSetName = AddressSet)]
        [ValidateSet("HTTP", "HTTPS", IgnoreCase = true)]
        public string Protocol { get; set; } = "HTTP";

        /// <summary>Standalone: the target group's protocol version.</summary>
        [Parameter(ParameterSetName = AddressSet)]
        [ValidateSet("HTTP1", "HTTP2", "GRPC", IgnoreCase = true)]
        public string ProtocolVersion { get; set; } = "HTTP1";

        /// <summary>Standalone: the health-check path (also the path of the ResponseFormat and KeepAlive request).</summary>
        [Parameter(ParameterSetName = AddressSet)]
        [ValidateNotNullOrEmpty]
        public string HealthCheckPath { get; set; } = "/";

        /// <summary>Standalone: the success codes of the health check.</summary>
        [Parameter(ParameterSetName = AddressSet)]
        [ValidateNotNullOrEmpty]
        public string Matcher { get; set; } = "200";

        /// <summary>Standalone: the health-check port when it is not the traffic port.</summary>
        [Parameter(ParameterSetName = AddressSet)]
        [ValidateRange(1, 65535)]
        public int? HealthCheckPort { get; set; }

        /// <summary>Standalone: HealthCheckTimeoutSeconds.</summary>
        [Parameter(ParameterSetName = AddressSet)]
        [ValidateRange(2, 120)]
        public int HealthCheckTimeoutSeconds { get; set; } = 5;

        /// <summary>Standalone: the ALB's back-end TLS policy (it follows the listeners' policies).</summary>
        [Parameter(ParameterSetName = AddressSet)]
        [ValidateSet("ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04", IgnoreCase = true)]
        public string BackendTlsPolicy { get; set; } = Probe.BackendTlsPolicy.Default.Name;

        /// <summary>Only the targets of these target groups (names or ARNs).</summary>
        [Parameter(ParameterSetName = LiveSet)]
        [Parameter(ParameterSetName = SnapshotSet)]
        [ValidateNotNullOrEmpty]
        public string[]? TargetGroupName { get; set; }

        /// <summary>The ALB idle timeout the keep-alive measurement compares with (default: the ALB's attribute, else 60).</summary>
        [Parameter]
        [ValidateRange(1, Model.IdleTimeoutSetting.MaxSeconds)]
        public int? IdleTimeoutSeconds { get; set; }

        /// <summary>Bounds each step (connect, handshake, response).</summary>
        [Parameter]
        [ValidateRange(1, 120)]
        public int TimeoutSeconds { get; set; } = 10;

        /// <summary>The path of the ResponseFormat and KeepAlive request instead of the health-check path.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RequestPath { get; set; }

        /// <summary>How many targets are probed at the same time.</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>The waits are asynchronous (no thread per target), so a fleet of 100 takes about one idle-timeout wait.</summary>
        internal const int DefaultThrottleLimit = 100;

        protected override void BeginProcessing()
        {
            if (RequestPath is not null) ThrowIfBadPath(RequestPath, nameof(RequestPath));
            if (ParameterSetName != AddressSet) return;
            var hostProblem = ProbeInput.HostProblem(Address);
            if (hostProblem is not null)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(hostProblem, nameof(Address)), ErrorIds.InvalidProbeAddress, ErrorCategory.InvalidArgument, Address));
            ThrowIfBadPath(HealthCheckPath, nameof(HealthCheckPath));
            if (!HttpCodeMatcher.TryParse(Matcher, out _, out var matcherProblem))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(matcherProblem, nameof(Matcher)), ErrorIds.InvalidProbeMatcher, ErrorCategory.InvalidArgument, Matcher));
        }

        private void ThrowIfBadPath(string path, string parameter)
        {
            var problem = ProbeInput.PathProblem(path);
            if (problem is not null)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-" + parameter + ": " + problem, parameter), ErrorIds.InvalidProbePath, ErrorCategory.InvalidArgument, ProbeInput.Quote(path)));
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != AddressSet)
            {
                base.ProcessRecord();
                return;
            }
            var https = string.Equals(Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase);
            var target = new ProbeTarget(Address!, Address!, Port)
            {
                Protocol = https ? "HTTPS" : "HTTP",
                ProtocolVersion = ProtocolVersion.ToUpperInvariant(),
                RequestPath = RequestPath ?? HealthCheckPath,
                IdleTimeout = TimeSpan.FromSeconds(IdleTimeoutSeconds ?? Model.IdleTimeoutSetting.DefaultSeconds),
                IdleTimeoutSource = IdleTimeoutSeconds.HasValue ? "-IdleTimeoutSeconds" : "the default 60 s; give the load balancer's with -IdleTimeoutSeconds",
                TlsPolicy = Probe.BackendTlsPolicy.Find(BackendTlsPolicy) ?? Probe.BackendTlsPolicy.Default,
                HealthCheck = new HealthCheckSpec
                {
                    Protocol = https ? "HTTPS" : "HTTP",
                    Port = HealthCheckPort,
                    Path = HealthCheckPath,
                    Matcher = HttpCodeMatcher.Parse(Matcher),
                    Timeout = TimeSpan.FromSeconds(HealthCheckTimeoutSeconds),
                },
            };
            Run(new[] { new ProbePlanItem(target, Array.Empty<EndpointProbeResult>()) });
        }

        protected override void EndProcessing()
        {
            base.EndProcessing();
            if (ParameterSetName == AddressSet || TargetGroupName is null) return;
            foreach (var name in _groups?.Unmatched ?? TargetGroupName.Distinct(StringComparer.Ordinal))
                WriteError(new ErrorRecord(new ItemNotFoundException("Target group '" + name + "' is not a target group of the load balancers probed."),
                    ErrorIds.TargetGroupNotFound, ErrorCategory.ObjectNotFound, name));
        }

        protected override void ProcessSnapshot(AlbSnapshot snapshot)
        {
            var options = new SnapshotProbePlan.Options { IdleTimeoutSeconds = IdleTimeoutSeconds, RequestPath = RequestPath };
            var items = new List<ProbePlanItem>();
            foreach (var loadBalancer in SelectLoadBalancers(snapshot))
            {
                _groups ??= new TargetGroupSelection(TargetGroupName, byName: true);
                var groups = _groups.Of(snapshot.Model, loadBalancer);
                foreach (var empty in groups.Where(g => g.Targets is { Count: 0 }))
                    WriteWarning("Target group " + empty.Name + " has no registered targets: nothing to probe.");
                items.AddRange(SnapshotProbePlan.Build(snapshot.Model, loadBalancer, groups, options));
            }
            Run(items);
        }

        /// <summary>Starts every probe (at most -ThrottleLimit at a time) and writes the rows in plan order as they finish.</summary>
        private void Run(IReadOnlyList<ProbePlanItem> items)
        {
            var settings = new ProbeSettings { StepTimeout = TimeSpan.FromSeconds(TimeoutSeconds) };
            var targets = items.Where(i => i.Target is not null).Select(i => i.Target!).ToList();
            foreach (var t in targets)
                WriteVerbose("Probing " + t.Endpoint(t.Port) + " (" + t.TargetId + (t.TargetGroupName.Length > 0 ? ", " + t.TargetGroupName : string.Empty) + ")" +
                    ": connect, " + (t.IsHttps ? "TLS, " : string.Empty) + "health check, one GET of " + (t.RequestPath ?? "no path") +
                    ", then the connection left idle for up to " + EndpointProber.Seconds(t.IdleTimeout + settings.KeepAliveMargin) + ".");
            // Its own token too: when the cmdlet ends early (Select-Object -First, an error downstream),
            // the probes still running are stopped and their connections closed, not left to the idle timeout.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken);
            var tasks = ProbeRunner.Start(targets, settings, ThrottleLimit, stop.Token);
            var waitText = targets.Count == 0 ? string.Empty
                : "keep-alive connections are left idle up to " + EndpointProber.Seconds(targets.Max(t => t.IdleTimeout) + settings.KeepAliveMargin);
            var next = 0;
            try
            {
                foreach (var item in items)
                {
                    if (item.Target is null)
                    {
                        foreach (var row in item.Rows) WriteObject(row);
                        continue;
                    }
                    var task = tasks[next++];
                    while (!task.IsCompleted)
                    {
                        ((IAsyncResult)task).AsyncWaitHandle.WaitOne(250);
                        var done = tasks.Count(t => t.IsCompleted);
                        WriteProgress(new ProgressRecord(ActivityId, Activity,
                            string.Format(CultureInfo.InvariantCulture, "{0} of {1} targets done; {2}", done, tasks.Count, waitText))
                        {
                            PercentComplete = done * 100 / tasks.Count,
                            CurrentOperation = item.Target.ToString(),
                        });
                    }
                    Stop.ThrowIfStopped();
                    if (task.IsCanceled) throw new PipelineStoppedException();
                    if (task.IsFaulted)
                    {
                        // A bug or an unexpected system error on one target must not stop the others.
                        var error = task.Exception!.GetBaseException();
                        WriteError(new ErrorRecord(error, ErrorIds.ProbeFailed, ErrorCategory.NotSpecified, item.Target.ToString())
                        {
                            ErrorDetails = new ErrorDetails("Probing " + item.Target + " failed: " + error.Message),
                        });
                        continue;
                    }
                    foreach (var row in task.Result) WriteObject(row);
                }
            }
            finally
            {
                stop.Cancel();
                if (tasks.Count > 0 && !Stop.IsStopped)
                    WriteProgress(new ProgressRecord(ActivityId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }
    }
}
