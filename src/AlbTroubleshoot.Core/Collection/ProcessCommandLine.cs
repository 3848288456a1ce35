using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// The one place that turns an argument list into the single command-line string a child
    /// process gets (ProcessStartInfo.Arguments; netstandard2.0 has no ArgumentList), for the aws CLI.
    /// <para>
    /// A program (aws.exe, or aws on Linux and macOS) splits the string back by the Microsoft C
    /// runtime rules, which .NET also applies on Unix: an argument with spaces, tabs or quotes is
    /// quoted, a quote inside is written \", and backslashes are doubled only before a quote
    /// ("Parsing C++ command-line arguments", https://learn.microsoft.com/cpp/cpp/main-function-command-line-args#parsing-c-command-line-arguments).
    /// </para>
    /// <para>
    /// A batch file (aws.cmd, which pip installs on Windows) cannot be started directly: it runs in
    /// cmd.exe, which reads the line by its own rules first, and aws.cmd hands its arguments on with
    /// %*, re-reading them the same way (the "BatBadBut" class of flaws, CVE-2024-24576). The line
    /// is built so that cmd.exe can only run aws.cmd with exactly these arguments:
    /// <list type="bullet">
    /// <item><c>cmd.exe /d /v:off /s /c "…"</c>: /d skips AutoRun commands, /v:off turns delayed
    /// expansion off so ! is plain text, /s /c takes the line between the first and the last quote
    /// as is (https://learn.microsoft.com/windows-server/administration/windows-commands/cmd);</item>
    /// <item>every argument is quoted: between quotes cmd.exe does not treat &amp; | &lt; &gt; ^ ( ) as
    /// operators or escapes, and spaces do not split;</item>
    /// <item>a value holding a double quote, which would end the quoting early, or %, which cmd.exe
    /// expands as a variable even between quotes and which no escape can protect there, or a
    /// control character other than a tab (a line feed ends the command) is refused with an error rather than guessed
    /// at: no AWS name, ARN, ID or log key holds them (use aws.exe, the AWS CLI v2 installer, or
    /// AWS Tools for other values).</item>
    /// </list>
    /// </para>
    /// </summary>
    internal static class ProcessCommandLine
    {
        /// <summary>cmd.exe's longest command line (https://learn.microsoft.com/troubleshoot/windows-client/shell-experience/command-line-string-limitation).</summary>
        internal const int CmdMaxLength = 8191;

        /// <summary>True for files Windows runs through cmd.exe.</summary>
        public static bool IsBatchFile(string executable) =>
            executable.EndsWith(".cmd", StringComparison.OrdinalIgnoreCase) || executable.EndsWith(".bat", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// The FileName and Arguments that run <paramref name="executable"/> with exactly these
        /// arguments: directly, or through <paramref name="comSpec"/> (cmd.exe) for a batch file.
        /// </summary>
        /// <exception cref="AwsArgumentException">An argument cannot be passed through cmd.exe safely.</exception>
        public static (string FileName, string Arguments) For(string executable, IReadOnlyList<string> arguments, string? comSpec)
        {
            if (executable is null) throw new ArgumentNullException(nameof(executable));
            if (arguments is null) throw new ArgumentNullException(nameof(arguments));
            return IsBatchFile(executable)
                ? (string.IsNullOrEmpty(comSpec) ? "cmd.exe" : comSpec!, ForCmd(executable, arguments))
                : (executable, string.Join(" ", arguments.Select(a => Quote(a, always: false))));
        }

        /// <summary>The arguments of cmd.exe that run a batch file with these arguments (see the class remarks).</summary>
        internal static string ForCmd(string batchFile, IReadOnlyList<string> arguments)
        {
            var line = new StringBuilder("/d /v:off /s /c \"").Append(CmdArgument(batchFile, "the aws CLI path"));
            foreach (var a in arguments) line.Append(' ').Append(CmdArgument(a, "a value"));
            line.Append('"');
            if (line.Length > CmdMaxLength)
                throw new AwsArgumentException(ErrorIds.UnsafeAwsValue, "aws", "The aws command line would be longer than the " + CmdMaxLength + " characters cmd.exe accepts.");
            return line.ToString();
        }

        private static string CmdArgument(string value, string what)
        {
            foreach (var c in value)
            {
                if (c == '"' || c == '%' || (char.IsControl(c) && c != '\t'))
                    throw new AwsArgumentException(ErrorIds.UnsafeAwsValue, "aws",
                        "Cannot pass " + what + " " + AwsValueRules.Show(value) + " to aws.cmd: cmd.exe would read its " +
                        (c == '"' ? "double quote" : c == '%' ? "% as a variable" : "control character") +
                        ". Install the AWS CLI v2 (aws.exe), or use -Source AwsTools.");
            }
            return Quote(value, always: true);
        }

        /// <summary>
        /// One argument quoted by the Microsoft C runtime rules: as is when it has no space, tab or
        /// quote (and <paramref name="always"/> is false), else in quotes with \" for a quote and the
        /// backslashes before a quote (or before the closing quote) doubled.
        /// </summary>
        internal static string Quote(string argument, bool always)
        {
            if (!always && argument.Length > 0 && argument.IndexOfAny(NeedsQuotes) < 0) return argument;
            var result = new StringBuilder(argument.Length + 2).Append('"');
            var backslashes = 0;
            foreach (var c in argument)
            {
                if (c == '\\') { backslashes++; continue; }
                if (c == '"') { result.Append('\\', 2 * backslashes + 1).Append('"'); backslashes = 0; continue; }
                result.Append('\\', backslashes).Append(c);
                backslashes = 0;
            }
            return result.Append('\\', 2 * backslashes).Append('"').ToString();
        }

        private static readonly char[] NeedsQuotes = { ' ', '\t', '"', '\n', '\v' };
    }
}
