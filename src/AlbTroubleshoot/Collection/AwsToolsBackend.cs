using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Threading;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// Calls the AWS Tools for PowerShell cmdlets (AWS.Tools.* V4/V5, AWSPowerShell*) by name in the
    /// caller's runspace, so the user's session defaults (Set-DefaultAWSRegion, Set-AWSCredential,
    /// profiles, instance role) apply exactly as when they call the cmdlets themselves. The module
    /// references no SDK: results are read by property name (<see cref="PSObjectAdapter"/>) and
    /// normalized to CLI spelling. Must run on the pipeline thread (ProcessRecord/EndProcessing).
    /// </summary>
    internal sealed class AwsToolsBackend : IAwsBackend
    {
        private readonly AwsCommonParameters _common;
        private readonly Action<string> _verbose;

        public AwsToolsBackend(AwsCommonParameters common, Action<string> verbose)
        {
            _common = common;
            _verbose = verbose;
        }

        public string Name => "AwsTools";

        /// <summary>The cmdlets that must resolve (importing AWS.Tools.* on demand) for -Source AwsTools.</summary>
        public static readonly string[] RequiredCommands = { "Get-ELB2LoadBalancer", "Get-EC2SecurityGroup" };

        /// <summary>True when the AWS Tools cmdlets are available in this session (module auto-loading included).</summary>
        public static bool IsAvailable()
        {
            using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
            ps.AddCommand("Get-Command").AddParameter("Name", RequiredCommands).AddParameter("ErrorAction", ActionPreference.Ignore);
            try
            {
                var found = ps.Invoke().Select(c => (c.BaseObject as CommandInfo)?.Name).Where(n => n is not null);
                return RequiredCommands.All(r => found.Contains(r, StringComparer.OrdinalIgnoreCase));
            }
            catch (RuntimeException)
            {
                return false;
            }
        }

        public JsonObject Invoke(AwsRequest request, CancellationToken cancellationToken)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            cancellationToken.ThrowIfCancellationRequested();
            var map = AwsOperationMap.For(request.Operation);
            using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
            ps.AddCommand(map.Cmdlet);
            foreach (var p in request.Parameters)
                ps.AddParameter(map.ToolsParameter(p.Key), p.Value.Length == 1 ? (object)p.Value[0] : p.Value);
            if (request.Filters.Count > 0)
            {
                // Hashtables bind to Amazon.EC2.Model.Filter[] through PowerShell's conversion.
                var filters = request.Filters.Select(f => new Hashtable { ["Name"] = f.Key, ["Values"] = f.Value }).ToArray();
                ps.AddParameter(map.ToolsParameter("Filters"), filters);
            }
            AddCommonParameters(ps);
            _verbose(map.Cmdlet + " " + string.Join(" ", request.Parameters.Select(p => "-" + map.ToolsParameter(p.Key) + " " + string.Join(",", p.Value))));

            IList<PSObject> output;
            using (cancellationToken.Register(() => ps.BeginStop(null, null)))
            {
                try
                {
                    output = ps.Invoke();
                }
                catch (RuntimeException e)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    throw ToException(request.Operation, map, e);
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (ps.Streams.Error.Count > 0)
            {
                var record = ps.Streams.Error[0];
                throw ToException(request.Operation, map, record.Exception);
            }

            var response = new JsonObject();
            if (map.DiscardsOutput)
                return response;
            if (map.SingleResult)
                response.Set(map.ResultProperty, output.Count == 0 ? JsonValue.Null : PSObjectAdapter.ToJson(output[0]));
            else
                response.Set(map.ResultProperty, new JsonArray(output.Where(o => o is not null).Select(o => PSObjectAdapter.ToJson(o))));
            return CliSpelling.NormalizeResponse(response);
        }

        private void AddCommonParameters(PowerShell ps)
        {
            if (!string.IsNullOrEmpty(_common.Region)) ps.AddParameter("Region", _common.Region);
            if (!string.IsNullOrEmpty(_common.ProfileName)) ps.AddParameter("ProfileName", _common.ProfileName);
            if (!string.IsNullOrEmpty(_common.ProfileLocation)) ps.AddParameter("ProfileLocation", _common.ProfileLocation);
            if (!string.IsNullOrEmpty(_common.EndpointUrl)) ps.AddParameter("EndpointUrl", _common.EndpointUrl);
            var credential = _common.Credential is PSObject pso ? pso.BaseObject : _common.Credential;
            if (credential is PSCredential pscredential)
            {
                // AWS Tools' -Credential takes AWSCredentials; a PSCredential (Azure Automation
                // credential asset) carries the key pair, so pass it as keys.
                ps.AddParameter("AccessKey", pscredential.UserName);
                ps.AddParameter("SecretKey", pscredential.GetNetworkCredential().Password);
            }
            else if (credential is not null)
            {
                ps.AddParameter("Credential", credential);
            }
            if (!string.IsNullOrEmpty(_common.AccessKey)) ps.AddParameter("AccessKey", _common.AccessKey);
            if (!string.IsNullOrEmpty(_common.SecretKey)) ps.AddParameter("SecretKey", _common.SecretKey);
            if (!string.IsNullOrEmpty(_common.SessionToken)) ps.AddParameter("SessionToken", _common.SessionToken);
        }

        private static AwsCallException ToException(string operation, AwsOperationMap map, Exception error)
        {
            if (Unwrap(error) is CommandNotFoundException)
                return new AwsCallException(operation, "CommandNotFound",
                    map.Cmdlet + " is not available: install its AWS Tools module (Install-Module " + ModuleOf(map.Cmdlet) + ") or use -Source AwsCli.", error);
            // AWS Tools wrap the SDK's AmazonServiceException (which has ErrorCode) in an InvalidOperationException.
            for (Exception? e = error; e is not null; e = e.InnerException)
            {
                if (e is RuntimeException { ErrorRecord.Exception: { } inner } && !ReferenceEquals(inner, e) && FindErrorCode(inner) is { } fromRecord)
                    return new AwsCallException(operation, fromRecord.Code, fromRecord.Message, error);
                if (FindErrorCode(e) is { } found)
                    return new AwsCallException(operation, found.Code, found.Message, error);
            }
            // No AWS error code: a client-side failure (no credentials, no region, no network) that
            // every other call would repeat.
            var message = Unwrap(error).Message;
            return new AwsCallException(operation, "AwsToolsFailed", map.Cmdlet + " failed: " + message, error, isFatal: true);
        }

        private static (string Code, string Message)? FindErrorCode(Exception error)
        {
            for (Exception? e = error; e is not null; e = e.InnerException)
            {
                var property = e.GetType().GetProperty("ErrorCode", BindingFlags.Public | BindingFlags.Instance);
                if (property?.PropertyType == typeof(string) && property.GetValue(e) is string code && code.Length > 0)
                    return (code, e.Message);
            }
            return null;
        }

        private static Exception Unwrap(Exception error)
        {
            var e = error;
            while (e is CmdletInvocationException or ActionPreferenceStopException && e.InnerException is not null) e = e.InnerException;
            if (e is RuntimeException { ErrorRecord.Exception: { } inner } && !ReferenceEquals(inner, e)) return inner;
            return e;
        }

        private static string ModuleOf(string cmdlet) =>
            cmdlet.StartsWith("Get-ELB2", StringComparison.Ordinal) ? "AWS.Tools.ElasticLoadBalancingV2"
            : cmdlet.StartsWith("Get-WAF2", StringComparison.Ordinal) ? "AWS.Tools.WAFV2"
            : cmdlet.EndsWith("-S3Object", StringComparison.Ordinal) ? "AWS.Tools.S3"
            : "AWS.Tools.EC2";
    }
}
