using System;

namespace AlbTroubleshoot
{
    /// <summary>
    /// docs/public-surface.md §6 <c>Check</c>: what one probe row measured. Declared in the order a
    /// target's rows are written in (EndpointProber): a connection, its TLS, the health check, then
    /// what travels on the connection. Reordering the members reorders every probe's output.
    /// </summary>
    internal enum ProbeCheck
    {
        /// <summary>The TCP connection to the traffic port (refused: 502; no answer within 10 s: 504).</summary>
        Connect,

        /// <summary>The TLS handshake of an HTTPS target group, with the protocol versions the ALB offers targets.</summary>
        Tls,

        /// <summary>A health check as the target group defines it: protocol, port, path, matcher and timeout.</summary>
        HealthCheck,

        /// <summary>Whether the response is one the ALB accepts: status line, header syntax and size, body framing.</summary>
        ResponseFormat,

        /// <summary>How long the target keeps an idle keep-alive connection open, against the ALB's idle timeout.</summary>
        KeepAlive,

        /// <summary>Whether the target speaks the HTTP version the target group declares (HTTP1, HTTP2, GRPC).</summary>
        ProtocolVersion,
    }

    /// <summary>docs/public-surface.md §6 <c>Verdict</c> of a probe row. No order between them: code names the one it means.</summary>
    internal enum ProbeVerdict
    {
        /// <summary>The target behaves as the ALB needs.</summary>
        Pass,

        /// <summary>Measured: the ALB fails on this target as StatusCodes says.</summary>
        Fail,

        /// <summary>Something the ALB may tolerate, or a measurement cut short by -TimeoutSeconds before the ALB's own limit.</summary>
        Warning,

        /// <summary>Could not be measured from here; the explanation says why.</summary>
        Unknown,

        /// <summary>Not measured: it does not apply, or an earlier step (the connection) failed.</summary>
        Skipped,
    }

    /// <summary>
    /// One check of one target, measured by talking to it the way the ALB does (docs/public-surface.md §6). Strings,
    /// numbers and arrays only, so it serializes the same on every PowerShell version. Names and IDs
    /// are kept as the snapshot gives them (the default view shows them through DisplayText); bytes
    /// the target sent appear in Measured and Explanation only quoted (ProbeInput.Quote). Besides the
    /// contract's properties it carries what a cause evaluation needs: the load balancer and target
    /// group, the measured seconds as a number, and the catalog cause the row points to.
    /// </summary>
    public sealed class EndpointProbeResult
    {
        /// <summary>A row from text, as a script builds one: the check and the verdict must be the contract's.</summary>
        public EndpointProbeResult(string targetId, string address, int port, string check, string verdict,
            string measured, string expected, string explanation, int[]? statusCodes)
            : this(targetId, address, port, Vocabulary<ProbeCheck>.Parse(check, "probe check"), Vocabulary<ProbeVerdict>.Parse(verdict, "probe verdict"),
                measured, expected, explanation, statusCodes)
        {
        }

        internal EndpointProbeResult(string targetId, string address, int port, ProbeCheck check, ProbeVerdict verdict,
            string measured, string expected, string explanation, int[]? statusCodes)
        {
            TargetId = targetId ?? string.Empty;
            Address = address ?? string.Empty;
            Port = port;
            CheckKind = check;
            Check = check.Text();
            VerdictKind = verdict;
            Verdict = verdict.Text();
            Measured = measured ?? string.Empty;
            Expected = expected ?? string.Empty;
            Explanation = explanation ?? string.Empty;
            StatusCodes = statusCodes ?? Array.Empty<int>();
        }

        /// <summary>Instance ID or IP address as registered; the address itself for -Address.</summary>
        public string TargetId { get; }

        /// <summary>The address connected to; empty when it is not known.</summary>
        public string Address { get; }

        /// <summary>The port of this check (the health-check port for HealthCheck); 0 when not known.</summary>
        public int Port { get; }

        /// <summary>A <see cref="ProbeCheck"/> value's text.</summary>
        public string Check { get; }

        internal ProbeCheck CheckKind { get; }

        /// <summary>A <see cref="ProbeVerdict"/> value's text.</summary>
        public string Verdict { get; }

        internal ProbeVerdict VerdictKind { get; }

        /// <summary>What was measured, e.g. <c>closed after 5.0 s</c> or <c>HTTP 404 in 0.003 s</c>; empty when nothing was.</summary>
        public string Measured { get; }

        /// <summary>What the ALB needs, e.g. <c>open longer than 60 s (idle_timeout.timeout_seconds)</c>.</summary>
        public string Expected { get; }

        public string Explanation { get; }

        /// <summary>The ALB status codes this failure produces (empty for a pass, or when the failure produces none by itself).</summary>
        public int[] StatusCodes { get; }

        /// <summary>The load balancer whose settings the check used; empty for -Address.</summary>
        public string LoadBalancerName { get; internal set; } = string.Empty;

        /// <summary>The target group whose settings the check used; empty for -Address.</summary>
        public string TargetGroupName { get; internal set; } = string.Empty;

        /// <summary>The measured time in seconds (connect, handshake, response, or until the target closed the idle connection); null when none was measured.</summary>
        public double? MeasuredSeconds { get; internal set; }

        /// <summary>The catalog cause (docs/error-codes.md) a Fail or Warning points to; empty when none.</summary>
        public string Cause { get; internal set; } = string.Empty;

        public override string ToString() => $"{TargetId}:{Port} {Check}: {Verdict}";
    }
}
