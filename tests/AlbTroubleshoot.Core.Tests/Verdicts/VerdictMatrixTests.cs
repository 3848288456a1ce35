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
            d.Findings.Where(f => f.Verdict is CauseVerdict.Confirmed or CauseVerdict.Likely).Select(f => f.Id + "=" + f.Verdict).OrderBy(x => x, System.StringComparer.Ordinal).ToArray();

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
            Assert.Equal(DiagnosisStatus.Problems, diagnosis.Status);
        }

        [Fact]
        public void The_healthy_sample_is_Healthy_and_sees_everything()
        {
            var diagnosis = Diagnose(PlantedFaults.Snapshot(PlantedFaults.Healthy()));
            Assert.Equal(DiagnosisStatus.Healthy, diagnosis.Status);
            Assert.Empty(Decisive(diagnosis));
            Assert.DoesNotContain(diagnosis.Findings, f => f.Verdict == CauseVerdict.Unknown);
        }
    }
}
