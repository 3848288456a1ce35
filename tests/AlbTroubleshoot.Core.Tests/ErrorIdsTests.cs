using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    /// <summary>
    /// The error IDs are public contract: one table in the engine (<see cref="ErrorIds"/>), every ID
    /// of it documented in docs/error-ids.md and nothing else there, and no ID spelled as a string
    /// anywhere else in the shipped source (a site that spells one drifts from the table unseen).
    /// </summary>
    public class ErrorIdsTests
    {
        private static readonly Dictionary<string, string> Table = typeof(ErrorIds)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!, StringComparer.Ordinal);

        [Fact]
        public void Each_id_is_its_own_name_and_unique()
        {
            Assert.True(Table.Count > 50, "the table holds " + Table.Count + " IDs");
            Assert.All(Table, kv => Assert.Equal(kv.Key, kv.Value));
            Assert.Equal(Table.Count, Table.Values.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }

        [Fact]
        public void The_page_lists_exactly_the_table()
        {
            var page = File.ReadAllText(RepoPaths.Combine("docs", "error-ids.md"));
            var listed = Regex.Matches(page, @"^\| `([A-Za-z0-9]+)` \|", RegexOptions.Multiline).Cast<Match>().Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(listed.Count, listed.Distinct(StringComparer.Ordinal).Count());
            Assert.Empty(Table.Values.Except(listed, StringComparer.Ordinal));
            Assert.Empty(listed.Except(Table.Values, StringComparer.Ordinal));
        }

        [Fact]
        public void No_id_is_spelled_outside_the_table()
        {
            var table = Path.GetFullPath(RepoPaths.Combine("src", "AlbTroubleshoot.Core", "Output", "ErrorIds.cs"));
            Assert.True(File.Exists(table), table);
            // A message key of the translations may be an ID (new("LoadBalancerNotSpecified", …)): it names the message, not the error.
            var literal = new Regex("(?<!new\\()\"(" + string.Join("|", Table.Values) + ")\"", RegexOptions.CultureInvariant);
            // AWS's own error codes that happen to read like one of ours: not an error ID of the module.
            var awsCodes = new HashSet<string>(StringComparer.Ordinal) { "SnapshotCollector.cs: \"LoadBalancerNotFound\"" };
            var found = new List<string>();
            foreach (var file in Directory.EnumerateFiles(RepoPaths.Combine("src"), "*.cs", SearchOption.AllDirectories))
            {
                if (string.Equals(Path.GetFullPath(file), table, StringComparison.Ordinal)) continue;
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                    foreach (Match m in literal.Matches(lines[i]))
                        if (!awsCodes.Contains(Path.GetFileName(file) + ": " + m.Value))
                            found.Add(file.Substring(RepoPaths.Root.Length) + ":" + (i + 1) + ": " + m.Value);
            }
            Assert.Empty(found);
        }
    }
}
