using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AlbTroubleshoot.Catalog;

namespace AlbTroubleshoot
{
    /// <summary>Tab completion for -StatusCode: the classes, then every code the catalog knows.</summary>
    public sealed class StatusCodeCompleter : IArgumentCompleter
    {
        private static readonly string[] Classes = { "4XX", "5XX" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var candidates = Classes
                .Concat(CauseCatalog.LoadBalancerCodes.Select(c => c.ToString("000", CultureInfo.InvariantCulture)));
            foreach (var value in candidates)
            {
                if (value.StartsWith(wordToComplete ?? string.Empty, System.StringComparison.OrdinalIgnoreCase))
                    yield return new CompletionResult(value, value, CompletionResultType.ParameterValue, value);
            }
        }
    }
}
