using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace AlbTroubleshoot.Localization
{
    /// <summary>
    /// The module's text in the operator's UI culture (CultureInfo.CurrentUICulture, as PowerShell
    /// picks help). English is the source and lives where the text is used: the causes in
    /// Catalog/Causes.*.cs, the error messages in <see cref="ErrorMessages"/>. A translation is a table
    /// embedded in this assembly (Localization/&lt;culture&gt;.txt), keyed by cause Id
    /// ("502.TargetSecurityGroup.Title") or message key ("SnapshotFileNotFound.NoMatch"); any other
    /// culture, and a key the table lacks, gets the English. An embedded table rather than .resx
    /// satellite assemblies: nothing to copy beside each build (and its precompiled copies), and the
    /// English stays in the code instead of a second copy in a neutral .resx.
    /// </summary>
    internal static class Translations
    {
        /// <summary>The cultures a table exists for.</summary>
        public static IReadOnlyList<string> Cultures { get; } = new[] { "ja-JP" };

        private static readonly Dictionary<string, Lazy<IReadOnlyDictionary<string, string>>> tables = CreateTables();

        /// <summary>The translation of <paramref name="key"/> for the current UI culture, or <paramref name="english"/>.</summary>
        public static string Text(string key, string english) => Text(key, english, CultureInfo.CurrentUICulture);

        /// <summary>The translation of <paramref name="key"/> for <paramref name="culture"/>, or <paramref name="english"/>.</summary>
        public static string Text(string key, string english, CultureInfo culture)
        {
            var table = TableFor(culture);
            return table is not null && table.TryGetValue(key, out var text) ? text : english;
        }

        /// <summary>
        /// Every translatable text in English, by key: each cause's Title and Remediation
        /// ("&lt;Id&gt;.Title", "&lt;Id&gt;.Remediation") and each of <see cref="ErrorMessages"/>. A table
        /// must hold exactly these keys (a test checks it).
        /// </summary>
        public static IReadOnlyDictionary<string, string> English()
        {
            var english = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var cause in Catalog.CauseCatalog.All)
            {
                english.Add(cause.Id + ".Title", cause.Title);
                english.Add(cause.Id + ".Remediation", cause.Remediation);
            }
            foreach (var message in ErrorMessages.All) english.Add(message.Key, message.English);
            return english;
        }

        /// <summary>The table of one of <see cref="Cultures"/> ("ja-JP"): key → text.</summary>
        public static IReadOnlyDictionary<string, string> Table(string culture) =>
            tables.TryGetValue(culture, out var table) ? table.Value : throw new ArgumentException("No translation table for '" + culture + "'.", nameof(culture));

        /// <summary>The table for a UI culture: its own, or its language's ("ja" and "ja-JP" both read ja-JP); null for English and the rest.</summary>
        private static IReadOnlyDictionary<string, string>? TableFor(CultureInfo culture)
        {
            for (var c = culture; !string.IsNullOrEmpty(c.Name); c = c.Parent)
            {
                foreach (var name in Cultures)
                {
                    if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase) ||
                        string.Equals(c.Name, name.Substring(0, name.IndexOf('-')), StringComparison.OrdinalIgnoreCase))
                        return tables[name].Value;
                }
            }
            return null;
        }

        private static Dictionary<string, Lazy<IReadOnlyDictionary<string, string>>> CreateTables()
        {
            var result = new Dictionary<string, Lazy<IReadOnlyDictionary<string, string>>>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in Cultures)
            {
                var culture = name;
                result[culture] = new Lazy<IReadOnlyDictionary<string, string>>(() => Load(culture));
            }
            return result;
        }

        private static IReadOnlyDictionary<string, string> Load(string culture)
        {
            var resource = "AlbTroubleshoot.Localization." + culture + ".txt";
            using var stream = typeof(Translations).Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException("The assembly lacks the embedded resource " + resource + ".");
            using var reader = new StreamReader(stream, new UTF8Encoding(false, true));
            return Parse(reader.ReadToEnd(), resource);
        }

        /// <summary>
        /// One entry a line, "key = text"; blank lines and lines starting with # are skipped. A line
        /// without " = ", an empty key or text, or a key given twice is an error naming the line, so a
        /// broken table fails the tests rather than falling back to English unnoticed.
        /// </summary>
        internal static IReadOnlyDictionary<string, string> Parse(string text, string source)
        {
            var table = new Dictionary<string, string>(StringComparer.Ordinal);
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].TrimEnd('\r');
                if (line.Trim().Length == 0 || line.TrimStart().StartsWith("#", StringComparison.Ordinal)) continue;
                var at = line.IndexOf(" = ", StringComparison.Ordinal);
                var key = at > 0 ? line.Substring(0, at).Trim() : string.Empty;
                var value = at > 0 ? line.Substring(at + 3).Trim() : string.Empty;
                if (key.Length == 0 || value.Length == 0)
                    throw new FormatException(source + " line " + (i + 1).ToString(CultureInfo.InvariantCulture) + ": expected 'key = text'.");
                if (table.ContainsKey(key))
                    throw new FormatException(source + " line " + (i + 1).ToString(CultureInfo.InvariantCulture) + ": '" + key + "' is given twice.");
                table[key] = value;
            }
            return table;
        }
    }
}
