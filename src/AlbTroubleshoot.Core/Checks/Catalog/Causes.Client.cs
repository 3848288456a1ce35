using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AlbTroubleshoot.Diagnostics;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Network;
using AlbTroubleshoot.Reachability;
using static AlbTroubleshoot.Catalog.References;
using static AlbTroubleshoot.Diagnostics.CheckContext;

namespace AlbTroubleshoot.Catalog
{
    /// <summary>What clients send: the configuration cannot show it, but it shapes whether and when the load balancer answers with these codes.</summary>
    internal static class ClientCauses
    {
        private const string HeaderLimitsText =
            "Limits: request line 16 KB, a single header 16 KB, all request headers 64 KB (larger gives 400, 413 or 414 depending on where the limit is hit).";

        internal static IEnumerable<CauseDefinition> Causes() => new[]
        {
            new CauseDefinition(0, "000.LoadBalancerNotActive",
                title: "The load balancer is not active: clients get no response, or too few nodes to serve them",
                side: CauseSide.LoadBalancer,
                description: "DescribeLoadBalancers reports the load balancer's State. While it is provisioning or after it failed to be set up it serves no client, which sees a connection error rather than an HTTP status (000). In active_impaired it routes traffic but lacks the resources to scale, so clients can be refused under load.",
                check: "`aws elbv2 describe-load-balancers --names <name>` shows State.Code other than active, and State.Reason says why (for example a subnet without free addresses).",
                remediation: "Wait for provisioning to end; for failed or active_impaired, act on State.Reason: free IP addresses in the load balancer's subnets (each node needs some, more as it scales), fix the subnets or security groups it names, or open an AWS Support case.",
                reference: DocBase + "application-load-balancers.html#load-balancer-state",
                decidedBy: DecidedBy.Configuration,
                evaluate: LoadBalancerState),
            new CauseDefinition(0, "000.ClientPathBlocked",
                title: "Clients cannot reach the load balancer: a route or network ACL drops their traffic",
                side: CauseSide.Network,
                description: "Clients connect to the load balancer's nodes, one per subnet. An internet-facing load balancer's subnets need an active route to an internet gateway (0.0.0.0/0, and ::/0 for dualstack), or replies to clients are lost; their network ACLs must admit the listener ports from the clients and the replies to the clients' ephemeral ports (1024-65535), because network ACLs are stateless. Where they do not, connections time out and no HTTP status is logged; where only some subnets are affected, clients fail whenever DNS gives them those nodes.",
                check: "`aws ec2 describe-route-tables --filters Name=association.subnet-id,Values=<alb-subnet>` shows 0.0.0.0/0 via igw-… in state active; `aws ec2 describe-network-acls --filters Name=association.subnet-id,Values=<alb-subnet>` allows the listener ports inbound from the clients and 1024-65535 outbound to them (Test-AlbNaclEphemeral checks both). A client that times out connecting to one of the load balancer's addresses (`dig +short <dns-name>`, then `nc -vz -w 5 <address> 443`) while another answers points at that node's subnet.",
                remediation: "Route 0.0.0.0/0 (and ::/0) of every load balancer subnet to the internet gateway; add network ACL rules allowing the listener ports in from the clients and 1024-65535 out to them, numbered below any deny rule.",
                reference: References.Troubleshooting + "#load-balancer-connectivity",
                decidedBy: DecidedBy.Configuration | DecidedBy.NaclEphemeral,
                evaluate: ClientPath),
            new CauseDefinition(0, "000.ClientCertificateRejected",
                title: "Mutual TLS in verify mode refused the client's certificate at the handshake",
                side: CauseSide.Client,
                description: "An HTTPS listener with mutual authentication in verify mode checks each client's certificate against its trust store during the TLS handshake. A client with no certificate, or one the trust store does not vouch for (unknown CA, revoked, expired unless expiry is ignored), is refused before any HTTP request, so it sees a failed handshake and no status code, and the access log has no line for it.",
                check: "`aws elbv2 describe-listeners` shows MutualAuthentication Mode verify and the TrustStoreArn; the connection log (connection_logs.s3.*) records the refused handshakes with tls_verify_status, and ClientTLSNegotiationErrorCount rises. Test with `openssl s_client -connect <dns>:443 -cert client.pem -key client.key`.",
                remediation: "Give the client a certificate issued by a CA in the trust store (and the intermediates), add the client's CA to the trust store, renew expired certificates, or use passthrough mode and verify in the application.",
                reference: DocBase + "mutual-authentication.html",
                decidedBy: DecidedBy.Configuration,
                evaluate: ClientCertificate),
            new CauseDefinition(0, "000.Http2GoAway",
                title: "HTTP/2 connection closed with GOAWAY, seen as response code 000",
                side: CauseSide.LoadBalancer,
                description: "On an HTTP/2 client connection the load balancer sends a GOAWAY frame and closes the connection with a TCP FIN once the connection has served 10,000 requests; older AWS text also names a compressed header longer than 8 KB as a trigger. Requests caught by the close get no HTTP status at all, which clients and tools report as 000.",
                check: "Look for HTTP/2 (type h2) clients that fail after a long run of requests on one connection: client traces show a GOAWAY frame followed by a FIN, and the failures come after about 10,000 requests per connection. If they come sooner, look for very large request headers (cookies, tokens). A GOAWAY also ends connections older than `client_keep_alive.seconds` (default 3600), so check that attribute with `aws elbv2 describe-load-balancer-attributes`.",
                remediation: "Make the HTTP/2 client handle GOAWAY: open a new connection and retry the requests the server did not process (most current HTTP/2 libraries do this; check old clients and custom proxies). Keep request headers small, for example by trimming cookies.",
                reference: ResponseCode000,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: Http2GoAway),
            new CauseDefinition(0, "000.ClientTlsNegotiationFailed",
                title: "Clients fail the TLS handshake with an HTTPS listener: protocol or cipher not in its security policy, or the certificate refused",
                side: CauseSide.Client,
                description: "Before any HTTP request, a client and an HTTPS listener agree on a TLS protocol and cipher from the listener's security policy, and the client checks the listener's certificate. A client that offers only protocols or ciphers the policy does not have (an old TLS 1.0 client against a TLS 1.2 or 1.3 policy, say), or that cannot verify the certificate (name mismatch, expired, unknown CA), closes the connection: it sees a handshake error and no status code, and the access log has no line for it. ClientTLSNegotiationErrorCount counts these handshakes.",
                check: "ClientTLSNegotiationErrorCount (Sum) above 0 in CloudWatch (Invoke-AlbDiagnosis -MetricWindow). `aws elbv2 describe-listeners` gives each HTTPS listener's SslPolicy; `aws elbv2 describe-ssl-policies --names <policy>` lists its protocols and ciphers. From a client: `openssl s_client -connect <dns>:443 -servername <host> -tls1_2` (and -tls1_1, -tls1_3) shows which protocols are accepted and whether the certificate verifies.",
                remediation: "Give the listener a security policy that includes the protocols and ciphers the clients use (or upgrade the clients), and a certificate whose names cover the host names clients use, from a CA they trust, not expired; add the certificate for each host name to the listener's certificate list (SNI).",
                reference: References.Metrics,
                decidedBy: DecidedBy.Configuration | DecidedBy.Metrics,
                evaluate: ClientTls),
            new CauseDefinition(0, "000.ConnectionsRejected",
                title: "The load balancer rejected client connections: it had reached its maximum number of connections",
                side: CauseSide.LoadBalancer,
                description: "An Application Load Balancer scales with the traffic it sees, but a sudden surge can outrun it: AWS counts the connections it rejected because it had reached its maximum number of connections in RejectedConnectionCount. A rejected client sees a refused or reset connection and no status code, and the access log has no line for it.",
                check: "RejectedConnectionCount (Sum) above 0 in CloudWatch (Invoke-AlbDiagnosis -MetricWindow), with its times; compare them with RequestCount, NewConnectionCount and PeakLCUs. `aws elbv2 describe-load-balancers` shows State active_impaired when the load balancer could not scale (no free addresses in its subnets, for example).",
                remediation: "For surges that can be foreseen (an event, a migration, spiky traffic), reserve a minimum capacity with a Load balancer Capacity Unit (LCU) reservation; ramp traffic up gradually where you can; make sure each load balancer subnet has free IP addresses to scale into.",
                reference: DocBase + "capacity-unit-reservation.html",
                decidedBy: DecidedBy.Metrics,
                evaluate: ConnectionsRejected),
            new CauseDefinition(400, "400.MalformedRequest",
                title: "The client sent a request that does not follow the HTTP specification",
                side: CauseSide.Client,
                description: "The request line, headers or message framing break the HTTP specification, so the load balancer cannot parse the request and answers 400 without choosing a target.",
                check: "In the access log the entry has elb_status_code 400, target:port '-', target_status_code '-', all three processing times -1, matched_rule_priority '-' and actions_executed '-'. The request field shows what the client sent. HTTPCode_ELB_4XX_Count rises, but RequestCount does not count these requests because no target was chosen.",
                remediation: "Fix the client, or the proxy in front of the load balancer, so it sends well-formed HTTP. Reproduce with `curl -v` against the load balancer to see the raw exchange. Requests from scanners and bots need no action.",
                reference: Http400,
                decidedBy: DecidedBy.Manual,
                evaluate: MalformedRequest),
            new CauseDefinition(400, "400.RequestHeaderTooLarge",
                title: "The request line or headers exceed the load balancer's size limits",
                side: CauseSide.Client,
                description: "The load balancer accepts at most 16 KB for the request line, 16 KB for any single header and 64 KB for all request headers together; a larger request is rejected. Newer AWS documentation lists the same limits under 413 as well.",
                check: "The access log entry has elb_status_code 400, target_status_code '-' and processing times -1, with a large received_bytes value. Measure the request URL and the Cookie, Authorization and custom headers the client sends (browser developer tools, `curl -v`). An entry with 413 and no error_reason is the same cause.",
                remediation: "Reduce the header size: remove stale or oversized cookies, shorten tokens carried in headers, and move large data into the request body. These limits cannot be raised.",
                reference: Http400,
                decidedBy: DecidedBy.Manual,
                evaluate: HeaderLimits),
            new CauseDefinition(400, "400.ClientClosedBeforeFullBody",
                title: "The client closed the connection before sending the whole request body",
                side: CauseSide.Client,
                description: "The client announced a request body (Content-Length or chunked encoding) but closed the connection before sending all of it, so the incomplete request could not be forwarded.",
                check: "In the access log target:port is '-' (the request was never dispatched), target_status_code '-' and the processing times -1; received_bytes is smaller than the body the client declared. Look for client-side upload timeouts, cancelled uploads or unstable mobile networks at the same time.",
                remediation: "Check the client's upload timeout and retry logic. For slow or large uploads, keep data flowing (at least 1 byte per idle timeout) and raise `idle_timeout.timeout_seconds` if uploads stall. Usually nothing needs to change on the load balancer.",
                reference: Http400,
                decidedBy: DecidedBy.Manual,
                evaluate: c => IdleTimeoutShaped(c)),
            new CauseDefinition(400, "400.DesyncMitigationBlocked",
                title: "Desync mitigation blocked a request classified as unsafe",
                side: CauseSide.LoadBalancer,
                description: "The load balancer classifies every request for HTTP desync risk. In defensive mode (the default of `routing.http.desync_mitigation_mode`) it blocks requests classified Severe with a 400 and closes the client connection; in strictest mode it also blocks Acceptable and Ambiguous requests.",
                check: "In the access log the classification field is Severe (or Acceptable/Ambiguous in strictest mode) and classification_reason names the problem, e.g. BadContentLength, MultipleContentLength, BadHeader, BadTransferEncoding, BadUri, BadMethod, BadVersion or MultipleTransferEncodingChunked. DesyncMitigationMode_NonCompliant_Request_Count rises. Read the mode with `aws elbv2 describe-load-balancer-attributes` (key `routing.http.desync_mitigation_mode`).",
                remediation: "Fix the client so it sends RFC 7230-compliant requests (a single valid Content-Length or chunked Transfer-Encoding, no NUL or CR in headers or URI). If legitimate traffic is blocked in strictest mode, switch to defensive; use monitor only for a short investigation, since it lets every request through.",
                reference: DesyncMitigation,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: DesyncMitigationBlocked),
            new CauseDefinition(405, "405.TraceMethodNotSupported",
                title: "The client used the TRACE method",
                side: CauseSide.Client,
                description: "Application Load Balancers do not support the HTTP TRACE method and reject it with 405.",
                check: "In the access log the request field starts with TRACE, elb_status_code is 405 and target_status_code is '-'. Such requests usually come from security scanners.",
                remediation: "Use a supported method. For scanner traffic no action is needed: refusing TRACE is the intended behaviour.",
                reference: Http405,
                decidedBy: DecidedBy.AccessLogs,
                evaluate: TraceMethod),
            new CauseDefinition(408, "408.ClientIdleTimeout",
                title: "The client sent no data before the idle timeout expired",
                side: CauseSide.Client,
                description: "The client opened a request but then sent nothing for longer than the load balancer's idle timeout, so the load balancer gave up on it. TCP keep-alive packets do not count as data.",
                check: "The access log entry has elb_status_code 408 and target_status_code '-', and the time between request_creation_time and time is about the idle timeout. Read `idle_timeout.timeout_seconds` (default 60) with `aws elbv2 describe-load-balancer-attributes` and compare it with the pauses in the client's upload.",
                remediation: "Make the client send at least 1 byte before each idle timeout elapses (for example by streaming uploads steadily), or raise `idle_timeout.timeout_seconds` (1-4000) for slow clients.",
                reference: Http408,
                decidedBy: DecidedBy.AccessLogs,
                evaluate: c => IdleTimeoutShaped(c, "client_keep_alive.seconds", "3600")),
            new CauseDefinition(413, "413.RequestHeaderTooLarge",
                title: "The request line or headers exceed the load balancer's size limits",
                side: CauseSide.Client,
                description: "Newer AWS documentation also lists 413 when the request line exceeds 16 KB, a single header exceeds 16 KB, or all request headers together exceed 64 KB.",
                check: "The access log has elb_status_code 413, target_status_code '-' and no error_reason (which tells it apart from LambdaRequestTooLarge), with a large received_bytes value. Measure the request URL and the Cookie and Authorization headers the client sends.",
                remediation: "Reduce the header size: remove oversized cookies, shorten tokens, and move data into the request body. These limits cannot be raised.",
                reference: Http413,
                decidedBy: DecidedBy.AccessLogs,
                evaluate: HeaderLimits),
            new CauseDefinition(414, "414.UriTooLong",
                title: "The request URL or query string is too long",
                side: CauseSide.Client,
                description: "The request URL or its query string parameters are larger than the load balancer accepts.",
                check: "The access log has elb_status_code 414 and target_status_code '-', and the request field shows a very long URL or query string. Redirect loops that append a parameter on every hop produce this too.",
                remediation: "Send large parameters in a POST body instead of the query string, and break redirect loops that keep growing the URL.",
                reference: Http414,
                decidedBy: DecidedBy.AccessLogs,
                evaluate: HeaderLimits),
            new CauseDefinition(460, "460.ClientClosedConnection",
                title: "The client closed the connection before the response was ready",
                side: CauseSide.Client,
                description: "The client closed its connection to the load balancer before the idle timeout elapsed and before a response was available, usually because the client's own timeout is shorter than the time the target needs. The request had already reached the target.",
                check: "The access log has elb_status_code 460; the time between request_creation_time and time matches the client's timeout (often a round value such as 10 or 30 s) rather than `idle_timeout.timeout_seconds`. Compare with TargetResponseTime for the target group and with the client's or upstream proxy's timeout settings.",
                remediation: "Make the target respond before the client gives up (speed up slow requests or make long work asynchronous), or raise the client's timeout to at least the load balancer idle timeout if the client allows it.",
                reference: Http460,
                decidedBy: DecidedBy.AccessLogs,
                evaluate: c => IdleTimeoutShaped(c)),
            new CauseDefinition(463, "463.TooManyForwardedForAddresses",
                title: "The X-Forwarded-For header carries more than 30 IP addresses",
                side: CauseSide.Client,
                description: "The request's X-Forwarded-For header lists more IP addresses than the load balancer's limit of 30.",
                check: "The access log has elb_status_code 463. Capture the X-Forwarded-For header the client or upstream proxy sends; long proxy or CDN chains and loops that send requests back through the load balancer make it grow with every hop.",
                remediation: "Break the forwarding loop, or stop upstream hops from appending addresses unnecessarily, so the header stays at 30 addresses or fewer.",
                reference: Http463,
                decidedBy: DecidedBy.AccessLogs,
                evaluate: ForwardedFor),
            new CauseDefinition(501, "501.UnsupportedTransferEncoding",
                title: "The request has an unsupported Transfer-Encoding value",
                side: CauseSide.Client,
                description: "The request carries a Transfer-Encoding header with a value other than chunked or identity, the only values the load balancer supports.",
                check: "The access log has elb_status_code 501 and target_status_code '-'. Capture the request's Transfer-Encoding header on the client (values such as gzip, deflate or compress).",
                remediation: "Send chunked (or no Transfer-Encoding) and signal compression with the Content-Encoding header instead.",
                reference: Http501,
                decidedBy: DecidedBy.AccessLogs,
                evaluate: MalformedRequest),
            new CauseDefinition(505, "505.UnexpectedHttpVersion",
                title: "The request used an HTTP version the connection did not expect",
                side: CauseSide.Client,
                description: "The load balancer received a request in an unexpected HTTP version, for example an HTTP/2 request on a connection that had been set up as HTTP/1.",
                check: "The access log has elb_status_code 505; the request field shows the protocol version. Typical on HTTP (non-TLS) listeners, where no ALPN negotiation takes place, with clients that assume HTTP/2 (prior-knowledge h2c).",
                remediation: "Use an HTTPS listener for HTTP/2 (negotiated through ALPN), or configure the client to use HTTP/1.1 on plain HTTP.",
                reference: Http505,
                decidedBy: DecidedBy.AccessLogs,
                evaluate: UnexpectedHttpVersion),
        };

