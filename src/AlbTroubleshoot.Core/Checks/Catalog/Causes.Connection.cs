using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Network;
using AlbTroubleshoot.Reachability;
using static AlbTroubleshoot.Catalog.References;
using static AlbTroubleshoot.Diagnostics.CheckContext;

namespace AlbTroubleshoot.Catalog
{
    /// <summary>
    /// Connecting to the targets: the network path, resets, keep-alive and TLS to the targets.
    /// One fault is one cause, under the code it produces: a packet dropped silently (security
    /// group, network ACL, route) leaves the connect to time out, which AWS documents as 504; a
    /// reset (nothing listening, refused) is the 502. A path blocked from every node is Confirmed,
    /// one blocked from some nodes or for some source ports is Likely; a return path blocked only by
    /// a network ACL's ephemeral range belongs to 504.NaclEphemeralPortsBlocked.
    /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html#http-504-issues
    /// </summary>
    internal static class ConnectionCauses
    {
        internal static IEnumerable<CauseDefinition> Causes() => new[]
        {
            new CauseDefinition(502, "502.TargetConnectionReset",
                title: "The target reset the connection while the load balancer was connecting",
                side: CauseSide.Target,
                description: "The load balancer received a TCP RST from the target during the TCP handshake, so it could not deliver the request. Usually nothing listens on the target port, or the target refuses connections under load.",
                check: "In the access log elb_status_code is 502, target_status_code '-' and request_processing_time, target_processing_time and response_processing_time are all -1, while target:port names the target. TargetConnectionErrorCount has data points for the target group. From a host in the load balancer's subnet, `curl -v http://<target-ip>:<port>/` reporting 'Connection refused' confirms it; `aws elbv2 describe-target-health` may show Target.FailedHealthChecks.",
                remediation: "Make the application listen on the registered port on all interfaces (0.0.0.0, not 127.0.0.1), correct the port in the target group or registration, and add capacity or raise the listen backlog if resets appear only under load.",
                reference: Http502,
                decidedBy: DecidedBy.Configuration | DecidedBy.Probe | DecidedBy.Metrics,
                evaluate: TargetConnectionReset),
            new CauseDefinition(502, "502.TargetHostUnreachable",
                title: "Connecting to the target returned ICMP Destination unreachable",
                side: CauseSide.Network,
                description: "While connecting, the load balancer received an unexpected reply such as 'ICMP Destination unreachable (Host unreachable)', so the target could not be reached from the load balancer's subnets on the target port.",
                check: "The access log looks like a refused connection (target_status_code '-', processing times -1) and TargetConnectionErrorCount rises. Check the path from every load balancer subnet to the target on the target port: the target's security group must admit the load balancer's security group, the NACLs and route tables of both subnets must allow it, and the target address must still exist (stopped instance, deleted network interface, IP target in another network without a route).",
                remediation: "Allow traffic from the load balancer's subnets and security group to the targets on the target port (and the health check port), fix routes for IP targets in peered or on-premises networks, and deregister addresses that no longer exist.",
                reference: Http502,
                decidedBy: DecidedBy.Probe | DecidedBy.Metrics,
                evaluate: HostUnreachable),
            new CauseDefinition(502, "502.TargetClosedKeepAliveConnection",
                title: "The target closed a reused connection while a request was outstanding",
                side: CauseSide.Target,
                description: "The load balancer reuses idle back-end connections. If the target closes one (TCP FIN or RST) just as the load balancer sends a request on it, that request fails with 502. This happens when the target's keep-alive or idle timeout is shorter than the load balancer's idle timeout.",
                check: "Intermittent 502s, often at low or bursty traffic: target_status_code '-' and -1 processing times while target:port names a healthy target, and TargetConnectionErrorCount usually stays flat. Compare the target's keep-alive timeout (Apache KeepAliveTimeout, nginx keepalive_timeout, Node.js server.keepAliveTimeout, etc.) with `idle_timeout.timeout_seconds` (default 60); the target's value must be larger. Short server read timeouts (e.g. nginx client_header_timeout or client_body_timeout) have the same effect.",
                remediation: "Enable HTTP keep-alive on the targets and set their keep-alive and idle timeouts above the load balancer's idle timeout (for example 65 s for the default 60 s), or lower `idle_timeout.timeout_seconds` below the target's value.",
                reference: IdleTimeout,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Probe,
                evaluate: KeepAlive),
            new CauseDefinition(502, "502.TargetTlsHandshakeError",
                title: "The TLS handshake with an HTTPS target failed",
                side: CauseSide.Target,
                description: "For an HTTPS target group the load balancer negotiates TLS with the target, offering ELBSecurityPolicy-2016-08 (or ELBSecurityPolicy-TLS13-1-0-2021-06 when the listener uses a TLS 1.3 policy). If the target shares no protocol version or cipher with it, or does not speak TLS on that port, the handshake fails. The load balancer does not validate target certificates, so a self-signed or expired certificate is not the cause.",
                check: "The target group's Protocol (or HealthCheckProtocol) is HTTPS, TargetTLSNegotiationErrorCount has data points, and the access log shows target_status_code '-'. From the VPC run `openssl s_client -connect <target-ip>:<port> -tls1_2` and check that a session is negotiated.",
                remediation: "Enable TLS 1.2 or 1.3 with common ECDHE AES-GCM ciphers on the target and make sure the port serves TLS, or use an HTTP target group if encryption to the target is not required.",
                reference: Http502,
                decidedBy: DecidedBy.Configuration | DecidedBy.Probe | DecidedBy.Metrics,
                evaluate: TlsHandshakeError),
            new CauseDefinition(504, "504.TargetConnectionTimeout",
                title: "The load balancer could not connect to the target within 10 seconds",
                side: CauseSide.Network,
                description: "The TCP connection to the target was not established before the 10-second connection timeout, usually because packets are dropped silently (security group, network ACL, routing) or the target is too busy to accept connections.",
                check: "In the access log elb_status_code is 504, target_status_code '-' and the processing times -1, with about 10 s between request_creation_time and time; TargetConnectionErrorCount rises and health checks of the same targets usually fail with Target.Timeout. Verify that the target's security group admits the load balancer's security group on the traffic port, check the NACLs and routes of both subnets, and test from the load balancer's subnet with `nc -vz -w 10 <target-ip> <port>`.",
                remediation: "Allow the load balancer's traffic to the targets on the traffic and health check ports (see the recommended security group rules), fix the NACLs or routes, and add capacity if the targets cannot accept connections.",
                reference: Http504,
                decidedBy: DecidedBy.Reachability | DecidedBy.Probe | DecidedBy.Metrics,
                evaluate: ConnectionTimeout),
            new CauseDefinition(504, "504.NaclEphemeralPortsBlocked",
                title: "Network ACL or security group rules block return traffic on ports 1024-65535",
                side: CauseSide.Network,
                description: "Replies from the targets to the load balancer nodes go to ephemeral ports 1024-65535. Network ACLs are stateless, so the target subnets must allow these ports outbound and the load balancer subnets inbound; when they do not, connections never complete and clients get 504.",
                check: "Read the NACLs with `aws ec2 describe-network-acls --filters Name=association.subnet-id,Values=<subnet>`: target subnets need outbound 1024-65535 to the load balancer subnets; load balancer subnets need inbound 1024-65535 from the target subnets and outbound on the traffic and health check ports. The lowest-numbered matching rule decides. The symptoms match a connection timeout: TargetConnectionErrorCount rises and health checks fail with Target.Timeout.",
                remediation: "Add NACL rules allowing TCP 1024-65535 in both directions between the load balancer subnets and the target subnets, numbered below any deny rule, and make sure the security groups allow the traffic in both directions.",
                reference: Http504,
                decidedBy: DecidedBy.NaclEphemeral | DecidedBy.Metrics,
                evaluate: NaclEphemeral),
            new CauseDefinition(504, "504.TargetTlsHandshakeTimeout",
                title: "The TLS handshake with an HTTPS target took longer than 10 seconds",
                side: CauseSide.Target,
                description: "For an HTTPS target group the TLS handshake with the target did not complete within 10 seconds. This timeout cannot be changed.",
                check: "The target group's Protocol is HTTPS and the access log shows target_status_code '-'; TargetTLSNegotiationErrorCount may rise. Time the handshake from the VPC: `time openssl s_client -connect <target-ip>:<port> </dev/null`. CPU-starved targets are the typical cause.",
                remediation: "Add capacity to the targets or reduce the cost of TLS on them (session reuse, ECDSA certificates), or use an HTTP target group if encryption to the target is not required.",
                reference: Http504,
                decidedBy: DecidedBy.Configuration | DecidedBy.Probe | DecidedBy.Metrics,
                evaluate: TlsHandshakeTimeout),
        };

