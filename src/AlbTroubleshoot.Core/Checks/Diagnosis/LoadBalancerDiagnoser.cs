using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AlbTroubleshoot.Catalog;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Reachability;

namespace AlbTroubleshoot
{
    /// <summary>
    /// Runs every check on one load balancer of a snapshot and assembles its <see cref="Diagnosis"/>:
    /// the paths to the targets, the NACL ephemeral ranges, then the causes of the requested codes,
    /// which read the first two (and the access logs and probe rows, when given) as evidence. Composition only: each check lives in its own engine.
    /// </summary>
    internal static class LoadBalancerDiagnoser
    {
        /// <summary>The steps <see cref="Diagnose"/> reports, for a progress bar.</summary>
        internal static readonly string[] Steps = { "paths to the targets", "network ACL ephemeral ports", "causes of each status code" };

        public static Diagnosis Diagnose(AlbSnapshot snapshot, LoadBalancer loadBalancer, IReadOnlyList<StatusCodeFilter> statusCodes,
            int? targetKeepAliveSeconds, AccessLogEvidence? accessLogs, Action<int>? stepStarted, CancellationToken cancellationToken,
            IReadOnlyList<EndpointProbeResult>? probe = null)
        {
            if (snapshot is null) throw new ArgumentNullException(nameof(snapshot));
            if (loadBalancer is null) throw new ArgumentNullException(nameof(loadBalancer));
            var codes = ExpandCodes(statusCodes);

            stepStarted?.Invoke(0);
            cancellationToken.ThrowIfCancellationRequested();
            var reachability = TargetPathAnalyzer.Analyze(snapshot.Model, loadBalancer, cancellationToken);

            stepStarted?.Invoke(1);
            cancellationToken.ThrowIfCancellationRequested();
            var nacl = NaclEphemeralAnalyzer.Analyze(snapshot.Model, loadBalancer);

            stepStarted?.Invoke(2);
            cancellationToken.ThrowIfCancellationRequested();
            var probeEvidence = probe is null ? null : new ProbeEvidence(probe, snapshot.Model, loadBalancer);
            var metrics = MetricsFor(snapshot, loadBalancer);
            var findings = CauseEvaluator.Evaluate(snapshot.Model, loadBalancer, new DiagnosisOptions
            {
                StatusCodes = statusCodes,
                TargetKeepAliveSeconds = targetKeepAliveSeconds,
                Reachability = reachability,
                NaclEphemeral = nacl,
                AccessLogs = accessLogs,
                Probe = probeEvidence,
                Metrics = metrics,
            });

            return new Diagnosis(loadBalancer.Name, loadBalancer.Arn, findings, reachability, nacl, codes, snapshot, accessLogs,
                UnreadableFor(snapshot.Model, loadBalancer).Select(u => u.ToString()),
                probeEvidence?.Rows, metrics?.Series);
        }

        /// <summary>
        /// Invoke-AlbDiagnosis -Probe: Test-AlbTargetEndpoint's checks on every registered target of the
        /// load balancer's target groups, with their settings and its idle timeout, as
        /// <see cref="Diagnose"/> weighs them. No target to probe gives no rows.
        /// </summary>
        public static System.Threading.Tasks.Task<IReadOnlyList<EndpointProbeResult>> Probe(AlbSnapshot snapshot, LoadBalancer loadBalancer, Probe.ProbeSettings settings,
            int maxConcurrent, CancellationToken cancellationToken)
        {
            if (snapshot is null) throw new ArgumentNullException(nameof(snapshot));
            var plan = AlbTroubleshoot.Probe.SnapshotProbePlan.Build(snapshot.Model, loadBalancer, snapshot.Model.TargetGroupsOf(loadBalancer), new Probe.SnapshotProbePlan.Options());
            return AlbTroubleshoot.Probe.ProbeRunner.RunPlanAsync(plan, settings, maxConcurrent, cancellationToken);
        }

        /// <summary>The load balancer's CloudWatch series from the snapshot, with its idle timeout; null when the snapshot holds none for it.</summary>
        internal static CloudWatch.MetricEvidence? MetricsFor(AlbSnapshot snapshot, LoadBalancer loadBalancer)
        {
            var data = snapshot.Metrics.For(loadBalancer.Arn);
            if (data is null) return null;
            return new CloudWatch.MetricEvidence(data.Series, data.Start, data.End, IdleTimeoutSetting.Of(loadBalancer).Seconds);
        }

        /// <summary>
        /// The values AWS returned that the model could not read and that can bear on this load
        /// balancer: everything outside Elastic Load Balancing (the network is shared), and of Elastic
        /// Load Balancing its own resources (listeners and rules carry its id) and target groups.
        /// </summary>
        internal static IEnumerable<Model.UnreadableValue> UnreadableFor(EnvironmentModel model, LoadBalancer loadBalancer)
        {
            var groups = new HashSet<string>(model.TargetGroupsOf(loadBalancer).Select(g => g.Arn), StringComparer.Ordinal);
            bool Ours(string? id) => id is null || !id.StartsWith("arn:aws", StringComparison.Ordinal) || !id.Contains(":elasticloadbalancing:") ||
                                     id.Contains(loadBalancer.ResourceId) || groups.Contains(id);
            return model.Unreadable.Where(u => Ours(u.ResourceId) && Ours(u.ParentId));
        }

        /// <summary>
        /// The exact codes a -StatusCode list stands for: a class (5XX) becomes every code of that class
        /// the load balancer generates. Empty means every code.
        /// </summary>
        internal static IReadOnlyList<int> ExpandCodes(IReadOnlyList<StatusCodeFilter> filters) =>
            (filters ?? Array.Empty<StatusCodeFilter>())
                .SelectMany(f => f.Code.HasValue ? new[] { f.Code.Value } : CauseCatalog.LoadBalancerCodes.Where(f.Matches))
                .Distinct()
                .OrderBy(c => c)
                .ToList();
    }
}
