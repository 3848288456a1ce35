using System;
using System.Collections;
using System.Linq;
using AlbTroubleshoot.Catalog;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Scenarios;
using Xunit;
using static AlbTroubleshoot.Tests.AlbFixture;

namespace AlbTroubleshoot.Tests
{
    /// <summary>Each check in both directions over small fixtures: the verdict, and evidence naming the resources.</summary>
    public class CauseEvaluatorTests
    {
        private static ErrorCause Expect(AlbFixture fixture, string id, CauseVerdict verdict, params string[] evidence) =>
            Expect(fixture, id, verdict, null, evidence);

        private static ErrorCause Expect(AlbFixture fixture, string id, CauseVerdict verdict, DiagnosisOptions? options, params string[] evidence)
        {
            var cause = fixture.Cause(id, options);
            var text = string.Join("\n", cause.Evidence);
            Assert.True(verdict == cause.VerdictKind, id + ": expected " + verdict + ", got " + cause.Verdict + "\n" + text);
            foreach (var e in evidence) Assert.True(text.Contains(e, StringComparison.Ordinal), id + ": evidence lacks '" + e + "'\n" + text);
            Assert.Equal("web", cause.LoadBalancerName);
            return cause;
        }

        // ------------------------------------------------------------------ entry point

        [Fact]
        public void Returns_one_cause_per_catalog_entry_of_the_requested_codes_most_severe_first()
        {
            var f = new AlbFixture().TargetGroup("empty").OnlyListener("HTTPS", 443, Forward("empty"));
            var all = f.Evaluate();
            Assert.Equal(CauseCatalog.All.Count, all.Count);
            var ranks = all.Select(c => Array.IndexOf(new[] { "Confirmed", "Likely", "Unknown", "Possible", "RuledOut", "NotApplicable" }, c.Verdict)).ToList();
            Assert.DoesNotContain(-1, ranks);
            Assert.Equal(ranks.OrderBy(r => r), ranks);
            Assert.Equal("503.NoRegisteredTargets", all[0].Id);

            var only503 = f.Evaluate(new DiagnosisOptions { StatusCodes = new[] { new StatusCodeFilter(503) } });
            Assert.Equal(CauseCatalog.ForCode(503).Select(c => c.Id).OrderBy(i => i), only503.Select(c => c.Id).OrderBy(i => i));
            Assert.All(only503, c => Assert.Equal(503, c.StatusCode));
            var fives = f.Evaluate(new DiagnosisOptions { StatusCodes = new[] { new StatusCodeFilter("5XX"), new StatusCodeFilter(503) } });
            Assert.Equal(CauseCatalog.ForClass(5).Count(), fives.Count);
        }

        [Fact]
        public void A_cause_without_a_check_is_Possible_and_says_how_to_check_it()
        {
            var cause = Expect(new AlbFixture(), "403.LowReputationRequestDenied", CauseVerdict.Possible, "The configuration cannot show this cause", "To check: The metric LowReputationRequestsDenied");
            Assert.False(CauseCatalog.FindById(cause.Id)!.DecidedBy.HasFlag(DecidedBy.Configuration));
        }

        [Fact]
        public void A_cause_declares_access_logs_exactly_when_the_classifier_can_decide_it()
        {
            var wrong = CauseCatalog.All
                .Where(c => c.DecidedBy.HasFlag(DecidedBy.AccessLogs) != CauseEvaluator.DecidedByAccessLogs(c.Id))
                .Select(c => c.Id + " (DecidedBy " + c.DecidedBy + ")").ToList();
            Assert.True(wrong.Count == 0, "DecidedBy disagrees with the access-log classifier: " + string.Join(", ", wrong));
        }

        [Fact]
        public void A_network_load_balancer_is_never_diagnosed_as_an_application_one()
        {
            var model = new AlbFixture().Model();
            var lb = model.LoadBalancers!.Single();
            typeof(AlbTroubleshoot.Model.LoadBalancer).GetProperty("Type")!.SetValue(lb, "network");
            var e = Assert.Throws<ArgumentException>(() => CauseEvaluator.Evaluate(model, lb, new DiagnosisOptions()));
            Assert.Contains("web is a network load balancer; AlbTroubleshoot diagnoses Application Load Balancers only.", e.Message);
        }

        // ------------------------------------------------------------------ 503

        [Fact]
        public void NoRegisteredTargets()
        {
            Expect(new AlbFixture().TargetGroup("empty").Rule(443, 5, "/new/*", Forward("empty")), "503.NoRegisteredTargets", CauseVerdict.Confirmed,
                "rule priority 5", "empty (" + GroupArn("empty") + ")", "no registered targets");
            Expect(new AlbFixture(), "503.NoRegisteredTargets", CauseVerdict.RuledOut, "app 2");
            // An empty group at weight 0 receives nothing.
            Expect(new AlbFixture().TargetGroup("canary").OnlyListener("HTTPS", 443, Weighted(false, ("app", 1), ("canary", 0))),
                "503.NoRegisteredTargets", CauseVerdict.RuledOut, "weight 0");
            Expect(new AlbFixture().TargetGroup("canary").OnlyListener("HTTPS", 443, Weighted(false, ("app", 9), ("canary", 1))),
                "503.NoRegisteredTargets", CauseVerdict.Confirmed, "weight 1 of a weighted forward", "canary");
            Expect(new AlbFixture().Without("DescribeTargetHealth"), "503.NoRegisteredTargets", CauseVerdict.Unknown, "DescribeTargetHealth");
            Expect(new AlbFixture().Without("DescribeRules"), "503.NoRegisteredTargets", CauseVerdict.Unknown, "DescribeRules");
            Expect(new AlbFixture().Without("DescribeListeners"), "503.NoRegisteredTargets", CauseVerdict.Unknown, "DescribeListeners");
        }

