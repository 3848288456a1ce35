using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.Model;
using static AlbTroubleshoot.Diagnostics.CheckContext;

namespace AlbTroubleshoot.Diagnostics
{
    // 503 and the target-health based checks: registration, unused targets, draining.
    internal static partial class Checks
    {
        private static readonly string[] DrainingStates = { "draining", "unhealthy.draining" };

        /// <summary>Unknown when the listeners or target groups are unknown; RuledOut when no rule forwards at all.</summary>
        private static CheckResult? ForwardPrerequisites(CheckContext c)
        {
            var unknown = c.Unknown(DescribeListeners, DescribeTargetGroups);
            if (unknown is not null) return unknown;
            if (c.Paths.Count > 0) return null;
            var f = new Findings();
            f.Add(CauseVerdict.RuledOut, "No listener rule of " + c.LoadBalancer.Name + " forwards to a target group (" +
                (c.Listeners.Count == 0 ? "it has no listeners" : "listeners " + Join(c.Listeners.Select(DescribeListener))) + ").");
            RulesCaveat(c, f);
            return f.ToResult();
        }

        /// <summary>When some listener's rules are unknown, a RuledOut cannot stand: add an Unknown naming DescribeRules.</summary>
        private static void RulesCaveat(CheckContext c, Findings f)
        {
            var listeners = c.Listeners.Where(l => l.Rules is null).Select(DescribeListener).ToArray();
            if (listeners.Length > 0)
                f.Add(CauseVerdict.Unknown, "Only the default actions of listener " + Join(listeners) + " are known: " + c.Model.UnknownReason(DescribeRules) + ".");
        }

        /// <summary>Adds an Unknown for a path whose group or targets are unknown; true when the path's targets are known.</summary>
        private static bool TargetsKnown(CheckContext c, ForwardPath p, Findings f)
        {
            if (p.Group is null)
            {
                f.Add(CauseVerdict.Unknown, p.Where + " forwards to " + p.Weighted.TargetGroupArn + ", which DescribeTargetGroups does not list.");
                return false;
            }
            if (p.Group.Targets is null)
            {
                f.Add(CauseVerdict.Unknown, p.Where + " forwards to " + p.GroupText + ", whose targets are unknown: " + c.Model.UnknownReason(DescribeTargetHealth) + ".");
                return false;
            }
            return true;
        }

        private static string Weight(ForwardPath p) =>
            p.Action.TargetGroups.Count > 1 ? " (weight " + (p.Weighted.Weight?.ToString(CultureInfo.InvariantCulture) ?? "unset") + " of a weighted forward)" : string.Empty;

        private static CheckResult NoRegisteredTargets(CheckContext c)
        {
            var pre = ForwardPrerequisites(c);
            if (pre is not null) return pre;
            var f = new Findings();
            var registered = new List<string>();
            foreach (var p in c.Paths)
            {
                if (!TargetsKnown(c, p, f)) continue;
                var group = p.Group!;
                if (group.Targets!.Count > 0)
                {
                    registered.Add(group.Name + " " + group.Targets.Count.ToString(CultureInfo.InvariantCulture));
                    continue;
                }
                if (p.ReceivesNoTraffic)
                    f.Add(CauseVerdict.RuledOut, p.Where + " forwards" + Weight(p) + " to " + p.GroupText + ", which has no registered targets but receives no requests at weight 0.");
                else
                    f.Add(CauseVerdict.Confirmed, p.Where + " forwards" + Weight(p) + " to " + p.GroupText + ", which has no registered targets.");
            }
            if (registered.Count > 0) f.Add(CauseVerdict.RuledOut, "Registered targets per target group: " + Join(registered.Distinct()) + ".");
            RulesCaveat(c, f);
            return f.ToResult();
        }

