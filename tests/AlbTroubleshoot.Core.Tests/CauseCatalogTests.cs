using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AlbTroubleshoot.Catalog;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    public class CauseCatalogTests
    {
        // The codes the ALB troubleshooting guide lists under "The load balancer generates an HTTP error".
        private static readonly int[] DocumentedCodes =
        {
            400, 401, 403, 405, 408, 413, 414, 460, 463, 464, 500, 501, 502, 503, 504, 505, 507, 561,
        };

        public static TheoryData<int> ElbCodes => new(DocumentedCodes);

        [Theory]
        [MemberData(nameof(ElbCodes))]
        public void Every_code_the_load_balancer_generates_has_a_cause_of_its_own(int code)
        {
            Assert.Contains(CauseCatalog.ForCode(code), e => !e.AppliesToWholeClass);
        }

        [Fact]
        public void The_load_balancer_codes_are_exactly_the_documented_ones_plus_000()
        {
            var expected = DocumentedCodes.Prepend(0).OrderBy(c => c);
            Assert.Equal(expected, CauseCatalog.LoadBalancerCodes);
        }

        [Fact]
        public void Code_502_lists_at_least_nine_documented_causes()
        {
            Assert.True(CauseCatalog.ForCode(502).Count(e => !e.AppliesToWholeClass) >= 9);
        }

        [Fact]
        public void Ids_are_unique_and_follow_the_code_dot_name_pattern()
        {
            var pattern = new Regex(@"^(\d{3}|[45]XX)\.[A-Z][A-Za-z0-9]+$");
            Assert.All(CauseCatalog.All, e => Assert.Matches(pattern, e.Id));
            Assert.Equal(CauseCatalog.All.Count, CauseCatalog.All.Select(e => e.Id).Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.All(CauseCatalog.All.Where(e => !e.AppliesToWholeClass),
                e => Assert.StartsWith(e.StatusCode.ToString("000", System.Globalization.CultureInfo.InvariantCulture) + ".", e.Id, StringComparison.Ordinal));
        }

        [Fact]
        public void Every_cause_is_complete_and_cites_AWS_documentation()
        {
            Assert.All(CauseCatalog.All, e =>
            {
                Assert.StartsWith("https://docs.aws.amazon.com/", e.Reference, StringComparison.Ordinal);
                foreach (var text in new[] { e.Title, e.Description, e.Check, e.Remediation })
                    Assert.False(string.IsNullOrWhiteSpace(text), e.Id);
            });
        }

        [Fact]
        public void Target_generated_codes_fall_back_to_the_class_entry()
        {
            var causes = CauseCatalog.ForCode(404).ToList();
            // A code the load balancer never generates itself: whoever answered it, the target, a fixed response or AWS WAF.
            Assert.All(causes, c => Assert.True(c.AppliesToWholeClass));
            Assert.Equal(new[] { "4XX.WafCustomResponse", "4XX.FixedResponse", "4XX.TargetGenerated" }, causes.Select(c => c.Id));
            // A code with an entry of its own kind is not repeated by the class entry.
            Assert.DoesNotContain(CauseCatalog.ForCode(403), e => e.Id == "4XX.FixedResponse");
            Assert.Contains(CauseCatalog.ForCode(403), e => e.Id == "403.FixedResponse");
            Assert.Contains(CauseCatalog.ForCode(502), e => e.Id == "5XX.TargetGenerated");
            Assert.Empty(CauseCatalog.ForCode(200));
            Assert.Empty(CauseCatalog.ForCode(600));
        }

        [Fact]
        public void A_class_holds_every_code_of_that_class_and_no_other()
        {
            var fives = CauseCatalog.ForClass(5).ToList();
            Assert.All(fives, e => Assert.Equal(5, e.StatusCode / 100));
            Assert.Equal(CauseCatalog.All.Count(e => e.StatusCode / 100 == 5), fives.Count);
            Assert.Equal("5XX.TargetGenerated", fives[fives.Count - 1].Id);
        }

        [Fact]
        public void Docs_error_codes_md_is_generated_from_the_catalog()
        {
            var path = RepoPaths.Combine("docs", "error-codes.md");
            var actual = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) : "(missing)";
            Assert.True(actual == CatalogDocument.RenderMarkdown(),
                "docs/error-codes.md is stale: run ./build.ps1 -Task Docs and commit the result.");
        }
    }
}
