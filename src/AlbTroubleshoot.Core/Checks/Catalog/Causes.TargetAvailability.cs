using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Model;
using static AlbTroubleshoot.Catalog.References;
using static AlbTroubleshoot.Diagnostics.CheckContext;

namespace AlbTroubleshoot.Catalog
{
    /// <summary>Whether a target can take the request: registration, target states, draining.</summary>
    internal static class TargetAvailabilityCauses
    {
        internal static IEnumerable<CauseDefinition> Causes() => new[]
        {
            new CauseDefinition(502, "502.DeregistrationDelayElapsed",
                title: "A deregistered target was still handling a request when the delay ran out",
                side: CauseSide.Target,
                description: "A target was deregistered (deployment, scale-in, manual) while it was still processing a request, and the deregistration delay elapsed before the request finished, so the connection was cut. A draining target that closes its connections early also causes 5XX errors.",
                check: "The 502s coincide with deployments or scale-in, and `aws elbv2 describe-target-health` showed the target draining (Target.DeregistrationInProgress) shortly before. Compare `deregistration_delay.timeout_seconds` (default 300, from `aws elbv2 describe-target-group-attributes`) with the longest target_processing_time in the access log and with how soon the instance or task is stopped (stop timeout, preStop hook, lifecycle hook).",
                remediation: "Set the deregistration delay longer than the longest request, and keep the target serving until the delay has passed (for example a preStop sleep or stop timeout longer than the delay for containers, lifecycle hooks for Auto Scaling).",
                reference: DeregistrationDelay,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: Draining),
            new CauseDefinition(503, "503.NoRegisteredTargets",
                title: "The target group has no registered targets",
                side: CauseSide.LoadBalancer,
                description: "The target group the matched rule forwards to has no registered targets, so the load balancer has nowhere to send the request.",
                check: "In the access log elb_status_code is 503, target:port '-', target_status_code '-' and the processing times -1; target_group_arn names the empty group. `aws elbv2 describe-target-health --target-group-arn <arn>` returns no targets. Auto Scaling groups or ECS services scaled to zero and failed deployments are common reasons. Unhealthy targets do not cause this: when all targets are unhealthy the load balancer fails open and still routes to them.",
                remediation: "Register targets, or attach the target group to the Auto Scaling group or ECS service and scale it above zero, or point the rule to a target group that has targets.",
                reference: Http503,
                decidedBy: DecidedBy.Configuration,
                evaluate: NoRegisteredTargets),
            new CauseDefinition(503, "503.AllTargetsUnused",
                title: "All registered targets are in the unused state",
                side: CauseSide.LoadBalancer,
                description: "The target group has targets, but none can receive traffic because every one is unused: not registered yet, in an Availability Zone the load balancer does not use, stopped or terminated, or an unusable IP address. Deregistered targets also end up unused once the deregistration delay has passed.",
                check: "`aws elbv2 describe-target-health` shows State unused for every target; the Reason says which case applies (Target.NotRegistered, Target.NotInUse, Target.InvalidState, Target.IpUnusable). Also check that a listener rule of this load balancer forwards to the group (LoadBalancerArns in `aws elbv2 describe-target-groups`).",
                remediation: "Act on the reason: register the targets, enable their Availability Zones on the load balancer, start the instances, or replace the unusable IP addresses.",
                reference: HealthStates,
                decidedBy: DecidedBy.Configuration,
                evaluate: AllTargetsUnused),
            new CauseDefinition(503, "503.NoTargetInService",
                title: "No registered target can take requests yet or any more: each is initial, draining or unused",
                side: CauseSide.LoadBalancer,
                description: "The load balancer sends requests to healthy targets, and to unhealthy ones when none is healthy (fail-open). Targets still registering or in their first health checks (initial), being deregistered (draining) or unused receive none. When a target group has only such targets, there is nothing to route to and requests get 503; it is typical right after a deployment replaced every target, or while all of them are deregistered.",
                check: "`aws elbv2 describe-target-health --target-group-arn <arn>` lists no target in state healthy or unhealthy; the reasons are Elb.RegistrationInProgress, Elb.InitialHealthChecking, Target.DeregistrationInProgress or an unused reason. HealthyHostCount and UnHealthyHostCount are both 0 for the group.",
                remediation: "Keep serving targets registered until new ones are healthy (deploy in batches, or with minimum healthy percentages), shorten the health-check interval and healthy threshold so new targets enter service sooner, and make sure new targets pass their health checks.",
                reference: HealthStates,
                decidedBy: DecidedBy.Configuration | DecidedBy.Metrics,
                evaluate: NoTargetInService),
            new CauseDefinition(503, "503.NoTargetInZone",
                title: "Cross-zone load balancing is off and an enabled Availability Zone has no target to route to",
                side: CauseSide.LoadBalancer,
                description: "Cross-zone load balancing is always on for an Application Load Balancer itself, but a target group can turn it off (load_balancing.cross_zone.enabled = false). Each load balancer node then routes only to the group's targets in its own zone. A zone with no healthy target of the group is unhealthy: DNS failover takes its node out of the load balancer's DNS (unless target_group_health.dns_failover is off), but clients with the address cached still reach it, and a node with no target in service in its zone has nothing to send them to (503); with only unhealthy ones there, it sends requests to them anyway (fail-open), and they fail as those targets do.",
                check: "`aws elbv2 describe-target-group-attributes` shows load_balancing.cross_zone.enabled false; `aws elbv2 describe-target-health` with each target's zone (the instance's placement, or the IP's subnet) shows a zone of the load balancer with no healthy target. HealthyHostCount per AvailabilityZone is 0 for that zone.",
                remediation: "Register healthy targets in every zone the load balancer uses (an Auto Scaling group across the same zones), remove the zone from the load balancer, or turn cross-zone load balancing back on for the group.",
                reference: CrossZone,
                decidedBy: DecidedBy.Configuration | DecidedBy.Metrics,
                evaluate: NoTargetInZone),
            new CauseDefinition(503, "503.TargetsInDisabledAvailabilityZone",
                title: "Targets are in Availability Zones not enabled for the load balancer (Target.NotInUse)",
                side: CauseSide.LoadBalancer,
                description: "The load balancer routes only to targets in its enabled Availability Zones. Targets in other zones stay unused, and when they are the only targets the result is 503. The same reason code appears when no listener rule uses the target group.",
                check: "`aws elbv2 describe-target-health` shows State unused with Reason Target.NotInUse. Compare each target's Availability Zone (from `aws ec2 describe-instances`, or the subnet of an IP target) with the AvailabilityZones of `aws elbv2 describe-load-balancers`.",
                remediation: "Enable the targets' Availability Zones on the load balancer (`aws elbv2 set-subnets` with a subnet in each zone), or run targets in the zones it already uses; make sure a listener rule forwards to the target group.",
                reference: HealthReasonCodes,
                decidedBy: DecidedBy.Configuration,
                evaluate: c => UnusedForReason(c, "Target.NotInUse")),
            new CauseDefinition(503, "503.TargetsStoppedOrTerminated",
                title: "The registered instances are stopped or terminated (Target.InvalidState)",
                side: CauseSide.Target,
                description: "The registered instances are stopped or terminated, so they are unused; with no other targets the load balancer answers 503.",
                check: "`aws elbv2 describe-target-health` shows State unused with Reason Target.InvalidState, and `aws ec2 describe-instances` shows the instances stopped or terminated.",
                remediation: "Start the instances or register running ones; let the Auto Scaling group replace terminated instances and deregister the old ones.",
                reference: HealthReasonCodes,
                decidedBy: DecidedBy.Configuration,
                evaluate: c => UnusedForReason(c, "Target.InvalidState")),
            new CauseDefinition(503, "503.TargetIpUnusable",
                title: "The registered IP address cannot be used as a target (Target.IpUnusable)",
                side: CauseSide.LoadBalancer,
                description: "The IP address registered as a target is in use by a load balancer, so it cannot serve as a target and stays unused.",
                check: "`aws elbv2 describe-target-health` shows Reason Target.IpUnusable. Compare the target IPs with the load balancer's own network interfaces: `aws ec2 describe-network-interfaces --filters Name=description,Values='ELB app/<name>/<id>'`.",
                remediation: "Deregister the load balancer's addresses and register the application's own IP addresses.",
                reference: HealthReasonCodes,
                decidedBy: DecidedBy.Configuration,
                evaluate: c => UnusedForReason(c, "Target.IpUnusable")),
            new CauseDefinition(503, "503.TargetOptimizerRejected",
                title: "The target optimizer rejected the request because no target was ready",
                side: CauseSide.LoadBalancer,
                description: "With the target optimizer (introduced in November 2025) the load balancer sends requests only to targets whose agent reports free capacity, and rejects a request when no target is ready. A third-party test observed these rejections as 503; AWS's own wording was not confirmed.",
                check: "TargetControlRequestRejectCount has data points at the time of the 503s. TargetControlActiveChannelCount shows how many target agents are connected, TargetControlWorkQueueLength how much work is queued, and TargetControlChannelErrorCount whether agents fail to connect.",
                remediation: "Add targets or raise the concurrency the targets' agents advertise, and make sure the agent runs and stays connected on every target.",
                reference: Troubleshooting,
                decidedBy: DecidedBy.Configuration,
                evaluate: TargetOptimizer),
        };

