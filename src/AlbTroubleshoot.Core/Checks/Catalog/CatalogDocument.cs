using System.Globalization;
using System.Linq;
using System.Text;

namespace AlbTroubleshoot.Catalog
{
    /// <summary>Renders the catalog as docs/error-codes.md (build.ps1 -Task Docs writes it; a test keeps it current).</summary>
    public static class CatalogDocument
    {
        public static string RenderMarkdown()
        {
            var sb = new StringBuilder();
            sb.Append("# Error codes and their causes\n\n");
            sb.Append("<!-- Generated from src/AlbTroubleshoot.Core/Checks/Catalog/Causes.*.cs by `./build.ps1 -Task Docs`. Do not edit by hand. -->\n\n");
            sb.Append("Every HTTP status code an Application Load Balancer generates itself, each cause AWS documents for it, ");
            sb.Append("and the entries for responses the targets generate. `Get-AlbErrorCause -StatusCode <code>` returns the same entries; ");
            sb.Append("the `Id` of each cause is stable and is what access-log classification (`Cause`) and diagnoses refer to. ");
            sb.Append("**Checked by** says what decides a cause automatically: the load balancer's configuration, the paths to its targets, ");
            sb.Append("the network ACLs' ephemeral ranges, its access logs (`Invoke-AlbDiagnosis` and `Get-AlbErrorCause` with `-AccessLogPath`); ");
            sb.Append("a manual check is the catalog's Check text, done by a person.\n\n");

            var groups = CauseCatalog.All.GroupBy(e => e.AppliesToWholeClass ? e.StatusCode / 100 + "XX" : Code(e.StatusCode)).ToList();
            sb.Append("| Code | Causes |\n|---|---|\n");
            foreach (var g in groups)
                sb.Append("| [").Append(g.Key).Append("](#code-").Append(g.Key.ToLowerInvariant()).Append(") | ")
                  .Append(string.Join(", ", g.Select(e => "`" + e.Id + "`"))).Append(" |\n");

            foreach (var g in groups)
            {
                sb.Append("\n## Code ").Append(g.Key).Append('\n');
                foreach (var e in g)
                {
                    sb.Append("\n### `").Append(e.Id).Append("`: ").Append(e.Title).Append("\n\n");
                    sb.Append("- **Side:** ").Append(e.Side.Text()).Append('\n');
                    sb.Append("- **Checked by:** ").Append(DecidedByText.Describe(e.DecidedBy)).Append('\n');
                    sb.Append("- **Reference:** <").Append(e.Reference).Append(">\n\n");
                    sb.Append(e.Description).Append("\n\n");
                    sb.Append("**Check.** ").Append(e.Check).Append("\n\n");
                    sb.Append("**Remediation.** ").Append(e.Remediation).Append('\n');
                }
            }
            return sb.ToString();
        }

        private static string Code(int code) => code.ToString("000", CultureInfo.InvariantCulture);
    }
}
