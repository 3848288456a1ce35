using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace AlbTroubleshoot.Tests.Fuzzing
{
    /// <summary>
    /// Every input that made a fuzz target fail (TestData/fuzz/&lt;target&gt;, named for what it found),
    /// and the fuzzers' seed corpora, run through the same targets in the unit suite: each must now
    /// pass its target's checks.
    /// </summary>
    public class FuzzRegressionTests
    {
        public static IEnumerable<object[]> Inputs() =>
            FuzzTargets.All.Keys.SelectMany(target =>
                Files(TestFiles.Path("fuzz", target)).Concat(Files(RepoPaths.Combine("tests", "AlbTroubleshoot.Fuzz", "Seeds", target)))
                    .Select(file => new object[] { target, Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/') }));

        private static IEnumerable<string> Files(string folder) =>
            Directory.Exists(folder) ? Directory.GetFiles(folder).OrderBy(f => f, System.StringComparer.Ordinal) : Enumerable.Empty<string>();

        [Theory]
        [MemberData(nameof(Inputs))]
        public void Passes_its_fuzz_target(string target, string file)
        {
            FuzzTargets.All[target](File.ReadAllBytes(RepoPaths.Combine(file)));
        }
    }
}