        /// <summary>The hops on a path's return leg that the ephemeral range decides (504.NaclEphemeralPortsBlocked).</summary>
        private static bool IsEphemeralReturn(ReachabilityHop h) =>
            h.StepKind == HopStep.TargetSubnetNaclOutbound || h.StepKind == HopStep.AlbSubnetNaclInbound;

        private static bool IsBlocking(ReachabilityVerdict verdict) =>
            verdict == ReachabilityVerdict.Blocked || verdict == ReachabilityVerdict.PartiallyBlocked;

        private static bool IsBlocking(HopVerdict verdict) =>
            verdict == HopVerdict.Blocked || verdict == HopVerdict.PartiallyBlocked;

        private static bool IsBlocking(NaclRangeVerdict verdict) =>
            verdict == NaclRangeVerdict.Blocked || verdict == NaclRangeVerdict.PartiallyBlocked;

        /// <summary>The traffic paths (those requests take) that a connect-level fault blocks: a hop other than the return NACLs.</summary>
        private static IEnumerable<ReachabilityResult> ConnectFaults(IEnumerable<ReachabilityResult> results) =>
            results.Where(r => r.PurposeKind == ReachabilityPurpose.Traffic && IsBlocking(r.VerdictKind) &&
                               (r.Hops.Length == 0 || r.Hops.Any(h => IsBlocking(h.VerdictKind) && !IsEphemeralReturn(h))));

