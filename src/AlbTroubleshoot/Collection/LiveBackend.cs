using System;
using System.Collections.Generic;
using System.Management.Automation;
using AlbTroubleshoot.Localization;

namespace AlbTroubleshoot.Collection
{
    /// <summary>The §2 parameters a cmdlet that calls AWS takes (AwsStateCmdlet, Measure-AlbAccessLog -Engine Athena).</summary>
    internal interface IAwsParameters
    {
        AwsSource Source { get; }
        string? Region { get; }
        string? ProfileName { get; }
        string? ProfileLocation { get; }
        object? Credential { get; }
        string? AccessKey { get; }
        string? SecretKey { get; }
        string? SessionToken { get; }
        string? EndpointUrl { get; }
    }

    /// <summary>The back end -Source chooses, with the AWS common parameters, for any cmdlet that calls AWS.</summary>
    internal static class LiveBackend
    {
        /// <summary>The back end, retrying throttled calls; a bad credential parameter, or no AWS Tools and no CLI, stops the command.</summary>
        public static IAwsBackend Create(PSCmdlet cmdlet, IAwsParameters p) => Create(cmdlet, p, p.Region, cmdlet.WriteVerbose, null);

        /// <summary>
        /// The same in <paramref name="region"/>, writing verbose text through <paramref name="verbose"/> (a
        /// fleet's workers cannot write), with <paramref name="wrapSource"/> around the source back end,
        /// inside the throttling retry.
        /// </summary>
        public static IAwsBackend Create(PSCmdlet cmdlet, IAwsParameters p, string? region, Action<string> verbose, Func<IAwsBackend, IAwsBackend>? wrapSource)
        {
            try
            {
                var common = new AwsCommonParameters
                {
                    Region = region, ProfileName = p.ProfileName, Credential = p.Credential, AccessKey = p.AccessKey,
                    SecretKey = p.SecretKey, SessionToken = p.SessionToken, EndpointUrl = p.EndpointUrl,
                    // A full path: the aws child process and AWS Tools resolve a relative one against the process's folder, not PowerShell's.
                    ProfileLocation = p.ProfileLocation is null ? null : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(p.ProfileLocation),
                };
                // Checked whichever the back end: a value AWS would refuse never starts a process or a call.
                if (!string.IsNullOrEmpty(region)) AwsValueRules.Check(AwsValueKind.Region, region, "-Region");
                if (!string.IsNullOrEmpty(p.ProfileName)) AwsValueRules.Check(AwsValueKind.ProfileName, p.ProfileName, "-ProfileName");
                if (!string.IsNullOrEmpty(p.EndpointUrl)) AwsValueRules.Check(AwsValueKind.EndpointUrl, p.EndpointUrl, "-EndpointUrl");
                var source = CreateBackend(cmdlet, p.Source, common, verbose);
                return new ThrottlingRetry(wrapSource is null ? source : wrapSource(source), verbose);
            }
            catch (AwsArgumentException e)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(e, e.ErrorId, ErrorCategory.InvalidArgument, e.ParameterName));
                return null!;
            }
            catch (Exception e) when (e is ArgumentException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidCredentialParameter, ErrorCategory.InvalidArgument, null));
                return null!;
            }
        }

        /// <summary>
        /// The values that keep AWS's rule for their kind; each other one is a non-terminating
        /// InvalidArgument error naming the parameter, and never reaches AWS or a command line.
        /// </summary>
        public static List<string> Valid(Cmdlet cmdlet, IEnumerable<string> values, AwsValueKind kind, string parameterName)
        {
            var valid = new List<string>();
            foreach (var value in values)
            {
                try
                {
                    AwsValueRules.Check(kind, value, parameterName);
                    valid.Add(value);
                }
                catch (AwsArgumentException e)
                {
                    cmdlet.WriteError(new ErrorRecord(e, e.ErrorId, ErrorCategory.InvalidArgument, value));
                }
            }
            return valid;
        }

        private static IAwsBackend CreateBackend(PSCmdlet cmdlet, AwsSource source, AwsCommonParameters common, Action<string> verbose)
        {
            switch (source)
            {
                case AwsSource.AwsTools:
                    if (!AwsToolsBackend.IsAvailable())
                        ThrowSourceNotFound(cmdlet, source, ErrorIds.AwsToolsNotFound, ErrorMessages.AwsToolsNotFound.Format());
                    return new AwsToolsBackend(common, verbose);
                case AwsSource.AwsCli:
                    var cli = AwsCliBackend.FindExecutable();
                    if (cli is null)
                        ThrowSourceNotFound(cmdlet, source, ErrorIds.AwsCliNotFound, ErrorMessages.AwsCliNotFound.Format());
                    return new AwsCliBackend(cli!, common, verbose);
                default:
                    if (AwsToolsBackend.IsAvailable()) return new AwsToolsBackend(common, verbose);
                    var found = AwsCliBackend.FindExecutable();
                    if (found is not null) return new AwsCliBackend(found, common, verbose);
                    ThrowSourceNotFound(cmdlet, source, ErrorIds.AwsSourceNotFound, ErrorMessages.AwsSourceNotFound.Format());
                    return null!;
            }
        }

        private static void ThrowSourceNotFound(PSCmdlet cmdlet, AwsSource source, string errorId, string message) =>
            cmdlet.ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(message), errorId, ErrorCategory.NotInstalled, source));
    }
}