        [Fact]
        public void AllTargetsUnused()
        {
            var f = new AlbFixture().Targets("app", Target("i-1", "unused", "Target.NotRegistered"), Target("i-2", "unused", "Target.NotInUse"));
            Expect(f, "503.AllTargetsUnused", CauseVerdict.Confirmed, "i-1:8080 unused (Target.NotRegistered", "503.TargetsInDisabledAvailabilityZone for i-2");
            // Every unused target with a cause of its own: that cause is the finding (one fault, one finding).
            Expect(new AlbFixture().Targets("app", Target("i-1", "unused", "Target.NotInUse")), "503.AllTargetsUnused", CauseVerdict.NotApplicable,
                "each for a reason with a cause of its own: 503.TargetsInDisabledAvailabilityZone for i-1");
            Expect(new AlbFixture().Targets("app", Healthy("i-1"), Target("i-2", "unused", "Target.NotInUse")), "503.AllTargetsUnused", CauseVerdict.RuledOut, "app 1 of 2");
        }

        [Fact]
        public void TargetsInDisabledAvailabilityZone()
        {
            var f = new AlbFixture().Targets("app", Target("i-1", "unused", "Target.NotInUse")).Instance("i-1", "running", "eu-west-1c");
            Expect(f, "503.TargetsInDisabledAvailabilityZone", CauseVerdict.Confirmed, "i-1:8080", "Target.NotInUse", "in eu-west-1c; the load balancer uses eu-west-1a, eu-west-1b");
            Expect(new AlbFixture().Targets("app", Healthy("i-2"), Target("i-1", "unused", "Target.NotInUse")), "503.TargetsInDisabledAvailabilityZone", CauseVerdict.Possible, "still in use");
            Expect(new AlbFixture(), "503.TargetsInDisabledAvailabilityZone", CauseVerdict.RuledOut, "Target.NotInUse");
        }

        [Fact]
        public void TargetsStoppedOrTerminated()
        {
            var f = new AlbFixture().Targets("app", Target("i-1", "unused", "Target.InvalidState", "Target is in the stopped state")).Instance("i-1", "stopped", "eu-west-1a");
            Expect(f, "503.TargetsStoppedOrTerminated", CauseVerdict.Confirmed, "i-1:8080", "Target.InvalidState", "instance state stopped");
            Expect(new AlbFixture().Instance("i-1", "running", "eu-west-1a"), "503.TargetsStoppedOrTerminated", CauseVerdict.RuledOut, "Target.InvalidState");
        }

        [Fact]
        public void TargetIpUnusable()
        {
            var f = new AlbFixture().TargetGroup("ips", "HTTP", "HTTP1", "ip", Target("10.0.1.5", "unused", "Target.IpUnusable")).OnlyListener("HTTPS", 443, Forward("ips"));
            Expect(f, "503.TargetIpUnusable", CauseVerdict.Confirmed, "10.0.1.5:8080", "Target.IpUnusable");
            Expect(new AlbFixture(), "503.TargetIpUnusable", CauseVerdict.RuledOut, "Target.IpUnusable");
        }

        [Fact]
        public void FixedResponses()
        {
            Expect(new AlbFixture().Rule(443, 3, "/down/*", Fixed("503")), "503.FixedResponse", CauseVerdict.Confirmed, "listener HTTPS:443 rule priority 3 (path-pattern /down/*)", "fixed-response 503");
            Expect(new AlbFixture().Rule(443, 3, "/down/*", Fixed("503")), "403.FixedResponse", CauseVerdict.RuledOut, "fixed-response 403");
            Expect(new AlbFixture().Listener("HTTP", 80, Fixed("403")), "403.FixedResponse", CauseVerdict.Confirmed, "listener HTTP:80 default action");
            Expect(new AlbFixture(), "503.FixedResponse", CauseVerdict.RuledOut);
        }

        // ------------------------------------------------------------------ 502 / 504 from health and inputs