        private static string DescribePath(ReachabilityResult r) =>
            "Test-AlbTargetReachability: " + r.TargetGroupName + " " + r.TargetId + ":" + r.Port.ToString(CultureInfo.InvariantCulture) +
            " (" + r.Purpose + ") " + r.Verdict + (r.BlockedBy.Length > 0 ? " by " + Join(r.BlockedBy) : string.Empty) + ": " + r.Explanation;

        /// <summary>
        /// 504 connection timeout: Confirmed by a traffic path blocked from every node, Likely by one
        /// blocked from some nodes or some source ports (what intermittent 504s look like). A path that
        /// only health checks use makes targets unhealthy but no request times out on it; a path blocked
        /// only on the return network ACLs is the ephemeral-port cause. With every path reachable, a
        /// connect timeout needs a target too busy to accept: Possible, for traffic evidence to decide.
        /// </summary>
        private static CheckResult ConnectionTimeout(CheckContext c)
        {
            var pre = c.ForwardPrerequisites();
            if (pre is not null) return pre;
            if (c.OnlyLambda) return c.OnlyLambdaResult();
            var reachability = c.ReachabilityResults;
            if (reachability is null || reachability.Count == 0) return FromHealthAlone(c);

            var f = new Findings();
            var faults = ConnectFaults(reachability).ToList();
            foreach (var r in faults)
                f.Add(r.VerdictKind == ReachabilityVerdict.Blocked ? CauseVerdict.Confirmed : CauseVerdict.Likely, DescribePath(r));
            var blocked = new HashSet<string>(faults.Select(r => r.TargetId), StringComparer.Ordinal);
            foreach (var x in c.TargetsWithReason("Target.Timeout").Where(x => blocked.Contains(x.Target.Id)))
                f.Add(CauseVerdict.Likely, "Health agrees: " + Describe(x.Group) + ": " + DescribeTarget(x.Target) + "; " + DescribeHealthCheck(x.Group) + ".");
            foreach (var r in reachability.Where(r => r.PurposeKind == ReachabilityPurpose.Traffic && r.VerdictKind == ReachabilityVerdict.Unknown))
                f.Add(CauseVerdict.Unknown, DescribePath(r));
            if (!f.Any)
            {
                var traffic = reachability.Where(r => r.PurposeKind == ReachabilityPurpose.Traffic).ToList();
                var returnOnly = traffic.Count(r => IsBlocking(r.VerdictKind));
                var healthOnly = reachability.Count(r => r.PurposeKind == ReachabilityPurpose.HealthCheck && IsBlocking(r.VerdictKind));
                f.Add(CauseVerdict.Possible, "Test-AlbTargetReachability: no security group, network ACL or route blocks the connection to a target on its traffic port (" +
                    Wording.Plural(traffic.Count - returnOnly, "path") + " reachable" +
                    (returnOnly > 0 ? "; " + Wording.Plural(returnOnly, "path") + " blocked only on the return network ACLs, see 504.NaclEphemeralPortsBlocked" : string.Empty) +
                    (healthOnly > 0 ? "; " + Wording.Plural(healthOnly, "health-check path") + " blocked: those targets fail their health checks, but requests do not take that path" : string.Empty) +
                    "). A connect timeout now needs a target too busy to accept connections, which only traffic shows.");
                return f.ToResult(c.ToCheck);
            }
            return f.ToResult();
        }

