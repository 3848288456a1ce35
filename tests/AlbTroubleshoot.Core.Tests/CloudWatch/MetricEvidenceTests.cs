using System;
using System.Collections.Generic;
using System.Linq;
using AlbTroubleshoot.Catalog;
using AlbTroubleshoot.CloudWatch;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests.CloudWatch
{
    /// <summary>The metric rules in both directions, over constructed series; the GetMetricData reader; the query plan.</summary>
    public class MetricEvidenceTests
    {
        private static readonly DateTime T0 = new DateTime(2026, 11, 24, 7, 0, 0, DateTimeKind.Utc);

        private static MetricSeries S(string metric, string stat, double[] values, string tg = "", string zone = "") =>
            new MetricSeries("web", tg, zone, metric, stat, 60, values.Select((v, i) => new KeyValuePair<DateTime, double>(T0.AddMinutes(i), v)));

        private static MetricSeries Sum(string metric, params double[] values) => S(metric, "Sum", values);

        private static MetricJudgement? Judge(string id, int code, int? idle, params MetricSeries[] series) =>
            new MetricEvidence(series, T0, T0.AddHours(3), idle).Judge(CauseCatalog.All.Single(c => c.Id == id), code);

        [Fact]
        public void Every_rule_names_a_catalog_cause_and_DecidedBy_Metrics_agrees_with_the_rules()
        {
            var wrong = CauseCatalog.All.Where(c => c.DecidedBy.HasFlag(DecidedBy.Metrics) != MetricEvidence.Decides(c.Id)).Select(c => c.Id).ToList();
            Assert.True(wrong.Count == 0, "DecidedBy.Metrics disagrees with MetricEvidence: " + string.Join(", ", wrong));
        }

        [Fact]
        public void Connection_errors_with_502s_make_the_connection_causes_Likely_and_say_where()
        {
            var j = Judge("502.TargetConnectionReset", 502, 60, Sum("HTTPCode_ELB_502_Count", 0, 5, 9), Sum("TargetConnectionErrorCount", 0, 4, 9),
                S("TargetConnectionErrorCount", "Sum", new double[] { 0, 4, 9 }, "web-tg", "us-east-1b"))!;
            Assert.Equal(CauseVerdict.Likely, j.Verdict);
            Assert.Contains(j.Evidence, e => e.StartsWith("HTTPCode_ELB_502_Count: 14 in 2026-11-24 07:00-10:00 UTC, peak 9 at 2026-11-24 07:02 UTC", StringComparison.Ordinal));
            Assert.Contains(j.Evidence, e => e.StartsWith("TargetConnectionErrorCount (target group web-tg, us-east-1b): 13", StringComparison.Ordinal));
        }

        [Fact]
        public void Without_connection_errors_or_without_the_code_the_connection_causes_stay_as_configured()
        {
            var noErrors = Judge("504.TargetConnectionTimeout", 504, 60, Sum("HTTPCode_ELB_504_Count", 3), Sum("TargetConnectionErrorCount"))!;
            Assert.Null(noErrors.Verdict);
            Assert.Contains(noErrors.Evidence, e => e.Contains("TargetConnectionErrorCount stayed 0"));
            var noCode = Judge("504.TargetConnectionTimeout", 504, 60, Sum("HTTPCode_ELB_504_Count"), Sum("TargetConnectionErrorCount", 7))!;
            Assert.Null(noCode.Verdict);
            Assert.Contains("HTTPCode_ELB_504_Count: no 504 from the load balancer in 2026-11-24 07:00-10:00 UTC.", noCode.Evidence);
        }

        [Fact]
        public void Tls_negotiation_errors_raise_the_tls_cause_only_with_502s()
        {
            Assert.Equal(CauseVerdict.Likely, Judge("502.TargetTlsHandshakeError", 502, 60, Sum("HTTPCode_ELB_502_Count", 2), Sum("TargetTLSNegotiationErrorCount", 2))!.Verdict);
            Assert.Null(Judge("502.TargetTlsHandshakeError", 502, 60, Sum("HTTPCode_ELB_502_Count", 2), Sum("TargetTLSNegotiationErrorCount", 0))!.Verdict);
        }

        [Fact]
        public void A_response_time_at_the_idle_timeout_with_504s_makes_the_slow_target_Likely()
        {
            var at = Judge("504.TargetResponseTimeout", 504, 60, Sum("HTTPCode_ELB_504_Count", 4), S("TargetResponseTime", "Maximum", new[] { 0.2, 59.9 }))!;
            Assert.Equal(CauseVerdict.Likely, at.Verdict);
            Assert.Contains(at.Evidence, e => e.Contains("TargetResponseTime: Maximum 59.9 s") && e.Contains("idle_timeout.timeout_seconds 60"));
            var fast = Judge("504.TargetResponseTimeout", 504, 60, Sum("HTTPCode_ELB_504_Count", 4), S("TargetResponseTime", "Maximum", new[] { 0.2, 1.5 }))!;
            Assert.Null(fast.Verdict);
            Assert.Contains(fast.Evidence, e => e.Contains("well under the idle timeout of 60 s"));
        }

        [Fact]
        public void No_healthy_host_in_a_zone_with_503s_makes_the_zone_cause_Likely()
        {
            var empty = Judge("503.NoTargetInZone", 503, 60, Sum("HTTPCode_ELB_503_Count", 6),
                S("HealthyHostCount", "Minimum", new double[] { 2, 0, 0 }, "web-tg", "us-east-1a"), S("HealthyHostCount", "Minimum", new double[] { 2, 2, 2 }, "web-tg", "us-east-1b"))!;
            Assert.Equal(CauseVerdict.Likely, empty.Verdict);
            Assert.Contains("HealthyHostCount (target group web-tg, us-east-1a) Minimum fell to 0 at 2026-11-24 07:01 UTC (2 of 3 periods)", empty.Evidence);
            var healthy = Judge("503.NoTargetInZone", 503, 60, Sum("HTTPCode_ELB_503_Count", 6), S("HealthyHostCount", "Minimum", new double[] { 1, 1 }, "web-tg", "us-east-1a"))!;
            Assert.Null(healthy.Verdict);
        }

        [Fact]
        public void Target_codes_decide_whether_the_targets_generated_the_5XX()
        {
            var theirs = Judge("5XX.TargetGenerated", 500, 60, Sum("HTTPCode_Target_5XX_Count", 8), Sum("HTTPCode_ELB_5XX_Count", 1), Sum("RequestCount", 100))!;
            Assert.Equal(CauseVerdict.Likely, theirs.Verdict);
            var notTheirs = Judge("5XX.TargetGenerated", 500, 60, Sum("HTTPCode_Target_5XX_Count"), Sum("HTTPCode_ELB_5XX_Count", 5), Sum("RequestCount", 100))!;
            Assert.Equal(CauseVerdict.RuledOut, notTheirs.Verdict);
            Assert.Null(Judge("5XX.TargetGenerated", 500, 60, Sum("HTTPCode_Target_5XX_Count"), Sum("RequestCount")));   // no traffic: nothing to say
        }

        [Fact]
        public void Auth_errors_raise_the_idp_causes_and_the_redirect_count_alone_confirms_507()
        {
            Assert.Equal(CauseVerdict.Likely, Judge("561.IdpTokenEndpointError", 561, 60, Sum("HTTPCode_ELB_5XX_Count", 3), Sum("ELBAuthError", 3))!.Verdict);
            Assert.Null(Judge("561.IdpTokenEndpointError", 561, 60, Sum("HTTPCode_ELB_5XX_Count", 3), Sum("ELBAuthError", 0))!.Verdict);
            Assert.Equal(CauseVerdict.Confirmed, Judge("507.RedirectUrlTooLong", 507, 60, Sum("HTTP_Redirect_Url_Limit_Exceeded_Count", 1))!.Verdict);
            Assert.Equal(CauseVerdict.RuledOut, Judge("507.RedirectUrlTooLong", 507, 60, Sum("HTTP_Redirect_Url_Limit_Exceeded_Count", 0))!.Verdict);
            Assert.Null(Judge("507.RedirectUrlTooLong", 507, 60, Sum("RequestCount", 5)));   // not collected: nothing to say
        }

        [Fact]
        public void Rejected_connections_confirm_the_connection_limit_and_none_rule_it_out_for_the_window()
        {
            var rejected = Judge("000.ConnectionsRejected", 0, 60, Sum("RejectedConnectionCount", 0, 120, 30))!;
            Assert.Equal(CauseVerdict.Confirmed, rejected.Verdict);
            Assert.Equal(new[] { "RejectedConnectionCount: 150 in 2026-11-24 07:00-10:00 UTC, peak 120 at 2026-11-24 07:01 UTC (Sum per 60 s)" }, rejected.Evidence);
            var none = Judge("000.ConnectionsRejected", 0, 60, Sum("RejectedConnectionCount"))!;
            Assert.Equal(CauseVerdict.RuledOut, none.Verdict);
            Assert.Equal(new[] { "RejectedConnectionCount stayed 0 in 2026-11-24 07:00-10:00 UTC." }, none.Evidence);
        }

        [Fact]
        public void Client_tls_errors_make_the_handshake_cause_only_Likely_for_the_count_has_several_sources()
        {
            Assert.Equal(CauseVerdict.Likely, Judge("000.ClientTlsNegotiationFailed", 0, 60, Sum("ClientTLSNegotiationErrorCount", 4))!.Verdict);
            Assert.Equal(CauseVerdict.RuledOut, Judge("000.ClientTlsNegotiationFailed", 0, 60, Sum("ClientTLSNegotiationErrorCount", 0, 0))!.Verdict);
            Assert.Null(Judge("000.ClientTlsNegotiationFailed", 0, 60, Sum("RejectedConnectionCount", 4)));
        }

        [Fact]
        public void Metrics_never_override_a_configuration_that_excludes_the_cause_and_rule_out_only_the_undecided()
        {
            var likely = new MetricJudgement(CauseVerdict.Likely, new[] { "m" });
            Assert.Equal(CauseVerdict.RuledOut, CauseEvaluator.WithMetrics(CheckResult.Of(CauseVerdict.RuledOut, "c"), likely).Verdict);
            Assert.Equal(CauseVerdict.Confirmed, CauseEvaluator.WithMetrics(CheckResult.Of(CauseVerdict.Confirmed, "c"), likely).Verdict);
            var raised = CauseEvaluator.WithMetrics(CheckResult.Of(CauseVerdict.Possible, "c"), likely);
            Assert.Equal(CauseVerdict.Likely, raised.Verdict);
            Assert.Equal(new[] { "m", "c" }, raised.Evidence);
            var ruledOut = new MetricJudgement(CauseVerdict.RuledOut, new[] { "m" });
            Assert.Equal(CauseVerdict.RuledOut, CauseEvaluator.WithMetrics(CheckResult.Of(CauseVerdict.Unknown, "c"), ruledOut).Verdict);
            Assert.Equal(CauseVerdict.Likely, CauseEvaluator.WithMetrics(CheckResult.Of(CauseVerdict.Likely, "c"), ruledOut).Verdict);
        }

        // ------------------------------------------------------------------ reader and plan

        private static SnapshotDocument Doc(string metricData) =>
            SnapshotDocument.Parse("{\"AlbSnapshotVersion\":1,\"GetMetricData\":" + metricData + "}", "t.json");

        private const string Query = "{\"Id\":\"q_0\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/ApplicationELB\",\"MetricName\":\"HealthyHostCount\",\"Dimensions\":[" +
                                     "{\"Name\":\"AvailabilityZone\",\"Value\":\"us-east-1a\"},{\"Name\":\"TargetGroup\",\"Value\":\"targetgroup/web-tg/73e2d6bc24d8a067\"},{\"Name\":\"LoadBalancer\",\"Value\":\"app/web/50dc6c495c0c9188\"}]},\"Period\":60,\"Stat\":\"Minimum\"}}";

        [Fact]
        public void Reads_iso_and_epoch_timestamps_in_any_order_and_dimensions_in_any_order()
        {
            var data = MetricData.Read(Doc("{\"arn:lb\":{\"StartTime\":\"2026-11-24T07:00:00Z\",\"EndTime\":\"2026-11-24T10:00:00Z\",\"MetricDataQueries\":[" + Query +
                "],\"MetricDataResults\":[{\"Id\":\"q_0\",\"Timestamps\":[\"2026-11-24T07:02:00Z\",1795503600],\"Values\":[0,2]},{\"Id\":\"q_0\",\"Timestamps\":[\"2026-11-24T07:01:00+00:00\"],\"Values\":[1]}]}}"));
            Assert.Empty(data.Problems);
            var s = data.For("arn:lb")!.Series.Single();
            Assert.Equal(("web", "web-tg", "us-east-1a", "HealthyHostCount", "Minimum", 60), (s.LoadBalancerName, s.TargetGroupName, s.AvailabilityZone, s.MetricName, s.Statistic, s.Period));
            Assert.Equal(new[] { new DateTime(2026, 11, 24, 7, 0, 0, DateTimeKind.Utc), T0.AddMinutes(1), T0.AddMinutes(2) }, s.Timestamps);
            Assert.Equal(new[] { 2d, 1d, 0d }, s.Values);
            Assert.Equal((3d, 2d), (s.Total, s.Maximum));
        }

        [Fact]
        public void A_malformed_section_is_reported_by_name_and_the_rest_is_read()
        {
            var data = MetricData.Read(Doc("{\"arn:bad\":[],\"arn:lb\":{\"MetricDataQueries\":[" + Query +
                "],\"MetricDataResults\":[{\"Id\":\"q_0\",\"Timestamps\":[\"yesterday\"],\"Values\":[1]}]}}"));
            Assert.Contains(data.Problems, p => p.StartsWith("GetMetricData 'arn:bad' is an array", StringComparison.Ordinal));
            Assert.Contains(data.Problems, p => p.Contains("GetMetricData 'arn:lb'.MetricDataResults[0].Timestamps[0] \"yesterday\" is not a timestamp"));
            Assert.Empty(data.For("arn:lb")!.Series.Single().Values);
            Assert.Contains(MetricData.Read(Doc("42")).Problems, p => p.StartsWith("GetMetricData is a number", StringComparison.Ordinal));
            Assert.True(MetricData.Read(SnapshotDocument.Parse("{\"AlbSnapshotVersion\":1}", "t")).IsEmpty);
        }

        [Fact]
        public void The_plan_asks_per_load_balancer_target_group_and_zone_with_valid_unique_ids_in_calls_of_500()
        {
            var queries = MetricQueries.For("arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/50dc",
                Enumerable.Range(0, 20).Select(i => "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/tg" + i + "/ab"), new[] { "us-east-1a", "us-east-1b", "us-east-1c" }, 60, null);
            var lbOnly = MetricQueries.Definitions.Count(d => (d.Scope & MetricScope.LoadBalancer) != 0);
            var perTg = MetricQueries.Definitions.Count(d => (d.Scope & MetricScope.TargetGroup) != 0);
            var perZone = MetricQueries.Definitions.Count(d => (d.Scope & MetricScope.TargetGroupZone) != 0);
            Assert.Equal(lbOnly + 20 * perTg + 60 * perZone, queries.Count);
            Assert.All(queries, q => Assert.True(MetricQueries.IsValidId(q.Id)));
            Assert.Equal(queries.Count, queries.Select(q => q.Id).Distinct().Count());
            Assert.Contains(queries, q => q.Dimension("TargetGroup") == "targetgroup/tg7/ab" && q.Dimension("AvailabilityZone") == "us-east-1c" && q.MetricName == "HealthyHostCount");
            var batches = MetricQueries.Batches(queries);
            Assert.Equal((queries.Count + 499) / 500, batches.Count);
            Assert.All(batches, b => Assert.True(b.Count <= 500));
            Assert.Null(Collection.AwsValueRules.Problem(Collection.AwsValueKind.MetricDataQueries, new JsonArray(queries.Select(q => (JsonValue)q.ToJson())).ToJson(false)));
        }
    }
}