        [Fact]
        public void TargetConnectionReset()
        {
            Expect(new AlbFixture().Targets("app", Target("i-1", "unhealthy", "Target.FailedHealthChecks", "Health checks failed")), "502.TargetConnectionReset",
                CauseVerdict.Likely, "i-1:8080 unhealthy (Target.FailedHealthChecks", "health check HTTP /health on port traffic-port");
            // Healthy now does not rule out resets under load, which are past traffic.
            Expect(new AlbFixture(), "502.TargetConnectionReset", CauseVerdict.Possible, "app: 2 of 2 healthy", "refuses connections under load");
            Expect(new AlbFixture().Without("DescribeTargetHealth"), "502.TargetConnectionReset", CauseVerdict.Unknown, "DescribeTargetHealth");
            // Health checks on a fixed port say nothing of a target registered on another one.
            var registeredOn9090 = Target("i-1", "healthy", port: 9090);   // DescribeTargetHealth reports the group's health check port, 8080
            var elsewhere = new AlbFixture().Targets("app", registeredOn9090, Healthy("i-2")).GroupHealthCheckPort("app", "8080");
            Expect(elsewhere, "502.TargetConnectionReset", CauseVerdict.Possible, "health checks do not test the traffic port of i-1 (health checks on port 8080, traffic on 9090)");
        }

        private static ReachabilityResult Reach(string targetId = "i-1", string verdict = "Reachable", string[]? blockedBy = null, string explanation = "") =>
            new ReachabilityResult("web", "app", targetId, "10.0.1.10", 8080, ReachabilityPurpose.Traffic, Reporting.DiagnosisTests.Verdict(verdict), blockedBy, null, explanation, new[] { 502, 504 });

        private static NaclEphemeralResult Nacl(string aclId = "acl-1", string verdict = "Allowed", string[]? blockedRanges = null, int[]? decidingRules = null) =>
            new NaclEphemeralResult(aclId, "subnet-a", "LoadBalancerSubnet", "Inbound", "10.0.0.0/16", "1024-65535", verdict, blockedRanges, decidingRules ?? new[] { 100 }, string.Empty);

        /// <summary>
        /// A silent drop is a connect timeout (504): a path blocked from every node Confirmed, from some
        /// Likely; it never makes the 502 host-unreachable cause, which needs an ICMP answer.
        /// </summary>
        [Fact]
        public void Blocked_paths_are_the_504_connection_timeout()
        {
            const string id = "504.TargetConnectionTimeout";
            var blocked = new DiagnosisOptions
            {
                Reachability = new[] { Reach(verdict: "Blocked", blockedBy: new[] { "sg-target" }, explanation: "sg-target has no inbound rule for tcp/8080"), Reach("i-2") },
            };
            Expect(new AlbFixture(), id, CauseVerdict.Confirmed, blocked, "app i-1:8080 (Traffic) Blocked by sg-target", "no inbound rule for tcp/8080");
            Expect(new AlbFixture(), "502.TargetHostUnreachable", CauseVerdict.Possible, blocked, "on a known network interface");
            var partial = new DiagnosisOptions { Reachability = new[] { Reach(verdict: "PartiallyBlocked", blockedBy: new[] { "sg-target" }), Reach("i-2") } };
            Expect(new AlbFixture(), id, CauseVerdict.Likely, partial, "PartiallyBlocked by sg-target");
            // Open paths leave only a target too busy to accept: traffic decides.
            Expect(new AlbFixture(), id, CauseVerdict.Possible, new DiagnosisOptions { Reachability = new[] { Reach(), Reach("i-2") } }, "2 paths reachable", "too busy");
            // Unknown paths say so.
            Expect(new AlbFixture(), id, CauseVerdict.Unknown, new DiagnosisOptions { Reachability = new[] { Reach(verdict: "Unknown", explanation: "the target's security groups are not known") } }, "not known");
            // Without the path analysis: health only.
            var timeouts = new AlbFixture().Targets("app", Target("i-1", "unhealthy", "Target.Timeout", "Request timed out"), Healthy("i-2"));
            Expect(timeouts, id, CauseVerdict.Likely, "i-1:8080 unhealthy (Target.Timeout", "Test-AlbTargetReachability");
            Expect(new AlbFixture().TargetGroup("fn", "HTTP", null, "lambda", Target("arn:aws:lambda:eu-west-1:111122223333:function:f", "healthy")).OnlyListener("HTTPS", 443, Forward("fn")),
                id, CauseVerdict.NotApplicable, "only Lambda");
        }

        [Fact]
        public void Host_unreachable_names_the_targets_an_ICMP_answer_could_come_from()
        {
            var outside = new AlbFixture().TargetGroup("ips", "HTTP", "HTTP1", "ip", Healthy("10.20.1.15")).OnlyListener("HTTPS", 443, Forward("ips"));
            Expect(outside, "502.TargetHostUnreachable", CauseVerdict.Possible, "10.20.1.15 in ips (outside the VPC's CIDRs");
        }