        private static CheckResult ClientSide(CheckContext c, params string[] evidence)
        {
            var unknown = c.Unknown(DescribeLoadBalancerAttributes);
            var lines = evidence.Concat(unknown?.Evidence ?? Array.Empty<string>()).Concat(new[] { "Depends on what clients send. " + c.ToCheck });
            return new CheckResult(CauseVerdict.Possible, lines);
        }

        private static CheckResult MalformedRequest(CheckContext c) =>
            ClientSide(c, c.LbAttributeText("routing.http.desync_mitigation_mode", "defensive"),
                c.LbAttributeText("routing.http.drop_invalid_header_fields.enabled", "false"));

        private static CheckResult HeaderLimits(CheckContext c) => ClientSide(c, HeaderLimitsText);

        private static CheckResult IdleTimeoutShaped(CheckContext c, string? otherKey = null, string? otherDefault = null) =>
            ClientSide(c, c.LbAttributeText("idle_timeout.timeout_seconds", "60"),
                otherKey is null ? string.Empty : c.LbAttributeText(otherKey, otherDefault!));

        private static CheckResult ForwardedFor(CheckContext c) =>
            ClientSide(c, c.LbAttributeText("routing.http.xff_header_processing.mode", "append"),
                "The load balancer refuses a request whose X-Forwarded-For header already lists more than 30 addresses.");

