using System;
using System.IO;

namespace AlbTroubleshoot.Tests
{
    /// <summary>Finds files of the repository from the test binaries' folder.</summary>
    internal static class RepoPaths
    {
        public static string Root { get; } = FindRoot();

        public static string Combine(params string[] parts) => Path.Combine(Root, Path.Combine(parts));

        private static string FindRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AlbTroubleshoot.psd1")))
                dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("The repository root (AlbTroubleshoot.psd1) was not found above " + AppContext.BaseDirectory);
        }
    }
}
