using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Catalog;
using AlbTroubleshoot.Diagnostics;
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

        private static ErrorCause Expect(AlbFixture fixture, AccessLogEvidence? logs, string id, string verdict, params string[] evidence)
        {
            var cause = fixture.Cause(id, new DiagnosisOptions { AccessLogs = logs, TargetKeepAliveSeconds = 75 });
            var text = string.Join("\n", cause.Evidence);
            Assert.True(verdict == cause.Verdict, id + ": expected " + verdict + ", got " + cause.Verdict + "\n" + text);
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
        [InlineData("Unknown", "Possible", "Possible")]
        [InlineData("Possible", "RuledOut", "RuledOut")]     // traffic settles what the configuration could not
        [InlineData("Unknown", "RuledOut", "RuledOut")]
        [InlineData("Confirmed", "RuledOut", "Confirmed")]   // a configuration fault stays: the window may not show it
        [InlineData("Likely", "RuledOut", "Likely")]
        public void Configuration_and_lines_combine(string config, string logs, string expected)
        {
            var result = CauseEvaluator.WithAccessLogs(CheckResult.Of(config, "from the configuration"), (logs, new[] { "from the logs" }));
            Assert.Equal(expected, result.Verdict);
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
            Assert.Contains(f.Cause(id).Verdict, new[] { CauseVerdict.Possible, CauseVerdict.Unknown });   // the configuration alone cannot decide
            var logs = Logs(new[] { line });
            var cause = Expect(f, logs, id, verdict, "Access logs: 1 of 11 lines from 2026-11-24 10:00:00Z to 2026-11-24 10:09:00Z (", ":11 (2026-11-24 10:03:30Z)");
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
            Assert.Equal(CauseVerdict.Confirmed, f.Cause("5XX.TargetGenerated", new DiagnosisOptions { AccessLogs = logs }).Verdict);
            var as502 = f.Evaluate(new DiagnosisOptions { AccessLogs = logs, StatusCodes = new[] { new StatusCodeFilter(502) } }).Single(c => c.Id == "5XX.TargetGenerated");
            Assert.Equal(CauseVerdict.RuledOut, as502.Verdict);
            Assert.Contains("no 502 response", as502.Evidence[0]);
            // 500 asked for is the code 500, not the class: a target's 502 does not speak for it.
            var target502 = Logs(new LogLine().With(Field.ElbStatusCode, "502").With(Field.TargetStatusCode, "502"));
            Assert.Equal(CauseVerdict.RuledOut, f.Evaluate(new DiagnosisOptions { AccessLogs = target502, StatusCodes = new[] { new StatusCodeFilter(500) } })
                .Single(c => c.Id == "5XX.TargetGenerated").Verdict);
            Assert.Equal(CauseVerdict.Confirmed, f.Evaluate(new DiagnosisOptions { AccessLogs = target502, StatusCodes = new[] { new StatusCodeFilter("5XX") } })
                .Single(c => c.Id == "5XX.TargetGenerated").Verdict);
        }

        [Fact]
        public void The_configuration_outweighs_an_ambiguous_line()
        {
            // A line that fits the deregistration delay among others does not beat a configuration with no draining target.
            var logs = Logs(new LogLine().Elb("502", "0.001 -1 -1"));
            Expect(new AlbFixture(), logs, "502.DeregistrationDelayElapsed", CauseVerdict.RuledOut, "fit this cause too");
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
            var open = causes.Where(c => c.Verdict != CauseVerdict.RuledOut && c.Verdict != CauseVerdict.NotApplicable).Select(c => c.Id + " " + c.Verdict).ToList();
            Assert.True(open.Count == 0, "not ruled out: " + string.Join(", ", open));
            Assert.Equal(codes.SelectMany(CauseCatalog.ForCode).Select(c => c.Id).Distinct().Count(), causes.Count);
        }

        [Fact]
        public void Every_cause_of_the_seed_codes_has_an_automated_check()
        {
            var manual = new[] { 403, 464, 502, 503, 504 }.SelectMany(CauseCatalog.ForCode).Where(c => c.CheckedBy.Length == 0).Select(c => c.Id).ToList();
            Assert.True(manual.Count == 0, "no automated check: " + string.Join(", ", manual));
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