        private static CheckResult TraceMethod(CheckContext c) =>
            ClientSide(c, "The load balancer answers TRACE itself with 405, whatever the rules" +
                (c.ListenersKnown ? ", on listeners " + Join(c.Listeners.Select(DescribeListener)) : string.Empty) + ".");

        private static CheckResult UnexpectedHttpVersion(CheckContext c)
        {
            var plain = c.Listeners.Where(l => string.Equals(l.Protocol, "HTTP", StringComparison.OrdinalIgnoreCase)).Select(DescribeListener).ToArray();
            return ClientSide(c, !c.ListenersKnown ? "Listeners unknown: " + c.Model.UnknownReason(DescribeListeners) + "."
                : plain.Length > 0 ? "Plain HTTP listeners " + Join(plain) + " negotiate no version (no ALPN): a client assuming HTTP/2 there gets 505."
                : "Every listener is HTTPS, where ALPN negotiates the version; 505 needs a client that ignores it.");
        }

        private static CheckResult DesyncMitigationBlocked(CheckContext c)
        {
            var unknown = c.Unknown(DescribeLoadBalancerAttributes);
            if (unknown is not null) return unknown;
            var mode = c.LbAttribute("routing.http.desync_mitigation_mode", "defensive");
            var text = c.LbAttributeText("routing.http.desync_mitigation_mode", "defensive");
            return string.Equals(mode, "monitor", StringComparison.OrdinalIgnoreCase)
                ? CheckResult.Of(CauseVerdict.RuledOut, text + ": monitor mode only records classifications and blocks nothing.")
                : CheckResult.Of(CauseVerdict.Possible, text + (mode == "strictest"
                    ? ": strictest blocks every request that is not compliant, Ambiguous ones included."
                    : ": defensive blocks requests classified Severe."), c.ToCheck);
        }

