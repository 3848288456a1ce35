using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
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
        private readonly string _executable;
        private readonly AwsCommonParameters _common;
        private readonly (string AccessKey, string SecretKey, string? SessionToken)? _keys;
        private readonly Action<string> _verbose;
        private readonly Redaction _redaction;

        public AwsCliBackend(string executable, AwsCommonParameters common, Action<string> verbose)
        {
            _executable = executable;
            _common = common;
            _keys = common.ResolveKeys();
            _verbose = verbose;
            _redaction = common.CreateRedaction(_keys);
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
            List<string> arguments;
            (string FileName, string Arguments) commandLine;
            // Values that go through a file (AwsCliArguments) live in a private folder for this call only.
            AccessLogs.AccessLogDownloadFolder? valueFiles = null;
            var written = 0;
            string WriteValueFile(string value)
            {
                valueFiles ??= AccessLogs.AccessLogDownloadFolder.Create();
                var path = Path.Combine(valueFiles.Path, "value" + (written++).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".txt");
                File.WriteAllText(path, value, new UTF8Encoding(false));
                return path;
            }
            int exitCode;
            string stdout, stderr;
            try
            {
                try
                {
                    arguments = AwsCliArguments.Build(map, request, _common.Region, _keys is null ? _common.ProfileName : null, _common.EndpointUrl, WriteValueFile);
                    commandLine = ProcessCommandLine.For(_executable, arguments, Environment.GetEnvironmentVariable("ComSpec"));
                }
                catch (AwsArgumentException e)
                {
                    // A value from a snapshot or an AWS response that no AWS resource could have: this call only.
                    throw new AwsCallException(request.Operation, AwsFailure.UnsafeValue, _redaction.Redact(e.Message));
                }
                _verbose(DisplayText.Safe(_redaction.Redact("aws " + string.Join(" ", arguments))));
                (exitCode, stdout, stderr) = Run(commandLine, cancellationToken);
            }
            finally
            {
                valueFiles?.Dispose();
            }
            if (exitCode != 0) throw ToException(request.Operation, exitCode, stderr);
            if (string.IsNullOrWhiteSpace(stdout)) return new JsonObject();   // e.g. no web ACL associated
            try
            {
                return JsonValue.Parse(stdout, "aws " + map.CliService + " " + map.CliCommand) as JsonObject
                    ?? throw new AwsCallException(request.Operation, "UnexpectedOutput", "The aws CLI printed JSON that is not an object.");
            }
            catch (JsonException e)
            {
                throw new AwsCallException(request.Operation, "UnexpectedOutput", "The aws CLI did not print JSON: " + _redaction.Redact(e.Message));
            }
        }

        private (int ExitCode, string Stdout, string Stderr) Run((string FileName, string Arguments) commandLine, CancellationToken cancellationToken)
        {
            var psi = new ProcessStartInfo
            {
                FileName = commandLine.FileName,
                Arguments = commandLine.Arguments,
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
                throw new AwsCallException("aws", "CliNotRunnable", "Could not run the aws CLI at " + _executable + ": " + e.Message, null, isFatal: true);
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

        private AwsCallException ToException(string operation, int exitCode, string stderr) =>
            AwsFailureReader.FromCliStderr(operation, exitCode, stderr, _redaction, AwsFailure.EndpointOf(operation, _common.Region, _common.EndpointUrl, _redaction));
    }
}