        private static CheckResult NoRegisteredTargets(CheckContext c)
        {
            var pre = c.ForwardPrerequisites();
            if (pre is not null) return pre;
            var f = new Findings();
            var registered = new List<string>();
            foreach (var p in c.Paths)
            {
                if (!c.TargetsKnown(p, f)) continue;
                var group = p.Group!;
                if (group.Targets!.Count > 0)
                {
                    registered.Add(group.Name + " " + group.Targets.Count.ToString(CultureInfo.InvariantCulture));
                    continue;
                }
                if (p.ReceivesNoTraffic)
                    f.Add(CauseVerdict.RuledOut, p.Where + " forwards" + p.WeightText + " to " + p.GroupText + ", which has no registered targets but receives no requests at weight 0.");
                else
                    f.Add(CauseVerdict.Confirmed, p.Where + " forwards" + p.WeightText + " to " + p.GroupText + ", which has no registered targets.");
            }
            if (registered.Count > 0) f.Add(CauseVerdict.RuledOut, "Registered targets per target group: " + Join(registered.Distinct()) + ".");
            c.RulesCaveat(f);
            return f.ToResult();
        }

        /// <summary>The unused reasons that have causes of their own, with those causes.</summary>
        private static readonly (string Reason, string CauseId)[] SpecificReasons =
        {
            ("Target.NotInUse", "503.TargetsInDisabledAvailabilityZone"),
            ("Target.InvalidState", "503.TargetsStoppedOrTerminated"),
            ("Target.IpUnusable", "503.TargetIpUnusable"),
        };

