using System;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    public class StatusCodeFilterTests
    {
        [Theory]
        [InlineData("502", 502, null)]
        [InlineData("000", 0, null)]
        [InlineData("5XX", null, 5)]
        [InlineData("4xx", null, 4)]
        [InlineData(" 464 ", 464, null)]
        public void Parses_codes_and_classes(string text, int? code, int? cls)
        {
            var f = new StatusCodeFilter(text);
            Assert.Equal(code, f.Code);
            Assert.Equal(cls, f.Class);
        }

        [Theory]
        [InlineData("")]
        [InlineData("6XX")]
        [InlineData("5020")]
        [InlineData("-1")]
        [InlineData("abc")]
        public void Rejects_what_is_not_a_code(string text)
        {
            var ex = Assert.Throws<FormatException>(() => new StatusCodeFilter(text));
            Assert.Contains(text, ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_class_matches_its_codes_only()
        {
            var f = new StatusCodeFilter("5XX");
            Assert.True(f.Matches(502));
            Assert.True(f.Matches(561));
            Assert.False(f.Matches(464));
            Assert.Equal("5XX", f.ToString());
            Assert.Equal("000", new StatusCodeFilter(0).ToString());
        }
    }
}
