using System;
using System.Management.Automation;

namespace AlbTroubleshoot
{
    /// <summary>
    /// The getters AlbTroubleshoot.Types.ps1xml gives AlbTroubleshoot.ErrorCause as CodeProperties: all
    /// twelve public properties, so PowerShell lists them in the documented order (the types file
    /// comes before a type's own properties), including the catalog text the CLR type keeps internal
    /// (see <see cref="ErrorCause"/>: it keeps a Diagnosis's JSON compact).
    /// </summary>
    public static class ErrorCauseProperties
    {
        public static int StatusCode(PSObject instance) => Of(instance).StatusCode;
        public static string Id(PSObject instance) => Of(instance).Id;
        public static string Title(PSObject instance) => Of(instance).Title;
        public static string Side(PSObject instance) => Of(instance).Side;
        public static string Description(PSObject instance) => Of(instance).Description;
        public static string Check(PSObject instance) => Of(instance).Check;
        public static string Remediation(PSObject instance) => Of(instance).Remediation;
        public static string Reference(PSObject instance) => Of(instance).Reference;
        public static string CheckedBy(PSObject instance) => Of(instance).CheckedBy;
        public static string Verdict(PSObject instance) => Of(instance).Verdict;

        /// <summary>
        /// Still a string[] to every script (`-is [string[]]`, indexing, -join, the pipeline), wrapped so
        /// that what calls ToString() on it (Export-Csv, ConvertTo-Csv, "$($_.Evidence)") gets the
        /// lines joined by $OFS (a space) rather than "System.String[]".
        /// </summary>
        public static PSObject Evidence(PSObject instance) => new PSObject(Of(instance).Evidence);

        public static string LoadBalancerName(PSObject instance) => Of(instance).LoadBalancerName;

        private static ErrorCause Of(PSObject instance) =>
            instance?.BaseObject as ErrorCause ?? throw new ArgumentException("Not an AlbTroubleshoot.ErrorCause.", nameof(instance));
    }
}
