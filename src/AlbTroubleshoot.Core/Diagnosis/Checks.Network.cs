using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Network;
using AlbTroubleshoot.Reachability;
using static AlbTroubleshoot.Diagnostics.CheckContext;

namespace AlbTroubleshoot.Diagnostics
{
    // Connection-level causes (502/504): reachability and NACL results given as input, target health,
    // timeouts, TLS to targets, and the IdP route for authenticate actions.
    internal static partial class Checks
    {
        private static readonly string[] NotReachable = { ReachabilityVerdict.Blocked, ReachabilityVerdict.PartiallyBlocked };

        private static CheckResult TargetUnreachable(CheckContext c, string verdictFromHealth)
        {
            var pre = ForwardPrerequisites(c);
            if (pre is not null) return pre;
            if (c.OnlyLambda) return OnlyLambdaResult(c);
            var f = new Findings();
            var reachability = c.Options.Reachability?.Where(r => ForThisLoadBalancer(c, r) && r.Verdict != ReachabilityVerdict.NotApplicable).ToList();
            if (reachability is { Count: > 0 })
            {
                foreach (var r in reachability.Where(r => NotReachable.Contains(r.Verdict)))
                    f.Add(CauseVerdict.Confirmed, "Test-AlbTargetReachability: " + r.TargetGroupName + " " + r.TargetId + ":" + r.Port.ToString(CultureInfo.InvariantCulture) +
                        " (" + r.Purpose + ") " + r.Verdict + " by " + Join(r.BlockedBy) + ": " + r.Explanation);
                foreach (var r in reachability.Where(r => r.Verdict == ReachabilityVerdict.Unknown))
                    f.Add(CauseVerdict.Unknown, "Test-AlbTargetReachability: " + r.TargetGroupName + " " + r.TargetId + ":" + r.Port.ToString(CultureInfo.InvariantCulture) +
                        " (" + r.Purpose + ") Unknown: " + r.Explanation);
                var blockedTargets = new HashSet<string>(reachability.Where(r => NotReachable.Contains(r.Verdict)).Select(r => r.TargetId), StringComparer.Ordinal);
                foreach (var x in TargetsWithReason(c, "Target.Timeout").Where(x => blockedTargets.Contains(x.Target.Id)))
                    f.Add(CauseVerdict.Confirmed, "Health agrees: " + Describe(x.Group) + ": " + DescribeTarget(x.Target) + "; " + DescribeHealthCheck(x.Group) + ".");
                var reachable = reachability.Count(r => r.Verdict == ReachabilityVerdict.Reachable);
                if (reachable > 0)
                    f.Add(CauseVerdict.RuledOut, "Test-AlbTargetReachability: " + reachable.ToString(CultureInfo.InvariantCulture) + " of " +
                        reachability.Count.ToString(CultureInfo.InvariantCulture) + " load balancer-to-target paths are Reachable.");
                return f.ToResult();
            }

            var timeouts = TargetsWithReason(c, "Target.Timeout");
            if (timeouts.Count > 0)
                return new CheckResult(verdictFromHealth, timeouts.Select(x => Describe(x.Group) + ": " + DescribeTarget(x.Target) + "; " + DescribeHealthCheck(x.Group))
                    .Concat(Once("Health checks that time out are what dropped packets look like (security group, network ACL or route); reachability was not evaluated, run Test-AlbTargetReachability to name the blocking rule.")));
            var all = AllHealthyOnTrafficPort(c, out var health);
            if (all == true)
                return CheckResult.Of(CauseVerdict.RuledOut, "Every target passes its health check on the traffic port, so the load balancer reaches each one: " + health + ".");
            return CheckResult.Of(CauseVerdict.Unknown, "Reachability was not evaluated (run Test-AlbTargetReachability).", health);
        }