        private static CheckResult AllTargetsUnused(CheckContext c)
        {
            var pre = ForwardPrerequisites(c);
            if (pre is not null) return pre;
            var f = new Findings();
            var inUse = new List<string>();
            foreach (var p in c.Paths.Where(p => !p.ReceivesNoTraffic))
            {
                if (!TargetsKnown(c, p, f)) continue;
                var targets = p.Group!.Targets!;
                if (targets.Count == 0) continue; // 503.NoRegisteredTargets
                if (targets.All(IsUnused))
                    f.Add(CauseVerdict.Confirmed, p.Where + " forwards" + Weight(p) + " to " + p.GroupText + ", whose " +
                        targets.Count.ToString(CultureInfo.InvariantCulture) + " target(s) are all unused: " + Join(targets.Select(DescribeTarget)) + ".");
                else
                    inUse.Add(p.Group.Name + " " + targets.Count(t => !IsUnused(t)).ToString(CultureInfo.InvariantCulture) + " of " + targets.Count.ToString(CultureInfo.InvariantCulture));
            }
            if (inUse.Count > 0) f.Add(CauseVerdict.RuledOut, "Targets in use per target group: " + Join(inUse.Distinct()) + ".");
            RulesCaveat(c, f);
            return f.ToResult();
        }

        private static bool IsUnused(RegisteredTarget t) => string.Equals(t.State, "unused", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// The target optimizer rejects a request when no target's agent reports free capacity. It is on
        /// for a group created with a target control port: RuledOut when no serving group has one;
        /// Likely when the access logs hold 503s without a target while every serving group has targets
        /// in use (which leaves no other documented no-target 503); otherwise Possible.
        /// </summary>
        private static CheckResult TargetOptimizer(CheckContext c)
        {
            var pre = ForwardPrerequisites(c);
            if (pre is not null) return pre;
            var serving = c.Paths.Where(p => !p.ReceivesNoTraffic && p.Group is not null).Select(p => p.Group!).Distinct().ToList();
            var optimized = serving.Where(g => g.TargetControlPort.HasValue).ToList();
            if (optimized.Count == 0)
            {
                var f = new Findings();
                f.Add(CauseVerdict.RuledOut, "No target group that receives requests has a target control port, so the target optimizer is off" +
                    (serving.Count > 0 ? " (" + Join(serving.Select(g => g.Name)) + ")" : string.Empty) +
                    ". (An AWS CLI or AWS Tools release older than the optimizer, November 2025, drops TargetControlPort from DescribeTargetGroups: if you use the optimizer, collect with a current one.)");
                RulesCaveat(c, f);
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
            var pre = ForwardPrerequisites(c);
            if (pre is not null) return pre;
            var f = new Findings();
            var checkedGroups = new List<string>();
            foreach (var p in c.Paths.Where(p => !p.ReceivesNoTraffic))
            {
                if (!TargetsKnown(c, p, f)) continue;
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
            RulesCaveat(c, f);
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
            var pre = ForwardPrerequisites(c);
            if (pre is not null) return pre;
            if (c.OnlyLambda) return OnlyLambdaResult(c);
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
                var draining = group.Targets.Where(t => DrainingStates.Contains(t.State ?? string.Empty) ||
                    string.Equals(t.Reason, "Target.DeregistrationInProgress", StringComparison.OrdinalIgnoreCase)).ToList();
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
                if (draining.Count > 0)
                    f.Add(CauseVerdict.Likely, Describe(group) + ": " + Join(draining.Select(DescribeTarget)) +
                        "; deregistration_delay.timeout_seconds = " + delayText + comparison + ": requests still running when the delay ends are cut with 502.");
                else if (delay.HasValue && idle.HasValue && delay < idle)
                    f.Add(CauseVerdict.Possible, Describe(group) + ": no target is draining now, but deregistration_delay.timeout_seconds = " + delayText + comparison +
                        ": at the next deregistration, requests longer than " + delayText + " s are cut.");
                else
                    f.Add(CauseVerdict.RuledOut, Describe(group) + ": no target is draining; deregistration_delay.timeout_seconds = " + delayText + comparison + ".");
            }
            return f.ToResult();
        }

        private static CheckResult OnlyLambdaResult(CheckContext c) =>
            CheckResult.Of(CauseVerdict.NotApplicable, "Requests reach only Lambda functions (" + Join(c.ServingGroups.Select(Describe)) +
                "): this cause concerns targets the load balancer connects to; the Lambda causes cover these.");

        /// <summary>Targets of the serving, non-Lambda groups whose health reason is one of the given, with their group.</summary>
        private static List<(TargetGroup Group, RegisteredTarget Target)> TargetsWithReason(CheckContext c, params string[] reasons) =>
            c.ServingGroups.Where(g => !IsLambda(g) && g.Targets is not null)
                .SelectMany(g => g.Targets!.Where(t => reasons.Contains(t.Reason ?? string.Empty, StringComparer.OrdinalIgnoreCase)).Select(t => (g, t)))
                .ToList();

        /// <summary>
        /// True when every target in service (healthy or unhealthy; draining, unused and initial ones
        /// get no new requests) passes a health check on its traffic port: the load balancer
        /// demonstrably connects to each of them. Null when some health is unknown.
        /// </summary>
        private static bool? AllHealthyOnTrafficPort(CheckContext c, out string evidence)
        {
            var groups = c.ServingGroups.Where(g => !IsLambda(g)).ToList();
            var unknown = groups.Where(g => g.Targets is null).ToList();
            if (unknown.Count > 0)
            {
                evidence = "Health of " + Join(unknown.Select(g => g.Name)) + " unknown: " + c.Model.UnknownReason(DescribeTargetHealth) + ".";
                return null;
            }
            var inService = groups.SelectMany(g => g.Targets!.Where(InService).Select(t => (g, t))).ToList();
            var healthy = inService.Count > 0 && inService.All(x => x.t.State == "healthy");
            var trafficPort = inService.Select(x => x.g).Distinct().All(g => g.HealthCheck.Port is null or "traffic-port" || g.HealthCheck.Port == g.Port?.ToString(CultureInfo.InvariantCulture));
            evidence = Join(groups.Select(g => g.Name + ": " + g.Targets!.Count(t => t.State == "healthy").ToString(CultureInfo.InvariantCulture) +
                " of " + g.Targets!.Count.ToString(CultureInfo.InvariantCulture) + " healthy, " + DescribeHealthCheck(g)));
            return healthy && trafficPort;
        }

        private static bool InService(RegisteredTarget t) => t.State is "healthy" or "unhealthy";

        private static CheckResult TargetConnectionReset(CheckContext c)
        {
            var pre = ForwardPrerequisites(c);
            if (pre is not null) return pre;
            if (c.OnlyLambda) return OnlyLambdaResult(c);
            var failing = TargetsWithReason(c, "Target.FailedHealthChecks");
            if (failing.Count > 0)
            {
                // The other unhealthy targets are named too: they are the next thing to look at.
                var others = TargetsWithReason(c, "Target.ResponseCodeMismatch", "Target.Timeout")
                    .Select(x => "Also unhealthy: " + Describe(x.Group) + ": " + DescribeTarget(x.Target) + "; " + DescribeHealthCheck(x.Group) + ".");
                return new CheckResult(CauseVerdict.Likely, failing.Select(x => Describe(x.Group) + ": " + DescribeTarget(x.Target) + "; " + DescribeHealthCheck(x.Group) +
                    " (a refused or reset connection fails the health check this way)").Concat(others).Concat(Once(c.ToCheck)));
            }
            var all = AllHealthyOnTrafficPort(c, out var health);
            if (all == true)
                return CheckResult.Of(CauseVerdict.RuledOut, "Every target passes its health check on the traffic port, so the port accepts connections: " + health + ".");
            return CheckResult.Of(all is null ? CauseVerdict.Unknown : CauseVerdict.Possible, health, c.ToCheck);
        }

        private static CheckResult TargetGenerated(CheckContext c, char classDigit)
        {
            var pre = ForwardPrerequisites(c);
            if (pre is not null) return pre;
            var mismatches = TargetsWithReason(c, "Target.ResponseCodeMismatch");
            var own = mismatches.Where(x => (x.Target.Description ?? string.Empty).Contains("[" + classDigit)).ToList();
            if (own.Count > 0)
                return new CheckResult(CauseVerdict.Likely, own.Select(x => Describe(x.Group) + ": " + DescribeTarget(x.Target) + "; " + DescribeHealthCheck(x.Group) +
                    ": the target itself answers " + classDigit + "XX.").Concat(Once(c.ToCheck)));
            return CheckResult.Of(CauseVerdict.Possible,
                "Any target can return " + classDigit + "XX for some requests; the load balancer passes them on. No health check shows one" +
                (mismatches.Count > 0 ? " of this class (" + Join(mismatches.Select(x => DescribeTarget(x.Target))) + ")" : string.Empty) + ".",
                c.ToCheck);
        }
    }
}
