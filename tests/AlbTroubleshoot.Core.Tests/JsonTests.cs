using System;
using System.Linq;
using System.Text;
using AlbTroubleshoot.Json;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    public class JsonTests
    {
        [Fact]
        public void Parses_every_kind_of_value_and_keeps_property_order()
        {
            var v = (JsonObject)JsonValue.Parse("{ \"z\": 1, \"a\": [true, false, null], \"m\": {\"s\": \"x\"}, \"n\": -2.5e3 }");
            Assert.Equal(new[] { "z", "a", "m", "n" }, v.Names.ToArray());
            Assert.Equal(1L, ((JsonNumber)v["z"]!).ToInt64());
            var a = (JsonArray)v["a"]!;
            Assert.Equal(new[] { JsonKind.Boolean, JsonKind.Boolean, JsonKind.Null }, a.Select(i => i.Kind).ToArray());
            Assert.True(((JsonBoolean)a[0]).Value);
            Assert.Equal("x", ((JsonObject)v["m"]!)["s"]!.AsString());
            Assert.Equal(-2500d, ((JsonNumber)v["n"]!).ToDouble());
        }

        [Fact]
        public void Numbers_keep_their_raw_text_and_read_as_long_decimal_or_double()
        {
            var n = (JsonNumber)JsonValue.Parse("12345678901234567890.123456789");
            Assert.Equal("12345678901234567890.123456789", n.Raw);
            Assert.False(n.TryGetInt64(out _));
            Assert.Equal(12345678901234567890.123456789m, n.ToDecimal());
            Assert.Equal(9007199254740993L, ((JsonNumber)JsonValue.Parse("9007199254740993")).ToInt64());
            Assert.Equal("1E+400", ((JsonNumber)JsonValue.Parse("1E+400")).Raw);
            Assert.Equal("[1.50,-0,0.0e0]", JsonValue.Parse("[1.50, -0, 0.0e0]").ToJson(false));
            Assert.True(JsonValue.Parse("1.0").DeepEquals(JsonValue.Parse("1")));
            Assert.False(JsonValue.Parse("1.0").DeepEquals(JsonValue.Parse("1.01")));
        }

        [Fact]
        public void Escapes_are_read_including_surrogate_pairs()
        {
            var s = JsonValue.Parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\uD83D\\uDE00 é\"").AsString();
            Assert.Equal("q\" b\\ s/ \b\f\n\r\t é \U0001F600 é", s);
        }

        [Fact]
        public void Writer_escapes_what_JSON_requires_and_reads_back_the_same_string()
        {
            var original = "quote\" back\\ nl\n tab\t ctl\u0001 del\u007f é \U0001F600 lone\uD800 ls\u2028";
            var text = JsonValue.From(original).ToJson();
            Assert.Equal("\"quote\\\" back\\\\ nl\\n tab\\t ctl\\u0001 del\u007f é \U0001F600 lone\\ud800 ls\\u2028\"", text);
            Assert.Equal(original, JsonValue.Parse(text).AsString());
        }

        [Fact]
        public void Writer_indents_with_two_spaces_and_writes_empty_containers_inline()
        {
            var v = JsonValue.Parse("{\"a\":[],\"b\":{},\"c\":[1,{\"d\":null}]}");
            Assert.Equal("{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    {\n      \"d\": null\n    }\n  ]\n}", v.ToJson());
            Assert.Equal("{\"a\":[],\"b\":{},\"c\":[1,{\"d\":null}]}", v.ToJson(indented: false));
        }

        [Theory]
        [InlineData("", 1, 1, "empty")]
        [InlineData("{\"a\": 1,}", 1, 9, "expected a property name")]
        [InlineData("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expected ',' or '}'")]
        [InlineData("[1, 2", 1, 6, "end of text; expected ',' or ']'")]
        [InlineData("[1 2]", 1, 4, "expected ',' or ']'")]
        [InlineData("{\"a\" 1}", 1, 6, "expected ':'")]
        [InlineData("\"abc", 1, 1, "Unterminated string")]
        [InlineData("\"a\nb\"", 1, 3, "Control character U+000A")]
        [InlineData("\"\\x\"", 1, 2, "Invalid escape")]
        [InlineData("\"\\u12G4\"", 1, 6, "hexadecimal")]
        [InlineData("01", 1, 2, "leading zeros")]
        [InlineData("-", 1, 2, "expected a digit")]
        [InlineData("1.", 1, 3, "after the decimal point")]
        [InlineData("1e+", 1, 4, "exponent")]
        [InlineData("tru", 1, 1, "expected a value")]
        [InlineData("nullx", 1, 5, "after 'null'")]
        [InlineData("{} {}", 1, 4, "after the end")]
        [InlineData("\n\n   @", 3, 4, "Unexpected '@'")]
        [InlineData("{'a': 1}", 1, 2, "double quotes")]
        public void Invalid_text_reports_line_column_and_reason(string text, int line, int column, string reason)
        {
            var e = Assert.Throws<JsonException>(() => JsonValue.Parse(text, "x.json"));
            Assert.Equal(line, e.Line);
            Assert.Equal(column, e.Column);
            Assert.Contains(reason, e.Reason, StringComparison.Ordinal);
            Assert.StartsWith("x.json: ", e.Message, StringComparison.Ordinal);
            Assert.Contains("line " + line + ", column " + column, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Deep_nesting_within_the_limit_parses_and_beyond_it_is_an_error_not_a_crash()
        {
            var ok = new string('[', 500) + new string(']', 500);
            var v = JsonValue.Parse(ok);
            var depth = 0;
            while (v is JsonArray a && a.Count > 0)
            {
                v = a[0];
                depth++;
            }
            Assert.Equal(499, depth);
            Assert.Equal(ok, JsonValue.Parse(ok).ToJson(false));

            var hostile = new string('[', 100_000);
            var e = Assert.Throws<JsonException>(() => JsonValue.Parse(hostile));
            Assert.Contains("Nesting deeper than", e.Reason, StringComparison.Ordinal);
            Assert.Equal(JsonReader.MaxDepth + 1, e.Column);
        }

        [Fact]
        public void A_byte_order_mark_is_skipped()
        {
            Assert.Equal(JsonKind.Object, JsonValue.Parse("\uFEFF{}").Kind);
        }

        [Fact]
        public void Round_trip_of_a_real_CLI_file_is_stable_and_equal()
        {
            var text = System.IO.File.ReadAllText(RepoPaths.Combine("tests", "AlbTroubleshoot.Core.Tests", "TestData", "cli-moto", "describe-network-interfaces.json"), Encoding.UTF8);
            var first = JsonValue.Parse(text);
            var written = first.ToJson();
            var second = JsonValue.Parse(written);
            Assert.True(first.DeepEquals(second));
            Assert.Equal(written, second.ToJson());
        }

        [Fact]
        public void Object_lookup_is_case_sensitive_with_helpers_for_other_spellings()
        {
            var o = (JsonObject)JsonValue.Parse("{\"Ipv4Ranges\":[1],\"IpRanges\":null,\"groupId\":\"sg-1\"}");
            Assert.Null(o["GroupId"]);
            Assert.Equal("sg-1", o.GetIgnoreCase("GroupId")!.AsString());
            Assert.Equal(JsonKind.Null, o["IpRanges"]!.Kind);
            Assert.Same(o["Ipv4Ranges"], o.GetAny("IpRanges", "Ipv4Ranges"));
            Assert.Null(o.GetAny("Missing"));
        }

        [Fact]
        public void A_repeated_property_keeps_its_first_place_and_last_value()
        {
            var o = (JsonObject)JsonValue.Parse("{\"a\":1,\"b\":2,\"a\":3}");
            Assert.Equal("{\"a\":3,\"b\":2}", o.ToJson(false));
        }

        [Fact]
        public void Set_replaces_in_place_SetFirst_moves_to_the_front_and_Clone_is_deep()
        {
            var o = new JsonObject { { "a", JsonValue.From(1) }, { "b", new JsonArray { JsonValue.From("x") } } };
            o.Set("a", JsonValue.From(2));
            o.SetFirst("b", JsonValue.From(true));
            Assert.Equal("{\"b\":true,\"a\":2}", o.ToJson(false));
            var copy = (JsonObject)o.Clone();
            copy.Set("c", JsonValue.Null);
            Assert.Equal(2, o.Count);
            Assert.True(o.Remove("a"));
            Assert.Equal("{\"b\":true}", o.ToJson(false));
        }

        [Fact]
        public void FromRaw_accepts_only_JSON_numbers()
        {
            Assert.Equal("-1.5e10", JsonNumber.FromRaw("-1.5e10").Raw);
            Assert.Throws<FormatException>(() => JsonNumber.FromRaw("1.5.2"));
            Assert.Throws<FormatException>(() => JsonNumber.FromRaw("NaN"));
            Assert.Throws<ArgumentOutOfRangeException>(() => JsonValue.From(double.NaN));
        }
    }
}
