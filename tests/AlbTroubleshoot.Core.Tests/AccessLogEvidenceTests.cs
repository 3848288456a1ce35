using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Catalog;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Probe;
using AlbTroubleshoot.Reachability;
using AlbTroubleshoot.Tests.AccessLogs;
using Xunit;
using static AlbTroubleshoot.Tests.AlbFixture;

namespace AlbTroubleshoot.Tests
{
    /// <summary>
    /// Access-log evidence in the diagnosis: real lines written to a file, read by the same scan
    /// Measure-AlbAccessLog uses, grouped by load balancer, then weighed against each cause.
    /// </summary>
    public sealed class AccessLogEvidenceTests : IDisposable
    {
        private const string Web = "app/web/50dc6c495c0c9188";   // AlbFixture.LbArn as log lines name it
        private readonly string dir = Path.Combine(Path.GetTempPath(), "albevidence-" + Guid.NewGuid().ToString("N"));

        public AccessLogEvidenceTests() => Directory.CreateDirectory(dir);

        public void Dispose() => Directory.Delete(dir, recursive: true);

        /// <summary>Ten 200s of the fixture's load balancer, then the given lines (of the fixture's load balancer unless they say otherwise).</summary>
        private AccessLogEvidence Logs(params LogLine[] lines) => Logs(lines.Select(l => l.ToString()));

        private AccessLogEvidence Logs(IEnumerable<string> lines)
        {
            var all = Enumerable.Range(0, 10).Select(i => new LogLine().With(Field.Time, $"2026-11-24T10:0{i}:00.000000Z").ToString()).Concat(lines).ToList();
            var path = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".log");
            File.WriteAllLines(path, all.Select(l => l.Replace("app/my-alb/50dc6c495c0c9188", Web)));
            return Read(path);
        }

        /// <summary>The fixture load balancer's evidence in one file, read as -AccessLogPath reads it.</summary>
        private static AccessLogEvidence Read(string path)
        {
            using var scan = new AccessLogScan(new[] { path }, new AccessLogQuery(), AccessLogGrouping.LoadBalancer);
            scan.Start();
            Assert.True(scan.Wait(60_000));
            return AccessLogEvidence.FromSummary(new[] { LbArn }, scan.Summarize(), 1).Single();
        }

        private static CauseVerdict V(string text) => Vocabulary<CauseVerdict>.Parse(text, "cause verdict");

        private static ErrorCause Expect(AlbFixture fixture, AccessLogEvidence? logs, string id, CauseVerdict verdict, params string[] evidence)
        {
            var cause = fixture.Cause(id, new DiagnosisOptions { AccessLogs = logs, TargetKeepAliveSeconds = 75 });
            var text = string.Join("\n", cause.Evidence);
            Assert.True(verdict == cause.VerdictKind, id + ": expected " + verdict + ", got " + cause.Verdict + "\n" + text);
            foreach (var e in evidence) Assert.True(text.Contains(e, StringComparison.Ordinal), id + ": evidence lacks '" + e + "'\n" + text);
            return cause;
        }

        // ------------------------------------------------------------------ what the evidence holds

