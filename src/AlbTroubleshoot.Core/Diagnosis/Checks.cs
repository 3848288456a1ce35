using System;
using System.Collections.Generic;

namespace AlbTroubleshoot.Diagnostics
{
    /// <summary>
    /// The one registry of checks, keyed by cause Id. Each check is a small pure function of the
    /// <see cref="CheckContext"/>. "Deciding" checks can settle their cause from the configuration
    /// in at least one direction (Confirmed/Likely or RuledOut). The others only add the configuration
    /// that shapes a cause the user must confirm from traffic (client-side causes); access logs do
    /// that (<see cref="CauseEvaluator.WithAccessLogs"/>). A catalog entry names Get-AlbErrorCause in
    /// CheckedBy when a deciding check or the access-log classifier decides it.
    /// </summary>
    internal static partial class Checks
    {
        public static readonly IReadOnlyDictionary<string, Func<CheckContext, CheckResult>> Registry;

        /// <summary>The cause Ids whose check can decide them.</summary>
        public static readonly IReadOnlyCollection<string> Deciding;

        static Checks()
        {
            var registry = new Dictionary<string, Func<CheckContext, CheckResult>>(StringComparer.Ordinal);
            var deciding = new HashSet<string>(StringComparer.Ordinal);

            void Decides(string id, Func<CheckContext, CheckResult> check)
            {
                registry.Add(id, check);
                deciding.Add(id);
            }

            void Informs(string id, Func<CheckContext, CheckResult> check) => registry.Add(id, check);

            // 000 and client-side codes
            Decides("000.Http2GoAway", Http2GoAway);
            Informs("400.MalformedRequest", MalformedRequest);
            Informs("400.RequestHeaderTooLarge", HeaderLimits);
            Informs("400.ClientClosedBeforeFullBody", c => IdleTimeoutShaped(c));
            Decides("400.DesyncMitigationBlocked", DesyncMitigationBlocked);
            Decides("400.WebSocketToLambda", c => Lambda(c, "WebSocket upgrades are not supported for Lambda targets: an Upgrade request routed to them gets 400."));
            Decides("400.AuthRedirectMismatch", c => Authenticate(c));
            Decides("400.InvalidTargetGroupStickinessCookie", WeightedStickiness);
            Informs("405.TraceMethodNotSupported", TraceMethod);
            Informs("408.ClientIdleTimeout", c => IdleTimeoutShaped(c, "client_keep_alive.seconds", "3600"));
            Decides("413.LambdaRequestTooLarge", c => Lambda(c, "A Lambda target accepts request bodies up to 1 MB; larger requests get 413."));
            Informs("413.RequestHeaderTooLarge", HeaderLimits);
            Informs("414.UriTooLong", HeaderLimits);
            Informs("460.ClientClosedConnection", c => IdleTimeoutShaped(c));
            Informs("463.TooManyForwardedForAddresses", ForwardedFor);
            Informs("501.UnsupportedTransferEncoding", MalformedRequest);
            Informs("505.UnexpectedHttpVersion", UnexpectedHttpVersion);
            Decides("507.RedirectUrlTooLong", RedirectUrlTooLong);

            // 401, 500, 561: authentication
            Decides("401.UnauthenticatedRequestDenied", c => Authenticate(c, UnauthenticatedDenied));
            Decides("401.UserClaimsTooLarge", c => Authenticate(c, null, "The load balancer accepts user claims up to 11 KB from the IdP."));
            Decides("401.Http10RequestWithoutHost", c => Authenticate(c));
            Decides("401.ScopeReturnsNoIdToken", ScopeReturnsNoIdToken);
            Decides("401.ClientLoginTimeout", c => Authenticate(c, null, "The user must finish logging in at the IdP within 15 minutes (a fixed limit)."));
            Decides("401.InvalidAuthSessionCookie", c => Authenticate(c));
            Decides("401.AuthNonceMismatch", c => Authenticate(c));
            Decides("401.InvalidOrMissingStateParam", c => Authenticate(c));
            Decides("401.MissingCodeParam", c => Authenticate(c));
            Decides("401.InvalidAuthorizationGrant", c => Authenticate(c));
            Decides("401.InvalidIdpResponse", c => Authenticate(c));
            Decides("500.IdpEndpointUnreachable", IdpEndpointUnreachable);
            Decides("500.IdpUserClaimsTooLarge", c => Authenticate(c, null, "The load balancer accepts user claims up to 11 KB from the IdP."));
            Decides("500.IdpResponseTooSlow", c => Authenticate(c, null, "The token and user info endpoints must answer within 5 seconds."));
            Decides("500.AuthUnhandledException", c => Authenticate(c));
            Decides("561.IdpTokenEndpointError", c => Authenticate(c));
            Decides("561.IdpUserInfoEndpointError", c => Authenticate(c));

            // 403 and WAF
            Decides("403.WafWebAclBlocked", WafWebAclBlocked);
            Decides("403.FixedResponse", c => FixedResponse(c, "403"));
            foreach (var id in new[] { "500.WafWebAclExecutionError", "500.WafConnectionFailed", "500.WafResponseReadTimeout", "500.WafServiceError", "500.WafUnhandledException" })
                Decides(id, WafFailure);
            Decides("500.WeightedTargetGroupsUnhandledException", WeightedForward);

            // 464
            Decides("464.Http1ToGrpcTargetGroup", c => ProtocolVersion(c, ProtocolCase.Http1ToGrpc));
            Decides("464.Http1ToHttp2TargetGroup", c => ProtocolVersion(c, ProtocolCase.Http1ToHttp2));
            Decides("464.GrpcToHttp1TargetGroup", c => ProtocolVersion(c, ProtocolCase.GrpcToHttp1));
            Decides("464.Http2NonPostToGrpcTargetGroup", c => ProtocolVersion(c, ProtocolCase.Http2NonPostToGrpc));

            // 502
            Decides("502.TargetConnectionReset", TargetConnectionReset);
            Informs("502.TargetHostUnreachable", c => TargetUnreachable(c, CauseVerdict.Possible));
            Decides("502.TargetClosedKeepAliveConnection", KeepAlive);
            Informs("502.MalformedTargetResponse", TargetResponseShape);
            Informs("502.ResponseHeaderTooLarge", TargetResponseShape);
            Decides("502.TargetTlsHandshakeError", TargetTls);
            Decides("502.DeregistrationDelayElapsed", Draining);
            Decides("502.LambdaResponseTooLarge", c => Lambda(c, "A Lambda function's response JSON may be at most 1 MB; a larger one gets 502."));
            Decides("502.LambdaInvalidResponse", c => Lambda(c, null, MultiValueHeaders));
            foreach (var id in new[]
            {
                "502.LambdaFunctionTimeout", "502.LambdaFunctionError", "502.LambdaThrottling", "502.LambdaAccessDenied",
                "502.LambdaBadRequest", "502.LambdaConnectionError", "502.LambdaVpcNetworkSetupFailed", "502.LambdaInvalidRuntime",
                "502.LambdaInvalidVpcConfig", "502.LambdaInvalidZipFile", "502.LambdaKmsDecryptionFailed", "502.LambdaResourceNotFound",
                "502.LambdaServiceException", "502.LambdaUnhandledException", "504.LambdaConnectionTimeout",
            })
                Decides(id, c => Lambda(c));

            // 503
            Decides("503.NoRegisteredTargets", NoRegisteredTargets);
            Decides("503.AllTargetsUnused", AllTargetsUnused);
            Decides("503.TargetsInDisabledAvailabilityZone", c => UnusedForReason(c, "Target.NotInUse"));
            Decides("503.TargetsStoppedOrTerminated", c => UnusedForReason(c, "Target.InvalidState"));
            Decides("503.TargetIpUnusable", c => UnusedForReason(c, "Target.IpUnusable"));
            Decides("503.FixedResponse", c => FixedResponse(c, "503"));
            Decides("503.TargetOptimizerRejected", TargetOptimizer);

            // 504
            Informs("504.TargetConnectionTimeout", c => TargetUnreachable(c, CauseVerdict.Likely));
            Informs("504.TargetResponseTimeout", TargetResponseTimeout);
            Informs("504.NaclEphemeralPortsBlocked", NaclEphemeral);
            Informs("504.ContentLengthLargerThanBody", ContentLength);
            Decides("504.TargetTlsHandshakeTimeout", TargetTls);

            // responses the targets generate
            Informs("4XX.TargetGenerated", c => TargetGenerated(c, '4'));
            Informs("5XX.TargetGenerated", c => TargetGenerated(c, '5'));

            Registry = registry;
            Deciding = deciding;
        }
    }
}
