using System.Globalization;
using System.Text;

namespace AlbTroubleshoot.Json
{
    /// <summary>
    /// Writes JSON with two-space indentation and "\n" line ends, properties in their stored order:
    /// the same value always gives the same bytes, so snapshot files diff cleanly.
    /// </summary>
    internal static class JsonWriter
    {
        public static string Write(JsonValue value, bool indented)
        {
            var sb = new StringBuilder();
            Write(sb, value, indented, 0);
            return sb.ToString();
        }

        private static void Write(StringBuilder sb, JsonValue value, bool indented, int depth)
        {
            switch (value)
            {
                case JsonNull _: sb.Append("null"); break;
                case JsonBoolean b: sb.Append(b.Value ? "true" : "false"); break;
                case JsonNumber n: sb.Append(n.Raw); break;
                case JsonString s: WriteString(sb, s.Value); break;
                case JsonArray a:
                    if (a.Count == 0)
                    {
                        sb.Append("[]");
                        break;
                    }
                    sb.Append('[');
                    for (var i = 0; i < a.Count; i++)
                    {
                        if (i > 0) sb.Append(',');
                        NewLine(sb, indented, depth + 1);
                        Write(sb, a[i], indented, depth + 1);
                    }
                    NewLine(sb, indented, depth);
                    sb.Append(']');
                    break;
                case JsonObject o:
                    if (o.Count == 0)
                    {
                        sb.Append("{}");
                        break;
                    }
                    sb.Append('{');
                    var first = true;
                    foreach (var p in o)
                    {
                        if (!first) sb.Append(',');
                        first = false;
                        NewLine(sb, indented, depth + 1);
                        WriteString(sb, p.Key);
                        sb.Append(indented ? ": " : ":");
                        Write(sb, p.Value, indented, depth + 1);
                    }
                    NewLine(sb, indented, depth);
                    sb.Append('}');
                    break;
            }
        }

        private static void NewLine(StringBuilder sb, bool indented, int depth)
        {
            if (!indented) return;
            sb.Append('\n');
            sb.Append(' ', depth * 2);
        }

        internal static void WriteString(StringBuilder sb, string value)
        {
            sb.Append('"');
            var run = 0; // start of the pending run of characters that need no escape
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                string? escape = c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    '\b' => "\\b",
                    '\f' => "\\f",
                    _ => c < ' ' || c == '\u2028' || c == '\u2029' || (char.IsSurrogate(c) && IsLoneSurrogate(value, i))
                        ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture)
                        : null,
                };
                if (escape is null) continue;
                sb.Append(value, run, i - run).Append(escape);
                run = i + 1;
            }
            sb.Append(value, run, value.Length - run);
            sb.Append('"');
        }

        // A lone surrogate cannot be encoded as UTF-8; escaping it keeps the file valid and the value intact.
        private static bool IsLoneSurrogate(string s, int i)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c)) return i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]);
            if (char.IsLowSurrogate(c)) return i == 0 || !char.IsHighSurrogate(s[i - 1]);
            return false;
        }
    }
}