        [Fact]
        public void NaclEphemeralPortsBlocked()
        {
            var partial = new DiagnosisOptions { NaclEphemeral = new[] { Nacl(verdict: "PartiallyBlocked", blockedRanges: new[] { "1024-32767" }, decidingRules: new[] { 120, 32767 }), Nacl("acl-2") } };
            Expect(new AlbFixture(), "504.NaclEphemeralPortsBlocked", CauseVerdict.Likely, partial, "acl-1 on subnet-a", "PartiallyBlocked", "1024-32767", "120, 32767");
            var blocked = new DiagnosisOptions { NaclEphemeral = new[] { Nacl(verdict: "Blocked", blockedRanges: new[] { "1024-65535" }, decidingRules: new[] { 90 }), Nacl("acl-2") } };
            Expect(new AlbFixture(), "504.NaclEphemeralPortsBlocked", CauseVerdict.Confirmed, blocked, "acl-1 on subnet-a", "1024-65535", "90");
            Expect(new AlbFixture(), "504.NaclEphemeralPortsBlocked", CauseVerdict.RuledOut, new DiagnosisOptions { NaclEphemeral = new[] { Nacl() } }, "acl-1 Inbound");
            Expect(new AlbFixture(), "504.NaclEphemeralPortsBlocked", CauseVerdict.Unknown, "Test-AlbNaclEphemeral");
            Expect(new AlbFixture().Without("DescribeNetworkAcls"), "504.NaclEphemeralPortsBlocked", CauseVerdict.Unknown, "DescribeNetworkAcls");
        }

        [Fact]
        public void TargetResponseTimeout_and_ContentLength()
        {
            var slow = new AlbFixture().Targets("app", Target("i-1", "unhealthy", "Target.Timeout"), Healthy("i-2")).LbAttribute("idle_timeout.timeout_seconds", "30");
            Expect(slow, "504.TargetResponseTimeout", CauseVerdict.Likely, new DiagnosisOptions { Reachability = new[] { Reach() } }, "idle_timeout.timeout_seconds = 30", "i-1:8080", "reachable but does not answer");
            Expect(slow, "504.TargetResponseTimeout", CauseVerdict.Possible, "idle_timeout.timeout_seconds = 30");
            Expect(new AlbFixture(), "504.ContentLengthLargerThanBody", CauseVerdict.Possible, "says nothing about the Content-Length");
        }

        [Fact]
        public void KeepAlive()
        {
            var f = new AlbFixture().LbAttribute("idle_timeout.timeout_seconds", "120");
            Expect(f, "502.TargetClosedKeepAliveConnection", CauseVerdict.Possible, "idle_timeout.timeout_seconds = 120", "-TargetKeepAliveSeconds", "Node.js 5 s", "Apache httpd 5 s", "Gunicorn 2 s");
            Expect(f, "502.TargetClosedKeepAliveConnection", CauseVerdict.Likely, new DiagnosisOptions { TargetKeepAliveSeconds = 5 }, "5 s", "120 s");
            Expect(f, "502.TargetClosedKeepAliveConnection", CauseVerdict.Likely, new DiagnosisOptions { TargetKeepAliveSeconds = 120 });
            Expect(f, "502.TargetClosedKeepAliveConnection", CauseVerdict.RuledOut, new DiagnosisOptions { TargetKeepAliveSeconds = 125 }, "longer than the load balancer's");
            Expect(new AlbFixture().Without("DescribeLoadBalancerAttributes"), "502.TargetClosedKeepAliveConnection", CauseVerdict.Unknown, new DiagnosisOptions { TargetKeepAliveSeconds = 5 }, "DescribeLoadBalancerAttributes");
        }

        [Fact]
        public void DeregistrationDelayElapsed()
        {
            var f = new AlbFixture().Targets("app", Healthy("i-1"), Target("i-2", "draining", "Target.DeregistrationInProgress"))
                .GroupAttribute("app", "deregistration_delay.timeout_seconds", "5").LbAttribute("idle_timeout.timeout_seconds", "120");
            Expect(f, "502.DeregistrationDelayElapsed", CauseVerdict.Likely, "i-2:8080 draining (Target.DeregistrationInProgress", "deregistration_delay.timeout_seconds = 5", "shorter than idle_timeout.timeout_seconds = 120");
            Expect(new AlbFixture().GroupAttribute("app", "deregistration_delay.timeout_seconds", "5"), "502.DeregistrationDelayElapsed", CauseVerdict.Possible, "no target is draining now");
            // Draining with a delay the idle timeout does not outlast: only requests longer than the delay are cut.
            Expect(new AlbFixture().Targets("app", Healthy("i-1"), Target("i-2", "draining", "Target.DeregistrationInProgress")), "502.DeregistrationDelayElapsed", CauseVerdict.Possible,
                "deregistration_delay.timeout_seconds = 300, not shorter than idle_timeout.timeout_seconds = 60");
            // Nothing draining never rules it out: deregistrations during requests are past traffic.
            Expect(new AlbFixture(), "502.DeregistrationDelayElapsed", CauseVerdict.Possible, "no target is draining now", "deregistration_delay.timeout_seconds = 300");
            Expect(new AlbFixture().Without("DescribeTargetGroupAttributes"), "502.DeregistrationDelayElapsed", CauseVerdict.Unknown, "DescribeTargetGroupAttributes");
        }