        private static CheckResult Http2GoAway(CheckContext c)
        {
            var unknown = c.Unknown(DescribeListeners);
            if (unknown is not null) return unknown;
            var https = c.Listeners.Where(l => string.Equals(l.Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase)).Select(DescribeListener).ToArray();
            if (https.Length == 0)
                return CheckResult.Of(CauseVerdict.RuledOut, "No HTTPS listener: clients reach " + c.LoadBalancer.Name + " over HTTP/1.1 only, and GOAWAY is an HTTP/2 frame.");
            var http2 = c.LbAttribute("routing.http2.enabled", "true");
            if (string.Equals(http2, "false", StringComparison.OrdinalIgnoreCase))
                return CheckResult.Of(CauseVerdict.RuledOut, c.LbAttributeText("routing.http2.enabled", "true") + ": clients use HTTP/1.1, and GOAWAY is an HTTP/2 frame.");
            return ClientSide(c, "HTTPS listeners " + Join(https) + " negotiate HTTP/2 with clients that offer it" +
                (http2 is null ? " (if routing.http2.enabled is on)" : string.Empty) + ".",
                c.LbAttributeText("client_keep_alive.seconds", "3600"));
        }

        /// <summary>Confirmed for provisioning or failed (nothing serves), Likely for active_impaired, RuledOut for active.</summary>
        private static CheckResult LoadBalancerState(CheckContext c)
        {
            var lb = c.LoadBalancer;
            var state = lb.State;
            var text = lb.Name + " is in State " + (state ?? "(none)") + (string.IsNullOrEmpty(lb.StateReason) ? string.Empty : " (" + lb.StateReason + ")");
            switch (state)
            {
                case "active": return CheckResult.Of(CauseVerdict.RuledOut, text + ".");
                case "active_impaired": return CheckResult.Of(CauseVerdict.Likely, text + ": it routes traffic but cannot scale, so clients can be refused under load.");
                case "provisioning":
                case "failed": return CheckResult.Of(CauseVerdict.Confirmed, text + ": it serves no client.");
                case null: return CheckResult.Of(CauseVerdict.Unknown, "DescribeLoadBalancers gives no State for " + lb.Name + ".");
                default: return CheckResult.Of(CauseVerdict.Unknown, text + ": a state this module does not know (AWS documents provisioning, active, active_impaired and failed).");
            }
        }

