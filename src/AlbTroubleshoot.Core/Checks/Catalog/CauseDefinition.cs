using System;
using AlbTroubleshoot.Diagnostics;

namespace AlbTroubleshoot.Catalog
{
    /// <summary>
    /// One cause of the catalog: what AWS documents, how to check and fix it, and how the module
    /// decides it. The evaluation sits beside the text in the same family file
    /// (Catalog/Causes.*.cs), so a cause and its decision are read and changed together.
    /// </summary>
    internal sealed class CauseDefinition
    {
        internal CauseDefinition(int statusCode, string id, string title, CauseSide side, string description,
            string check, string remediation, string reference, DecidedBy decidedBy, Func<CheckContext, CheckResult> evaluate,
            bool appliesToWholeClass = false)
        {
            StatusCode = statusCode;
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Title = title ?? throw new ArgumentNullException(nameof(title));
            Side = side;
            Description = description ?? throw new ArgumentNullException(nameof(description));
            Check = check ?? throw new ArgumentNullException(nameof(check));
            Remediation = remediation ?? throw new ArgumentNullException(nameof(remediation));
            Reference = reference ?? throw new ArgumentNullException(nameof(reference));
            DecidedBy = decidedBy;
            Evaluate = evaluate ?? throw new ArgumentNullException(nameof(evaluate));
            AppliesToWholeClass = appliesToWholeClass;
        }

        /// <summary>The code this cause produces (0 for the HTTP/2 "000" case).</summary>
        public int StatusCode { get; }

        /// <summary>
        /// True for the entries that stand for every code of their class (StatusCode 400 for 4XX, 500
        /// for 5XX) that has no entry of its own kind: responses targets generate, fixed responses and
        /// AWS WAF custom responses with any code.
        /// </summary>
        public bool AppliesToWholeClass { get; }
        public string Id { get; }
        public string Title { get; }
        public CauseSide Side { get; }
        public string Description { get; }
        public string Check { get; }
        public string Remediation { get; }
        public string Reference { get; }

        /// <summary>The cmdlet that decides this cause automatically, or empty (derived from <see cref="DecidedBy"/>).</summary>
        public string CheckedBy => DecidedByText.CheckedBy(DecidedBy);

        internal DecidedBy DecidedBy { get; }

        /// <summary>The cause's evaluation against one load balancer.</summary>
        internal Func<CheckContext, CheckResult> Evaluate { get; }

        public override string ToString() => Id;
    }
}
