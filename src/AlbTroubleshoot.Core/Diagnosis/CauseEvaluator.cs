using System;
using System.Collections.Generic;
using System.Linq;
using AlbTroubleshoot.Catalog;
using AlbTroubleshoot.Model;

namespace AlbTroubleshoot.Diagnostics
{
    /// <summary>
    /// Evaluates the catalog's causes against one load balancer: each cause is decided by its check
    /// in <see cref="Checks"/> (keyed by cause Id); a cause without one is Possible, with the
    /// catalog's manual check as evidence.
    /// </summary>
    public static class CauseEvaluator
    {
        /// <summary>
        /// One evaluated <see cref="ErrorCause"/> per catalog cause of the requested codes (every
        /// cause when <see cref="DiagnosisOptions.StatusCodes"/> is empty), most severe first
        /// (Confirmed, Likely, Possible, Unknown, RuledOut, NotApplicable), catalog order within a verdict.
        /// </summary>
        public static IReadOnlyList<ErrorCause> Evaluate(EnvironmentModel model, LoadBalancer loadBalancer, DiagnosisOptions options)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            if (loadBalancer is null) throw new ArgumentNullException(nameof(loadBalancer));
            if (options is null) throw new ArgumentNullException(nameof(options));

            var results = new List<ErrorCause>();
            foreach (var (cause, code) in Select(options.StatusCodes))
            {
                var result = Evaluate(new CheckContext(model, loadBalancer, options, cause));
                results.Add(new ErrorCause(cause, code, result.Verdict, result.Evidence, loadBalancer.Name));
            }
            // OrderBy is stable: catalog order is kept within a verdict.
            return results.OrderBy(r => CheckResult.Rank(r.Verdict)).ToList();
        }

        /// <summary>True when a check in the registry decides this cause (its catalog CheckedBy is Get-AlbErrorCause).</summary>
        public static bool HasCheck(string causeId) => Checks.Registry.ContainsKey(causeId);

        /// <summary>The cause Ids a check decides, for documentation and tests.</summary>
        public static IReadOnlyCollection<string> CheckedCauseIds => Checks.Registry.Keys.ToList();

        private static CheckResult Evaluate(CheckContext context)
        {
            if (!string.Equals(context.LoadBalancer.Type ?? "application", "application", StringComparison.OrdinalIgnoreCase))
                return CheckResult.Of(CauseVerdict.NotApplicable,
                    context.LoadBalancer.Name + " is a " + context.LoadBalancer.Type + " load balancer; these causes are about Application Load Balancers.");
            if (Checks.Registry.TryGetValue(context.Cause.Id, out var check)) return check(context);
            return CheckResult.Of(CauseVerdict.Possible,
                "No automated check: the configuration cannot show this cause; it needs traffic evidence (access logs, metrics or a test from the VPC).",
                context.ToCheck);
        }

        /// <summary>The causes of the requested codes with the code each is reported under (the first code asked that has it), each cause once.</summary>
        private static IEnumerable<(CauseDefinition Cause, int Code)> Select(IReadOnlyList<StatusCodeFilter> filters)
        {
            if (filters is null || filters.Count == 0) return CauseCatalog.All.Select(c => (c, c.StatusCode));
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var list = new List<(CauseDefinition, int)>();
            foreach (var f in filters)
            {
                var causes = f.Class.HasValue
                    ? CauseCatalog.ForClass(f.Class.Value).Select(c => (c, c.StatusCode))
                    : CauseCatalog.ForCode(f.Code!.Value).Select(c => (c, f.Code!.Value));
                foreach (var (c, code) in causes)
                    if (seen.Add(c.Id)) list.Add((c, code));
            }
            return list;
        }
    }
}
