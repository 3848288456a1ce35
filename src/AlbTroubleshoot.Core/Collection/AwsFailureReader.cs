using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// Reads what went wrong from what each back end gives: the aws CLI's stderr, or the exceptions
    /// of an AWS Tools cmdlet (read by type name and by an ErrorCode property, as the module
    /// references no AWS SDK). Messages are redacted before they go into the <see cref="AwsCallException"/>.
    /// </summary>
    internal static class AwsFailureReader
    {
        // awscli prints service errors as "An error occurred (Code) when calling the Operation operation: message".
        private static readonly Regex ServiceError = new Regex(@"An error occurred \((?<code>[^)]+)\)[^:]*:\s*(?<message>.*)", RegexOptions.Singleline | RegexOptions.CultureInvariant);

        private static readonly char[] LineBreak = { '\n' };

        // botocore's client-side exceptions, by the text they print (botocore/exceptions.py).
        private static readonly (string Marker, string Code)[] CliClientFailures =
        {
            ("Unable to locate credentials", AwsFailure.NoCredentials),
            ("Partial credentials found", AwsFailure.NoCredentials),
            ("The config profile (", AwsFailure.ProfileNotFound),
            ("You must specify a region", AwsFailure.NoRegion),
            ("Could not connect to the endpoint URL", AwsFailure.EndpointUnreachable),
            ("Connect timeout on endpoint URL", AwsFailure.EndpointUnreachable),
            ("Read timeout on endpoint URL", AwsFailure.EndpointUnreachable),
            ("Connection was closed before we received a valid response", AwsFailure.EndpointUnreachable),
            ("SSL validation failed", AwsFailure.EndpointUnreachable),
            ("Failed to connect to proxy URL", AwsFailure.EndpointUnreachable),
            ("An HTTP Client failed to establish a connection", AwsFailure.EndpointUnreachable),
        };

        // AWS Tools' own messages (BaseCmdlets.cs / ServiceCmdlet: ThrowExecutionError "No credentials specified or
        // obtained from persisted/shell defaults.", "No region specified or obtained from persisted/shell defaults.").
        private static readonly (Regex Pattern, string Code)[] ToolsClientFailures =
        {
            (new Regex(@"No credentials specified", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), AwsFailure.NoCredentials),
            (new Regex(@"profile\b.*\b(?:not found|could not be found|does not exist|was not found)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), AwsFailure.ProfileNotFound),
            (new Regex(@"No region specified", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), AwsFailure.NoRegion),
        };

        // Exceptions of the network stack under the SDK: refused, unresolvable, reset, timed out, TLS.
        private static readonly HashSet<string> NetworkExceptionTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "System.Net.Http.HttpRequestException", "System.Net.WebException", "System.Net.Sockets.SocketException",
            "System.Security.Authentication.AuthenticationException", "System.TimeoutException", "System.Threading.Tasks.TaskCanceledException",
        };

        /// <summary>The failure the aws CLI's stderr describes (see <see cref="CliClientFailures"/> for the client-side ones).</summary>
        public static AwsCallException FromCliStderr(string operation, int exitCode, string stderr, Redaction redaction, string endpoint)
        {
            if (redaction is null) throw new ArgumentNullException(nameof(redaction));
            var text = redaction.Redact(stderr).Trim();
            var m = ServiceError.Match(text);
            if (m.Success)
                return new AwsCallException(operation, m.Groups["code"].Value, m.Groups["message"].Value.Trim(), endpoint: endpoint);
            // An older CLI without the command (e.g. wafv2): only that section is lost.
            if (text.IndexOf("Invalid choice", StringComparison.OrdinalIgnoreCase) >= 0)
                return new AwsCallException(operation, "CommandNotSupported", "This aws CLI does not know the command; update the AWS CLI. " + LastLine(text));
            foreach (var (marker, code) in CliClientFailures)
            {
                if (text.IndexOf(marker, StringComparison.OrdinalIgnoreCase) < 0) continue;
                var url = code == AwsFailure.EndpointUnreachable ? AwsFailure.UrlIn(text) : null;
                return new AwsCallException(operation, code, LastLine(text), endpoint: url ?? endpoint);
            }
            // Anything else (a CLI too old for an option, a broken installation) would repeat on every call.
            return new AwsCallException(operation, "CliFailed", "The aws CLI failed (exit code " + exitCode + "): " + LastLine(text), null, isFatal: true, endpoint: endpoint);
        }

        /// <summary>
        /// The failure an AWS Tools cmdlet reported, from its exceptions (the error record's exception
        /// and everything inside it): the SDK's ErrorCode when AWS answered, else a network failure,
        /// else AWS Tools' own message about credentials or the Region.
        /// </summary>
        /// <param name="exceptions">The exceptions to read, outermost first.</param>
        public static AwsCallException FromToolsExceptions(string operation, string cmdlet, IReadOnlyList<Exception> exceptions, Redaction redaction, string endpoint)
        {
            if (exceptions is null) throw new ArgumentNullException(nameof(exceptions));
            if (redaction is null) throw new ArgumentNullException(nameof(redaction));
            foreach (var e in exceptions)
            {
                var property = e.GetType().GetProperty("ErrorCode", BindingFlags.Public | BindingFlags.Instance);
                if (property?.PropertyType == typeof(string) && property.GetValue(e) is string code && code.Length > 0)
                    return new AwsCallException(operation, code, redaction.Redact(e.Message), endpoint: endpoint);
            }
            var network = exceptions.FirstOrDefault(e => NetworkExceptionTypes.Contains(e.GetType().FullName ?? string.Empty));
            if (network is not null)
                return new AwsCallException(operation, AwsFailure.EndpointUnreachable, cmdlet + " could not reach the endpoint: " + redaction.Redact(network.Message), endpoint: endpoint);
            foreach (var e in exceptions)
                foreach (var (pattern, code) in ToolsClientFailures)
                    if (pattern.IsMatch(e.Message))
                        return new AwsCallException(operation, code, cmdlet + ": " + redaction.Redact(e.Message), endpoint: endpoint);
            var innermost = exceptions.Count > 0 ? exceptions[exceptions.Count - 1].Message : "(no message)";
            return new AwsCallException(operation, "AwsToolsFailed", cmdlet + " failed: " + redaction.Redact(innermost), null, isFatal: true, endpoint: endpoint);
        }

        private static string LastLine(string text)
        {
            var lines = text.Split(LineBreak, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            return lines.Count == 0 ? "(no message)" : lines[lines.Count - 1];
        }
    }
}