        [Fact]
        public void Tls_handshake_errors_follow_connection_errors_of_HTTPS_health_checks()
        {
            const string id = "502.TargetTlsHandshakeError";
            Expect(HttpsGroup(Target("i-9", "unhealthy", "Target.FailedHealthChecks")), id, CauseVerdict.Likely, "tls (" + GroupArn("tls") + ") over HTTPS port 8080", "i-9:8080 unhealthy");
            // A timeout is a dropped path or a slow target, not a handshake error.
            Expect(HttpsGroup(Target("i-9", "unhealthy", "Target.Timeout")), id, CauseVerdict.Possible, "negotiates TLS");
            // Passing HTTPS health checks on the traffic port show the handshake works.
            Expect(HttpsGroup(Healthy("i-9")), id, CauseVerdict.RuledOut, "passes for every target in service");
            Expect(new AlbFixture(), id, CauseVerdict.RuledOut, "app HTTP");
            // A failing target whose path is blocked fails for the path.
            var blocked = new DiagnosisOptions { Reachability = new[] { new ReachabilityResult("web", "tls", "i-9", "10.0.1.10", 8080, ReachabilityPurpose.Traffic, ReachabilityVerdict.Blocked, new[] { "sg-target" }, null, "", new[] { 504 }) } };
            Expect(HttpsGroup(Target("i-9", "unhealthy", "Target.FailedHealthChecks")), id, CauseVerdict.Possible, blocked);
        }

        [Fact]
        public void Tls_handshake_timeouts_stay_Possible_for_HTTPS_groups()
        {
            const string id = "504.TargetTlsHandshakeTimeout";
            Expect(HttpsGroup(Target("i-9", "unhealthy", "Target.Timeout")), id, CauseVerdict.Possible, "times out for i-9:8080", "a slow handshake or a slow answer");
            Expect(HttpsGroup(Healthy("i-9")), id, CauseVerdict.Possible, "longer than 10 s");
            Expect(new AlbFixture(), id, CauseVerdict.RuledOut, "app HTTP");
        }

        private static AlbFixture HttpsGroup(IDictionary target) =>
            new AlbFixture().TargetGroup("tls", "HTTPS", "HTTP1", "instance", target).OnlyListener("HTTPS", 443, Forward("tls"));

        // ------------------------------------------------------------------ Lambda

        private static AlbFixture WithLambda() =>
            new AlbFixture().TargetGroup("fn", "HTTP", null, "lambda", Target("arn:aws:lambda:eu-west-1:111122223333:function:render", "unavailable", "Target.HealthCheckDisabled"))
                .Rule(443, 10, "/img/*", Forward("fn"));

        [Theory]
        [InlineData("502.LambdaResponseTooLarge", "1 MB")]
        [InlineData("502.LambdaInvalidResponse", "lambda.multi_value_headers.enabled = false")]
        [InlineData("502.LambdaFunctionError", "function:render")]
        [InlineData("504.LambdaConnectionTimeout", "function:render")]
        [InlineData("413.LambdaRequestTooLarge", "1 MB")]
        [InlineData("400.WebSocketToLambda", "WebSocket")]
        public void Lambda_causes_follow_Lambda_target_groups(string id, string evidence)
        {
            Expect(WithLambda(), id, CauseVerdict.Possible, "rule priority 10", "fn (" + GroupArn("fn") + ")", evidence);
            Expect(new AlbFixture(), id, CauseVerdict.RuledOut, "No listener rule of web forwards to a Lambda target group", "app instance");
        }

        [Fact]
        public void Every_Lambda_cause_has_a_check()
        {
            Assert.All(CauseCatalog.All.Where(c => c.Side == CauseSide.Lambda), c => Assert.True(c.DecidedBy.HasFlag(DecidedBy.Configuration), c.Id));
        }

        // ------------------------------------------------------------------ 464

