using System;
using System.Collections.Generic;
using System.Linq;
using AlbTroubleshoot.Catalog;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Probe;
using Xunit;
using static AlbTroubleshoot.Tests.AlbFixture;

namespace AlbTroubleshoot.Tests
{
    /// <summary>
    /// The probe's verdict table (docs/probe.md, "In a diagnosis") on constructed probe rows, no network:
    /// each failed check makes exactly its cause Confirmed or Likely, and the same check passing leaves
    /// every verdict as the configuration had it (only KeepAlive, passed by every target, rules out).
    /// </summary>
    public class ProbeDiagnosisTests
    {
        private const string KeepAlive = "502.TargetClosedKeepAliveConnection";

        private static EndpointProbeResult Row(string target, ProbeCheck check, ProbeVerdict verdict, string measured = "", string cause = "", string group = "app",
            string loadBalancer = "web", int port = 8080, string explanation = "explained") =>
            new EndpointProbeResult(target, target == "i-1" ? "10.0.1.10" : "10.0.1.11", port, check, verdict, measured,
                check == ProbeCheck.KeepAlive ? "kept open while idle for longer than 60 s" : "what the ALB needs", explanation, verdict == ProbeVerdict.Fail ? new[] { 502 } : null)
            {
                LoadBalancerName = loadBalancer,
                TargetGroupName = group,
                Cause = cause,
            };

        private static DiagnosisOptions Probed(AlbFixture fixture, params EndpointProbeResult[] rows)
        {
            var model = fixture.Model();
            return new DiagnosisOptions { Probe = new ProbeEvidence(rows, model, model.LoadBalancers!.Single()) };
        }

        /// <summary>The default fixture with its group "app" sending HTTPS to the targets and health checks over HTTP (so the configuration leaves TLS Possible).</summary>
        private static AlbFixture Https() => new AlbFixture().Group("app", g =>
        {
            g.Protocol = "HTTPS";
            g.HealthCheckProtocol = "HTTP";
        });

        /// <summary>Evaluates with and without the rows; returns the causes whose verdict the rows changed, and the findings with the rows.</summary>
        private static (Dictionary<string, string> Changed, IReadOnlyList<ErrorCause> With) Weigh(AlbFixture fixture, params EndpointProbeResult[] rows)
        {
            var before = fixture.Evaluate().ToDictionary(c => c.Id, c => c.Verdict);
            var after = fixture.Evaluate(Probed(fixture, rows));
            return (after.Where(c => before[c.Id] != c.Verdict).ToDictionary(c => c.Id, c => c.Verdict), after);
        }

        public static IEnumerable<object[]> Failures() => new[]
        {
            new object[] { false, "KeepAlive", "closed (FIN) after 5.0 s", KeepAlive, "Confirmed" },
            new object[] { false, "Connect", "connection refused after 0.001 s", "502.TargetConnectionReset", "Confirmed" },
            new object[] { false, "Connect", "no answer within 10 s", "504.TargetConnectionTimeout", "Likely" },
            new object[] { false, "Connect", "host unreachable", "502.TargetHostUnreachable", "Likely" },
            new object[] { true, "Tls", ProbeCauses.PlainHttpOnTlsPort, "502.TargetTlsHandshakeError", "Confirmed" },
            new object[] { true, "Tls", "handshake failed after 0.010 s", "502.TargetTlsHandshakeError", "Likely" },
            new object[] { true, "Tls", "no handshake within 10 s", "504.TargetTlsHandshakeTimeout", "Likely" },
            new object[] { false, "ResponseFormat", "malformed: the status line 'HTP/1.1 200' is not HTTP", "502.MalformedTargetResponse", "Confirmed" },
            new object[] { false, "ResponseFormat", "headers over 32 KB", "502.ResponseHeaderTooLarge", "Confirmed" },
            new object[] { false, "ResponseFormat", "Content-Length 100, 10 bytes sent, then nothing for 60 s", "504.ContentLengthLargerThanBody", "Confirmed" },
            new object[] { false, "ResponseFormat", "no response within 60 s", "504.TargetResponseTimeout", "Likely" },
            new object[] { false, "KeepAlive", "sent 'HTTP/1.1 408' on the idle connection", "502.MalformedTargetResponse", "Confirmed" },
            new object[] { false, "ProtocolVersion", "answered with HTTP/1.x: 'HTTP/1.1 400'", "502.MalformedTargetResponse", "Confirmed" },
        };

