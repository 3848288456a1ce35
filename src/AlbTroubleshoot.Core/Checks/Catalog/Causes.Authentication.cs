using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Network;
using static AlbTroubleshoot.Catalog.References;
using static AlbTroubleshoot.Diagnostics.CheckContext;

namespace AlbTroubleshoot.Catalog
{
    /// <summary>Listener rules that authenticate users (authenticate-oidc, authenticate-cognito): the IdP conversation.</summary>
    internal static class AuthenticationCauses
    {
        private static readonly char[] Space = { ' ' };

        internal static IEnumerable<CauseDefinition> Causes() => new[]
        {
            new CauseDefinition(400, "400.AuthRedirectMismatch",
                title: "The IdP rejected the load balancer's redirect URI (redirect_mismatch)",
                side: CauseSide.Authentication,
                description: "An authenticate action sends users to the IdP with the callback https://<domain>/oauth2/idpresponse. If that redirect URI is not registered with the IdP, the IdP answers with a redirect_mismatch error and HTTP 400.",
                check: "The 400 page comes from the IdP's authorization endpoint, so it may be missing from the load balancer's access log; the browser shows the IdP's domain and an error such as redirect_mismatch. Compare the callback or redirect URIs registered for the client in the IdP (for Amazon Cognito, the app client's callback URLs) with https://<domain users type>/oauth2/idpresponse.",
                remediation: "Register https://<domain>/oauth2/idpresponse as an allowed callback/redirect URI in the IdP, for every domain name clients use to reach the load balancer.",
                reference: AuthenticateUsers,
                decidedBy: DecidedBy.Configuration,
                evaluate: c => Authenticate(c)),
            new CauseDefinition(401, "401.UnauthenticatedRequestDenied",
                title: "The rule denies unauthenticated requests, or the IdP denied the user",
                side: CauseSide.Authentication,
                description: "A listener rule with an authenticate-oidc or authenticate-cognito action answers 401 when the request has no valid session and the action's OnUnauthenticatedRequest is deny, or when the IdP refused access to the user.",
                check: "`aws elbv2 describe-rules --listener-arn <arn>` shows the authenticate action with OnUnauthenticatedRequest `deny` (the other values are `authenticate` and `allow`). In the access log actions_executed contains authenticate. ELBAuthFailure counts refusals by the IdP; the IdP's sign-in log shows why it refused the user.",
                remediation: "Use `authenticate` for browser clients so they are sent to the login page, or `allow` where anonymous access is acceptable; keep `deny` for API clients that must already hold a session. If the IdP refused the user, grant access there.",
                reference: Http401,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: c => Authenticate(c, UnauthenticatedDenied)),
            new CauseDefinition(401, "401.UserClaimsTooLarge",
                title: "The IdP returned user claims larger than the load balancer supports",
                side: CauseSide.Authentication,
                description: "The claims returned by the IdP user info endpoint exceed the maximum size the load balancer accepts (11 KB). AWS lists this under 401, and newer AWS text lists it under 500 too.",
                check: "The access log has error_reason AuthUserinfoResponseSizeExceeded and the ELBAuthUserClaimsSizeExceeded metric has data points. Call the IdP user info endpoint with an affected user's access token and measure the response; long group or role lists are the usual cause.",
                remediation: "Reduce the claims the IdP returns for this client: request fewer scopes in the authenticate action's Scope, and drop group lists or large custom attributes from the user info response.",
                reference: Http401,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Authenticate(c, null, "The load balancer accepts user claims up to 11 KB from the IdP.")),
            new CauseDefinition(401, "401.Http10RequestWithoutHost",
                title: "HTTP/1.0 request without a Host header on a rule that authenticates",
                side: CauseSide.Client,
                description: "A client sent an HTTP/1.0 request with no Host header to a rule that authenticates users, so the load balancer could not build the redirect URL for the login.",
                check: "In the access log the request field ends in HTTP/1.0, actions_executed includes authenticate and error_reason is AuthMissingHostHeader; ELBAuthError rises.",
                remediation: "Make the client use HTTP/1.1 or send a Host header. Probes and old tools that speak HTTP/1.0 should use a path whose rule does not authenticate.",
                reference: Http401,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: c => Authenticate(c)),
            new CauseDefinition(401, "401.ScopeReturnsNoIdToken",
                title: "The requested scope does not return an ID token",
                side: CauseSide.Authentication,
                description: "The authenticate action requests scopes for which the IdP returns no OpenID Connect ID token, so the load balancer cannot establish who the user is.",
                check: "Read the action's Scope with `aws elbv2 describe-rules` (default `openid`); it must contain `openid`. Request a token from the IdP with the same scope and check that the response has an id_token. The error_reason is then typically AuthInvalidTokenResponse or AuthInvalidIdToken.",
                remediation: "Include `openid` in the authenticate action's Scope and configure the IdP client for OpenID Connect so its token endpoint returns an ID token.",
                reference: Http401,
                decidedBy: DecidedBy.Configuration,
                evaluate: ScopeReturnsNoIdToken),
            new CauseDefinition(401, "401.ClientLoginTimeout",
                title: "The user did not finish logging in before the client login timeout",
                side: CauseSide.Client,
                description: "The load balancer allows a limited time for the user to complete the login at the IdP. A user who comes back to the callback after that time presents an expired login state and gets 401.",
                check: "Users report a 401 after leaving the IdP login page open for a long time. The access log shows the callback request (/oauth2/idpresponse) with elb_status_code 401 and actions_executed authenticate, long after the first redirect to the IdP for the same client.",
                remediation: "Have the user start again from the application URL and complete the login promptly; lengthy steps such as MFA enrolment or a password reset should be finished before retrying.",
                reference: ClientLoginTimeout,
                decidedBy: DecidedBy.Configuration,
                evaluate: c => Authenticate(c, null, "The user must finish logging in at the IdP within 15 minutes (a fixed limit).")),
            new CauseDefinition(401, "401.InvalidAuthSessionCookie",
                title: "The authentication session cookie is not valid",
                side: CauseSide.Client,
                description: "The session cookie the client sent cannot be validated, for example because it was truncated, altered or only partly sent, so the load balancer refuses the request.",
                check: "The access log has error_reason AuthInvalidCookie and ELBAuthFailure rises. Check the Cookie header: the session cookie (default name AWSELBAuthSessionCookie, or the action's SessionCookieName), including all of its numbered parts, must arrive unchanged.",
                remediation: "Clear the browser's cookies for the domain and log in again. Make sure proxies, CDNs and the application do not rewrite, drop or re-scope the session cookie.",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Authenticate(c)),
            new CauseDefinition(401, "401.AuthNonceMismatch",
                title: "The authentication nonce cookie is missing or does not match",
                side: CauseSide.Client,
                description: "During the login the state returned by the IdP must match a nonce cookie stored in the browser. When that cookie is missing or different, the load balancer refuses the callback.",
                check: "The access log has error_reason AuthInvalidAWSALBAuthNonce or AuthMissingAWSALBAuthNonce. Typical triggers: the login started on one domain and the callback came back to another, the browser blocks the cookie, or several logins ran in parallel tabs.",
                remediation: "Make the client keep and send the nonce cookie through the whole flow: use one domain for both the start of the login and the /oauth2/idpresponse callback, allow cookies for it, and retry the login.",
                reference: AuthenticateUsers,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: c => Authenticate(c)),
            new CauseDefinition(401, "401.InvalidOrMissingStateParam",
                title: "The IdP response has an invalid or missing state parameter",
                side: CauseSide.Authentication,
                description: "The redirect from the IdP's authorization endpoint back to the load balancer must carry the state value the load balancer sent. Without it, or with a changed value, the callback is refused.",
                check: "The access log has error_reason AuthInvalidStateParam or AuthMissingStateParam; ELBAuthFailure rises. Inspect the callback URL /oauth2/idpresponse?code=...&state=... in the browser's network trace.",
                remediation: "Configure the IdP to return the state parameter unchanged, and make sure nothing between the IdP and the load balancer strips or rewrites query parameters.",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Authenticate(c)),
            new CauseDefinition(401, "401.MissingCodeParam",
                title: "The IdP response has no authorization code",
                side: CauseSide.Authentication,
                description: "The redirect from the IdP's authorization endpoint reached /oauth2/idpresponse without the 'code' query parameter, so the load balancer has nothing to exchange for tokens.",
                check: "The access log has error_reason AuthMissingCodeParam. Often the callback URL carries error=... from the IdP instead of a code, or the IdP client is set up for a flow other than the authorization code grant." + NoCodeStated,
                remediation: "Configure the IdP client for the authorization code grant (response_type=code) and fix the error the IdP reports in the callback URL.",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Authenticate(c)),
            new CauseDefinition(401, "401.InvalidAuthorizationGrant",
                title: "The IdP token endpoint rejected the authorization code",
                side: CauseSide.Authentication,
                description: "The load balancer presented the authorization code to the IdP token endpoint and the IdP declared the grant invalid, for example because the code had already been used or had expired.",
                check: "The access log has error_reason AuthInvalidGrantError; ELBAuthFailure rises. Replayed callback URLs (browser back button, bookmarked /oauth2/idpresponse links) and a client ID, secret or token endpoint that does not match the IdP are common causes." + NoCodeStated,
                remediation: "Start logins from the application URL, never from a saved callback URL. Verify that the authenticate action's Issuer, TokenEndpoint, ClientId and ClientSecret match the IdP client.",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Authenticate(c)),
            new CauseDefinition(401, "401.InvalidIdpResponse",
                title: "The IdP's ID token, token response or user info response is not valid",
                side: CauseSide.Authentication,
                description: "The load balancer could not accept what the IdP returned: the ID token failed validation, or the response of the token endpoint or the user info endpoint was malformed.",
                check: "The access log has error_reason AuthInvalidIdToken, AuthInvalidTokenResponse or AuthInvalidUserinfoResponse; ELBAuthFailure rises. Compare the action's Issuer with the iss claim of the ID token, and call the token and user info endpoints yourself to see what they return." + NoCodeStated,
                remediation: "Make the Issuer, TokenEndpoint and UserInfoEndpoint of the authenticate action match the IdP's OpenID configuration (/.well-known/openid-configuration), and make the IdP return standard JSON responses.",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Authenticate(c)),
            new CauseDefinition(401, "401.JwtValidationFailed",
                title: "A jwt-validation action rejected the request's token",
                side: CauseSide.Authentication,
                description: "A listener rule with the jwt-validation action verifies the JSON Web Token the client sends: its RS256 signature against the keys of the configured JWKS endpoint, the issuer (iss) and expiry (exp), nbf and iat when present, and up to 10 more claims. A request without a valid token is rejected and never reaches the target. The load balancer must also be able to fetch the JWKS: a key set larger than 150 KB or with more than 10 keys, or an endpoint it cannot reach, leaves it unable to verify any token (AWS does not say which status code goes with that).",
                check: "Decode the client's token (it is not encrypted) and compare iss, exp, nbf and any configured claims with the rule's JwtValidationConfig (`aws elbv2 describe-rules --listener-arn <arn>`); check the alg is RS256 and the kid is in the JWKS. Fetch the JWKS endpoint from the internet: it must be public, answer with at most 10 keys and 150 KB.",
                remediation: "Send a fresh token from the expected issuer with the claims the rule requires, fix the rule's issuer or claims if they are wrong, and keep the JWKS within the limits (or validate tokens in the application instead).",
                reference: JwtValidation,
                decidedBy: DecidedBy.Configuration,
                evaluate: JwtValidationAction),
            new CauseDefinition(500, "500.IdpEndpointUnreachable",
                title: "The load balancer cannot reach the IdP token or user info endpoint",
                side: CauseSide.Network,
                description: "For an authenticate action the load balancer itself calls the IdP token endpoint and user info endpoint over HTTPS, using IPv4 only. When DNS, security groups, network ACLs or routes prevent this, the login fails with 500.",
                check: "The access log has error_reason AuthTokenEpRequestTimeout or AuthUserinfoEpRequestTimeout and ELBAuthError rises. Verify that the endpoint host names resolve in public DNS; that the load balancer's security group allows outbound TCP 443 to the IdP; that the NACLs of the load balancer subnets allow outbound 443 to and inbound 1024-65535 from the IdP; and that the subnets' route table has an internet gateway route (internet-facing) or a NAT gateway route (internal load balancer).",
                remediation: "Open outbound 443 in the load balancer's security group and the matching NACL rules, add the missing internet gateway or NAT route, and use IdP endpoints whose names resolve publicly.",
                reference: Http500,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: IdpEndpointUnreachable),
            new CauseDefinition(500, "500.IdpUserClaimsTooLarge",
                title: "The user claims from the IdP are larger than 11 KB",
                side: CauseSide.Authentication,
                description: "Newer AWS documentation lists a user claim larger than 11 KB among the causes of 500 (older text lists it under 401).",
                check: "The access log has error_reason AuthUserinfoResponseSizeExceeded and the ELBAuthUserClaimsSizeExceeded metric has data points. Measure the IdP user info response for an affected user.",
                remediation: "Trim the claims the IdP returns for this client: fewer scopes, and no large group lists or custom attributes.",
                reference: Http500,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Authenticate(c, null, "The load balancer accepts user claims up to 11 KB from the IdP.")),
            new CauseDefinition(500, "500.IdpResponseTooSlow",
                title: "The IdP token or user info endpoint took longer than 5 seconds",
                side: CauseSide.Authentication,
                description: "The load balancer waits at most 5 seconds for the IdP token endpoint and user info endpoint. A slower IdP makes the authentication fail with 500.",
                check: "The access log has error_reason AuthTokenEpRequestTimeout or AuthUserinfoEpRequestTimeout although the network path to the IdP is open, and ELBAuthLatency reaches about 5,000 ms. Time the endpoints from the VPC, e.g. `curl -o /dev/null -s -w '%{time_total}' <endpoint>`.",
                remediation: "Fix the IdP's latency (slow custom claim lookups, capacity), or use IdP endpoints closer to the load balancer's Region.",
                reference: Http500,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Authenticate(c, null, "The token and user info endpoints must answer within 5 seconds.")),
            new CauseDefinition(500, "500.AuthUnhandledException",
                title: "The authenticate action hit an unhandled exception",
                side: CauseSide.LoadBalancer,
                description: "The load balancer encountered an internal error while running the authenticate action.",
                check: "The access log has error_reason AuthUnhandledException and ELBAuthError rises." + NoCodeStated,
                remediation: "Retry. If it persists, check the AWS Health Dashboard and open an AWS Support case with the requests' trace_id values and times.",
                reference: ErrorReasonCodes,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Authenticate(c)),
            new CauseDefinition(561, "561.IdpTokenEndpointError",
                title: "The IdP token endpoint returned an error",
                side: CauseSide.Authentication,
                description: "While completing the login, the load balancer called the IdP token endpoint and received an error response (non-2XX).",
                check: "The access log has error_reason AuthTokenEpRequestFailed and ELBAuthError rises. Compare TokenEndpoint, ClientId and ClientSecret of the authenticate action (`aws elbv2 describe-rules`) with the IdP client; the IdP's logs show why it refused (invalid_client, unauthorized_client, ...).",
                remediation: "Correct the token endpoint URL and the client credentials (after rotating a secret, update it in the action too), and allow the authorization code grant for the client in the IdP.",
                reference: Http561,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Authenticate(c)),
            new CauseDefinition(561, "561.IdpUserInfoEndpointError",
                title: "The IdP user info endpoint returned an error",
                side: CauseSide.Authentication,
                description: "While completing the login, the load balancer called the IdP user info endpoint and received an error response (non-2XX).",
                check: "The access log has error_reason AuthUserinfoEpRequestFailed and ELBAuthError rises. Check the UserInfoEndpoint URL in the authenticate action and that the granted scopes allow the user info call (usually `openid` plus profile or email).",
                remediation: "Correct the user info endpoint URL in the action and grant the client the scopes the endpoint requires.",
                reference: Http561,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => Authenticate(c)),
        };

