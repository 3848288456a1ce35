using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Reachability;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    /// <summary>The engine over the sample snapshots, against what each scenario's _scenario says a diagnosis must find.</summary>
    public class DiagnosisSampleTests
    {
        /// <summary>Evaluates as Invoke-AlbDiagnosis does: with the reachability and NACL results of the network analyzers.</summary>
        private static IReadOnlyList<ErrorCause> Evaluate(string sample, int? keepAlive = null, params int[] codes) =>
            Evaluate(sample, true, keepAlive, codes);

        private static IReadOnlyList<ErrorCause> Evaluate(string sample, bool withNetwork, int? keepAlive, params int[] codes)
        {
            var model = SnapshotMapper.Map(SnapshotDocument.Load(RepoPaths.Combine("samples", sample)));
            var lb = model.LoadBalancers!.Single();
            return CauseEvaluator.Evaluate(model, lb, new DiagnosisOptions
            {
                StatusCodes = codes.Select(c => new StatusCodeFilter(c)).ToList(),
                TargetKeepAliveSeconds = keepAlive,
                Reachability = withNetwork ? TargetPathAnalyzer.Analyze(model, lb) : null,
                NaclEphemeral = withNetwork ? NaclEphemeralAnalyzer.Analyze(model, lb) : null,
            });
        }

        private static ErrorCause Find(IReadOnlyList<ErrorCause> causes, string id) => causes.Single(c => c.Id == id);

        private static JsonElement Scenario(string sample) =>
            JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("samples", sample))).RootElement.GetProperty("_scenario");

        private static readonly CauseVerdict[] Findings = { CauseVerdict.Confirmed, CauseVerdict.Likely, CauseVerdict.Possible };

        /// <summary>The findings for each scenario's codes name every resource the scenario requires.</summary>
        [Theory]
        [InlineData("502-target-sg.json", null)]
        [InlineData("504-nacl-deny-vpc.json", null)]
        [InlineData("504-nacl-ephemeral.json", null)]
        [InlineData("ip-peering-blackhole.json", null)]
        [InlineData("503-empty-target-group.json", null)]
        [InlineData("503-fixed-weighted.json", null)]
        [InlineData("502-health-checks.json", null)]
        [InlineData("464-grpc.json", null)]
        [InlineData("502-keepalive-draining.json", 5)]
        [InlineData("403-waf.json", null)]
        [InlineData("oidc-idp-unreachable.json", null)]
        public void Findings_name_what_the_scenario_requires(string sample, int? keepAlive)
        {
            var scenario = Scenario(sample);
            var codes = scenario.GetProperty("StatusCodes").EnumerateArray().Select(c => c.GetInt32()).ToArray();
            var causes = Evaluate(sample, keepAlive, codes);
            Assert.Contains(causes, c => c.VerdictKind is CauseVerdict.Confirmed or CauseVerdict.Likely);
            var evidence = string.Join("\n", causes.Where(c => Findings.Contains(c.VerdictKind)).SelectMany(c => c.Evidence));
            foreach (var name in scenario.GetProperty("EvidenceMustName").EnumerateArray().Select(e => e.GetString()!))
                Assert.True(evidence.Contains(name, System.StringComparison.Ordinal), sample + ": no finding names " + name);
        }

        [Theory]
        [InlineData("healthy.json")]
        [InlineData("lambda-target.json")]
        [InlineData("unknown-missing-sections.json")]
        public void Samples_with_nothing_broken_have_no_Confirmed_or_Likely_finding(string sample)
        {
            var strong = Evaluate(sample).Where(c => c.VerdictKind is CauseVerdict.Confirmed or CauseVerdict.Likely).Select(c => c.Id + ": " + string.Join(" ", c.Evidence)).ToList();
            Assert.True(strong.Count == 0, string.Join("\n", strong));
        }

        [Fact]
        public void Healthy_sample_rules_out_the_WAF_and_the_registration_causes()
        {
            var causes = Evaluate("healthy.json");
            foreach (var id in new[] { "403.WafWebAclBlocked", "503.NoRegisteredTargets", "503.AllTargetsUnused", "503.NoTargetInService", "464.Http1ToGrpcTargetGroup", "000.ClientPathBlocked", "000.LoadBalancerNotActive" })
                Assert.Equal(CauseVerdict.RuledOut, Find(causes, id).VerdictKind);
        }

        [Fact]
        public void Empty_target_group_sample_confirms_each_503_cause_on_its_rule()
        {
            var causes = Evaluate("503-empty-target-group.json", null, 503);
            Assert.Equal(CauseVerdict.Confirmed, Find(causes, "503.NoRegisteredTargets").VerdictKind);
            Assert.Contains("listener HTTPS:443 default action", Find(causes, "503.NoRegisteredTargets").Evidence[0]);
            Assert.Contains("catalog-web", Find(causes, "503.NoRegisteredTargets").Evidence[0]);
            Assert.Contains("rule priority 5", Find(causes, "503.AllTargetsUnused").Evidence[0]);
            Assert.Contains("eu-west-1c", Find(causes, "503.TargetsInDisabledAvailabilityZone").Evidence[0]);
            Assert.Contains("instance state stopped", Find(causes, "503.TargetsStoppedOrTerminated").Evidence[0]);
            Assert.Equal(CauseVerdict.RuledOut, Find(causes, "503.FixedResponse").VerdictKind);
            Assert.Equal(CauseVerdict.RuledOut, Find(causes, "503.TargetIpUnusable").VerdictKind);
        }

        [Fact]
        public void Grpc_sample_confirms_the_port_80_paths_and_keeps_443_possible()
        {
            var causes = Evaluate("464-grpc.json", null, 464);
            var grpc = Find(causes, "464.Http1ToGrpcTargetGroup");
            Assert.Equal(CauseVerdict.Confirmed, grpc.VerdictKind);
            Assert.Contains("listener HTTP:80 default action -> orders-grpc (ProtocolVersion GRPC", grpc.Evidence[0]);
            Assert.Contains(grpc.Evidence, e => e.Contains("HTTPS:443") && e.Contains("HTTP/1.1 clients"));
            Assert.Contains("rule priority 20", Find(causes, "464.Http1ToHttp2TargetGroup").Evidence[0]);
            Assert.Contains(Find(causes, "464.GrpcToHttp1TargetGroup").Evidence, e => e.Contains("rule priority 30 (path-pattern /status) -> orders-status (ProtocolVersion HTTP1"));
        }

        [Fact]
        public void Keepalive_sample_is_Possible_without_the_targets_keepalive_and_Likely_with_it()
        {
            var without = Find(Evaluate("502-keepalive-draining.json", null, 502), "502.TargetClosedKeepAliveConnection");
            Assert.Equal(CauseVerdict.Possible, without.VerdictKind);
            Assert.Contains("idle_timeout.timeout_seconds = 120", without.Evidence[0]);
            Assert.Contains("Node.js 5 s", without.Evidence[1]);
            Assert.Equal(CauseVerdict.Likely, Find(Evaluate("502-keepalive-draining.json", 5, 502), "502.TargetClosedKeepAliveConnection").VerdictKind);
            Assert.Equal(CauseVerdict.RuledOut, Find(Evaluate("502-keepalive-draining.json", 150, 502), "502.TargetClosedKeepAliveConnection").VerdictKind);
            var draining = Find(Evaluate("502-keepalive-draining.json", null, 502), "502.DeregistrationDelayElapsed");
            Assert.Equal(CauseVerdict.Likely, draining.VerdictKind);
        }

        [Fact]
        public void Missing_sections_are_Unknown_and_named()
        {
            var causes = Evaluate("unknown-missing-sections.json");
            Assert.Equal(CauseVerdict.Unknown, Find(causes, "504.NaclEphemeralPortsBlocked").VerdictKind);
            Assert.Contains("DescribeNetworkAcls", Find(causes, "504.NaclEphemeralPortsBlocked").Evidence[0]);
            Assert.Equal(CauseVerdict.Unknown, Find(causes, "403.WafWebAclBlocked").VerdictKind);
            Assert.Contains("GetWebACLForResource", Find(causes, "403.WafWebAclBlocked").Evidence[0]);
        }

        [Fact]
        public void Target_security_group_sample_points_at_the_timing_out_targets_without_reachability()
        {
            var timeout = Find(Evaluate("502-target-sg.json", false, null, 504), "504.TargetConnectionTimeout");
            Assert.Equal(CauseVerdict.Likely, timeout.VerdictKind);
            Assert.Contains(timeout.Evidence, e => e.Contains("i-59ef3c97d749e0168:8080 unhealthy (Target.Timeout"));
        }

        [Fact]
        public void Lambda_sample_keeps_connection_causes_NotApplicable_and_names_the_function()
        {
            var causes = Evaluate("lambda-target.json", null, 502);
            Assert.Equal(CauseVerdict.NotApplicable, Find(causes, "502.TargetConnectionReset").VerdictKind);
            var invalid = Find(causes, "502.LambdaInvalidResponse");
            Assert.Equal(CauseVerdict.Possible, invalid.VerdictKind);
            Assert.Contains("function:thumbnail-render", invalid.Evidence[0]);
            Assert.Contains("lambda.multi_value_headers.enabled = false", invalid.Evidence[0]);
        }
        /// <summary>The network findings name the rule that blocks; the verdicts themselves are the verdict matrix's (Verdicts/VerdictMatrixTests).</summary>
        [Theory]
        [InlineData("502-target-sg.json", "504.TargetConnectionTimeout", "sg-ea9741ea0429eeac2")]
        [InlineData("504-nacl-deny-vpc.json", "504.NaclEphemeralPortsBlocked", "acl-47d11dfab20ea7705")]
        [InlineData("504-nacl-ephemeral.json", "504.NaclEphemeralPortsBlocked", "acl-37c7801f39a360bf0")]
        [InlineData("ip-peering-blackhole.json", "504.TargetConnectionTimeout", "rtb-caa06d6f1d78622df")]
        public void Network_findings_name_what_blocks(string sample, string id, string blocker)
        {
            var cause = Find(Evaluate(sample), id);
            Assert.True(cause.VerdictKind is CauseVerdict.Confirmed or CauseVerdict.Likely, cause.Verdict);
            Assert.Contains(cause.Evidence, e => e.Contains(blocker, System.StringComparison.Ordinal));
        }

        /// <summary>
        /// Open paths rule the network out of a connect timeout, but a target too busy to accept is past
        /// traffic no snapshot rules out: Possible, saying so; a silent drop never sends the ICMP of 502.
        /// </summary>
        [Theory]
        [InlineData("healthy.json")]
        [InlineData("503-empty-target-group.json")]
        public void Open_paths_leave_connection_causes_to_traffic(string sample)
        {
            var causes = Evaluate(sample);
            Assert.Equal(CauseVerdict.RuledOut, Find(causes, "504.NaclEphemeralPortsBlocked").VerdictKind);
            var timeout = Find(causes, "504.TargetConnectionTimeout");
            Assert.Equal(CauseVerdict.Possible, timeout.VerdictKind);
            Assert.Contains("no security group, network ACL or route blocks", timeout.Evidence[0]);
            Assert.Equal(CauseVerdict.Possible, Find(causes, "502.TargetHostUnreachable").VerdictKind);
        }
    }
}
