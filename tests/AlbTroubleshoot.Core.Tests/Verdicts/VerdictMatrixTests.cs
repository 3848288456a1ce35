using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests.Verdicts
{
    /// <summary>
    /// The verdict matrix: for every scenario the complete set of Confirmed and Likely findings of a
    /// full diagnosis, so a change that adds a spurious Confirmed (or loses one) fails here.
    /// </summary>
    public class VerdictMatrixTests
    {
        internal static Diagnosis Diagnose(AlbSnapshot snapshot) =>
            LoadBalancerDiagnoser.Diagnose(snapshot, snapshot.Model.LoadBalancers!.Single(), System.Array.Empty<StatusCodeFilter>(), null, null, null, CancellationToken.None);

        internal static string[] Decisive(Diagnosis d) =>
            d.Findings.Where(f => f.VerdictKind is CauseVerdict.Confirmed or CauseVerdict.Likely).Select(f => f.Id + "=" + f.Verdict).OrderBy(x => x, System.StringComparer.Ordinal).ToArray();

        public static IEnumerable<object[]> Samples() =>
            Directory.GetFiles(RepoPaths.Combine("samples"), "*.json")
                .Where(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.TryGetProperty("_scenario", out _))
                .Select(f => new object[] { Path.GetFileName(f) });

        [Theory]
        [MemberData(nameof(Samples))]
        public void Each_sample_gives_exactly_the_findings_its_scenario_lists(string sample)
        {
            var path = RepoPaths.Combine("samples", sample);
            var scenario = JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("_scenario");
            var expected = scenario.GetProperty("Decisive").EnumerateObject().Select(p => p.Name + "=" + p.Value.GetString()).OrderBy(x => x, System.StringComparer.Ordinal).ToArray();
            var diagnosis = Diagnose(new AlbSnapshot(SnapshotDocument.Load(path), path));
            Assert.Equal(expected, Decisive(diagnosis));
            Assert.Equal(scenario.GetProperty("ExpectedStatus").GetString(), diagnosis.Status);
        }

        public static IEnumerable<object[]> Faults() =>
            PlantedFaults.Network.Concat(PlantedFaults.Configuration).Select(f => new object[] { f.Name });

        [Theory]
        [MemberData(nameof(Faults))]
        public void One_planted_fault_gives_exactly_the_causes_it_makes(string name)
        {
            var fault = PlantedFaults.Network.Concat(PlantedFaults.Configuration).Single(f => f.Name == name);
            var root = PlantedFaults.Healthy();
            fault.Plant(root);
            var diagnosis = Diagnose(PlantedFaults.Snapshot(root));
            Assert.Equal(fault.Decisive.OrderBy(x => x, System.StringComparer.Ordinal).ToArray(), Decisive(diagnosis));
            Assert.Equal(DiagnosisStatus.Problems, diagnosis.StatusKind);
        }

        /// <summary>A value AWS returned that cannot be read leaves a diagnosis Unknown, saying which, never Healthy.</summary>
        [Fact]
        public void A_value_that_cannot_be_read_is_reported_and_never_Healthy()
        {
            var root = PlantedFaults.Healthy();
            PlantedFaults.Health(root, PlantedFaults.WebGroup)[0]!["TargetHealth"]!["State"] = "recovering";
            var diagnosis = Diagnose(PlantedFaults.Snapshot(root));
            Assert.Equal(DiagnosisStatus.Unknown, diagnosis.StatusKind);
            Assert.Contains("'recovering'", diagnosis.StatusReason, System.StringComparison.Ordinal);
            Assert.Single(diagnosis.Unreadable);
        }

        [Fact]
        public void The_healthy_sample_is_Healthy_and_sees_everything()
        {
            var diagnosis = Diagnose(PlantedFaults.Snapshot(PlantedFaults.Healthy()));
            Assert.Equal(DiagnosisStatus.Healthy, diagnosis.StatusKind);
            Assert.Empty(Decisive(diagnosis));
            Assert.DoesNotContain(diagnosis.Findings, f => f.VerdictKind == CauseVerdict.Unknown);
        }
    
        /// <summary>
        /// The connection-level causes (000) no status code shows: from the configuration they stay
        /// Possible (an HTTPS listener can fail a client's handshake; any load balancer can meet a surge),
        /// and only their CloudWatch counts decide them, each alone.
        /// </summary>
        [Fact]
        public void Connection_level_causes_are_decided_by_their_counts_alone()
        {
            var root = PlantedFaults.Healthy();
            var plain = Diagnose(PlantedFaults.Snapshot(root)).Findings;
            var tls = plain.Single(f => f.Id == "000.ClientTlsNegotiationFailed");
            Assert.Equal(CauseVerdict.Possible, tls.VerdictKind);
            Assert.Contains(tls.Evidence, e => e.Contains("security policy ELBSecurityPolicy-TLS13-1-2-2021-06", System.StringComparison.Ordinal));
            Assert.Equal(CauseVerdict.Possible, plain.Single(f => f.Id == "000.ConnectionsRejected").VerdictKind);

            var arn = (string)root["DescribeLoadBalancers"]!["LoadBalancers"]![0]!["LoadBalancerArn"]!;
            root["GetMetricData"] = Metrics(arn, ("RejectedConnectionCount", new[] { 0d, 40, 2 }), ("ClientTLSNegotiationErrorCount", new[] { 0d, 0, 0 }));
            var rejected = Diagnose(PlantedFaults.Snapshot(root));
            Assert.Equal(new[] { "000.ConnectionsRejected=Confirmed" }, Decisive(rejected));
            Assert.Equal(CauseVerdict.RuledOut, rejected.Findings.Single(f => f.Id == "000.ClientTlsNegotiationFailed").VerdictKind);

            root["GetMetricData"] = Metrics(arn, ("RejectedConnectionCount", new[] { 0d, 0, 0 }), ("ClientTLSNegotiationErrorCount", new[] { 3d, 0, 1 }));
            var handshakes = Diagnose(PlantedFaults.Snapshot(root));
            Assert.Equal(new[] { "000.ClientTlsNegotiationFailed=Likely" }, Decisive(handshakes));
            Assert.Equal(CauseVerdict.RuledOut, handshakes.Findings.Single(f => f.Id == "000.ConnectionsRejected").VerdictKind);

            // Without an HTTPS listener there is no client handshake, whatever a count says.
            var listeners = (System.Text.Json.Nodes.JsonArray)root["DescribeListeners"]!["Listeners"]!;
            foreach (var https in listeners.Where(l => (string?)l!["Protocol"] == "HTTPS").ToList()) listeners.Remove(https);
            var noHttps = Diagnose(PlantedFaults.Snapshot(root));
            Assert.Equal(CauseVerdict.NotApplicable, noHttps.Findings.Single(f => f.Id == "000.ClientTlsNegotiationFailed").VerdictKind);
        }

        /// <summary>A GetMetricData section (docs/snapshot-format.md) with one load-balancer Sum series per metric, a minute apart.</summary>
        private static System.Text.Json.Nodes.JsonObject Metrics(string arn, params (string Metric, double[] Values)[] series)
        {
            var queries = new System.Text.Json.Nodes.JsonArray();
            var results = new System.Text.Json.Nodes.JsonArray();
            var dimension = arn.Substring(arn.IndexOf(":loadbalancer/", System.StringComparison.Ordinal) + ":loadbalancer/".Length);
            for (var i = 0; i < series.Length; i++)
            {
                var id = "q_" + i;
                queries.Add(System.Text.Json.Nodes.JsonNode.Parse("{\"Id\":\"" + id + "\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/ApplicationELB\",\"MetricName\":\"" + series[i].Metric +
                    "\",\"Dimensions\":[{\"Name\":\"LoadBalancer\",\"Value\":\"" + dimension + "\"}]},\"Period\":60,\"Stat\":\"Sum\"},\"ReturnData\":true}"));
                var times = new System.Text.Json.Nodes.JsonArray(series[i].Values.Select((_, n) => (System.Text.Json.Nodes.JsonNode?)("2026-11-24T07:0" + n + ":00Z")).ToArray());
                var values = new System.Text.Json.Nodes.JsonArray(series[i].Values.Select(v => (System.Text.Json.Nodes.JsonNode?)v).ToArray());
                results.Add(new System.Text.Json.Nodes.JsonObject { ["Id"] = id, ["Label"] = series[i].Metric, ["Timestamps"] = times, ["Values"] = values, ["StatusCode"] = "Complete" });
            }
            return new System.Text.Json.Nodes.JsonObject
            {
                [arn] = new System.Text.Json.Nodes.JsonObject
                {
                    ["StartTime"] = "2026-11-24T07:00:00Z", ["EndTime"] = "2026-11-24T08:00:00Z", ["MetricDataQueries"] = queries, ["MetricDataResults"] = results,
                },
            };
        }
    }
}