        [Fact]
        public void ProtocolVersion_along_every_rule()
        {
            var f = new AlbFixture()
                .TargetGroup("grpc", "HTTP", "GRPC", "instance", Healthy("i-3"))
                .TargetGroup("h2", "HTTP", "HTTP2", "instance", Healthy("i-4"))
                .Listener("HTTP", 80, Forward("grpc"))
                .Rule(80, 20, "/v2/*", Forward("h2"))
                .Rule(80, 30, "/status", Forward("app"));
            Expect(f, "464.Http1ToGrpcTargetGroup", CauseVerdict.Confirmed, "listener HTTP:80 default action -> grpc (ProtocolVersion GRPC, " + GroupArn("grpc") + ")");
            Expect(f, "464.Http1ToHttp2TargetGroup", CauseVerdict.Confirmed, "listener HTTP:80 rule priority 20 (path-pattern /v2/*) -> h2 (ProtocolVersion HTTP2");
            Expect(f, "464.GrpcToHttp1TargetGroup", CauseVerdict.Possible, "listener HTTPS:443 default action -> app", "Compatible: listener HTTP:80 rule priority 30");
            Expect(f, "464.Http2NonPostToGrpcTargetGroup", CauseVerdict.RuledOut, "no HTTP/2 on an HTTP listener");

            var httpsOnly = new AlbFixture().TargetGroup("grpc", "HTTP", "GRPC", "instance", Healthy("i-3")).Rule(443, 7, "/pkg.Svc/*", Forward("grpc"));
            Expect(httpsOnly, "464.Http1ToGrpcTargetGroup", CauseVerdict.Possible, "HTTP/1.1 clients of this HTTPS listener");
            Expect(httpsOnly, "464.Http2NonPostToGrpcTargetGroup", CauseVerdict.Possible, "anything but POST");
            Expect(httpsOnly.LbAttribute("routing.http2.enabled", "false"), "464.Http2NonPostToGrpcTargetGroup", CauseVerdict.RuledOut, "routing.http2.enabled is false");

            // HTTP/2 off: every client arrives as HTTP/1.1, so a gRPC or HTTP/2 group behind HTTPS answers all with 464.
            Expect(httpsOnly.LbAttribute("routing.http2.enabled", "false"), "464.Http1ToGrpcTargetGroup", CauseVerdict.Confirmed, "routing.http2.enabled = false");

            var plain = new AlbFixture();
            foreach (var id in new[] { "464.Http1ToGrpcTargetGroup", "464.Http1ToHttp2TargetGroup", "464.Http2NonPostToGrpcTargetGroup" })
                Expect(plain, id, CauseVerdict.RuledOut);
            // No gRPC group announces gRPC clients: a gRPC client of the HTTPS listener gets exactly this 464.
            Expect(plain, "464.GrpcToHttp1TargetGroup", CauseVerdict.Possible, "a gRPC call matching this rule gets 464");
            Expect(plain.OnlyListener("HTTP", 80, Forward("app")), "464.GrpcToHttp1TargetGroup", CauseVerdict.RuledOut, "gRPC needs HTTP/2");
        }

        // ------------------------------------------------------------------ 403, WAF, weighted, redirect

        [Fact]
        public void WafWebAclBlocked()
        {
            // Allow with no rule that blocks: nothing answers 403.
            Expect(new AlbFixture().WebAcl("Allow"), "403.WafWebAclBlocked", CauseVerdict.RuledOut, "edge (" + AclArn + ")", "default action Allow", "no rules");
            // A rule that blocks, and a managed rule group whose rules are not in the snapshot: Possible, by name.
            var rules = new AlbFixture().WebAcl("Allow", rules: """
                [{"Name":"geo","Priority":0,"Action":{"Block":{}},"Statement":{"GeoMatchStatement":{}}},
                 {"Name":"common","Priority":1,"OverrideAction":{"None":{}},"Statement":{"ManagedRuleGroupStatement":{"VendorName":"AWS","Name":"AWSManagedRulesCommonRuleSet"}}},
                 {"Name":"counted","Priority":2,"OverrideAction":{"Count":{}},"Statement":{"ManagedRuleGroupStatement":{"VendorName":"AWS","Name":"AWSManagedRulesSQLiRuleSet"}}}]
                """);
            var blocked = Expect(rules, "403.WafWebAclBlocked", CauseVerdict.Possible, "Web ACL edge rule geo (priority 0) blocks", "rule group AWS/AWSManagedRulesCommonRuleSet (rule common) can block");
            Assert.DoesNotContain("SQLi", string.Join("\n", blocked.Evidence));
            Expect(new AlbFixture().WebAcl("Block"), "403.WafWebAclBlocked", CauseVerdict.Likely, "default action Block");
            Expect(new AlbFixture(), "403.WafWebAclBlocked", CauseVerdict.RuledOut, "No AWS WAF web ACL");
            Expect(new AlbFixture().Without("GetWebACLForResource"), "403.WafWebAclBlocked", CauseVerdict.Unknown, "GetWebACLForResource");
        }

        [Fact]
        public void WafFailures()
        {
            foreach (var id in new[] { "500.WafWebAclExecutionError", "500.WafConnectionFailed", "500.WafResponseReadTimeout", "500.WafServiceError", "500.WafUnhandledException" })
            {
                Expect(new AlbFixture().WebAcl("Allow"), id, CauseVerdict.Possible, AclArn, "waf.fail_open.enabled = false");
                Expect(new AlbFixture().WebAcl("Allow").LbAttribute("waf.fail_open.enabled", "true"), id, CauseVerdict.RuledOut, "waf.fail_open.enabled = true");
                Expect(new AlbFixture(), id, CauseVerdict.RuledOut, "never calls AWS WAF");
            }
        }

        [Fact]
        public void Weighted_forwards()
        {
            var weighted = new AlbFixture().TargetGroup("blue", Healthy("i-5")).OnlyListener("HTTPS", 443, Weighted(true, ("app", 80), ("blue", 20)));
            Expect(weighted, "500.WeightedTargetGroupsUnhandledException", CauseVerdict.Possible, "app weight 80, blue weight 20");
            Expect(weighted, "400.InvalidTargetGroupStickinessCookie", CauseVerdict.Possible, "group stickiness on for 3600 s");
            var unsticky = new AlbFixture().TargetGroup("blue", Healthy("i-5")).OnlyListener("HTTPS", 443, Weighted(false, ("app", 80), ("blue", 20)));
            Expect(unsticky, "400.InvalidTargetGroupStickinessCookie", CauseVerdict.RuledOut, "AWSALBTG");
            Expect(new AlbFixture(), "500.WeightedTargetGroupsUnhandledException", CauseVerdict.RuledOut);
        }