        /// <summary>
        /// The clients' side of the path, per load balancer subnet: the route back to the internet for
        /// an internet-facing load balancer, and the client-facing results of Test-AlbNaclEphemeral
        /// (listener ports in, 1024-65535 out). Every subnet cut off: Confirmed; some: Likely (clients
        /// fail when DNS gives them those nodes). A network ACL that denies only some client addresses
        /// is often deliberate (a deny list): Possible.
        /// </summary>
        private static CheckResult ClientPath(CheckContext c)
        {
            var lb = c.LoadBalancer;
            var subnets = lb.SubnetIds.Distinct().ToList();
            if (subnets.Count == 0) return CheckResult.Of(CauseVerdict.Unknown, "The load balancer's subnets are unknown (DescribeLoadBalancers gives no AvailabilityZones).");
            var cutOff = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var f = new Findings();
            void CutOff(string subnet, string why) => (cutOff.TryGetValue(subnet, out var l) ? l : cutOff[subnet] = new List<string>()).Add(why);

            if (string.Equals(lb.Scheme, "internet-facing", StringComparison.OrdinalIgnoreCase))
            {
                var unknown = c.Unknown(DescribeRouteTables);
                if (unknown is not null) return unknown;
                var families = new List<IpCidr> { IpCidr.AllIPv4 };
                if (lb.IpAddressType is not null && lb.IpAddressType.StartsWith("dualstack", StringComparison.OrdinalIgnoreCase)) families.Add(IpCidr.AllIPv6);
                foreach (var subnet in subnets)
                {
                    var table = c.Model.RouteTableOfSubnet(subnet);
                    if (table is null)
                    {
                        f.Add(CauseVerdict.Unknown, "No route table found for load balancer subnet " + subnet + ".");
                        continue;
                    }
                    foreach (var all in families)
                    {
                        var route = table.Routes.FirstOrDefault(r => r.Destination is not null && r.Destination.Equals(all));
                        if (route is null && table.Unreadable.Count > 0)
                            f.Add(CauseVerdict.Unknown, "Load balancer subnet " + subnet + ": " + table.RouteTableId + " has routes that could not be read (" + Join(table.Unreadable) + ").");
                        else if (route is null) CutOff(subnet, table.RouteTableId + " has no route to " + all + ", so replies to clients there are lost");
                        else if (!route.IsActive)
                            CutOff(subnet, table.RouteTableId + ": route " + all + " via " + route.TargetId + " is " + route.State);
                        else if (!route.TargetId.StartsWith("igw-", StringComparison.Ordinal))
                            CutOff(subnet, table.RouteTableId + " routes " + all + " via " + route.TargetId + ", not an internet gateway: replies to internet clients do not leave the way they came");
                    }
                }
            }

            var naclResults = c.Options.NaclEphemeral?.Where(r => r.RoleKind == NaclRole.LoadBalancerSubnet && IsClientFacing(c, r)).ToList();
            if (naclResults is null)
                f.Add(CauseVerdict.Unknown, "The network ACLs were not evaluated: run Test-AlbNaclEphemeral (or Invoke-AlbDiagnosis).");
            else
            {
                foreach (var r in naclResults)
                {
                    var text = "Test-AlbNaclEphemeral: " + r.NetworkAclId + " on " + r.SubnetId + " (" + r.Direction + ", clients " + r.PeerCidr + ", " + r.PortRange + ") " + r.Verdict +
                        (r.BlockedRanges.Length > 0 ? ": blocked " + Join(r.BlockedRanges) + " by rule(s) " + Join(r.DecidingRules.Select(n => n.ToString(CultureInfo.InvariantCulture))) : string.Empty) + ". " + r.Explanation;
                    if (r.VerdictKind == NaclRangeVerdict.Blocked) CutOff(r.SubnetId, text);
                    else if (r.VerdictKind == NaclRangeVerdict.PartiallyBlocked)
                        // Some ports cut for every client breaks connections; some addresses cut is a deny list.
                        f.Add(r.BlockedRanges.Length == 1 && r.BlockedRanges[0] == r.PortRange ? CauseVerdict.Possible : CauseVerdict.Likely, text);
                    else if (r.VerdictKind == NaclRangeVerdict.Unknown) f.Add(CauseVerdict.Unknown, text);
                }
            }

            var whole = subnets.All(cutOff.ContainsKey);
            foreach (var entry in cutOff)
                foreach (var why in entry.Value)
                    f.Add(whole ? CauseVerdict.Confirmed : CauseVerdict.Likely, "Load balancer subnet " + entry.Key + ": " + why + (whole ? "." : " (other subnets still serve: clients fail when DNS gives them this node)."));
            if (!f.Any)
                f.Add(CauseVerdict.RuledOut, "Every load balancer subnet (" + Join(subnets) + ") lets clients in on the listener ports and the replies out" +
                    (string.Equals(lb.Scheme, "internet-facing", StringComparison.OrdinalIgnoreCase) ? ", and routes to an internet gateway" : string.Empty) + ".");
            return f.ToResult();
        }