        [Theory]
        [MemberData(nameof(Failures))]
        public void A_failed_check_decides_exactly_its_cause_with_the_measured_value(bool https, string check, string measured, string cause, string verdict)
        {
            var kind = Vocabulary<ProbeCheck>.Parse(check, "probe check");
            var fixture = https ? Https() : new AlbFixture();
            var (changed, after) = Weigh(fixture, Row("i-1", kind, ProbeVerdict.Fail, measured, cause), Row("i-2", kind, ProbeVerdict.Pass, "fine"));

            Assert.Equal(new Dictionary<string, string> { [cause] = verdict }, changed);
            var finding = after.Single(c => c.Id == cause);
            Assert.Equal("Test-AlbTargetEndpoint: app: i-1 (10.0.1.10:8080) " + check + " Fail: " + measured + "; the ALB needs " + Row("i-1", kind, ProbeVerdict.Fail).Expected + ".", finding.Evidence[0]);
            Assert.Contains(finding.Evidence, e => e.StartsWith("Test-AlbTargetEndpoint: " + check + " Pass for 1 target: app: i-2", StringComparison.Ordinal));
        }

        [Theory]
        [MemberData(nameof(Failures))]
        public void The_same_check_passing_changes_no_verdict(bool https, string check, string measured, string cause, string verdict)
        {
            _ = (measured, verdict);
            var fixture = https ? Https() : new AlbFixture();
            // Passing on one target only: KeepAlive too stays, since i-2 was not measured.
            var (changed, after) = Weigh(fixture, Row("i-1", Vocabulary<ProbeCheck>.Parse(check, "probe check"), ProbeVerdict.Pass, "fine"));

            Assert.Empty(changed);
            Assert.Contains(after.Single(c => c.Id == cause).Evidence, e => e == "Test-AlbTargetEndpoint: " + check + " Pass for 1 target: app: i-1 (10.0.1.10:8080) fine.");
        }

        [Fact]
        public void KeepAlive_passed_by_every_target_rules_the_race_out_and_one_failure_confirms_it()
        {
            var fixture = new AlbFixture();
            Assert.Equal(CauseVerdict.Possible, fixture.Cause(KeepAlive).VerdictKind);
            var both = Probed(fixture, Row("i-1", ProbeCheck.KeepAlive, ProbeVerdict.Pass, "still open after 61 s"), Row("i-2", ProbeCheck.KeepAlive, ProbeVerdict.Pass, "closed (FIN) after 75 s"));
            var ruledOut = fixture.Cause(KeepAlive, both);
            Assert.Equal(CauseVerdict.RuledOut, ruledOut.VerdictKind);
            Assert.Contains("Every one of the 2 targets keeps idle connections open past the idle timeout", string.Join("\n", ruledOut.Evidence));

            var oneFails = Probed(fixture, Row("i-1", ProbeCheck.KeepAlive, ProbeVerdict.Pass, "still open after 61 s"),
                Row("i-2", ProbeCheck.KeepAlive, ProbeVerdict.Fail, "closed (FIN) after 5.0 s", KeepAlive));
            var confirmed = fixture.Cause(KeepAlive, oneFails);
            Assert.Equal(CauseVerdict.Confirmed, confirmed.VerdictKind);
            Assert.Contains("i-2 (10.0.1.11:8080) KeepAlive Fail: closed (FIN) after 5.0 s", confirmed.Evidence[0]);

            // A target of the group not measured (its connection failed): not ruled out, and the row says why.
            var skipped = fixture.Cause(KeepAlive, Probed(fixture, Row("i-1", ProbeCheck.KeepAlive, ProbeVerdict.Pass, "still open after 61 s"),
                Row("i-2", ProbeCheck.KeepAlive, ProbeVerdict.Skipped, explanation: "No connection to 10.0.1.11:8080 (see Connect).")));
            Assert.Equal(CauseVerdict.Possible, skipped.VerdictKind);
            Assert.Contains(skipped.Evidence, e => e == "Test-AlbTargetEndpoint: app: i-2 (10.0.1.11:8080) KeepAlive Skipped: No connection to 10.0.1.11:8080 (see Connect).");
            Assert.Contains(skipped.Evidence, e => e.StartsWith("Not ruled out: 1 of 2 targets did not pass KeepAlive", StringComparison.Ordinal));
        }

        [Fact]
        public void A_measured_keep_alive_failure_outweighs_what_the_user_said_and_a_pass_does_not_undo_a_user_value_that_is_too_short()
        {
            var fixture = new AlbFixture();
            var failing = Probed(fixture, Row("i-1", ProbeCheck.KeepAlive, ProbeVerdict.Fail, "closed (FIN) after 5.0 s", KeepAlive));
            failing.TargetKeepAliveSeconds = 120;   // the configuration alone rules it out
            Assert.Equal(CauseVerdict.RuledOut, fixture.Cause(KeepAlive, new DiagnosisOptions { TargetKeepAliveSeconds = 120 }).VerdictKind);
            Assert.Equal(CauseVerdict.Confirmed, fixture.Cause(KeepAlive, failing).VerdictKind);

            var passing = Probed(fixture, Row("i-1", ProbeCheck.KeepAlive, ProbeVerdict.Pass, "still open after 61 s"), Row("i-2", ProbeCheck.KeepAlive, ProbeVerdict.Pass, "still open after 61 s"));
            passing.TargetKeepAliveSeconds = 5;
            var likely = fixture.Cause(KeepAlive, passing);
            Assert.Equal(CauseVerdict.Likely, likely.VerdictKind);
            Assert.Contains("(-TargetKeepAliveSeconds)", likely.Evidence[0]);
        }

