using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AlbTroubleshoot.Probe;
using AlbTroubleshoot.Snapshots;
using Xunit;
using static AlbTroubleshoot.Tests.AlbFixture;

namespace AlbTroubleshoot.Tests.Probe
{
    /// <summary>
    /// Invoke-AlbDiagnosis -Probe's engine (LoadBalancerDiagnoser.Probe, then Diagnose) against a real
    /// target on 127.0.0.1: load balancer "web" with a 1 s idle timeout and its group "app" of one IP
    /// target, the loopback server.
    /// </summary>
    public class ProbeDiagnosisEndToEndTests
    {
        private static AlbSnapshot Snapshot(int port)
        {
            var fixture = new AlbFixture().LbAttribute("idle_timeout.timeout_seconds", "1").Group("app", g =>
            {
                g.TargetType = "ip";
                g.Port = port;
                g.Targets = new List<object> { Target("127.0.0.1", "healthy", port: port) };
            });
            return new AlbSnapshot(SnapshotDocument.Parse(fixture.Json(), "probe"), "probe");
        }

        private static async Task<(Diagnosis Without, Diagnosis With)> Diagnose(LoopbackServer server)
        {
            var snapshot = Snapshot(server.Port);
            var lb = snapshot.Model.LoadBalancers!.Single();
            var rows = await LoadBalancerDiagnoser.Probe(snapshot, lb, EndpointProberTests.Fast(), 10, CancellationToken.None);
            Diagnosis Run(IReadOnlyList<EndpointProbeResult>? probe) =>
                LoadBalancerDiagnoser.Diagnose(snapshot, lb, Array.Empty<StatusCodeFilter>(), null, null, null, CancellationToken.None, probe);
            return (Run(null), Run(rows));
        }

        private static Dictionary<string, CauseVerdict> Decisive(Diagnosis d) =>
            d.Findings.Where(f => f.VerdictKind is CauseVerdict.Confirmed or CauseVerdict.Likely).ToDictionary(f => f.Id, f => f.VerdictKind);

        [Fact]
        public async Task A_target_closing_idle_connections_early_confirms_the_keep_alive_502_and_nothing_else()
        {
            using var server = new LoopbackServer(ProbeServers.KeepAlive(idleClose: TimeSpan.FromSeconds(0.2)));
            var (without, with) = await Diagnose(server);

            var keepAlive = with.Probe.Single(r => r.CheckKind == ProbeCheck.KeepAlive);
            Assert.Equal(ProbeVerdict.Fail, keepAlive.VerdictKind);
            Assert.Equal(new[] { "Pass", "Skipped", "Pass", "Pass", "Fail", "Pass" }, with.Probe.Select(r => r.Verdict).ToArray());
            var expected = Decisive(without);
            expected["502.TargetClosedKeepAliveConnection"] = CauseVerdict.Confirmed;
            Assert.Equal(expected.OrderBy(e => e.Key), Decisive(with).OrderBy(e => e.Key));
            var finding = with.Findings.Single(f => f.Id == "502.TargetClosedKeepAliveConnection");
            Assert.StartsWith("Test-AlbTargetEndpoint: app: 127.0.0.1 (127.0.0.1:" + server.Port + ") KeepAlive Fail: closed (FIN) after 0.", finding.Evidence[0], StringComparison.Ordinal);
            Assert.Contains("longer than 1.0 s", finding.Evidence[0]);
            Assert.Equal(DiagnosisStatus.Problems, with.StatusKind);
            Assert.Empty(without.Probe);
        }

        [Fact]
        public async Task A_target_keeping_idle_connections_open_rules_the_race_out_and_changes_nothing_else()
        {
            using var server = new LoopbackServer(ProbeServers.KeepAlive(idleClose: null));
            var (without, with) = await Diagnose(server);

            Assert.All(with.Probe, r => Assert.Contains(r.VerdictKind, new[] { ProbeVerdict.Pass, ProbeVerdict.Skipped }));
            var changed = with.Findings.Where(f => without.Findings.Single(b => b.Id == f.Id).Verdict != f.Verdict).Select(f => f.Id + " " + f.Verdict).ToList();
            Assert.Equal(new[] { "502.TargetClosedKeepAliveConnection RuledOut" }, changed);
        }
    }
}
