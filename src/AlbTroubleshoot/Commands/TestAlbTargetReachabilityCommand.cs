using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Reachability;

namespace AlbTroubleshoot.Commands
{
    /// <summary>
    /// Test-AlbTargetReachability: whether the network lets each ALB node reach each registered
    /// target on its traffic and health-check ports and get the replies back, naming the security
    /// group rule, NACL entry or route that blocks it. Input: a load balancer (live), target groups
    /// (live, by ARN or piped AWS Tools TargetGroup objects), or a snapshot. All AWS data is
    /// collected in one batch first; nothing is called per target.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "AlbTargetReachability", DefaultParameterSetName = LiveSet)]
    [OutputType(typeof(ReachabilityResult))]
    public sealed class TestAlbTargetReachabilityCommand : AwsStateCmdlet
    {
        private const int ProgressId = 0x41c;

        private readonly List<string> _targetGroupArns = new List<string>();
        private bool _loadBalancerGiven;

        /// <summary>
        /// Only these target groups; from piped AWS Tools TargetGroup objects or CLI JSON by property
        /// name. Live without a load balancer, the groups' load balancers are looked up and collected.
        /// </summary>
        [Parameter(ParameterSetName = LiveSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = SnapshotSet)]
        [ValidateNotNullOrEmpty]
        public string[]? TargetGroupArn { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == LiveSet)
            {
                _targetGroupArns.AddRange(TargetGroupArn ?? Array.Empty<string>());
                _loadBalancerGiven |= Name is { Length: > 0 } || LoadBalancerArn is { Length: > 0 };
                // A piped target group binds only -TargetGroupArn; the load balancer then comes from it.
                if (!_loadBalancerGiven && TargetGroupArn is { Length: > 0 }) return;
            }
            base.ProcessRecord();
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName != LiveSet || _loadBalancerGiven || _targetGroupArns.Count == 0)
            {
                base.EndProcessing();
                return;
            }
            // One DescribeTargetGroups call finds the load balancers of all the groups. (A piped target
            // group's own LoadBalancerArns is not bound: an AlbSnapshot has a property of that name too.)
            var targetGroups = Valid(_targetGroupArns.Distinct(StringComparer.Ordinal), Collection.AwsValueKind.TargetGroupArn, "-TargetGroupArn");
            if (targetGroups.Count == 0) return;   // each was an InvalidTargetGroupArn error
            _targetGroupArns.Clear();
            _targetGroupArns.AddRange(targetGroups);
            var arns = LoadBalancerArnsOfTargetGroups(targetGroups);
            if (arns.Count == 0)
            {
                WriteError(new ErrorRecord(new InvalidOperationException(
                        "Target group " + string.Join(", ", _targetGroupArns) + " is not attached to any load balancer (no listener or rule forwards to it), so there is no path to check."),
                    ErrorIds.TargetGroupNotAttached, ErrorCategory.ObjectNotFound, string.Join(", ", _targetGroupArns)));
                return;
            }
            var snapshot = CollectLive(Array.Empty<string>(), arns);
            if (snapshot is not null) ProcessSnapshot(snapshot);
        }

        protected override void ProcessSnapshot(AlbSnapshot snapshot)
        {
            var model = snapshot.Model;
            var selection = new TargetGroupSelection(ParameterSetName == LiveSet ? (_targetGroupArns.Count > 0 ? _targetGroupArns : null) : TargetGroupArn, byName: false);
            var work = new List<(TargetPathAnalyzer Analyzer, TargetGroup Group)>();
            foreach (var loadBalancer in SelectLoadBalancers(snapshot))
            {
                var analyzer = new TargetPathAnalyzer(model, loadBalancer);
                if (selection.All && analyzer.TargetGroups.Count == 0)
                    WriteWarning("Load balancer " + loadBalancer.Name + " forwards to no target group (or the snapshot does not say which), so there is no path to a target to test.");
                foreach (var group in selection.Of(model, loadBalancer)) work.Add((analyzer, group));
            }
            foreach (var arn in selection.Unmatched)
            {
                var known = model.FindTargetGroup(arn) is not null;
                WriteError(new ErrorRecord(new ItemNotFoundException(known
                        ? $"Target group '{arn}' is not used by any load balancer of the snapshot, so there is no path to check."
                        : $"Target group '{arn}' is not in the snapshot '{snapshot.Source}'."),
                    known ? ErrorIds.TargetGroupNotAttached : ErrorIds.TargetGroupNotFound, ErrorCategory.ObjectNotFound, arn));
            }

            var total = Math.Max(1, work.Sum(w => w.Group.Targets?.Count ?? 1));
            var done = 0;
            var lastPercent = -1;
            foreach (var (analyzer, group) in work)
            {
                foreach (var target in (IEnumerable<RegisteredTarget?>?)group.Targets ?? new RegisteredTarget?[] { null })
                {
                    Stop.ThrowIfStopped();
                    var results = target is null ? analyzer.Analyze(group) : analyzer.Analyze(group, target);
                    foreach (var result in results) WriteObject(result);
                    done++;
                    var percent = done * 100 / total;
                    if (percent != lastPercent)
                    {
                        lastPercent = percent;
                        WriteProgress(new ProgressRecord(ProgressId, "Testing target reachability", $"{group.Name}: {target?.Id ?? "(targets unknown)"}")
                            { PercentComplete = percent });
                    }
                }
            }
            if (lastPercent >= 0)
                WriteProgress(new ProgressRecord(ProgressId, "Testing target reachability", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
