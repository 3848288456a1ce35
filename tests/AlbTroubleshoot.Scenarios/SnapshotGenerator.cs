using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Scenarios
{
    /// <summary>
    /// Writes a large snapshot file for the memory benchmark and tests: the resources of a sample
    /// snapshot copied over and over, every hexadecimal ID of 8 or more digits and every host address
    /// changed per copy, so that IDs and addresses stay unique and references consistent, as in one big
    /// account. Written indented, as Export-AlbSnapshot writes files. Scenario tooling, not shipped: from
    /// PowerShell, load it with Import-Scenarios.ps1 and call [AlbTroubleshoot.Scenarios.SnapshotGenerator]::WriteLarge(...).
    /// </summary>
    public static class SnapshotGenerator
    {
        private static readonly Regex HexId = new Regex("[0-9a-f]{8,}", RegexOptions.CultureInvariant);

        // Host addresses, not CIDR blocks (those stay as they are, so every copy still maps).
        private static readonly Regex Address = new Regex(@"\b(\d{1,3})\.\d{1,3}\.\d{1,3}\.(\d{1,3})\b(?![/\d.])", RegexOptions.CultureInvariant);

        /// <summary>Writes about <paramref name="targetBytes"/> bytes to <paramref name="outputPath"/>; returns how many copies of the sample it holds.</summary>
        public static int WriteLarge(string samplePath, string outputPath, long targetBytes)
        {
            if (samplePath is null) throw new ArgumentNullException(nameof(samplePath));
            if (outputPath is null) throw new ArgumentNullException(nameof(outputPath));
            JsonObject sample;
            using (var file = File.OpenRead(samplePath))
                sample = (JsonObject)JsonValue.Parse(file, samplePath);
            // Each section's items (list sections) or entries (per-resource sections), as indented text at their place in the file.
            var sections = new List<KeyValuePair<string, string[]>>();
            long perCopy = 0;
            foreach (var operation in SnapshotOperations.All)
            {
                if (sample[operation] is not JsonObject section) continue;
                var list = SnapshotOperations.ListProperty(operation);
                var parts = list is not null
                    ? (section[list] as JsonArray ?? new JsonArray()).Select(i => Indent(i.ToJson(), 6)).ToArray()
                    : section.Select(p => Indent(JsonValue.From(p.Key).ToJson() + ": " + p.Value.ToJson(), 4)).ToArray();
                sections.Add(new KeyValuePair<string, string[]>(operation, parts));
                perCopy += parts.Sum(p => (long)p.Length + 2);
            }
            var copies = (int)Math.Max(1, targetBytes / Math.Max(1, perCopy));
            using (var writer = new StreamWriter(outputPath, false, new UTF8Encoding(false), 1 << 16))
            {
                writer.Write("{\n  \"AlbSnapshotVersion\": 1,\n  \"CollectedAt\": \"2026-11-25T10:00:00Z\",\n  \"Region\": \"eu-west-1\"");
                foreach (var section in sections)
                {
                    var list = SnapshotOperations.ListProperty(section.Key);
                    writer.Write(",\n  \"" + section.Key + "\": {\n");
                    if (list is not null) writer.Write("    \"" + list + "\": [\n");
                    var first = true;
                    for (var copy = 0; copy < copies; copy++)
                    {
                        var mask = (copy * 0x9E3779) & 0xFFFFFF;
                        foreach (var part in section.Value)
                        {
                            if (!first) writer.Write(",\n");
                            first = false;
                            writer.Write(copy == 0 ? part : Address.Replace(HexId.Replace(part, m => Rewrite(m.Value, mask)),
                                m => m.Groups[1].Value + "." + Octet(copy >> 8) + "." + Octet(copy) + "." + m.Groups[2].Value));
                        }
                    }
                    writer.Write(list is not null ? "\n    ]\n  }" : "\n  }");
                }
                // An unknown property, which must be kept (docs/public-surface.md §3).
                writer.Write(",\n  \"_generated\": {\n    \"From\": " + JsonValue.From(Path.GetFileName(samplePath)).ToJson() + ",\n    \"Copies\": " + copies.ToString(CultureInfo.InvariantCulture) + "\n  }\n}\n");
            }
            return copies;
        }

        private static string Octet(int value) => (value & 255).ToString(CultureInfo.InvariantCulture);

        // The last six hex digits XORed with a per-copy mask: the same ID maps to the same new ID within a copy.
        private static string Rewrite(string hex, int mask)
        {
            var tail = Convert.ToInt32(hex.Substring(hex.Length - 6), 16) ^ mask;
            return hex.Substring(0, hex.Length - 6) + tail.ToString("x6", CultureInfo.InvariantCulture);
        }

        private static string Indent(string text, int spaces)
        {
            var pad = new string(' ', spaces);
            return pad + text.Replace("\n", "\n" + pad);
        }
    }
}