        /// <summary>Without the path analysis (the engine called directly): what target health says.</summary>
        private static CheckResult FromHealthAlone(CheckContext c)
        {
            var timeouts = c.TargetsWithReason("Target.Timeout");
            if (timeouts.Count > 0)
                return new CheckResult(CauseVerdict.Likely, timeouts.Select(x => Describe(x.Group) + ": " + DescribeTarget(x.Target) + "; " + DescribeHealthCheck(x.Group))
                    .Concat(Once("Health checks that time out are what dropped packets look like (security group, network ACL or route); reachability was not evaluated, run Test-AlbTargetReachability to name the blocking rule.")));
            return CheckResult.Of(CauseVerdict.Unknown, "Reachability was not evaluated (run Test-AlbTargetReachability).");
        }

        /// <summary>
        /// 502 ICMP host unreachable: a silent drop never sends one, so no path verdict decides it. It
        /// takes a router or host that answers: targets outside the VPC (peering, transit gateway, VPN,
        /// on premises) or an address no network interface holds any more. Possible, naming those targets;
        /// a probe from the VPC decides it.
        /// </summary>
        private static CheckResult HostUnreachable(CheckContext c)
        {
            var pre = c.ForwardPrerequisites();
            if (pre is not null) return pre;
            if (c.OnlyLambda) return c.OnlyLambdaResult();
            var vpcCidrs = Reachability.PathEndpoints.VpcCidrs(c.Model, c.LoadBalancer.VpcId);
            var remote = new List<string>();
            foreach (var g in c.ServingGroups.Where(g => string.Equals(g.TargetType, "ip", StringComparison.OrdinalIgnoreCase) && g.Targets is not null))
                foreach (var t in g.Targets!)
                {
                    if (!IpCidr.TryParse(t.Id, out var address)) continue;
                    if (vpcCidrs.Count > 0 && !vpcCidrs.Any(v => v.Contains(address!)))
                        remote.Add(t.Id + " in " + g.Name + " (outside the VPC's CIDRs " + Join(vpcCidrs.Select(v => v.ToString())) + ")");
                    else if (c.Model.NetworkInterfacesWithAddress(t.Id) is { Count: 0 })
                        remote.Add(t.Id + " in " + g.Name + " (no network interface in the snapshot holds this address)");
                }
            return remote.Count > 0
                ? CheckResult.Of(CauseVerdict.Possible, "A router or host beyond the load balancer's subnets can answer with ICMP unreachable for " + Join(remote) + ".", c.ToCheck)
                : CheckResult.Of(CauseVerdict.Possible, "Every target address lies in the load balancer's VPC on a known network interface; an ICMP unreachable then needs a target that disappeared while in use (stopped, its interface deleted).", c.ToCheck);
        }

