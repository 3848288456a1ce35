using System;
using System.IO;
using System.Linq;
using System.Text;
using AlbTroubleshoot.Json;
using CsCheck;
using Xunit;

namespace AlbTroubleshoot.Tests.Json
{
    /// <summary>
    /// Our JSON reader against System.Text.Json (<see cref="SystemTextJsonOracle"/>) on generated
    /// documents: on valid ones both read the same value; on broken ones both reject, or both accept
    /// the same value. Deliberate differences, each allowed for by the oracle and tested below:
    /// <list type="bullet">
    /// <item>a repeated property name: System.Text.Json keeps both, we keep the first place and the
    /// last value (the oracle applies our rule when it converts), because a snapshot object is a map;</item>
    /// <item>an escaped lone surrogate (<c>"\uD800"</c>): both accept it, but System.Text.Json will not
    /// hand it out as a .NET string; we keep it, so that such a value survives a read and write.</item>
    /// </list>
    /// Same rules otherwise: RFC 8259 grammar, UTF-8 validity (overlong forms, encoded surrogates and
    /// cut sequences are errors), one leading byte order mark skipped, at most 512 arrays and
    /// objects open at once.
    /// </summary>
    public class JsonReaderPropertyTests
    {
        private static readonly Gen<string> Whitespace = Gen.OneOfConst("", "", " ", "\n", "\t", "\r\n", "  \n  ");

        private static readonly Gen<string> Digits = Gen.Char['0', '9'].Array[1, 25].Select(c => new string(c));

        private static readonly Gen<string> Number = Gen.Select(
            Gen.Bool, Gen.Frequency((2, Gen.Const("0")), (5, Gen.Select(Gen.Char['1', '9'], Gen.Char['0', '9'].Array[0, 20], (d, r) => d + new string(r)))),
            Gen.Frequency((3, Gen.Const("")), (1, Digits.Select(d => "." + d))),
            Gen.Frequency((3, Gen.Const("")), (1, Gen.Select(Gen.OneOfConst("e", "E"), Gen.OneOfConst("", "+", "-"), Digits, (e, s, d) => e + s + d))),
            (minus, integer, fraction, exponent) => (minus ? "-" : "") + integer + fraction + exponent);

        // One piece of string content as JSON text: plain, escaped, raw non-ASCII, surrogates paired or not.
        private static readonly Gen<string> StringPiece = Gen.Frequency(
            (8, Gen.Char[' ', '~'].Where(c => c != '"' && c != '\\').Select(c => c.ToString())),
            (3, Gen.OneOfConst("\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t")),
            (2, Gen.Int[0, 0xFFFF].Select(u => "\\u" + u.ToString(u % 2 == 0 ? "x4" : "X4", System.Globalization.CultureInfo.InvariantCulture))),
            (1, Gen.OneOfConst("\\uD83D\\uDE00", "\\ud800", "\\uDC00x", "\\uDBFF\\uDFFF")),
            (2, Gen.OneOfConst("é", "中", "\u007f", "\u0080", "\u2028", "\uFEFF", "\U0001F600", "\uFFFD", "\U0010FFFF")));

        private static readonly Gen<string> JsonString = StringPiece.Array[0, 12].Select(p => "\"" + string.Concat(p) + "\"");

        // A few names often, so that objects repeat names.
        private static readonly Gen<string> Name = Gen.Frequency((3, JsonString), (2, Gen.OneOfConst("\"a\"", "\"GroupId\"", "\"\"")));

        private static readonly Gen<string> Scalar = Gen.Frequency(
            (3, JsonString), (3, Number), (1, Gen.OneOfConst("true", "false", "null")));

        private static Gen<string> Value(int depth) => depth == 0 ? Scalar : Gen.Frequency(
            (3, Scalar),
            (1, Gen.Select(Value(depth - 1).Array[0, 5], Whitespace, (items, ws) => "[" + ws + string.Join(ws + "," + ws, items) + ws + "]")),
            (1, Gen.Select(Gen.Select(Name, Whitespace, Value(depth - 1), (n, ws, v) => n + ws + ":" + ws + v).Array[0, 5], Whitespace,
                (members, ws) => "{" + ws + string.Join("," + ws, members) + ws + "}")));

        private static readonly Gen<string> Document = Gen.Select(Whitespace, Value(4), Whitespace, (a, v, b) => a + v + b);

        /// <summary>What we read from the text as a string and from its UTF-8 bytes, which must agree; null for an error.</summary>
        private static JsonValue? Ours(byte[] utf8)
        {
            JsonValue? fromBytes, fromText;
            try { fromBytes = JsonValue.Parse(new MemoryStream(utf8)); }
            catch (AlbTroubleshoot.Json.JsonException) { fromBytes = null; }
            var text = new UTF8Encoding(false, true);
            string decoded;
            try { decoded = text.GetString(utf8); }
            catch (DecoderFallbackException) { return fromBytes; } // only the byte reader sees invalid UTF-8
            try { fromText = JsonValue.Parse(decoded); }
            catch (AlbTroubleshoot.Json.JsonException) { fromText = null; }
            Assert.Equal(fromBytes is null, fromText is null);
            if (fromBytes is not null) Assert.True(fromBytes.DeepEquals(fromText));
            return fromBytes;
        }

        private static void AgreeWithSystemTextJson(byte[] utf8)
        {
            var ours = Ours(utf8);
            var reference = SystemTextJsonOracle.Read(utf8);
            var shown = Encoding.UTF8.GetString(utf8);
            Assert.True((ours is null) == (reference is null),
                (ours is null ? "We reject, System.Text.Json accepts: " : "We accept, System.Text.Json rejects: ") + shown);
            if (ours is not null) Assert.True(ours.DeepEquals(reference), "Different values for: " + shown);
        }

