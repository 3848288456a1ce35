using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.Model;
using static AlbTroubleshoot.Diagnostics.CheckContext;

namespace AlbTroubleshoot.Diagnostics
{
    // Causes decided by the rules' actions: fixed responses, redirects, authenticate actions,
    // weighted forwards, Lambda target groups, and the web ACL.
    internal static partial class Checks
    {
        private static readonly char[] Space = { ' ' };

        private static CheckResult FixedResponse(CheckContext c, string code)
        {
            var unknown = c.Unknown(DescribeListeners);
            if (unknown is not null) return unknown;
            var f = new Findings();
            foreach (var (where, action) in c.Actions().Where(a => a.Action.Type == "fixed-response" && a.Action.FixedResponse?.StatusCode == code))
            {
                var body = action.FixedResponse!.MessageBody;
                f.Add(CauseVerdict.Confirmed, where + " answers every matching request with a fixed-response " + code +
                    (string.IsNullOrEmpty(body) ? string.Empty : " (" + action.FixedResponse.ContentType + ": \"" + Shorten(body!, 80) + "\")") + ".");
            }
            if (!f.Any)
                f.Add(CauseVerdict.RuledOut, "No listener rule or default action of " + c.LoadBalancer.Name + " returns a fixed-response " + code + ".");
            RulesCaveat(c, f);
            return f.ToResult();
        }

        private static string Shorten(string text, int max) => text.Length <= max ? text : text.Substring(0, max) + "…";

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

        /// <summary>The authenticate actions, or a finished result when there are none (RuledOut) or the listeners are unknown.</summary>
        private static (IReadOnlyList<(string Where, RuleAction Action)> Actions, CheckResult? Result) AuthenticatePrerequisites(CheckContext c)
        {
            var unknown = c.Unknown(DescribeListeners);
            if (unknown is not null) return (Array.Empty<(string, RuleAction)>(), unknown);
            var actions = c.AuthenticateActions;
            if (actions.Count > 0) return (actions, null);
            var f = new Findings();
            f.Add(CauseVerdict.RuledOut, "No listener rule of " + c.LoadBalancer.Name + " authenticates users (no authenticate-oidc or authenticate-cognito action).");
            RulesCaveat(c, f);
            return (actions, f.ToResult());
        }

        private static string DescribeAuthenticate(string where, AuthenticateSettings a)
        {
            var idp = a.Provider == "cognito"
                ? "user pool " + a.UserPoolArn + ", domain " + a.UserPoolDomain + ", client " + a.UserPoolClientId
                : "issuer " + a.Issuer + ", token endpoint " + a.TokenEndpoint + ", user info endpoint " + a.UserInfoEndpoint + ", client " + a.ClientId;
            return where + ": authenticate-" + a.Provider + " (" + idp + ", scope " + (a.Scope ?? "openid") + ", session timeout " +
                (a.SessionTimeout?.ToString(CultureInfo.InvariantCulture) ?? "604800") + " s, on unauthenticated request " + (a.OnUnauthenticatedRequest ?? "authenticate") + ").";
        }

        /// <summary>
        /// Causes that exist only where a rule authenticates: Possible per action (or the verdict
        /// <paramref name="judge"/> gives), RuledOut without authenticate actions.
        /// </summary>
        private static CheckResult Authenticate(CheckContext c, Func<AuthenticateSettings, string?>? judge = null, string? note = null)
        {
            var auth = AuthenticatePrerequisites(c);
            if (auth.Result is not null) return auth.Result;
            var f = new Findings();
            foreach (var (where, action) in auth.Actions)
                f.Add(judge?.Invoke(action.Authenticate!) ?? CauseVerdict.Possible, DescribeAuthenticate(where, action.Authenticate!));
            return f.ToResult(note ?? string.Empty, c.ToCheck);
        }

        private static string? UnauthenticatedDenied(AuthenticateSettings a) =>
            string.Equals(a.OnUnauthenticatedRequest, "deny", StringComparison.OrdinalIgnoreCase) ? CauseVerdict.Likely : null;

        private static CheckResult ScopeReturnsNoIdToken(CheckContext c)
        {
            var auth = AuthenticatePrerequisites(c);
            if (auth.Result is not null) return auth.Result;
            var f = new Findings();
            foreach (var (where, action) in auth.Actions)
            {
                var scopes = (action.Authenticate!.Scope ?? "openid").Split(Space, StringSplitOptions.RemoveEmptyEntries);
                f.Add(scopes.Contains("openid", StringComparer.Ordinal) ? CauseVerdict.RuledOut : CauseVerdict.Likely,
                    DescribeAuthenticate(where, action.Authenticate) + (scopes.Contains("openid", StringComparer.Ordinal)
                        ? " The scope includes openid, so the IdP returns an ID token."
                        : " The scope lacks openid, so the IdP returns no ID token."));
            }
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
            RulesCaveat(c, f);
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
            RulesCaveat(c, f);
            return f.ToResult();
        }

        /// <summary>
        /// Causes that exist only for Lambda targets: Possible per Lambda target group that receives
        /// requests, RuledOut when none does.
        /// </summary>
        private static CheckResult Lambda(CheckContext c, string? note = null, Func<TargetGroup, string>? detail = null)
        {
            var pre = ForwardPrerequisites(c);
            if (pre is not null) return pre;
            var f = new Findings();
            foreach (var p in c.Paths.Where(p => !p.ReceivesNoTraffic && p.Group is not null && IsLambda(p.Group)))
            {
                var functions = p.Group!.Targets is null ? "functions unknown" : "function " + (p.Group.Targets.Count == 0 ? "none registered" : Join(p.Group.Targets.Select(t => t.Id)));
                f.Add(CauseVerdict.Possible, p.Where + " forwards to Lambda " + p.GroupText + ", " + functions + "." + (detail is null ? string.Empty : " " + detail(p.Group)));
            }
            if (!f.Any)
            {
                f.Add(CauseVerdict.RuledOut, "No listener rule of " + c.LoadBalancer.Name + " forwards to a Lambda target group (target types: " +
                    Join(c.ServingGroups.Select(g => g.Name + " " + g.TargetType).Distinct()) + ").");
                RulesCaveat(c, f);
                return f.ToResult();
            }
            return f.ToResult(note ?? string.Empty, c.ToCheck);
        }

        private static string MultiValueHeaders(TargetGroup g)
        {
            var value = GroupAttribute(g, "lambda.multi_value_headers.enabled", "false");
            return value is null
                ? "lambda.multi_value_headers.enabled is unknown (DescribeTargetGroupAttributes)."
                : "lambda.multi_value_headers.enabled = " + value + ": the function must answer with " +
                  (value == "true" ? "multiValueHeaders (not headers)." : "headers (not multiValueHeaders).");
        }
    }
}
