using System;
using System.IO;
using System.Linq;
using System.Text;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests.Json
{
    /// <summary>
    /// The reader takes UTF-8 from a stream a window at a time: values, positions and errors must not
    /// depend on where the windows (or the stream's reads) end, and repeated texts are held once.
    /// </summary>
    public class JsonStreamReadingTests
    {
        /// <summary>A stream that hands out at most a few bytes per read, so every boundary falls everywhere.</summary>
        private sealed class TrickleStream : MemoryStream
        {
            private readonly int _step;

            public TrickleStream(byte[] bytes, int step) : base(bytes) => _step = step;

            public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _step));
        }

        private static string Document()
        {
            // Strings longer than the reader's window, escapes and multi-byte characters everywhere.
            var long1 = string.Concat(Enumerable.Range(0, 3000).Select(i => "é\\n\\u00e9\\uD83D\\uDE00" + (char)('a' + (i % 26)) + "😀中"));
            var items = string.Join(",\n  ", Enumerable.Range(0, 2000).Select(i => "{\"Id\": \"sg-" + i + "\", \"Port\": " + (i % 7) + ".5e1, \"Ok\": " + (i % 2 == 0 ? "true" : "null") + "}"));
            return "\uFEFF{\n  \"long\": \"" + long1 + "\",\n  \"items\": [\n  " + items + "\n  ]\n}\n";
        }

        [Theory]
        [InlineData(1)]
        [InlineData(3)]
        [InlineData(4099)]
        [InlineData(1 << 20)]
        public void Reading_from_a_stream_gives_what_reading_the_text_gives_wherever_the_reads_end(int step)
        {
            var text = Document();
            var expected = JsonValue.Parse(text);
            var actual = JsonValue.Parse(new TrickleStream(Encoding.UTF8.GetBytes(text), step));
            Assert.True(expected.DeepEquals(actual));
            Assert.Equal(expected.ToJson(), actual.ToJson());
        }

        [Theory]
        [InlineData(1)]
        [InlineData(5000)]
        public void An_error_far_into_the_stream_names_its_line_and_column(int step)
        {
            var text = new string(' ', 20_000) + "\n[" + new string('1', 30_000) + ",\n  tru]";
            var e = Assert.Throws<AlbTroubleshoot.Json.JsonException>(() => JsonValue.Parse(new TrickleStream(Encoding.UTF8.GetBytes(text), step), "big.json"));
            Assert.Equal(3, e.Line);
            Assert.Equal(3, e.Column);
            Assert.Equal("big.json: Unexpected 't'; expected a value (line 3, column 3)", e.Message);
        }

        [Theory]
        [InlineData(new byte[] { 0xFF })]                    // never valid
        [InlineData(new byte[] { 0xC0, 0xAF })]              // overlong '/'
        [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]        // an encoded surrogate
        [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]  // above U+10FFFF
        [InlineData(new byte[] { 0xE2, 0x82 })]              // cut short
        public void Invalid_UTF8_is_an_error_at_its_place_not_a_replacement_character(byte[] bad)
        {
            // {"a": "é?x"} with the bad bytes after é: column 9 counts characters (é is one).
            var bytes = Encoding.UTF8.GetBytes("{\"a\": \"é").Concat(bad).Concat(Encoding.UTF8.GetBytes("x\"}")).ToArray();
            var e = Assert.Throws<AlbTroubleshoot.Json.JsonException>(() => JsonValue.Parse(new MemoryStream(bytes)));
            Assert.Equal(1, e.Line);
            Assert.Equal(9, e.Column);
            Assert.StartsWith("Invalid UTF-8", e.Reason, StringComparison.Ordinal);
        }

        [Fact]
        public void A_snapshot_file_that_is_not_UTF8_is_not_JSON_with_its_line()
        {
            var path = Path.Combine(Path.GetTempPath(), "alb-latin1-" + Guid.NewGuid().ToString("N") + ".json");
            // Latin-1 'é' (0xE9) where UTF-8 needs two bytes: a file saved in the wrong encoding.
            File.WriteAllBytes(path, Encoding.UTF8.GetBytes("{\n  \"AlbSnapshotVersion\": 1,\n  \"Region\": \"caf").Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes("\"\n}\n")).ToArray());
            try
            {
                var e = Assert.Throws<SnapshotFormatException>(() => SnapshotDocument.Load(path));
                Assert.Equal(ErrorIds.SnapshotNotJson, e.ErrorId);
                Assert.Equal(3, e.Line);
                Assert.Equal(17, e.Column);
                Assert.Contains("Invalid UTF-8", e.Reason, StringComparison.Ordinal);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void Deep_values_are_written_with_two_spaces_per_level_and_read_back()
        {
            var text = new string('[', 100) + "1" + new string(']', 100);
            var written = JsonValue.Parse(text).ToJson();
            Assert.Contains("\n" + new string(' ', 200) + "1\n", written, StringComparison.Ordinal);
            Assert.Equal(text, JsonValue.Parse(written).ToJson(indented: false));
        }

        [Fact]
        public void Repeated_names_and_values_are_held_once()
        {
            var array = (JsonArray)JsonValue.Parse(new MemoryStream(Encoding.UTF8.GetBytes(
                "[{\"GroupId\": \"sg-1\", \"FromPort\": 443}, {\"GroupId\": \"sg-1\", \"FromPort\": 443}]")));
            var a = (JsonObject)array[0];
            var b = (JsonObject)array[1];
            Assert.Same(a.Names.First(), b.Names.First());
            Assert.Same(a["GroupId"], b["GroupId"]);
            Assert.Same(a["FromPort"], b["FromPort"]);
        }
    }
}
