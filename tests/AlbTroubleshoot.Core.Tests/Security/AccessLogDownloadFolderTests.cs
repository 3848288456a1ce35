using System;
using System.IO;
using System.Linq;
using AlbTroubleshoot.AccessLogs;
using Xunit;

namespace AlbTroubleshoot.Tests.Security
{
    /// <summary>Downloaded files are named from a hash of the S3 key, inside a new folder only this user can open.</summary>
    public sealed class AccessLogDownloadFolderTests : IDisposable
    {
        private readonly string _parent = Path.Combine(Path.GetTempPath(), "albt-test-" + Guid.NewGuid().ToString("N"));

        public AccessLogDownloadFolderTests() => Directory.CreateDirectory(_parent);

        public void Dispose() => Directory.Delete(_parent, recursive: true);

        public static readonly TheoryData<string> HostileKeys = new()
        {
            "../../../../etc/cron.d/x.log.gz", @"..\..\..\Windows\System32\x.log.gz", "/etc/passwd", @"C:\Windows\win.ini", "C:x.log",
            @"\\server\share\x.log", "logs/../../x.gz", "..", ".", "", "a/b/", "con", "NUL.log.gz", "x\u0000y.gz", "x:stream.gz", new string('k', 1024),
        };

        [Theory]
        [MemberData(nameof(HostileKeys))]
        public void A_key_never_leaves_the_folder_and_never_reaches_the_file_name(string key)
        {
            using var folder = AccessLogDownloadFolder.Create(_parent);
            var file = folder.FileFor(key);
            Assert.Equal(folder.Path, Path.GetDirectoryName(file));
            Assert.Matches("^[0-9a-f]{16}\\.log(\\.gz)?$", Path.GetFileName(file));
            Assert.Equal(Path.GetFullPath(file), file);   // nothing to resolve: no '..' left
        }

        [Fact]
        public void Keys_that_end_alike_get_different_files_and_the_same_key_the_same_file()
        {
            using var folder = AccessLogDownloadFolder.Create(_parent);
            const string name = "123456789012_elasticloadbalancing_us-east-1_app.web.1_20261124T1005Z_10.0.0.1_abc.log.gz";
            var a = folder.FileFor("web-logs/AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/24/" + name);
            var b = folder.FileFor("other/AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/24/" + name);
            Assert.NotEqual(a, b);
            Assert.Equal(a, folder.FileFor("web-logs/AWSLogs/123456789012/elasticloadbalancing/us-east-1/2026/11/24/" + name));
            Assert.EndsWith(".log.gz", a, StringComparison.Ordinal);
        }

        [Fact]
        public void Paths_stay_short_enough_for_Windows_PowerShell_under_a_long_temp_folder()
        {
            // A Run Command's %TEMP% (SYSTEM profile) is about 60 characters; the limit is 259.
            const string systemTemp = @"C:\Windows\system32\config\systemprofile\AppData\Local\Temp\";
            using var folder = AccessLogDownloadFolder.Create(_parent);
            var added = folder.FileFor(new string('k', 1024)).Length - _parent.Length;
            Assert.True(systemTemp.Length + added < 100, "adds " + added + " characters");
        }

        [Fact]
        public void The_folder_is_private_from_its_creation_and_removed_with_its_files()
        {
            var folder = AccessLogDownloadFolder.Create(_parent);
            Assert.StartsWith(AccessLogDownloadFolder.NamePrefix, Path.GetFileName(folder.Path), StringComparison.Ordinal);
#if NET
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder.Path));
#else
            // .NET Framework (Mono here) cannot read a Unix mode, and the folder came from libc's mkdir: ask stat.
            if (Path.DirectorySeparatorChar == '/')
            {
                using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", "-c %a " + folder.Path) { RedirectStandardOutput = true, UseShellExecute = false })!;
                Assert.Equal("700", stat.StandardOutput.ReadToEnd().Trim());
                stat.WaitForExit();
            }
#endif
            File.WriteAllText(folder.FileFor("k.log"), "x");
            folder.Dispose();
            Assert.False(Directory.Exists(folder.Path));
        }

        [Fact]
        public void A_folder_that_exists_already_is_never_taken_over()
        {
            var planted = Path.Combine(_parent, "planted");
            Directory.CreateDirectory(planted);
            Assert.Throws<IOException>(() => PrivateDirectory.Create(planted));
            // Two folders never share a name.
            using var one = AccessLogDownloadFolder.Create(_parent);
            using var two = AccessLogDownloadFolder.Create(_parent);
            Assert.NotEqual(one.Path, two.Path);
            Assert.Equal(2, Directory.GetDirectories(_parent).Count(d => Path.GetFileName(d).StartsWith(AccessLogDownloadFolder.NamePrefix, StringComparison.Ordinal)));
        }
    }
}
