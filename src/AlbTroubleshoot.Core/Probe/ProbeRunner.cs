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

    /// <summary>
    /// Which catalog causes (docs/error-codes.md) each check speaks for: the seam for weighing causes
    /// on probe results. A row's <see cref="EndpointProbeResult.Cause"/> is always one of these; a
    /// Pass speaks against all of them for that target.
    /// </summary>
    public static class ProbeCauses
    {
        private static readonly Dictionary<string, string[]> ByCheck = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            [ProbeCheck.Connect] = new[] { "502.TargetConnectionReset", "502.TargetHostUnreachable", "504.TargetConnectionTimeout" },
            [ProbeCheck.Tls] = new[] { "502.TargetTlsHandshakeError", "504.TargetTlsHandshakeTimeout" },
            [ProbeCheck.HealthCheck] = Array.Empty<string>(),
            [ProbeCheck.ResponseFormat] = new[] { "502.MalformedTargetResponse", "502.ResponseHeaderTooLarge", "504.ContentLengthLargerThanBody", "504.TargetResponseTimeout" },
            [ProbeCheck.KeepAlive] = new[] { "502.TargetClosedKeepAliveConnection", "502.MalformedTargetResponse" },
            [ProbeCheck.ProtocolVersion] = new[] { "502.MalformedTargetResponse" },
        };

        public static IReadOnlyList<string> Of(string check) =>
            ByCheck.TryGetValue(check ?? string.Empty, out var ids) ? ids : Array.Empty<string>();
    }
}
