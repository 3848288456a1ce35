using System;
using System.Collections.Generic;
using System.Linq;

namespace AlbTroubleshoot.Model
{
    // The Elastic Load Balancing part of the environment model. Values are as AWS gives them
    // (protocol "HTTP", target type "instance", state "healthy"); properties are read-only outside
    // the engine. A collection that is null is UNKNOWN (its snapshot section is missing); an empty
    // collection is known to be empty.

    public sealed class LoadBalancer
    {
        public string Arn { get; internal set; } = string.Empty;
        public string Name { get; internal set; } = string.Empty;
        public string? DnsName { get; internal set; }
        /// <summary>"internet-facing" or "internal".</summary>
        public string? Scheme { get; internal set; }
        /// <summary>"application", "network" or "gateway".</summary>
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

    public sealed class LoadBalancerZone
    {
        public string ZoneName { get; internal set; } = string.Empty;
        public string? SubnetId { get; internal set; }
        public string? OutpostId { get; internal set; }
        /// <summary>Static/elastic addresses (network load balancers); empty for ALBs.</summary>
        public IReadOnlyList<string> Addresses { get; internal set; } = Array.Empty<string>();
    }

    public sealed class WebAclAssociation
    {
        /// <summary>False when AWS said no web ACL is associated.</summary>
        public bool IsAssociated { get; internal set; }
        public string? Arn { get; internal set; }
        public string? Name { get; internal set; }
        public string? Id { get; internal set; }
        /// <summary>"Allow" or "Block" (the key of the web ACL's DefaultAction).</summary>
        public string? DefaultAction { get; internal set; }
    }

    public sealed class Listener
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
        /// <summary>Rules by priority, default rule last; null: DescribeRules unknown for this listener (every listener has a default rule, so none read means not read).</summary>
        public IReadOnlyList<ListenerRule>? Rules { get; internal set; }

        public override string ToString() => Protocol + ":" + Port;
    }

    public sealed class ListenerRule
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
    }

    public sealed class RuleCondition
    {
        /// <summary>"host-header", "path-pattern", "http-header", "http-request-method", "query-string", "source-ip".</summary>
        public string Field { get; internal set; } = string.Empty;
        /// <summary>The values from Values and from the field's *Config (host names, paths, methods, CIDRs, header values).</summary>
        public IReadOnlyList<string> Values { get; internal set; } = Array.Empty<string>();
        /// <summary>For "http-header": the header name.</summary>
        public string? HttpHeaderName { get; internal set; }
        /// <summary>For "query-string": key/value pairs (key may be null).</summary>
        public IReadOnlyList<KeyValuePair<string?, string>> QueryStrings { get; internal set; } = Array.Empty<KeyValuePair<string?, string>>();
    }

    /// <summary>An action of a rule or a listener's default action.</summary>
    public sealed class RuleAction
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

        public IEnumerable<string> TargetGroupArns => TargetGroups.Select(t => t.TargetGroupArn);
    }

    public sealed class WeightedTargetGroup
    {
        public string TargetGroupArn { get; internal set; } = string.Empty;
        /// <summary>Null when AWS gave no weight (a single target group).</summary>
        public int? Weight { get; internal set; }
    }

    public sealed class RedirectSettings
    {
        public string? Protocol { get; internal set; }
        public string? Port { get; internal set; }
        public string? Host { get; internal set; }
        public string? Path { get; internal set; }
        public string? Query { get; internal set; }
        /// <summary>"HTTP_301" or "HTTP_302".</summary>
        public string? StatusCode { get; internal set; }
    }

    public sealed class FixedResponseSettings
    {
        /// <summary>As AWS gives it, e.g. "503".</summary>
        public string? StatusCode { get; internal set; }
        public string? ContentType { get; internal set; }
        public string? MessageBody { get; internal set; }
    }

    /// <summary>authenticate-oidc or authenticate-cognito settings (the fields of either config).</summary>
    public sealed class AuthenticateSettings
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

    public sealed class TargetGroup
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

    public sealed class HealthCheckSettings
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
    public sealed class RegisteredTarget
    {
        /// <summary>Instance ID, IP address, Lambda ARN or ALB ARN.</summary>
        public string Id { get; internal set; } = string.Empty;
        public int? Port { get; internal set; }
        /// <summary>Given for IP targets outside the VPC ("all") and some others; often null.</summary>
        public string? AvailabilityZone { get; internal set; }
        public string? HealthCheckPort { get; internal set; }
        /// <summary>"initial", "healthy", "unhealthy", "unhealthy.draining", "unused", "draining", "unavailable".</summary>
        public string? State { get; internal set; }
        /// <summary>e.g. "Target.Timeout", "Target.ResponseCodeMismatch"; null when healthy.</summary>
        public string? Reason { get; internal set; }
        public string? Description { get; internal set; }
    }
}
