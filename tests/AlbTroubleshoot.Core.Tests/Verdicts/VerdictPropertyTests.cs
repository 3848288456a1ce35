using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using CsCheck;
using Xunit;

namespace AlbTroubleshoot.Tests.Verdicts
{
    /// <summary>
    /// Random security-group, network-ACL and route edits of the healthy sample (the planted network
    /// faults, plus random NACL entries and target security-group rules), each diagnosed in full, against
    /// rules no verdict may break whatever the environment:
    /// <list type="bullet">
    /// <item>a verdict never contradicts the path results it cites (Confirmed needs a path or range
    /// blocked from everywhere, Likely a blocked or partly blocked one; open paths decide nothing);</item>
    /// <item>a silent drop is never Confirmed under 502, so one blocked path is never Confirmed under two codes;</item>
    /// <item>Healthy never comes with an Unknown path or an Unknown finding, and Problems always has a reason.</item>
    /// </list>
    /// </summary>
    public class VerdictPropertyTests
    {
        private static readonly string[] Cidrs = { "0.0.0.0/0", "10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24", "10.0.10.0/24", "10.0.11.0/23", "192.0.2.0/24" };

        private static readonly Gen<string> NaclEntry =
            Gen.Select(Gen.Int[1, 200], Gen.Bool, Gen.Bool, Gen.Int[0, Cidrs.Length - 1], Gen.Int[0, 3], Gen.Int[0, 64000])
                .Select(x =>
                {
                    var (number, egress, deny, cidr, kind, from) = x;
                    var ports = kind switch
                    {
                        0 => "\"From\":8080,\"To\":8081",
                        1 => "\"From\":1024,\"To\":65535",
                        2 => "\"From\":" + (1024 + from % 60000) + ",\"To\":65535",
                        _ => "\"From\":443,\"To\":443",
                    };
                    return "{\"RuleNumber\":" + number + ",\"Egress\":" + (egress ? "true" : "false") + ",\"Protocol\":\"6\",\"RuleAction\":\"" + (deny ? "deny" : "allow") +
                           "\",\"CidrBlock\":\"" + Cidrs[cidr] + "\",\"PortRange\":{" + ports + "}}";
                });

        private static readonly Gen<string> AppIngressRule =
            Gen.Select(Gen.Int[0, Cidrs.Length - 1], Gen.Int[8079, 8082], Gen.Int[0, 2])
                .Select(x => "{\"IpProtocol\":\"tcp\",\"FromPort\":" + x.Item2 + ",\"ToPort\":" + (x.Item2 + x.Item3) + ",\"IpRanges\":[{\"CidrIp\":\"" + Cidrs[x.Item1] + "\"}]}");

        private sealed record Edits(bool[] Planted, string[] AlbAcl, string[] AppAcl, string[]? AppIngress)
        {
            public override string ToString() =>
                string.Join("; ", PlantedFaults.Network.Where((f, i) => Planted[i]).Select(f => f.Name)) +
                " | alb acl " + string.Join(",", AlbAcl) + " | app acl " + string.Join(",", AppAcl) + " | app ingress " + (AppIngress is null ? "as is" : string.Join(",", AppIngress));
        }

        /// <summary>Each planted network fault with probability 1/4, up to three random entries on each ACL, and the target group's rules replaced one time in three.</summary>
        private static readonly Gen<Edits> Environments =
            Gen.Select(Gen.Int[0, 3].Array[PlantedFaults.Network.Length], NaclEntry.Array[0, 3], NaclEntry.Array[0, 3], AppIngressRule.Array[0, 2], Gen.Int[0, 2])
                .Select(x => new Edits(x.Item1.Select(n => n == 0).ToArray(), x.Item2, x.Item3, x.Item5 == 0 ? x.Item4 : null));

