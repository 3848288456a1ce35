using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Model
{
    // The Elastic Load Balancing part of the environment model. Values are as AWS gives them
    // (protocol "HTTP", target type "instance", state "healthy"); properties are read-only outside
    // the engine. A collection that is null is UNKNOWN (its snapshot section is missing); an empty
    // collection is known to be empty.

    internal sealed class LoadBalancer
    {
        public string Arn { get; internal set; } = string.Empty;
        public string Name { get; internal set; } = string.Empty;
        public string? DnsName { get; internal set; }
        /// <summary>"internet-facing" or "internal".</summary>
        public string? Scheme { get; internal set; }
        /// <summary>"application", "network" or "gateway", as AWS gives it; null when the snapshot does not say.</summary>
        public string? Type { get; internal set; }
        public string? VpcId { get; internal set; }
        /// <summary>State code: "active", "provisioning", "active_impaired", "failed".</summary>
        public string? State { get; internal set; }
        public string? StateReason { get; internal set; }
        /// <summary>"ipv4", "dualstack", "dualstack-without-public-ipv4".</summary>
        public string? IpAddressType { get; internal set; }
        public DateTime? CreatedTime { get; internal set; }
        public IReadOnlyList<LoadBalancerZone> AvailabilityZones { get; internal set; } = Array.Empty<LoadBalancerZone>();
        public IReadOnlyList<string> SecurityGroupIds { get; internal set; } = Array.Empty<string>();
        /// <summary>Null: DescribeListeners unknown (missing, or failed and none read for this load balancer).</summary>
        public IReadOnlyList<Listener>? Listeners { get; internal set; }
        /// <summary>Key → value as AWS gives them; null: DescribeLoadBalancerAttributes unknown for this ALB.</summary>
        public IReadOnlyDictionary<string, string>? Attributes { get; internal set; }
        /// <summary>Null: GetWebACLForResource unknown for this ALB.</summary>
        public WebAclAssociation? WebAcl { get; internal set; }

        public IEnumerable<string> SubnetIds => AvailabilityZones.Select(z => z.SubnetId).Where(s => s is not null).Select(s => s!);

        /// <summary>
        /// True for an Application Load Balancer: Type "application", or no Type at all (a hand-made
        /// snapshot that leaves it out means an ALB, the only kind a snapshot is made for). The one
        /// place that decides which load balancers are diagnosed (docs/public-surface.md §8).
        /// </summary>
        public bool IsApplicationLoadBalancer => IsApplicationType(Type);

        /// <summary>
        /// Why this load balancer is not diagnosed ("my-nlb is a network load balancer; AlbTroubleshoot
        /// diagnoses Application Load Balancers only."), or null for an ALB.
        /// </summary>
        public string? NotApplicationReason => IsApplicationLoadBalancer ? null : NotApplicationText(Name.Length > 0 ? Name : Arn, Type!);

        /// <summary>The rule of <see cref="IsApplicationLoadBalancer"/> for a Type as AWS gives it (also for raw collector JSON).</summary>
        public static bool IsApplicationType(string? type) => type is null || string.Equals(type, "application", StringComparison.Ordinal);

        internal static string NotApplicationText(string subject, string type) =>
            subject + " is " + (AwsValues.LoadBalancerTypes.Contains(type) ? "a " + type : "of type '" + type + "', not an application") +
            " load balancer; AlbTroubleshoot diagnoses Application Load Balancers only.";

        /// <summary>"app/&lt;name&gt;/&lt;id&gt;": the part of the ARN after "loadbalancer/".</summary>
        public string ResourceId
        {
            get
            {
                const string marker = ":loadbalancer/";
                var at = Arn.IndexOf(marker, StringComparison.Ordinal);
                return at < 0 ? string.Empty : Arn.Substring(at + marker.Length);
            }
        }

        /// <summary>The Description AWS gives the load balancer's own network interfaces: "ELB app/&lt;name&gt;/&lt;id&gt;".</summary>
        public string NetworkInterfaceDescription => "ELB " + ResourceId;

        public override string ToString() => Name;
    }

    internal sealed class LoadBalancerZone
    {
        public string ZoneName { get; internal set; } = string.Empty;
        public string? SubnetId { get; internal set; }
        public string? OutpostId { get; internal set; }
        /// <summary>Static/elastic addresses (network load balancers); empty for ALBs.</summary>
        public IReadOnlyList<string> Addresses { get; internal set; } = Array.Empty<string>();
    }

    /// <summary>The AWS WAF web ACL of a load balancer (GetWebACLForResource).</summary>
    internal sealed class WebAclAssociation
    {
        /// <summary>False when AWS said no web ACL is associated.</summary>
        public bool IsAssociated { get; internal set; }
        public string? Arn { get; internal set; }
        public string? Name { get; internal set; }
        public string? Id { get; internal set; }
        /// <summary>"Allow" or "Block" (the key of the web ACL's DefaultAction).</summary>
        public string? DefaultAction { get; internal set; }
        /// <summary>
        /// DefaultAction.Block.CustomResponse.ResponseCode: the code a request no rule decides gets;
        /// null when the default action is Allow or a Block without a custom response (then 403).
        /// </summary>
        public int? DefaultActionResponseCode { get; internal set; }
        /// <summary>
        /// Every rule in the order AWS WAF evaluates them: Firewall Manager's first rule groups, the
        /// web ACL's own rules by priority, Firewall Manager's last rule groups. Empty when the web
        /// ACL has none (or the snapshot gives none: the CLI omits nothing here, SDK v4 gives null
        /// for an empty list).
        /// https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-processing-order.html
        /// </summary>
        public IReadOnlyList<WebAclRule> Rules { get; internal set; } = Array.Empty<WebAclRule>();
    }

    /// <summary>
    /// One rule of a web ACL. A rule with its own statement has an <see cref="Action"/>; a reference to
    /// a rule group (managed or your own) has an <see cref="OverrideAction"/> instead, and what its
    /// rules do is not in the snapshot beyond <see cref="RuleActionOverrides"/>.
    /// https://docs.aws.amazon.com/waf/latest/APIReference/API_Rule.html
    /// </summary>
    internal sealed class WebAclRule
    {
        public string Name { get; internal set; } = string.Empty;
        public int? Priority { get; internal set; }
        public WebAclRuleOrigin Origin { get; internal set; } = WebAclRuleOrigin.WebAcl;
        /// <summary>
        /// The key of Statement, e.g. "RateBasedStatement", "ByteMatchStatement", "ManagedRuleGroupStatement",
        /// "RuleGroupReferenceStatement"; null when the snapshot gives no statement.
        /// </summary>
        public string? StatementType { get; internal set; }
        /// <summary>
        /// The key of Action: "Block", "Allow", "Count", "Captcha" or "Challenge" (another key is kept as
        /// given and recorded in <see cref="EnvironmentModel.Unreadable"/>); null for a rule-group reference.
        /// A Captcha answers a request without a valid token with 405, a Challenge with 202.
        /// https://docs.aws.amazon.com/waf/latest/developerguide/waf-captcha-and-challenge-how-it-works.html
        /// </summary>
        public string? Action { get; internal set; }
        /// <summary>Action.Block.CustomResponse.ResponseCode; null for a Block without a custom response (403) and for other actions.</summary>
        public int? ResponseCode { get; internal set; }
        /// <summary>For a rule-group reference: "None" (the group's own actions apply) or "Count" (they are only counted); else null.</summary>
        public string? OverrideAction { get; internal set; }
        /// <summary>
        /// For a rule-group reference: "AWS/AWSManagedRulesCommonRuleSet" (vendor/name of a managed
        /// group, with ":version" when pinned) or the ARN of your rule group; null for a rule with its own statement.
        /// </summary>
        public string? RuleGroup { get; internal set; }
        /// <summary>Rules of the referenced group whose action is overridden (RuleActionOverrides, and the older ExcludedRules as Count).</summary>
        public IReadOnlyList<WebAclRuleActionOverride> RuleActionOverrides { get; internal set; } = Array.Empty<WebAclRuleActionOverride>();

        public bool IsRuleGroup => RuleGroup is not null;

        public override string ToString() => Name;
    }

    /// <summary>Where a web ACL rule comes from, in the order WAF evaluates them: Firewall Manager's first rule groups, the web ACL's own rules, Firewall Manager's last.</summary>
    internal enum WebAclRuleOrigin
    {
        FirewallManagerFirst,
        WebAcl,
        FirewallManagerLast,
    }

    /// <summary>One rule of a referenced rule group whose action the web ACL overrides.</summary>
    internal sealed class WebAclRuleActionOverride
    {
        /// <summary>The rule's name inside the group.</summary>
        public string Name { get; internal set; } = string.Empty;
        /// <summary>"Block", "Allow", "Count", "Captcha" or "Challenge".</summary>
        public string? Action { get; internal set; }
        /// <summary>ActionToUse.Block.CustomResponse.ResponseCode, or null.</summary>
        public int? ResponseCode { get; internal set; }
    }

    internal sealed class Listener
    {
        public string Arn { get; internal set; } = string.Empty;
        public string LoadBalancerArn { get; internal set; } = string.Empty;
        /// <summary>"HTTP" or "HTTPS" for ALBs.</summary>
        public string? Protocol { get; internal set; }
        public int? Port { get; internal set; }
        public string? SslPolicy { get; internal set; }
        public IReadOnlyList<string> CertificateArns { get; internal set; } = Array.Empty<string>();
        public IReadOnlyList<string> AlpnPolicy { get; internal set; } = Array.Empty<string>();
        public IReadOnlyList<RuleAction> DefaultActions { get; internal set; } = Array.Empty<RuleAction>();
        /// <summary>Mutual TLS (MutualAuthentication); null when the snapshot does not give it (AWS gives it for HTTPS listeners, Mode "off" when not used).</summary>
        public MutualAuthenticationSettings? MutualAuthentication { get; internal set; }
        /// <summary>Rules by priority, default rule last; null: DescribeRules unknown for this listener (every listener has a default rule, so none read means not read).</summary>
        public IReadOnlyList<ListenerRule>? Rules { get; internal set; }

        public override string ToString() => Protocol + ":" + Port;
    }

    /// <summary>
    /// A listener's mutual TLS settings. In "verify" mode the load balancer refuses a client
    /// without a certificate its trust store accepts during the TLS handshake (no HTTP status is
    /// sent); "passthrough" forwards the client's certificate chain to the target in headers.
    /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/mutual-authentication.html
    /// </summary>
    internal sealed class MutualAuthenticationSettings
    {
        /// <summary>"off", "passthrough" or "verify" (another value is kept as given and recorded as unreadable).</summary>
        public string? Mode { get; internal set; }
        public string? TrustStoreArn { get; internal set; }
        /// <summary>True: an expired client certificate is accepted in verify mode.</summary>
        public bool? IgnoreClientCertificateExpiry { get; internal set; }
        /// <summary>"active" or "removed" (the trust store was deleted while associated).</summary>
        public string? TrustStoreAssociationStatus { get; internal set; }
        /// <summary>"on" or "off": whether the load balancer sends the trust store's CA names to clients.</summary>
        public string? AdvertiseTrustStoreCaNames { get; internal set; }

        /// <summary>True in "verify" mode.</summary>
        public bool IsVerify => string.Equals(Mode, "verify", StringComparison.Ordinal);
    }

    internal sealed class ListenerRule
    {
        public string Arn { get; internal set; } = string.Empty;
        /// <summary>Derived from the rule ARN (docs/snapshot-format.md: the listener is the ARN prefix of RuleArn).</summary>
        public string ListenerArn { get; internal set; } = string.Empty;
        /// <summary>As AWS gives it: "1".."50000" or "default".</summary>
        public string Priority { get; internal set; } = string.Empty;
        /// <summary>The numeric priority; null for the default rule.</summary>
        public int? PriorityNumber { get; internal set; }
        public bool IsDefault { get; internal set; }
        public IReadOnlyList<RuleCondition> Conditions { get; internal set; } = Array.Empty<RuleCondition>();
        public IReadOnlyList<RuleAction> Actions { get; internal set; } = Array.Empty<RuleAction>();
        /// <summary>The rule's transforms (host-header-rewrite, url-rewrite), applied before the request is forwarded; empty when none.</summary>
        public IReadOnlyList<RuleTransform> Transforms { get; internal set; } = Array.Empty<RuleTransform>();
    }

    /// <summary>
    /// A transform of a listener rule: the load balancer rewrites the Host header or the URL path
    /// by regex before it forwards the request.
    /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-transforms.html
    /// </summary>
    internal sealed class RuleTransform
    {
        /// <summary>"host-header-rewrite" or "url-rewrite".</summary>
        public string Type { get; internal set; } = string.Empty;
        /// <summary>The rewrites of HostHeaderRewriteConfig or UrlRewriteConfig, in order.</summary>
        public IReadOnlyList<RewriteRule> Rewrites { get; internal set; } = Array.Empty<RewriteRule>();
    }

    /// <summary>One regex rewrite: a match of <see cref="Regex"/> is replaced with <see cref="Replace"/>.</summary>
    internal sealed class RewriteRule
    {
        public string? Regex { get; internal set; }
        public string? Replace { get; internal set; }
    }

    internal sealed class RuleCondition
    {
        /// <summary>"host-header", "path-pattern", "http-header", "http-request-method", "query-string", "source-ip".</summary>
        public string Field { get; internal set; } = string.Empty;
        /// <summary>The values from Values and from the field's *Config (host names, paths, methods, CIDRs, header values): wildcard patterns, not regexes.</summary>
        public IReadOnlyList<string> Values { get; internal set; } = Array.Empty<string>();
        /// <summary>
        /// Regular expressions the field must match (RegexValues of the condition and of its
        /// HostHeaderConfig, PathPatternConfig or HttpHeaderConfig); empty when the condition uses wildcards.
        /// </summary>
        public IReadOnlyList<string> RegexValues { get; internal set; } = Array.Empty<string>();
        /// <summary>For "http-header": the header name.</summary>
        public string? HttpHeaderName { get; internal set; }
        /// <summary>For "query-string": key/value pairs (key may be null).</summary>
        public IReadOnlyList<KeyValuePair<string?, string>> QueryStrings { get; internal set; } = Array.Empty<KeyValuePair<string?, string>>();
    }

    /// <summary>An action of a rule or a listener's default action.</summary>
    internal sealed class RuleAction
    {
        /// <summary>"forward", "redirect", "fixed-response", "authenticate-oidc", "authenticate-cognito", "jwt-validation".</summary>
        public string Type { get; internal set; } = string.Empty;
        public int? Order { get; internal set; }
        /// <summary>For forward: every target group with its weight (TargetGroupArn and ForwardConfig merged).</summary>
        public IReadOnlyList<WeightedTargetGroup> TargetGroups { get; internal set; } = Array.Empty<WeightedTargetGroup>();
        public bool? StickinessEnabled { get; internal set; }
        public int? StickinessDurationSeconds { get; internal set; }
        public RedirectSettings? Redirect { get; internal set; }
        public FixedResponseSettings? FixedResponse { get; internal set; }
        public AuthenticateSettings? Authenticate { get; internal set; }
        /// <summary>For "jwt-validation" (JwtValidationConfig); else null.</summary>
        public JwtValidationSettings? JwtValidation { get; internal set; }

        public IEnumerable<string> TargetGroupArns => TargetGroups.Select(t => t.TargetGroupArn);
    }

    internal sealed class WeightedTargetGroup
    {
        public string TargetGroupArn { get; internal set; } = string.Empty;
        /// <summary>Null when AWS gave no weight (a single target group).</summary>
        public int? Weight { get; internal set; }
    }

    internal sealed class RedirectSettings
    {
        public string? Protocol { get; internal set; }
        public string? Port { get; internal set; }
        public string? Host { get; internal set; }
        public string? Path { get; internal set; }
        public string? Query { get; internal set; }
        /// <summary>"HTTP_301" or "HTTP_302".</summary>
        public string? StatusCode { get; internal set; }
    }

    internal sealed class FixedResponseSettings
    {
        /// <summary>As AWS gives it, e.g. "503".</summary>
        public string? StatusCode { get; internal set; }
        public string? ContentType { get; internal set; }
        public string? MessageBody { get; internal set; }
    }

    /// <summary>authenticate-oidc or authenticate-cognito settings (the fields of either config).</summary>
    internal sealed class AuthenticateSettings
    {
        /// <summary>"oidc" or "cognito".</summary>
        public string Provider { get; internal set; } = string.Empty;
        public string? Issuer { get; internal set; }
        public string? AuthorizationEndpoint { get; internal set; }
        public string? TokenEndpoint { get; internal set; }
        public string? UserInfoEndpoint { get; internal set; }
        public string? ClientId { get; internal set; }
        public string? UserPoolArn { get; internal set; }
        public string? UserPoolClientId { get; internal set; }
        public string? UserPoolDomain { get; internal set; }
        public string? Scope { get; internal set; }
        public string? SessionCookieName { get; internal set; }
        public long? SessionTimeout { get; internal set; }
        /// <summary>"deny", "allow" or "authenticate".</summary>
        public string? OnUnauthenticatedRequest { get; internal set; }
    }

    /// <summary>
    /// A jwt-validation action: the load balancer validates the bearer token's signature against the
    /// keys at <see cref="JwksEndpoint"/>, its iss, exp (and nbf, iat when present) and the additional
    /// claims, and answers 401 itself when the token is missing or invalid.
    /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-verify-jwt.html
    /// </summary>
    internal sealed class JwtValidationSettings
    {
        /// <summary>The JSON Web Key Set URL (https) the load balancer fetches the signing keys from.</summary>
        public string? JwksEndpoint { get; internal set; }
        public string? Issuer { get; internal set; }
        public IReadOnlyList<JwtClaim> AdditionalClaims { get; internal set; } = Array.Empty<JwtClaim>();
    }

    /// <summary>An additional claim a token must carry (JwtValidationActionAdditionalClaim).</summary>
    internal sealed class JwtClaim
    {
        public string? Name { get; internal set; }
        /// <summary>"single-string", "string-array" or "space-separated-values".</summary>
        public string? Format { get; internal set; }
        public IReadOnlyList<string> Values { get; internal set; } = Array.Empty<string>();
    }

    internal sealed class TargetGroup
    {
        public string Arn { get; internal set; } = string.Empty;
        public string Name { get; internal set; } = string.Empty;
        public string? Protocol { get; internal set; }
        /// <summary>"HTTP1", "HTTP2" or "GRPC".</summary>
        public string? ProtocolVersion { get; internal set; }
        public int? Port { get; internal set; }
        public string? VpcId { get; internal set; }
        /// <summary>"instance", "ip", "lambda" or "alb".</summary>
        public string? TargetType { get; internal set; }
        public string? IpAddressType { get; internal set; }
        /// <summary>
        /// The port the target optimizer's agent on each target talks to the load balancer on; null when
        /// the optimizer is off (it can only be set when the group is created).
        /// </summary>
        public int? TargetControlPort { get; internal set; }
        public HealthCheckSettings HealthCheck { get; internal set; } = new HealthCheckSettings();
        public IReadOnlyList<string> LoadBalancerArns { get; internal set; } = Array.Empty<string>();
        /// <summary>Null: DescribeTargetHealth unknown for this target group.</summary>
        public IReadOnlyList<RegisteredTarget>? Targets { get; internal set; }
        /// <summary>Null: DescribeTargetGroupAttributes unknown for this target group.</summary>
        public IReadOnlyDictionary<string, string>? Attributes { get; internal set; }

        public override string ToString() => Name;
    }

    internal sealed class HealthCheckSettings
    {
        public bool? Enabled { get; internal set; }
        public string? Protocol { get; internal set; }
        /// <summary>"traffic-port" or a port number, as a string (as AWS gives it).</summary>
        public string? Port { get; internal set; }
        public string? Path { get; internal set; }
        public int? IntervalSeconds { get; internal set; }
        public int? TimeoutSeconds { get; internal set; }
        public int? HealthyThresholdCount { get; internal set; }
        public int? UnhealthyThresholdCount { get; internal set; }
        /// <summary>Matcher.HttpCode, e.g. "200" or "200-299".</summary>
        public string? MatcherHttpCode { get; internal set; }
        public string? MatcherGrpcCode { get; internal set; }
    }

    /// <summary>One registered target and its health (DescribeTargetHealth).</summary>
    internal sealed class RegisteredTarget
    {
        /// <summary>Instance ID, IP address, Lambda ARN or ALB ARN.</summary>
        public string Id { get; internal set; } = string.Empty;
        public int? Port { get; internal set; }
        /// <summary>Given for IP targets outside the VPC ("all") and some others; often null.</summary>
        public string? AvailabilityZone { get; internal set; }
        public string? HealthCheckPort { get; internal set; }
        /// <summary>"initial", "healthy", "unhealthy", "unhealthy.draining", "unused", "draining", "unavailable" (another value is kept as given and recorded as unreadable).</summary>
        public string? State { get; internal set; }
        /// <summary>e.g. "Target.Timeout", "Target.ResponseCodeMismatch"; null when healthy.</summary>
        public string? Reason { get; internal set; }
        public string? Description { get; internal set; }
        /// <summary>The target's administrative override (a zonal shift); null when AWS gives none.</summary>
        public TargetAdministrativeOverride? AdministrativeOverride { get; internal set; }
        /// <summary>Automatic target weights' anomaly detection; null when AWS gives none (only weighted_random groups have it).</summary>
        public TargetAnomalyDetection? AnomalyDetection { get; internal set; }
    }

    /// <summary>
    /// DescribeTargetHealth's AdministrativeOverride: a zonal shift moves traffic away from the
    /// target's Availability Zone whatever its health.
    /// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_AdministrativeOverride.html
    /// </summary>
    internal sealed class TargetAdministrativeOverride
    {
        /// <summary>"unknown", "no_override", "zonal_shift_active" or "zonal_shift_delegated_to_dns".</summary>
        public string? State { get; internal set; }
        /// <summary>e.g. "AdministrativeOverride.ZonalShiftActive".</summary>
        public string? Reason { get; internal set; }
        public string? Description { get; internal set; }
    }

    /// <summary>
    /// DescribeTargetHealth's AnomalyDetection (target groups with the weighted_random algorithm and
    /// automatic target weights): an anomalous target gets less traffic while mitigation is in effect.
    /// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_AnomalyDetection.html
    /// </summary>
    internal sealed class TargetAnomalyDetection
    {
        /// <summary>"anomalous" or "normal".</summary>
        public string? Result { get; internal set; }
        /// <summary>"yes" or "no".</summary>
        public string? MitigationInEffect { get; internal set; }
    }
}
