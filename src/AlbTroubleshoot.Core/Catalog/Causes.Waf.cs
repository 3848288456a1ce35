using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Model;
using static AlbTroubleshoot.Catalog.References;
using static AlbTroubleshoot.Diagnostics.CheckContext;

namespace AlbTroubleshoot.Catalog
{
    /// <summary>AWS WAF and DDoS protection in front of the rules.</summary>
    internal static class WafCauses
    {
        internal static IEnumerable<CauseDefinition> Causes() => new[]
        {
            new CauseDefinition(403, "403.WafWebAclBlocked",
                title: "An AWS WAF web ACL blocked the request",
                side: CauseSide.Waf,
                description: "A web ACL associated with the load balancer evaluated the request and a rule, or the web ACL's default action, blocked it. The load balancer answers 403 and does not forward the request.",
                check: "In the access log actions_executed ends with waf (WAF was the final action), target:port is '-' and elb_status_code is 403. Find the web ACL with `aws wafv2 get-web-acl-for-resource --resource-arn <load balancer ARN>` and the terminating rule in the WAF logs or with `aws wafv2 get-sampled-requests`.",
                remediation: "If the block is a false positive, adjust the rule (scope-down statement, rule exclusion, or the Count action while testing); otherwise the web ACL is working as intended.",
                reference: Http403,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: WafWebAclBlocked),
            new CauseDefinition(403, "403.LowReputationRequestDenied",
                title: "Resource-level DDoS protection denied a low-reputation request",
                side: CauseSide.LoadBalancer,
                description: "When the load balancer's resource-level DDoS protection is active, it denies HTTP requests from low-reputation sources with 403.",
                check: "The metric LowReputationRequestsDenied has data points at the time of the 403s (LowReputationPacketsDropped and ExcessiveLowReputationPackets show the related packet-level activity), and the WAF logs show no block for these requests.",
                remediation: "If legitimate clients are affected, check whether they reach the load balancer through shared egress addresses with a poor reputation (public proxies, VPN exits) and review the load balancer's DDoS protection setting; otherwise no action is needed.",
                reference: Metrics,
                decidedBy: DecidedBy.AccessLogs,
                evaluate: NeedsTraffic),
            new CauseDefinition(500, "500.WafWebAclExecutionError",
                title: "An error occurred while running the AWS WAF web ACL rules",
                side: CauseSide.Waf,
                description: "The load balancer sent the request to AWS WAF, but evaluating the web ACL failed and no verdict came back. With `waf.fail_open.enabled` false (the default) the load balancer answers 500 and does not forward the request.",
                check: "In the access log actions_executed contains waf-failed, target:port is '-' and error_reason names the failure (WAFConnectionError, WAFConnectionTimeout, WAFResponseReadTimeout, WAFServiceError or WAFUnhandledException). `aws elbv2 describe-load-balancer-attributes` shows `waf.fail_open.enabled`.",
                remediation: "Check the AWS Health Dashboard for AWS WAF in the Region and review the web ACL. If availability matters more than filtering while WAF is failing, set `waf.fail_open.enabled` to true.",
                reference: Http500,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: WafFailure),
            new CauseDefinition(500, "500.WafConnectionFailed",
                title: "The load balancer could not connect to AWS WAF",
                side: CauseSide.Waf,
                description: "The load balancer could not open a connection to AWS WAF, or the connection attempt timed out, so no verdict was available. Unless WAF fail-open is enabled, the request gets 500.",
                check: "The access log has error_reason WAFConnectionError or WAFConnectionTimeout and actions_executed contains waf-failed; `waf.fail_open.enabled` is false.",
                remediation: "Check the AWS Health Dashboard for AWS WAF in the Region. Set `waf.fail_open.enabled` to true if requests should reach the targets when WAF cannot be reached.",
                reference: WafIntegration,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: WafFailure),
            new CauseDefinition(500, "500.WafResponseReadTimeout",
                title: "The request to AWS WAF timed out",
                side: CauseSide.Waf,
                description: "The load balancer connected to AWS WAF and sent the request, but the verdict did not come back in time.",
                check: "The access log has error_reason WAFResponseReadTimeout and actions_executed contains waf-failed; `waf.fail_open.enabled` is false.",
                remediation: "Check the AWS Health Dashboard for AWS WAF and review rules that inspect large request bodies. Set `waf.fail_open.enabled` to true if requests should pass while WAF is slow.",
                reference: WafIntegration,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: WafFailure),
            new CauseDefinition(500, "500.WafServiceError",
                title: "AWS WAF returned a 5XX error",
                side: CauseSide.Waf,
                description: "AWS WAF answered the load balancer's request with a server error, so no verdict was available for the request.",
                check: "The access log has error_reason WAFServiceError and actions_executed contains waf-failed; `waf.fail_open.enabled` is false.",
                remediation: "Check the AWS Health Dashboard for AWS WAF, and open an AWS Support case if the errors continue. Enable `waf.fail_open.enabled` if requests should pass during WAF errors.",
                reference: WafIntegration,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: WafFailure),
            new CauseDefinition(500, "500.WafUnhandledException",
                title: "The load balancer hit an unhandled exception while calling AWS WAF",
                side: CauseSide.Waf,
                description: "The load balancer encountered an internal error while forwarding the request to AWS WAF.",
                check: "The access log has error_reason WAFUnhandledException and actions_executed contains waf-failed.",
                remediation: "Retry, and open an AWS Support case with trace_id values and times if it persists. Enable `waf.fail_open.enabled` if requests should pass when the WAF call fails.",
                reference: WafIntegration,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: WafFailure),
            new CauseDefinition(405, "405.WafCaptcha",
                title: "An AWS WAF CAPTCHA rule answered the request with 405",
                side: CauseSide.Waf,
                description: "A rule of the web ACL with the CAPTCHA action found no valid, unexpired CAPTCHA token on the request. AWS WAF stops evaluating and answers 405 Method Not Allowed with the header x-amzn-waf-action: captcha (and the CAPTCHA page when the client accepts text/html). The target never sees the request. (The Challenge action answers 202, not an error.)",
                check: "The response carries x-amzn-waf-action: captcha; in the access log elb_status_code is 405, target:port '-' and actions_executed ends with waf. The web ACL's rules (`aws wafv2 get-web-acl-for-resource --resource-arn <alb-arn>`) include a Captcha action, or a rule group whose rules do; the WAF logs name the rule (terminatingRuleId, action CAPTCHA).",
                remediation: "Clients that cannot solve a CAPTCHA (APIs, mobile apps, scripts) need the AWS WAF token through the JavaScript or mobile SDK, or a scope-down statement that keeps the CAPTCHA rule off their requests. Raise the immunity time if users are asked too often.",
                reference: WafCaptcha,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: WafCaptchaRule),
            new CauseDefinition(400, "4XX.WafCustomResponse",
                title: "An AWS WAF rule blocked the request with a custom 4XX response code",
                side: CauseSide.Waf,
                description: "A Block action of the web ACL (a rule, or the default action) can send a custom response with any status code instead of 403. The load balancer passes AWS WAF's answer on; the target never sees the request.",
                check: "In the access log actions_executed ends with waf and target:port is '-', with a code other than 403 and 405. The web ACL's Block actions with CustomResponse name the code (`aws wafv2 get-web-acl-for-resource --resource-arn <alb-arn>`); the WAF logs name the rule (terminatingRuleId).",
                remediation: "Change the rule that blocked the request (or its scope-down statement) if the request is legitimate, or the custom response code if it misleads clients.",
                reference: WafCustomResponse,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: WafCustomResponseRule,
                appliesToWholeClass: true),
            new CauseDefinition(500, "5XX.WafCustomResponse",
                title: "An AWS WAF rule blocked the request with a custom 5XX response code",
                side: CauseSide.Waf,
                description: "A Block action of the web ACL (a rule, or the default action) can send a custom response with any status code instead of 403, 5XX codes included. The load balancer passes AWS WAF's answer on; the target never sees the request.",
                check: "In the access log actions_executed ends with waf and target:port is '-', with a 5XX code and no waf-failed action or WAF error_reason (those are AWS WAF failures, the 500.Waf* causes). The web ACL's Block actions with CustomResponse name the code; the WAF logs name the rule (terminatingRuleId).",
                remediation: "Change the rule that blocked the request (or its scope-down statement) if the request is legitimate, or the custom response code: a 5XX from AWS WAF reads as a server failure to clients and monitors.",
                reference: WafCustomResponse,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: WafCustomResponseRule,
                appliesToWholeClass: true),
        };