        /// <summary>The client-facing NACL results: listener ports in, and ephemeral ports out (not the replies from targets, which come in on 1024-65535).</summary>
        private static bool IsClientFacing(CheckContext c, NaclEphemeralResult r) =>
            r.DirectionKind == TrafficDirection.Outbound ||
            (r.DirectionKind == TrafficDirection.Inbound && r.PortRange != PortRange.Ephemeral.ToString());

        /// <summary>Possible per listener in verify mode (which clients fail is traffic); RuledOut when none verifies.</summary>
        private static CheckResult ClientCertificate(CheckContext c)
        {
            var unknown = c.Unknown(DescribeListeners);
            if (unknown is not null) return unknown;
            var f = new Findings();
            foreach (var listener in c.Listeners.Where(l => l.MutualAuthentication?.IsVerify == true))
            {
                var m = listener.MutualAuthentication!;
                f.Add(m.TrustStoreAssociationStatus == "removed" ? CauseVerdict.Likely : CauseVerdict.Possible,
                    "Listener " + DescribeListener(listener) + " verifies client certificates (trust store " + (m.TrustStoreArn ?? "not given") +
                    (m.IgnoreClientCertificateExpiry == true ? ", expired certificates accepted" : string.Empty) + ")" +
                    (m.TrustStoreAssociationStatus == "removed" ? ": its trust store was deleted, so no certificate can be verified." : ": a client without a valid certificate is refused at the handshake."));
            }
            if (!f.Any) f.Add(CauseVerdict.RuledOut, "No listener of " + c.LoadBalancer.Name + " verifies client certificates (mutual TLS off or passthrough).");
            return f.ToResult(f.Verdict == CauseVerdict.RuledOut ? string.Empty : c.ToCheck);
        }

