using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Model
{
    /// <summary>
    /// The target groups a command is about, among those each load balancer forwards to
    /// (<see cref="EnvironmentModel.TargetGroupsOf"/>): all of them, or those the user named by ARN
    /// (and, where the command takes names, by name). Remembers which named ones matched, so the
    /// command can say which did not.
    /// </summary>
    internal sealed class TargetGroupSelection
    {
        private readonly IReadOnlyList<string>? wanted;
        private readonly bool byName;
        private readonly HashSet<string> matched = new HashSet<string>(StringComparer.Ordinal);

        /// <param name="wanted">The ARNs (or names) asked for; null: every group.</param>
        /// <param name="byName">True when a value may also be a group's name.</param>
        public TargetGroupSelection(IEnumerable<string>? wanted, bool byName)
        {
            this.wanted = wanted?.Distinct(StringComparer.Ordinal).ToList();
            this.byName = byName;
        }

        /// <summary>True when the user named no group.</summary>
        public bool All => wanted is null;

        /// <summary>The selected target groups of one load balancer, in the model's order.</summary>
        public IReadOnlyList<TargetGroup> Of(EnvironmentModel model, LoadBalancer loadBalancer)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            var groups = model.TargetGroupsOf(loadBalancer);
            if (wanted is null) return groups;
            var selected = new List<TargetGroup>();
            foreach (var group in groups)
            {
                var hits = wanted.Where(w => Matches(group, w)).ToList();
                if (hits.Count == 0) continue;
                selected.Add(group);
                matched.UnionWith(hits);
            }
            return selected;
        }

        /// <summary>The values asked for that no load balancer's target group matched so far.</summary>
        public IEnumerable<string> Unmatched => (wanted ?? (IReadOnlyList<string>)Array.Empty<string>()).Where(w => !matched.Contains(w));

        private bool Matches(TargetGroup group, string value) =>
            string.Equals(value, group.Arn, StringComparison.Ordinal) || (byName && string.Equals(value, group.Name, StringComparison.Ordinal));
    }
}
