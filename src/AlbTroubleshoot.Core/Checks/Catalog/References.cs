namespace AlbTroubleshoot.Catalog
{
    /// <summary>The AWS documentation pages the causes cite (every cause carries one as its Reference).</summary>
    internal static class References
    {
        internal const string DocBase = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/";

        internal const string Troubleshooting = DocBase + "load-balancer-troubleshooting.html";
        internal const string ResponseCode000 = Troubleshooting + "#response-code-000";
        internal const string Http400 = Troubleshooting + "#http-400-issues";
        internal const string Http401 = Troubleshooting + "#http-401-issues";
        internal const string Http403 = Troubleshooting + "#http-403-issues";
        internal const string Http405 = Troubleshooting + "#http-405-issues";
        internal const string Http408 = Troubleshooting + "#http-408-issues";
        internal const string Http413 = Troubleshooting + "#http-413-issues";
        internal const string Http414 = Troubleshooting + "#http-414-issues";
        internal const string Http460 = Troubleshooting + "#http-460-issues";
        internal const string Http463 = Troubleshooting + "#http-463-issues";
        internal const string Http464 = Troubleshooting + "#http-464-issues";
        internal const string Http500 = Troubleshooting + "#http-500-issues";
        internal const string Http501 = Troubleshooting + "#http-501-issues";
        internal const string Http502 = Troubleshooting + "#http-502-issues";
        internal const string Http503 = Troubleshooting + "#http-503-issues";
        internal const string Http504 = Troubleshooting + "#http-504-issues";
        internal const string Http505 = Troubleshooting + "#http-505-issues";
        internal const string Http561 = Troubleshooting + "#http-561-issues";
        internal const string TargetHttpErrors = Troubleshooting + "#target-http-errors";

        internal const string AccessLogs = DocBase + "load-balancer-access-logs.html";
        internal const string ErrorReasonCodes = AccessLogs + "#error-reason-codes";
        internal const string ActionsTaken = AccessLogs + "#actions-taken";

        internal const string LambdaTargets = DocBase + "lambda-functions.html";
        internal const string LambdaPrepare = LambdaTargets + "#prepare-lambda-function";
        internal const string LambdaEvents = LambdaTargets + "#receive-event-from-load-balancer";
        internal const string LambdaRespond = LambdaTargets + "#respond-to-load-balancer";

        internal const string HealthChecks = DocBase + "target-group-health-checks.html";
        internal const string HealthStates = HealthChecks + "#target-health-states";
        internal const string HealthReasonCodes = HealthChecks + "#target-health-reason-codes";

        internal const string TargetGroups = DocBase + "load-balancer-target-groups.html";
        internal const string ProtocolVersion = TargetGroups + "#target-group-protocol-version";
        internal const string DeregistrationDelay = TargetGroups + "#deregistration-delay";

        internal const string LoadBalancerAttributes = DocBase + "edit-load-balancer-attributes.html";
        internal const string IdleTimeout = LoadBalancerAttributes + "#connection-idle-timeout";
        internal const string DesyncMitigation = LoadBalancerAttributes + "#desync-mitigation-mode";
        internal const string WafIntegration = DocBase + "application-load-balancers.html#load-balancer-waf";

        internal const string AuthenticateUsers = DocBase + "listener-authenticate-users.html";
        internal const string ClientLoginTimeout = AuthenticateUsers + "#client-login-timeout";

        internal const string Metrics = DocBase + "load-balancer-cloudwatch-metrics.html";
        internal const string RuleTransforms = DocBase + "rule-transforms.html";

        internal const string WafCaptcha = "https://docs.aws.amazon.com/waf/latest/developerguide/waf-captcha-and-challenge-actions.html";
        internal const string WafCustomResponse = "https://docs.aws.amazon.com/waf/latest/developerguide/customizing-the-response-for-blocked-requests.html";
        internal const string JwtValidation = DocBase + "listener-verify-jwt.html";
        internal const string CrossZone = DocBase + "disable-cross-zone.html";

        internal const string NoCodeStated = " AWS does not say which status code goes with this reason; match on error_reason rather than on the code.";
    }
}
