using System.Globalization;
using System.IO;
using System.Linq;

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
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            Write(writer, value, indented);
            return writer.ToString();
        }

        /// <summary>Writes straight to <paramref name="writer"/>: a large snapshot is never held as one string.</summary>
        public static void Write(TextWriter writer, JsonValue value, bool indented) => Write(writer, value, indented, 0);

        private static void Write(TextWriter sb, JsonValue value, bool indented, int depth)
        {
            switch (value)
            {
                case JsonNull _: sb.Write("null"); break;
                case JsonBoolean b: sb.Write(b.Value ? "true" : "false"); break;
                case JsonNumber n: sb.Write(n.Raw); break;
                case JsonString s: WriteString(sb, s.Value); break;
                case JsonArray a:
                    JsonValue.CheckDepth(depth);
                    if (a.Count == 0)
                    {
                        sb.Write("[]");
                        break;
                    }
                    sb.Write('[');
                    for (var i = 0; i < a.Count; i++)
                    {
                        if (i > 0) sb.Write(',');
                        NewLine(sb, indented, depth + 1);
                        Write(sb, a[i], indented, depth + 1);
                    }
                    NewLine(sb, indented, depth);
                    sb.Write(']');
                    break;
                case JsonObject o:
                    JsonValue.CheckDepth(depth);
                    if (o.Count == 0)
                    {
                        sb.Write("{}");
                        break;
                    }
                    sb.Write('{');
                    var first = true;
                    foreach (var p in o)
                    {
                        if (!first) sb.Write(',');
                        first = false;
                        NewLine(sb, indented, depth + 1);
                        WriteString(sb, p.Key);
                        sb.Write(indented ? ": " : ":");
                        Write(sb, p.Value, indented, depth + 1);
                    }
                    NewLine(sb, indented, depth);
                    sb.Write('}');
                    break;
            }
        }

        // The indentation of the first levels, made once (a snapshot file has millions of lines).
        private static readonly string[] Indents = Enumerable.Range(0, 33).Select(level => new string(' ', level * 2)).ToArray();

        private static void NewLine(TextWriter sb, bool indented, int depth)
        {
            if (!indented) return;
            sb.Write('\n');
            for (; depth >= Indents.Length; depth -= Indents.Length - 1) sb.Write(Indents[Indents.Length - 1]);
            sb.Write(Indents[depth]);
        }

        internal static void WriteString(TextWriter sb, string value)
        {
            sb.Write('"');
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
                WriteRun(sb, value, run, i - run);
                sb.Write(escape);
                run = i + 1;
            }
            WriteRun(sb, value, run, value.Length - run);
            sb.Write('"');
        }

        private static void WriteRun(TextWriter sb, string value, int start, int length)
        {
            if (length == value.Length) sb.Write(value);
            else if (length > 0) sb.Write(value.Substring(start, length));
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
