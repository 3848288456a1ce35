using System;
using System.Collections.Generic;

namespace AlbTroubleshoot.Probe
{
    /// <summary>
    /// Which catalog causes (docs/error-codes.md) each check speaks for, and what a failed check makes
    /// of its cause: the one place probe rows meet the catalog (docs/probe.md, "In a diagnosis"). A
    /// row's <see cref="EndpointProbeResult.Cause"/> is always one of its check's causes.
    /// </summary>
    internal static class ProbeCauses
    {
        /// <summary>The Measured text of a Tls row whose port answered the ClientHello in plain HTTP: one fact that decides the handshake error.</summary>
        public const string PlainHttpOnTlsPort = "plain HTTP answered the ClientHello";

        private static readonly Dictionary<ProbeCheck, string[]> ByCheck = new Dictionary<ProbeCheck, string[]>
        {
            [ProbeCheck.Connect] = new[] { "502.TargetConnectionReset", "502.TargetHostUnreachable", "504.TargetConnectionTimeout" },
            [ProbeCheck.Tls] = new[] { "502.TargetTlsHandshakeError", "504.TargetTlsHandshakeTimeout" },
            // A failing health check names no error code by itself; it explains targets that never enter service.
            [ProbeCheck.HealthCheck] = new[] { "503.NoTargetInService" },
            [ProbeCheck.ResponseFormat] = new[] { "502.MalformedTargetResponse", "502.ResponseHeaderTooLarge", "504.ContentLengthLargerThanBody", "504.TargetResponseTimeout" },
            [ProbeCheck.KeepAlive] = new[] { "502.TargetClosedKeepAliveConnection", "502.MalformedTargetResponse" },
            [ProbeCheck.ProtocolVersion] = new[] { "502.MalformedTargetResponse" },
        };

        /// <summary>
        /// The failures the probe can only make Likely: it connects from elsewhere than the ALB's nodes
        /// (a dropped packet or an ICMP answer may be this host's path), and a slow target may be slow
        /// only now. Every other failed check is one measured fact the ALB meets the same way: Confirmed.
        /// </summary>
        private static readonly HashSet<string> LikelyOnly = new HashSet<string>(StringComparer.Ordinal)
        {
            "504.TargetConnectionTimeout", "502.TargetHostUnreachable", "504.TargetTlsHandshakeTimeout", "504.TargetResponseTimeout",
        };

        /// <summary>The causes a row of this check can speak for.</summary>
        public static IReadOnlyList<string> Of(ProbeCheck check) => ByCheck[check];

        /// <summary>
        /// What a row makes of the cause it points to (docs/public-surface.md §8): Confirmed or Likely for a Fail as
        /// above, except a TLS failure other than plain HTTP on the port (Likely: this machine's TLS
        /// library offers what the ALB may not); Possible for a Warning (cut short before the ALB's own
        /// limit, or behaviour AWS does not document); null when the row points to no cause.
        /// </summary>
        public static CauseVerdict? VerdictOf(EndpointProbeResult row)
        {
            if (row is null) throw new ArgumentNullException(nameof(row));
            if (row.Cause.Length == 0) return null;
            if (row.VerdictKind == ProbeVerdict.Warning) return CauseVerdict.Possible;
            if (row.VerdictKind != ProbeVerdict.Fail) return null;
            if (LikelyOnly.Contains(row.Cause)) return CauseVerdict.Likely;
            if (row.CheckKind == ProbeCheck.Tls && row.Measured != PlainHttpOnTlsPort) return CauseVerdict.Likely;
            return CauseVerdict.Confirmed;
        }
    }
}