        private static string? SpecificReason(CheckContext c, RegisteredTarget t) =>
            SpecificReasons.Where(r => HasReason(c, t, r.Reason)).Select(r => r.CauseId).FirstOrDefault();

        private static IEnumerable<string> SpecificCauses(CheckContext c, IEnumerable<RegisteredTarget> targets) =>
            targets.Select(t => (Cause: SpecificReason(c, t), t.Id)).Where(x => x.Cause is not null)
                .GroupBy(x => x.Cause!).Select(g => g.Key + " for " + Join(g.Select(x => x.Id)));

        private static CheckResult AllTargetsUnused(CheckContext c)
        {
            var pre = c.ForwardPrerequisites();
            if (pre is not null) return pre;
            var f = new Findings();
            var inUse = new List<string>();
            foreach (var p in c.Paths.Where(p => !p.ReceivesNoTraffic))
            {
                if (!c.TargetsKnown(p, f)) continue;
                var targets = p.Group!.Targets!;
                if (targets.Count == 0) continue; // 503.NoRegisteredTargets
                if (targets.All(IsUnused))
                {
                    // One fault, one cause: a target whose reason has its own cause is that cause's finding.
                    var unexplained = targets.Where(t => SpecificReason(c, t) is null).ToList();
                    var text = p.Where + " forwards" + p.WeightText + " to " + p.GroupText + ", whose " +
                        Wording.Plural(targets.Count, "target") + " are all unused";
                    if (unexplained.Count > 0)
                        f.Add(CauseVerdict.Confirmed, text + ": " + Join(unexplained.Select(DescribeTarget)) +
                            (unexplained.Count < targets.Count ? "; the others have causes of their own (" + Join(SpecificCauses(c, targets)) + ")" : string.Empty) + ".");
                    else
                        f.Add(CauseVerdict.NotApplicable, text + ", each for a reason with a cause of its own: " + Join(SpecificCauses(c, targets)) + ".");
                }
                else
                    inUse.Add(p.Group.Name + " " + targets.Count(t => !IsUnused(t)).ToString(CultureInfo.InvariantCulture) + " of " + targets.Count.ToString(CultureInfo.InvariantCulture));
            }
            if (inUse.Count > 0) f.Add(CauseVerdict.RuledOut, "Targets in use per target group: " + Join(inUse.Distinct()) + ".");
            c.RulesCaveat(f);
            return f.ToResult();
        }

