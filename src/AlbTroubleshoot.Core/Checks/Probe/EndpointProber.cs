using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AlbTroubleshoot.Probe
{
    /// <summary>
    /// Talks to one target the way the ALB does and writes one row per check (docs/public-surface.md §6). Two
    /// connections, at the same time: the traffic connection (Connect, Tls, then one GET of the
    /// request path for ResponseFormat, left idle for KeepAlive; for HTTP/2 and gRPC groups the
    /// HTTP/2 preface instead, for ProtocolVersion) and the health-check connection (HealthCheck).
    /// Nothing else is sent: two small GET requests at most, of the health-check path or the one the
    /// user named.
    /// </summary>
    internal sealed class EndpointProber
    {
        private const string Troubleshooting = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html";

        private static readonly int[] Code502 = { 502 };
        private static readonly int[] Code504 = { 504 };

        private readonly ProbeSettings _settings;

        public EndpointProber(ProbeSettings settings)
        {
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        }

        /// <summary>Every check of one target, in <see cref="ProbeCheck"/>'s declaration order.</summary>
        public async Task<IReadOnlyList<EndpointProbeResult>> ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
        {
            if (target is null) throw new ArgumentNullException(nameof(target));
            var rows = new Rows(target);
            await Task.WhenAll(TrafficAsync(target, rows, cancellationToken), HealthCheckAsync(target, rows, cancellationToken)).ConfigureAwait(false);
            return rows.InOrder();
        }

        // ----- the traffic connection -----

        private async Task TrafficAsync(ProbeTarget t, Rows rows, CancellationToken ct)
        {
            var port = t.Port;
            var connectLimit = ProbeSettings.Min(_settings.StepTimeout, _settings.AlbConnectTimeout);
            var expectedConnect = "a TCP connection within " + Seconds(_settings.AlbConnectTimeout) + " (the ALB's connection timeout)";
            var (connection, end, detail, connectSeconds) = await ProbeConnection.ConnectAsync(t.Address, port, connectLimit, ct).ConfigureAwait(false);
            if (connection is null)
            {
                rows.Set(ConnectFailure(t, end, detail, connectSeconds, connectLimit, expectedConnect));
                rows.SkipRest(ProbeCheck.Connect, port, "No connection to " + t.Endpoint(port) + " (see Connect).", ProbeCheck.HealthCheck);
                return;
            }
            using (connection)
            {
                rows.Set(rows.Row(ProbeCheck.Connect, port, ProbeVerdict.Pass, "connected in " + Seconds(connectSeconds), expectedConnect,
                    "The target accepts TCP connections on port " + port.ToString(CultureInfo.InvariantCulture) + ".", null, connectSeconds));

                var h2 = t.ProtocolVersion is "HTTP2" or "GRPC";
                if (t.IsHttps)
                {
                    if (!await TlsAsync(t, connection, h2, rows, ct).ConfigureAwait(false)) return;
                }
                else
                {
                    rows.Set(rows.Row(ProbeCheck.Tls, port, ProbeVerdict.Skipped, string.Empty, string.Empty,
                        "The target group's protocol is HTTP: the ALB does not use TLS to this target.", null, null));
                }
                if (h2) await Http2Async(t, connection, rows, ct).ConfigureAwait(false);
                else await Http1Async(t, connection, rows, ct).ConfigureAwait(false);
            }
        }

        private EndpointProbeResult ConnectFailure(ProbeTarget t, WireEnd end, string detail, double seconds, TimeSpan limit, string expected)
        {
            var port = t.Port;
            var rows = new Rows(t);
            switch (end)
            {
                case WireEnd.Reset:
                    return rows.Row(ProbeCheck.Connect, port, ProbeVerdict.Fail, detail + " after " + Seconds(seconds), expected,
                        "Nothing accepts connections on " + t.Endpoint(port) + " (no process listens on that port and address, or it refuses them): the ALB gets a TCP RST and answers 502. " +
                        "Make the application listen on the registered port on all interfaces (0.0.0.0), or correct the port. " + Troubleshooting + "#http-502-issues",
                        Code502, seconds, "502.TargetConnectionReset");
                case WireEnd.TimedOut:
                    var reachedAlbLimit = limit >= _settings.AlbConnectTimeout;
                    return rows.Row(ProbeCheck.Connect, port, reachedAlbLimit ? ProbeVerdict.Fail : ProbeVerdict.Warning,
                        "no answer within " + Seconds(seconds), expected,
                        "The connection request to " + t.Endpoint(port) + " got no answer: packets are dropped on the way (security group, network ACL, route) or the target is too busy to accept. " +
                        (reachedAlbLimit
                            ? "The ALB gives up after " + Seconds(_settings.AlbConnectTimeout) + " and answers 504. "
                            : "The probe stopped after " + Seconds(limit) + " (-TimeoutSeconds); the ALB waits " + Seconds(_settings.AlbConnectTimeout) + " before answering 504: run with -TimeoutSeconds " +
                              Math.Ceiling(_settings.AlbConnectTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " to decide. ") +
                        "Test-AlbTargetReachability names the rule that drops them. " + Troubleshooting + "#http-504-issues",
                        Code504, seconds, "504.TargetConnectionTimeout");
                default:
                    var unreachable = detail.IndexOf("unreachable", StringComparison.OrdinalIgnoreCase) >= 0;
                    return rows.Row(ProbeCheck.Connect, port, unreachable ? ProbeVerdict.Fail : ProbeVerdict.Unknown, detail, expected,
                        unreachable
                            ? "The network answered that " + t.Endpoint(port) + " cannot be reached from here: the ALB gets the same answer (ICMP unreachable) and answers 502, if it connects from a subnet like this one. " + Troubleshooting + "#http-502-issues"
                            : "The probe could not try the connection: " + detail + ".",
                        unreachable ? Code502 : null, null, unreachable ? "502.TargetHostUnreachable" : string.Empty);
            }
        }

        /// <summary>The TLS handshake on the traffic connection; false when it failed (the rest is skipped).</summary>
        private async Task<bool> TlsAsync(ProbeTarget t, ProbeConnection connection, bool offerH2, Rows rows, CancellationToken ct)
        {
            var port = t.Port;
            var limit = ProbeSettings.Min(_settings.StepTimeout, _settings.AlbTlsHandshakeTimeout);
            var expected = TlsExpected(t.TlsPolicy);
            var (end, detail, seconds) = await connection.StartTlsAsync(t.Address, t.TlsPolicy, offerH2 && ProbeConnection.CanOfferAlpn, limit, ct).ConfigureAwait(false);
            if (end == WireEnd.Done)
            {
                rows.Set(rows.Row(ProbeCheck.Tls, port, ProbeVerdict.Pass,
                    connection.TlsProtocol + ", " + connection.TlsCipher + " in " + Seconds(seconds) +
                    (connection.NegotiatedApplicationProtocol.Length > 0 ? ", ALPN " + connection.NegotiatedApplicationProtocol : string.Empty), expected,
                    "The target completes a TLS handshake with the protocol versions of " + t.TlsPolicy.Name + ". The ALB does not validate the target's certificate, so a self-signed or expired one is fine. " +
                    "The cipher is the one the target chose from what this machine's TLS library offers; .NET cannot limit the offer to the policy's cipher list, so a target that accepts only ciphers outside it would pass here and fail at the ALB.",
                    null, seconds));
                return true;
            }
            var plain = PlainHttpReply(connection.FirstBytesReceived);
            EndpointProbeResult row;
            if (end == WireEnd.TimedOut)
            {
                var reachedAlbLimit = limit >= _settings.AlbTlsHandshakeTimeout;
                row = rows.Row(ProbeCheck.Tls, port, reachedAlbLimit ? ProbeVerdict.Fail : ProbeVerdict.Warning, "no handshake within " + Seconds(seconds), expected,
                    "The target accepted the connection but did not complete a TLS handshake. " +
                    (reachedAlbLimit
                        ? "The ALB gives up after " + Seconds(_settings.AlbTlsHandshakeTimeout) + " (not adjustable) and answers 504. "
                        : "The probe stopped after " + Seconds(limit) + " (-TimeoutSeconds); the ALB waits " + Seconds(_settings.AlbTlsHandshakeTimeout) + " before answering 504. ") +
                    "A CPU-starved target, or a port that does not speak TLS and waits for a request, does this. " + Troubleshooting + "#http-504-issues",
                    Code504, seconds, "504.TargetTlsHandshakeTimeout");
            }
            else
            {
                var why = plain is not null
                    ? "The port speaks plain HTTP, not TLS: it answered the TLS ClientHello with '" + plain + "'. The target group's protocol is HTTPS, so the ALB's handshake fails: use an HTTP target group, or serve TLS on this port."
                    : "The TLS handshake failed (" + ProbeInput.Quote(detail, 120) + ") while offering " + t.TlsPolicy.ProtocolsText + " (" + t.TlsPolicy.Name +
                      "): the target shares no protocol version or cipher with the ALB, or does not speak TLS on this port. Enable TLS 1.2 (or 1.3) with common ECDHE AES-GCM ciphers on the target. " +
                      "(This machine's TLS library may itself refuse TLS 1.0/1.1; if the target speaks only those, check with openssl s_client -tls1.)";
                row = rows.Row(ProbeCheck.Tls, port, ProbeVerdict.Fail, plain is not null ? ProbeCauses.PlainHttpOnTlsPort : "handshake failed after " + Seconds(seconds),
                    expected, why + " " + Troubleshooting + "#http-502-issues", Code502, seconds, "502.TargetTlsHandshakeError");
            }
            rows.Set(row);
            rows.SkipRest(ProbeCheck.Tls, port, "No TLS session with " + t.Endpoint(port) + " (see Tls).", ProbeCheck.HealthCheck);
            return false;
        }

        private static string TlsExpected(BackendTlsPolicy policy) =>
            "a TLS handshake with " + policy.ProtocolsText + " (" + policy.Name + ", what the ALB offers targets); any certificate";

        /// <summary>The first line of a plain-text HTTP answer to a ClientHello, or null when the bytes were not one.</summary>
        private static string? PlainHttpReply(byte[] first)
        {
            if (first.Length < 5 || first[0] != 'H' || first[1] != 'T' || first[2] != 'T' || first[3] != 'P' || first[4] != '/') return null;
            var end = Array.IndexOf(first, (byte)'\r');
            return ProbeInput.Quote(first, 0, end < 0 ? first.Length : end, 60);
        }

        private async Task Http1Async(ProbeTarget t, ProbeConnection connection, Rows rows, CancellationToken ct)
        {
            var port = t.Port;
            if (t.RequestPath is null)
            {
                rows.Set(rows.Row(ProbeCheck.ResponseFormat, port, ProbeVerdict.Unknown, string.Empty, string.Empty, t.RequestPathProblem + " No request was sent.", null, null));
                rows.SkipRest(ProbeCheck.ResponseFormat, port, "No request was sent (see ResponseFormat).", ProbeCheck.HealthCheck);
                return;
            }
            var silence = ProbeSettings.Min(_settings.StepTimeout, t.IdleTimeout);
            var request = HttpResponseReader.Request("GET", t.RequestPath, ProbeTarget.HostHeader(t.Address, port, t.IsHttps), _settings.UserAgent, keepAlive: true);
            var (written, _) = await connection.WriteAsync(request, _settings.StepTimeout, ct).ConfigureAwait(false);
            var reader = new HttpResponseReader(connection, silence, TimeSpan.FromTicks(silence.Ticks * 3), ct);
            var response = written == WireEnd.Done
                ? await reader.ReadAsync(head: false).ConfigureAwait(false)
                : new ResponseReading { End = written is WireEnd.Reset or WireEnd.Closed ? ResponseEnd.ResetBeforeResponse : ResponseEnd.Failed };
            var what = "GET " + t.RequestPath;

            if (response.End is ResponseEnd.ClosedBeforeResponse or ResponseEnd.ResetBeforeResponse)
            {
                // Accepted, then dropped before any answer: what the ALB sees as a refused connection.
                var how = response.End == ResponseEnd.ResetBeforeResponse ? "reset (RST)" : "closed (FIN)";
                rows.Set(rows.Row(ProbeCheck.Connect, port, ProbeVerdict.Fail, "accepted, then " + how + " before answering " + what, "a TCP connection that carries a request",
                    "The target accepts the connection on " + t.Endpoint(port) + " and drops it before answering the first request: a proxy with no back end, a full worker pool, or a TLS/HTTP mismatch. " +
                    "The ALB answers 502 (\"the target closed the connection with a TCP RST or a TCP FIN while the load balancer had an outstanding request\"). " + Troubleshooting + "#http-502-issues",
                    Code502, response.Seconds, "502.TargetConnectionReset"));
                rows.SkipRest(ProbeCheck.Connect, port, "The target dropped the connection before answering (see Connect).", ProbeCheck.HealthCheck, ProbeCheck.Tls);
                return;
            }

            var formatExpected = "a well-formed HTTP/1.1 response to " + what + ": headers under 32 KB, a body as long as its framing says";
            rows.Set(ResponseFormatRow(t, response, what, silence, formatExpected));
            rows.Set(ProtocolVersionFromResponse(t, response));
            if (response.End is not (ResponseEnd.Complete or ResponseEnd.BodyCapped) || response.ExtraBytes > 0)
            {
                rows.Set(rows.Row(ProbeCheck.KeepAlive, port, ProbeVerdict.Skipped, string.Empty, string.Empty,
                    "The response could not be read to its end, so the connection cannot be reused (see ResponseFormat).", null, null));
                return;
            }
            if (response.End == ResponseEnd.BodyCapped)
            {
                rows.Set(rows.Row(ProbeCheck.KeepAlive, port, ProbeVerdict.Unknown, string.Empty, string.Empty,
                    "The body of " + what + " is longer than the " + (HttpResponseReader.MaxBodyBytes / 1024 / 1024).ToString(CultureInfo.InvariantCulture) +
                    " MB the probe reads, so the connection was not left idle: name a small page with -RequestPath.", null, null));
                return;
            }
            if (!response.Reusable)
            {
                rows.Set(rows.Row(ProbeCheck.KeepAlive, port, ProbeVerdict.Warning, "no keep-alive: " + response.NotReusableReason, KeepAliveExpected(t),
                    "The target does not keep the connection for another request because " + response.NotReusableReason +
                    ". The ALB then opens a new connection for every request; that is no 502 race, but it costs a TCP (and TLS) handshake per request. AWS recommends enabling keep-alive on targets. " +
                    KeepAliveReference, null, null));
                return;
            }
            rows.Set(await IdleHttp1Async(t, connection, rows, ct).ConfigureAwait(false));
        }

        private const string KeepAliveReference = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout";

        private static string KeepAliveExpected(ProbeTarget t) =>
            "kept open while idle for longer than " + Seconds(t.IdleTimeout) + " (idle_timeout.timeout_seconds: " + t.IdleTimeoutSource + ")";

        private static EndpointProbeResult ResponseFormatRow(ProbeTarget t, ResponseReading r, string what, TimeSpan silence, string expected)
        {
            var rows = new Rows(t);
            var port = t.Port;
            var waitedIdle = silence >= t.IdleTimeout;
            string CutShort() => waitedIdle
                ? "The ALB waits " + Seconds(t.IdleTimeout) + " (its idle timeout) and answers 504. "
                : "The probe stopped after " + Seconds(silence) + " (-TimeoutSeconds); the ALB waits " + Seconds(t.IdleTimeout) + " (its idle timeout) before answering 504: run with -TimeoutSeconds " +
                  Math.Ceiling(t.IdleTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " to decide. ";
            var stallVerdict = waitedIdle ? ProbeVerdict.Fail : ProbeVerdict.Warning;
            switch (r.End)
            {
                case ResponseEnd.NoResponse:
                    return rows.Row(ProbeCheck.ResponseFormat, port, stallVerdict, "no response within " + Seconds(r.SilenceSeconds), expected,
                        "The target accepted " + what + " and sent nothing back. " + CutShort() + "Slow or stuck workers, or a port that waits for something else, do this. " + Troubleshooting + "#http-504-issues",
                        Code504, r.SilenceSeconds, "504.TargetResponseTimeout");
                case ResponseEnd.StalledInHead:
                    return rows.Row(ProbeCheck.ResponseFormat, port, stallVerdict, "headers incomplete; nothing for " + Seconds(r.SilenceSeconds), expected,
                        "The target began the response (" + (r.StatusLine.Length > 0 ? "'" + r.StatusLine + "'" : "part of the status line") + ") and stopped before the end of the headers. " + CutShort() + Troubleshooting + "#http-504-issues",
                        Code504, r.SilenceSeconds, "504.TargetResponseTimeout");
                case ResponseEnd.StalledInBody when r.DeclaredLength.HasValue:
                    return rows.Row(ProbeCheck.ResponseFormat, port, stallVerdict,
                        "Content-Length " + r.DeclaredLength.Value.ToString(CultureInfo.InvariantCulture) + ", " + r.BodyBytes.ToString(CultureInfo.InvariantCulture) + " bytes sent, then nothing for " + Seconds(r.SilenceSeconds), expected,
                        "The target's Content-Length is larger than the body it sent ('" + r.StatusLine + "'), so the ALB waits for bytes that never come. " + CutShort() +
                        "Fix the middleware that sets Content-Length (compression, body rewriting), or use chunked encoding. " + Troubleshooting + "#http-504-issues",
                        Code504, r.SilenceSeconds, "504.ContentLengthLargerThanBody");
                case ResponseEnd.StalledInBody:
                    return rows.Row(ProbeCheck.ResponseFormat, port, stallVerdict, "body incomplete after " + r.BodyBytes.ToString(CultureInfo.InvariantCulture) + " bytes; nothing for " + Seconds(r.SilenceSeconds), expected,
                        "The target sent the headers ('" + r.StatusLine + "') and part of the " + (r.Chunked ? "chunked body, without the last chunk" : "body, and neither ended it nor closed the connection") + ". " + CutShort() + Troubleshooting + "#http-504-issues",
                        Code504, r.SilenceSeconds, "504.TargetResponseTimeout");
                case ResponseEnd.TooSlow:
                    return rows.Row(ProbeCheck.ResponseFormat, port, ProbeVerdict.Warning, "still arriving after " + Seconds(r.Seconds), expected,
                        "The response to " + what + " kept coming slowly past " + Seconds(r.Seconds) + ", so the probe stopped reading. Name a smaller page with -RequestPath.", null, r.Seconds);
                case ResponseEnd.Malformed:
                    return rows.Row(ProbeCheck.ResponseFormat, port, ProbeVerdict.Fail, "malformed: " + r.Malformed[0], expected,
                        "The ALB cannot read the target's response to " + what + " as HTTP and answers 502. " + string.Join(" ", r.Malformed.Skip(1)) + (r.Malformed.Count > 1 ? " " : string.Empty) +
                        "Fix the application or proxy on the target so it sends valid HTTP/1.1: a status line, CRLF line endings, valid header names and framing. " + Troubleshooting + "#http-502-issues",
                        Code502, r.Seconds, "502.MalformedTargetResponse");
                case ResponseEnd.HeaderTooLarge:
                    return rows.Row(ProbeCheck.ResponseFormat, port, ProbeVerdict.Fail, "headers over " + (HttpResponseReader.MaxHeaderBytes / 1024).ToString(CultureInfo.InvariantCulture) + " KB", expected,
                        "The headers of the response to " + what + " are longer than the 32 KB the ALB accepts (status '" + r.StatusLine + "'): the ALB answers 502. Fewer or smaller cookies and headers. " + Troubleshooting + "#http-502-issues",
                        Code502, r.Seconds, "502.ResponseHeaderTooLarge");
                case ResponseEnd.ClosedInHead:
                    return rows.Row(ProbeCheck.ResponseFormat, port, ProbeVerdict.Fail, "closed in the middle of the headers", expected,
                        "The target closed the connection before the end of the response headers ('" + r.StatusLine + "'): an incomplete response the ALB answers with 502. " + Troubleshooting + "#http-502-issues",
                        Code502, r.Seconds, "502.MalformedTargetResponse");
                case ResponseEnd.ClosedInBody:
                    return rows.Row(ProbeCheck.ResponseFormat, port, ProbeVerdict.Fail,
                        "closed after " + r.BodyBytes.ToString(CultureInfo.InvariantCulture) + (r.DeclaredLength.HasValue ? " of " + r.DeclaredLength.Value.ToString(CultureInfo.InvariantCulture) : string.Empty) + " body bytes", expected,
                        "The target closed the connection before the end of the body ('" + r.StatusLine + "'" + (r.Chunked ? ", chunked without the last chunk" : string.Empty) +
                        "): clients get a truncated response. AWS does not document which code the ALB logs for it.", null, r.Seconds);
                case ResponseEnd.Failed:
                    return rows.Row(ProbeCheck.ResponseFormat, port, ProbeVerdict.Unknown, string.Empty, expected, "The connection failed while reading the response.", null, null);
            }
            var measured = r.Version + " " + r.StatusCode.ToString(CultureInfo.InvariantCulture) + ", " + r.HeaderBytes.ToString(CultureInfo.InvariantCulture) + " header bytes, " +
                (r.Chunked ? "chunked " : r.DeclaredLength.HasValue ? "Content-Length " : string.Empty) + r.BodyBytes.ToString(CultureInfo.InvariantCulture) + " body bytes" +
                (r.End == ResponseEnd.BodyCapped ? " (read no further)" : string.Empty) + " in " + Seconds(r.Seconds);
            if (r.ExtraBytes > 0)
                return rows.Row(ProbeCheck.ResponseFormat, port, ProbeVerdict.Fail, measured + ", then " + r.ExtraBytes.ToString(CultureInfo.InvariantCulture) + " bytes more", expected,
                    "After the end of the response (" + (r.DeclaredLength.HasValue ? "Content-Length " + r.DeclaredLength.Value.ToString(CultureInfo.InvariantCulture) : "its framing") +
                    ") the target sent " + r.ExtraBytes.ToString(CultureInfo.InvariantCulture) + " more bytes ('" + r.ExtraQuoted + "'): a Content-Length shorter than the body. " +
                    "On a reused connection the ALB reads them as the next response, which is malformed: 502. " + Troubleshooting + "#http-502-issues",
                    Code502, r.Seconds, "502.MalformedTargetResponse");
            if (r.Oddities.Count > 0)
                return rows.Row(ProbeCheck.ResponseFormat, port, ProbeVerdict.Warning, measured, expected,
                    string.Join(" ", r.Oddities) + " HTTP lets a proxy either repair or reject this, and AWS does not document what the ALB does; if it rejects it, the request gets 502. Make the target send clean HTTP/1.1.",
                    Code502, r.Seconds, "502.MalformedTargetResponse");
            return rows.Row(ProbeCheck.ResponseFormat, port, ProbeVerdict.Pass, measured, expected,
                "The response to " + what + " is well-formed: status line, header syntax and size, and body framing" + (r.End == ResponseEnd.BodyCapped ? " as far as the probe read" : string.Empty) + ".",
                null, r.Seconds);
        }

        private static EndpointProbeResult ProtocolVersionFromResponse(ProbeTarget t, ResponseReading r)
        {
            var rows = new Rows(t);
            if (r.Version.Length == 0)
                return rows.Row(ProbeCheck.ProtocolVersion, t.Port, ProbeVerdict.Skipped, string.Empty, "HTTP/1.1 (the target group's protocol version HTTP1)",
                    "No readable status line (see ResponseFormat).", null, null);
            return rows.Row(ProbeCheck.ProtocolVersion, t.Port, ProbeVerdict.Pass, r.Version, "HTTP/1.1 (the target group's protocol version HTTP1)",
                "The target answers HTTP/1.1 requests, as the ALB sends them to an HTTP1 target group" + (r.Version == "HTTP/1.0" ? " (in HTTP/1.0, which the ALB accepts)" : string.Empty) + ".",
                null, r.FirstByteSeconds);
        }

        /// <summary>Leaves the connection idle up to the ALB's idle timeout (plus a margin) and measures when the target closes it.</summary>
        private async Task<EndpointProbeResult> IdleHttp1Async(ProbeTarget t, ProbeConnection connection, Rows rows, CancellationToken ct)
        {
            var wait = t.IdleTimeout + _settings.KeepAliveMargin;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var buffer = new byte[512];
            var received = string.Empty;
            while (true)
            {
                var (end, count) = await connection.ReadAsync(buffer, 0, buffer.Length, wait - clock.Elapsed, ct).ConfigureAwait(false);
                if (end == WireEnd.Done)
                {
                    // Some servers answer an idle timeout with a 408 before closing: note it, keep waiting for the close.
                    if (received.Length == 0) received = ProbeInput.Quote(buffer, 0, count, 40);
                    continue;
                }
                var seconds = clock.Elapsed.TotalSeconds;
                return IdleVerdict(t, rows, end, seconds, received, "HTTP/1.1");
            }
        }

        private static EndpointProbeResult IdleVerdict(ProbeTarget t, Rows rows, WireEnd end, double seconds, string received, string protocol)
        {
            var expected = KeepAliveExpected(t);
            var sent = received.Length > 0 ? " after sending '" + received + "'" : string.Empty;
            if (end == WireEnd.TimedOut)
            {
                if (received.Length > 0)
                    return rows.Row(ProbeCheck.KeepAlive, t.Port, ProbeVerdict.Fail, "sent '" + received + "' on the idle connection", expected,
                        "The target sent data on an idle " + protocol + " connection without a request: the ALB reads it as the response to the next request it sends there, which is wrong or malformed (502). " + Troubleshooting + "#http-502-issues",
                        Code502, seconds, "502.MalformedTargetResponse");
                return rows.Row(ProbeCheck.KeepAlive, t.Port, ProbeVerdict.Pass, "still open after " + Seconds(seconds), expected,
                    "The target keeps an idle " + protocol + " connection open longer than the ALB's idle timeout, so the ALB closes it first and never sends a request on a connection the target is closing.",
                    null, seconds);
            }
            if (end is not (WireEnd.Closed or WireEnd.Reset))
                return rows.Row(ProbeCheck.KeepAlive, t.Port, ProbeVerdict.Unknown, string.Empty, expected, "The connection failed while idle.", null, null);
            var how = end == WireEnd.Reset ? "reset (RST)" : "closed (FIN)";
            if (seconds >= t.IdleTimeout.TotalSeconds)
                return rows.Row(ProbeCheck.KeepAlive, t.Port, ProbeVerdict.Pass, how + " after " + Seconds(seconds) + sent, expected,
                    "The target closes idle " + protocol + " connections only after the ALB's idle timeout, so the ALB closes them first.", null, seconds);
            return rows.Row(ProbeCheck.KeepAlive, t.Port, ProbeVerdict.Fail, how + " after " + Seconds(seconds) + sent, expected,
                "The target closes idle " + protocol + " connections after " + Seconds(seconds) + ", before the ALB's idle timeout of " + Seconds(t.IdleTimeout) +
                ": a request the ALB sends on such a connection as it closes gets 502 (the classic intermittent 502 at low traffic). Set the target's keep-alive timeout above " +
                Seconds(t.IdleTimeout) + " (Node.js server.keepAliveTimeout, Apache KeepAliveTimeout, nginx keepalive_timeout, Gunicorn --keep-alive), or lower idle_timeout.timeout_seconds below it. " +
                KeepAliveReference, Code502, seconds, "502.TargetClosedKeepAliveConnection");
        }

        // ----- HTTP/2 and gRPC target groups -----

        private async Task Http2Async(ProbeTarget t, ProbeConnection connection, Rows rows, CancellationToken ct)
        {
            var port = t.Port;
            var expected = "HTTP/2 (the target group's protocol version " + t.ProtocolVersion + ")";
            rows.Set(rows.Row(ProbeCheck.ResponseFormat, port, ProbeVerdict.Skipped, string.Empty, string.Empty,
                "The ALB speaks HTTP/2 to " + t.ProtocolVersion + " target groups; ResponseFormat checks HTTP/1.x responses.", null, null));
            if (t.IsHttps && !ProbeConnection.CanOfferAlpn)
            {
                const string why = "HTTP/2 over TLS is chosen with ALPN (h2) in the handshake, and this build of the module (netstandard2.0, the one Windows PowerShell 5.1 loads) cannot offer ALPN: its SslStream has no ApplicationProtocols. Run the probe in PowerShell 7.4+ with the module's .NET build, or check with 'curl -k --http2 -v https://<target>:<port>/'.";
                rows.Set(rows.Row(ProbeCheck.ProtocolVersion, port, ProbeVerdict.Unknown, string.Empty, expected, why, null, null));
                rows.Set(rows.Row(ProbeCheck.KeepAlive, port, ProbeVerdict.Unknown, string.Empty, KeepAliveExpected(t), "Measured on the HTTP/2 connection, which needs ALPN: " + why, null, null));
                return;
            }
            if (t.IsHttps && connection.NegotiatedApplicationProtocol != "h2")
            {
                var chose = connection.NegotiatedApplicationProtocol.Length == 0 ? "no ALPN protocol" : "'" + ProbeInput.Quote(connection.NegotiatedApplicationProtocol, 20) + "'";
                rows.Set(rows.Row(ProbeCheck.ProtocolVersion, port, ProbeVerdict.Fail, "ALPN chose " + chose, expected,
                    "Offered h2 and http/1.1 in the TLS handshake, the target chose " + chose + ": it does not speak HTTP/2 over TLS on this port, but the target group sends HTTP/2 (" + t.ProtocolVersion +
                    "). Requests to it fail; enable HTTP/2 on the target or set the group's protocol version to HTTP1. https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html#target-group-protocol-version",
                    Code502, null, "502.MalformedTargetResponse"));
                rows.Set(rows.Row(ProbeCheck.KeepAlive, port, ProbeVerdict.Skipped, string.Empty, KeepAliveExpected(t), "No HTTP/2 connection (see ProtocolVersion).", null, null));
                return;
            }
            var session = new Http2Session(connection, ct);
            var (end, frameType, first, seconds) = await session.StartAsync(_settings.StepTimeout).ConfigureAwait(false);
            if (end == WireEnd.Done && frameType == Http2Session.Settings)
            {
                rows.Set(rows.Row(ProbeCheck.ProtocolVersion, port, ProbeVerdict.Pass, "HTTP/2 SETTINGS in " + Seconds(seconds), expected,
                    "The target answers the HTTP/2 connection preface with its SETTINGS frame: it speaks HTTP/2" + (t.IsHttps ? " (ALPN h2)" : " without TLS (prior knowledge)") +
                    (t.ProtocolVersion == "GRPC" ? ". Whether it serves the gRPC methods is not checked: the probe makes no gRPC calls." : "."),
                    null, seconds));
                var (idleEnd, idleSeconds, goAway) = await session.IdleAsync(t.IdleTimeout + _settings.KeepAliveMargin).ConfigureAwait(false);
                rows.Set(IdleVerdict(t, rows, idleEnd, idleSeconds, goAway ? "GOAWAY" : string.Empty, "HTTP/2"));
                return;
            }
            string measured, explanation;
            var verdict = ProbeVerdict.Fail;
            int[]? codes = Code502;
            if (end == WireEnd.Done && first.StartsWith("HTTP/", StringComparison.Ordinal))
            {
                measured = "answered with HTTP/1.x: '" + first + "'";
                explanation = "The target answered the HTTP/2 connection preface with an HTTP/1.x response: it does not speak HTTP/2" + (t.IsHttps ? string.Empty : " without TLS (prior knowledge)") + " on this port.";
            }
            else if (end == WireEnd.Done)
            {
                measured = "first frame type " + frameType.ToString(CultureInfo.InvariantCulture) + ", not SETTINGS";
                explanation = "The target's first HTTP/2 frame is not SETTINGS (RFC 9113 §3.4): it does not speak HTTP/2 correctly.";
            }
            else if (end == WireEnd.TimedOut)
            {
                verdict = ProbeVerdict.Warning;
                codes = null;
                measured = "no answer within " + Seconds(seconds);
                explanation = "The target sent nothing in reply to the HTTP/2 connection preface within " + Seconds(seconds) + "; an HTTP/2 server answers with SETTINGS at once.";
            }
            else
            {
                measured = (end == WireEnd.Reset ? "reset" : "closed") + " on the HTTP/2 preface";
                explanation = "The target closed the connection when it received the HTTP/2 connection preface: it does not speak HTTP/2 on this port.";
            }
            rows.Set(rows.Row(ProbeCheck.ProtocolVersion, port, verdict, measured, expected,
                explanation + " The target group sends HTTP/2 (" + t.ProtocolVersion + "), so requests to it fail; enable HTTP/2 on the target, or use protocol version HTTP1. " +
                "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html#target-group-protocol-version",
                codes, seconds, codes is null ? string.Empty : "502.MalformedTargetResponse"));
            rows.Set(rows.Row(ProbeCheck.KeepAlive, port, ProbeVerdict.Skipped, string.Empty, KeepAliveExpected(t), "No HTTP/2 session (see ProtocolVersion).", null, null));
        }

        // ----- the health check -----

        private async Task HealthCheckAsync(ProbeTarget t, Rows rows, CancellationToken ct)
        {
            var hc = t.HealthCheck;
            var port = hc.Port ?? t.Port;
            if (!hc.Enabled)
            {
                rows.Set(rows.Row(ProbeCheck.HealthCheck, port, ProbeVerdict.Skipped, string.Empty, string.Empty, "Health checks are off for this target group.", null, null));
                return;
            }
            if (hc.Problem is not null || hc.Path is null || hc.Matcher is null)
            {
                rows.Set(rows.Row(ProbeCheck.HealthCheck, port, ProbeVerdict.Unknown, string.Empty, string.Empty, (hc.Problem ?? "The health check is not fully defined.") + " No health check was sent.", null, null));
                return;
            }
            if (t.ProtocolVersion == "GRPC")
            {
                rows.Set(rows.Row(ProbeCheck.HealthCheck, port, ProbeVerdict.Unknown, string.Empty, "gRPC status " + hc.Path,
                    "A gRPC target group's health check is a gRPC call (" + hc.Path + ") judged on its gRPC status; the probe makes no gRPC calls. ProtocolVersion checks that the target speaks HTTP/2.", null, null));
                return;
            }
            var limit = ProbeSettings.Min(_settings.StepTimeout, hc.Timeout);
            var cutShort = limit < hc.Timeout;
            var what = "GET " + hc.Path + " on " + hc.Protocol + " port " + port.ToString(CultureInfo.InvariantCulture);
            var expected = "HTTP " + hc.Matcher.Text + " from " + what + " within " + Seconds(hc.Timeout) + " (HealthCheckTimeoutSeconds)";
            var caveat = t.ProtocolVersion == "HTTP2" ? " (For an HTTP2 target group the probe sends the health check as HTTP/1.1; AWS does not document the version its health checks use.)" : string.Empty;
            var clock = System.Diagnostics.Stopwatch.StartNew();

            var (connection, end, detail, _) = await ProbeConnection.ConnectAsync(t.Address, port, ProbeSettings.Min(limit, _settings.AlbConnectTimeout), ct).ConfigureAwait(false);
            if (connection is null)
            {
                var timedOut = end == WireEnd.TimedOut;
                rows.Set(HealthRow(rows, port, timedOut && cutShort ? ProbeVerdict.Warning : ProbeVerdict.Fail,
                    (timedOut ? "no connection within " + Seconds(clock.Elapsed.TotalSeconds) : detail) + " (" + (timedOut ? "Target.Timeout" : "Target.FailedHealthChecks") + ")", expected,
                    "The health check cannot connect to " + t.Endpoint(port) + ": " + detail + "." + (timedOut && cutShort ? " The probe stopped at -TimeoutSeconds, before the health-check timeout." : string.Empty) + caveat,
                    clock.Elapsed.TotalSeconds));
                return;
            }
            using (connection)
            {
                if (hc.IsHttps)
                {
                    var (tlsEnd, tlsDetail, _) = await connection.StartTlsAsync(t.Address, t.TlsPolicy, false, limit - clock.Elapsed, ct).ConfigureAwait(false);
                    if (tlsEnd != WireEnd.Done)
                    {
                        var plain = PlainHttpReply(connection.FirstBytesReceived);
                        rows.Set(HealthRow(rows, port, ProbeVerdict.Fail, "TLS handshake failed (" + (tlsEnd == WireEnd.TimedOut ? "Target.Timeout" : "Target.FailedHealthChecks") + ")", expected,
                            "The health check's protocol is HTTPS, but " + (plain is not null ? "the port answered in plain HTTP ('" + plain + "')" : "the TLS handshake failed: " + ProbeInput.Quote(tlsDetail, 120)) + "." + caveat,
                            clock.Elapsed.TotalSeconds));
                        return;
                    }
                }
                var request = HttpResponseReader.Request("GET", hc.Path, ProbeTarget.HostHeader(t.Address, port, hc.IsHttps), ProbeSettings.HealthCheckUserAgent, keepAlive: false);
                var (written, _) = await connection.WriteAsync(request, limit - clock.Elapsed, ct).ConfigureAwait(false);
                var left = limit - clock.Elapsed;
                var response = written == WireEnd.Done
                    ? await new HttpResponseReader(connection, left, left, ct).ReadAsync(head: false).ConfigureAwait(false)
                    : new ResponseReading { End = ResponseEnd.ResetBeforeResponse };
                var seconds = clock.Elapsed.TotalSeconds;
                switch (response.End)
                {
                    case ResponseEnd.Complete or ResponseEnd.BodyCapped:
                        var code = response.StatusCode.ToString(CultureInfo.InvariantCulture);
                        if (hc.Matcher.Matches(response.StatusCode))
                            rows.Set(HealthRow(rows, port, ProbeVerdict.Pass, "HTTP " + code + " in " + Seconds(seconds), expected,
                                "The target answers the health check with " + code + ", which the matcher " + hc.Matcher.Text + " accepts, within the timeout." + caveat, seconds));
                        else
                            rows.Set(HealthRow(rows, port, ProbeVerdict.Fail, "HTTP " + code + " in " + Seconds(seconds) + " (Target.ResponseCodeMismatch)", expected,
                                "The target answers the health check with " + code + ", which the matcher " + hc.Matcher.Text + " does not accept: the ALB marks it unhealthy (Target.ResponseCodeMismatch). " +
                                (response.StatusCode is 301 or 302 or 307 or 308 ? "A redirect: the target may redirect HTTP to HTTPS or add a trailing slash; point the health check at the final path. " :
                                 response.StatusCode == 404 ? "The path does not exist on the target (or its virtual host does not answer Host: the target's IP). " : string.Empty) +
                                "Correct the path or the matcher." + caveat, seconds));
                        return;
                    case ResponseEnd.NoResponse or ResponseEnd.StalledInHead or ResponseEnd.StalledInBody or ResponseEnd.TooSlow:
                        rows.Set(HealthRow(rows, port, cutShort ? ProbeVerdict.Warning : ProbeVerdict.Fail, "no complete response within " + Seconds(seconds) + " (Target.Timeout)", expected,
                            (cutShort
                                ? "The probe stopped after " + Seconds(limit) + " (-TimeoutSeconds), before the health-check timeout of " + Seconds(hc.Timeout) + "."
                                : "The target did not answer the health check within HealthCheckTimeoutSeconds: the ALB marks it unhealthy (Target.Timeout).") + caveat, seconds));
                        return;
                    default:
                        var why = response.Malformed.Count > 0 ? response.Malformed[0]
                            : response.End is ResponseEnd.ClosedBeforeResponse or ResponseEnd.ResetBeforeResponse ? "the target closed the connection without answering"
                            : "the response was cut off (" + response.End + ")";
                        rows.Set(HealthRow(rows, port, ProbeVerdict.Fail, "failed: " + why + " (Target.FailedHealthChecks)", expected,
                            "The health check got no usable answer: " + why + ". The ALB marks the target unhealthy (Target.FailedHealthChecks)." + caveat, seconds));
                        return;
                }
            }
        }

        /// <summary>A health-check row: the check's result alone produces no error code (an unhealthy target is taken out of service; all unhealthy, the ALB fails open).</summary>
        private static EndpointProbeResult HealthRow(Rows rows, int port, ProbeVerdict verdict, string measured, string expected, string explanation, double seconds) =>
            rows.Row(ProbeCheck.HealthCheck, port, verdict, measured, expected,
                explanation + (verdict == ProbeVerdict.Pass ? string.Empty
                    : " An unhealthy target gets no requests; when every target of the group is unhealthy the ALB fails open and sends them requests anyway. https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html"),
                null, seconds);

        internal static string Seconds(TimeSpan t) => Seconds(t.TotalSeconds);

        internal static string Seconds(double seconds) =>
            (seconds >= 10 ? seconds.ToString("0", CultureInfo.InvariantCulture) : seconds >= 1 ? seconds.ToString("0.0", CultureInfo.InvariantCulture) : seconds.ToString("0.000", CultureInfo.InvariantCulture)) + " s";

        /// <summary>The rows of one target as they are decided; checks not decided by the end are Skipped.</summary>
        private sealed class Rows
        {
            private readonly ProbeTarget _target;
            private readonly Dictionary<ProbeCheck, EndpointProbeResult> _rows = new Dictionary<ProbeCheck, EndpointProbeResult>();

            public Rows(ProbeTarget target) { _target = target; }

            public EndpointProbeResult Row(ProbeCheck check, int port, ProbeVerdict verdict, string measured, string expected, string explanation, int[]? codes, double? seconds, string cause = "") =>
                new EndpointProbeResult(_target.TargetId, _target.Address, port, check, verdict, measured, expected, explanation, codes)
                {
                    LoadBalancerName = _target.LoadBalancerName,
                    TargetGroupName = _target.TargetGroupName,
                    MeasuredSeconds = seconds.HasValue ? Math.Round(seconds.Value, 3) : (double?)null,
                    Cause = verdict is ProbeVerdict.Fail or ProbeVerdict.Warning ? cause : string.Empty,
                };

            public void Set(EndpointProbeResult row)
            {
                lock (_rows) _rows[row.CheckKind] = row;
            }

            /// <summary>Every check after <paramref name="after"/> not yet decided (and not in <paramref name="except"/>) is Skipped with this reason.</summary>
            public void SkipRest(ProbeCheck after, int port, string reason, params ProbeCheck[] except)
            {
                foreach (var check in Vocabulary<ProbeCheck>.InOrder.Where(c => c > after && !except.Contains(c)))
                    lock (_rows)
                        if (!_rows.ContainsKey(check)) _rows[check] = Row(check, port, ProbeVerdict.Skipped, string.Empty, string.Empty, reason, null, null);
            }

            public IReadOnlyList<EndpointProbeResult> InOrder()
            {
                lock (_rows)
                    return Vocabulary<ProbeCheck>.InOrder.Where(_rows.ContainsKey).Select(c => _rows[c]).ToList();
            }
        }
    }
}
