using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using AlbTroubleshoot.Collection;
#if NET
using CsCheck;
#endif
using Xunit;

namespace AlbTroubleshoot.Tests.Security
{
    /// <summary>
    /// The one quoting function (<see cref="ProcessCommandLine"/>) against the documented rules of the
    /// two readers of a command line on Windows, modelled here because Windows is not on the build
    /// machines:
    /// <list type="bullet">
    /// <item>cmd.exe (https://learn.microsoft.com/windows-server/administration/windows-commands/cmd and
    /// the parsing phases as documented for cmd /?, "set /?" and "call /?"): /s /c strips the first and
    /// the last quote of the rest of the line; %name% is expanded in a command line whether or not
    /// it is quoted; outside quotes &amp; | &lt; &gt; separate or redirect commands, ^ escapes the
    /// next character and ( ) group; a quote toggles the quoted state; a line feed ends the command;</item>
    /// <item>the Microsoft C runtime, which splits the arguments of aws.exe and of the Python behind
    /// aws.cmd ("Parsing C++ command-line arguments",
    /// https://learn.microsoft.com/cpp/cpp/main-function-command-line-args#parsing-c-command-line-arguments).</item>
    /// </list>
    /// </summary>
    public class ProcessCommandLineTests
    {
        private const string Batch = @"C:\Program Files\Python311\Scripts\aws.cmd";

        /// <summary>Values that would run a command, redirect, or split an argument if a quoting rule were wrong.</summary>
        public static readonly TheoryData<string> Hostile = new()
        {
            "web&calc.exe", "web|more", "web>out.txt", "web<in.txt", "a^b", "^&calc", "(x)", "!PATH!", "a b", "\tx",
            @"C:\dir with space\", @"trailing\\", @"\\server\share", "--endpoint-url=http://elsewhere/", "arn:aws:x/y",
            "名前-テスト", "a;b,c=d", "x'y`z",
        };

        [Theory]
        [MemberData(nameof(Hostile))]
        public void Through_cmd_exe_a_value_is_one_argument_and_never_a_command(string value)
        {
            var (fileName, arguments) = ProcessCommandLine.For(Batch, new[] { "elbv2", "describe-load-balancers", "--names=" + value }, @"C:\Windows\system32\cmd.exe");
            Assert.Equal(@"C:\Windows\system32\cmd.exe", fileName);
            var argv = CmdModel.Run(arguments);
            Assert.Equal(new[] { Batch, "elbv2", "describe-load-balancers", "--names=" + value }, argv);
        }

