using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using AlbTroubleshoot.Catalog;
using AlbTroubleshoot.Probe;
using Xunit;

namespace AlbTroubleshoot.Tests.Probe
{
    /// <summary>
    /// The probe against real servers on 127.0.0.1, each behaving like a target the ALB has trouble
    /// with (or one it has none with). Idle and step timeouts are fractions of a second, and the ALB's
    /// own 10-second limits are shortened where a test needs to reach them.
    /// </summary>
    public class EndpointProberTests
    {
        private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

        internal static ProbeSettings Fast(double stepSeconds = 5) => new ProbeSettings
        {
            StepTimeout = TimeSpan.FromSeconds(stepSeconds),
            KeepAliveMargin = TimeSpan.FromMilliseconds(50),
        };

        internal static ProbeTarget Target(int port, double idleSeconds = 1, string path = "/health", string protocol = "HTTP", string version = "HTTP1") => new ProbeTarget("i-probe", "127.0.0.1", port)
        {
            Protocol = protocol,
            ProtocolVersion = version,
            RequestPath = path,
            IdleTimeout = TimeSpan.FromSeconds(idleSeconds),
            IdleTimeoutSource = "test",
            HealthCheck = new HealthCheckSpec { Path = path, Protocol = protocol, Timeout = TimeSpan.FromSeconds(5) },
        };

        internal static async Task<IReadOnlyList<EndpointProbeResult>> Probe(ProbeTarget target, ProbeSettings settings)
        {
            var rows = await new EndpointProber(settings).ProbeAsync(target, CancellationToken.None);
            AssertWellFormed(rows);
            return rows;
        }

        /// <summary>What holds for every row of every probe: one row per check, causes from the check's list, a Pass blames nothing.</summary>
        internal static void AssertWellFormed(IReadOnlyList<EndpointProbeResult> rows)
        {
            Assert.Equal(Vocabulary<ProbeCheck>.All, rows.Select(r => r.Check).ToArray());
            foreach (var r in rows)
            {
                Assert.Equal(r.VerdictKind.Text(), r.Verdict);
                Assert.False(string.IsNullOrWhiteSpace(r.Explanation), r.Check + " has no explanation");
                if (r.Cause.Length > 0) Assert.Contains(r.Cause, ProbeCauses.Of(r.CheckKind));
                if (r.VerdictKind == ProbeVerdict.Pass) Assert.True(r.StatusCodes.Length == 0 && r.Cause.Length == 0, r.Check + " passes but blames something");
                Assert.DoesNotContain(r.Explanation + r.Measured, c => c < 0x20 || c == 0x7f);
            }
        }

        internal static EndpointProbeResult Row(IEnumerable<EndpointProbeResult> rows, ProbeCheck check) => rows.Single(r => r.CheckKind == check);

        // ----------------------------------------------------------------- a correct target