        [Fact]
        public void A_health_check_failure_is_evidence_on_the_targets_not_entering_service_and_decides_nothing()
        {
            var (changed, after) = Weigh(new AlbFixture(), Row("i-1", ProbeCheck.HealthCheck, ProbeVerdict.Fail, "HTTP 404 in 0.003 s (Target.ResponseCodeMismatch)"));
            Assert.Empty(changed);
            Assert.Contains(after.Single(c => c.Id == "503.NoTargetInService").Evidence,
                e => e.StartsWith("Test-AlbTargetEndpoint: app: i-1 (10.0.1.10:8080) HealthCheck Fail: HTTP 404 in 0.003 s (Target.ResponseCodeMismatch)", StringComparison.Ordinal));
        }

        [Fact]
        public void Unknown_skipped_and_warning_rows_change_nothing_but_appear_in_the_evidence()
        {
            var (changed, after) = Weigh(new AlbFixture(),
                Row("i-1", ProbeCheck.Connect, ProbeVerdict.Unknown, explanation: "Cannot probe: the instance has no private address in the snapshot."),
                Row("i-2", ProbeCheck.ResponseFormat, ProbeVerdict.Warning, "no response within 5.0 s", "504.TargetResponseTimeout"),
                Row("i-2", ProbeCheck.KeepAlive, ProbeVerdict.Skipped, explanation: "No request was sent (see ResponseFormat)."));
            Assert.Empty(changed);
            Assert.Contains(after.Single(c => c.Id == "502.TargetConnectionReset").Evidence, e => e.Contains("i-1 (10.0.1.10:8080) Connect Unknown: Cannot probe", StringComparison.Ordinal));
            Assert.Contains(after.Single(c => c.Id == "504.TargetResponseTimeout").Evidence, e => e.Contains("i-2 (10.0.1.11:8080) ResponseFormat Warning: no response within 5.0 s", StringComparison.Ordinal));
            Assert.Contains(after.Single(c => c.Id == KeepAlive).Evidence, e => e.Contains("KeepAlive Skipped: No request was sent", StringComparison.Ordinal));
        }

        [Fact]
        public void Rows_of_another_load_balancer_or_of_Address_are_not_this_ones_evidence()
        {
            var (changed, after) = Weigh(new AlbFixture(),
                Row("i-1", ProbeCheck.Connect, ProbeVerdict.Fail, "connection refused after 0.001 s", "502.TargetConnectionReset", loadBalancer: "other"),
                Row("i-1", ProbeCheck.Connect, ProbeVerdict.Fail, "connection refused after 0.001 s", "502.TargetConnectionReset", loadBalancer: string.Empty));
            Assert.Empty(changed);
            Assert.DoesNotContain(after.SelectMany(c => c.Evidence), e => e.Contains("Test-AlbTargetEndpoint", StringComparison.Ordinal));
        }

        [Fact]
        public void A_likely_probe_failure_does_not_overturn_what_the_configuration_ruled_out()
        {
            // HTTPS health checks pass for every target: the handshake works from the ALB's nodes.
            var fixture = new AlbFixture().Group("app", g => g.Protocol = "HTTPS");
            Assert.Equal(CauseVerdict.RuledOut, fixture.Cause("502.TargetTlsHandshakeError").VerdictKind);
            var tlsLibrary = Probed(fixture, Row("i-1", ProbeCheck.Tls, ProbeVerdict.Fail, "handshake failed after 0.010 s", "502.TargetTlsHandshakeError"));
            Assert.Equal(CauseVerdict.RuledOut, fixture.Cause("502.TargetTlsHandshakeError", tlsLibrary).VerdictKind);
            var plain = Probed(fixture, Row("i-1", ProbeCheck.Tls, ProbeVerdict.Fail, ProbeCauses.PlainHttpOnTlsPort, "502.TargetTlsHandshakeError"));
            Assert.Equal(CauseVerdict.Confirmed, fixture.Cause("502.TargetTlsHandshakeError", plain).VerdictKind);
        }

        [Fact]
        public void The_causes_a_probe_decides_say_so_and_every_cause_a_row_points_to_is_one_of_them()
        {
            var decided = CauseCatalog.All.Where(c => (c.DecidedBy & DecidedBy.Probe) != 0).Select(c => c.Id).OrderBy(i => i, StringComparer.Ordinal).ToList();
            var pointed = Vocabulary<ProbeCheck>.InOrder.Where(c => c != ProbeCheck.HealthCheck).SelectMany(ProbeCauses.Of).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToList();
            Assert.Equal(pointed, decided);
            // The path analysis names the rule that drops a connection, so it stays the check of the 504.
            Assert.All(decided, id => Assert.Equal(id == "504.TargetConnectionTimeout" ? "Test-AlbTargetReachability" : "Test-AlbTargetEndpoint", CauseCatalog.FindById(id)!.CheckedBy));
        }
    }
}