        /// <summary>
        /// 502 reset while connecting: health checks failing with Target.FailedHealthChecks (an error
        /// connecting, or a malformed answer) on a path nothing blocks make it Likely. Passing health
        /// checks on the traffic port show the port accepts connections now, but a target that refuses
        /// them under load is past traffic the configuration cannot rule out: Possible.
        /// </summary>
        private static CheckResult TargetConnectionReset(CheckContext c)
        {
            var pre = c.ForwardPrerequisites();
            if (pre is not null) return pre;
            if (c.OnlyLambda) return c.OnlyLambdaResult();
            var failing = c.TargetsWithReason("Target.FailedHealthChecks");
            if (failing.Count > 0)
            {
                // The other unhealthy targets are named too: they are the next thing to look at.
                var others = c.TargetsWithReason("Target.ResponseCodeMismatch", "Target.Timeout")
                    .Select(x => "Also unhealthy: " + Describe(x.Group) + ": " + DescribeTarget(x.Target) + "; " + DescribeHealthCheck(x.Group) + ".");
                return new CheckResult(CauseVerdict.Likely, failing.Select(x => Describe(x.Group) + ": " + DescribeTarget(x.Target) + "; " + DescribeHealthCheck(x.Group) +
                    " (a refused or reset connection fails the health check this way)").Concat(others).Concat(Once(c.ToCheck)));
            }
            var all = c.AllHealthyOnTrafficPort(out var health);
            if (all is null) return CheckResult.Of(CauseVerdict.Unknown, health);
            return CheckResult.Of(CauseVerdict.Possible,
                all == true
                    ? "Every target passes its health check on its traffic port, so the ports accept connections now: " + health + ". A target that refuses connections under load shows only in traffic."
                    : health,
                c.ToCheck);
        }

        private static CheckResult NaclEphemeral(CheckContext c)
        {
            if (c.OnlyLambda) return c.OnlyLambdaResult();
            // Only the replies between targets and load balancer nodes: the load balancer subnets
            // inbound on 1024-65535 and the target subnets outbound. (The client-facing results of
            // Test-AlbNaclEphemeral concern the clients' connections, not this 504.)
            var results = c.Options.NaclEphemeral?.Where(r =>
                (r.RoleKind == NaclRole.LoadBalancerSubnet && r.DirectionKind == TrafficDirection.Inbound && r.PortRange == PortRange.Ephemeral.ToString()) ||
                (r.RoleKind == NaclRole.TargetSubnet && r.DirectionKind == TrafficDirection.Outbound)).ToList();
            if (results is null || results.Count == 0)
            {
                if (!c.Model.HasSection("DescribeNetworkAcls"))
                    return CheckResult.Of(CauseVerdict.Unknown, "Cannot decide: " + c.Model.UnknownReason("DescribeNetworkAcls") + ".");
                var timeouts = c.TargetsWithReason("Target.Timeout");
                return new CheckResult(CauseVerdict.Unknown, Once(c.Options.NaclEphemeral is null
                        ? "The network ACLs were not evaluated: run Test-AlbNaclEphemeral (or Invoke-AlbDiagnosis)."
                        : "Test-AlbNaclEphemeral found no path between the load balancer subnets and the target subnets to check.")
                    .Concat(timeouts.Select(x => "Consistent with it: " + DescribeTarget(x.Target) + " in " + x.Group.Name + ".")));
            }
            var f = new Findings();
            // The whole range dropped loses every reply; part of it loses the connections whose source port falls there.
            foreach (var r in results.Where(r => IsBlocking(r.VerdictKind)))
                f.Add(r.VerdictKind == NaclRangeVerdict.Blocked ? CauseVerdict.Confirmed : CauseVerdict.Likely,
                    "Test-AlbNaclEphemeral: " + r.NetworkAclId + " on " + r.SubnetId + " (" + r.Role + ", " +
                    r.Direction + ", peer " + r.PeerCidr + ", " + r.PortRange + ") " + r.Verdict +
                    ": blocked " + Join(r.BlockedRanges) + " by rule(s) " + Join(r.DecidingRules.Select(n => n.ToString(CultureInfo.InvariantCulture))) + ". " + r.Explanation);
            foreach (var r in results.Where(r => r.VerdictKind == NaclRangeVerdict.Unknown))
                f.Add(CauseVerdict.Unknown, "Test-AlbNaclEphemeral: " + r.Explanation);
            var allowed = results.Where(r => r.VerdictKind == NaclRangeVerdict.Allowed).Select(r => r.NetworkAclId + " " + r.Direction).Distinct().ToList();
            if (allowed.Count > 0) f.Add(CauseVerdict.RuledOut, "Test-AlbNaclEphemeral: 1024-65535 allowed by " + Join(allowed) + ".");
            return f.ToResult();
        }

