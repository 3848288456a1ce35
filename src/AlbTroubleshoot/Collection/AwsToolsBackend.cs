using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
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
        private readonly Redaction _redaction;

        public AwsToolsBackend(AwsCommonParameters common, Action<string> verbose)
        {
            _common = common;
            _verbose = verbose;
            _redaction = common.CreateRedaction();
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
                ps.AddParameter(map.ToolsParameter(p.Key), ToolsValue(p.Key, p.Value));
            if (request.Filters.Count > 0)
            {
                // Hashtables bind to Amazon.EC2.Model.Filter[] through PowerShell's conversion.
                var filters = request.Filters.Select(f => new Hashtable { ["Name"] = f.Key, ["Values"] = f.Value }).ToArray();
                ps.AddParameter(map.ToolsParameter("Filters"), filters);
            }
            AddCommonParameters(ps);
            // Every value is a bound parameter (AddParameter), never script text: no value can become code or another parameter.
            _verbose(DisplayText.Safe(_redaction.Redact(map.Cmdlet + " " + string.Join(" ", request.Parameters.Select(p => "-" + map.ToolsParameter(p.Key) + " " + string.Join(",", p.Value))))));

            IList<PSObject> output;
            using (cancellationToken.Register(() => ps.BeginStop(null, null)))
            {
                try
                {
                    output = ps.Invoke();
                }
                catch (Exception e) when (e is RuntimeException || e is InvalidOperationException)
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
            try
            {
                if (map.ResponsePages)
                    response.Set(map.ResultProperty, new JsonArray(output.Where(o => o is not null)
                        .Select(o => PSObjectAdapter.ToJson(o) is JsonObject page && page[map.ResultProperty] is JsonArray items ? items : new JsonArray())
                        .SelectMany(items => items).Select(item => item.Clone())));
                else if (map.SingleResult)
                    response.Set(map.ResultProperty, output.Count == 0 ? JsonValue.Null : PSObjectAdapter.ToJson(output[0]));
                else
                    response.Set(map.ResultProperty, new JsonArray(output.Where(o => o is not null).Select(o => PSObjectAdapter.ToJson(o))));
            }
            catch (ObjectWalkException e)
            {
                // Not AWS data (a stand-in or a wrapped command returned something cyclic or huge): this call failed, the rest go on.
                throw new AwsCallException(request.Operation, e.ErrorId, map.Cmdlet + " returned an object that cannot be read as AWS data: " + e.Message, e);
            }
            return CliSpelling.NormalizeResponse(response);
        }

        /// <summary>
        /// A request value as the cmdlet's parameter takes it: times as UTC DateTime (a string would be
        /// read as local time), GetMetricData's queries as nested hashtables, which PowerShell converts
        /// to the SDK's MetricDataQuery objects; other values as strings.
        /// </summary>
        internal static object ToolsValue(string apiParameter, string[] values)
        {
            if ((apiParameter == "StartTime" || apiParameter == "EndTime") && values.Length == 1
                && DateTime.TryParse(values[0], System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var time))
                return DateTime.SpecifyKind(time, DateTimeKind.Utc);
            if (apiParameter == "MetricDataQueries" && values.Length == 1 && JsonValue.Parse(values[0]) is JsonArray queries)
                return queries.Select(ToPowerShell).ToArray();
            return values.Length == 1 ? (object)values[0] : values;
        }

        private static object? ToPowerShell(JsonValue value) => value switch
        {
            JsonObject o => o.Aggregate(new Hashtable(), (h, p) => { h[p.Key] = ToPowerShell(p.Value); return h; }),
            JsonArray a => a.Select(ToPowerShell).ToArray(),
            JsonNumber n => n.TryGetInt64(out var l) ? l : (object)n.ToDouble(),
            JsonBoolean b => b.Value,
            _ => value.AsString(),
        };

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

        /// <summary>
        /// The failure, read from the error's exceptions (AWS Tools wrap the SDK's exception, which
        /// carries ErrorCode, in an InvalidOperationException). The original exceptions are not kept:
        /// their messages may hold an endpoint's password, and the redacted message says what they said.
        /// </summary>
        private AwsCallException ToException(string operation, AwsOperationMap map, Exception error)
        {
            if (Unwrap(error) is CommandNotFoundException)
                return new AwsCallException(operation, "CommandNotFound",
                    map.Cmdlet + " is not available: install its AWS Tools module (Install-Module " + ModuleOf(map.Cmdlet) + ") or use -Source AwsCli.");
            return AwsFailureReader.FromToolsExceptions(operation, map.Cmdlet, Chain(error).ToList(), _redaction,
                AwsFailure.EndpointOf(operation, _common.Region, _common.EndpointUrl, _redaction));
        }

        /// <summary>The exception, its inner exceptions and those of the error records PowerShell wraps around them, outermost first.</summary>
        private static IEnumerable<Exception> Chain(Exception error)
        {
            for (Exception? e = error; e is not null; e = e.InnerException)
            {
                yield return e;
                if (e is RuntimeException { ErrorRecord.Exception: { } inner } && !ReferenceEquals(inner, e) && !ReferenceEquals(inner, e.InnerException))
                    foreach (var x in Chain(inner)) yield return x;
            }
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
            : cmdlet.StartsWith("Get-CW", StringComparison.Ordinal) ? "AWS.Tools.CloudWatch"
            : cmdlet.EndsWith("ATHQueryExecution", StringComparison.Ordinal) || cmdlet.EndsWith("ATHQueryResult", StringComparison.Ordinal) ? "AWS.Tools.Athena"
            : "AWS.Tools.EC2";
    }
}
