using System;
using System.IO;
using System.Linq;
using AlbTroubleshoot.AccessLogs;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    public class AccessLogParsingTests
    {
        private static readonly string[] DocExamples =
            File.ReadAllLines(RepoPaths.Combine("tests", "AlbTroubleshoot.Core.Tests", "AccessLogs", "TestData", "aws-doc-examples.log"));

        [Fact]
        public void Every_AWS_documentation_example_parses()
        {
            Assert.Equal(7, DocExamples.Length);
            Assert.All(DocExamples, l => Assert.True(LogLine.TryParse(l, out _, out var reason), reason));
        }

        [Fact]
        public void The_HTTP_example_has_the_documented_values()
        {
            var e = LogLine.Parse(DocExamples[0]);
            Assert.Equal("http", e.Type);
            Assert.Equal(new DateTime(2018, 7, 2, 22, 23, 0, DateTimeKind.Utc).AddTicks(1866410), e.Time);
            Assert.Equal(DateTimeKind.Utc, e.Time.Kind);
            Assert.Equal("app/my-loadbalancer/50dc6c495c0c9188", e.Elb);
            Assert.Equal("192.168.131.39", e.ClientIp);
            Assert.Equal(2817, e.ClientPort);
            Assert.Equal("10.0.0.1", e.TargetIp);
            Assert.Equal(80, e.TargetPort);
            Assert.Equal(0.000, e.RequestProcessingTime);
            Assert.Equal(0.001, e.TargetProcessingTime);
            Assert.Equal(0.000, e.ResponseProcessingTime);
            Assert.Equal(200, e.ElbStatusCode);
            Assert.Equal(200, e.TargetStatusCode);
            Assert.Equal(34, e.ReceivedBytes);
            Assert.Equal(366, e.SentBytes);
            Assert.Equal("GET", e.RequestMethod);
            Assert.Equal("http://www.example.com:80/", e.RequestUrl);
            Assert.Equal("HTTP/1.1", e.RequestProtocol);
            Assert.Equal("curl/7.46.0", e.UserAgent);
            Assert.Equal("-", e.SslCipher);
            Assert.Equal("-", e.SslProtocol);
            Assert.Equal("arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067", e.TargetGroupArn);
            Assert.Equal("Root=1-58337262-36d228ad5d99923122bbe354", e.TraceId);
            Assert.Equal("-", e.DomainName);
            Assert.Equal("-", e.ChosenCertArn);
            Assert.Equal(0, e.MatchedRulePriority);
            Assert.Equal(new DateTime(2018, 7, 2, 22, 22, 48, 364, DateTimeKind.Utc), e.RequestCreationTime);
            Assert.Equal("forward", e.ActionsExecuted);
            Assert.Equal("-", e.RedirectUrl);
            Assert.Equal("-", e.ErrorReason);
            Assert.Equal("10.0.0.1:80", e.TargetPortList);
            Assert.Equal("200", e.TargetStatusCodeList);
            Assert.Equal("-", e.Classification);
            Assert.Equal("-", e.ClassificationReason);
            Assert.Equal(string.Empty, e.ConnTraceId); // 2018: before AWS added conn_trace_id
            Assert.Empty(e.ExtraFields);
            Assert.Equal(string.Empty, e.Cause);
        }

        [Fact]
        public void The_HTTPS_HTTP2_and_WebSocket_examples_have_the_documented_values()
        {
            var https = LogLine.Parse(DocExamples[1]);
            Assert.Equal("ECDHE-RSA-AES128-GCM-SHA256", https.SslCipher);
            Assert.Equal("TLSv1.2", https.SslProtocol);
            Assert.Equal("www.example.com", https.DomainName);
            Assert.Equal("arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012", https.ChosenCertArn);
            Assert.Equal("authenticate,forward", https.ActionsExecuted);
            Assert.Equal(0.086, https.RequestProcessingTime);

            var h2 = LogLine.Parse(DocExamples[2]);
            Assert.Equal("h2", h2.Type);
            Assert.Equal("HTTP/2.0", h2.RequestProtocol);
            Assert.Equal("redirect", h2.ActionsExecuted);
            Assert.Equal("https://example.com:80/", h2.RedirectUrl);
            Assert.Equal(9000, h2.TargetPort);

            var ws = LogLine.Parse(DocExamples[3]);
            Assert.Equal("ws", ws.Type);
            Assert.Equal(101, ws.ElbStatusCode);
            Assert.Equal("-", ws.UserAgent);
            var wss = LogLine.Parse(DocExamples[4]);
            Assert.Equal("wss", wss.Type);
            Assert.Equal(786, wss.SentBytes);
        }

        [Fact]
        public void The_Lambda_examples_keep_the_dash_target_and_classify_the_failure()
        {
            var ok = LogLine.Parse(DocExamples[5]);
            Assert.Equal("-", ok.TargetIp);
            Assert.Null(ok.TargetPort);
            Assert.Equal(string.Empty, ok.Cause);

            var failed = LogLine.Parse(DocExamples[6]);
            Assert.Equal(502, failed.ElbStatusCode);
            Assert.Null(failed.TargetStatusCode);
            Assert.Equal("LambdaInvalidResponse", failed.ErrorReason);
            Assert.Equal("502.LambdaInvalidResponse", failed.Cause);
            Assert.Equal("Confirmed", failed.CauseVerdict);
        }

        [Fact]
        public void A_line_with_the_2024_and_2025_appended_fields_parses_them()
        {
            var e = LogLine.Parse(new LogLine()
                .With(Field.ConnTraceId, "TID_0123456789abcdef0123456789abcdef")
                .With(Field.TransformedHost, "internal.example.com")
                .With(Field.TransformedUri, "/v2/orders?id=1")
                .With(Field.RequestTransformStatus, "OriginalRetrieved"));
            Assert.Equal("TID_0123456789abcdef0123456789abcdef", e.ConnTraceId);
            Assert.Equal("internal.example.com", e.TransformedHost);
            Assert.Equal("/v2/orders?id=1", e.TransformedUri);
            Assert.Equal("OriginalRetrieved", e.RequestTransformStatus);
            Assert.Empty(e.ExtraFields);
        }

        [Fact]
        public void An_older_line_without_conn_trace_id_parses()
        {
            var e = LogLine.Parse(new LogLine().Truncate(Field.ConnTraceId));
            Assert.Equal(string.Empty, e.ConnTraceId);
            Assert.Equal(string.Empty, e.TransformedHost);
            Assert.Equal("-", e.ClassificationReason);
        }

        [Fact]
        public void Fields_AWS_adds_in_future_are_kept_in_order()
        {
            var e = LogLine.Parse(new LogLine().Append("10.0.5.6").Append("\"a b\"").Append("-"));
            Assert.Equal(new[] { "10.0.5.6", "a b", "-" }, e.ExtraFields);
        }

        [Fact]
        public void Minus_one_times_and_dash_status_are_kept_meaningfully()
        {
            var e = LogLine.Parse(new LogLine().Elb("502"));
            Assert.Equal(-1, e.RequestProcessingTime);
            Assert.Equal(-1, e.TargetProcessingTime);
            Assert.Equal(-1, e.ResponseProcessingTime);
            Assert.Null(e.TargetStatusCode);
            Assert.Equal("-", e.TargetStatusCodeList);
            var rule = LogLine.Parse(new LogLine().With(Field.MatchedRulePriority, "-1"));
            Assert.Equal(-1, rule.MatchedRulePriority);
            Assert.Null(LogLine.Parse(new LogLine().With(Field.MatchedRulePriority, "-")).MatchedRulePriority);
        }

        [Fact]
        public void A_request_the_load_balancer_could_not_parse_splits_into_dashes()
        {
            var e = LogLine.Parse(new LogLine().Elb("400", noTarget: true).With(Field.Request, "- - - "));
            Assert.Equal("-", e.RequestMethod);
            Assert.Equal("-", e.RequestUrl);
            Assert.Equal("-", e.RequestProtocol);
        }

        [Fact]
        public void Quoted_fields_may_hold_spaces_and_escaped_quotes()
        {
            // ALB writes a quote inside a value as \x22 (seen in real logs: DataBiosphere/azul#4920).
            var e = LogLine.Parse(new LogLine()
                .With(Field.Request, "GET https://www.example.com:443/a b?q=\\x22x\\x22&y=1 HTTP/1.1")
                .With(Field.UserAgent, "Mozilla/5.0 (X11; Linux x86_64)"));
            Assert.Equal("https://www.example.com:443/a b?q=\\x22x\\x22&y=1", e.RequestUrl);
            Assert.Equal("HTTP/1.1", e.RequestProtocol);
            Assert.Equal("Mozilla/5.0 (X11; Linux x86_64)", e.UserAgent);
            Assert.Equal("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/73e2d6bc24d8a067", e.TargetGroupArn);
        }

        [Fact]
        public void An_IPv6_client_splits_at_the_last_colon()
        {
            var e = LogLine.Parse(new LogLine().With(Field.Client, "2001:db8::1:443"));
            Assert.Equal("2001:db8::1", e.ClientIp);
            Assert.Equal(443, e.ClientPort);
        }

        [Theory]
        [InlineData("https 2026-11-24T10:00:00.1Z app/x 1.2.3.4:1 - 0 0 0 200 200 1 1 \"GET / HTTP/1.1\" \"curl", "a quoted field is not closed")]
        [InlineData("https 2026-11-24T10:00:00.1Z app/x 1.2.3.4:1", "fields")]
        [InlineData("https yesterday app/x 1.2.3.4:1 - 0 0 0 200 200 1 1 \"GET / HTTP/1.1\"", "time")]
        [InlineData("https 2026-11-24T10:00:00.1Z app/x 1.2.3.4:1 - 0 0 0 OK 200 1 1 \"GET / HTTP/1.1\"", "elb_status_code")]
        [InlineData("https 2026-11-24T10:00:00.1Z app/x 1.2.3.4:1 - 0 0 0 200 x 1 1 \"GET / HTTP/1.1\"", "target_status_code")]
        [InlineData("https 2026-11-24T10:00:00.1Z app/x 1.2.3.4:1 - 0 fast 0 200 200 1 1 \"GET / HTTP/1.1\"", "target_processing_time is not a number")]
        [InlineData("https 2026-02-30T10:00:00.1Z app/x 1.2.3.4:1 - 0 0 0 200 200 1 1 \"GET / HTTP/1.1\"", "time")]
        public void A_malformed_line_says_why(string line, string reasonPart)
        {
            Assert.False(LogLine.TryParse(line, out _, out var reason));
            Assert.Contains(reasonPart, reason, StringComparison.Ordinal);
        }

        [Fact]
        public void Times_parse_to_the_tick_and_reject_impossible_dates()
        {
            static long T(string s) => LineView.ParseTicks(System.Text.Encoding.ASCII.GetBytes(s), 0, s.Length);
            Assert.Equal(new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(1234567).Ticks, T("2024-02-29T23:59:59.1234567Z"));
            Assert.Equal(new DateTime(2018, 7, 2, 22, 23, 0, DateTimeKind.Utc).Ticks, T("2018-07-02T22:23:00Z"));
            Assert.Equal(-1, T("2023-02-29T00:00:00Z"));
            Assert.Equal(-1, T("2018-13-02T22:23:00Z"));
            Assert.Equal(-1, T("2018-07-02 22:23:00Z"));
        }
    }
}
