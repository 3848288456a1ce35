using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using AlbTroubleshoot.Json;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// Runs the aws CLI (v1 or v2) as a child process per call, with --output json. The CLI follows
    /// pagination itself and prints exactly the snapshot's CLI shape. Keys go only into the child's
    /// environment, never onto its command line (visible to other users) or into any message.
    /// </summary>
    internal sealed class AwsCliBackend : IAwsBackend
    {
        private static readonly Regex ServiceError = new Regex(@"An error occurred \((?<code>[^)]+)\)[^:]*:\s*(?<message>.*)", RegexOptions.Singleline | RegexOptions.CultureInvariant);

        private static readonly char[] LineBreak = { '\n' };
        private static readonly char[] NeedsQuotes = { ' ', '\t', '"' };

        private readonly string _executable;
        private readonly AwsCommonParameters _common;
        private readonly (string AccessKey, string SecretKey, string? SessionToken)? _keys;
        private readonly Action<string> _verbose;

        public AwsCliBackend(string executable, AwsCommonParameters common, Action<string> verbose)
        {
            _executable = executable;
            _common = common;
            _keys = common.ResolveKeys();
            _verbose = verbose;
        }

        public string Name => "AwsCli";

        /// <summary>The aws executable on PATH (aws, or on Windows aws.exe/aws.cmd), or null.</summary>
        public static string? FindExecutable()
        {
            var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
            var windows = Path.DirectorySeparatorChar == '\\';
            var names = windows ? new[] { "aws.exe", "aws.cmd", "aws.bat" } : new[] { "aws" };
            foreach (var dir in path.Split(Path.PathSeparator))
            {
                if (dir.Length == 0) continue;
                foreach (var name in names)
                {
                    string candidate;
                    try { candidate = Path.Combine(dir.Trim('"'), name); }
                    catch (ArgumentException) { continue; }
                    if (File.Exists(candidate)) return candidate;
                }
            }
            return null;
        }

        public JsonObject Invoke(AwsRequest request, CancellationToken cancellationToken)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            var map = AwsOperationMap.For(request.Operation);
            var arguments = BuildArguments(map, request);
            _verbose("aws " + string.Join(" ", arguments));
            var (exitCode, stdout, stderr) = Run(arguments, cancellationToken);
            if (exitCode != 0) throw ToException(request.Operation, exitCode, stderr);
            if (string.IsNullOrWhiteSpace(stdout)) return new JsonObject();   // e.g. no web ACL associated
            try
            {
                return JsonValue.Parse(stdout, "aws " + map.CliService + " " + map.CliCommand) as JsonObject
                    ?? throw new AwsCallException(request.Operation, "UnexpectedOutput", "The aws CLI printed JSON that is not an object.");
            }
            catch (JsonException e)
            {
                throw new AwsCallException(request.Operation, "UnexpectedOutput", "The aws CLI did not print JSON: " + e.Message, e);
            }
        }

        private List<string> BuildArguments(AwsOperationMap map, AwsRequest request)
        {
            var args = new List<string> { map.CliService, map.CliCommand };
            foreach (var p in request.Parameters.Where(p => !map.CliPositional.Contains(p.Key)))
            {
                args.Add(AwsOperationMap.CliOption(p.Key));
                args.AddRange(p.Value);
            }
            if (request.Filters.Count > 0)
            {
                // Shorthand syntax: no quotes, so it survives every shell and cmd.exe unchanged.
                args.Add("--filters");
                foreach (var f in request.Filters) args.Add("Name=" + f.Key + ",Values=" + string.Join(",", f.Value));
            }
            foreach (var name in map.CliPositional)
                args.AddRange(request.Parameters.Where(p => p.Key == name).SelectMany(p => p.Value));
            args.Add("--output");
            args.Add("json");
            if (!string.IsNullOrEmpty(_common.Region)) { args.Add("--region"); args.Add(_common.Region!); }
            if (!string.IsNullOrEmpty(_common.ProfileName) && _keys is null) { args.Add("--profile"); args.Add(_common.ProfileName!); }
            if (!string.IsNullOrEmpty(_common.EndpointUrl)) { args.Add("--endpoint-url"); args.Add(_common.EndpointUrl!); }
            return args;
        }

        private (int ExitCode, string Stdout, string Stderr) Run(List<string> arguments, CancellationToken cancellationToken)
        {
            var viaCmd = _executable.EndsWith(".cmd", StringComparison.OrdinalIgnoreCase) || _executable.EndsWith(".bat", StringComparison.OrdinalIgnoreCase);
            var commandLine = string.Join(" ", arguments.Select(Quote));
            var psi = new ProcessStartInfo
            {
                FileName = viaCmd ? Environment.GetEnvironmentVariable("ComSpec") ?? "cmd.exe" : _executable,
                Arguments = viaCmd ? "/d /s /c \"" + Quote(_executable) + " " + commandLine + "\"" : commandLine,
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
            };
            var env = psi.EnvironmentVariables;
            env["AWS_PAGER"] = string.Empty;            // CLI v2 must never wait for a pager
            env["PYTHONIOENCODING"] = "utf-8";          // CLI v1 on Windows: names with non-ASCII characters
            if (!string.IsNullOrEmpty(_common.ProfileLocation)) env["AWS_SHARED_CREDENTIALS_FILE"] = _common.ProfileLocation;   // -ProfileLocation
            if (_keys is { } keys)
            {
                env["AWS_ACCESS_KEY_ID"] = keys.AccessKey;
                env["AWS_SECRET_ACCESS_KEY"] = keys.SecretKey;
                if (string.IsNullOrEmpty(keys.SessionToken)) env.Remove("AWS_SESSION_TOKEN");
                else env["AWS_SESSION_TOKEN"] = keys.SessionToken;
                env.Remove("AWS_PROFILE");   // explicit keys win, as in AWS Tools
            }

            using var process = new Process { StartInfo = psi };
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new AwsCallException("aws", "CliNotRunnable", "Could not run the aws CLI at " + _executable + ": " + e.Message, e, isFatal: true);
            }
            var stderrTask = process.StandardError.ReadToEndAsync();
            using (cancellationToken.Register(() => { try { process.Kill(); } catch (InvalidOperationException) { } }))
            {
                var stdout = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                cancellationToken.ThrowIfCancellationRequested();
                return (process.ExitCode, stdout, stderrTask.GetAwaiter().GetResult());
            }
        }

        private static AwsCallException ToException(string operation, int exitCode, string stderr)
        {
            var text = stderr.Trim();
            var m = ServiceError.Match(text);
            if (m.Success)
                return new AwsCallException(operation, m.Groups["code"].Value, m.Groups["message"].Value.Trim());
            // An older CLI without the command (e.g. wafv2): only that section is lost.
            if (text.IndexOf("Invalid choice", StringComparison.OrdinalIgnoreCase) >= 0)
                return new AwsCallException(operation, "CommandNotSupported", "This aws CLI does not know the command; update the AWS CLI. " + FirstLine(text));
            // No credentials, no region, endpoint unreachable: every other call would fail the same way.
            return new AwsCallException(operation, "CliFailed", "The aws CLI failed (exit code " + exitCode + "): " + FirstLine(text), null, isFatal: true);
        }

        private static string FirstLine(string text)
        {
            var lines = text.Split(LineBreak, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            return lines.Count == 0 ? "(no message)" : lines[lines.Count - 1];
        }

        /// <summary>Quotes one argument by the Windows CommandLineToArgvW rules (which .NET also applies on Unix).</summary>
        internal static string Quote(string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(NeedsQuotes) < 0) return argument;
            var result = new StringBuilder("\"");
            var backslashes = 0;
            foreach (var c in argument)
            {
                if (c == '\\') { backslashes++; continue; }
                if (c == '"') { result.Append('\\', 2 * backslashes + 1); backslashes = 0; result.Append('"'); continue; }
                result.Append('\\', backslashes);
                backslashes = 0;
                result.Append(c);
            }
            result.Append('\\', 2 * backslashes).Append('"');
            return result.ToString();
        }
    }
}