        [Fact]
        public void RedirectUrlTooLong()
        {
            Expect(new AlbFixture().Listener("HTTP", 80, Redirect(null, null)), "507.RedirectUrlTooLong", CauseVerdict.Possible, "listener HTTP:80 default action redirects (HTTP_301)", "#{query}");
            Expect(new AlbFixture().Listener("HTTP", 80, Redirect("/moved", "")), "507.RedirectUrlTooLong", CauseVerdict.RuledOut, "a fixed URL");
            Expect(new AlbFixture(), "507.RedirectUrlTooLong", CauseVerdict.RuledOut, "redirects");
        }

        // ------------------------------------------------------------------ authentication

        private static AlbFixture WithOidc(string scope = "openid", string onUnauthenticated = "authenticate") =>
            new AlbFixture().OnlyListener("HTTPS", 443, Oidc(scope, onUnauthenticated), Forward("app"));

        [Fact]
        public void Authentication_causes_follow_authenticate_actions()
        {
            foreach (var id in CauseCatalog.All.Where(c => (c.Side == CauseSide.Authentication && c.Id != "401.JwtValidationFailed") || c.Id is "500.AuthUnhandledException" or "401.Http10RequestWithoutHost" or "401.ClientLoginTimeout"
                         or "401.InvalidAuthSessionCookie" or "401.AuthNonceMismatch").Select(c => c.Id))
            {
                Expect(new AlbFixture(), id, CauseVerdict.RuledOut, "No listener rule of web authenticates users");
                var cause = WithOidc().Cause(id);
                Assert.True(cause.VerdictKind is CauseVerdict.Possible or CauseVerdict.Likely or CauseVerdict.RuledOut, id + " " + cause.Verdict);
                Assert.Contains("https://idp.example.com/token", string.Join("\n", cause.Evidence));
            }
        }

        [Fact]
        public void Authentication_specific_verdicts()
        {
            Expect(WithOidc(onUnauthenticated: "deny"), "401.UnauthenticatedRequestDenied", CauseVerdict.Likely, "on unauthenticated request deny");
            Expect(WithOidc(), "401.UnauthenticatedRequestDenied", CauseVerdict.Possible, "on unauthenticated request authenticate");
            Expect(WithOidc("email profile"), "401.ScopeReturnsNoIdToken", CauseVerdict.Likely, "scope email profile", "lacks openid");
            Expect(WithOidc("openid email"), "401.ScopeReturnsNoIdToken", CauseVerdict.RuledOut, "includes openid");
            Expect(WithOidc().NoDefaultRoute(), "500.IdpEndpointUnreachable", CauseVerdict.Likely, "subnet-a (rtb-main) has no route to 0.0.0.0/0", "https://idp.example.com/token");
            Expect(WithOidc(), "500.IdpEndpointUnreachable", CauseVerdict.Possible, "routes 0.0.0.0/0 to internet gateway igw-1", "resolve in public DNS");
            Expect(WithOidc().Without("DescribeRouteTables"), "500.IdpEndpointUnreachable", CauseVerdict.Unknown, "DescribeRouteTables");
        }

        // ------------------------------------------------------------------ client side and 000

        [Fact]
        public void DesyncMitigationBlocked()
        {
            Expect(new AlbFixture(), "400.DesyncMitigationBlocked", CauseVerdict.Possible, "routing.http.desync_mitigation_mode = defensive");
            Expect(new AlbFixture().LbAttribute("routing.http.desync_mitigation_mode", "strictest"), "400.DesyncMitigationBlocked", CauseVerdict.Possible, "Ambiguous");
            Expect(new AlbFixture().LbAttribute("routing.http.desync_mitigation_mode", "monitor"), "400.DesyncMitigationBlocked", CauseVerdict.RuledOut, "monitor");
        }

        [Fact]
        public void Http2GoAway()
        {
            Expect(new AlbFixture(), "000.Http2GoAway", CauseVerdict.Possible, "HTTPS:443", "client_keep_alive.seconds = 3600");
            Expect(new AlbFixture().LbAttribute("routing.http2.enabled", "false"), "000.Http2GoAway", CauseVerdict.RuledOut, "routing.http2.enabled = false");
            Expect(new AlbFixture().OnlyListener("HTTP", 80, Forward("app")), "000.Http2GoAway", CauseVerdict.RuledOut, "No HTTPS listener");
        }