        private static CheckResult NaclEphemeral(CheckContext c)
        {
            if (c.OnlyLambda) return OnlyLambdaResult(c);
            // Only the replies between targets and load balancer nodes: the load balancer subnets
            // inbound on 1024-65535 and the target subnets outbound. (The client-facing results of
            // Test-AlbNaclEphemeral concern the clients' connections, not this 504.)
            var results = c.Options.NaclEphemeral?.Where(r =>
                (r.Role == NaclRole.LoadBalancerSubnet && r.Direction == "Inbound" && r.PortRange == PortRange.Ephemeral.ToString()) ||
                (r.Role == NaclRole.TargetSubnet && r.Direction == "Outbound")).ToList();
            if (results is null || results.Count == 0)
            {
                if (!c.Model.HasSection("DescribeNetworkAcls"))
                    return CheckResult.Of(CauseVerdict.Unknown, "Cannot decide: " + c.Model.UnknownReason("DescribeNetworkAcls") + ".");
                var timeouts = TargetsWithReason(c, "Target.Timeout");
                return new CheckResult(CauseVerdict.Unknown, Once(c.Options.NaclEphemeral is null
                        ? "The network ACLs were not evaluated: run Test-AlbNaclEphemeral (or Invoke-AlbDiagnosis)."
                        : "Test-AlbNaclEphemeral found no path between the load balancer subnets and the target subnets to check.")
                    .Concat(timeouts.Select(x => "Consistent with it: " + DescribeTarget(x.Target) + " in " + x.Group.Name + ".")));
            }
            var f = new Findings();
            foreach (var r in results.Where(r => NotReachable.Contains(r.Verdict)))
                f.Add(CauseVerdict.Confirmed, "Test-AlbNaclEphemeral: " + r.NetworkAclId + " on " + r.SubnetId + " (" + r.Role + ", " +
                    r.Direction + ", peer " + r.PeerCidr + ", " + r.PortRange + ") " + r.Verdict +
                    ": blocked " + Join(r.BlockedRanges) + " by rule(s) " + Join(r.DecidingRules.Select(n => n.ToString(CultureInfo.InvariantCulture))) + ". " + r.Explanation);
            foreach (var r in results.Where(r => r.Verdict == NaclEphemeralAnalyzer.Unknown))
                f.Add(CauseVerdict.Unknown, "Test-AlbNaclEphemeral: " + r.Explanation);
            var allowed = results.Where(r => r.Verdict == "Allowed").Select(r => r.NetworkAclId + " " + r.Direction).Distinct().ToList();
            if (allowed.Count > 0) f.Add(CauseVerdict.RuledOut, "Test-AlbNaclEphemeral: 1024-65535 allowed by " + Join(allowed) + ".");
            return f.ToResult();
        }

        private static CheckResult KeepAlive(CheckContext c)
        {
            if (c.OnlyLambda) return OnlyLambdaResult(c);
            var unknown = c.Unknown(DescribeLoadBalancerAttributes);
            if (unknown is not null) return unknown;
            var idle = c.IdleTimeoutSeconds;
            var idleText = c.LbAttributeText("idle_timeout.timeout_seconds", "60");
            var keep = c.Options.TargetKeepAliveSeconds;
            if (!keep.HasValue || !idle.HasValue)
                return CheckResult.Of(CauseVerdict.Unknown, idleText + "; the targets' keep-alive timeout is not known (give -TargetKeepAliveSeconds).",
                    "The targets must keep idle connections open longer than the load balancer does. Common server defaults are shorter than 60 s: " +
                    "Node.js 5 s (server.keepAliveTimeout), Apache httpd 5 s (KeepAliveTimeout), Gunicorn 2 s (--keep-alive); nginx keeps 75 s.");
            var keepText = "The targets' keep-alive timeout is " + keep.Value.ToString(CultureInfo.InvariantCulture) + " s (-TargetKeepAliveSeconds)";
            return keep.Value <= idle.Value
                ? CheckResult.Of(CauseVerdict.Likely, idleText + ". " + keepText + ", not longer than the load balancer's " + idle.Value.ToString(CultureInfo.InvariantCulture) +
                    " s: a target closes idle connections the load balancer may still reuse, and the request sent on one gets 502.")
                : CheckResult.Of(CauseVerdict.RuledOut, idleText + ". " + keepText + ", longer than the load balancer's, so the load balancer closes idle connections first.");
        }

        private static CheckResult TargetResponseTimeout(CheckContext c)
        {
            if (c.OnlyLambda) return OnlyLambdaResult(c);
            var unknown = c.Unknown(DescribeLoadBalancerAttributes);
            if (unknown is not null) return unknown;
            var idleText = c.LbAttributeText("idle_timeout.timeout_seconds", "60");
            var reachable = c.Options.Reachability?.Where(r => ForThisLoadBalancer(c, r) && r.Verdict == ReachabilityVerdict.Reachable).Select(r => r.TargetId).ToList();
            var slow = TargetsWithReason(c, "Target.Timeout").Where(x => reachable is not null && reachable.Contains(x.Target.Id)).ToList();
            if (slow.Count > 0)
                return new CheckResult(CauseVerdict.Likely, new[] { idleText + "." }
                    .Concat(slow.Select(x => DescribeTarget(x.Target) + " in " + x.Group.Name + " is reachable but does not answer its " + DescribeHealthCheck(x.Group) + " in time: the target is slow.")));
            return CheckResult.Of(CauseVerdict.Possible, idleText + ": a target that sends nothing back for this long gets the request a 504.",
                "Whether targets are that slow needs traffic evidence. " + c.ToCheck);
        }

        private static CheckResult ContentLength(CheckContext c)
        {
            if (c.OnlyLambda) return OnlyLambdaResult(c);
            return CheckResult.Of(CauseVerdict.Unknown,
                "Needs traffic evidence: the configuration says nothing about the Content-Length the targets send. " + c.ToCheck);
        }

        private static CheckResult TargetResponseShape(CheckContext c)
        {
            if (c.ListenersKnown && c.Model.TargetGroups is not null && c.OnlyLambda) return OnlyLambdaResult(c);
            return CheckResult.Of(CauseVerdict.Possible, "It depends on what the targets send, which the configuration does not show; access logs (-AccessLogPath) can.", c.ToCheck);
        }

