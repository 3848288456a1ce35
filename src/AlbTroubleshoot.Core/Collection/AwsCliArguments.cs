using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// The aws CLI argument list for one request. No value, whoever supplied it (the user's
    /// parameters, a snapshot, an AWS response), can become an option of the CLI:
    /// <list type="bullet">
    /// <item>every value is checked against AWS's rule for its kind (<see cref="AwsValueRules"/>), and
    /// none may start with a prefix the CLI would replace by a file's or URL's content;</item>
    /// <item>a single value is glued to its option (<c>--names=web</c>, <c>--region=us-east-1</c>), so
    /// argparse takes it as that option's value even when it starts with '-';</item>
    /// <item>only the kinds whose rule forbids a leading '-' (names, ARNs, IDs) may follow an option
    /// as separate values (a list), and filters are written <c>Name=…,Values=…</c>;</item>
    /// <item>a text the module wrote (GetMetricData's JSON queries, Athena's SQL) goes through a file the
    /// module writes, named <c>file://</c> on the command line: JSON and SQL need quotes (SQL also line
    /// feeds), which cmd.exe cannot pass to aws.cmd (ProcessCommandLine), and both can outgrow a command line.</item>
    /// </list>
    /// </summary>
    internal static class AwsCliArguments
    {
        /// <summary>API parameter → the kind of its values. A parameter not listed here cannot reach the CLI.</summary>
        private static readonly Dictionary<string, AwsValueKind> Kinds = new Dictionary<string, AwsValueKind>(StringComparer.Ordinal)
        {
            ["Names"] = AwsValueKind.LoadBalancerName,
            ["LoadBalancerArns"] = AwsValueKind.LoadBalancerArn,
            ["LoadBalancerArn"] = AwsValueKind.LoadBalancerArn,
            ["ResourceArn"] = AwsValueKind.LoadBalancerArn,
            ["ListenerArn"] = AwsValueKind.ElbArn,
            ["TargetGroupArn"] = AwsValueKind.TargetGroupArn,
            ["TargetGroupArns"] = AwsValueKind.TargetGroupArn,
            ["PrefixListId"] = AwsValueKind.Ec2Id,
            ["Bucket"] = AwsValueKind.S3Bucket,
            ["Prefix"] = AwsValueKind.S3Key,
            ["Key"] = AwsValueKind.S3Key,
            [AwsOperationMap.OutFile] = AwsValueKind.LocalPath,
            ["MetricDataQueries"] = AwsValueKind.MetricDataQueries,
            ["StartTime"] = AwsValueKind.Timestamp,
            ["EndTime"] = AwsValueKind.Timestamp,
            ["QueryString"] = AwsValueKind.AthenaSql,
            ["WorkGroup"] = AwsValueKind.AthenaWorkGroup,
            ["Database"] = AwsValueKind.AthenaName,
            ["OutputLocation"] = AwsValueKind.S3Location,
            ["QueryExecutionId"] = AwsValueKind.QueryExecutionId,
        };

        /// <summary>Kinds whose rule lets a value start with '-': such a value may only be glued to its option.</summary>
        private static readonly HashSet<AwsValueKind> GluedOnly = new HashSet<AwsValueKind> { AwsValueKind.S3Key, AwsValueKind.ProfileName };

        /// <summary>Kinds whose value reaches the CLI as <c>file://</c> and a file holding it (see the class remarks).</summary>
        private static readonly HashSet<AwsValueKind> ThroughFile = new HashSet<AwsValueKind> { AwsValueKind.MetricDataQueries, AwsValueKind.AthenaSql };

        /// <summary>
        /// The arguments after "aws" for this request and these common parameters (null or empty when
        /// not given). <paramref name="writeValueFile"/> writes a value that goes through a file into a
        /// new file only this user can read and returns its full path; the caller deletes it after the call.
        /// </summary>
        /// <exception cref="AwsArgumentException">A value breaks its rule; the exception names the API parameter.</exception>
        public static List<string> Build(AwsOperationMap map, AwsRequest request, string? region, string? profile, string? endpointUrl,
            Func<string, string> writeValueFile)
        {
            if (map is null) throw new ArgumentNullException(nameof(map));
            if (request is null) throw new ArgumentNullException(nameof(request));
            if (writeValueFile is null) throw new ArgumentNullException(nameof(writeValueFile));
            var args = new List<string> { map.CliService, map.CliCommand };
            foreach (var p in request.Parameters.Where(p => !map.CliPositional.Contains(p.Key)))
            {
                if (map.CliShorthand.TryGetValue(p.Key, out var structure))
                {
                    // One key of a structure: --query-execution-context=Database=name (the value's rule allows no ',' '=' or brackets).
                    if (p.Value.Length != 1) throw new AwsArgumentException(ErrorIds.UnsafeAwsValue, p.Key, p.Key + " takes one value.");
                    AwsValueRules.Check(KindOf(p.Key), p.Value[0], p.Key);
                    args.Add(structure + "=" + p.Key + "=" + p.Value[0]);
                    continue;
                }
                var kind = KindOf(p.Key);
                if (!ThroughFile.Contains(kind))
                {
                    AddOption(args, AwsOperationMap.CliOption(p.Key), kind, p.Key, p.Value);
                    continue;
                }
                if (p.Value.Length != 1) throw new AwsArgumentException(ErrorIds.UnsafeAwsValue, p.Key, p.Key + " takes one value here.");
                AwsValueRules.Check(kind, p.Value[0], p.Key);
                var path = writeValueFile(p.Value[0]);
                AwsValueRules.Check(AwsValueKind.LocalPath, path, p.Key);
                args.Add(AwsOperationMap.CliOption(p.Key) + "=file://" + path);
            }
            if (request.Filters.Count > 0)
            {
                // Shorthand syntax (no quotes, so it survives cmd.exe unchanged); every element starts with "Name=".
                args.Add("--filters");
                foreach (var f in request.Filters)
                {
                    AwsValueRules.Check(AwsValueKind.FilterName, f.Key, "Filters");
                    if (f.Value.Length == 0) throw new AwsArgumentException(ErrorIds.UnsafeAwsValue, "Filters", "Filter " + f.Key + " has no value.");
                    foreach (var v in f.Value) AwsValueRules.Check(AwsValueKind.Ec2Id, v, "Filters " + f.Key);
                    args.Add("Name=" + f.Key + ",Values=" + string.Join(",", f.Value));
                }
            }
            foreach (var name in map.CliPositional)
            {
                foreach (var v in request.Parameters.Where(p => p.Key == name).SelectMany(p => p.Value))
                {
                    AwsValueRules.Check(KindOf(name), v, name);
                    args.Add(v);
                }
            }
            args.Add("--output=json");
            if (!string.IsNullOrEmpty(region)) AddOption(args, "--region", AwsValueKind.Region, "Region", new[] { region! });
            if (!string.IsNullOrEmpty(profile)) AddOption(args, "--profile", AwsValueKind.ProfileName, "ProfileName", new[] { profile! });
            if (!string.IsNullOrEmpty(endpointUrl)) AddOption(args, "--endpoint-url", AwsValueKind.EndpointUrl, "EndpointUrl", new[] { endpointUrl! });
            return args;
        }

        private static AwsValueKind KindOf(string apiParameter) =>
            Kinds.TryGetValue(apiParameter, out var kind) ? kind
            : throw new AwsArgumentException(ErrorIds.UnsafeAwsValue, apiParameter, "No rule says what " + apiParameter + " may hold, so it is not passed to the aws CLI.");

        private static void AddOption(List<string> args, string option, AwsValueKind kind, string parameter, string[] values)
        {
            if (values.Length == 0) throw new AwsArgumentException(ErrorIds.UnsafeAwsValue, parameter, parameter + " has no value.");
            foreach (var v in values) AwsValueRules.Check(kind, v, parameter);
            if (values.Length == 1)
            {
                args.Add(option + "=" + values[0]);
                return;
            }
            if (GluedOnly.Contains(kind))
                throw new AwsArgumentException(ErrorIds.UnsafeAwsValue, parameter, parameter + " takes one value here.");
            args.Add(option);
            args.AddRange(values);
        }
    }
}