        [Theory]
        [InlineData("400.MalformedRequest", "routing.http.drop_invalid_header_fields.enabled")]
        [InlineData("400.RequestHeaderTooLarge", "16 KB")]
        [InlineData("413.RequestHeaderTooLarge", "64 KB")]
        [InlineData("414.UriTooLong", "request line 16 KB")]
        [InlineData("408.ClientIdleTimeout", "client_keep_alive.seconds = 3600")]
        [InlineData("460.ClientClosedConnection", "idle_timeout.timeout_seconds = 60")]
        [InlineData("463.TooManyForwardedForAddresses", "routing.http.xff_header_processing.mode")]
        [InlineData("405.TraceMethodNotSupported", "HTTPS:443")]
        [InlineData("505.UnexpectedHttpVersion", "Every listener is HTTPS")]
        [InlineData("501.UnsupportedTransferEncoding", "routing.http.desync_mitigation_mode = defensive")]
        public void Client_side_causes_are_Possible_with_the_shaping_configuration(string id, string evidence)
        {
            var cause = Expect(new AlbFixture(), id, CauseVerdict.Possible, evidence, "To check:");
            Assert.False(CauseCatalog.FindById(id)!.DecidedBy.HasFlag(DecidedBy.Configuration));
            Assert.Equal(CauseCatalog.FindById(id)!.Check, cause.Evidence.Last().Substring(cause.Evidence.Last().IndexOf("To check: ", StringComparison.Ordinal) + 10));
        }

        [Fact]
        public void Rule_transforms_are_named_and_ruled_out_without_them()
        {
            var f = new AlbFixture().Rule(443, 5, "/old/*", Forward("app"))
                .RuleTransforms("""[{"Type":"url-rewrite","UrlRewriteConfig":{"Rewrites":[{"Regex":"^/old/(.*)$","Replace":"/$1"}]}}]""");
            Expect(f, "500.RuleTransformFailed", CauseVerdict.Possible, "rule priority 5 (path-pattern /old/*) transforms the request: url-rewrite '^/old/(.*)$' -> '/$1'");
            Expect(new AlbFixture(), "500.RuleTransformFailed", CauseVerdict.RuledOut, "No listener rule of web has a transform");
        }

        [Fact]
        public void Jwt_validation_names_the_key_set_and_issuer()
        {
            var jwt = (IDictionary)Part("""{"Type":"jwt-validation","Order":1,"JwtValidationConfig":{"JwksEndpoint":"https://issuer.example.com/.well-known/jwks.json","Issuer":"https://issuer.example.com","AdditionalClaims":[{"Name":"aud","Format":"single-string","Values":["api"]}]}}""");
            var f = new AlbFixture().OnlyListener("HTTPS", 443, jwt, Forward("app"));
            Expect(f, "401.JwtValidationFailed", CauseVerdict.Possible, "listener HTTPS:443 default action", "JWKS https://issuer.example.com/.well-known/jwks.json", "issuer https://issuer.example.com", "claims aud single-string api", "at most 10 keys and 150 KB");
            Expect(new AlbFixture(), "401.JwtValidationFailed", CauseVerdict.RuledOut, "has a jwt-validation action");
        }

        [Fact]
        public void Identity_provider_reachability_reads_scheme_routes_and_egress()
        {
            const string id = "500.IdpEndpointUnreachable";
            // An internal load balancer's nodes have no public address: an internet gateway does not carry them.
            Expect(WithOidc().Scheme("internal"), id, CauseVerdict.Likely,
                "only private addresses", "need a NAT gateway");
            // A transit gateway may lead out or not: not in the snapshot.
            Expect(WithOidc().DefaultRoute("tgw-0a1b"), id, CauseVerdict.Unknown, "via tgw-0a1b", "not in the snapshot");
            Expect(WithOidc().DefaultRoute("igw-1", "blackhole"), id, CauseVerdict.Likely, "is blackhole");
            // No egress rule for tcp/443 anywhere.
            Expect(WithOidc().AlbEgress("""[{"IpProtocol":"tcp","FromPort":8080,"ToPort":8080,"IpRanges":[{"CidrIp":"10.0.0.0/16"}]}]"""),
                id, CauseVerdict.Likely, "allows tcp/443 to an internet address");
            // Only to some addresses: whether the IdP resolves into them is DNS's answer.
            Expect(WithOidc().AlbEgress("""[{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"IpRanges":[{"CidrIp":"198.51.100.0/24"}]}]"""),
                id, CauseVerdict.Unknown, "only to some addresses");
            // The network ACL drops the IdP's replies.
            Expect(WithOidc().NetworkAclEntry(ScenarioBuilder.AclEntry(50, from: 1024, to: 65535, action: "deny")),
                id, CauseVerdict.Likely, "replies on 1024-65535 in from");
        }

        [Fact]
        public void Target_generated_codes_follow_health_check_mismatches()
        {
            var f = new AlbFixture().Targets("app", Target("i-1", "unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: [502]"), Healthy("i-2"));
            // A health check answered 5XX names the target, but says nothing of what clients get: Possible.
            Expect(f, "5XX.TargetGenerated", CauseVerdict.Possible, "i-1:8080 unhealthy (Target.ResponseCodeMismatch", "matcher HTTP codes 200", "out of service");
            Expect(f, "4XX.TargetGenerated", CauseVerdict.Possible, "Any target can return 4XX");
            Expect(new AlbFixture(), "5XX.TargetGenerated", CauseVerdict.Possible, "Any target can return 5XX");
        }
    }
}
