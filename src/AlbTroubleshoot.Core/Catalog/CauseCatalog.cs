using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Catalog
{
    /// <summary>
    /// The one source of truth for what can cause each status code on an Application Load Balancer.
    /// The entries live in CauseCatalog.Entries.cs; docs/error-codes.md is generated from them.
    /// </summary>
    public static partial class CauseCatalog
    {
        private static readonly Lazy<IReadOnlyList<CauseDefinition>> entries =
            new Lazy<IReadOnlyList<CauseDefinition>>(() => Validate(CreateEntries()));

        /// <summary>Every entry, in catalog order (by code, then as AWS lists them).</summary>
        public static IReadOnlyList<CauseDefinition> All => entries.Value;

        /// <summary>The codes the load balancer generates itself (plus 0 for HTTP/2 "000"), ascending.</summary>
        public static IReadOnlyList<int> LoadBalancerCodes =>
            All.Where(e => !e.AppliesToWholeClass).Select(e => e.StatusCode).Distinct().OrderBy(c => c).ToArray();

        /// <summary>The entry with this Id, or null.</summary>
        public static CauseDefinition? FindById(string id) =>
            All.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The causes of one code: the load balancer's own causes of it, then the "target returned it"
        /// entry of its class. Empty for a code no ALB or target can return (outside 000 and 400-599).
        /// </summary>
        public static IEnumerable<CauseDefinition> ForCode(int statusCode)
        {
            foreach (var e in All)
            {
                if (e.AppliesToWholeClass ? IsSameClass(e.StatusCode, statusCode) : e.StatusCode == statusCode)
                    yield return e;
            }
        }

        /// <summary>Every cause of a class (4 for 4XX, 5 for 5XX), the class's "target returned it" entry last.</summary>
        public static IEnumerable<CauseDefinition> ForClass(int hundreds) =>
            All.Where(e => e.StatusCode / 100 == hundreds && !e.AppliesToWholeClass)
               .Concat(All.Where(e => e.AppliesToWholeClass && e.StatusCode / 100 == hundreds));

        /// <summary>The message for codes the catalog has nothing to say about, listing the codes it knows.</summary>
        public static string UnknownCodeMessage(IEnumerable<int> codes)
        {
            var known = string.Join(", ", LoadBalancerCodes.Select(c => c.ToString("000", System.Globalization.CultureInfo.InvariantCulture)));
            return $"Status code {string.Join(", ", codes)} is not one an Application Load Balancer or its targets return as an error. " +
                   $"The load balancer itself generates {known}; any other 4XX or 5XX code comes from the target.";
        }

        /// <summary>True when the catalog has something to say about this code.</summary>
        public static bool IsKnownCode(int statusCode) => ForCode(statusCode).Any();

        private static bool IsSameClass(int classCode, int statusCode) =>
            statusCode >= 400 && statusCode <= 599 && statusCode / 100 == classCode / 100;

        private static IReadOnlyList<CauseDefinition> Validate(IReadOnlyList<CauseDefinition> list)
        {
            var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in list)
            {
                if (!ids.Add(e.Id)) throw new InvalidOperationException($"Duplicate cause Id '{e.Id}' in the catalog.");
                if (Array.IndexOf(CauseSide.All, e.Side) < 0) throw new InvalidOperationException($"Cause '{e.Id}' has an unknown Side '{e.Side}'.");
                if (!e.Reference.StartsWith("https://", StringComparison.Ordinal)) throw new InvalidOperationException($"Cause '{e.Id}' has no reference URL.");
            }
            return list;
        }
    }
}
