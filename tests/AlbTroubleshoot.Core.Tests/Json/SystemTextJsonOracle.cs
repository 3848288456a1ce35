using System;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AlbTroubleshoot.Json;

namespace AlbTroubleshoot.Tests.Json
{
    /// <summary>
    /// System.Text.Json as the reference reader for our own (test and fuzz code only; the module ships
    /// no JSON library). It reads the same UTF-8 bytes with the options that match our reader's rules
    /// and gives the answer as our <see cref="JsonValue"/>, so the two can be compared with DeepEquals.
    /// Public API only: the fuzz project links this file.
    /// </summary>
    internal static class SystemTextJsonOracle
    {
        private static readonly JsonDocumentOptions Options = new JsonDocumentOptions
        {
            // Our reader's limit, in the same unit (containers open at once).
            MaxDepth = JsonValue.MaxDepth,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        };

        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>The value System.Text.Json reads from <paramref name="utf8"/>, or null when it rejects the text.</summary>
        public static JsonValue? Read(byte[] utf8)
        {
            // JSON text is UTF-8 (RFC 8259 section 8.1). System.Text.Json checks the bytes inside a string
            // only when the string is read (GetString throws); the oracle checks them all up front,
            // as reading every string would.
            try
            {
                StrictUtf8.GetCharCount(utf8);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
            // Both skip one UTF-8 byte order mark (System.Text.Json does so in its Stream overloads).
            var memory = new ReadOnlyMemory<byte>(utf8);
            if (utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF) memory = memory.Slice(3);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(memory, Options);
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
            using (document) return Convert(document.RootElement);
        }

        private static JsonValue Convert(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    var obj = new JsonObject();
                    // A repeated name: JsonObject.Set keeps the first place and the last value, as our reader does.
                    foreach (var p in e.EnumerateObject()) obj.Set(NameOf(p), Convert(p.Value));
                    return obj;
                case JsonValueKind.Array:
                    var array = new JsonArray();
                    foreach (var item in e.EnumerateArray()) array.Add(Convert(item));
                    return array;
                case JsonValueKind.String: return JsonValue.From(StringOf(e));
                case JsonValueKind.Number: return JsonNumber.FromRaw(e.GetRawText());
                case JsonValueKind.True: return JsonValue.From(true);
                case JsonValueKind.False: return JsonValue.From(false);
                default: return JsonValue.Null;
            }
        }

        // System.Text.Json will not hand out a lone surrogate (\uD800 without its pair) as a .NET string;
        // JSON allows the escape, and our reader keeps it. For those the raw text is unescaped here.
        private static string StringOf(JsonElement value)
        {
            try
            {
                return value.GetString()!;
            }
            catch (InvalidOperationException)
            {
                return Unescape(value.GetRawText());
            }
        }

        private static string NameOf(JsonProperty property)
        {
            try
            {
                return property.Name;
            }
            catch (InvalidOperationException)
            {
                // The property's raw text starts with its quoted name.
                var raw = property.ToString();
                var end = 1;
                while (raw[end] != '"') end += raw[end] == '\\' ? 2 : 1;
                return Unescape(raw.Substring(0, end + 1));
            }
        }

        private static string Unescape(string quoted)
        {
            var sb = new StringBuilder();
            for (var i = 1; i < quoted.Length - 1; i++)
            {
                var c = quoted[i];
                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }
                var e = quoted[++i];
                switch (e)
                {
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        sb.Append((char)int.Parse(quoted.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        i += 4;
                        break;
                    default: sb.Append(e); break;
                }
            }
            return sb.ToString();
        }
    }
}