        [Fact]
        public void Valid_documents_read_as_System_Text_Json_reads_them()
        {
            Document.Sample(text =>
            {
                var utf8 = Encoding.UTF8.GetBytes(text);
                Assert.NotNull(SystemTextJsonOracle.Read(utf8)); // the generator makes valid JSON only
                AgreeWithSystemTextJson(utf8);
                // And what we read writes and reads back unchanged.
                var value = JsonValue.Parse(text);
                Assert.True(JsonValue.Parse(value.ToJson()).DeepEquals(value));
            }, iter: 3000);
        }

        [Fact]
        public void What_the_writer_writes_System_Text_Json_reads_to_the_same_value()
        {
            // The writer's differential test: its output, compact and indented, is JSON that the
            // framework's reader accepts and reads to the value that was written.
            Document.Sample(text =>
            {
                var value = JsonValue.Parse(text);
                foreach (var indented in new[] { false, true })
                {
                    var written = value.ToJson(indented);
                    var reference = SystemTextJsonOracle.Read(Encoding.UTF8.GetBytes(written));
                    Assert.True(reference is not null, "System.Text.Json rejects what we wrote: " + written);
                    Assert.True(value.DeepEquals(reference), "System.Text.Json reads another value from: " + written);
                }
            }, iter: 1000);
        }

        // Bytes that change the meaning of JSON text, and bytes that are not UTF-8.
        private static readonly Gen<byte[]> Insert = Gen.Frequency(
            (6, Gen.OneOfConst("{", "}", "[", "]", ",", ":", "\"", "\\", "0", "1", "-", "+", ".", "e", "t", "n", "u", " ", "\n", "\u0000", "\u001f", "\u00a0", "\uFEFF", "//", "/*").Select(s => Encoding.UTF8.GetBytes(s))),
            (2, Gen.OneOf(
                Gen.Byte[0x80, 0xFF].Select(b => new[] { b }),
                Gen.OneOfConst(new byte[] { 0xC0, 0xAF }, new byte[] { 0xED, 0xA0, 0x80 }, new byte[] { 0xF4, 0x90, 0x80, 0x80 }, new byte[] { 0xE2, 0x82 }))));

        private static readonly Gen<(int Kind, double At, byte[] Bytes)> Mutation = Gen.Select(Gen.Int[0, 3], Gen.Double[0, 1], Insert);

        private static byte[] Mutate(byte[] utf8, (int Kind, double At, byte[] Bytes)[] mutations)
        {
            var bytes = utf8.ToList();
            foreach (var (kind, at, insert) in mutations)
            {
                var i = (int)(at * bytes.Count);
                switch (kind)
                {
                    case 0: if (i < bytes.Count) bytes.RemoveAt(i); break;                 // delete a byte
                    case 1: bytes.InsertRange(i, insert); break;                          // insert
                    case 2: if (i < bytes.Count) { bytes.RemoveAt(i); bytes.InsertRange(i, insert); } break; // replace
                    default: bytes.RemoveRange(i, bytes.Count - i); break;                // cut short
                }
            }
            return bytes.ToArray();
        }

        [Fact]
        public void Broken_documents_are_rejected_when_System_Text_Json_rejects_them()
        {
            var rejected = 0;
            Gen.Select(Document, Mutation.Array[1, 3]).Sample((text, mutations) =>
            {
                var utf8 = Mutate(Encoding.UTF8.GetBytes(text), mutations);
                if (SystemTextJsonOracle.Read(utf8) is null) rejected++;
                AgreeWithSystemTextJson(utf8);
            }, iter: 5000, threads: 1);
            Assert.True(rejected > 2000, "The mutations break most documents (" + rejected + " of 5000).");
        }

        [Theory]
        [InlineData(JsonReader.MaxDepth, true)]
        [InlineData(JsonReader.MaxDepth + 1, false)]
        public void Both_allow_the_same_number_of_open_arrays_and_objects(int depth, bool valid)
        {
            foreach (var inner in new[] { "1", "\"x\"", "{}", "[]" })
            {
                // "[]" and "{}" inside add one level.
                var levels = inner.Length == 2 && inner[0] != '"' ? depth - 1 : depth;
                var open = string.Concat(Enumerable.Range(0, levels).Select(i => i % 2 == 0 ? "[" : "{\"k\":"));
                var close = string.Concat(Enumerable.Range(0, levels).Reverse().Select(i => i % 2 == 0 ? "]" : "}"));
                var utf8 = Encoding.UTF8.GetBytes(open + inner + close);
                Assert.Equal(valid, SystemTextJsonOracle.Read(utf8) is not null);
                AgreeWithSystemTextJson(utf8);
            }
        }

        [Fact]
        public void A_repeated_name_keeps_its_first_place_and_last_value_which_the_oracle_applies_too()
        {
            var utf8 = Encoding.UTF8.GetBytes("{\"a\":1,\"b\":2,\"a\":[3]}");
            AgreeWithSystemTextJson(utf8);
            Assert.Equal("{\"a\":[3],\"b\":2}", SystemTextJsonOracle.Read(utf8)!.ToJson(false));
        }

        [Fact]
        public void An_escaped_lone_surrogate_is_kept_and_written_back_escaped()
        {
            var utf8 = Encoding.UTF8.GetBytes("{\"\\ud800\":\"a\\uDC00\"}");
            AgreeWithSystemTextJson(utf8);
            var value = (JsonObject)JsonValue.Parse(new MemoryStream(utf8));
            Assert.Equal("a\uDC00", value["\uD800"]!.AsString());
            Assert.Equal("{\"\\ud800\":\"a\\udc00\"}", value.ToJson(false));
        }
    }
}