        /// <summary>
        /// Only an HTTPS listener has a client handshake to fail: none, NotApplicable; otherwise
        /// Possible, naming each listener's security policy (which protocols and ciphers clients get).
        /// The client's side, and the count of failures, are the metrics' (MetricEvidence).
        /// </summary>
        private static CheckResult ClientTls(CheckContext c)
        {
            var unknown = c.Unknown(DescribeListeners);
            if (unknown is not null) return unknown;
            var https = c.Listeners.Where(l => string.Equals(l.Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase)).ToList();
            if (https.Count == 0) return CheckResult.Of(CauseVerdict.NotApplicable, c.LoadBalancer.Name + " has no HTTPS listener: clients make no TLS handshake with it.");
            return CheckResult.Of(CauseVerdict.Possible, https.Select(l => "Listener " + DescribeListener(l) + " negotiates TLS with security policy " +
                (string.IsNullOrEmpty(l.SslPolicy) ? "(not given)" : l.SslPolicy) + ": clients that offer none of its protocols and ciphers, or cannot verify its certificate, fail the handshake.")
                .Concat(new[] { c.ToCheck }).ToArray());
        }

        /// <summary>The configuration cannot show a surge: Possible, and only RejectedConnectionCount decides (MetricEvidence).</summary>
        private static CheckResult ConnectionsRejected(CheckContext c) =>
            CheckResult.Of(CauseVerdict.Possible, "Any load balancer can meet a surge faster than it scales; RejectedConnectionCount says whether it rejected connections (Invoke-AlbDiagnosis -MetricWindow).");
    }
}
