using System;
using System.Linq;
using AlbTroubleshoot.Network;
using Xunit;

namespace AlbTroubleshoot.Tests.Verdicts
{
    /// <summary>
    /// Each engine vocabulary names exactly the contract's values (docs/public-surface.md §4-§6), turns
    /// each into its text and back, and rejects text the contract does not name.
    /// </summary>
    public class VocabularyTests
    {
        private enum Gapped { First = 1, Second }

        private static void NamesExactly<T>(params string[] contract) where T : struct, Enum
        {
            Assert.Equal(contract.OrderBy(n => n, StringComparer.Ordinal), Vocabulary<T>.All.OrderBy(n => n, StringComparer.Ordinal));
            foreach (var text in contract)
            {
                var value = Vocabulary<T>.Parse(text, "value");
                Assert.Equal(text, Vocabulary<T>.Names[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)]);
            }
            foreach (var bad in new[] { contract[0].ToLowerInvariant(), contract[0] + " ", "", "Nonsense" })
            {
                Assert.False(Vocabulary<T>.TryParse(bad, out _), bad);
                var error = Assert.Throws<FormatException>(() => Vocabulary<T>.Parse(bad, "thing"));
                Assert.StartsWith("'" + bad + "' is not a thing: expected one of ", error.Message, StringComparison.Ordinal);
                Assert.Contains(contract[0], error.Message, StringComparison.Ordinal);
            }
            Assert.False(Vocabulary<T>.TryParse(null, out _));
        }

        [Fact]
        public void Cause_verdicts_are_the_contracts_and_declared_most_severe_first()
        {
            NamesExactly<CauseVerdict>("NotEvaluated", "Confirmed", "Likely", "Possible", "RuledOut", "Unknown", "NotApplicable");
            // Rank is the declaration order, so reordering the enum reorders every diagnosis: keep it deliberate.
            Assert.Equal(new[] { "Confirmed", "Likely", "Unknown", "Possible", "RuledOut", "NotApplicable", "NotEvaluated" }, Vocabulary<CauseVerdict>.All);
            Assert.Equal("Likely", CauseVerdict.Likely.Text());
        }

        [Fact]
        public void Cause_sides_are_the_contracts()
        {
            NamesExactly<CauseSide>("Client", "LoadBalancer", "Network", "Target", "Lambda", "Waf", "Authentication");
            Assert.Equal("Waf", CauseSide.Waf.Text());
        }

        [Fact]
        public void Diagnosis_statuses_are_the_contracts()
        {
            NamesExactly<DiagnosisStatus>("Healthy", "Problems", "Unknown");
            Assert.Equal("Problems", DiagnosisStatus.Problems.Text());
        }

