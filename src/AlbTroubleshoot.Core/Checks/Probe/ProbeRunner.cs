using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AlbTroubleshoot.Probe
{
    /// <summary>
    /// Probes many targets at once, at most a bounded number at a time. The waits are asynchronous
    /// (no thread per target), so a fleet of 100 targets takes about one keep-alive wait, not 100.
    /// </summary>
    internal static class ProbeRunner
    {
        /// <summary>Starts every probe; the tasks come back in the order of <paramref name="targets"/>.</summary>
        public static IReadOnlyList<Task<IReadOnlyList<EndpointProbeResult>>> Start(
            IReadOnlyList<ProbeTarget> targets, ProbeSettings settings, int maxConcurrent, CancellationToken cancellationToken)
        {
            if (targets is null) throw new ArgumentNullException(nameof(targets));
            if (maxConcurrent < 1) throw new ArgumentOutOfRangeException(nameof(maxConcurrent), maxConcurrent, "At least one probe must be allowed to run.");
            var prober = new EndpointProber(settings);
            var gate = new SemaphoreSlim(maxConcurrent);
            return targets.Select(t => RunOneAsync(prober, gate, t, cancellationToken)).ToList();
        }

        /// <summary>
        /// Every row of a plan, in plan order, once all probes are done (Invoke-AlbDiagnosis -Probe). A
        /// probe that fails unexpectedly becomes an Unknown Connect row naming the error: one target
        /// never stops the rest, nor the diagnosis.
        /// </summary>
        public static async Task<IReadOnlyList<EndpointProbeResult>> RunPlanAsync(
            IReadOnlyList<ProbePlanItem> items, ProbeSettings settings, int maxConcurrent, CancellationToken cancellationToken)
        {
            if (items is null) throw new ArgumentNullException(nameof(items));
            var targets = items.Where(i => i.Target is not null).Select(i => i.Target!).ToList();
            var tasks = Start(targets, settings, maxConcurrent, cancellationToken);
            try
            {
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Each faulted task is turned into its row below.
            }
            cancellationToken.ThrowIfCancellationRequested();
            var rows = new List<EndpointProbeResult>();
            var next = 0;
            foreach (var item in items)
            {
                if (item.Target is null)
                {
                    rows.AddRange(item.Rows);
                    continue;
                }
                var t = item.Target;
                var task = tasks[next++];
                if (task.Status == TaskStatus.RanToCompletion)
                {
                    rows.AddRange(task.Result);
                    continue;
                }
                var error = task.Exception?.GetBaseException().Message ?? "the probe was cancelled";
                rows.Add(new EndpointProbeResult(t.TargetId, t.Address, t.Port, ProbeCheck.Connect, ProbeVerdict.Unknown, string.Empty, string.Empty,
                    "Probing " + t + " failed: " + ProbeInput.Quote(error, 200) + ".", null)
                {
                    LoadBalancerName = t.LoadBalancerName,
                    TargetGroupName = t.TargetGroupName,
                });
            }
            return rows;
        }

        private static async Task<IReadOnlyList<EndpointProbeResult>> RunOneAsync(EndpointProber prober, SemaphoreSlim gate, ProbeTarget target, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await prober.ProbeAsync(target, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