        private static CheckResult TargetTls(CheckContext c)
        {
            var pre = ForwardPrerequisites(c);
            if (pre is not null) return pre;
            if (c.OnlyLambda) return OnlyLambdaResult(c);
            var f = new Findings();
            var http = new List<string>();
            foreach (var p in c.Paths.Where(p => !p.ReceivesNoTraffic && p.Group is not null && !IsLambda(p.Group)))
            {
                var g = p.Group!;
                if (!string.Equals(g.Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase))
                {
                    http.Add(g.Name + " " + g.Protocol);
                    continue;
                }
                var failing = (g.Targets ?? Array.Empty<RegisteredTarget>()).Where(t => t.Reason is "Target.Timeout" or "Target.FailedHealthChecks").ToList();
                var tlsHealth = string.Equals(g.HealthCheck.Protocol ?? g.Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase);
                if (failing.Count > 0 && tlsHealth)
                    f.Add(CauseVerdict.Likely, p.Where + " forwards to " + p.GroupText + " over HTTPS port " + g.Port + "; " + DescribeHealthCheck(g) +
                        " fails for " + Join(failing.Select(DescribeTarget)) + ".");
                else
                    f.Add(CauseVerdict.Possible, p.Where + " forwards to " + p.GroupText + " over HTTPS port " + g.Port +
                        ": the load balancer negotiates TLS with each target (" + (tlsHealth ? "HTTPS health checks pass" : "health checks are not over HTTPS") + ").");
            }
            if (http.Count > 0) f.Add(CauseVerdict.RuledOut, "Target groups without TLS to the targets: " + Join(http.Distinct()) + ".");
            RulesCaveat(c, f);
            return f.ToResult();
        }

        /// <summary>
        /// The load balancer calls the IdP token and user info endpoints from its own subnets, so those
        /// subnets need a route to them (an internet or NAT gateway for public IdPs).
        /// </summary>
        private static CheckResult IdpEndpointUnreachable(CheckContext c)
        {
            var auth = AuthenticatePrerequisites(c);
            if (auth.Result is not null) return auth.Result;
            var unknown = c.Unknown(DescribeRouteTables);
            if (unknown is not null) return unknown;
            var endpoints = Join(auth.Actions.Select(a => a.Action.Authenticate!).SelectMany(Endpoints).Distinct());
            var f = new Findings();
            if (!c.LoadBalancer.SubnetIds.Any())
                f.Add(CauseVerdict.Unknown, "The load balancer's subnets are unknown (DescribeLoadBalancers gives no AvailabilityZones), so its routes to " + endpoints + " cannot be checked.");
            foreach (var subnetId in c.LoadBalancer.SubnetIds)
            {
                var table = c.Model.RouteTableOfSubnet(subnetId);
                if (table is null)
                {
                    f.Add(CauseVerdict.Unknown, "No route table found for load balancer subnet " + subnetId + ".");
                    continue;
                }
                var defaultRoute = table.Routes.FirstOrDefault(r => r.Destination is not null && r.Destination.Equals(IpCidr.AllIPv4));
                if (defaultRoute is null)
                    f.Add(CauseVerdict.Likely, "Load balancer subnet " + subnetId + " uses " + table.RouteTableId + ", which has no route to 0.0.0.0/0 (routes: " +
                        Join(table.Routes.Select(r => r.ToString())) + "): the load balancer nodes there cannot reach " + endpoints + ".");
                else if (!string.Equals(defaultRoute.State, "active", StringComparison.OrdinalIgnoreCase))
                    f.Add(CauseVerdict.Likely, "Load balancer subnet " + subnetId + " uses " + table.RouteTableId + ", whose route 0.0.0.0/0 via " + defaultRoute.TargetId +
                        " is " + defaultRoute.State + ": the nodes there cannot reach " + endpoints + ".");
                else
                    f.Add(CauseVerdict.Possible, "Load balancer subnet " + subnetId + " routes 0.0.0.0/0 via " + defaultRoute.TargetId + " (" + table.RouteTableId +
                        "); the IdP endpoints " + endpoints + " must also be allowed by the load balancer's security group egress (tcp/443) and resolve in public DNS.");
            }
            return f.ToResult(c.ToCheck);
        }

        private static IEnumerable<string> Endpoints(AuthenticateSettings a) =>
            a.Provider == "cognito"
                ? new[] { "the Amazon Cognito domain " + (a.UserPoolDomain ?? a.UserPoolArn ?? "(unknown)") }
                : new[] { a.TokenEndpoint, a.UserInfoEndpoint }.Where(e => !string.IsNullOrEmpty(e)).Select(e => e!);

        private static bool ForThisLoadBalancer(CheckContext c, ReachabilityResult result) =>
            result.LoadBalancerName.Length == 0 || string.Equals(result.LoadBalancerName, c.LoadBalancer.Name, StringComparison.Ordinal);
    }
}