        [Fact]
        public void Lines_are_counted_per_load_balancer_and_the_others_named()
        {
            var logs = Logs(new LogLine().Elb("502", "0.001 0.020 -1"), new LogLine().With(Field.Elb, "app/other/0123456789abcdef").Elb("503", noTarget: true));
            Assert.Equal(Web, logs.LoadBalancerId);
            Assert.Equal(11, logs.Lines);
            Assert.Equal(new[] { "app/other/0123456789abcdef" }, logs.OtherLoadBalancers);
            Assert.Equal(new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc), logs.From);
            Assert.Equal("502.MalformedTargetResponse", Assert.Single(logs.Errors).Cause);
            Assert.Equal("11 lines of " + Web + " from 2026-11-24 10:00:00Z to 2026-11-24 10:09:00Z in 1 file", logs.Window);
            Assert.Equal(Web, AccessLogEvidence.LogId(LbArn));
        }

        [Fact]
        public void No_line_of_the_load_balancer_leaves_the_configuration_verdicts_alone()
        {
            var path = Path.Combine(dir, "other.log");
            File.WriteAllText(path, new LogLine().Elb("503", noTarget: true) + "\n");
            var logs = Read(path);
            Assert.Equal(0, logs.Lines);
            Assert.Equal(new[] { "app/my-alb/50dc6c495c0c9188" }, logs.OtherLoadBalancers);
            var f = new AlbFixture();
            Assert.Equal(
                f.Evaluate(new DiagnosisOptions()).Select(c => (c.Id, c.Verdict, string.Join("|", c.Evidence))),
                f.Evaluate(new DiagnosisOptions { AccessLogs = logs }).Select(c => (c.Id, c.Verdict, string.Join("|", c.Evidence))));
        }

        // ------------------------------------------------------------------ how lines and configuration combine

        [Theory]
        // config verdict, log verdict -> final
        [InlineData("Possible", "Confirmed", "Confirmed")]
        [InlineData("RuledOut", "Confirmed", "Confirmed")]
        [InlineData("Unknown", "Likely", "Likely")]
        [InlineData("Possible", "Likely", "Likely")]
        [InlineData("Confirmed", "Likely", "Confirmed")]
        [InlineData("RuledOut", "Likely", "RuledOut")]       // the configuration excludes what a line only suggests
        [InlineData("NotApplicable", "Possible", "NotApplicable")]
        [InlineData("Unknown", "Possible", "Unknown")]       // Unknown ranks above Possible: the missing data still needs a person
        [InlineData("Possible", "Unknown", "Unknown")]
        [InlineData("Possible", "RuledOut", "RuledOut")]     // traffic settles what the configuration could not
        [InlineData("Unknown", "RuledOut", "RuledOut")]
        [InlineData("Confirmed", "RuledOut", "Confirmed")]   // a configuration fault stays: the window may not show it
        [InlineData("Likely", "RuledOut", "Likely")]
        public void Configuration_and_lines_combine(string config, string logs, string expected)
        {
            var result = CauseEvaluator.WithAccessLogs(CheckResult.Of(V(config), "from the configuration"), (V(logs), new[] { "from the logs" }));
            Assert.Equal(V(expected), result.Verdict);
            Assert.Equal(new[] { "from the configuration", "from the logs" }.OrderBy(e => e), result.Evidence.OrderBy(e => e));
            // What decided comes first.
            Assert.Equal(expected == config && (logs == "RuledOut" || expected != logs) ? "from the configuration" : "from the logs", result.Evidence[0]);
        }

        // ------------------------------------------------------------------ the causes only traffic shows, both ways

        private static string At1003(LogLine line) => line.With(Field.Time, "2026-11-24T10:03:30.000000Z").ToString();

        public static IEnumerable<object[]> TrafficOnlyCauses() => new[]
        {
            new object[] { "403.LowReputationRequestDenied", "Likely", At1003(new LogLine().Elb("403", "0.000 -1 -1", noTarget: true)) },
            new object[] { "502.MalformedTargetResponse", "Likely", At1003(new LogLine().Elb("502", "0.001 0.020 -1")) },
            new object[] { "502.ResponseHeaderTooLarge", "Likely", At1003(new LogLine().Elb("502", "0.001 0.020 -1")) },
            new object[] { "504.TargetResponseTimeout", "Likely", At1003(new LogLine().Elb("504", "0.000 -1 -1")) },
            new object[] { "504.ContentLengthLargerThanBody", "Likely", At1003(new LogLine().Elb("504", "0.000 0.050 -1").With(Field.TargetStatusCode, "200")) },
            new object[] { "5XX.TargetGenerated", "Confirmed", At1003(new LogLine().With(Field.ElbStatusCode, "500").With(Field.TargetStatusCode, "500")) },
            new object[] { "4XX.TargetGenerated", "Confirmed", At1003(new LogLine().With(Field.ElbStatusCode, "404").With(Field.TargetStatusCode, "404")) },
            new object[] { "460.ClientClosedConnection", "Confirmed", At1003(new LogLine().Elb("460", "0.000 -1 -1")) },
            new object[] { "408.ClientIdleTimeout", "Confirmed", At1003(new LogLine().Elb("408", noTarget: true)) },
        };

        [Theory]
        [MemberData(nameof(TrafficOnlyCauses))]
        public void A_cause_only_traffic_shows_is_decided_by_the_lines(string id, string verdict, string line)
        {
            var f = new AlbFixture();
            Assert.Contains(f.Cause(id).VerdictKind, new[] { CauseVerdict.Possible, CauseVerdict.Unknown });   // the configuration alone cannot decide
            var logs = Logs(new[] { line });
            var cause = Expect(f, logs, id, Vocabulary<CauseVerdict>.Parse(verdict, "verdict"), "Access logs: 1 of 11 lines from 2026-11-24 10:00:00Z to 2026-11-24 10:09:00Z (", ":11 (2026-11-24 10:03:30Z)");
            Assert.StartsWith("Access logs:", cause.Evidence[0], StringComparison.Ordinal);
            Expect(f, Logs(), id, CauseVerdict.RuledOut, "Access logs: no ", " response among the 10 lines from 2026-11-24 10:00:00Z");
        }

        [Fact]
        public void A_line_that_fits_several_causes_names_what_it_points_to()
        {
            var logs = Logs(new LogLine().Elb("502", "0.001 0.020 -1"), new LogLine().Elb("502", "0.001 0.020 -1"));
            Expect(new AlbFixture(), logs, "502.ResponseHeaderTooLarge", CauseVerdict.Likely, "2 of 12 lines", "point to 502.MalformedTargetResponse and fit this cause too");
            // 502s of another kind rule it out and say where they point.
            Expect(new AlbFixture(), Logs(new LogLine().Elb("502", "0.001 -1 -1")), "502.MalformedTargetResponse", CauseVerdict.RuledOut,
                "the 1 502 lines among the 11 lines", "point elsewhere: 502.TargetClosedKeepAliveConnection (1)");
        }

        [Fact]
        public void An_entry_of_a_whole_class_speaks_for_the_code_asked_for()
        {
            var logs = Logs(new LogLine().With(Field.ElbStatusCode, "500").With(Field.TargetStatusCode, "500"));
            var f = new AlbFixture();
            Assert.Equal(CauseVerdict.Confirmed, f.Cause("5XX.TargetGenerated", new DiagnosisOptions { AccessLogs = logs }).VerdictKind);
            var as502 = f.Evaluate(new DiagnosisOptions { AccessLogs = logs, StatusCodes = new[] { new StatusCodeFilter(502) } }).Single(c => c.Id == "5XX.TargetGenerated");
            Assert.Equal(CauseVerdict.RuledOut, as502.VerdictKind);
            Assert.Contains("no 502 response", as502.Evidence[0]);
            // 500 asked for is the code 500, not the class: a target's 502 does not speak for it.
            var target502 = Logs(new LogLine().With(Field.ElbStatusCode, "502").With(Field.TargetStatusCode, "502"));
            Assert.Equal(CauseVerdict.RuledOut, f.Evaluate(new DiagnosisOptions { AccessLogs = target502, StatusCodes = new[] { new StatusCodeFilter(500) } })
                .Single(c => c.Id == "5XX.TargetGenerated").VerdictKind);
            Assert.Equal(CauseVerdict.Confirmed, f.Evaluate(new DiagnosisOptions { AccessLogs = target502, StatusCodes = new[] { new StatusCodeFilter("5XX") } })
                .Single(c => c.Id == "5XX.TargetGenerated").VerdictKind);
        }

        [Fact]
        public void The_configuration_outweighs_an_ambiguous_line()
        {
            // No target drains now, but a deregistration during past requests is traffic the configuration
            // cannot rule out: a line that fits the deregistration delay (among others) carries its verdict.
            var logs = Logs(new LogLine().Elb("502", "0.001 -1 -1"));
            Expect(new AlbFixture(), logs, "502.DeregistrationDelayElapsed", CauseVerdict.Likely, "fit this cause too", "no target is draining now");
            // A configuration that excludes a cause outright still outweighs a line that only fits it.
            Expect(new AlbFixture(), Logs(new LogLine().Elb("504", "-1 -1 -1")), "504.TargetTlsHandshakeTimeout", CauseVerdict.RuledOut, "fit this cause too");
            // ...and an AWS-named failure beats a configuration that no longer has the feature.
            Expect(new AlbFixture(), Logs(new LogLine().Elb("403", "0.000 -1 -1", noTarget: true).With(Field.ActionsExecuted, "waf")), "403.WafWebAclBlocked",
                CauseVerdict.Confirmed, "Access logs: 1 of 11", "AWS WAF rejected the request");
        }

        [Fact]
        public void Traffic_without_errors_rules_out_every_cause_of_the_seed_codes_on_a_healthy_load_balancer()
        {
            var f = new AlbFixture();
            var logs = Logs();
            var codes = new[] { 403, 464, 502, 503, 504 };
            var causes = f.Evaluate(new DiagnosisOptions
            {
                StatusCodes = codes.Select(c => new StatusCodeFilter(c)).ToList(),
                AccessLogs = logs,
                TargetKeepAliveSeconds = 75,
            });
            var open = causes.Where(c => c.VerdictKind != CauseVerdict.RuledOut && c.VerdictKind != CauseVerdict.NotApplicable).Select(c => c.Id + " " + c.Verdict).ToList();
            Assert.True(open.Count == 0, "not ruled out: " + string.Join(", ", open));
            Assert.Equal(codes.SelectMany(CauseCatalog.ForCode).Select(c => c.Id).Distinct().Count(), causes.Count);
        }

        [Fact]
        public void Every_cause_of_the_seed_codes_has_an_automated_check()
        {
            var manual = new[] { 403, 464, 502, 503, 504 }.SelectMany(CauseCatalog.ForCode).Where(c => c.CheckedBy.Length == 0).Select(c => c.Id).ToList();
            Assert.True(manual.Count == 0, "no automated check: " + string.Join(", ", manual));
        }

        // ------------------------------------------------------------------ every cause of the seed codes, the Confirmed/Likely direction

        /// <summary>
        /// A probe row (Test-AlbTargetEndpoint, Invoke-AlbDiagnosis -Probe) of load balancer "web": for the causes
        /// neither the configuration nor the access logs can bring to Confirmed or Likely (an ICMP unreachable
        /// and a slow TLS handshake log like any failed connect).
        /// </summary>
        private static (AlbFixture, DiagnosisOptions) Probed(AlbFixture f, string group, string target, ProbeCheck check, string measured, string cause)
        {
            var model = f.Model();
            var row = new EndpointProbeResult(target, "10.0.1.10", 8080, check, ProbeVerdict.Fail, measured, string.Empty, string.Empty, new[] { 502 })
            {
                LoadBalancerName = "web", TargetGroupName = group, Cause = cause,
            };
            return (f, new DiagnosisOptions { Probe = new ProbeEvidence(new[] { row }, model, model.LoadBalancers!.Single()) });
        }

        private static AlbFixture WithLambda() =>
            new AlbFixture().TargetGroup("fn", "HTTP", null, "lambda", Target("arn:aws:lambda:eu-west-1:111122223333:function:render", "unavailable", "Target.HealthCheckDisabled"))
                .Rule(443, 10, "/img/*", Forward("fn"));

        private static LogLine LambdaLine(string code, string errorReason) => new LogLine().Elb(code, "0.000 0.001 0.000", noTarget: true).With(Field.ErrorReason, errorReason);

        private static ReachabilityResult Blocked() =>
            new ReachabilityResult("web", "app", "i-1", "10.0.1.10", 8080, ReachabilityPurpose.Traffic, ReachabilityVerdict.Blocked, new[] { "sg-target" }, null, "sg-target has no inbound rule for tcp/8080", new[] { 502, 504 });

        /// <summary>
        /// One scenario per cause of 403, 464, 502, 503 and 504 in which it is Confirmed or Likely, from the
        /// configuration, the access logs, or both. (Traffic_without_errors_rules_out_every_cause_of_the_seed_codes
        /// is the other direction for all of them.)
        /// </summary>
        private Dictionary<string, Func<(AlbFixture Fixture, DiagnosisOptions Options)>> SeedScenarios()
        {
            (AlbFixture, DiagnosisOptions) Config(AlbFixture f, DiagnosisOptions? o = null) => (f, o ?? new DiagnosisOptions());
            (AlbFixture, DiagnosisOptions) Lines(AlbFixture f, params LogLine[] lines) => (f, new DiagnosisOptions { AccessLogs = Logs(lines) });
            var d = new Dictionary<string, Func<(AlbFixture, DiagnosisOptions)>>
            {
                ["403.WafWebAclBlocked"] = () => Lines(new AlbFixture(), new LogLine().Elb("403", "0.000 -1 -1", noTarget: true).With(Field.ActionsExecuted, "waf")),
                ["403.FixedResponse"] = () => Config(new AlbFixture().Listener("HTTP", 80, Fixed("403"))),
                ["403.LowReputationRequestDenied"] = () => Lines(new AlbFixture(), new LogLine().Elb("403", "-1 -1 -1", noTarget: true)),
                ["4XX.TargetGenerated"] = () => Lines(new AlbFixture(), new LogLine().With(Field.ElbStatusCode, "403").With(Field.TargetStatusCode, "403")),
                ["464.Http1ToGrpcTargetGroup"] = () => Config(new AlbFixture().TargetGroup("grpc", "HTTP", "GRPC", "instance", Healthy("i-3")).Listener("HTTP", 80, Forward("grpc"))),
                ["464.Http1ToHttp2TargetGroup"] = () => Config(new AlbFixture().TargetGroup("h2", "HTTP", "HTTP2", "instance", Healthy("i-4")).Listener("HTTP", 80, Forward("h2"))),
                ["464.GrpcToHttp1TargetGroup"] = () => Lines(new AlbFixture(),
                    new LogLine().Elb("464", noTarget: true).With(Field.Type, "grpcs").With(Field.Request, "POST https://api.example.com:443/pkg.Svc/Call HTTP/2.0")),
                ["464.Http2NonPostToGrpcTargetGroup"] = () => Lines(new AlbFixture().TargetGroup("grpc", "HTTP", "GRPC", "instance", Healthy("i-3")).Rule(443, 7, "/pkg.Svc/*", Forward("grpc")),
                    new LogLine().Elb("464", noTarget: true).With(Field.Type, "h2").With(Field.Request, "GET https://api.example.com:443/pkg.Svc/ HTTP/2.0")),
                ["502.TargetConnectionReset"] = () => Config(new AlbFixture().Targets("app", Target("i-1", "unhealthy", "Target.FailedHealthChecks", "Health checks failed"))),
                ["502.TargetClosedKeepAliveConnection"] = () => Lines(new AlbFixture(), new LogLine().Elb("502", "0.001 -1 -1")),
                ["502.MalformedTargetResponse"] = () => Lines(new AlbFixture(), new LogLine().Elb("502", "0.001 0.020 -1")),
                ["502.ResponseHeaderTooLarge"] = () => Lines(new AlbFixture(), new LogLine().Elb("502", "0.001 0.020 -1")),
                ["502.TargetTlsHandshakeError"] = () => Config(new AlbFixture().TargetGroup("tls", "HTTPS", "HTTP1", "instance", Target("i-9", "unhealthy", "Target.FailedHealthChecks")).OnlyListener("HTTPS", 443, Forward("tls"))),
                ["502.DeregistrationDelayElapsed"] = () => Config(new AlbFixture().Targets("app", Healthy("i-1"), Target("i-2", "draining", "Target.DeregistrationInProgress"))
                    .GroupAttribute("app", "deregistration_delay.timeout_seconds", "5").LbAttribute("idle_timeout.timeout_seconds", "120")),
                ["502.LambdaFunctionTimeout"] = () => Lines(WithLambda(), LambdaLine("502", "LambdaUnhandled")),
                ["502.LambdaFunctionError"] = () => Lines(WithLambda(), LambdaLine("502", "LambdaUnhandled")),
                ["5XX.TargetGenerated"] = () => Lines(new AlbFixture(), new LogLine().With(Field.ElbStatusCode, "502").With(Field.TargetStatusCode, "502")),
                ["503.NoRegisteredTargets"] = () => Config(new AlbFixture().TargetGroup("empty").Rule(443, 5, "/new/*", Forward("empty"))),
                ["503.AllTargetsUnused"] = () => Config(new AlbFixture().Targets("app", Target("i-1", "unused", "Target.NotRegistered"), Target("i-2", "unused", "Target.NotInUse"))),
                ["503.TargetsInDisabledAvailabilityZone"] = () => Config(new AlbFixture().Targets("app", Target("i-1", "unused", "Target.NotInUse")).Instance("i-1", "running", "eu-west-1c")),
                ["503.TargetsStoppedOrTerminated"] = () => Config(new AlbFixture().Targets("app", Target("i-1", "unused", "Target.InvalidState", "Target is in the stopped state")).Instance("i-1", "stopped", "eu-west-1a")),
                ["503.TargetIpUnusable"] = () => Config(new AlbFixture().TargetGroup("ips", "HTTP", "HTTP1", "ip", Target("10.0.1.5", "unused", "Target.IpUnusable")).OnlyListener("HTTPS", 443, Forward("ips"))),
                ["503.FixedResponse"] = () => Config(new AlbFixture().Rule(443, 3, "/down/*", Fixed("503"))),
                ["503.TargetOptimizerRejected"] = () => Lines(new AlbFixture().TargetControlPort("app", 3000), new LogLine().Elb("503", "-1 -1 -1", noTarget: true)),
                ["504.TargetConnectionTimeout"] = () => Config(new AlbFixture(), new DiagnosisOptions { Reachability = new[] { Blocked() } }),
                ["502.TargetHostUnreachable"] = () => Probed(new AlbFixture(), "app", "i-1", ProbeCheck.Connect, "host unreachable", "502.TargetHostUnreachable"),
                ["504.TargetTlsHandshakeTimeout"] = () => Probed(new AlbFixture().TargetGroup("tls", "HTTPS", "HTTP1", "instance", Healthy("i-9")).OnlyListener("HTTPS", 443, Forward("tls")),
                    "tls", "i-9", ProbeCheck.Tls, "no handshake within 10 s", "504.TargetTlsHandshakeTimeout"),
                ["504.TargetResponseTimeout"] = () => Lines(new AlbFixture(), new LogLine().Elb("504", "0.000 -1 -1")),
                ["504.NaclEphemeralPortsBlocked"] = () => Config(new AlbFixture(), new DiagnosisOptions
                {
                    NaclEphemeral = new[] { new NaclEphemeralResult("acl-1", "subnet-a", "LoadBalancerSubnet", "Inbound", "10.0.0.0/16", "1024-65535", "Blocked", new[] { "1024-65535" }, new[] { 90 }, string.Empty) },
                }),
                ["504.ContentLengthLargerThanBody"] = () => Lines(new AlbFixture(), new LogLine().Elb("504", "0.000 0.050 -1").With(Field.TargetStatusCode, "200")),
                ["504.LambdaConnectionTimeout"] = () => Lines(WithLambda(), LambdaLine("504", "LambdaConnectionTimeout")),
                ["503.NoTargetInZone"] = () => Config(new AlbFixture().Instance("i-1", "running", "eu-west-1a").Instance("i-2", "running", "eu-west-1a")
                    .GroupAttribute("app", "load_balancing.cross_zone.enabled", "false")),
                ["503.NoTargetInService"] = () => Config(new AlbFixture().Targets("app", Target("i-1", "initial", "Elb.InitialHealthChecking"), Target("i-2", "draining", "Target.DeregistrationInProgress"))),
                ["4XX.FixedResponse"] = () => Config(new AlbFixture().Rule(443, 3, "/old/*", Fixed("464"))),
                ["5XX.FixedResponse"] = () => Config(new AlbFixture().Rule(443, 3, "/old/*", Fixed("502"))),
                ["4XX.WafCustomResponse"] = () => Lines(new AlbFixture().WebAcl("Allow"), new LogLine().Elb("464", "0.000 -1 -1", noTarget: true).With(Field.ActionsExecuted, "waf")),
                ["5XX.WafCustomResponse"] = () => Lines(new AlbFixture().WebAcl("Allow"), new LogLine().Elb("502", "0.000 -1 -1", noTarget: true).With(Field.ActionsExecuted, "waf")),
            };
            // The Lambda failures AWS names in error_reason.
            foreach (var (id, reason) in new[]
            {
                ("502.LambdaResponseTooLarge", "LambdaResponseTooLarge"), ("502.LambdaThrottling", "LambdaThrottling"), ("502.LambdaAccessDenied", "LambdaAccessDenied"),
                ("502.LambdaBadRequest", "LambdaBadRequest"), ("502.LambdaConnectionError", "LambdaConnectionError"), ("502.LambdaVpcNetworkSetupFailed", "LambdaENILimitReachedException"),
                ("502.LambdaInvalidResponse", "LambdaInvalidResponse"), ("502.LambdaInvalidRuntime", "LambdaInvalidRuntimeException"), ("502.LambdaInvalidVpcConfig", "LambdaInvalidSubnetIDException"),
                ("502.LambdaInvalidZipFile", "LambdaInvalidZipFileException"), ("502.LambdaKmsDecryptionFailed", "LambdaKMSDisabledException"),
                ("502.LambdaResourceNotFound", "LambdaResourceNotFound"), ("502.LambdaServiceException", "LambdaServiceException"), ("502.LambdaUnhandledException", "LambdaUnhandledException"),
            })
                d[id] = () => Lines(WithLambda(), LambdaLine("502", reason));
            return d;
        }

        [Fact]
        public void Every_cause_of_the_seed_codes_is_Confirmed_or_Likely_where_its_evidence_is()
        {
            var scenarios = SeedScenarios();
            var causes = new[] { 403, 464, 502, 503, 504 }.SelectMany(CauseCatalog.ForCode).Select(c => c.Id).Distinct().OrderBy(i => i).ToList();
            Assert.Equal(causes, scenarios.Keys.OrderBy(i => i).ToList());
            var wrong = new List<string>();
            foreach (var id in causes)
            {
                var (fixture, options) = scenarios[id]();
                var cause = fixture.Cause(id, options);
                if (cause.VerdictKind != CauseVerdict.Confirmed && cause.VerdictKind != CauseVerdict.Likely)
                    wrong.Add(id + " is " + cause.Verdict + ": " + string.Join(" | ", cause.Evidence));
            }
            Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        }

        // ------------------------------------------------------------------ 503: the target optimizer

        [Fact]
        public void TargetOptimizerRejected()
        {
            var on = new AlbFixture().TargetControlPort("app", 3000);
            var noTarget503 = new LogLine().Elb("503", "-1 -1 -1", noTarget: true);
            Expect(on, Logs(noTarget503), "503.TargetOptimizerRejected", CauseVerdict.Likely, "app (" + GroupArn("app") + ") has target control port 3000",
                "1 503 line(s) without a target while every target group that receives requests has targets in use");
            Expect(on, null, "503.TargetOptimizerRejected", CauseVerdict.Possible, "target control port 3000", "To check: TargetControlRequestRejectCount");
            // An empty group explains no-target 503s too: only Possible.
            Expect(new AlbFixture().TargetControlPort("app", 3000).TargetGroup("empty").Rule(443, 5, "/new/*", Forward("empty")), Logs(noTarget503),
                "503.TargetOptimizerRejected", CauseVerdict.Possible, "empty (no targets)");
            Expect(new AlbFixture(), Logs(noTarget503), "503.TargetOptimizerRejected", CauseVerdict.RuledOut, "No target group that receives requests has a target control port", "(app)");
            // On, but no 503 in the window: not what these users saw.
            Expect(on, Logs(), "503.TargetOptimizerRejected", CauseVerdict.RuledOut, "Access logs: no 503 response", "target control port 3000");
        }
    }
}