        /// <summary>
        /// For each serving group with cross-zone load balancing off: every zone of the load balancer
        /// needs a target in service there (a target zonal-shifted away does not count). A zone without
        /// one is Likely, not Confirmed: DNS failover keeps new clients away from its node, and only
        /// those that still reach it fail. Groups with cross-zone on route across zones: RuledOut.
        /// </summary>
        private static CheckResult NoTargetInZone(CheckContext c)
        {
            var pre = c.ForwardPrerequisites();
            if (pre is not null) return pre;
            if (c.OnlyLambda) return c.OnlyLambdaResult();
            var f = new Findings();
            var zones = c.LoadBalancer.AvailabilityZones.Select(z => z.ZoneName).Where(z => z.Length > 0).Distinct().ToList();
            foreach (var group in c.ServingGroups.Where(g => !IsLambda(g)))
            {
                var crossZone = GroupAttribute(group, "load_balancing.cross_zone.enabled", "use_load_balancer_configuration");
                if (crossZone is null)
                {
                    f.Add(CauseVerdict.Unknown, Describe(group) + ": load_balancing.cross_zone.enabled unknown: " + c.Model.UnknownReason(DescribeTargetGroupAttributes) + ".");
                    continue;
                }
                if (!string.Equals(crossZone, "false", StringComparison.OrdinalIgnoreCase))
                {
                    f.Add(CauseVerdict.RuledOut, Describe(group) + ": load_balancing.cross_zone.enabled = " + crossZone + ": every node routes to the targets of every zone.");
                    continue;
                }
                if (group.Targets is null)
                {
                    f.Add(CauseVerdict.Unknown, Describe(group) + ": cross-zone off, targets unknown: " + c.Model.UnknownReason(DescribeTargetHealth) + ".");
                    continue;
                }
                var placed = group.Targets.Select(t => (Target: t, Zone: c.Model.AvailabilityZoneOf(group, t))).ToList();
                foreach (var unplaced in placed.Where(x => x.Zone.Zone is null))
                    f.Add(CauseVerdict.Unknown, Describe(group) + ": the zone of " + DescribeTarget(unplaced.Target) + " is unknown (" + unplaced.Zone.UnknownReason + ").");
                foreach (var zone in zones)
                {
                    var here = placed.Where(x => x.Zone.IsAllZones || string.Equals(x.Zone.Zone, zone, StringComparison.Ordinal)).Select(x => x.Target).ToList();
                    var serving = here.Where(t => InService(t) && !IsShiftedAway(t)).ToList();
                    var text = Describe(group) + " (load_balancing.cross_zone.enabled = false) in " + zone + ": ";
                    if (serving.Count > 0)
                        f.Add(CauseVerdict.RuledOut, text + Wording.Plural(serving.Count, "target") + " in service.");
                    else
                        f.Add(CauseVerdict.Likely, text + (here.Count == 0 ? "no registered target" : "no target in service (" + Join(here.Select(DescribeTarget)) + ")") +
                            ": the load balancer node in " + zone + " has nothing to route to; clients that still reach it get 503.");
                }
            }
            if (!f.Any) f.Add(CauseVerdict.RuledOut, "No target group that receives requests turns cross-zone load balancing off.");
            return f.ToResult();
        }

