using System;
using System.IO;
using System.Linq;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    /// <summary>docs/snapshot-format.md shows the scripts of docs/snapshot-scripts verbatim and lists every section.</summary>
    public class SnapshotFormatDocTests
    {
        private static readonly string Doc = File.ReadAllText(RepoPaths.Combine("docs", "snapshot-format.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

        [Theory]
        [InlineData("alb-snapshot.sh", "```bash\n")]
        [InlineData("New-AlbSnapshotWithCli.ps1", "`docs/snapshot-scripts/New-AlbSnapshotWithCli.ps1`:\n\n```powershell\n")]
        public void The_page_shows_the_script_file_unchanged(string file, string fence)
        {
            var script = File.ReadAllText(RepoPaths.Combine("docs", "snapshot-scripts", file)).Replace("\r\n", "\n", StringComparison.Ordinal);
            var start = Doc.IndexOf(fence, StringComparison.Ordinal);
            Assert.True(start >= 0, "no " + fence.Trim() + " block");
            start += fence.Length;
            var end = Doc.IndexOf("```\n", start, StringComparison.Ordinal);
            Assert.Equal(script, Doc.Substring(start, end - start));
        }

        [Fact]
        public void Every_section_and_error_id_is_documented()
        {
            foreach (var operation in SnapshotOperations.All)
                Assert.Contains("| `" + operation + "` |", Doc, StringComparison.Ordinal);
            foreach (var id in new[] { ErrorIds.SnapshotNotJson, ErrorIds.SnapshotNotASnapshot, ErrorIds.SnapshotVersionNotSupported })
                Assert.Contains("| `" + id + "` |", Doc, StringComparison.Ordinal);
        }

        [Fact]
        public void Both_scripts_make_a_call_for_every_section()
        {
            var commands = new[]
            {
                "describe-load-balancers", "describe-listeners", "describe-rules", "describe-target-groups", "describe-target-health",
                "describe-load-balancer-attributes", "describe-target-group-attributes", "describe-security-groups", "describe-network-acls",
                "describe-subnets", "describe-route-tables", "describe-network-interfaces", "describe-instances",
                "get-managed-prefix-list-entries", "get-web-acl-for-resource",
            };
            Assert.Equal(SnapshotOperations.All.Count, commands.Length);
            foreach (var file in new[] { "alb-snapshot.sh", "New-AlbSnapshotWithCli.ps1" })
            {
                var script = File.ReadAllText(RepoPaths.Combine("docs", "snapshot-scripts", file));
                Assert.All(commands, c => Assert.Contains(c, script, StringComparison.Ordinal));
                Assert.All(SnapshotOperations.All, o => Assert.Contains(o, script, StringComparison.Ordinal));
            }
        }
    }
}
