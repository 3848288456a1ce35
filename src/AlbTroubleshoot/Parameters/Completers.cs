using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot
{
    /// <summary>
    /// Tab completion for -Region: the Regions of the AWS partitions a load balancer can live in.
    /// A static list, so completion never calls AWS. Source: the AWS Regions page
    /// https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html (checked
    /// against the partitions of botocore's endpoints.json, awscli 1.45); update it when AWS opens a Region.
    /// </summary>
    public sealed class RegionCompleter : IArgumentCompleter
    {
        internal static readonly KeyValuePair<string, string>[] Regions =
        {
            Region("us-east-1", "US East (N. Virginia)"), Region("us-east-2", "US East (Ohio)"),
            Region("us-west-1", "US West (N. California)"), Region("us-west-2", "US West (Oregon)"),
            Region("af-south-1", "Africa (Cape Town)"),
            Region("ap-east-1", "Asia Pacific (Hong Kong)"), Region("ap-east-2", "Asia Pacific (Taipei)"),
            Region("ap-northeast-1", "Asia Pacific (Tokyo)"), Region("ap-northeast-2", "Asia Pacific (Seoul)"),
            Region("ap-northeast-3", "Asia Pacific (Osaka)"), Region("ap-south-1", "Asia Pacific (Mumbai)"),
            Region("ap-south-2", "Asia Pacific (Hyderabad)"), Region("ap-southeast-1", "Asia Pacific (Singapore)"),
            Region("ap-southeast-2", "Asia Pacific (Sydney)"), Region("ap-southeast-3", "Asia Pacific (Jakarta)"),
            Region("ap-southeast-4", "Asia Pacific (Melbourne)"), Region("ap-southeast-5", "Asia Pacific (Malaysia)"),
            Region("ap-southeast-6", "Asia Pacific (New Zealand)"), Region("ap-southeast-7", "Asia Pacific (Thailand)"),
            Region("ca-central-1", "Canada (Central)"), Region("ca-west-1", "Canada West (Calgary)"),
            Region("eu-central-1", "Europe (Frankfurt)"), Region("eu-central-2", "Europe (Zurich)"),
            Region("eu-north-1", "Europe (Stockholm)"), Region("eu-south-1", "Europe (Milan)"),
            Region("eu-south-2", "Europe (Spain)"), Region("eu-west-1", "Europe (Ireland)"),
            Region("eu-west-2", "Europe (London)"), Region("eu-west-3", "Europe (Paris)"),
            Region("il-central-1", "Israel (Tel Aviv)"), Region("me-central-1", "Middle East (UAE)"),
            Region("me-south-1", "Middle East (Bahrain)"), Region("mx-central-1", "Mexico (Central)"),
            Region("sa-east-1", "South America (Sao Paulo)"),
            Region("us-gov-east-1", "AWS GovCloud (US-East)"), Region("us-gov-west-1", "AWS GovCloud (US-West)"),
            Region("cn-north-1", "China (Beijing)"), Region("cn-northwest-1", "China (Ningxia)"),
            Region("eusc-de-east-1", "AWS European Sovereign Cloud (Germany)"),
        };

        private static KeyValuePair<string, string> Region(string code, string name) => new KeyValuePair<string, string>(code, name);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = Completion.Unquote(wordToComplete);
            return Regions.Where(r => r.Key.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Select(r => new CompletionResult(r.Key, r.Key, CompletionResultType.ParameterValue, r.Key + "  " + r.Value));
        }
    }

    /// <summary>
    /// Tab completion for -ProfileName: the profile names in the AWS shared credentials and config
    /// files (the ones -ProfileLocation, AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name, else
    /// ~/.aws/credentials and ~/.aws/config). Only section names are read, never a value, from files
    /// of at most 1 MB; a file that cannot be read completes nothing rather than failing.
    /// </summary>
    public sealed class ProfileNameCompleter : IArgumentCompleter
    {
        private const long MaxFileBytes = 1024 * 1024;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = Completion.Unquote(wordToComplete);
            var location = fakeBoundParameters?["ProfileLocation"] as string;
            return ProfileNames(location)
                .Where(n => n.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(Completion.Quote(n), n, CompletionResultType.ParameterValue, n));
        }

        /// <summary>The distinct profile names of the credentials file (or <paramref name="profileLocation"/>) and the config file, sorted.</summary>
        internal static IReadOnlyList<string> ProfileNames(string? profileLocation)
        {
            var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            string? InAws(string file) => string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".aws", file);
            var credentials = !string.IsNullOrEmpty(profileLocation) ? Completion.FileSystemPath(profileLocation!)
                : Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE") is { Length: > 0 } c ? c : InAws("credentials");
            var config = Environment.GetEnvironmentVariable("AWS_CONFIG_FILE") is { Length: > 0 } f ? f : InAws("config");
            return Sections(credentials, isConfig: false).Concat(Sections(config, isConfig: true))
                .Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
        }

        /// <summary>"[name]" in a credentials file; "[default]" and "[profile name]" in a config file (not sso-session or services sections).</summary>
        private static IEnumerable<string> Sections(string? file, bool isConfig)
        {
            var names = new List<string>();
            try
            {
                if (string.IsNullOrEmpty(file) || !File.Exists(file) || new FileInfo(file).Length > MaxFileBytes) return names;
                foreach (var raw in File.ReadAllLines(file))
                {
                    var line = raw.Trim();
                    if (line.Length < 3 || line[0] != '[' || line[line.Length - 1] != ']') continue;
                    var section = line.Substring(1, line.Length - 2).Trim();
                    if (isConfig)
                    {
                        if (section == "default") names.Add(section);
                        else if (section.StartsWith("profile ", StringComparison.Ordinal)) names.Add(section.Substring(8).Trim());
                    }
                    else
                    {
                        names.Add(section);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // Completion must never fail; an unreadable file has no names to offer.
            }
            return names.Where(n => n.Length > 0 && n.All(ch => !char.IsControl(ch)));
        }
    }

    /// <summary>
    /// Tab completion for -Name and -LoadBalancerArn from the snapshot given with -Snapshot on the same
    /// command line (a path, with wildcards, or a snapshot object in a variable). Nothing is completed
    /// live: a describe call on every Tab would be slow and could prompt for credentials. Snapshot files
    /// over 16 MB are not read.
    /// </summary>
    public sealed class LoadBalancerCompleter : IArgumentCompleter
    {
        private const long MaxFileBytes = 16L * 1024 * 1024;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = Completion.Unquote(wordToComplete);
            var wantArn = string.Equals(parameterName, "LoadBalancerArn", StringComparison.OrdinalIgnoreCase);
            var values = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (name, arn) in LoadBalancersOf(fakeBoundParameters?["Snapshot"]))
            {
                var value = wantArn ? arn : name;
                if (value.Length > 0 && value.StartsWith(word, StringComparison.OrdinalIgnoreCase)) values.Add(value);
            }
            return values.Select(v => new CompletionResult(Completion.Quote(v), v, CompletionResultType.ParameterValue, v));
        }

        private static IEnumerable<(string Name, string Arn)> LoadBalancersOf(object? snapshot)
        {
            var value = snapshot is PSObject pso ? pso.BaseObject : snapshot;
            if (value is null) yield break;
            if (value is IEnumerable items && value is not string)
            {
                foreach (var item in items)
                    foreach (var lb in LoadBalancersOf(item)) yield return lb;
                yield break;
            }
            switch (value)
            {
                case AlbSnapshot s:
                    for (var i = 0; i < s.LoadBalancers.Length; i++) yield return (s.LoadBalancers[i], i < s.LoadBalancerArns.Length ? s.LoadBalancerArns[i] : string.Empty);
                    break;
                case FileSystemInfo f:
                    foreach (var lb in FromFile(f.FullName)) yield return lb;
                    break;
                case string path:
                    foreach (var file in Completion.ResolveFiles(path))
                        foreach (var lb in FromFile(file)) yield return lb;
                    break;
            }
        }

        /// <summary>The names and ARNs of DescribeLoadBalancers, without mapping the rest of the file.</summary>
        private static IEnumerable<(string Name, string Arn)> FromFile(string file)
        {
            JsonObject? document = null;
            try
            {
                if (File.Exists(file) && new FileInfo(file).Length <= MaxFileBytes)
                    document = JsonValue.Parse(File.ReadAllText(file), file) as JsonObject;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or ArgumentException)
            {
                document = null;
            }
            var loadBalancers = (document?[SnapshotOperations.DescribeLoadBalancers] as JsonObject)?["LoadBalancers"] as JsonArray;
            foreach (var lb in (loadBalancers ?? new JsonArray()).OfType<JsonObject>())
            {
                var name = lb["LoadBalancerName"]?.AsString() ?? string.Empty;
                var arn = lb["LoadBalancerArn"]?.AsString() ?? string.Empty;
                if (name.All(c => !char.IsControl(c)) && arn.All(c => !char.IsControl(c))) yield return (name, arn);
            }
        }
    }

    /// <summary>What the completers share: quoting for the command line, and paths relative to PowerShell's location.</summary>
    internal static class Completion
    {
        public static string Unquote(string? word) => (word ?? string.Empty).Trim('\'', '"');

        /// <summary>The text as one command-line argument: single-quoted when it has anything but letters, digits and -._:/@+=.</summary>
        public static string Quote(string value) =>
            value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || "-._:/@+=".IndexOf(c) >= 0)
                ? value
                : "'" + value.Replace("'", "''") + "'";

        /// <summary>The file a path names, resolved against PowerShell's current location (relative paths, ~, PSDrives); the path itself when it names nothing.</summary>
        public static string FileSystemPath(string path) => Resolve(path, literal: true) is { Count: > 0 } found ? found[0] : path;

        /// <summary>The files a (wildcard) path names in the file system, at most 8; none when it names nothing.</summary>
        public static IEnumerable<string> ResolveFiles(string path) => Resolve(path, literal: false).Where(File.Exists).Take(8).ToList();

        /// <summary>
        /// Resolve-Path in the caller's session. Completers run inside the completion pipeline, where
        /// the runspace's SessionStateProxy refuses calls, but a nested command on this thread works.
        /// </summary>
        private static IReadOnlyList<string> Resolve(string path, bool literal)
        {
            try
            {
                using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
                ps.AddCommand("Microsoft.PowerShell.Management\\Resolve-Path").AddParameter(literal ? "LiteralPath" : "Path", path)
                    .AddParameter("ErrorAction", ActionPreference.Ignore);
                return ps.Invoke().Select(o => o.BaseObject).OfType<PathInfo>()
                    .Where(p => p.Provider?.Name == "FileSystem").Select(p => p.ProviderPath).ToList();
            }
            catch (Exception e) when (e is RuntimeException or InvalidOperationException or ArgumentException)
            {
                return Array.Empty<string>();
            }
        }
    }
}
