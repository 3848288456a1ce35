using System.Collections.Generic;

namespace AlbTroubleshoot.Catalog
{
    public static partial class CauseCatalog
    {
        private const string Troubleshooting = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html";

        private static IReadOnlyList<CauseDefinition> CreateEntries() => new[]
        {
            new CauseDefinition(502, "502.TargetConnectionReset",
                title: "The target reset the connection while the load balancer was connecting",
                side: CauseSide.Target,
                description: "The load balancer received a TCP RST from the target while establishing a connection.",
                check: "…",
                remediation: "…",
                reference: Troubleshooting),
            new CauseDefinition(500, "5XX.TargetGenerated",
                title: "The target returned this 5XX response itself",
                side: CauseSide.Target,
                description: "…",
                check: "…",
                remediation: "…",
                reference: Troubleshooting,
                appliesToWholeClass: true),
        };
    }
}
