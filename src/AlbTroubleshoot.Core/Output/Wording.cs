using System.Globalization;

namespace AlbTroubleshoot
{
    /// <summary>How messages, evidence and reports write counts: one place for every command and engine.</summary>
    internal static class Wording
    {
        /// <summary>"1 file", "3 files".</summary>
        public static string Plural(long n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");

        /// <summary>"1,234": a count of lines, with thousands separators.</summary>
        public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
    }
}