        [Theory]
        [InlineData("web\"&calc&\"", "double quote")]
        [InlineData("%PATH%", "% as a variable")]
        [InlineData("100%", "% as a variable")]
        [InlineData("a\nb", "control character")]
        [InlineData("a\rb", "control character")]
        [InlineData("a\u001bb", "control character")]
        public void Through_cmd_exe_a_value_it_would_read_as_code_is_refused(string value, string why)
        {
            var e = Assert.Throws<AwsArgumentException>(() => ProcessCommandLine.For(Batch, new[] { "--names=" + value }, null));
            Assert.Equal("UnsafeAwsValue", e.ErrorId);
            Assert.Contains(why, e.Message, StringComparison.Ordinal);
            Assert.Contains("aws.exe", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_line_longer_than_cmd_exe_takes_is_refused()
        {
            var e = Assert.Throws<AwsArgumentException>(() => ProcessCommandLine.For(Batch, new[] { new string('a', 9000) }, null));
            Assert.Contains("8191", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Cmd_exe_is_told_to_skip_autorun_and_delayed_expansion()
        {
            var (_, arguments) = ProcessCommandLine.For(Batch, new[] { "x" }, null);
            Assert.StartsWith("/d /v:off /s /c \"", arguments, StringComparison.Ordinal);
        }

#if NET // CsCheck ships for .NET 8+ only
        [Fact]
        public void Through_cmd_exe_any_value_is_refused_or_passed_exactly()
        {
            // Strings over the characters each rule is about, with letters between them.
            var alphabet = Gen.OneOfConst('"', '%', '^', '&', '|', '<', '>', '(', ')', '!', '\\', ' ', '\t', '\n', '\r', 'a', 'Z', '-', '=', '\'', '`', ',', ';', 'é', '\u001b');
            alphabet.Array[0, 12].Select(c => new string(c)).Array[1, 4].Sample(values =>
            {
                string arguments;
                try
                {
                    arguments = ProcessCommandLine.For(Batch, values, null).Arguments;
                }
                catch (AwsArgumentException)
                {
                    Assert.Contains(values, v => v.Any(c => c == '"' || c == '%' || (char.IsControl(c) && c != '\t')));
                    return;
                }
                Assert.Equal(new[] { Batch }.Concat(values), CmdModel.Run(arguments));
            }, iter: 5000);
        }

        [Fact]
        public void A_program_gets_back_exactly_the_arguments_by_the_C_runtime_rules()
        {
            var alphabet = Gen.OneOfConst('"', '\\', ' ', '\t', 'a', '-', '&', '%', '^', 'é');
            alphabet.Array[0, 10].Select(c => new string(c)).Array[0, 4].Sample(values =>
            {
                var (fileName, arguments) = ProcessCommandLine.For("/usr/bin/aws", values, null);
                Assert.Equal("/usr/bin/aws", fileName);
                Assert.Equal(values, CRuntime.Split(arguments, firstIsProgram: false));
            }, iter: 5000);
        }

#endif

#if NET // Mono splits a command line by rules of its own (the products' builds run on .NET, whose rules these are)
        [Fact]
        public void Dotnet_on_this_machine_splits_the_line_back_into_the_same_arguments()
        {
            // The real splitter (.NET's own, on Unix) and a real program: Python prints its argv.
            var values = new[] { "--names=a b", "quote\"inside", @"back\slash\", @"\\""", "", "tab\there", "--endpoint-url=http://elsewhere/", "%PATH%", "é&|<>^" };
            var (_, arguments) = ProcessCommandLine.For("python3", values, null);
            var psi = new ProcessStartInfo("python3", "-c \"import sys, json; print(json.dumps(sys.argv[1:]))\" " + arguments)
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
            };
            psi.Environment["PYTHONIOENCODING"] = "utf-8";
            using var process = Process.Start(psi)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var printed = System.Text.Json.JsonSerializer.Deserialize<string[]>(output);
            Assert.Equal(values, printed);
        }
#endif

        /// <summary>cmd.exe reading "cmd.exe &lt;arguments&gt;" and running a batch file whose %* goes to a C-runtime program.</summary>
        private static class CmdModel
        {
            public static string[] Run(string arguments)
            {
                // The switches, then /c and the command: with /s, the first and last quotes are removed.
                const string Switches = "/d /v:off /s /c ";
                Assert.StartsWith(Switches, arguments, StringComparison.Ordinal);
                var rest = arguments.Substring(Switches.Length);
                Assert.StartsWith("\"", rest, StringComparison.Ordinal);
                var last = rest.LastIndexOf('"');
                Assert.True(last > 0, "no closing quote");
                Assert.Equal(rest.Length - 1, last);   // nothing after it
                var line = rest.Substring(1, last - 1);

                // Phase 1, percent expansion: any % could expand (there is no escape for it between quotes).
                Assert.DoesNotContain('%', line);
                // Delayed expansion (!) is off with /v:off. A line feed ends the command wherever it is.
                Assert.DoesNotContain('\n', line);
                Assert.DoesNotContain('\r', line);

                // Phase 2, special characters: only between quotes are they plain text.
                var quoted = false;
                foreach (var c in line)
                {
                    if (c == '"') quoted = !quoted;
                    else if (!quoted && "&|<>^()".Contains(c, StringComparison.Ordinal))
                        Assert.Fail("cmd.exe would read '" + c + "' outside quotes as an operator in: " + line);
                }
                Assert.False(quoted, "unbalanced quotes");

                // The batch file runs with %* = the rest of this line, which reaches the C runtime of Python unchanged.
                return CRuntime.Split(line, firstIsProgram: true).ToArray();
            }
        }

        /// <summary>The Microsoft C runtime's argument splitting (the post-2008 rules, which .NET also follows).</summary>
        internal static class CRuntime
        {
            public static List<string> Split(string line, bool firstIsProgram)
            {
                var args = new List<string>();
                var i = 0;
                if (firstIsProgram)
                {
                    // argv[0]: up to the next quote if it starts with one, else up to whitespace; no escapes.
                    var sb0 = new StringBuilder();
                    if (i < line.Length && line[i] == '"')
                    {
                        i++;
                        while (i < line.Length && line[i] != '"') sb0.Append(line[i++]);
                        i++;
                    }
                    else
                    {
                        while (i < line.Length && line[i] != ' ' && line[i] != '\t') sb0.Append(line[i++]);
                    }
                    args.Add(sb0.ToString());
                }
                while (true)
                {
                    while (i < line.Length && (line[i] == ' ' || line[i] == '\t')) i++;
                    if (i >= line.Length) return args;
                    var sb = new StringBuilder();
                    var inQuotes = false;
                    while (i < line.Length && (inQuotes || (line[i] != ' ' && line[i] != '\t')))
                    {
                        var backslashes = 0;
                        while (i < line.Length && line[i] == '\\') { backslashes++; i++; }
                        if (i < line.Length && line[i] == '"')
                        {
                            sb.Append('\\', backslashes / 2);
                            if (backslashes % 2 == 1) { sb.Append('"'); i++; continue; }
                            if (inQuotes && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i += 2; continue; }   // "" inside quotes
                            inQuotes = !inQuotes;
                            i++;
                            continue;
                        }
                        sb.Append('\\', backslashes);
                        if (i < line.Length && (inQuotes || (line[i] != ' ' && line[i] != '\t'))) sb.Append(line[i++]);
                    }
                    args.Add(sb.ToString());
                }
            }
        }
    }
}