        private static Diagnosis DiagnoseEdited(Edits e)
        {
            var root = PlantedFaults.Healthy();
            for (var i = 0; i < PlantedFaults.Network.Length; i++)
                if (e.Planted[i]) PlantedFaults.Network[i].Plant(root);
            foreach (var entry in e.AlbAcl) PlantedFaults.AddEntry(root, PlantedFaults.AlbAcl, entry);
            foreach (var entry in e.AppAcl) PlantedFaults.AddEntry(root, PlantedFaults.AppAcl, entry);
            if (e.AppIngress is not null)
                PlantedFaults.Group(root, PlantedFaults.AppGroup)["IpPermissions"] = new JsonArray(e.AppIngress.Select(r => (JsonNode)PlantedFaults.Json(r)).ToArray());
            return VerdictMatrixTests.Diagnose(PlantedFaults.Snapshot(root));
        }

        private static CauseVerdict Verdict(Diagnosis d, string id) => d.Findings.Single(f => f.Id == id).VerdictKind;

        /// <summary>Each environment is diagnosed once and held to every rule (a diagnosis is the slow part).</summary>
        [Fact]
        public void Verdicts_never_say_more_than_their_evidence()
        {
            Environments.Sample(e =>
            {
                var d = DiagnoseEdited(e);
                var traffic = d.Reachability.Where(r => r.Purpose == nameof(ReachabilityPurpose.Traffic)).ToList();

                var timeout = Verdict(d, "504.TargetConnectionTimeout");
                if (timeout == CauseVerdict.Confirmed) Assert.Contains(traffic, r => r.Verdict == nameof(ReachabilityVerdict.Blocked));
                if (timeout == CauseVerdict.Likely) Assert.Contains(traffic, r => Diagnosis.IsBlocking(r.Verdict));
                if (traffic.All(r => r.Verdict == nameof(ReachabilityVerdict.Reachable))) Assert.Equal(CauseVerdict.Possible, timeout);

                var ephemeral = Verdict(d, "504.NaclEphemeralPortsBlocked");
                var toTargets = d.NaclEphemeral.Where(n => n.RoleKind == NaclRole.TargetSubnet || (n.Direction == "Inbound" && n.PortRange == "1024-65535")).ToList();
                if (ephemeral == CauseVerdict.Confirmed) Assert.Contains(toTargets, n => n.Verdict == "Blocked");
                if (ephemeral == CauseVerdict.Likely) Assert.Contains(toTargets, n => n.Verdict == "PartiallyBlocked");
                if (toTargets.All(n => n.Verdict == "Allowed")) Assert.Equal(CauseVerdict.RuledOut, ephemeral);

                // Only the network changed: nothing answers with RST or ICMP, so no 502 is Confirmed or Likely.
                Assert.DoesNotContain(d.Findings, f => f.StatusCode == 502 && f.VerdictKind is CauseVerdict.Confirmed or CauseVerdict.Likely);
                // One fault, one code: every Confirmed finding here is a 504 or a client-path 000, never two codes for one cause.
                Assert.All(d.Findings.Where(f => f.VerdictKind == CauseVerdict.Confirmed), f => Assert.Contains(f.Id, new[] { "504.TargetConnectionTimeout", "504.NaclEphemeralPortsBlocked", "000.ClientPathBlocked" }));

                // Healthy only with everything seen; Problems exactly when something decisive was found.
                if (d.StatusKind == DiagnosisStatus.Healthy)
                {
                    Assert.DoesNotContain(d.Reachability, r => r.Verdict == nameof(ReachabilityVerdict.Unknown));
                    Assert.DoesNotContain(d.NaclEphemeral, n => n.Verdict == "Unknown");
                    Assert.DoesNotContain(d.Findings, f => f.VerdictKind is CauseVerdict.Unknown or CauseVerdict.Confirmed or CauseVerdict.Likely);
                    Assert.DoesNotContain(d.Reachability, r => Diagnosis.IsBlocking(r.Verdict));
                }
                var decisive = d.Findings.Any(f => f.VerdictKind is CauseVerdict.Confirmed or CauseVerdict.Likely) || d.Reachability.Any(r => Diagnosis.IsBlocking(r.Verdict));
                Assert.Equal(decisive || d.NaclEphemeral.Any(n => n.Verdict == "Blocked"), d.StatusKind == DiagnosisStatus.Problems);
                Assert.False(string.IsNullOrEmpty(d.StatusReason));
            }, iter: 80, threads: 1, print: e => e.ToString());
        }
    }
}