        /// <summary>
        /// The targets' keep-alive is not in any AWS data: with -TargetKeepAliveSeconds it is decided
        /// against the idle timeout; without it the cause stays Possible (the configuration allows it),
        /// with the common server defaults to compare.
        /// </summary>
        private static CheckResult KeepAlive(CheckContext c)
        {
            if (c.OnlyLambda) return c.OnlyLambdaResult();
            var unknown = c.Unknown(DescribeLoadBalancerAttributes);
            if (unknown is not null) return unknown;
            var idle = c.IdleTimeoutSeconds;
            var idleText = c.LbAttributeText("idle_timeout.timeout_seconds", "60");
            var keep = c.Options.TargetKeepAliveSeconds;
            if (!keep.HasValue || !idle.HasValue)
                return CheckResult.Of(CauseVerdict.Possible, idleText + "; the targets' keep-alive timeout is not in the AWS data (give -TargetKeepAliveSeconds when you know it).",
                    "The targets must keep idle connections open longer than the load balancer does. Common server defaults are shorter than 60 s: " +
                    "Node.js 5 s (server.keepAliveTimeout), Apache httpd 5 s (KeepAliveTimeout), Gunicorn 2 s (--keep-alive); nginx keeps 75 s.");
            var keepText = "The targets' keep-alive timeout is " + keep.Value.ToString(CultureInfo.InvariantCulture) + " s (-TargetKeepAliveSeconds)";
            return keep.Value <= idle.Value
                ? CheckResult.Of(CauseVerdict.Likely, idleText + ". " + keepText + ", not longer than the load balancer's " + idle.Value.ToString(CultureInfo.InvariantCulture) +
                    " s: a target closes idle connections the load balancer may still reuse, and the request sent on one gets 502.")
                : CheckResult.Of(CauseVerdict.RuledOut, idleText + ". " + keepText + ", longer than the load balancer's, so the load balancer closes idle connections first.");
        }

        /// <summary>The HTTPS target groups that receive requests, or a finished result (no forward, only Lambda).</summary>
        private static (List<ForwardPath> Https, CheckResult? Result) HttpsPaths(CheckContext c, Findings f)
        {
            var pre = c.ForwardPrerequisites();
            if (pre is not null) return (new List<ForwardPath>(), pre);
            if (c.OnlyLambda) return (new List<ForwardPath>(), c.OnlyLambdaResult());
            var serving = c.Paths.Where(p => !p.ReceivesNoTraffic && p.Group is not null && !IsLambda(p.Group)).ToList();
            var http = serving.Where(p => !IsHttps(p.Group!)).Select(p => p.Group!.Name + " " + p.Group.Protocol).Distinct().ToList();
            if (http.Count > 0) f.Add(CauseVerdict.RuledOut, "Target groups without TLS to the targets: " + Join(http) + ".");
            return (serving.Where(p => IsHttps(p.Group!)).ToList(), null);
        }

        private static bool IsHttps(TargetGroup g) => string.Equals(g.Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase);

        private static bool HealthOverTls(TargetGroup g) => string.Equals(g.HealthCheck.Protocol ?? g.Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase);