        /// <summary>
        /// Confirmed for each group that receives requests and has targets, none of which is in service
        /// (healthy, unhealthy or unavailable): only initial, draining and unused ones. A group whose
        /// targets are all unused is 503.AllTargetsUnused; an empty one 503.NoRegisteredTargets.
        /// </summary>
        private static CheckResult NoTargetInService(CheckContext c)
        {
            var pre = c.ForwardPrerequisites();
            if (pre is not null) return pre;
            var f = new Findings();
            var serving = new List<string>();
            foreach (var p in c.Paths.Where(p => !p.ReceivesNoTraffic))
            {
                if (!c.TargetsKnown(p, f)) continue;
                var targets = p.Group!.Targets!;
                if (targets.Count == 0 || targets.All(IsUnused)) continue;
                var inService = targets.Count(InService);
                if (inService > 0)
                {
                    serving.Add(p.Group.Name + " " + inService.ToString(CultureInfo.InvariantCulture) + " of " + targets.Count.ToString(CultureInfo.InvariantCulture));
                    continue;
                }
                var states = targets.GroupBy(t => t.State ?? "state unknown").Select(g => Wording.Plural(g.Count(), "target") + " " + g.Key);
                f.Add(CauseVerdict.Confirmed, p.Where + " forwards" + p.WeightText + " to " + p.GroupText + ", which has no target in service (" + Join(states) + "): " +
                    Join(targets.Select(DescribeTarget)) + ".");
            }
            if (serving.Count > 0) f.Add(CauseVerdict.RuledOut, "Targets in service (healthy, unhealthy or unavailable) per target group: " + Join(serving.Distinct()) + ".");
            if (!f.Any) f.Add(CauseVerdict.RuledOut, "No target group that receives requests has only initial, draining or unused targets.");
            c.RulesCaveat(f);
            return f.ToResult();
        }