        private static CheckResult WafWebAclBlocked(CheckContext c)
        {
            var unknown = c.Unknown(GetWebAclForResource);
            if (unknown is not null) return unknown;
            var acl = c.LoadBalancer.WebAcl!;
            if (!acl.IsAssociated)
                return CheckResult.Of(CauseVerdict.RuledOut, "No AWS WAF web ACL is associated with " + c.LoadBalancer.Name + " (GetWebACLForResource).");
            var text = "Web ACL " + acl.Name + " (" + acl.Arn + ") is associated with " + c.LoadBalancer.Name + ", default action " + (acl.DefaultAction ?? "unknown");
            return acl.DefaultAction == "Block"
                ? CheckResult.Of(CauseVerdict.Likely, text + ": every request no rule allows is blocked with 403.", "Which rule blocked a request needs the WAF logs or sampled requests.")
                : CheckResult.Of(CauseVerdict.Possible, text + ": its rules can block requests with 403.", "Which rule blocked a request needs the WAF logs or sampled requests.");
        }

        private static CheckResult WafFailure(CheckContext c)
        {
            var unknown = c.Unknown(GetWebAclForResource, DescribeLoadBalancerAttributes);
            if (unknown is not null) return unknown;
            var acl = c.LoadBalancer.WebAcl!;
            if (!acl.IsAssociated)
                return CheckResult.Of(CauseVerdict.RuledOut, "No AWS WAF web ACL is associated with " + c.LoadBalancer.Name + ", so the load balancer never calls AWS WAF.");
            var failOpen = c.LbAttribute("waf.fail_open.enabled", "false");
            var text = "Web ACL " + acl.Name + " (" + acl.Arn + ") is associated; " + c.LbAttributeText("waf.fail_open.enabled", "false");
            return string.Equals(failOpen, "true", StringComparison.OrdinalIgnoreCase)
                ? CheckResult.Of(CauseVerdict.RuledOut, text + ": when AWS WAF fails, requests are forwarded instead of answered with 500.")
                : CheckResult.Of(CauseVerdict.Possible, text + ": when AWS WAF fails, the load balancer answers 500.", c.ToCheck);
        }

