using System;
using System.Collections.Generic;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// How each read-only operation the collector uses is spelled by each back end: the aws CLI
    /// command and the AWS Tools cmdlet, the response's list property, and the names of the
    /// parameters. The one place that lists the calls (docs/permissions.md mirrors it).
    /// </summary>
    /// <summary>The Athena calls of Measure-AlbAccessLog -Engine Athena (AWS API names).</summary>
    internal static class AthenaOperations
    {
        public const string StartQueryExecution = "StartQueryExecution";
        public const string GetQueryExecution = "GetQueryExecution";
        public const string GetQueryResults = "GetQueryResults";
    }

    internal sealed class AwsOperationMap
    {
        private static readonly Dictionary<string, AwsOperationMap> ByOperation = new Dictionary<string, AwsOperationMap>(StringComparer.Ordinal);

        static AwsOperationMap()
        {
            var lbArn = new[] { "LoadBalancerArn" };
            Add(SnapshotOperations.DescribeLoadBalancers, "elbv2", "describe-load-balancers", "Get-ELB2LoadBalancer", "LoadBalancers",
                ("Names", "Name"), ("LoadBalancerArns", "LoadBalancerArn"));
            Add(SnapshotOperations.DescribeListeners, "elbv2", "describe-listeners", "Get-ELB2Listener", "Listeners", Same(lbArn));
            Add(SnapshotOperations.DescribeRules, "elbv2", "describe-rules", "Get-ELB2Rule", "Rules", Same("ListenerArn"));
            Add(SnapshotOperations.DescribeTargetGroups, "elbv2", "describe-target-groups", "Get-ELB2TargetGroup", "TargetGroups",
                ("LoadBalancerArn", "LoadBalancerArn"), ("TargetGroupArns", "TargetGroupArn"));
            Add(SnapshotOperations.DescribeTargetHealth, "elbv2", "describe-target-health", "Get-ELB2TargetHealth", "TargetHealthDescriptions", Same("TargetGroupArn"));
            Add(SnapshotOperations.DescribeLoadBalancerAttributes, "elbv2", "describe-load-balancer-attributes", "Get-ELB2LoadBalancerAttribute", "Attributes", Same(lbArn));
            Add(SnapshotOperations.DescribeTargetGroupAttributes, "elbv2", "describe-target-group-attributes", "Get-ELB2TargetGroupAttribute", "Attributes", Same("TargetGroupArn"));
            Add(SnapshotOperations.DescribeSecurityGroups, "ec2", "describe-security-groups", "Get-EC2SecurityGroup", "SecurityGroups");
            Add(SnapshotOperations.DescribeNetworkAcls, "ec2", "describe-network-acls", "Get-EC2NetworkAcl", "NetworkAcls");
            Add(SnapshotOperations.DescribeSubnets, "ec2", "describe-subnets", "Get-EC2Subnet", "Subnets");
            Add(SnapshotOperations.DescribeRouteTables, "ec2", "describe-route-tables", "Get-EC2RouteTable", "RouteTables");
            Add(SnapshotOperations.DescribeNetworkInterfaces, "ec2", "describe-network-interfaces", "Get-EC2NetworkInterface", "NetworkInterfaces");
            Add(SnapshotOperations.DescribeInstances, "ec2", "describe-instances", "Get-EC2Instance", "Reservations");
            Add(SnapshotOperations.GetManagedPrefixListEntries, "ec2", "get-managed-prefix-list-entries", "Get-EC2ManagedPrefixListEntry", "Entries", Same("PrefixListId"));
            // Single result: the cmdlet writes the WebACL itself (or nothing when none is associated).
            Add(SnapshotOperations.GetWebACLForResource, "wafv2", "get-web-acl-for-resource", "Get-WAF2WebACLForResource", "WebACL", Same("ResourceArn")).SingleResult = true;

            // CloudWatch metrics (the snapshot's GetMetricData section, Metrics/MetricQueries.cs). Get-CWMetricData
            // writes whole responses (its default -Select '*'), one per page: their results are joined.
            Add(CloudWatch.MetricData.Section, "cloudwatch", "get-metric-data", "Get-CWMetricData", "MetricDataResults",
                ("MetricDataQueries", "MetricDataQuery"), ("StartTime", "UtcStartTime"), ("EndTime", "UtcEndTime")).ResponsePages = true;

            // Access logs, downloaded for -AccessLogFrom (not part of a snapshot).
            Add(AccessLogLocation.ListObjects, "s3api", "list-objects-v2", "Get-S3Object", "Contents", ("Bucket", "BucketName"), ("Prefix", "KeyPrefix"));
            var get = Add(AccessLogLocation.GetObject, "s3api", "get-object", "Read-S3Object", string.Empty, ("Bucket", "BucketName"), ("Key", "Key"), (OutFile, "File"));
            get.CliPositional.Add(OutFile);   // aws s3api get-object --bucket b --key k <outfile>
            get.DiscardsOutput = true;        // Read-S3Object writes the FileInfo it saved

            // Athena (Measure-AlbAccessLog -Engine Athena, AccessLogs/AthenaSql.cs): the one place the module writes (the table,
            // and the results Athena writes to the output location). Start-ATHQueryExecution writes the ID; Get-ATHQueryResult
            // writes each page's ResultSet (read as such by the runner); the CLI joins the pages itself.
            var start = Add(AthenaOperations.StartQueryExecution, "athena", "start-query-execution", "Start-ATHQueryExecution", "QueryExecutionId",
                ("QueryString", "QueryString"), ("WorkGroup", "WorkGroup"), ("Database", "QueryExecutionContext_Database"), ("OutputLocation", "ResultConfiguration_OutputLocation"));
            start.SingleResult = true;
            start.CliShorthand["Database"] = "--query-execution-context";          // --query-execution-context=Database=name
            start.CliShorthand["OutputLocation"] = "--result-configuration";       // --result-configuration=OutputLocation=s3://…
            Add(AthenaOperations.GetQueryExecution, "athena", "get-query-execution", "Get-ATHQueryExecution", "QueryExecution", Same("QueryExecutionId")).SingleResult = true;
            Add(AthenaOperations.GetQueryResults, "athena", "get-query-results", "Get-ATHQueryResult", "ResultSet", Same("QueryExecutionId"));
        }

        /// <summary>API parameters the CLI takes as one key of a structure in shorthand syntax: parameter → the structure's option.</summary>
        public Dictionary<string, string> CliShorthand { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>The local file GetObject writes (a CLI argument and an AWS Tools parameter, not an API parameter).</summary>
        public const string OutFile = "OutFile";

        private AwsOperationMap(string operation, string cliService, string cliCommand, string cmdlet, string resultProperty)
        {
            Operation = operation;
            CliService = cliService;
            CliCommand = cliCommand;
            Cmdlet = cmdlet;
            ResultProperty = resultProperty;
        }

        public string Operation { get; }
        public string CliService { get; }
        public string CliCommand { get; }
        public string Cmdlet { get; }

        /// <summary>The service prefix of IAM actions and endpoints: elasticloadbalancing, ec2, wafv2, s3.</summary>
        public string Service => CliService switch { "elbv2" => "elasticloadbalancing", "s3api" => "s3", _ => CliService };

        /// <summary>The IAM action the call needs (docs/permissions.md): mostly service:Operation; ListObjectsV2 needs s3:ListBucket.</summary>
        public string IamAction => Service + ":" + (Operation == AccessLogLocation.ListObjects ? "ListBucket" : Operation);
        /// <summary>The response property the items (or the single result) go in.</summary>
        public string ResultProperty { get; }
        public bool SingleResult { get; private set; }

        /// <summary>True when the AWS Tools cmdlet writes whole responses (one per page) rather than the items.</summary>
        public bool ResponsePages { get; private set; }

        /// <summary>Parameters the CLI takes as bare values after the options, in this order.</summary>
        public List<string> CliPositional { get; } = new List<string>();

        /// <summary>True when the call's output is not data (a download reports the file it wrote).</summary>
        public bool DiscardsOutput { get; private set; }

        /// <summary>API parameter name → AWS Tools parameter name.</summary>
        public Dictionary<string, string> ToolsParameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Every operation, for the permission list and tests.</summary>
        public static IEnumerable<AwsOperationMap> All => ByOperation.Values;

        public static AwsOperationMap For(string operation) =>
            Find(operation) ?? throw new ArgumentException("No back-end mapping for operation " + operation + ".", nameof(operation));

        /// <summary>The mapping of an operation, or null when there is none.</summary>
        public static AwsOperationMap? Find(string operation) =>
            operation is not null && ByOperation.TryGetValue(operation, out var map) ? map : null;

        /// <summary>The CLI option of an API parameter: LoadBalancerArns → --load-balancer-arns.</summary>
        public static string CliOption(string apiParameter)
        {
            var text = new System.Text.StringBuilder("--");
            for (var i = 0; i < apiParameter.Length; i++)
            {
                var c = apiParameter[i];
                if (char.IsUpper(c) && i > 0) text.Append('-');
                text.Append(char.ToLowerInvariant(c));
            }
            return text.ToString();
        }

        /// <summary>The AWS Tools parameter of an API parameter (Names → Name; Filters → Filter).</summary>
        public string ToolsParameter(string apiParameter) =>
            ToolsParameters.TryGetValue(apiParameter, out var name) ? name
            : apiParameter == "Filters" ? "Filter"
            : throw new ArgumentException(Cmdlet + " has no parameter for " + apiParameter + ".", nameof(apiParameter));

        private static (string Api, string Tools)[] Same(params string[] names)
        {
            var result = new (string, string)[names.Length];
            for (var i = 0; i < names.Length; i++) result[i] = (names[i], names[i]);
            return result;
        }

        private static AwsOperationMap Add(string operation, string service, string command, string cmdlet, string result, params (string Api, string Tools)[] parameters)
        {
            var map = new AwsOperationMap(operation, service, command, cmdlet, result);
            foreach (var p in parameters) map.ToolsParameters[p.Api] = p.Tools;
            ByOperation[operation] = map;
            return map;
        }
    }
}