        /// <summary>The authenticate actions, or a finished result when there are none (RuledOut) or the listeners are unknown.</summary>
        private static (IReadOnlyList<(string Where, RuleAction Action)> Actions, CheckResult? Result) AuthenticatePrerequisites(CheckContext c)
        {
            var unknown = c.Unknown(DescribeListeners);
            if (unknown is not null) return (Array.Empty<(string, RuleAction)>(), unknown);
            var actions = c.AuthenticateActions;
            if (actions.Count > 0) return (actions, null);
            var f = new Findings();
            f.Add(CauseVerdict.RuledOut, "No listener rule of " + c.LoadBalancer.Name + " authenticates users (no authenticate-oidc or authenticate-cognito action).");
            c.RulesCaveat(f);
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
        private static CheckResult Authenticate(CheckContext c, Func<AuthenticateSettings, CauseVerdict?>? judge = null, string? note = null)
        {
            var auth = AuthenticatePrerequisites(c);
            if (auth.Result is not null) return auth.Result;
            var f = new Findings();
            foreach (var (where, action) in auth.Actions)
                f.Add(judge?.Invoke(action.Authenticate!) ?? CauseVerdict.Possible, DescribeAuthenticate(where, action.Authenticate!));
            return f.ToResult(note ?? string.Empty, c.ToCheck);
        }

        private static CauseVerdict? UnauthenticatedDenied(AuthenticateSettings a) =>
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

        /// <summary>
        /// The load balancer calls the IdP's token and user info endpoints itself, from its nodes, over
        /// IPv4 and tcp/443, at addresses public DNS gives. So each node's subnet needs a way out (an
        /// internet gateway for an internet-facing load balancer, whose nodes have public addresses; a
        /// NAT gateway for an internal one), the load balancer's security groups must allow tcp/443 out,
        /// and the subnets' network ACLs tcp/443 out and the replies (1024-65535) in. A way out through a
        /// transit gateway, peering or an appliance is Unknown: the rest of that path is not in the
        /// snapshot. Everything open leaves the IdP itself (down, slow, DNS): Possible.
        /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html
        /// </summary>
        private static CheckResult IdpEndpointUnreachable(CheckContext c)
        {
            var auth = AuthenticatePrerequisites(c);
            if (auth.Result is not null) return auth.Result;
            var unknown = c.Unknown(DescribeRouteTables);
            if (unknown is not null) return unknown;
            var endpoints = Join(auth.Actions.Select(a => a.Action.Authenticate!).SelectMany(Endpoints).Distinct());
            var f = new Findings();
            if (!c.LoadBalancer.SubnetIds.Any())
                f.Add(CauseVerdict.Unknown, "The load balancer's subnets are unknown (DescribeLoadBalancers gives no AvailabilityZones), so its way to " + endpoints + " cannot be checked.");
            var internetFacing = string.Equals(c.LoadBalancer.Scheme, "internet-facing", StringComparison.OrdinalIgnoreCase);
            foreach (var subnetId in c.LoadBalancer.SubnetIds)
            {
                RouteOut(c, f, subnetId, internetFacing, endpoints);
                NaclOut(c, f, subnetId, endpoints);
            }
            SecurityGroupOut(c, f, endpoints);
            if (f.Verdict == CauseVerdict.RuledOut)
                f.Add(CauseVerdict.Possible, "Routes, security groups and network ACLs let the load balancer reach the internet on tcp/443: whether " + endpoints +
                    " resolve in public DNS and answer in time shows in traffic (access log error_reason, ELBAuthError).");
            return f.ToResult(c.ToCheck);
        }

        private static void RouteOut(CheckContext c, Findings f, string subnetId, bool internetFacing, string endpoints)
        {
            var table = c.Model.RouteTableOfSubnet(subnetId);
            if (table is null)
            {
                f.Add(CauseVerdict.Unknown, "No route table found for load balancer subnet " + subnetId + ".");
                return;
            }
            var where = "Load balancer subnet " + subnetId + " (" + table.RouteTableId + ")";
            var route = table.Routes.FirstOrDefault(r => r.Destination is not null && r.Destination.Equals(IpCidr.AllIPv4));
            if (route is null && table.Unreadable.Count > 0)
            {
                f.Add(CauseVerdict.Unknown, where + " has routes that could not be read (" + Join(table.Unreadable) + "): one of them may be the way out.");
                return;
            }
            if (route is null)
            {
                f.Add(CauseVerdict.Likely, where + " has no route to 0.0.0.0/0 (routes: " + Join(table.Routes.Select(r => r.ToString())) +
                    "): the load balancer nodes there cannot reach " + endpoints + ".");
                return;
            }
            var via = route.TargetId.Length > 0 ? route.TargetId : "(no target)";
            if (!route.IsActive)
                f.Add(CauseVerdict.Likely, where + ": route 0.0.0.0/0 via " + via + " is " + route.State + ": the nodes there cannot reach " + endpoints + ".");
            else if (via.StartsWith("igw-", StringComparison.Ordinal))
                f.Add(internetFacing ? CauseVerdict.RuledOut : CauseVerdict.Likely, where + " routes 0.0.0.0/0 to internet gateway " + via +
                    (internetFacing ? "; the nodes of an internet-facing load balancer have public addresses, so they reach the internet."
                                    : ", but the nodes of an internal load balancer have only private addresses, which an internet gateway does not translate: they need a NAT gateway to reach " + endpoints + "."));
            else if (via.StartsWith("nat-", StringComparison.Ordinal))
                f.Add(CauseVerdict.RuledOut, where + " routes 0.0.0.0/0 to NAT gateway " + via + ".");
            else if (via.StartsWith("eigw-", StringComparison.Ordinal))
                f.Add(CauseVerdict.Likely, where + " routes 0.0.0.0/0 to egress-only internet gateway " + via + ", which carries IPv6 only; the load balancer reaches IdPs over IPv4.");
            else
                f.Add(CauseVerdict.Unknown, where + " routes 0.0.0.0/0 via " + via + ": whether that path reaches " + endpoints + " on the internet is not in the snapshot.");
        }

        private static void NaclOut(CheckContext c, Findings f, string subnetId, string endpoints)
        {
            if (c.Model.NetworkAcls is null)
            {
                f.Add(CauseVerdict.Unknown, "The network ACL of load balancer subnet " + subnetId + " is unknown: " + c.Model.UnknownReason("DescribeNetworkAcls") + ".");
                return;
            }
            var acl = c.Model.NetworkAclOfSubnet(subnetId);
            if (acl is null)
            {
                f.Add(CauseVerdict.Unknown, "No network ACL in the snapshot is associated with load balancer subnet " + subnetId + ".");
                return;
            }
            foreach (var (direction, ports) in new[] { (TrafficDirection.Outbound, PortRange.OnePort(443)), (TrafficDirection.Inbound, PortRange.Ephemeral) })
            {
                var range = NetworkAclEvaluator.EvaluateRange(acl, direction, IpProtocol.Tcp, IpCidr.AllIPv4, ports);
                var what = acl.NetworkAclId + " on " + subnetId + " (" + (direction == TrafficDirection.Outbound ? "tcp/443 out to" : "replies on 1024-65535 in from") + " the internet): ";
                if (range.Verdict == NaclRangeVerdict.Blocked)
                    f.Add(CauseVerdict.Likely, what + range.Explanation);
                else if (range.Verdict == NaclRangeVerdict.PartiallyBlocked)
                    f.Add(CauseVerdict.Possible, what + range.Explanation + " Whether the IdP's addresses or ports fall in the blocked part depends on its DNS.");
                else
                    f.Add(CauseVerdict.RuledOut, what + "allowed.");
            }
        }

        private static void SecurityGroupOut(CheckContext c, Findings f, string endpoints)
        {
            var groups = c.LoadBalancer.SecurityGroupIds.Select(id => c.Model.FindSecurityGroup(id)).ToList();
            if (c.Model.SecurityGroups is null || groups.Count == 0 || groups.Any(g => g is null))
            {
                f.Add(CauseVerdict.Unknown, "The load balancer's security groups are not all known (" + Join(c.LoadBalancer.SecurityGroupIds) + "): " +
                    c.Model.UnknownReason("DescribeSecurityGroups") + ".");
                return;
            }
            var flow = NetworkFlow.Tcp(443);
            var decision = SecurityGroupEvaluator.Evaluate(groups!, TrafficDirection.Outbound, flow, new SecurityGroupPeer(IpCidr.AllIPv4), c.Model.PrefixListEntries);
            if (decision.Verdict == SecurityGroupVerdict.Allowed)
            {
                f.Add(CauseVerdict.RuledOut, "The load balancer's security groups allow tcp/443 out to any IPv4 address (" + decision.Rule + ").");
                return;
            }
            // Not to every address: rules to some blocks may still cover the IdP's addresses, which only DNS knows.
            var partial = groups.SelectMany(g => g!.Egress.Where(r => r.Covers(flow) && (r.IpRanges.Count > 0 || r.PrefixListIds.Count > 0)).Select(r => g!.GroupId + " " + r))
                .ToList();
            if (partial.Count > 0)
                f.Add(CauseVerdict.Unknown, "The load balancer's security groups allow tcp/443 out only to some addresses (" + Join(partial) + "): whether " + endpoints +
                    " resolve into them is not in the snapshot.");
            else
                f.Add(CauseVerdict.Likely, "No outbound rule of the load balancer's security groups " + Join(groups.Select(g => g!.DisplayName)) +
                    " allows tcp/443 to an internet address, so the load balancer cannot call " + endpoints + ".");
        }

        private static IEnumerable<string> Endpoints(AuthenticateSettings a) =>
            a.Provider == "cognito"
                ? new[] { "the Amazon Cognito domain " + (a.UserPoolDomain ?? a.UserPoolArn ?? "(unknown)") }
                : new[] { a.TokenEndpoint, a.UserInfoEndpoint }.Where(e => !string.IsNullOrEmpty(e)).Select(e => e!);

        /// <summary>Possible for each jwt-validation action (which tokens fail is client traffic); RuledOut without one.</summary>
        private static CheckResult JwtValidationAction(CheckContext c)
        {
            var unknown = c.Unknown(DescribeListeners);
            if (unknown is not null) return unknown;
            var f = new Findings();
            foreach (var (where, action) in c.Actions().Where(a => string.Equals(a.Action.Type, "jwt-validation", StringComparison.OrdinalIgnoreCase)))
            {
                var jwt = action.JwtValidation;
                f.Add(CauseVerdict.Possible, where + ": jwt-validation rejects requests without a valid token" + (jwt is null ? "." :
                    " (JWKS " + (jwt.JwksEndpoint ?? "not given") + ", issuer " + (jwt.Issuer ?? "not given") +
                    (jwt.AdditionalClaims.Count > 0 ? ", claims " + Join(jwt.AdditionalClaims.Select(cl => cl.Name + " " + cl.Format + " " + Join(cl.Values))) : string.Empty) +
                    "). The load balancer fetches the key set from the JWKS endpoint, which must be public and answer with at most 10 keys and 150 KB."));
            }
            if (!f.Any) f.Add(CauseVerdict.RuledOut, "No listener rule of " + c.LoadBalancer.Name + " has a jwt-validation action.");
            c.RulesCaveat(f);
            return f.ToResult(f.Verdict == CauseVerdict.Possible ? c.ToCheck : string.Empty);
        }
    }
}
