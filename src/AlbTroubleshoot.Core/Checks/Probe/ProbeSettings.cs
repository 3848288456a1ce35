using System;

namespace AlbTroubleshoot.Probe
{
    /// <summary>
    /// How long the probe waits, and the ALB's own fixed limits it compares with. A wait the probe
    /// cuts short (its step timeout is below the ALB's limit) can only give Warning, never Fail:
    /// the ALB might still have succeeded.
    /// </summary>
    internal sealed class ProbeSettings
    {
        /// <summary>Bounds every step (connect, handshake, response) except the keep-alive idle wait: -TimeoutSeconds.</summary>
        public TimeSpan StepTimeout { get; set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// The ALB's connection timeout to targets: "The load balancer failed to establish a connection
        /// to the target before the connection timeout expired (10 seconds)" → 504
        /// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html#http-504-issues).
        /// </summary>
        public TimeSpan AlbConnectTimeout { get; internal set; } = TimeSpan.FromSeconds(10);

        /// <summary>The ALB's TLS handshake timeout to targets, 10 s, not adjustable → 504 (same page).</summary>
        public TimeSpan AlbTlsHandshakeTimeout { get; internal set; } = TimeSpan.FromSeconds(10);

        /// <summary>
        /// How much longer than the ALB's idle timeout the keep-alive wait lasts, so that a target
        /// closing at the same moment as the ALB (a race AWS warns about) is seen closing.
        /// </summary>
        public TimeSpan KeepAliveMargin { get; internal set; } = TimeSpan.FromSeconds(1);

        /// <summary>The User-Agent of the probe's own requests, so the target's logs say who asked.</summary>
        public string UserAgent { get; set; } = "AlbTroubleshoot-Probe/1.0 (Test-AlbTargetEndpoint)";

        /// <summary>The User-Agent of the ALB's health checks, sent with the HealthCheck request.</summary>
        public const string HealthCheckUserAgent = "ELB-HealthChecker/2.0";

        internal static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    }
}
