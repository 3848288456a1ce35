using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Authentication;

namespace AlbTroubleshoot.Probe
{
    /// <summary>
    /// The TLS settings the ALB uses towards HTTPS targets. The user cannot choose them: they follow
    /// the HTTPS listeners' policies. "For backend connections, if any of your HTTPS listeners are
    /// using a TLS 1.3 security policy, the ELBSecurityPolicy-TLS13-1-0-2021-06 security policy is
    /// used. Otherwise, the ELBSecurityPolicy-2016-08 security policy is used"; a FIPS listener policy
    /// makes it ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04
    /// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html).
    /// The ALB does not validate the target's certificate: self-signed and expired ones work
    /// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html#target-group-routing-configuration).
    /// </summary>
    internal sealed class BackendTlsPolicy
    {
        /// <summary>SslProtocols.Tls13 (12288): not a named value in netstandard2.0.</summary>
        internal const SslProtocols Tls13 = (SslProtocols)12288;

        /// <summary>TLS 1.0, 1.1 and 1.2 (192 | 768 | 3072): what the ALB offers targets, by number because .NET 7+ marks the first two obsolete.</summary>
        private const SslProtocols Tls10To12 = (SslProtocols)(192 | 768 | 3072);

        public static readonly BackendTlsPolicy Default = new BackendTlsPolicy("ELBSecurityPolicy-2016-08", "TLS 1.0-1.2", Tls10To12);

        public static readonly BackendTlsPolicy Tls13Policy = new BackendTlsPolicy("ELBSecurityPolicy-TLS13-1-0-2021-06", "TLS 1.0-1.3", Tls10To12 | Tls13);

        public static readonly BackendTlsPolicy FipsPolicy = new BackendTlsPolicy("ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04", "TLS 1.0-1.3", Tls10To12 | Tls13);

        /// <summary>The policies a user can name with -BackendTlsPolicy.</summary>
        public static IReadOnlyList<BackendTlsPolicy> All { get; } = new[] { Default, Tls13Policy, FipsPolicy };

        private BackendTlsPolicy(string name, string protocolsText, SslProtocols protocols)
        {
            Name = name;
            ProtocolsText = protocolsText;
            Protocols = protocols;
        }

        public string Name { get; }

        /// <summary>"TLS 1.0-1.2".</summary>
        public string ProtocolsText { get; }

        internal SslProtocols Protocols { get; }

        public bool OffersTls13 => (Protocols & Tls13) != 0;

        public static BackendTlsPolicy? Find(string? name) =>
            All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>The back-end policy for a load balancer whose HTTPS listeners use these policies.</summary>
        public static BackendTlsPolicy ForListenerPolicies(IEnumerable<string?> listenerPolicies)
        {
            var names = (listenerPolicies ?? Enumerable.Empty<string?>()).Where(n => !string.IsNullOrEmpty(n)).Select(n => n!).ToList();
            if (names.Any(n => n.IndexOf("FIPS", StringComparison.OrdinalIgnoreCase) >= 0)) return FipsPolicy;
            if (names.Any(n => n.IndexOf("TLS13", StringComparison.OrdinalIgnoreCase) >= 0)) return Tls13Policy;
            return Default;
        }

        public override string ToString() => Name;
    }
}