        /// <summary>
        /// The target optimizer rejects a request when no target's agent reports free capacity. It is on
        /// for a group created with a target control port: RuledOut when no serving group has one;
        /// Likely when the access logs hold 503s without a target while every serving group has targets
        /// in use (which leaves no other documented no-target 503); otherwise Possible.
        /// </summary>
        private static CheckResult TargetOptimizer(CheckContext c)
        {
            var pre = c.ForwardPrerequisites();
            if (pre is not null) return pre;
            var serving = c.Paths.Where(p => !p.ReceivesNoTraffic && p.Group is not null).Select(p => p.Group!).Distinct().ToList();
            var optimized = serving.Where(g => g.TargetControlPort.HasValue).ToList();
            if (optimized.Count == 0)
            {
                var f = new Findings();
                f.Add(CauseVerdict.RuledOut, "No target group that receives requests has a target control port, so the target optimizer is off" +
                    (serving.Count > 0 ? " (" + Join(serving.Select(g => g.Name)) + ")" : string.Empty) +
                    ". (An AWS CLI or AWS Tools release older than the optimizer, November 2025, drops TargetControlPort from DescribeTargetGroups: if you use the optimizer, collect with a current one.)");
                c.RulesCaveat(f);
                return f.ToResult();
            }
            var on = Join(optimized.Select(g => Describe(g) + " has target control port " + g.TargetControlPort!.Value.ToString(CultureInfo.InvariantCulture))) +
                     ": the target optimizer is on, and the load balancer rejects a request when no target's agent reports free capacity.";
            var rejected = c.Options.AccessLogs?.Errors.Where(r => r.ElbStatusCode == 503 && r.Match is not null && r.Match.Fits(c.Cause.Id)).Sum(r => r.Count) ?? 0;
            var noTargetInUse = serving.Where(g => g.Targets is null || g.Targets.Count == 0 || g.Targets.All(IsUnused))
                .Select(g => g.Name + (g.Targets is null ? " (targets unknown)" : g.Targets.Count == 0 ? " (no targets)" : " (all unused)")).ToList();
            if (rejected > 0 && noTargetInUse.Count == 0)
                return CheckResult.Of(CauseVerdict.Likely, on,
                    "The access logs hold " + Wording.Count(rejected) + " 503 line(s) without a target while every target group that receives requests has targets in use: " +
                    "no target was ready to take them.", c.ToCheck);
            return CheckResult.Of(CauseVerdict.Possible, on,
                noTargetInUse.Count > 0 ? "A 503 without a target is also what " + Join(noTargetInUse) + " give." : string.Empty,
                c.ToCheck);
        }

        /// <summary>
        /// Targets left unused for one reason (Target.NotInUse, Target.InvalidState, Target.IpUnusable):
        /// Confirmed where they leave a group with no usable target, Possible where other targets still serve.
        /// </summary>
        private static CheckResult UnusedForReason(CheckContext c, string reason)
        {
            var pre = c.ForwardPrerequisites();
            if (pre is not null) return pre;
            var f = new Findings();
            var checkedGroups = new List<string>();
            foreach (var p in c.Paths.Where(p => !p.ReceivesNoTraffic))
            {
                if (!c.TargetsKnown(p, f)) continue;
                var group = p.Group!;
                var targets = group.Targets!;
                var hit = targets.Where(t => HasReason(c, t, reason)).ToList();
                checkedGroups.Add(group.Name);
                if (hit.Count == 0) continue;
                var detail = Join(hit.Select(t => DescribeTarget(t) + ReasonDetail(c, t, reason)));
                if (targets.All(IsUnused))
                    f.Add(CauseVerdict.Confirmed, p.Where + " forwards to " + p.GroupText + ": no target can serve; " + detail + ".");
                else
                    f.Add(CauseVerdict.Possible, p.Where + " forwards to " + p.GroupText + ": " + detail +
                        "; other targets are still in use, so this alone does not give 503.");
            }
            if (!f.Any || f.Verdict == CauseVerdict.RuledOut)
                f.Add(CauseVerdict.RuledOut, "No registered target of " + Join(checkedGroups.Distinct()) + " is unused with " + reason + ".");
            c.RulesCaveat(f);
            return f.ToResult();
        }

        private static bool HasReason(CheckContext c, RegisteredTarget t, string reason)
        {
            if (string.Equals(t.Reason, reason, StringComparison.OrdinalIgnoreCase)) return true;
            // A stopped instance is InvalidState whatever the (possibly stale) health says.
            return reason == "Target.InvalidState" && IsStopped(c.Model.FindInstance(t.Id));
        }

        private static bool IsStopped(Instance? i) =>
            i is not null && i.State is "stopped" or "stopping" or "terminated" or "shutting-down";

