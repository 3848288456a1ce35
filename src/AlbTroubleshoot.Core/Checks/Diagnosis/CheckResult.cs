using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Diagnostics
{
    /// <summary>What one check concluded about one cause: a verdict and the evidence for it.</summary>
    internal sealed class CheckResult
    {
        public CheckResult(CauseVerdict verdict, IEnumerable<string> evidence)
        {
            Verdict = verdict;
            Evidence = evidence.Where(e => !string.IsNullOrEmpty(e)).ToArray();
        }

        public CauseVerdict Verdict { get; }
        public string[] Evidence { get; }

        public static CheckResult Of(CauseVerdict verdict, params string[] evidence) => new CheckResult(verdict, evidence);

        /// <summary>0 for the most severe: the order findings are listed in, which is <see cref="CauseVerdict"/>'s declaration order.</summary>
        public static int Rank(CauseVerdict verdict) => (int)verdict;

        /// <summary>The more severe of two verdicts.</summary>
        public static CauseVerdict Worst(CauseVerdict a, CauseVerdict b) => Rank(a) <= Rank(b) ? a : b;
    }

    /// <summary>
    /// Collects per-resource findings of one check (one per path, target group or action) and folds
    /// them into one result: the most severe verdict, its evidence first.
    /// </summary>
    internal sealed class Findings
    {
        private readonly List<KeyValuePair<CauseVerdict, string>> _items = new List<KeyValuePair<CauseVerdict, string>>();

        public void Add(CauseVerdict verdict, string evidence) => _items.Add(new KeyValuePair<CauseVerdict, string>(verdict, evidence));

        public bool Any => _items.Count > 0;

        public CauseVerdict Verdict => _items.Count == 0 ? CauseVerdict.RuledOut : _items.Select(i => i.Key).Aggregate(CheckResult.Worst);

        public CheckResult ToResult(params string[] trailer) =>
            new CheckResult(Verdict, _items.OrderBy(i => CheckResult.Rank(i.Key)).Select(i => i.Value).Concat(trailer));
    }
}
