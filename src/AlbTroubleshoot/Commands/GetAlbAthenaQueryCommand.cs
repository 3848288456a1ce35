using System;
using System.Collections.Generic;
using System.Management.Automation;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Collection;

namespace AlbTroubleshoot.Commands
{
    /// <summary>
    /// Get-AlbAthenaQuery: the Athena DDL and summary query Measure-AlbAccessLog -Engine Athena would run
    /// for a load balancer, to review or to run elsewhere. Runs nothing on Athena; reads the load balancer
    /// (DescribeLoadBalancers, DescribeLoadBalancerAttributes) only when the ARN or the log folder is not given,
    /// and nothing at all offline (-Snapshot).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AlbAthenaQuery", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(AthenaQuery))]
    public sealed class GetAlbAthenaQueryCommand : AwsStateCmdlet
    {
        private readonly List<string> names = new List<string>();
        private readonly List<string> arns = new List<string>();

        /// <summary>The first time of the window (inclusive).</summary>
        [Parameter(Mandatory = true)]
        public DateTime From { get; set; }

        /// <summary>The last time of the window (inclusive).</summary>
        [Parameter(Mandatory = true)]
        public DateTime To { get; set; }

        /// <summary>What to group by besides the status pair and cause.</summary>
        [Parameter]
        [ValidateSet(AccessLogGrouping.Status, AccessLogGrouping.Target, AccessLogGrouping.TargetGroup, AccessLogGrouping.Minute, AccessLogGrouping.ClientIp, AccessLogGrouping.Url, AccessLogGrouping.LoadBalancer)]
        public string By { get; set; } = AccessLogGrouping.Status;

        /// <summary>Keep lines whose elb_status_code is one of these codes or classes (4XX, 5XX).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(StatusCodeCompleter))]
        [ValidateNotNullOrEmpty]
        public StatusCodeFilter[] StatusCode { get; set; } = Array.Empty<StatusCodeFilter>();

        /// <summary>Keep lines of these target groups.</summary>
        [Parameter]
        public string[] TargetGroupArn { get; set; } = Array.Empty<string>();

        /// <summary>The log bucket and prefix, s3://bucket[/prefix], instead of the load balancer's access_logs.s3.* attributes.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AccessLogUri { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string AthenaWorkGroup { get; set; } = "primary";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string AthenaDatabase { get; set; } = "default";

        /// <summary>Where Athena writes the results, s3://bucket/prefix/, when the workgroup sets none.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AthenaOutputLocation { get; set; }

        internal AthenaSettings Settings => new AthenaSettings
        {
            AccessLogUri = AccessLogUri, Database = AthenaDatabase, WorkGroup = AthenaWorkGroup, OutputLocation = AthenaOutputLocation,
            By = By, From = From, To = To, StatusCodes = StatusCode, TargetGroupArns = TargetGroupArn,
        };

        protected override void BeginProcessing() => AthenaAccessLogs.CheckSettings(this, Settings);

        protected override void ProcessRecord()
        {
            if (ParameterSetName != LiveSet)
            {
                base.ProcessRecord();
                return;
            }
            if (LoadBalancerArn is { Length: > 0 }) arns.AddRange(LoadBalancerArn);
            else if (Name is { Length: > 0 }) names.AddRange(Name);
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName != LiveSet) return;
            if (names.Count == 0 && arns.Count == 0) ThrowNothingSpecified();
            var validNames = Valid(names, AwsValueKind.LoadBalancerName, "-Name");
            var validArns = Valid(arns, AwsValueKind.LoadBalancerArn, "-LoadBalancerArn");
            var settings = Settings;
            foreach (var lb in Stop.Run(() => AthenaLoadBalancers.Resolve(CreateLiveBackend, validNames, validArns, settings.AccessLogUri is null, new CmdletAccessLogReporter(this), CancellationToken)))
            {
                var query = AthenaAccessLogs.For(this, lb, settings);
                if (query is not null) WriteObject(query);
            }
        }

        protected override void ProcessSnapshot(AlbSnapshot snapshot)
        {
            var settings = Settings;
            foreach (var lb in SelectLoadBalancers(snapshot))
            {
                var query = AthenaAccessLogs.For(this, lb, settings);
                if (query is not null) WriteObject(query);
            }
        }
    }
}
