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
    public static class ProbeRunner
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