        [Fact]
        public async Task A_correct_keep_alive_server_passes_every_check_with_two_small_GET_requests()
        {
            using var server = new LoopbackServer(ProbeServers.KeepAlive(idleClose: null));
            var rows = await Probe(Target(server.Port), Fast());

            Assert.Equal(new[] { "Pass", "Skipped", "Pass", "Pass", "Pass", "Pass" }, rows.Select(r => r.Verdict).ToArray());
            Assert.StartsWith("still open after", Row(rows, ProbeCheck.KeepAlive).Measured, StringComparison.Ordinal);
            Assert.StartsWith("HTTP 200", Row(rows, ProbeCheck.HealthCheck).Measured, StringComparison.Ordinal);
            Assert.Equal("HTTP/1.1", Row(rows, ProbeCheck.ProtocolVersion).Measured);
            // Two requests, both GET of the health-check path: the health check as the ALB sends it, and one kept alive.
            var requests = server.Requests.ToArray();
            Assert.Equal(2, requests.Length);
            Assert.All(requests, r => Assert.StartsWith("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + server.Port + "\r\n", r, StringComparison.Ordinal));
            Assert.Single(requests, r => r.Contains("User-Agent: ELB-HealthChecker/2.0") && r.Contains("Connection: close"));
            Assert.Single(requests, r => r.Contains("Connection: keep-alive"));
        }

        // ----------------------------------------------------------------- KeepAlive

        [Fact]
        public async Task A_target_closing_idle_connections_before_the_ALB_idle_timeout_fails_KeepAlive_with_502_and_the_seconds()
        {
            using var server = new LoopbackServer(ProbeServers.KeepAlive(idleClose: TimeSpan.FromMilliseconds(100)));
            var rows = await Probe(Target(server.Port, idleSeconds: 1), Fast());

            var keepAlive = Row(rows, ProbeCheck.KeepAlive);
            Assert.Equal(ProbeVerdict.Fail, keepAlive.VerdictKind);
            Assert.Equal(new[] { 502 }, keepAlive.StatusCodes);
            Assert.Equal("502.TargetClosedKeepAliveConnection", keepAlive.Cause);
            Assert.InRange(keepAlive.MeasuredSeconds!.Value, 0.05, 0.95);
            Assert.StartsWith("closed (FIN) after", keepAlive.Measured, StringComparison.Ordinal);
            Assert.Equal(ProbeVerdict.Pass, Row(rows, ProbeCheck.ResponseFormat).VerdictKind);
        }

        [Fact]
        public async Task A_target_that_keeps_idle_connections_longer_than_the_ALB_passes_KeepAlive()
        {
            using var server = new LoopbackServer(ProbeServers.KeepAlive(idleClose: TimeSpan.FromSeconds(2)));
            var rows = await Probe(Target(server.Port, idleSeconds: 0.5), Fast());
            var keepAlive = Row(rows, ProbeCheck.KeepAlive);
            Assert.Equal(ProbeVerdict.Pass, keepAlive.VerdictKind);
            Assert.InRange(keepAlive.MeasuredSeconds!.Value, 0.5, 1.9);
        }

        [Fact]
        public async Task A_target_that_does_not_keep_connections_alive_is_a_Warning_without_a_code()
        {
            using var server = new LoopbackServer(ProbeServers.Raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok", thenClose: true));
            var keepAlive = Row(await Probe(Target(server.Port), Fast()), ProbeCheck.KeepAlive);
            Assert.Equal(ProbeVerdict.Warning, keepAlive.VerdictKind);
            Assert.Empty(keepAlive.StatusCodes);
            Assert.Contains("Connection: close", keepAlive.Measured, StringComparison.Ordinal);
        }

        // ----------------------------------------------------------------- ResponseFormat

        public static TheoryData<string, string, string> MalformedResponses() => new TheoryData<string, string, string>
        {
            { "HTTP/1.1 OK\r\nContent-Length: 0\r\n\r\n", "502.MalformedTargetResponse", "status line" },
            { "ICY 200 OK\r\n\r\n", "502.MalformedTargetResponse", "does not start with 'HTTP/'" },
            { "HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n", "502.MalformedTargetResponse", "version HTTP/2.0" },
            { "HTTP/1.1 700 Odd\r\nContent-Length: 0\r\n\r\n", "502.MalformedTargetResponse", "outside 100-599" },
            { "HTTP/1.1 200 OK\r\nBad Header: x\r\nContent-Length: 0\r\n\r\n", "502.MalformedTargetResponse", "header name" },
            { "HTTP/1.1 200 OK\r\nNoColonHere\r\nContent-Length: 0\r\n\r\n", "502.MalformedTargetResponse", "no colon" },
            { "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello", "502.MalformedTargetResponse", "different values" },
            { "HTTP/1.1 200 OK\r\nContent-Length: 2x\r\n\r\nok", "502.MalformedTargetResponse", "not a number" },
            { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", "502.MalformedTargetResponse", "chunk-size line" },
            { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n", "502.MalformedTargetResponse", "longer than its size line" },
            { "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA", "502.MalformedTargetResponse", "5 more bytes" },
            { "HTTP/1.1 200 OK\r\nX-Big: " + new string('a', 33 * 1024) + "\r\nContent-Length: 0\r\n\r\n", "502.ResponseHeaderTooLarge", "32 KB" },
        };

        [Theory]
        [MemberData(nameof(MalformedResponses))]
        public async Task A_response_the_ALB_cannot_read_fails_ResponseFormat_with_502(string response, string cause, string reason)
        {
            using var server = new LoopbackServer(ProbeServers.Raw(response));
            var rows = await Probe(Target(server.Port), Fast());
            var format = Row(rows, ProbeCheck.ResponseFormat);
            Assert.Equal(ProbeVerdict.Fail, format.VerdictKind);
            Assert.Equal(new[] { 502 }, format.StatusCodes);
            Assert.Equal(cause, format.Cause);
            Assert.Contains(reason, format.Measured + format.Explanation, StringComparison.Ordinal);
            Assert.NotEqual(ProbeVerdict.Pass, Row(rows, ProbeCheck.KeepAlive).VerdictKind);
        }

        [Theory]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")]
        [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;ext=1\r\nok\r\n3\r\n!!!\r\n0\r\nX-Trailer: t\r\n\r\n")]
        [InlineData("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n")]
        [InlineData("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok")]
        public async Task A_well_formed_response_passes_ResponseFormat(string response)
        {
            using var server = new LoopbackServer(ProbeServers.Raw(response));
            var format = Row(await Probe(Target(server.Port), Fast()), ProbeCheck.ResponseFormat);
            Assert.Equal(ProbeVerdict.Pass, format.VerdictKind);
        }

        [Theory]
        [InlineData("HTTP/1.1 200 OK\nContent-Length: 2\n\nok", "bare LF")]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok", "Whitespace between the header name and the colon")]
        [InlineData("HTTP/1.1 200 OK\r\nX-Long: a\r\n b\r\nContent-Length: 2\r\n\r\nok", "obs-fold")]
        [InlineData("HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok", "no space after the code")]
        [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", "Both Transfer-Encoding and Content-Length")]
        public async Task A_response_HTTP_lets_a_proxy_repair_is_a_Warning(string response, string reason)
        {
            using var server = new LoopbackServer(ProbeServers.Raw(response));
            var format = Row(await Probe(Target(server.Port), Fast()), ProbeCheck.ResponseFormat);
            Assert.Equal(ProbeVerdict.Warning, format.VerdictKind);
            Assert.Contains(reason, format.Explanation, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Control_characters_from_the_target_never_reach_the_output_raw()
        {
            using var server = new LoopbackServer(ProbeServers.Raw("HTTP/1.1 200 \u001b[31mRED\u0007\r\nContent-Length: 0\r\n\r\n"));
            var format = Row(await Probe(Target(server.Port), Fast()), ProbeCheck.ResponseFormat);
            Assert.Equal(ProbeVerdict.Warning, format.VerdictKind);
            Assert.Contains("\u241B[31mRED\u2407", format.Explanation, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_Content_Length_longer_than_the_body_is_504_once_the_probe_waited_the_ALB_idle_timeout()
        {
            using var holding = new LoopbackServer(ProbeServers.Raw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", holdSeconds: 5));
            var waitedIdle = Row(await Probe(Target(holding.Port, idleSeconds: 0.6), Fast(stepSeconds: 0.6)), ProbeCheck.ResponseFormat);
            Assert.Equal((ProbeVerdict.Fail, "504.ContentLengthLargerThanBody"), (waitedIdle.VerdictKind, waitedIdle.Cause));
            Assert.Equal(new[] { 504 }, waitedIdle.StatusCodes);
            Assert.StartsWith("Content-Length 100, 5 bytes sent", waitedIdle.Measured, StringComparison.Ordinal);

            // Cut short by -TimeoutSeconds before the ALB's idle timeout: not decided.
            var cutShort = Row(await Probe(Target(holding.Port, idleSeconds: 30), Fast(stepSeconds: 0.6)), ProbeCheck.ResponseFormat);
            Assert.Equal((ProbeVerdict.Warning, "504.ContentLengthLargerThanBody"), (cutShort.VerdictKind, cutShort.Cause));
            Assert.Contains("-TimeoutSeconds 30", cutShort.Explanation, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_body_cut_off_by_the_target_closing_fails_without_claiming_a_code()
        {
            using var server = new LoopbackServer(ProbeServers.Raw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", thenClose: true));
            var format = Row(await Probe(Target(server.Port), Fast()), ProbeCheck.ResponseFormat);
            Assert.Equal(ProbeVerdict.Fail, format.VerdictKind);
            Assert.Empty(format.StatusCodes);
            Assert.Equal("closed after 5 of 100 body bytes", format.Measured);
        }

        [Fact]
        public async Task A_target_that_accepts_and_never_answers_is_504_on_the_request_and_Target_Timeout_on_the_health_check()
        {
            using var server = new LoopbackServer(ProbeServers.NeverAnswers());
            var target = Target(server.Port, idleSeconds: 0.3);
            target.HealthCheck.Timeout = TimeSpan.FromSeconds(0.3);
            var rows = await Probe(target, Fast(stepSeconds: 0.3));

            var format = Row(rows, ProbeCheck.ResponseFormat);
            Assert.Equal((ProbeVerdict.Fail, "504.TargetResponseTimeout"), (format.VerdictKind, format.Cause));
            var health = Row(rows, ProbeCheck.HealthCheck);
            Assert.Equal(ProbeVerdict.Fail, health.VerdictKind);
            Assert.Contains("Target.Timeout", health.Measured, StringComparison.Ordinal);
            Assert.Equal(ProbeVerdict.Pass, Row(rows, ProbeCheck.Connect).VerdictKind);

            // The same server with a health-check timeout longer than -TimeoutSeconds: not decided.
            target.HealthCheck.Timeout = TimeSpan.FromSeconds(5);
            Assert.Equal(ProbeVerdict.Warning, Row(await Probe(target, Fast(stepSeconds: 0.3)), ProbeCheck.HealthCheck).VerdictKind);
        }

        // ----------------------------------------------------------------- Connect

        [Fact]
        public async Task A_closed_port_is_the_502_refused_connection_and_the_other_checks_are_skipped()
        {
            var rows = await Probe(Target(LoopbackServer.ClosedPort()), Fast());
            var connect = Row(rows, ProbeCheck.Connect);
            Assert.Equal((ProbeVerdict.Fail, "502.TargetConnectionReset"), (connect.VerdictKind, connect.Cause));
            Assert.Equal(new[] { 502 }, connect.StatusCodes);
            Assert.StartsWith("connection refused", connect.Measured, StringComparison.Ordinal);
            Assert.All(new[] { ProbeCheck.Tls, ProbeCheck.ResponseFormat, ProbeCheck.KeepAlive, ProbeCheck.ProtocolVersion },
                c => Assert.Equal(ProbeVerdict.Skipped, Row(rows, c).VerdictKind));
            var health = Row(rows, ProbeCheck.HealthCheck);
            Assert.Equal(ProbeVerdict.Fail, health.VerdictKind);
            Assert.Contains("Target.FailedHealthChecks", health.Measured, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_target_that_resets_right_after_accepting_fails_Connect_with_502()
        {
            using var server = new LoopbackServer(ProbeServers.ResetOnAccept());
            var rows = await Probe(Target(server.Port), Fast());
            var connect = Row(rows, ProbeCheck.Connect);
            Assert.Equal((ProbeVerdict.Fail, "502.TargetConnectionReset"), (connect.VerdictKind, connect.Cause));
            // The RST may beat the end of the handshake ("connection reset") or follow it ("accepted, then reset").
            Assert.Contains("reset", connect.Measured, StringComparison.Ordinal);
            Assert.Equal(ProbeVerdict.Skipped, Row(rows, ProbeCheck.ResponseFormat).VerdictKind);
            Assert.Equal(ProbeVerdict.Fail, Row(rows, ProbeCheck.HealthCheck).VerdictKind);
        }

        [Fact]
        public async Task A_connection_that_gets_no_answer_is_504_when_waited_as_long_as_the_ALB_and_a_Warning_when_cut_short()
        {
            // A listener whose accept queue is full drops further SYNs: the connect hangs, as behind a dropping firewall.
            using var full = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            full.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            full.Listen(0);
            var port = ((IPEndPoint)full.LocalEndPoint!).Port;
            var fillers = new List<Socket>();
            try
            {
                for (var i = 0; i < 8; i++)
                {
                    var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    fillers.Add(s);
                    var attempt = s.ConnectAsync(IPAddress.Loopback, port);
                    if (await Task.WhenAny(attempt, Task.Delay(200)) != attempt) break;
                }
                var settings = Fast(stepSeconds: 0.3);
                settings.AlbConnectTimeout = TimeSpan.FromSeconds(0.3);
                var connect = Row(await Probe(Target(port), settings), ProbeCheck.Connect);
                Assert.Equal((ProbeVerdict.Fail, "504.TargetConnectionTimeout"), (connect.VerdictKind, connect.Cause));
                Assert.Equal(new[] { 504 }, connect.StatusCodes);

                var cutShort = Row(await Probe(Target(port), Fast(stepSeconds: 0.3)), ProbeCheck.Connect);
                Assert.Equal(ProbeVerdict.Warning, cutShort.VerdictKind);
                Assert.Contains("-TimeoutSeconds 10", cutShort.Explanation, StringComparison.Ordinal);
            }
            finally
            {
                foreach (var s in fillers) s.Dispose();
            }
        }

        // ----------------------------------------------------------------- HealthCheck

        [Fact]
        public async Task A_health_path_answering_404_fails_the_health_check_and_a_matcher_that_accepts_404_passes_it()
        {
            // The server closes idle connections at once: this test is about the health check, not about waiting.
            using var server = new LoopbackServer(ProbeServers.KeepAlive(idleClose: TimeSpan.FromMilliseconds(50), healthPath: "/health", healthCode: 404));
            var target = Target(server.Port);
            var health = Row(await Probe(target, Fast()), ProbeCheck.HealthCheck);
            Assert.Equal(ProbeVerdict.Fail, health.VerdictKind);
            Assert.StartsWith("HTTP 404 in", health.Measured, StringComparison.Ordinal);
            Assert.Contains("Target.ResponseCodeMismatch", health.Measured, StringComparison.Ordinal);
            Assert.Empty(health.StatusCodes);

            target.HealthCheck.Matcher = HttpCodeMatcher.Parse("200-499");
            Assert.Equal(ProbeVerdict.Pass, Row(await Probe(target, Fast()), ProbeCheck.HealthCheck).VerdictKind);
        }

        [Fact]
        public async Task The_health_check_uses_its_own_port()
        {
            using var traffic = new LoopbackServer(ProbeServers.KeepAlive(idleClose: TimeSpan.FromMilliseconds(50)));
            using var health = new LoopbackServer(ProbeServers.KeepAlive(idleClose: null, healthCode: 404));
            var target = Target(traffic.Port);
            target.HealthCheck.Port = health.Port;
            var row = Row(await Probe(target, Fast()), ProbeCheck.HealthCheck);
            Assert.Equal((ProbeVerdict.Fail, health.Port), (row.VerdictKind, row.Port));
            Assert.Single(health.Requests);
        }

        [Fact]
        public async Task Health_checks_off_or_not_sendable_are_Skipped_or_Unknown()
        {
            using var server = new LoopbackServer(ProbeServers.KeepAlive(idleClose: TimeSpan.FromMilliseconds(50)));
            var target = Target(server.Port);
            target.HealthCheck.Enabled = false;
            Assert.Equal(ProbeVerdict.Skipped, Row(await Probe(target, Fast()), ProbeCheck.HealthCheck).VerdictKind);
            target.HealthCheck = new HealthCheckSpec { Path = null, Problem = "The path is bad." };
            Assert.Equal(ProbeVerdict.Unknown, Row(await Probe(target, Fast()), ProbeCheck.HealthCheck).VerdictKind);
        }

        // ----------------------------------------------------------------- Tls

        [Fact]
        public async Task A_self_signed_certificate_passes_TLS_as_it_does_at_the_ALB()
        {
            using var server = new LoopbackServer(ProbeServers.KeepAlive(idleClose: null), new LoopbackServer.TlsOptions());
            var rows = await Probe(Target(server.Port, protocol: "HTTPS"), Fast());
            var tls = Row(rows, ProbeCheck.Tls);
            Assert.Equal(ProbeVerdict.Pass, tls.VerdictKind);
            Assert.StartsWith("TLS 1.2", tls.Measured, StringComparison.Ordinal);
            Assert.Contains("ELBSecurityPolicy-2016-08", tls.Expected, StringComparison.Ordinal);
            Assert.Equal(new[] { "Pass", "Pass", "Pass", "Pass", "Pass", "Pass" }, rows.Select(r => r.Verdict).ToArray());
        }

        [Fact]
        public async Task Plain_HTTP_on_a_TLS_port_fails_TLS_and_says_so()
        {
            using var server = new LoopbackServer(ProbeServers.PlainHttpBadRequest());
            var rows = await Probe(Target(server.Port, protocol: "HTTPS"), Fast());
            var tls = Row(rows, ProbeCheck.Tls);
            Assert.Equal((ProbeVerdict.Fail, "502.TargetTlsHandshakeError"), (tls.VerdictKind, tls.Cause));
            Assert.Contains("plain HTTP", tls.Explanation, StringComparison.Ordinal);
            Assert.Contains("HTTP/1.1 400 Bad Request", tls.Explanation, StringComparison.Ordinal);
            Assert.Equal(ProbeVerdict.Skipped, Row(rows, ProbeCheck.ResponseFormat).VerdictKind);
            Assert.Equal(ProbeVerdict.Fail, Row(rows, ProbeCheck.HealthCheck).VerdictKind);
        }

        [Fact]
        public async Task A_TLS_1_3_only_target_fails_against_the_2016_08_policy_and_passes_when_a_listener_uses_a_TLS_1_3_policy()
        {
            using var server = new LoopbackServer(ProbeServers.KeepAlive(idleClose: null), new LoopbackServer.TlsOptions { Protocols = SslProtocols.Tls13 });
            var target = Target(server.Port, protocol: "HTTPS");
            target.IdleTimeout = TimeSpan.FromSeconds(0.5);
            var old = Row(await Probe(target, Fast()), ProbeCheck.Tls);
            Assert.Equal((ProbeVerdict.Fail, "502.TargetTlsHandshakeError"), (old.VerdictKind, old.Cause));
            Assert.Contains("TLS 1.0-1.2", old.Explanation, StringComparison.Ordinal);

            target.TlsPolicy = BackendTlsPolicy.ForListenerPolicies(new[] { "ELBSecurityPolicy-TLS13-1-2-2021-06" });
            var tls13 = Row(await Probe(target, Fast()), ProbeCheck.Tls);
            Assert.Equal(ProbeVerdict.Pass, tls13.VerdictKind);
            Assert.StartsWith("TLS 1.3", tls13.Measured, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_handshake_that_never_completes_is_504_at_the_ALB_limit()
        {
            using var server = new LoopbackServer(ProbeServers.NeverAnswers());
            var settings = Fast(stepSeconds: 0.3);
            settings.AlbTlsHandshakeTimeout = TimeSpan.FromSeconds(0.3);
            var tls = Row(await Probe(Target(server.Port, protocol: "HTTPS"), settings), ProbeCheck.Tls);
            Assert.Equal((ProbeVerdict.Fail, "504.TargetTlsHandshakeTimeout"), (tls.VerdictKind, tls.Cause));

            var cutShort = Row(await Probe(Target(server.Port, protocol: "HTTPS"), Fast(stepSeconds: 0.3)), ProbeCheck.Tls);
            Assert.Equal(ProbeVerdict.Warning, cutShort.VerdictKind);
        }

        // ----------------------------------------------------------------- ProtocolVersion

        [Fact]
        public async Task An_HTTP2_group_passes_on_a_target_that_speaks_HTTP2_and_measures_its_idle_close()
        {
            using var server = new LoopbackServer(ProbeServers.Http2(idleClose: TimeSpan.FromMilliseconds(100)));
            var rows = await Probe(Target(server.Port, idleSeconds: 1, version: "HTTP2"), Fast());
            var version = Row(rows, ProbeCheck.ProtocolVersion);
            Assert.Equal(ProbeVerdict.Pass, version.VerdictKind);
            Assert.StartsWith("HTTP/2 SETTINGS", version.Measured, StringComparison.Ordinal);
            var keepAlive = Row(rows, ProbeCheck.KeepAlive);
            Assert.Equal((ProbeVerdict.Fail, "502.TargetClosedKeepAliveConnection"), (keepAlive.VerdictKind, keepAlive.Cause));
            Assert.Contains("GOAWAY", keepAlive.Measured, StringComparison.Ordinal);
            Assert.Equal(ProbeVerdict.Skipped, Row(rows, ProbeCheck.ResponseFormat).VerdictKind);

            using var patient = new LoopbackServer(ProbeServers.Http2(idleClose: TimeSpan.FromSeconds(5)));
            var outlasts = Row(await Probe(Target(patient.Port, idleSeconds: 0.3, version: "HTTP2"), Fast()), ProbeCheck.KeepAlive);
            Assert.Equal(ProbeVerdict.Pass, outlasts.VerdictKind);
            Assert.StartsWith("still open after", outlasts.Measured, StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_HTTP2_group_fails_on_a_target_that_speaks_only_HTTP1()
        {
            using var server = new LoopbackServer(ProbeServers.PlainHttpBadRequest());
            var version = Row(await Probe(Target(server.Port, version: "GRPC"), Fast()), ProbeCheck.ProtocolVersion);
            Assert.Equal(ProbeVerdict.Fail, version.VerdictKind);
            Assert.Equal(new[] { 502 }, version.StatusCodes);
            Assert.Contains("HTTP/1.1 400 Bad Request", version.Measured, StringComparison.Ordinal);
        }

        [Fact]
        public async Task HTTP2_over_TLS_is_decided_by_ALPN_where_the_build_offers_it_and_Unknown_where_it_does_not()
        {
            using var h2 = new LoopbackServer(ProbeServers.Http2(idleClose: TimeSpan.FromSeconds(5)),
                new LoopbackServer.TlsOptions { Alpn = new List<SslApplicationProtocol> { SslApplicationProtocol.Http2 } });
            using var h1 = new LoopbackServer(ProbeServers.KeepAlive(idleClose: null),
                new LoopbackServer.TlsOptions { Alpn = new List<SslApplicationProtocol> { SslApplicationProtocol.Http11 } });
            var speaks = Row(await Probe(Target(h2.Port, idleSeconds: 0.2, protocol: "HTTPS", version: "HTTP2"), Fast()), ProbeCheck.ProtocolVersion);
            var doesNot = Row(await Probe(Target(h1.Port, protocol: "HTTPS", version: "HTTP2"), Fast()), ProbeCheck.ProtocolVersion);
            if (ProbeConnection.CanOfferAlpn)
            {
                Assert.Equal(ProbeVerdict.Pass, speaks.VerdictKind);
                Assert.Equal(ProbeVerdict.Fail, doesNot.VerdictKind);
                Assert.Contains("ALPN chose 'http/1.1'", doesNot.Measured, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal((ProbeVerdict.Unknown, ProbeVerdict.Unknown), (speaks.VerdictKind, doesNot.VerdictKind));
                Assert.Contains("cannot offer ALPN", speaks.Explanation, StringComparison.Ordinal);
            }
        }

        [Fact]
        public async Task A_gRPC_health_check_is_Unknown_because_the_probe_makes_no_gRPC_calls()
        {
            using var server = new LoopbackServer(ProbeServers.Http2(idleClose: TimeSpan.FromSeconds(5)));
            var health = Row(await Probe(Target(server.Port, idleSeconds: 0.1, version: "GRPC"), Fast()), ProbeCheck.HealthCheck);
            Assert.Equal(ProbeVerdict.Unknown, health.VerdictKind);
            Assert.Empty(server.Requests);
        }

        // ----------------------------------------------------------------- many targets, cancellation

        [Fact]
        public async Task Targets_are_probed_at_the_same_time_up_to_the_limit_and_no_further()
        {
            using var server = new LoopbackServer(ProbeServers.KeepAlive(idleClose: null));
            var targets = Enumerable.Range(0, 20).Select(_ => Target(server.Port, idleSeconds: 1)).ToList();

            var all = await Task.WhenAll(ProbeRunner.Start(targets, Fast(), 20, CancellationToken.None));
            Assert.All(all, rows => Assert.Equal(ProbeVerdict.Pass, Row(rows, ProbeCheck.KeepAlive).VerdictKind));
            // Every target's keep-alive connection was idle at the same time: one idle wait for all.
            Assert.True(server.MaxConcurrentConnections >= 20, "at most " + server.MaxConcurrentConnections + " connections were open at once");

            // Two at a time: the traffic connections (health checks go to another server here) never
            // overlap by more than two, give or take one the server has not yet seen closed.
            using var limited = new LoopbackServer(ProbeServers.KeepAlive(idleClose: null));
            using var health = new LoopbackServer(ProbeServers.KeepAlive(idleClose: null));
            var few = Enumerable.Range(0, 8).Select(_ => Target(limited.Port, idleSeconds: 0.3)).ToList();
            few.ForEach(t => t.HealthCheck.Port = health.Port);
            await Task.WhenAll(ProbeRunner.Start(few, Fast(), 2, CancellationToken.None));
            Assert.InRange(limited.MaxConcurrentConnections, 2, 3);
            Assert.Equal(8, limited.Connections);
        }

        [Fact]
        public async Task Cancelling_stops_a_probe_that_waits_on_a_silent_target()
        {
            using var server = new LoopbackServer(ProbeServers.NeverAnswers());
            using var cancel = new CancellationTokenSource();
            var settings = Fast(stepSeconds: 60);
            var probe = new EndpointProber(settings).ProbeAsync(Target(server.Port, idleSeconds: 60), cancel.Token);
            await Task.Delay(200);
            cancel.Cancel();
            var finished = await Task.WhenAny(probe, Task.Delay(TimeSpan.FromSeconds(10)));
            Assert.Same(probe, finished);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe);
        }

        // ----------------------------------------------------------------- the seam and the inputs

        [Fact]
        public void Every_cause_a_check_speaks_for_is_in_the_catalog()
        {
            foreach (var check in Vocabulary<ProbeCheck>.InOrder)
                foreach (var id in ProbeCauses.Of(check))
                    Assert.NotNull(CauseCatalog.FindById(id));
        }
    }
}
