using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Catalog
{
    /// <summary>
    /// The one source of truth for what can cause each status code on an Application Load Balancer,
    /// and how each cause is decided. The causes live by family in Causes.*.cs, each beside its
    /// evaluation; docs/error-codes.md is generated from them.
    /// </summary>
    internal static class CauseCatalog
    {
        private static readonly Lazy<IReadOnlyList<CauseDefinition>> entries =
            new Lazy<IReadOnlyList<CauseDefinition>>(() => Validate(Order(CreateEntries())));

        /// <summary>Every entry, in catalog order: by code (a class's whole-class entries after its codes), then family, then as AWS lists them.</summary>
        public static IReadOnlyList<CauseDefinition> All => entries.Value;

        /// <summary>The codes the load balancer generates itself (plus 0 for HTTP/2 "000"), ascending.</summary>
        public static IReadOnlyList<int> LoadBalancerCodes =>
            All.Where(e => !e.AppliesToWholeClass).Select(e => e.StatusCode).Distinct().OrderBy(c => c).ToArray();

        /// <summary>The entry with this Id, or null.</summary>
        public static CauseDefinition? FindById(string id) =>
            All.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The causes of one code: the load balancer's own causes of it, then the whole-class entries
        /// of its class that it has no entry of the same name for (403 has 403.FixedResponse, so
        /// 4XX.FixedResponse does not stand for it). Empty for a code outside 000 and 400-599.
        /// </summary>
        public static IEnumerable<CauseDefinition> ForCode(int statusCode)
        {
            var own = All.Where(e => !e.AppliesToWholeClass && e.StatusCode == statusCode).ToList();
            var ownNames = new HashSet<string>(own.Select(NameOf), StringComparer.Ordinal);
            return own.Concat(All.Where(e => e.AppliesToWholeClass && IsSameClass(e.StatusCode, statusCode) && !ownNames.Contains(NameOf(e))));
        }

        /// <summary>Every cause of a class (4 for 4XX, 5 for 5XX), the class's whole-class entries last.</summary>
        public static IEnumerable<CauseDefinition> ForClass(int hundreds) =>
            All.Where(e => e.StatusCode / 100 == hundreds && !e.AppliesToWholeClass)
               .Concat(All.Where(e => e.AppliesToWholeClass && e.StatusCode / 100 == hundreds));

        /// <summary>The message for codes the catalog has nothing to say about, listing the codes it knows.</summary>
        public static string UnknownCodeMessage(IEnumerable<int> codes)
        {
            var known = string.Join(", ", LoadBalancerCodes.Select(c => c.ToString("000", System.Globalization.CultureInfo.InvariantCulture)));
            return Localization.ErrorMessages.UnknownStatusCode.Format(string.Join(", ", codes), known);
        }

        /// <summary>True when the catalog has something to say about this code.</summary>
        public static bool IsKnownCode(int statusCode) => ForCode(statusCode).Any();

        /// <summary>"FixedResponse" for "403.FixedResponse" and "4XX.FixedResponse".</summary>
        private static string NameOf(CauseDefinition e) => e.Id.Substring(e.Id.IndexOf('.') + 1);

        private static bool IsSameClass(int classCode, int statusCode) =>
            statusCode >= 400 && statusCode <= 599 && statusCode / 100 == classCode / 100;

        /// <summary>The families, in the order their causes are listed within one code.</summary>
        private static IEnumerable<IEnumerable<CauseDefinition>> CreateEntries() => new[]
        {
            ClientCauses.Causes(),
            AuthenticationCauses.Causes(),
            WafCauses.Causes(),
            RuleActionCauses.Causes(),
            ProtocolCauses.Causes(),
            TargetAvailabilityCauses.Causes(),
            ConnectionCauses.Causes(),
            TargetResponseCauses.Causes(),
            LambdaCauses.Causes(),
        };

        private static IReadOnlyList<CauseDefinition> Order(IEnumerable<IEnumerable<CauseDefinition>> families) =>
            families.SelectMany((family, f) => family.Select((cause, i) => (cause, f, i)))
                .OrderBy(x => x.cause.StatusCode / 100)
                .ThenBy(x => x.cause.AppliesToWholeClass ? 1 : 0)
                .ThenBy(x => x.cause.StatusCode)
                .ThenBy(x => x.f)
                .ThenBy(x => x.i)
                .Select(x => x.cause)
                .ToList();

        private static IReadOnlyList<CauseDefinition> Validate(IReadOnlyList<CauseDefinition> list)
        {
            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in list)
            {
                if (!ids.Add(e.Id)) throw new InvalidOperationException($"Duplicate cause Id '{e.Id}' in the catalog.");
                if (!e.Reference.StartsWith("https://", StringComparison.Ordinal)) throw new InvalidOperationException($"Cause '{e.Id}' has no reference URL.");
                if (e.DecidedBy == 0 || (e.DecidedBy.HasFlag(DecidedBy.Manual) && e.DecidedBy != DecidedBy.Manual))
                    throw new InvalidOperationException($"Cause '{e.Id}' must say what decides it: Manual alone, or the evidence that can.");
                var prefix = e.AppliesToWholeClass ? e.StatusCode / 100 + "XX." : e.StatusCode.ToString("000", System.Globalization.CultureInfo.InvariantCulture) + ".";
                if (!e.Id.StartsWith(prefix, StringComparison.Ordinal)) throw new InvalidOperationException($"Cause '{e.Id}' must start with '{prefix}'.");
            }
            return list;
        }
    }
}
