using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using AlbTroubleshoot.Catalog;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>A classifier answer: the catalog cause, how far the log supports it, and why.</summary>
    internal sealed class CauseMatch
    {
        public CauseMatch(int index, string id, CauseVerdict verdict, string reason, IReadOnlyList<string> alsoFits)
        {
            Index = index;
            Id = id;
            Verdict = verdict;
            VerdictText = verdict.Text();
            Reason = reason;
            AlsoFits = alsoFits;
        }

        /// <summary>Position in <see cref="AccessLogClassifier.AllMatches"/>: a cheap grouping key.</summary>
        public int Index { get; }
        public string Id { get; }
        public CauseVerdict Verdict { get; }

        /// <summary>The verdict as the output rows carry it: one string per answer, so no line allocates it.</summary>
        public string VerdictText { get; }

        public string Reason { get; }
        /// <summary>The other catalog causes that log the same way (the reason names them too).</summary>
        public IReadOnlyList<string> AlsoFits { get; }

        /// <summary>True when a line with this answer fits the cause: it is the answer or one of the alternatives.</summary>
        public bool Fits(string causeId) => Id == causeId || AlsoFits.Contains(causeId);
    }

    /// <summary>
    /// Maps an error line to a catalog cause from what the log records: who generated the code
    /// (target_status_code "-" or a code), the -1 processing times, error_reason, actions_executed,
    /// the desync classification and the request protocol. Signatures from
    /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html and
    /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html.
    /// Where the log cannot tell documented causes apart, the answer names one cause of the family with
    /// the verdict Possible and a reason that lists what else fits; it never passes a guess as fact.
    /// Answers are shared, immutable objects: classifying a line allocates nothing but the error_reason text.
    /// </summary>
    internal static class AccessLogClassifier
    {
        private static readonly List<CauseMatch> all = new List<CauseMatch>();

        /// <summary>Every answer the classifier can give (a test checks each Id exists in the catalog).</summary>
        public static IReadOnlyList<CauseMatch> AllMatches => all;

        private static CauseMatch M(string id, CauseVerdict verdict, string reason, params string[] alsoFits)
        {
            var m = new CauseMatch(all.Count, id, verdict, reason, alsoFits);
            all.Add(m);
            return m;
        }

        private const CauseVerdict Confirmed = CauseVerdict.Confirmed, Likely = CauseVerdict.Likely, Possible = CauseVerdict.Possible;

        // error_reason codes: AWS names the failure, so the cause is confirmed.
        private static readonly Dictionary<string, CauseMatch> ByErrorReason = BuildErrorReasons();

        private static Dictionary<string, CauseMatch> BuildErrorReasons()
        {
            var d = new Dictionary<string, CauseMatch>(StringComparer.Ordinal);
            void Add(string id, params string[] reasons)
            {
                var m = M(id, Confirmed, "error_reason " + string.Join(" or ", reasons) + " names this failure.");
                foreach (var r in reasons) d[r] = m;
            }
            Add("502.LambdaAccessDenied", "LambdaAccessDenied");
            Add("502.LambdaBadRequest", "LambdaBadRequest");
            Add("502.LambdaConnectionError", "LambdaConnectionError");
            Add("504.LambdaConnectionTimeout", "LambdaConnectionTimeout");
            foreach (var r in new[] { "LambdaEC2AccessDeniedException", "LambdaEC2ThrottledException", "LambdaEC2UnexpectedException", "LambdaENILimitReachedException", "LambdaSubnetIPAddressLimitReachedException" })
                Add("502.LambdaVpcNetworkSetupFailed", r);
            Add("502.LambdaInvalidResponse", "LambdaInvalidResponse");
            Add("502.LambdaInvalidRuntime", "LambdaInvalidRuntimeException");
            Add("502.LambdaInvalidVpcConfig", "LambdaInvalidSecurityGroupIDException");
            Add("502.LambdaInvalidVpcConfig", "LambdaInvalidSubnetIDException");
            Add("502.LambdaInvalidZipFile", "LambdaInvalidZipFileException");
            foreach (var r in new[] { "LambdaKMSAccessDeniedException", "LambdaKMSDisabledException", "LambdaKMSInvalidStateException", "LambdaKMSNotFoundException" })
                Add("502.LambdaKmsDecryptionFailed", r);
            Add("413.LambdaRequestTooLarge", "LambdaRequestTooLarge");
            Add("502.LambdaResourceNotFound", "LambdaResourceNotFound");
            Add("502.LambdaResponseTooLarge", "LambdaResponseTooLarge");
            Add("502.LambdaServiceException", "LambdaServiceException");
            Add("502.LambdaThrottling", "LambdaThrottling");
            Add("502.LambdaUnhandledException", "LambdaUnhandledException");
            Add("400.WebSocketToLambda", "LambdaWebsocketNotSupported");
            Add("401.InvalidAuthSessionCookie", "AuthInvalidCookie");
            Add("401.InvalidAuthorizationGrant", "AuthInvalidGrantError");
            Add("401.InvalidIdpResponse", "AuthInvalidIdToken", "AuthInvalidTokenResponse", "AuthInvalidUserinfoResponse");
            Add("401.InvalidOrMissingStateParam", "AuthInvalidStateParam", "AuthMissingStateParam");
            Add("401.MissingCodeParam", "AuthMissingCodeParam");
            Add("401.Http10RequestWithoutHost", "AuthMissingHostHeader");
            Add("401.AuthNonceMismatch", "AuthInvalidAWSALBAuthNonce", "AuthMissingAWSALBAuthNonce");
            Add("561.IdpTokenEndpointError", "AuthTokenEpRequestFailed");
            Add("561.IdpUserInfoEndpointError", "AuthUserinfoEpRequestFailed");
            Add("500.AuthUnhandledException", "AuthUnhandledException");
            Add("500.WafConnectionFailed", "WAFConnectionError", "WAFConnectionTimeout");
            Add("500.WafResponseReadTimeout", "WAFResponseReadTimeout");
            Add("500.WafServiceError", "WAFServiceError");
            Add("500.WafUnhandledException", "WAFUnhandledException");
            Add("400.InvalidTargetGroupStickinessCookie", "AWSALBTGCookieInvalid");
            Add("500.WeightedTargetGroupsUnhandledException", "WeightedTargetGroupsUnhandledException");
            return d;
        }

        private static readonly CauseMatch LambdaUnhandled = M("502.LambdaFunctionError", Likely,
            "error_reason LambdaUnhandled: the function failed with an unhandled error; a function that ran past its own timeout ends the same way (502.LambdaFunctionTimeout).", "502.LambdaFunctionTimeout");
        private static readonly CauseMatch IdpTimeout = M("500.IdpEndpointUnreachable", Likely,
            "error_reason AuthTokenEpRequestTimeout/AuthUserinfoEpRequestTimeout: the load balancer could not talk to the IdP endpoint; an IdP slower than 5 seconds looks the same (500.IdpResponseTooSlow).", "500.IdpResponseTooSlow");
        private static readonly CauseMatch ClaimsTooLarge500 = M("500.IdpUserClaimsTooLarge", Confirmed,
            "error_reason AuthUserinfoResponseSizeExceeded: the IdP's claims exceeded 11 KB.");
        private static readonly CauseMatch ClaimsTooLarge401 = M("401.UserClaimsTooLarge", Confirmed,
            "error_reason AuthUserinfoResponseSizeExceeded with 401: the IdP's claims exceeded the load balancer's maximum.");

        private static readonly CauseMatch Target4xx = M("4XX.TargetGenerated", Confirmed,
            "target_status_code is a 4XX code: the target sent this response and the load balancer passed it on.");
        private static readonly CauseMatch Target5xx = M("5XX.TargetGenerated", Confirmed,
            "target_status_code is a 5XX code: the target sent this response and the load balancer passed it on.");

        private static readonly CauseMatch WafBlocked = M("403.WafWebAclBlocked", Confirmed,
            "actions_executed ends with waf and the code is 403: AWS WAF rejected the request.");
        private static readonly CauseMatch WafFailed = M("500.WafWebAclExecutionError", Likely,
            "actions_executed has waf-failed: forwarding the request to AWS WAF failed; error_reason did not say how.");
        private static readonly CauseMatch Fixed403 = M("403.FixedResponse", Confirmed, "actions_executed ends with fixed-response: a listener rule answered 403 itself.");
        private static readonly CauseMatch Fixed503 = M("503.FixedResponse", Confirmed, "actions_executed ends with fixed-response: a listener rule answered 503 itself.");
        private static readonly CauseMatch Fixed4xx = M("4XX.FixedResponse", Confirmed, "actions_executed ends with fixed-response: a listener rule answered this code itself.");
        private static readonly CauseMatch Fixed5xx = M("5XX.FixedResponse", Confirmed, "actions_executed ends with fixed-response: a listener rule answered this code itself.");
        private static readonly CauseMatch WafCaptcha = M("405.WafCaptcha", Likely,
            "actions_executed ends with waf and the code is 405: AWS WAF's CAPTCHA action answers 405 to a request without a valid token (a Block action with a custom 405 response logs the same way).",
            "4XX.WafCustomResponse");
        private static readonly CauseMatch WafCustom4xx = M("4XX.WafCustomResponse", Confirmed, "actions_executed ends with waf and the code is not 403: an AWS WAF Block action answered with a custom response code.");
        private static readonly CauseMatch WafCustom5xx = M("5XX.WafCustomResponse", Confirmed,
            "actions_executed ends with waf, the code is 5XX and neither waf-failed nor a WAF error_reason says AWS WAF failed: a Block action answered with a custom response code.");
        private static readonly CauseMatch AuthDenied = M("401.UnauthenticatedRequestDenied", Likely,
            "actions_executed ends with authenticate and error_reason is empty: the rule denied an unauthenticated request or the IdP denied the user.");
        private static readonly CauseMatch AuthServerError = M("500.IdpEndpointUnreachable", Possible,
            "actions_executed has authenticate and the code is 500 with no error_reason: most often the IdP endpoint was unreachable; slow IdP (500.IdpResponseTooSlow) and claims over 11 KB (500.IdpUserClaimsTooLarge) fit too.", "500.IdpResponseTooSlow", "500.IdpUserClaimsTooLarge");

        private static readonly CauseMatch DesyncSevere = M("400.DesyncMitigationBlocked", Confirmed,
            "classification is Severe: desync mitigation blocked the request (classification_reason says which header).");
        private static readonly CauseMatch DesyncStrictest = M("400.DesyncMitigationBlocked", Likely,
            "classification is Acceptable or Ambiguous with 400: the strictest desync mitigation mode blocks these.");

        private static readonly CauseMatch GoAway = M("000.Http2GoAway", Likely, "elb_status_code is 000: an HTTP/2 connection closed by GOAWAY.");
        private static readonly CauseMatch ClientClosed = M("460.ClientClosedConnection", Confirmed, "460: the client closed the connection before the load balancer could respond.");
        private static readonly CauseMatch TooManyXff = M("463.TooManyForwardedForAddresses", Confirmed, "463: X-Forwarded-For carried more than 30 addresses.");
        private static readonly CauseMatch ClientIdle = M("408.ClientIdleTimeout", Confirmed, "408: the client sent no data before the idle timeout.");
        private static readonly CauseMatch Trace = M("405.TraceMethodNotSupported", Confirmed, "405 for a TRACE request, which the load balancer does not support.");
        private static readonly CauseMatch NotTrace405 = M("405.TraceMethodNotSupported", Possible, "405 from the load balancer; the only documented cause is the TRACE method, but this request's method is not TRACE.");
        private static readonly CauseMatch UriTooLong = M("414.UriTooLong", Confirmed, "414: the URL or query string is too long.");
        private static readonly CauseMatch HeaderTooLarge413 = M("413.RequestHeaderTooLarge", Likely, "413 with no Lambda error_reason: the request headers exceeded the limits.");
        private static readonly CauseMatch TransferEncoding = M("501.UnsupportedTransferEncoding", Confirmed, "501: Transfer-Encoding other than chunked or identity.");
        private static readonly CauseMatch HttpVersion = M("505.UnexpectedHttpVersion", Confirmed, "505: an unexpected HTTP version on the connection.");
        private static readonly CauseMatch RedirectTooLong = M("507.RedirectUrlTooLong", Confirmed, "507: the redirect URL is too long.");

        // AWS's compatibility table has one 464 case for a gRPC request and one for an HTTP/2 request that is not POST.
        private static readonly CauseMatch Grpc464 = M("464.GrpcToHttp1TargetGroup", Confirmed, "464 for a gRPC request (type grpcs): the one incompatible case for gRPC is a target group with protocol version HTTP1.");
        private static readonly CauseMatch H2NonPost464 = M("464.Http2NonPostToGrpcTargetGroup", Confirmed, "464 for an HTTP/2 request that is not POST: the one incompatible case for it is a target group with protocol version gRPC.");
        private static readonly CauseMatch Http1464 = M("464.Http1ToHttp2TargetGroup", Likely,
            "464 for an HTTP/1.x request: the target group's protocol version is HTTP2 or gRPC (464.Http1ToGrpcTargetGroup); the log does not say which.",
            "464.Http1ToGrpcTargetGroup");
        private static readonly CauseMatch Other464 = M("464.Http1ToGrpcTargetGroup", Possible, "464: the request protocol does not fit the target group's protocol version; the log's protocol field does not say which case.",
            "464.Http1ToHttp2TargetGroup", "464.GrpcToHttp1TargetGroup", "464.Http2NonPostToGrpcTargetGroup");

        private static readonly CauseMatch Malformed400 = M("400.MalformedRequest", Possible,
            "400 from the load balancer with no target: a malformed request; headers over 16K/64K (400.RequestHeaderTooLarge) and a client closing before the full body (400.ClientClosedBeforeFullBody) look the same.",
            "400.RequestHeaderTooLarge", "400.ClientClosedBeforeFullBody");
        private static readonly CauseMatch Denied401 = M("401.UnauthenticatedRequestDenied", Possible, "401 from the load balancer without an authenticate action or error_reason in the log.");
        private static readonly CauseMatch Other403 = M("403.LowReputationRequestDenied", Likely,
            "403 from the load balancer with neither waf nor fixed-response in actions_executed: of the documented 403s only resource-level DDoS protection, which denies low-reputation requests, is left.");
        private static readonly CauseMatch Other403AfterWaf = M("403.LowReputationRequestDenied", Possible,
            "403 from the load balancer after AWS WAF let the request through (waf is not the last action): not a WAF block; resource-level DDoS protection denies low-reputation requests with 403.");
        private static readonly CauseMatch Other500 = M("500.RuleTransformFailed", Possible,
            "500 from the load balancer with no error_reason and no waf or authenticate action: a failed rule transform fits; so does a WAF execution error (500.WafWebAclExecutionError).",
            "500.WafWebAclExecutionError");

        private static readonly CauseMatch Lambda502 = M("502.LambdaFunctionError", Possible,
            "502 with no target (target \"-\") and no error_reason: a Lambda target failed; the log does not say how.",
            CauseCatalog.ForCode(502).Select(c => c.Id).Where(id => id.StartsWith("502.Lambda", StringComparison.Ordinal) && id != "502.LambdaFunctionError").ToArray());
        private static readonly CauseMatch Connect502 = M("502.TargetConnectionReset", Possible,
            "502 with processing times -1 -1 -1 and target_status_code \"-\": the connection to the target failed. A TCP reset, ICMP host unreachable (502.TargetHostUnreachable), a TLS handshake error (502.TargetTlsHandshakeError) and a target closing a keep-alive connection (502.TargetClosedKeepAliveConnection) all log this way.",
            "502.TargetHostUnreachable", "502.TargetTlsHandshakeError", "502.TargetClosedKeepAliveConnection");
        private static readonly CauseMatch Closed502 = M("502.TargetClosedKeepAliveConnection", Likely,
            "502 with the request sent (request_processing_time set) but target_processing_time -1 and no target status: the target closed the connection while the request was outstanding; check its keep-alive timeout against the idle timeout. A deregistered target cut off after the deregistration delay (502.DeregistrationDelayElapsed) looks the same.",
            "502.DeregistrationDelayElapsed");
        private static readonly CauseMatch BadResponse502 = M("502.MalformedTargetResponse", Likely,
            "502 after the target started answering (target_processing_time set) without a target status the load balancer could read: the response was malformed, or its headers exceeded 32 KB (502.ResponseHeaderTooLarge).",
            "502.ResponseHeaderTooLarge");

        private static readonly CauseMatch NoTargets503 = M("503.NoRegisteredTargets", Possible,
            "503 with no target: the target group has no registered targets, or all are unused (disabled Availability Zone, stopped instance, unusable IP), or the target optimizer found no target ready.",
            "503.AllTargetsUnused", "503.TargetsInDisabledAvailabilityZone", "503.TargetsStoppedOrTerminated", "503.TargetIpUnusable", "503.TargetOptimizerRejected");
        private static readonly CauseMatch Lambda504 = M("504.LambdaConnectionTimeout", Possible, "504 with no target (target \"-\"): the Lambda service did not respond before the connection timeout.");
        private static readonly CauseMatch ResponseTimeout504 = M("504.TargetResponseTimeout", Likely,
            "504 with the request sent (request_processing_time set) but target_processing_time -1 and no target status: the target sent no response headers before the idle timeout.");
        private static readonly CauseMatch ContentLength504 = M("504.ContentLengthLargerThanBody", Likely,
            "504 although the target answered (target_status_code set, target_processing_time set): the target sent its headers, then the load balancer timed out waiting for the rest of the body, as when Content-Length is larger than the body.");
        private static readonly CauseMatch Unfinished504 = M("504.ContentLengthLargerThanBody", Possible,
            "504 after the target started answering (target_processing_time set) but with no target status in the log: the response did not finish before the idle timeout; a Content-Length larger than the body or a slow target (504.TargetResponseTimeout) fit.",
            "504.TargetResponseTimeout");
        private static readonly CauseMatch ConnectTimeout504 = M("504.TargetConnectionTimeout", Possible,
            "504 with processing times -1 -1 -1: the load balancer never sent the request, because no connection was made within 10 seconds. Blocked return traffic (504.NaclEphemeralPortsBlocked) and a TLS handshake timeout (504.TargetTlsHandshakeTimeout) log the same way.",
            "504.NaclEphemeralPortsBlocked", "504.TargetTlsHandshakeTimeout");
        private static readonly CauseMatch Idp561 = M("561.IdpTokenEndpointError", Possible, "561 without error_reason: the IdP returned an error to the authenticate action (token or user info endpoint).",
            "561.IdpUserInfoEndpointError");

        private static readonly Dictionary<int, CauseMatch> FirstOfCode = BuildFallbacks();

        private static Dictionary<int, CauseMatch> BuildFallbacks()
        {
            var d = new Dictionary<int, CauseMatch>();
            foreach (var e in CauseCatalog.All.Where(e => !e.AppliesToWholeClass))
            {
                if (!d.ContainsKey(e.StatusCode))
                    d[e.StatusCode] = M(e.Id, Possible, $"{e.StatusCode:000} from the load balancer; the log does not tell its documented causes apart (see Get-AlbErrorCause {e.StatusCode:000}).",
                        CauseCatalog.ForCode(e.StatusCode).Where(o => !o.AppliesToWholeClass && o.Id != e.Id).Select(o => o.Id).ToArray());
            }
            return d;
        }

        private static readonly CauseMatch Unknown4xx = M("4XX.TargetGenerated", Possible, "A 4XX code the load balancer does not generate, without a target status code.");
        private static readonly CauseMatch Unknown5xx = M("5XX.TargetGenerated", Possible, "A 5XX code the load balancer does not generate, without a target status code.");

        /// <summary>True for the codes <see cref="Classify"/> looks for a cause of: 000 and 400-599.</summary>
        [MethodImpl(HotPath.Options)]
        public static bool MayHaveCause(int? elbStatus) => elbStatus.HasValue && (elbStatus.Value == 0 || (elbStatus.Value >= 400 && elbStatus.Value <= 599));

        /// <summary>The cause of a line with this elb status code, or null when it is not an error.</summary>
        [MethodImpl(HotPath.Options)]
        public static CauseMatch? Classify(LineView line, int? elbStatus, int? targetStatus)
        {
            if (!MayHaveCause(elbStatus)) return null;
            var e = elbStatus!.Value;
            if (e == 0) return GoAway;

            if (line.Has(Field.ErrorReason) && !line.IsDash(Field.ErrorReason) && line.Length[Field.ErrorReason] > 0)
            {
                var byReason = FromErrorReason(line.Text(Field.ErrorReason), e);
                if (byReason is not null) return byReason;
            }

            if (targetStatus.HasValue && targetStatus.Value >= 400)
                return targetStatus.Value >= 500 ? Target5xx : Target4xx;

            if (line.Has(Field.ActionsExecuted) && !line.IsDash(Field.ActionsExecuted))
            {
                var byAction = FromActions(line, e);
                if (byAction is not null) return byAction;
            }

            if (e == 400 && line.Has(Field.Classification) && !line.IsDash(Field.Classification) && line.Length[Field.Classification] > 0)
                return line.Equals(Field.Classification, "Severe") ? DesyncSevere : DesyncStrictest;

            var noTarget = line.IsDash(Field.Target);
            var rpt = line.Seconds(Field.RequestProcessingTime);
            var tpt = line.Seconds(Field.TargetProcessingTime);
            var respt = line.Seconds(Field.ResponseProcessingTime);
            var allMinusOne = rpt < 0 && tpt < 0 && respt < 0;
            switch (e)
            {
                case 400: return Malformed400;
                case 401: return Denied401;
                case 403: return HasAction(line, "waf") ? Other403AfterWaf : Other403;
                case 405: return RequestStartsWith(line, "TRACE ") ? Trace : NotTrace405;
                case 408: return ClientIdle;
                case 413: return HeaderTooLarge413;
                case 414: return UriTooLong;
                case 460: return ClientClosed;
                case 463: return TooManyXff;
                case 464: return Protocol464(line);
                case 500: return Other500;
                case 501: return TransferEncoding;
                case 502:
                    if (noTarget) return Lambda502;
                    if (allMinusOne) return Connect502;
                    if (rpt >= 0 && tpt < 0) return Closed502;
                    return BadResponse502;
                case 503: return noTarget ? NoTargets503 : FirstOfCode[503];
                case 504:
                    if (noTarget) return Lambda504;
                    if (allMinusOne) return ConnectTimeout504;
                    if (rpt >= 0 && tpt < 0) return ResponseTimeout504;
                    if (tpt >= 0) return targetStatus.HasValue ? ContentLength504 : Unfinished504;
                    return ConnectTimeout504;
                case 505: return HttpVersion;
                case 507: return RedirectTooLong;
                case 561: return Idp561;
            }
            if (FirstOfCode.TryGetValue(e, out var first)) return first;
            return e >= 500 ? Unknown5xx : Unknown4xx;
        }

        [MethodImpl(HotPath.Options)]
        private static CauseMatch? FromErrorReason(string reason, int elbStatus)
        {
            if (ByErrorReason.TryGetValue(reason, out var m)) return m;
            switch (reason)
            {
                case "LambdaUnhandled": return LambdaUnhandled;
                case "AuthTokenEpRequestTimeout":
                case "AuthUserinfoEpRequestTimeout": return IdpTimeout;
                case "AuthUserinfoResponseSizeExceeded": return elbStatus == 401 ? ClaimsTooLarge401 : ClaimsTooLarge500;
            }
            return null; // a code AWS added later: the other fields decide
        }

        [MethodImpl(HotPath.Options)]
        private static CauseMatch? FromActions(LineView line, int e)
        {
            var s = line.Start[Field.ActionsExecuted];
            var n = line.Length[Field.ActionsExecuted];
            var buf = line.Buffer;
            var lastComma = Array.LastIndexOf(buf, (byte)',', s + n - 1, n);
            var lastStart = lastComma < 0 ? s : lastComma + 1;
            var lastLen = s + n - lastStart;
            if (Contains(buf, s, n, "waf-failed")) return WafFailed;
            if (Is(buf, lastStart, lastLen, "waf"))
                return e == 403 ? WafBlocked : e == 405 ? WafCaptcha : e >= 500 ? WafCustom5xx : WafCustom4xx;
            if (Is(buf, lastStart, lastLen, "fixed-response"))
                return e == 403 ? Fixed403 : e == 503 ? Fixed503 : e >= 500 ? Fixed5xx : Fixed4xx;
            if (Is(buf, lastStart, lastLen, "authenticate") && e == 401) return AuthDenied;
            if (e == 500 && Contains(buf, s, n, "authenticate")) return AuthServerError;
            return null;
        }

        [MethodImpl(HotPath.Options)]
        private static CauseMatch Protocol464(LineView line)
        {
            if (line.Equals(Field.Type, "grpcs") || line.Equals(Field.Type, "grpc")) return Grpc464;
            if (!line.Has(Field.Request)) return Other464;
            var s = line.Start[Field.Request];
            var n = line.Length[Field.Request];
            var lastSpace = Array.LastIndexOf(line.Buffer, (byte)' ', s + n - 1, n);
            if (lastSpace < 0) return Other464;
            var ps = lastSpace + 1;
            var pl = s + n - ps;
            if (Is(line.Buffer, ps, pl, "HTTP/2.0") || Is(line.Buffer, ps, pl, "HTTP/2"))
                return RequestStartsWith(line, "POST ") ? Other464 : H2NonPost464;
            if (pl >= 7 && Is(line.Buffer, ps, 7, "HTTP/1.")) return Http1464;
            return Other464;
        }

        private static bool HasAction(LineView line, string action) =>
            line.Has(Field.ActionsExecuted) && Contains(line.Buffer, line.Start[Field.ActionsExecuted], line.Length[Field.ActionsExecuted], action);

        private static bool RequestStartsWith(LineView line, string prefix) => line.StartsWith(Field.Request, prefix);

        [MethodImpl(HotPath.Options)]
        private static bool Is(byte[] b, int s, int n, string ascii)
        {
            if (n != ascii.Length) return false;
            for (var i = 0; i < n; i++)
                if (b[s + i] != ascii[i]) return false;
            return true;
        }

        [MethodImpl(HotPath.Options)]
        private static bool Contains(byte[] b, int s, int n, string ascii)
        {
            for (var i = s; i + ascii.Length <= s + n; i++)
            {
                if (Is(b, i, ascii.Length, ascii) && (i == s || b[i - 1] == ',') && (i + ascii.Length == s + n || b[i + ascii.Length] == ','))
                    return true;
            }
            return false;
        }
    }
}
