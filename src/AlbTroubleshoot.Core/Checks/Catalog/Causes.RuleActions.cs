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
    /// <summary>What the rules' actions answer themselves: fixed responses, redirects, transforms, weighted forwards.</summary>
    internal static class RuleActionCauses
    {
        internal static IEnumerable<CauseDefinition> Causes() => new[]
        {
            new CauseDefinition(400, "400.InvalidTargetGroupStickinessCookie",
                title: "The AWSALBTG cookie used with weighted target groups is not valid",
                side: CauseSide.Client,
                description: "With weighted target groups and target group stickiness, the load balancer pins a client to a target group with the AWSALBTG cookie. When the cookie it receives is not valid, for example because its value was URL-encoded, the request fails.",
                check: "The access log has error_reason AWSALBTGCookieInvalid. Inspect the Cookie header the client sends: the AWSALBTG value must come back exactly as the load balancer set it." + NoCodeStated,
                remediation: "Make the client, and any proxy or CDN in front of the load balancer, return the AWSALBTG cookie unchanged (no URL encoding or rewriting). Clearing the cookie lets the load balancer issue a new one.",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: WeightedStickiness),
            new CauseDefinition(403, "403.FixedResponse",
                title: "A listener rule returns a fixed 403 response",
                side: CauseSide.LoadBalancer,
                description: "The matched listener rule, or the listener's default action, is a fixed-response action with status code 403, so the load balancer answers the request itself.",
                check: "In the access log actions_executed is fixed-response, target:port is '-' and matched_rule_priority identifies the rule (0 means the default action). `aws elbv2 describe-rules --listener-arn <arn>` shows FixedResponseConfig with StatusCode 403; HTTP_Fixed_Response_Count rises.",
                remediation: "Change the rule's conditions or priority so the intended traffic matches a forward rule, or change the fixed response if 403 is not what that rule should return.",
                reference: ActionsTaken,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: FixedResponse),
            new CauseDefinition(500, "500.RuleTransformFailed",
                title: "A listener rule transform matched but could not be applied",
                side: CauseSide.LoadBalancer,
                description: "A listener rule with a host header or URL rewrite transform matched the request's pattern, but applying the transform failed, so the load balancer answers 500.",
                check: "`aws elbv2 describe-rules` shows Transforms on the matched rule (matched_rule_priority in the access log). Newer access logs also carry request_transform_status, transformed_host and transformed_uri. Test the transform's regex and replacement against the failing request's host and URL.",
                remediation: "Fix the transform's regex and replacement so the rewritten host or URL is valid (existing capture groups, allowed characters, reasonable length).",
                reference: RuleTransforms,
                decidedBy: DecidedBy.Configuration,
                evaluate: RuleTransform),
            new CauseDefinition(500, "500.WeightedTargetGroupsUnhandledException",
                title: "Unhandled exception while routing to weighted target groups",
                side: CauseSide.LoadBalancer,
                description: "The load balancer encountered an internal error while choosing among the weighted target groups of a forward action.",
                check: "The access log has error_reason WeightedTargetGroupsUnhandledException, and `aws elbv2 describe-rules` shows a forward action with several TargetGroups and weights." + NoCodeStated,
                remediation: "Retry, and open an AWS Support case with trace_id values and times if it persists. Make sure every target group in the action exists.",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: WeightedForward),
            new CauseDefinition(503, "503.FixedResponse",
                title: "A listener rule returns a fixed 503 response",
                side: CauseSide.LoadBalancer,
                description: "The matched listener rule, or the listener's default action, is a fixed-response action with status code 503 (often a maintenance page or a catch-all default).",
                check: "In the access log actions_executed is fixed-response, target:port is '-' and matched_rule_priority identifies the rule (0 means the default action). `aws elbv2 describe-rules --listener-arn <arn>` shows FixedResponseConfig with StatusCode 503; HTTP_Fixed_Response_Count rises.",
                remediation: "Change the rule's conditions or priority so the traffic reaches a forward rule, or remove the maintenance response when it is no longer wanted.",
                reference: ActionsTaken,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: FixedResponse),
            new CauseDefinition(507, "507.RedirectUrlTooLong",
                title: "The redirect URL is too long",
                side: CauseSide.LoadBalancer,
                description: "A redirect action built a Location URL longer than the load balancer allows (8 KB), so it answers 507 instead of redirecting.",
                check: "The access log has elb_status_code 507 and actions_executed redirect, and HTTP_Redirect_Url_Limit_Exceeded_Count rises. `aws elbv2 describe-rules` shows the RedirectConfig; #{path} and #{query} copy the client's path and query string into the new URL, so long request URLs give long redirect URLs.",
                remediation: "Change the redirect so the URL stays under the limit (for example drop #{query} or shorten the fixed parts), or stop oversized request URLs before the redirect rule.",
                reference: Troubleshooting,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: RedirectUrlTooLong),
            new CauseDefinition(400, "4XX.FixedResponse",
                title: "A listener rule returns a fixed 4XX response",
                side: CauseSide.LoadBalancer,
                description: "The matched listener rule, or the listener's default action, is a fixed-response action with this 4XX status code (404 for unknown paths, 429 for a throttling placeholder, and so on), so the load balancer answers the request itself; the target is not involved.",
                check: "In the access log actions_executed is fixed-response, target:port is '-' and matched_rule_priority identifies the rule (0 means the default action). `aws elbv2 describe-rules --listener-arn <arn>` shows FixedResponseConfig with the StatusCode; HTTP_Fixed_Response_Count rises.",
                remediation: "Change the rule's conditions or priority so the intended traffic matches a forward rule, or the fixed response if that code is not what the rule should return.",
                reference: ActionsTaken,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: FixedResponse,
                appliesToWholeClass: true),
            new CauseDefinition(500, "5XX.FixedResponse",
                title: "A listener rule returns a fixed 5XX response",
                side: CauseSide.LoadBalancer,
                description: "The matched listener rule, or the listener's default action, is a fixed-response action with this 5XX status code, so the load balancer answers the request itself: the error is configured, not a failure of the target or the load balancer.",
                check: "In the access log actions_executed is fixed-response, target:port is '-' and matched_rule_priority identifies the rule (0 means the default action). `aws elbv2 describe-rules --listener-arn <arn>` shows FixedResponseConfig with the StatusCode; HTTP_Fixed_Response_Count rises.",
                remediation: "Change the rule's conditions or priority so the intended traffic matches a forward rule, or remove or change the fixed response.",
                reference: ActionsTaken,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: FixedResponse,
                appliesToWholeClass: true),
        };

        /// <summary>
        /// Confirmed for each fixed-response action with the code asked (403.FixedResponse: 403); a
        /// whole-class entry evaluated for its class takes every code of the class that has no entry of
        /// its own (4XX.FixedResponse: 404, 429, … but not 403), so one action is one cause.
        /// </summary>
        private static CheckResult FixedResponse(CheckContext c)
        {
            var unknown = c.Unknown(DescribeListeners);
            if (unknown is not null) return unknown;
            var own = new HashSet<string>(CauseCatalog.All.Where(e => !e.AppliesToWholeClass && e.Id.EndsWith(".FixedResponse", StringComparison.Ordinal))
                .Select(e => e.StatusCode.ToString(CultureInfo.InvariantCulture)), StringComparer.Ordinal);
            var asked = c.WholeClass ? c.StatusCode / 100 + "XX" : c.StatusCode.ToString(CultureInfo.InvariantCulture);
            bool Matches(string? code) => code is not null && (c.WholeClass
                ? code.Length == 3 && code[0] == asked[0] && !own.Contains(code)
                : code == asked);
            var f = new Findings();
            foreach (var (where, action) in c.Actions().Where(a => a.Action.Type == "fixed-response" && Matches(a.Action.FixedResponse?.StatusCode)))
            {
                var fixedResponse = action.FixedResponse!;
                var body = fixedResponse.MessageBody;
                f.Add(CauseVerdict.Confirmed, where + " answers every matching request with a fixed-response " + fixedResponse.StatusCode +
                    (string.IsNullOrEmpty(body) ? string.Empty : " (" + fixedResponse.ContentType + ": \"" + Shorten(body!, 80) + "\")") + ".");
            }
            if (!f.Any)
                f.Add(CauseVerdict.RuledOut, "No listener rule or default action of " + c.LoadBalancer.Name + " returns a fixed-response " + asked + ".");
            c.RulesCaveat(f);
            return f.ToResult();
        }

        /// <summary>Forward actions that split traffic over several target groups.</summary>
        private static IReadOnlyList<(string Where, RuleAction Action)> WeightedActions(CheckContext c) =>
            c.Actions().Where(a => a.Action.Type == "forward" && a.Action.TargetGroups.Count > 1).ToList();

        private static string DescribeWeighted(CheckContext c, string where, RuleAction action) =>
            where + " forwards to " + Join(action.TargetGroups.Select(w => (c.Model.FindTargetGroup(w.TargetGroupArn)?.Name ?? w.TargetGroupArn) +
                " weight " + (w.Weight?.ToString(CultureInfo.InvariantCulture) ?? "unset"))) +
            ", group stickiness " + (action.StickinessEnabled == true ? "on for " + action.StickinessDurationSeconds?.ToString(CultureInfo.InvariantCulture) + " s" : "off");

        private static CheckResult WeightedForward(CheckContext c) => Weighted(c, _ => true, "No forward action of " + c.LoadBalancer.Name + " splits traffic over several target groups.");

        private static CheckResult WeightedStickiness(CheckContext c) =>
            Weighted(c, a => a.StickinessEnabled == true, "No weighted forward action of " + c.LoadBalancer.Name + " uses target group stickiness, so the AWSALBTG cookie is not used.");

        private static CheckResult Weighted(CheckContext c, Func<RuleAction, bool> matters, string none)
        {
            var unknown = c.Unknown(DescribeListeners);
            if (unknown is not null) return unknown;
            var f = new Findings();
            foreach (var (where, action) in WeightedActions(c).Where(a => matters(a.Action)))
                f.Add(CauseVerdict.Possible, DescribeWeighted(c, where, action) + ".");
            if (!f.Any) f.Add(CauseVerdict.RuledOut, none);
            c.RulesCaveat(f);
            return f.ToResult(f.Verdict == CauseVerdict.Possible ? c.ToCheck : string.Empty);
        }

        private static CheckResult RedirectUrlTooLong(CheckContext c)
        {
            var unknown = c.Unknown(DescribeListeners);
            if (unknown is not null) return unknown;
            var f = new Findings();
            foreach (var (where, action) in c.Actions().Where(a => a.Action.Type == "redirect" && a.Action.Redirect is not null))
            {
                var r = action.Redirect!;
                // AWS's defaults keep the request's path and query: #{path} and #{query}.
                var path = r.Path ?? "/#{path}";
                var query = r.Query ?? "#{query}";
                var url = (r.Protocol ?? "#{protocol}") + "://" + (r.Host ?? "#{host}") + ":" + (r.Port ?? "#{port}") + path + (query.Length > 0 ? "?" + query : string.Empty);
                var copies = path.Contains("#{path}") || query.Contains("#{query}");
                f.Add(copies ? CauseVerdict.Possible : CauseVerdict.RuledOut, where + " redirects (" + (r.StatusCode ?? "HTTP_301") + ") to " + url +
                    (copies ? ": #{path}/#{query} copy the client's URL, so a long request URL gives a redirect URL over the limit."
                            : ": a fixed URL of " + url.Length.ToString(CultureInfo.InvariantCulture) + " characters, far below the limit."));
            }
            if (!f.Any) f.Add(CauseVerdict.RuledOut, "No listener rule or default action of " + c.LoadBalancer.Name + " redirects.");
            c.RulesCaveat(f);
            return f.ToResult();
        }


        /// <summary>Possible per rule with a transform (a rewrite that matches but fails gives 500); RuledOut without one.</summary>
        private static CheckResult RuleTransform(CheckContext c)
        {
            var unknown = c.Unknown(DescribeListeners);
            if (unknown is not null) return unknown;
            var f = new Findings();
            foreach (var r in c.Rules().Where(r => r.Value is not null && r.Value.Transforms.Count > 0))
                f.Add(CauseVerdict.Possible, DescribeRule(r.Key, r.Value) + " transforms the request: " +
                    Join(r.Value!.Transforms.Select(t => t.Type + " " + Join(t.Rewrites.Select(w => "'" + w.Regex + "' -> '" + w.Replace + "'")))) + ".");
            if (!f.Any) f.Add(CauseVerdict.RuledOut, "No listener rule of " + c.LoadBalancer.Name + " has a transform.");
            c.RulesCaveat(f);
            return f.ToResult(f.Verdict == CauseVerdict.Possible ? c.ToCheck : string.Empty);
        }
    }
}
