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

        /// <summary>
        /// 403: the default action Block (no custom code) answers every request no rule allows: Likely.
        /// Rules that block with 403 (their own Block, or an override to Block) and rule groups whose
        /// rules are not in the snapshot: Possible, by name. Only Allow and Count: RuledOut.
        /// </summary>
        private static CheckResult WafWebAclBlocked(CheckContext c)
        {
            var (acl, done) = AssociatedAcl(c);
            if (done is not null) return done;
            var f = new Findings();
            var head = Describe(acl!, c.LoadBalancer.Name);
            if (acl!.DefaultAction == "Block" && (acl.DefaultActionResponseCode is null or 403))
                f.Add(CauseVerdict.Likely, head + ": its default action Block answers every request no rule allows with 403.");
            foreach (var a in Answers(acl).Where(a => a.Action == "Block" && (a.Code is null or 403)))
                f.Add(CauseVerdict.Possible, a.Text + " blocks the requests it matches with 403.");
            foreach (var g in OpaqueGroups(acl))
                f.Add(CauseVerdict.Possible, "Web ACL " + acl.Name + " rule group " + g.RuleGroup + " (rule " + g.Name + ") can block with 403; its rules are not in the snapshot.");
            if (!f.Any) f.Add(CauseVerdict.RuledOut, head + ": no rule and not the default action blocks with 403 (" + Summary(acl) + ").");
            return f.Verdict == CauseVerdict.RuledOut ? f.ToResult() : f.ToResult("Which rule blocked a request is in the AWS WAF logs or sampled requests (terminatingRuleId).");
        }

        /// <summary>
        /// 405: a rule with the CAPTCHA action (its own, or an override) answers every request it matches
        /// without a valid token: Likely. A rule group whose rules are not in the snapshot: Possible.
        /// </summary>
        private static CheckResult WafCaptchaRule(CheckContext c)
        {
            var (acl, done) = AssociatedAcl(c);
            if (done is not null) return done;
            var f = new Findings();
            foreach (var a in Answers(acl!).Where(a => a.Action == "Captcha"))
                f.Add(CauseVerdict.Likely, a.Text + " runs a CAPTCHA: a matching request without a valid token gets 405.");
            foreach (var g in OpaqueGroups(acl!))
                f.Add(CauseVerdict.Possible, "Web ACL " + acl!.Name + " rule group " + g.RuleGroup + " (rule " + g.Name + ") can run a CAPTCHA; its rules are not in the snapshot.");
            if (!f.Any) f.Add(CauseVerdict.RuledOut, Describe(acl!, c.LoadBalancer.Name) + ": no rule runs a CAPTCHA (" + Summary(acl!) + ").");
            return f.ToResult(f.Verdict == CauseVerdict.RuledOut ? string.Empty : c.ToCheck);
        }

        /// <summary>
        /// A custom response code (other than 403): a Block with that code, in a rule, an override or
        /// the default action, answers every request it blocks with it: Confirmed, as a fixed-response
        /// action is (the load balancer itself never generates such a code). Rule groups whose rules are
        /// not in the snapshot: Possible.
        /// </summary>
        private static CheckResult WafCustomResponseRule(CheckContext c)
        {
            var (acl, done) = AssociatedAcl(c);
            if (done is not null) return done;
            var asked = c.WholeClass ? c.StatusCode / 100 + "XX" : c.StatusCode.ToString(CultureInfo.InvariantCulture);
            bool Matches(int? code) => code is int k && k != 403 && (c.WholeClass ? k / 100 == c.StatusCode / 100 : k == c.StatusCode);
            var f = new Findings();
            if (acl!.DefaultAction == "Block" && Matches(acl.DefaultActionResponseCode))
                f.Add(CauseVerdict.Confirmed, Describe(acl, c.LoadBalancer.Name) + ": its default action answers every request no rule allows with a custom " + acl.DefaultActionResponseCode + ".");
            foreach (var a in Answers(acl).Where(a => a.Action == "Block" && Matches(a.Code)))
                f.Add(CauseVerdict.Confirmed, a.Text + " blocks the requests it matches with a custom " + a.Code + ".");
            foreach (var g in OpaqueGroups(acl))
                f.Add(CauseVerdict.Possible, "Web ACL " + acl.Name + " rule group " + g.RuleGroup + " (rule " + g.Name + ") can block with a custom response code; its rules are not in the snapshot.");
            if (!f.Any) f.Add(CauseVerdict.RuledOut, Describe(acl, c.LoadBalancer.Name) + ": no Block action answers with a custom " + asked + " (" + Summary(acl) + ").");
            return f.ToResult();
        }

        /// <summary>The associated web ACL, or a finished result: Unknown without GetWebACLForResource, RuledOut without a web ACL.</summary>
        private static (WebAclAssociation? Acl, CheckResult? Result) AssociatedAcl(CheckContext c)
        {
            var unknown = c.Unknown(GetWebAclForResource);
            if (unknown is not null) return (null, unknown);
            var acl = c.LoadBalancer.WebAcl!;
            return acl.IsAssociated
                ? (acl, null)
                : (null, CheckResult.Of(CauseVerdict.RuledOut, "No AWS WAF web ACL is associated with " + c.LoadBalancer.Name + " (GetWebACLForResource)."));
        }

        private static string Describe(WebAclAssociation acl, string loadBalancer) =>
            "Web ACL " + acl.Name + " (" + acl.Arn + ") is associated with " + loadBalancer + ", default action " + (acl.DefaultAction ?? "unknown") +
            (acl.DefaultActionResponseCode is int code ? " (custom " + code.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty);

        /// <summary>What each rule does, in evaluation order: its own action, or the overrides a rule-group reference sets.</summary>
        private static IEnumerable<(string Text, string? Action, int? Code)> Answers(WebAclAssociation acl)
        {
            foreach (var rule in acl.Rules)
            {
                var where = "Web ACL " + acl.Name + " rule " + rule.Name + (rule.Priority is int p ? " (priority " + p.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty);
                if (!rule.IsRuleGroup)
                    yield return (where, rule.Action, rule.ResponseCode);
                else if (rule.OverrideAction != "Count")
                    foreach (var o in rule.RuleActionOverrides)
                        yield return (where + ", rule group " + rule.RuleGroup + " rule " + o.Name + " (overridden)", o.Action, o.ResponseCode);
            }
        }

        /// <summary>Rule-group references whose own actions apply: what their rules do is not in the snapshot.</summary>
        private static IEnumerable<WebAclRule> OpaqueGroups(WebAclAssociation acl) =>
            acl.Rules.Where(r => r.IsRuleGroup && r.OverrideAction != "Count");

        private static string Summary(WebAclAssociation acl) =>
            acl.Rules.Count == 0 ? "no rules" : Join(acl.Rules.Select(r => r.Name + " " + (r.IsRuleGroup ? "group " + (r.OverrideAction == "Count" ? "counted" : r.RuleGroup) : r.Action)));

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
    }
}
