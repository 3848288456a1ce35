using System.Linq;
using AlbTroubleshoot.AccessLogs;
using AlbTroubleshoot.Catalog;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    public class AccessLogClassifierTests
    {
        private static AccessLogEntry P(LogLine l) => LogLine.Parse(l);

        private static void Cause(string expectedId, CauseVerdict verdict, LogLine line)
        {
            var e = P(line);
            Assert.Equal(expectedId, e.Cause);
            Assert.Equal(verdict.Text(), e.CauseVerdict);
            Assert.False(string.IsNullOrWhiteSpace(e.CauseReason));
        }

        private static void NotCause(string id, LogLine line) => Assert.NotEqual(id, P(line).Cause);

        [Fact]
        public void Every_cause_the_classifier_can_give_exists_in_the_catalog()
        {
            Assert.NotEmpty(AccessLogClassifier.AllMatches);
            Assert.All(AccessLogClassifier.AllMatches, m => Assert.NotNull(CauseCatalog.FindById(m.Id)));
            Assert.All(AccessLogClassifier.AllMatches, m => Assert.Contains(m.Verdict, new[] { CauseVerdict.Confirmed, CauseVerdict.Likely, CauseVerdict.Possible }));
        }

        [Fact]
        public void Alternatives_name_catalog_causes_of_the_same_code_other_than_the_answer()
        {
            foreach (var m in AccessLogClassifier.AllMatches)
            {
                var code = CauseCatalog.FindById(m.Id)!.StatusCode;
                Assert.All(m.AlsoFits, id =>
                {
                    var alt = CauseCatalog.FindById(id);
                    Assert.True(alt is not null, m.Id + " names unknown alternative " + id);
                    // Another cause of the same code, or the whole-class entry that stands for it (4XX.WafCustomResponse for 405).
                    var sameCode = alt!.AppliesToWholeClass ? alt.StatusCode / 100 == code / 100 : alt.StatusCode == code;
                    Assert.True(sameCode && id != m.Id, m.Id + ": alternative " + id + " is another code or itself");
                });
            }
            // The reason names what else fits, so a reader sees it too.
            Assert.Contains(AccessLogClassifier.AllMatches, m => m.Id == "502.TargetConnectionReset" && m.AlsoFits.Contains("502.TargetHostUnreachable") && m.Reason.Contains("502.TargetHostUnreachable"));
        }

        [Fact]
        public void A_success_or_redirect_has_no_cause()
        {
            Assert.Equal(string.Empty, P(new LogLine()).Cause);
            Assert.Equal(string.Empty, P(new LogLine().Elb("301", "0.000 -1 -1", noTarget: true)).Cause);
            Assert.Equal(string.Empty, P(new LogLine().Elb("301", "0.000 -1 -1", noTarget: true)).CauseVerdict);
        }

        [Fact]
        public void A_code_the_target_sent_is_target_generated()
        {
            Cause("5XX.TargetGenerated", CauseVerdict.Confirmed, new LogLine().With(Field.ElbStatusCode, "502").With(Field.TargetStatusCode, "502"));
            Cause("4XX.TargetGenerated", CauseVerdict.Confirmed, new LogLine().With(Field.ElbStatusCode, "404").With(Field.TargetStatusCode, "404"));
            // Near miss: the same 502 with target_status_code "-" is the load balancer's own.
            NotCause("5XX.TargetGenerated", new LogLine().Elb("502"));
        }

        [Fact]
        public void Error_reasons_name_the_cause()
        {
            Cause("502.LambdaThrottling", CauseVerdict.Confirmed, new LogLine().Elb("502", "0.000 0.001 0.000", noTarget: true).With(Field.ErrorReason, "LambdaThrottling"));
            Cause("413.LambdaRequestTooLarge", CauseVerdict.Confirmed, new LogLine().Elb("413", "0.000 -1 -1", noTarget: true).With(Field.ErrorReason, "LambdaRequestTooLarge"));
            Cause("502.LambdaKmsDecryptionFailed", CauseVerdict.Confirmed, new LogLine().Elb("502", noTarget: true).With(Field.ErrorReason, "LambdaKMSDisabledException"));
            Cause("502.LambdaFunctionError", CauseVerdict.Likely, new LogLine().Elb("502", noTarget: true).With(Field.ErrorReason, "LambdaUnhandled"));
            Cause("401.InvalidAuthSessionCookie", CauseVerdict.Confirmed, new LogLine().Elb("401", noTarget: true).With(Field.ActionsExecuted, "authenticate").With(Field.ErrorReason, "AuthInvalidCookie"));
            Cause("561.IdpUserInfoEndpointError", CauseVerdict.Confirmed, new LogLine().Elb("561", noTarget: true).With(Field.ActionsExecuted, "authenticate").With(Field.ErrorReason, "AuthUserinfoEpRequestFailed"));
            Cause("500.IdpEndpointUnreachable", CauseVerdict.Likely, new LogLine().Elb("500", noTarget: true).With(Field.ErrorReason, "AuthTokenEpRequestTimeout"));
            Cause("500.IdpUserClaimsTooLarge", CauseVerdict.Confirmed, new LogLine().Elb("500", noTarget: true).With(Field.ErrorReason, "AuthUserinfoResponseSizeExceeded"));
            Cause("401.UserClaimsTooLarge", CauseVerdict.Confirmed, new LogLine().Elb("401", noTarget: true).With(Field.ErrorReason, "AuthUserinfoResponseSizeExceeded"));
            Cause("500.WafResponseReadTimeout", CauseVerdict.Confirmed, new LogLine().Elb("500", noTarget: true).With(Field.ActionsExecuted, "waf-failed").With(Field.ErrorReason, "WAFResponseReadTimeout"));
            Cause("400.InvalidTargetGroupStickinessCookie", CauseVerdict.Confirmed, new LogLine().Elb("400", noTarget: true).With(Field.ErrorReason, "AWSALBTGCookieInvalid"));
            // Near miss: an error_reason AWS adds later is not guessed at; the other fields decide.
            Cause("502.LambdaFunctionError", CauseVerdict.Possible, new LogLine().Elb("502", noTarget: true).With(Field.ErrorReason, "LambdaSomethingNew"));
        }

        [Fact]
        public void Waf_actions_decide_403_and_500()
        {
            Cause("403.WafWebAclBlocked", CauseVerdict.Confirmed, new LogLine().Elb("403", "0.001 -1 -1", noTarget: true).With(Field.ActionsExecuted, "waf"));
            Cause("500.WafWebAclExecutionError", CauseVerdict.Likely, new LogLine().Elb("500", noTarget: true).With(Field.ActionsExecuted, "waf-failed"));
            // Near misses: waf that went on to forward did not block; a 403 without waf is not WAF's.
            Cause("403.LowReputationRequestDenied", CauseVerdict.Possible, new LogLine().Elb("403", "0.001 -1 -1", noTarget: true).With(Field.ActionsExecuted, "waf,forward"));
            NotCause("403.WafWebAclBlocked", new LogLine().Elb("403", "0.001 -1 -1", noTarget: true));
            // With no waf and no fixed-response action, DDoS protection is the one documented 403 left.
            Cause("403.LowReputationRequestDenied", CauseVerdict.Likely, new LogLine().Elb("403", "0.001 -1 -1", noTarget: true));
        }

        [Fact]
        public void Fixed_responses_are_the_rule_not_a_failure()
        {
            Cause("503.FixedResponse", CauseVerdict.Confirmed, new LogLine().Elb("503", "0.000 -1 -1", noTarget: true).With(Field.ActionsExecuted, "fixed-response"));
            Cause("403.FixedResponse", CauseVerdict.Confirmed, new LogLine().Elb("403", "0.000 -1 -1", noTarget: true).With(Field.ActionsExecuted, "fixed-response"));
            // Any other code answered by a rule is that rule's doing, never the target's.
            Cause("4XX.FixedResponse", CauseVerdict.Confirmed, new LogLine().Elb("404", "0.000 -1 -1", noTarget: true).With(Field.ActionsExecuted, "fixed-response"));
            Cause("5XX.FixedResponse", CauseVerdict.Confirmed, new LogLine().Elb("502", "0.000 -1 -1", noTarget: true).With(Field.ActionsExecuted, "fixed-response"));
            // Near miss: a 503 without fixed-response and without a target is "no targets".
            Cause("503.NoRegisteredTargets", CauseVerdict.Possible, new LogLine().Elb("503", noTarget: true));
        }

        [Fact]
        public void AWS_WAF_answers_other_than_403_are_the_web_ACL_not_the_target()
        {
            Cause("405.WafCaptcha", CauseVerdict.Likely, new LogLine().Elb("405", "0.000 -1 -1", noTarget: true).With(Field.ActionsExecuted, "waf"));
            Cause("4XX.WafCustomResponse", CauseVerdict.Confirmed, new LogLine().Elb("429", "0.000 -1 -1", noTarget: true).With(Field.ActionsExecuted, "waf"));
            Cause("5XX.WafCustomResponse", CauseVerdict.Confirmed, new LogLine().Elb("503", "0.000 -1 -1", noTarget: true).With(Field.ActionsExecuted, "waf"));
            // Near miss: a 405 without AWS WAF is a TRACE or something the catalog does not know.
            Cause("405.TraceMethodNotSupported", CauseVerdict.Confirmed, new LogLine().Elb("405", "0.000 -1 -1", noTarget: true).With(Field.Request, "TRACE https://example.com:443/ HTTP/1.1"));
        }

        [Fact]
        public void Authenticate_without_an_error_reason()
        {
            Cause("401.UnauthenticatedRequestDenied", CauseVerdict.Likely, new LogLine().Elb("401", "0.000 -1 -1", noTarget: true).With(Field.ActionsExecuted, "authenticate"));
            Cause("500.IdpEndpointUnreachable", CauseVerdict.Possible, new LogLine().Elb("500", "0.000 -1 -1", noTarget: true).With(Field.ActionsExecuted, "authenticate"));
            // Near miss: a 500 with no authenticate, waf or error reason.
            Cause("500.RuleTransformFailed", CauseVerdict.Possible, new LogLine().Elb("500", "0.000 -1 -1", noTarget: true));
        }

        [Fact]
        public void Desync_classification_explains_a_400()
        {
            Cause("400.DesyncMitigationBlocked", CauseVerdict.Confirmed, new LogLine().Elb("400", noTarget: true).With(Field.Classification, "Severe").With(Field.ClassificationReason, "BadContentLength"));
            Cause("400.DesyncMitigationBlocked", CauseVerdict.Likely, new LogLine().Elb("400", noTarget: true).With(Field.Classification, "Ambiguous").With(Field.ClassificationReason, "BothTeClPresent"));
            // Near misses: a classified request that got through; a 400 with a compliant request.
            Assert.Equal(string.Empty, P(new LogLine().With(Field.Classification, "Acceptable").With(Field.ClassificationReason, "SpaceInUri")).Cause);
            Cause("400.MalformedRequest", CauseVerdict.Possible, new LogLine().Elb("400", noTarget: true).With(Field.Request, "- - - "));
        }

        [Fact]
        public void Protocol_decides_which_464()
        {
            Cause("464.GrpcToHttp1TargetGroup", CauseVerdict.Confirmed, new LogLine().Elb("464", noTarget: true).With(Field.Type, "grpcs").With(Field.Request, "POST https://api.example.com:443/pkg.Svc/Call HTTP/2.0"));
            Cause("464.Http2NonPostToGrpcTargetGroup", CauseVerdict.Confirmed, new LogLine().Elb("464", noTarget: true).With(Field.Type, "h2").With(Field.Request, "GET https://api.example.com:443/ HTTP/2.0"));
            Cause("464.Http1ToHttp2TargetGroup", CauseVerdict.Likely, new LogLine().Elb("464", noTarget: true).With(Field.Request, "GET https://api.example.com:443/ HTTP/1.1"));
            // Near miss: an HTTP/2 POST is what a gRPC target group wants, so it is not the non-POST case.
            NotCause("464.Http2NonPostToGrpcTargetGroup", new LogLine().Elb("464", noTarget: true).With(Field.Type, "h2").With(Field.Request, "POST https://api.example.com:443/ HTTP/2.0"));
        }

        [Fact]
        public void Client_side_codes()
        {
            Cause("460.ClientClosedConnection", CauseVerdict.Confirmed, new LogLine().Elb("460", "0.000 -1 -1"));
            Cause("463.TooManyForwardedForAddresses", CauseVerdict.Confirmed, new LogLine().Elb("463", noTarget: true));
            Cause("408.ClientIdleTimeout", CauseVerdict.Confirmed, new LogLine().Elb("408", noTarget: true));
            Cause("405.TraceMethodNotSupported", CauseVerdict.Confirmed, new LogLine().Elb("405", noTarget: true).With(Field.Request, "TRACE https://www.example.com:443/ HTTP/1.1"));
            // Near miss: 405 for another method is not the documented TRACE case.
            Cause("405.TraceMethodNotSupported", CauseVerdict.Possible, new LogLine().Elb("405", noTarget: true));
            // Near miss: 460 after the target answered keeps the load balancer's code, not the target's.
            Cause("460.ClientClosedConnection", CauseVerdict.Confirmed, new LogLine().With(Field.ElbStatusCode, "460").With(Field.TargetStatusCode, "200"));
        }

        [Fact]
        public void Minus_one_times_separate_the_502s()
        {
            Cause("502.TargetConnectionReset", CauseVerdict.Possible, new LogLine().Elb("502", "-1 -1 -1"));
            Cause("502.TargetClosedKeepAliveConnection", CauseVerdict.Likely, new LogLine().Elb("502", "0.001 -1 -1"));
            Cause("502.MalformedTargetResponse", CauseVerdict.Likely, new LogLine().Elb("502", "0.001 0.020 -1"));
            Cause("502.LambdaFunctionError", CauseVerdict.Possible, new LogLine().Elb("502", "0.000 0.001 0.000", noTarget: true));
        }

        [Fact]
        public void Minus_one_times_separate_the_504s()
        {
            Cause("504.TargetResponseTimeout", CauseVerdict.Likely, new LogLine().Elb("504", "0.000 -1 -1"));
            Cause("504.TargetConnectionTimeout", CauseVerdict.Possible, new LogLine().Elb("504", "-1 -1 -1"));
            // The target sent its status and headers, then the body never finished: Content-Length larger than the body.
            Cause("504.ContentLengthLargerThanBody", CauseVerdict.Likely, new LogLine().Elb("504", "0.000 0.050 -1").With(Field.TargetStatusCode, "200"));
            Cause("504.ContentLengthLargerThanBody", CauseVerdict.Possible, new LogLine().Elb("504", "0.000 0.050 -1"));
            Cause("504.LambdaConnectionTimeout", CauseVerdict.Possible, new LogLine().Elb("504", "-1 -1 -1", noTarget: true));
            Cause("504.LambdaConnectionTimeout", CauseVerdict.Confirmed, new LogLine().Elb("504", "-1 -1 -1", noTarget: true).With(Field.ErrorReason, "LambdaConnectionTimeout"));
        }

        [Fact]
        public void Other_load_balancer_codes()
        {
            Cause("000.Http2GoAway", CauseVerdict.Likely, new LogLine().Elb("000"));
            Cause("414.UriTooLong", CauseVerdict.Confirmed, new LogLine().Elb("414", noTarget: true));
            Cause("413.RequestHeaderTooLarge", CauseVerdict.Likely, new LogLine().Elb("413", noTarget: true));
            Cause("501.UnsupportedTransferEncoding", CauseVerdict.Confirmed, new LogLine().Elb("501", noTarget: true));
            Cause("505.UnexpectedHttpVersion", CauseVerdict.Confirmed, new LogLine().Elb("505", noTarget: true));
            Cause("507.RedirectUrlTooLong", CauseVerdict.Confirmed, new LogLine().Elb("507", noTarget: true).With(Field.ActionsExecuted, "redirect"));
            Cause("561.IdpTokenEndpointError", CauseVerdict.Possible, new LogLine().Elb("561", noTarget: true).With(Field.ActionsExecuted, "authenticate"));
            Cause("401.UnauthenticatedRequestDenied", CauseVerdict.Possible, new LogLine().Elb("401", noTarget: true));
            Cause("4XX.TargetGenerated", CauseVerdict.Possible, new LogLine().Elb("429"));
            Cause("5XX.TargetGenerated", CauseVerdict.Possible, new LogLine().Elb("599"));
        }

        [Fact]
        public void Every_load_balancer_code_gets_a_cause_of_that_code()
        {
            foreach (var code in CauseCatalog.LoadBalancerCodes.Where(c => c != 0))
            {
                var e = P(new LogLine().Elb(code.ToString("000", System.Globalization.CultureInfo.InvariantCulture), noTarget: true));
                Assert.StartsWith(code.ToString("000", System.Globalization.CultureInfo.InvariantCulture) + ".", e.Cause, System.StringComparison.Ordinal);
            }
        }
    }
}
