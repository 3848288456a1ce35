using System;
using System.Linq;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Reachability;
using AlbTroubleshoot.Snapshots;
using Xunit;
using Xunit.Abstractions;

namespace AlbTroubleshoot.Tests.Reachability
{
    public class SampleReachabilityTests
    {
        private readonly ITestOutputHelper _out;

        public SampleReachabilityTests(ITestOutputHelper output) { _out = output; }

        internal static EnvironmentModel Sample(string name) => SnapshotMapper.Map(SnapshotDocument.Load(RepoPaths.Combine("samples", name + ".json")));

        [Theory]
        [InlineData("healthy")]
        [InlineData("502-target-sg")]
        [InlineData("504-nacl-ephemeral")]
        [InlineData("504-nacl-deny-vpc")]
        [InlineData("ip-peering-blackhole")]
        [InlineData("lambda-target")]
        [InlineData("unknown-missing-sections")]
        public void Dump(string name)
        {
            var m = Sample(name);
            foreach (var r in TargetPathAnalyzer.Analyze(m, m.LoadBalancers![0]))
                _out.WriteLine($"{r.TargetGroupName} {r.TargetId} {r.TargetAddress}:{r.Port} {r.Purpose} {r.Verdict} [{string.Join(",", r.BlockedBy)}] [{string.Join(",", r.StatusCodes)}] {r.Explanation}");
        }
    }
}
