using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Diagnostics
{
    /// <summary>What one check concluded about one cause: a verdict and the evidence for it.</summary>
    internal sealed class CheckResult
    {
        public CheckResult(string verdict, IEnumerable<string> evidence)
        {
            Verdict = verdict;
            Evidence = evidence.Where(e => !string.IsNullOrEmpty(e)).ToArray();
        }

        public string Verdict { get; }
        public string[] Evidence { get; }

        public static CheckResult Of(string verdict, params string[] evidence) => new CheckResult(verdict, evidence);

        /// <summary>
        /// Most severe first: the order findings are listed in, and the one place it is kept. Unknown
        /// comes before Possible: an Unknown cause needs a person to get the missing data, while a
        /// Possible one is only as likely as the traffic makes it.
        /// </summary>
        private static readonly string[] SeverityOrder =
        {
            CauseVerdict.Confirmed, CauseVerdict.Likely, CauseVerdict.Unknown, CauseVerdict.Possible,
            CauseVerdict.RuledOut, CauseVerdict.NotApplicable, CauseVerdict.NotEvaluated,
        };

        public static int Rank(string verdict)
        {
            var i = Array.IndexOf(SeverityOrder, verdict);
            return i < 0 ? SeverityOrder.Length : i;
        }

        /// <summary>The more severe of two verdicts.</summary>
        public static string Worst(string a, string b) => Rank(a) <= Rank(b) ? a : b;
    }

    /// <summary>
    /// Collects per-resource findings of one check (one per path, target group or action) and folds
    /// them into one result: the most severe verdict, its evidence first.
    /// </summary>
    internal sealed class Findings
    {
        private readonly List<KeyValuePair<string, string>> _items = new List<KeyValuePair<string, string>>();

        public void Add(string verdict, string evidence) => _items.Add(new KeyValuePair<string, string>(verdict, evidence));

        public bool Any => _items.Count > 0;

        public string Verdict => _items.Count == 0 ? CauseVerdict.RuledOut : _items.Select(i => i.Key).Aggregate(CheckResult.Worst);

        public CheckResult ToResult(params string[] trailer) =>
            new CheckResult(Verdict, _items.OrderBy(i => CheckResult.Rank(i.Key)).Select(i => i.Value).Concat(trailer));
    }
}
