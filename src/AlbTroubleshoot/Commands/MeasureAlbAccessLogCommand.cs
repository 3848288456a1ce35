using System;
using System.Collections.Generic;
using System.Management.Automation;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Collection;

namespace AlbTroubleshoot.Commands
{
    /// <summary>Measure-AlbAccessLog: counts ALB access-log lines by status pair and cause (or by target, minute...) in C#.</summary>
    [Cmdlet(VerbsDiagnostic.Measure, "AlbAccessLog", DefaultParameterSetName = PathSet)]
    [OutputType(typeof(AccessLogSummary))]
    public sealed class MeasureAlbAccessLogCommand : AccessLogCommandBase, IAwsParameters
    {
        private const string AthenaSet = "Athena";
        private readonly List<string> files = new List<string>();
        private readonly List<string> names = new List<string>();
        private readonly List<string> arns = new List<string>();

        /// <summary>
        /// Local (default): read files here. Athena: query the load balancer's logs where they are, in S3.
        /// In every set, never mandatory: a set that required it left piped FileInfo objects binding -Path
        /// (a wildcard) instead of -LiteralPath. The wrong pairing (-Engine Athena with -Path, -Name
        /// without it) is refused when the command runs.
        /// </summary>
        [Parameter]
        public AccessLogEngine Engine { get; set; } = AccessLogEngine.Local;

