using System;
using System.Linq;
using AlbTroubleshoot.Catalog;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests.Reporting
{
    public class DiagnosisTests
    {
        internal static ErrorCause Finding(string id, CauseVerdict verdict, params string[] evidence)
        {
            var definition = CauseCatalog.FindById(id) ?? throw new ArgumentException("No cause " + id, nameof(id));
            return new ErrorCause(definition, definition.StatusCode, verdict, evidence, "web");
        }

        /// <summary>A reachability verdict from its contract text, as the tests write it.</summary>
        internal static ReachabilityVerdict Verdict(string text) =>
#if NET
            Enum.Parse<ReachabilityVerdict>(text);
#else
            (ReachabilityVerdict)Enum.Parse(typeof(ReachabilityVerdict), text);
#endif

        internal static ReachabilityResult Path(string verdict, params string[] blockedBy) =>
            new ReachabilityResult("web", "web-tg", "i-0abc", "10.0.1.5", 8080, ReachabilityPurpose.Traffic, Verdict(verdict), blockedBy, null, "explained", new[] { 502, 504 });

        internal static NaclEphemeralResult Nacl(string verdict) =>
            new NaclEphemeralResult("acl-1", "subnet-1", "LoadBalancerSubnet", "Inbound", "10.0.0.0/16", "1024-65535", verdict,
                verdict == "Allowed" ? null : new[] { "1024-32767" }, new[] { 120, 32767 }, "explained");

        private static AlbSnapshot SnapshotWithout(params string[] missing)
        {
            var all = SnapshotOperations.All.Where(o => !missing.Contains(o)).Select(o => "\"" + o + "\":{}");
            return new AlbSnapshot(SnapshotDocument.Parse("{\"AlbSnapshotVersion\":1," + string.Join(",", all) + "}", "s.json"), "s.json");
        }

        [Theory]
        [InlineData("Confirmed")]
        [InlineData("Likely")]
        public void A_confirmed_or_likely_finding_makes_problems(string verdict)
        {
            var d = new Diagnosis("web", "arn", new[] { Finding("503.NoRegisteredTargets", Vocabulary<CauseVerdict>.Parse(verdict, "cause verdict"), "tg has no targets") }, null, null);
            Assert.Equal(DiagnosisStatus.Problems, d.StatusKind);
            Assert.Contains("503.NoRegisteredTargets (" + verdict + ")", d.StatusReason, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("Blocked")]
        [InlineData("PartiallyBlocked")]
        public void A_blocked_path_makes_problems_even_without_findings(string verdict)
        {
            var d = new Diagnosis("web", "arn", null, new[] { Path("Reachable"), Path(verdict, "sg-123") }, null);
            Assert.Equal(DiagnosisStatus.Problems, d.StatusKind);
            Assert.Contains("sg-123", d.StatusReason, StringComparison.Ordinal);
            Assert.Equal("no open findings; 1 of 2 paths blocked", d.Summary);
        }

        [Fact]
        public void A_blocked_ephemeral_range_makes_problems()
        {
            var d = new Diagnosis("web", "arn", null, null, new[] { Nacl("Blocked") });
            Assert.Equal(DiagnosisStatus.Problems, d.StatusKind);
            Assert.Contains("acl-1", d.StatusReason, StringComparison.Ordinal);
            // Part of a range (a deny list of client addresses, say) counts through its finding, not by itself.
            Assert.NotEqual(DiagnosisStatus.Problems, new Diagnosis("web", "arn", null, null, new[] { Nacl("PartiallyBlocked") }).StatusKind);
        }

        [Fact]
        public void Possible_and_ruled_out_findings_with_every_section_are_healthy()
        {
            var findings = new[]
            {
                Finding("504.TargetResponseTimeout", CauseVerdict.Possible),
                Finding("502.TargetClosedKeepAliveConnection", CauseVerdict.Possible),
                Finding("503.NoRegisteredTargets", CauseVerdict.RuledOut),
            };
            var d = new Diagnosis("web", "arn", findings, new[] { Path("Reachable") }, new[] { Nacl("Allowed") }, null, SnapshotWithout());
            Assert.Equal(DiagnosisStatus.Healthy, d.StatusKind);
            Assert.Equal("2 Possible; 0 of 1 path blocked", d.Summary);
        }

        /// <summary>A runbook must never read "healthy" from a diagnosis that could not see (one check, one path or one range is enough).</summary>
        [Fact]
        public void Anything_not_seen_makes_it_Unknown_never_Healthy()
        {
            var possible = new[] { Finding("504.TargetResponseTimeout", CauseVerdict.Possible) };
            var blindCheck = new Diagnosis("web", "arn", possible.Concat(new[] { Finding("503.NoRegisteredTargets", CauseVerdict.Unknown) }), new[] { Path("Reachable") }, null, null, SnapshotWithout());
            Assert.Equal(DiagnosisStatus.Unknown, blindCheck.StatusKind);
            Assert.Contains("503.NoRegisteredTargets", blindCheck.StatusReason, StringComparison.Ordinal);
            var blindPath = new Diagnosis("web", "arn", possible, new[] { Path("Reachable"), Path("Unknown") }, null, null, SnapshotWithout());
            Assert.Equal(DiagnosisStatus.Unknown, blindPath.StatusKind);
            Assert.Contains("1 path to the targets could not be evaluated", blindPath.StatusReason, StringComparison.Ordinal);
            var blindAcl = new Diagnosis("web", "arn", possible, null, new[] { Nacl("Unknown") }, null, SnapshotWithout());
            Assert.Equal(DiagnosisStatus.Unknown, blindAcl.StatusKind);
        }

        [Fact]
        public void A_missing_section_without_problems_is_unknown_and_named()
        {
            var d = new Diagnosis("web", "arn", new[] { Finding("403.WafWebAclBlocked", CauseVerdict.Unknown) }, null, null, null,
                SnapshotWithout(SnapshotOperations.DescribeNetworkAcls));
            Assert.Equal(DiagnosisStatus.Unknown, d.StatusKind);
            Assert.Contains(SnapshotOperations.DescribeNetworkAcls, d.StatusReason, StringComparison.Ordinal);
            Assert.Equal(new[] { SnapshotOperations.DescribeNetworkAcls }, d.MissingSections);
        }

        [Fact]
        public void A_missing_section_does_not_hide_a_confirmed_problem()
        {
            var d = new Diagnosis("web", "arn", new[] { Finding("503.NoRegisteredTargets", CauseVerdict.Confirmed) }, null, null, null,
                SnapshotWithout(SnapshotOperations.DescribeNetworkAcls));
            Assert.Equal(DiagnosisStatus.Problems, d.StatusKind);
        }

        [Fact]
        public void Findings_are_ordered_most_severe_first_keeping_the_engine_order_within_a_verdict()
        {
            var findings = new[]
            {
                Finding("502.TargetConnectionReset", CauseVerdict.RuledOut),
                Finding("504.TargetResponseTimeout", CauseVerdict.Possible),
                Finding("502.TargetHostUnreachable", CauseVerdict.NotApplicable),
                Finding("503.AllTargetsUnused", CauseVerdict.Confirmed),
                Finding("502.TargetClosedKeepAliveConnection", CauseVerdict.Unknown),
                Finding("503.NoRegisteredTargets", CauseVerdict.Confirmed),
                Finding("504.NaclEphemeralPortsBlocked", CauseVerdict.Likely),
            };
            var d = new Diagnosis("web", "arn", findings, null, null);
            Assert.Equal(
                new[] { "503.AllTargetsUnused", "503.NoRegisteredTargets", "504.NaclEphemeralPortsBlocked", "502.TargetClosedKeepAliveConnection",
                        "504.TargetResponseTimeout", "502.TargetConnectionReset", "502.TargetHostUnreachable" },
                d.Findings.Select(f => f.Id));
            Assert.Equal(5, d.RelevantFindings().Length);
            Assert.Equal(new[] { "RuledOut", "NotApplicable" }, d.SetAsideFindings().Select(f => f.Verdict));
            Assert.Equal("2 Confirmed, 1 Likely, 1 Unknown, 1 Possible", d.Summary);
        }

        [Fact]
        public void Lists_are_never_null_and_the_focus_codes_are_sorted_once()
        {
            var d = new Diagnosis("web", "arn", null, null, null, new[] { 504, 502, 504 });
            Assert.Empty(d.Findings);
            Assert.Empty(d.Reachability);
            Assert.Empty(d.NaclEphemeral);
            Assert.Empty(d.Errors);
            Assert.Empty(d.MissingSections);
            Assert.Equal(new[] { 502, 504 }, d.StatusCodes);
            Assert.Equal(DiagnosisStatus.Healthy, d.StatusKind);
        }
    }
}
