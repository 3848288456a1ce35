using System;
using System.Collections.Generic;

namespace AlbTroubleshoot.Model
{
    /// <summary>
    /// The values AWS defines for the enumerated members the model reads, as the API models give them
    /// (botocore's service models for elbv2 2015-12-01, ec2 2016-11-15 and wafv2 2019-07-29). The
    /// mapper keeps any other value as given and records it in <see cref="EnvironmentModel.Unreadable"/>,
    /// so a check can say Unknown instead of reading it as absent or as a value it knows.
    /// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Types.html
    /// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Route.html
    /// https://docs.aws.amazon.com/waf/latest/APIReference/API_RuleAction.html
    /// </summary>
    internal static class AwsValues
    {
        /// <summary>LoadBalancer.Type.</summary>
        public static IReadOnlyCollection<string> LoadBalancerTypes { get; } = Set("application", "network", "gateway");

        /// <summary>LoadBalancer.State.Code.</summary>
        public static IReadOnlyCollection<string> LoadBalancerStates { get; } = Set("active", "provisioning", "active_impaired", "failed");

        /// <summary>LoadBalancer.Scheme.</summary>
        public static IReadOnlyCollection<string> Schemes { get; } = Set("internet-facing", "internal");

        /// <summary>LoadBalancer.IpAddressType.</summary>
        public static IReadOnlyCollection<string> IpAddressTypes { get; } = Set("ipv4", "dualstack", "dualstack-without-public-ipv4");

        /// <summary>Listener.Protocol and TargetGroup.Protocol (ProtocolEnum; an ALB uses HTTP and HTTPS).</summary>
        public static IReadOnlyCollection<string> Protocols { get; } = Set("HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE", "QUIC", "TCP_QUIC");

        /// <summary>Action.Type.</summary>
        public static IReadOnlyCollection<string> ActionTypes { get; } =
            Set("forward", "authenticate-oidc", "authenticate-cognito", "redirect", "fixed-response", "jwt-validation");

        /// <summary>RuleCondition.Field (the API reference's list; the API model types it as a string).</summary>
        public static IReadOnlyCollection<string> ConditionFields { get; } =
            Set("http-header", "http-request-method", "host-header", "path-pattern", "query-string", "source-ip");

        /// <summary>RuleTransform.Type.</summary>
        public static IReadOnlyCollection<string> TransformTypes { get; } = Set("host-header-rewrite", "url-rewrite");

        /// <summary>JwtValidationActionAdditionalClaim.Format.</summary>
        public static IReadOnlyCollection<string> JwtClaimFormats { get; } = Set("single-string", "string-array", "space-separated-values");

        /// <summary>MutualAuthenticationAttributes.Mode (the API reference's list; the API model types it as a string).</summary>
        public static IReadOnlyCollection<string> MutualAuthenticationModes { get; } = Set("off", "passthrough", "verify");

        /// <summary>TargetGroup.TargetType.</summary>
        public static IReadOnlyCollection<string> TargetTypes { get; } = Set("instance", "ip", "lambda", "alb");

        /// <summary>TargetHealth.State.</summary>
        public static IReadOnlyCollection<string> TargetHealthStates { get; } =
            Set("initial", "healthy", "unhealthy", "unhealthy.draining", "unused", "draining", "unavailable");

        /// <summary>TargetHealth.Reason.</summary>
        public static IReadOnlyCollection<string> TargetHealthReasons { get; } = Set(
            "Elb.RegistrationInProgress", "Elb.InitialHealthChecking", "Target.ResponseCodeMismatch", "Target.Timeout",
            "Target.FailedHealthChecks", "Target.NotRegistered", "Target.NotInUse", "Target.DeregistrationInProgress",
            "Target.InvalidState", "Target.IpUnusable", "Target.HealthCheckDisabled", "Elb.InternalError");

        /// <summary>AdministrativeOverride.State.</summary>
        public static IReadOnlyCollection<string> AdministrativeOverrideStates { get; } =
            Set("unknown", "no_override", "zonal_shift_active", "zonal_shift_delegated_to_dns");

        /// <summary>AnomalyDetection.Result.</summary>
        public static IReadOnlyCollection<string> AnomalyResults { get; } = Set("anomalous", "normal");

        /// <summary>AnomalyDetection.MitigationInEffect.</summary>
        public static IReadOnlyCollection<string> MitigationInEffect { get; } = Set("yes", "no");

        /// <summary>Route.State (EC2).</summary>
        public static IReadOnlyCollection<string> RouteStates { get; } = Set("active", "blackhole", "filtered");

        /// <summary>The keys of a WAF RuleAction (which one is present is the action).</summary>
        public static IReadOnlyCollection<string> WafRuleActions { get; } = Set("Block", "Allow", "Count", "Captcha", "Challenge");

        /// <summary>The keys of a WAF OverrideAction (for rule-group references).</summary>
        public static IReadOnlyCollection<string> WafOverrideActions { get; } = Set("None", "Count");

        /// <summary>The keys of a WAF DefaultAction.</summary>
        public static IReadOnlyCollection<string> WafDefaultActions { get; } = Set("Allow", "Block");

        private static IReadOnlyCollection<string> Set(params string[] values) => new HashSet<string>(values, StringComparer.Ordinal);
    }
}