        [Fact]
        public void Nacl_range_verdicts_are_the_contracts_and_text_is_checked()
        {
            NamesExactly<NaclRangeVerdict>("Allowed", "Blocked", "PartiallyBlocked", "Unknown");
            // A result built from text (the public constructor) takes only those.
            var built = new NaclEphemeralResult("acl-1", "subnet-1", "TargetSubnet", "Inbound", "10.0.0.0/16", "1024-65535", "PartiallyBlocked", null, null, "x");
            Assert.Equal(NaclRangeVerdict.PartiallyBlocked, built.VerdictKind);
            Assert.Equal("PartiallyBlocked", built.Verdict);
            var error = Assert.Throws<FormatException>(() => new NaclEphemeralResult("acl-1", "subnet-1", "TargetSubnet", "Inbound", "10.0.0.0/16", "1024-65535", "Denied", null, null, "x"));
            Assert.Contains("'Denied' is not a NACL range verdict", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Probe_verdicts_are_the_contracts_and_text_is_checked()
        {
            NamesExactly<ProbeVerdict>("Pass", "Fail", "Warning", "Unknown", "Skipped");
            // A row built from text (the public constructor) takes only those.
            var built = new EndpointProbeResult("i-1", "10.0.1.10", 8080, "KeepAlive", "Warning", string.Empty, string.Empty, "x", null);
            Assert.Equal((ProbeVerdict.Warning, "Warning"), (built.VerdictKind, built.Verdict));
            var error = Assert.Throws<FormatException>(() => new EndpointProbeResult("i-1", "10.0.1.10", 8080, "KeepAlive", "Passed", string.Empty, string.Empty, "x", null));
            Assert.Contains("'Passed' is not a probe verdict", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Probe_checks_are_the_contracts_in_the_order_rows_are_written()
        {
            NamesExactly<ProbeCheck>("Connect", "Tls", "HealthCheck", "ResponseFormat", "KeepAlive", "ProtocolVersion");
            // A target's rows come in declaration order (EndpointProber): keep it deliberate.
            Assert.Equal(new[] { "Connect", "Tls", "HealthCheck", "ResponseFormat", "KeepAlive", "ProtocolVersion" }, Vocabulary<ProbeCheck>.All);
            var built = new EndpointProbeResult("i-1", "10.0.1.10", 8080, "Tls", "Pass", string.Empty, string.Empty, "x", null);
            Assert.Equal((ProbeCheck.Tls, "Tls"), (built.CheckKind, built.Check));
            var error = Assert.Throws<FormatException>(() => new EndpointProbeResult("i-1", "10.0.1.10", 8080, "TLS", "Pass", string.Empty, string.Empty, "x", null));
            Assert.Contains("'TLS' is not a probe check", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Security_group_and_nacl_entry_verdicts_are_two_sets()
        {
            NamesExactly<SecurityGroupVerdict>("Allowed", "Denied", "Unknown");
            NamesExactly<NaclEntryVerdict>("Allow", "Deny");
            // A NACL entry's word is not a security group's: the text of one set does not parse as the other.
            Assert.False(Vocabulary<SecurityGroupVerdict>.TryParse("Allow", out _));
            Assert.False(Vocabulary<NaclEntryVerdict>.TryParse("Allowed", out _));
        }

        [Fact]
        public void Nacl_roles_are_the_contracts_and_text_is_checked()
        {
            NamesExactly<NaclRole>("LoadBalancerSubnet", "TargetSubnet", "Standalone");
            var built = new NaclEphemeralResult("acl-1", "subnet-1", "Standalone", "Inbound", "10.0.0.0/16", "1024-65535", "Allowed", null, null, "x");
            Assert.Equal((NaclRole.Standalone, "Standalone"), (built.RoleKind, built.Role));
            var error = Assert.Throws<FormatException>(() => new NaclEphemeralResult("acl-1", "subnet-1", "TargetSubnets", "Inbound", "10.0.0.0/16", "1024-65535", "Allowed", null, null, "x"));
            Assert.Contains("'TargetSubnets' is not a NACL role", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Route_verdicts_round_trip()
        {
            NamesExactly<RouteVerdict>("Routed", "Blackhole", "NoRoute", "Inactive", "Unknown");
        }

        [Fact]
        public void Nacl_directions_are_the_contracts_and_text_is_checked()
        {
            NamesExactly<TrafficDirection>("Inbound", "Outbound");
            var built = new NaclEphemeralResult("acl-1", "subnet-1", "TargetSubnet", "Outbound", "10.0.0.0/16", "1024-65535", "Allowed", null, null, "x");
            Assert.Equal((TrafficDirection.Outbound, "Outbound"), (built.DirectionKind, built.Direction));
            // A row that could not be evaluated has no direction.
            var unknown = new NaclEphemeralResult(string.Empty, "subnet-1", "TargetSubnet", string.Empty, string.Empty, "1024-65535", "Unknown", null, null, "x");
            Assert.Equal(((TrafficDirection?)null, string.Empty), (unknown.DirectionKind, unknown.Direction));
            var error = Assert.Throws<FormatException>(() => new NaclEphemeralResult("acl-1", "subnet-1", "TargetSubnet", "inbound", "10.0.0.0/16", "1024-65535", "Allowed", null, null, "x"));
            Assert.Contains("'inbound' is not a traffic direction", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Route_target_kinds_and_web_ACL_rule_origins_round_trip()
        {
            NamesExactly<RouteTargetKind>("Local", "InternetGateway", "EgressOnlyInternetGateway", "NatGateway", "VpcPeeringConnection", "TransitGateway",
                "VirtualPrivateGateway", "NetworkInterface", "Instance", "VpcEndpoint", "CarrierGateway", "LocalGateway", "CoreNetwork", "Other");
            // Declared in the order WAF evaluates them.
            Assert.Equal(new[] { "FirewallManagerFirst", "WebAcl", "FirewallManagerLast" }, Vocabulary<Model.WebAclRuleOrigin>.All);
        }

        [Fact]
        public void Reachability_vocabularies_are_the_contracts()
        {
            NamesExactly<ReachabilityVerdict>("Reachable", "Blocked", "PartiallyBlocked", "Unknown", "NotApplicable");
            NamesExactly<ReachabilityPurpose>("Traffic", "HealthCheck");
        }

        [Fact]
        public void A_vocabulary_must_number_its_members_from_zero()
        {
            var error = Assert.Throws<TypeInitializationException>(() => Vocabulary<Gapped>.All);
            Assert.IsType<InvalidOperationException>(error.InnerException);
        }
    }
}
