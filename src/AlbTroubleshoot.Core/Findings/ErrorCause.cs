using System;
using AlbTroubleshoot.Catalog;
using AlbTroubleshoot.Localization;

namespace AlbTroubleshoot
{
    /// <summary>Where a cause sits on the request path (docs/public-surface.md §4 <c>Side</c>).</summary>
    internal enum CauseSide
    {
        Client,
        LoadBalancer,
        Network,
        Target,
        Lambda,
        Waf,
        Authentication,
    }

    /// <summary>
    /// How sure an evaluation is that a cause holds (docs/public-surface.md §4 <c>Verdict</c>), declared
    /// most severe first: the order findings are listed in (<see cref="Diagnostics.CheckResult.Rank"/>).
    /// Unknown comes before Possible: an Unknown cause needs a person to get the missing data, while a
    /// Possible one is only as likely as the traffic makes it.
    /// </summary>
    internal enum CauseVerdict
    {
        Confirmed,
        Likely,
        Unknown,
        Possible,
        RuledOut,
        NotApplicable,

        /// <summary>Catalog text only, not evaluated against a load balancer (Get-AlbErrorCause without -AccessLogPath).</summary>
        NotEvaluated,
    }

    /// <summary>
    /// One documented cause of one status code, as written to the pipeline by Get-AlbErrorCause:
    /// the catalog text plus, when evaluated against a load balancer, a verdict and its evidence.
    /// Strings rather than enums so that ConvertTo-Json writes names on every PowerShell version.
    /// <para>
    /// The evaluation (StatusCode, Id, Verdict, Evidence, LoadBalancerName) is public CLR state; the
    /// catalog's text (Title, Side, Description, Check, Remediation, Reference, CheckedBy) is the same
    /// for every load balancer, is internal here, and reaches PowerShell through the module's types
    /// file (AlbTroubleshoot.Types.ps1xml), which lists all twelve properties in the order of
    /// docs/public-surface.md. Why: ConvertTo-Json reads a nested object's public CLR properties only,
    /// so a Diagnosis serializes as findings with Id, Verdict and Evidence instead of 87 copies of the
    /// catalog (about 110 KB per load balancer), while `$cause.Remediation`, the views, Select-Object,
    /// Export-Csv and a piped cause's own ConvertTo-Json still show every property.
    /// </para>
    /// </summary>
    public sealed class ErrorCause
    {
        internal ErrorCause(CauseDefinition definition, int statusCode, CauseVerdict verdict, string[]? evidence, string? loadBalancerName)
        {
            if (definition is null) throw new ArgumentNullException(nameof(definition));
            StatusCode = statusCode;
            Id = definition.Id;
            // In the UI culture's language where a translation exists (Localization/Translations.cs); Id, Verdict and Evidence never are.
            Title = Translations.Text(definition.Id + ".Title", definition.Title);
            Side = definition.Side.Text();
            Description = definition.Description;
            Check = definition.Check;
            Remediation = Translations.Text(definition.Id + ".Remediation", definition.Remediation);
            Reference = definition.Reference;
            CheckedBy = definition.CheckedBy;
            VerdictKind = verdict;
            Verdict = verdict.Text();
            Evidence = evidence ?? Array.Empty<string>();
            LoadBalancerName = loadBalancerName ?? string.Empty;
        }

        public int StatusCode { get; }
        public string Id { get; }
        internal string Title { get; }
        internal string Side { get; }
        internal string Description { get; }
        internal string Check { get; }
        internal string Remediation { get; }
        internal string Reference { get; }
        internal string CheckedBy { get; }
        public string Verdict { get; }
        internal CauseVerdict VerdictKind { get; }
        public string[] Evidence { get; }
        public string LoadBalancerName { get; }

        public override string ToString() => $"{StatusCode:000} {Id}";
    }
}