        /// <summary>
        /// The web ACL associated (or not): what its CAPTCHA rules answer. Until the snapshot's web ACL
        /// rules are read, an associated web ACL leaves it Possible; none associated rules it out.
        /// </summary>
        private static CheckResult WafCaptchaRule(CheckContext c) =>
            WebAclCanAnswer(c, "a rule with the CAPTCHA action answers 405 to requests without a valid token");

        private static CheckResult WafCustomResponseRule(CheckContext c) =>
            WebAclCanAnswer(c, "a Block action with a custom response can answer " + (c.WholeClass ? c.StatusCode / 100 + "XX codes" : c.StatusCode.ToString(CultureInfo.InvariantCulture)));

        private static CheckResult WebAclCanAnswer(CheckContext c, string what)
        {
            var unknown = c.Unknown(GetWebAclForResource);
            if (unknown is not null) return unknown;
            var acl = c.LoadBalancer.WebAcl!;
            if (!acl.IsAssociated)
                return CheckResult.Of(CauseVerdict.RuledOut, "No AWS WAF web ACL is associated with " + c.LoadBalancer.Name + " (GetWebACLForResource).");
            return CheckResult.Of(CauseVerdict.Possible, "Web ACL " + acl.Name + " (" + acl.Arn + ") is associated with " + c.LoadBalancer.Name + ": " + what + ".", c.ToCheck);
        }
    }
}