        /// <summary>The targets whose traffic path the analysis found blocked: their failing health is the path's doing.</summary>
        private static HashSet<string> BlockedTargets(CheckContext c) =>
            new HashSet<string>((c.ReachabilityResults ?? Array.Empty<ReachabilityResult>()).Where(r => IsBlocking(r.VerdictKind)).Select(r => r.TargetId), StringComparer.Ordinal);

        /// <summary>
        /// 502 TLS handshake error: an HTTPS group whose HTTPS health checks fail with
        /// Target.FailedHealthChecks (an error while connecting) on a path nothing blocks is Likely; the
        /// same health checks passing on the traffic port show the handshake works (RuledOut for that
        /// group). A Target.Timeout is a dropped path or a slow target, not a handshake error.
        /// </summary>
        private static CheckResult TlsHandshakeError(CheckContext c)
        {
            var f = new Findings();
            var (https, done) = HttpsPaths(c, f);
            if (done is not null) return done;
            var blocked = BlockedTargets(c);
            foreach (var p in https)
            {
                var g = p.Group!;
                var route = p.Where + " forwards to " + p.GroupText + " over HTTPS port " + g.Port;
                if (g.Targets is null)
                {
                    f.Add(CauseVerdict.Unknown, route + "; its targets' health is unknown: " + c.Model.UnknownReason(DescribeTargetHealth) + ".");
                    continue;
                }
                var failing = g.Targets.Where(t => t.Reason == "Target.FailedHealthChecks" && !blocked.Contains(t.Id)).ToList();
                var trafficPort = g.Targets.Where(InService).All(t => Reachability.PathEndpoints.HealthCheckPort(g, t) == Reachability.PathEndpoints.TrafficPort(g, t));
                if (failing.Count > 0 && HealthOverTls(g))
                    f.Add(CauseVerdict.Likely, route + "; " + DescribeHealthCheck(g) + " fails with an error while connecting for " + Join(failing.Select(DescribeTarget)) +
                        " (a failed handshake, or a refused connection: see 502.TargetConnectionReset).");
                else if (HealthOverTls(g) && trafficPort && g.Targets.Any(InService) && g.Targets.Where(InService).All(t => t.State == "healthy"))
                    f.Add(CauseVerdict.RuledOut, route + "; " + DescribeHealthCheck(g) + " passes for every target in service, so the handshake succeeds.");
                else
                    f.Add(CauseVerdict.Possible, route + ": the load balancer negotiates TLS with each target (" +
                        (HealthOverTls(g) ? "HTTPS health checks do not show every target completing it" : "health checks are not over HTTPS") + ").");
            }
            c.RulesCaveat(f);
            return f.ToResult(f.Verdict == CauseVerdict.Possible || f.Verdict == CauseVerdict.Likely ? c.ToCheck : string.Empty);
        }

        /// <summary>
        /// 504 TLS handshake timeout (10 s, fixed): CPU-starved targets, a transient state no
        /// configuration rules out; Possible for HTTPS groups, naming targets whose HTTPS health checks
        /// time out on a path nothing blocks.
        /// </summary>
        private static CheckResult TlsHandshakeTimeout(CheckContext c)
        {
            var f = new Findings();
            var (https, done) = HttpsPaths(c, f);
            if (done is not null) return done;
            var blocked = BlockedTargets(c);
            foreach (var p in https)
            {
                var g = p.Group!;
                var slow = (g.Targets ?? Array.Empty<RegisteredTarget>()).Where(t => t.Reason == "Target.Timeout" && !blocked.Contains(t.Id)).ToList();
                f.Add(CauseVerdict.Possible, p.Where + " forwards to " + p.GroupText + " over HTTPS port " + g.Port +
                    (slow.Count > 0 && HealthOverTls(g)
                        ? "; " + DescribeHealthCheck(g) + " times out for " + Join(slow.Select(DescribeTarget)) + " on a path nothing blocks: a slow handshake or a slow answer."
                        : ": a handshake longer than 10 s (a starved target) gets 504."));
            }
            c.RulesCaveat(f);
            return f.ToResult(f.Verdict == CauseVerdict.Possible ? c.ToCheck : string.Empty);
        }
    }
}
