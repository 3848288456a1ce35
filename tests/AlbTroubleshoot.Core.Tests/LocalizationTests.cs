using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using AlbTroubleshoot.Catalog;
using AlbTroubleshoot.Localization;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    public class LocalizationTests
    {
        private static readonly Regex Japanese = new("[\u3040-\u30ff\u4e00-\u9fff]", RegexOptions.CultureInvariant);
        private static readonly Regex Placeholder = new(@"\{\d+\}", RegexOptions.CultureInvariant);

        public static TheoryData<string> TranslatedCultures => new(Translations.Cultures);

        [Theory]
        [MemberData(nameof(TranslatedCultures))]
        public void A_table_has_every_English_key_and_no_other(string culture)
        {
            var english = Translations.English().Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
            var translated = Translations.Table(culture).Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
            Assert.Equal(Array.Empty<string>(), english.Except(translated));   // missing translations
            Assert.Equal(Array.Empty<string>(), translated.Except(english));   // left over: a cause or message renamed or gone
            Assert.Equal(CauseCatalog.All.Count * 2 + ErrorMessages.All.Count, english.Count);
        }

        [Fact]
        public void No_Japanese_entry_is_empty_or_the_English_left_in_place()
        {
            var english = Translations.English();
            var notTranslated = Translations.Table("ja-JP")
                .Where(e => e.Value.Trim().Length == 0 || e.Value == english[e.Key] || !Japanese.IsMatch(e.Value))
                .Select(e => e.Key).ToList();
            Assert.Empty(notTranslated);
        }

        [Theory]
        [MemberData(nameof(TranslatedCultures))]
        public void A_translated_message_uses_the_same_values_as_the_English(string culture)
        {
            var table = Translations.Table(culture);
            foreach (var message in ErrorMessages.All)
            {
                var expected = Placeholder.Matches(message.English).Cast<Match>().Select(m => m.Value).Distinct().OrderBy(v => v, StringComparer.Ordinal);
                var actual = Placeholder.Matches(table[message.Key]).Cast<Match>().Select(m => m.Value).Distinct().OrderBy(v => v, StringComparer.Ordinal);
                Assert.True(expected.SequenceEqual(actual), message.Key + ": " + table[message.Key]);
            }
        }

        [Fact]
        public void Each_message_key_starts_with_an_error_id_and_says_what_in_one_word()
        {
            Assert.All(ErrorMessages.All, m => Assert.Matches(@"^[A-Z][A-Za-z]+(\.[A-Z][A-Za-z]+)?$", m.Key));
            Assert.Equal(ErrorMessages.All.Count, ErrorMessages.All.Select(m => m.Key).Distinct(StringComparer.Ordinal).Count());
        }

        [Fact]
        public void A_cause_reads_in_Japanese_under_ja_JP_and_in_English_under_en_US()
        {
            var definition = CauseCatalog.FindById("502.TargetConnectionReset")!;
            var ja = InCulture("ja-JP", () => new ErrorCause(definition, 502, CauseVerdict.Likely, new[] { "sg-0123 allows 10.0.0.0/16" }, "web"));
            var en = InCulture("en-US", () => new ErrorCause(definition, 502, CauseVerdict.Likely, new[] { "sg-0123 allows 10.0.0.0/16" }, "web"));

            Assert.Equal("ロードバランサーの接続中にターゲットが接続をリセットしました", ja.Title);
            Assert.StartsWith("アプリケーションが登録したポートで", ja.Remediation, StringComparison.Ordinal);
            Assert.Equal(definition.Title, en.Title);
            Assert.Equal(definition.Remediation, en.Remediation);
            // What a script or a search keys on stays as it is in every culture.
            Assert.Equal(en.Id, ja.Id);
            Assert.Equal(en.Verdict, ja.Verdict);
            Assert.Equal(en.Evidence, ja.Evidence);
            Assert.Equal(en.Description, ja.Description);
        }

        [Fact]
        public void An_error_message_reads_in_Japanese_under_ja_JP_and_in_English_under_en_US()
        {
            Assert.Equal("'web.json' に一致するスナップショットファイルがありません。", InCulture("ja-JP", () => ErrorMessages.SnapshotNoMatch.Format("web.json")));
            Assert.Equal("No snapshot file matches 'web.json'.", InCulture("en-US", () => ErrorMessages.SnapshotNoMatch.Format("web.json")));
            // The values are formatted the same way in every culture: 1,000 would be 1.000 in German.
            Assert.Contains("1000 個のファイル", InCulture("ja-JP", () => ErrorMessages.SnapshotPathMany.Format("*.json", 1000)), StringComparison.Ordinal);
            Assert.StartsWith("ステータスコード 200 は", InCulture("ja-JP", () => CauseCatalog.UnknownCodeMessage(new[] { 200 })), StringComparison.Ordinal);
            Assert.StartsWith("Status code 200 is not one", InCulture("en-US", () => CauseCatalog.UnknownCodeMessage(new[] { 200 })), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("ja", true)]
        [InlineData("ja-JP", true)]
        [InlineData("en-US", false)]
        [InlineData("fr-FR", false)]
        [InlineData("", false)]
        public void The_language_decides_not_the_region(string culture, bool japanese)
        {
            var title = Translations.Text("503.NoRegisteredTargets.Title", "English", CultureInfo.GetCultureInfo(culture));
            Assert.Equal(japanese, title != "English");
        }

        [Fact]
        public void The_generated_error_code_page_stays_English_under_ja_JP()
        {
            Assert.Equal(CatalogDocument.RenderMarkdown(), InCulture("ja-JP", CatalogDocument.RenderMarkdown));
        }

        [Theory]
        [InlineData("a = b\nc d\n", "line 2")]
        [InlineData("a = b\n\n# note\na = c\n", "line 4: 'a' is given twice")]
        [InlineData("a = \n", "line 1")]
        public void A_broken_table_is_an_error_naming_the_line(string text, string expected)
        {
            var e = Assert.Throws<FormatException>(() => Translations.Parse(text, "t.txt"));
            Assert.Contains("t.txt " + expected, e.Message, StringComparison.Ordinal);
        }

        internal static T InCulture<T>(string culture, Func<T> action)
        {
            var saved = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            try { return action(); }
            finally { CultureInfo.CurrentUICulture = saved; }
        }
    }
}