        /// <summary>What the rest of the snapshot adds about why a target is unused.</summary>
        private static string ReasonDetail(CheckContext c, RegisteredTarget t, string reason)
        {
            switch (reason)
            {
                case "Target.NotInUse":
                    var zone = c.Model.FindInstance(t.Id)?.AvailabilityZone ?? t.AvailabilityZone;
                    var zones = Join(c.LoadBalancer.AvailabilityZones.Select(z => z.ZoneName));
                    return zone is null
                        ? " [the load balancer uses " + zones + "]"
                        : " [in " + zone + "; the load balancer uses " + zones + "]";
                case "Target.InvalidState":
                    var instance = c.Model.FindInstance(t.Id);
                    return instance is null
                        ? (c.Model.Instances is null ? " [instance state unknown: " + c.Model.UnknownReason(DescribeInstances) + "]" : string.Empty)
                        : " [instance state " + instance.State + "]";
                case "Target.IpUnusable":
                    var owners = c.Model.NetworkInterfacesWithAddress(t.Id)?.Where(n => n.LoadBalancerResourceId is not null).ToList();
                    return owners is { Count: > 0 }
                        ? " [the address belongs to " + Join(owners.Select(n => n.Id + " (" + n.Description + ")")) + "]"
                        : string.Empty;
                default:
                    return string.Empty;
            }
        }

        private static CheckResult Draining(CheckContext c)
        {
            var pre = c.ForwardPrerequisites();
            if (pre is not null) return pre;
            if (c.OnlyLambda) return c.OnlyLambdaResult();
            var f = new Findings();
            var idle = c.IdleTimeoutSeconds;
            foreach (var group in c.ServingGroups.Where(g => !IsLambda(g)))
            {
                var delayText = GroupAttribute(group, "deregistration_delay.timeout_seconds", "300");
                if (group.Targets is null)
                {
                    f.Add(CauseVerdict.Unknown, Describe(group) + ": targets unknown: " + c.Model.UnknownReason(DescribeTargetHealth) + ".");
                    continue;
                }
                var draining = group.Targets.Where(t => IsDraining(t)).ToList();
                if (delayText is null)
                {
                    f.Add(draining.Count > 0 ? CauseVerdict.Likely : CauseVerdict.Unknown, Describe(group) + ": " +
                        (draining.Count > 0 ? "draining " + Join(draining.Select(DescribeTarget)) + "; " : string.Empty) +
                        "deregistration_delay.timeout_seconds unknown: " + c.Model.UnknownReason(DescribeTargetGroupAttributes) + ".");
                    continue;
                }
                var delay = ParseInt(delayText);
                var comparison = idle.HasValue && delay.HasValue
                    ? (delay < idle ? ", shorter than idle_timeout.timeout_seconds = " : ", not shorter than idle_timeout.timeout_seconds = ") + idle.Value.ToString(CultureInfo.InvariantCulture)
                    : string.Empty;
                // A draining target cuts what is still running when the delay ends; a delay shorter than
                // the idle timeout cuts requests the load balancer itself would still wait for.
                var shortDelay = delay.HasValue && idle.HasValue && delay < idle;
                if (draining.Count > 0)
                    f.Add(shortDelay ? CauseVerdict.Likely : CauseVerdict.Possible, Describe(group) + ": " + Join(draining.Select(DescribeTarget)) +
                        "; deregistration_delay.timeout_seconds = " + delayText + comparison + ": requests still running when the delay ends are cut with 502.");
                else
                    // Deregistrations during requests are past (or future) traffic: no snapshot rules them out.
                    f.Add(CauseVerdict.Possible, Describe(group) + ": no target is draining now; deregistration_delay.timeout_seconds = " + delayText + comparison +
                        ": at a deregistration, requests longer than " + delayText + " s are cut.");
            }
            return f.ToResult(f.Verdict == CauseVerdict.Possible ? c.ToCheck : string.Empty);
        }
    }
}