        /// <summary>
        /// With -Engine Athena: the load balancer's name. Not bound from piped objects: a piped FileInfo has a Name too,
        /// and must keep binding -LiteralPath (piped LoadBalancer objects bind -LoadBalancerArn).
        /// </summary>
        [Parameter(ParameterSetName = AthenaSet)]
        [Alias("LoadBalancerName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LoadBalancerCompleter))]
        public string[]? Name { get; set; }

        /// <summary>With -Engine Athena: the load balancer's ARN.</summary>
        [Parameter(ParameterSetName = AthenaSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(LoadBalancerCompleter))]
        public string[]? LoadBalancerArn { get; set; }

        /// <summary>The log bucket and prefix, s3://bucket[/prefix], instead of the load balancer's access_logs.s3.* attributes.</summary>
        [Parameter(ParameterSetName = AthenaSet)]
        [ValidateNotNullOrEmpty]
        public string? AccessLogUri { get; set; }

        [Parameter(ParameterSetName = AthenaSet)]
        [ValidateNotNullOrEmpty]
        public string AthenaWorkGroup { get; set; } = "primary";

        [Parameter(ParameterSetName = AthenaSet)]
        [ValidateNotNullOrEmpty]
        public string AthenaDatabase { get; set; } = "default";

        /// <summary>Where Athena writes the results, s3://bucket/prefix/, when the workgroup sets none.</summary>
        [Parameter(ParameterSetName = AthenaSet)]
        [ValidateNotNullOrEmpty]
        public string? AthenaOutputLocation { get; set; }

        /// <summary>How to call AWS: AWS Tools cmdlets, the aws CLI, or Auto (AWS Tools if present, else the CLI).</summary>
        [Parameter(ParameterSetName = AthenaSet)]
        public AwsSource Source { get; set; } = AwsSource.Auto;

        [Parameter(ParameterSetName = AthenaSet)]
        [Alias("RegionToCall")]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        [Parameter(ParameterSetName = AthenaSet)]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        [Parameter(ParameterSetName = AthenaSet)]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        [ValidateNotNullOrEmpty]
        public string? ProfileLocation { get; set; }

        [Parameter(ParameterSetName = AthenaSet)]
        public object? Credential { get; set; }

        [Parameter(ParameterSetName = AthenaSet)]
        [Alias("AK")]
        public string? AccessKey { get; set; }

        [Parameter(ParameterSetName = AthenaSet)]
        [Alias("SK", "SecretAccessKey")]
        public string? SecretKey { get; set; }

        [Parameter(ParameterSetName = AthenaSet)]
        [Alias("ST")]
        public string? SessionToken { get; set; }

        [Parameter(ParameterSetName = AthenaSet)]
        public string? EndpointUrl { get; set; }

        /// <summary>What to group by besides the status pair and cause.</summary>
        [Parameter]
        [ValidateSet(AccessLogGrouping.Status, AccessLogGrouping.Target, AccessLogGrouping.TargetGroup, AccessLogGrouping.Minute, AccessLogGrouping.ClientIp, AccessLogGrouping.Url, AccessLogGrouping.LoadBalancer)]
        public string By { get; set; } = AccessLogGrouping.Status;

        /// <summary>How many rows to write, most lines first; the rest are summed in one row whose Key is "(other)".</summary>
        [Parameter]
        [ValidateRange(1, 1_000_000)]
        public int Top { get; set; } = AccessLogScan.DefaultTop;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (ParameterSetName == AthenaSet)
            {
                if (Engine != AccessLogEngine.Athena)
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Name and -LoadBalancerArn query the logs in S3 with -Engine Athena; the local engine reads files (-Path)."),
                        ErrorIds.AccessLogEngineMismatch, ErrorCategory.InvalidArgument, Engine));
                AthenaAccessLogs.CheckSettings(this, AthenaSettings());
            }
            else if (Engine == AccessLogEngine.Athena)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Engine Athena queries a load balancer's logs in S3: give -Name or -LoadBalancerArn instead of -Path."),
                    ErrorIds.AccessLogEngineMismatch, ErrorCategory.InvalidArgument, Engine));
            }
        }

        protected override void ProcessRecord() => Stop.Run(Process);

        private void Process()
        {
            if (ParameterSetName != AthenaSet)
            {
                files.AddRange(ResolveFiles());
                return;
            }
            // A piped AWS Tools LoadBalancer binds both; its ARN identifies it without a lookup.
            if (LoadBalancerArn is { Length: > 0 }) arns.AddRange(LoadBalancerArn);
            else if (Name is { Length: > 0 }) names.AddRange(Name);
        }

        private AthenaSettings AthenaSettings() => new AthenaSettings
        {
            AccessLogUri = AccessLogUri, Database = AthenaDatabase, WorkGroup = AthenaWorkGroup, OutputLocation = AthenaOutputLocation,
            By = GroupingName(), From = From, To = To, StatusCodes = StatusCode, TargetGroupArns = TargetGroupArn,
        };

        // By is validated, so its value is one of AccessLogGrouping's names; match its case.
        private string GroupingName() => Array.Find(AccessLogGrouping.All, g => string.Equals(g, By, StringComparison.OrdinalIgnoreCase)) ?? AccessLogGrouping.Status;

        /// <summary>-Engine Athena: one query per load balancer, each a table (when missing) and a summary over the window.</summary>
        private void EndAthena()
        {
            if (names.Count == 0 && arns.Count == 0)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give the load balancer with -Name or -LoadBalancerArn (or pipe it)."),
                    ErrorIds.LoadBalancerNotSpecified, ErrorCategory.InvalidArgument, null));
            var settings = AthenaSettings();
            var validNames = LiveBackend.Valid(this, names, AwsValueKind.LoadBalancerName, "-Name");
            var validArns = LiveBackend.Valid(this, arns, AwsValueKind.LoadBalancerArn, "-LoadBalancerArn");
            IAwsBackend? backend = null;
            IAwsBackend Backend() => backend ??= LiveBackend.Create(this, this);
            foreach (var lb in AthenaLoadBalancers.Resolve(Backend, validNames, validArns, settings.AccessLogUri is null, Reporter, CancellationToken))
            {
                var query = AthenaAccessLogs.For(this, lb, settings);
                if (query is null) continue;
                var rows = AthenaAccessLogs.Run(this, Backend(), query, Top, CancellationToken);
                if (rows is null) continue;
                if (rows.Count == 0)
                    WriteWarning(DisplayText.Safe("Athena found no line of " + lb.Name + " in " + query.Location + " from " + query.From.ToString("u", System.Globalization.CultureInfo.InvariantCulture) +
                        " to " + query.To.ToString("u", System.Globalization.CultureInfo.InvariantCulture) + (StatusCode.Length > 0 || TargetGroupArn.Length > 0 ? " that matched the filters" : string.Empty) + "."));
                foreach (var row in rows) WriteObject(settings.By == AccessLogGrouping.Status ? row : WithKeyView(row));
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == AthenaSet)
            {
                Stop.Run(EndAthena);
                return;
            }
            if (files.Count == 0) return;
            var by = GroupingName();
            using var runner = new AccessLogScanRunner(files, CreateQuery(), by, Top, CancellationToken);
            var rows = runner.Run(Reporter, "Measure-AlbAccessLog");
            if (rows is null) return;
            if (rows.Count == 0) WarnWhenNothingMatched(files.Count);
            foreach (var row in rows) WriteObject(by == AccessLogGrouping.Status ? row : WithKeyView(row));
        }

        /// <summary>Grouped by something other than the status pair: the default view puts the Key first (AccessLogSummary#ByKey in the format file).</summary>
        private static PSObject WithKeyView(AccessLogSummary row)
        {
            var wrapped = new PSObject(row);
            wrapped.TypeNames.Insert(0, KeyViewTypeName);
            return wrapped;
        }

        internal const string KeyViewTypeName = "AlbTroubleshoot.AccessLogSummary#ByKey";
    }

    /// <summary>Where Measure-AlbAccessLog counts: here, over files, or in Amazon Athena, over the logs in S3.</summary>
    public enum AccessLogEngine
    {
        Local,
        Athena,
    }
}
