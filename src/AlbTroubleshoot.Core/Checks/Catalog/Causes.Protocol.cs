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
    /// <summary>464: the request's protocol against the target group's ProtocolVersion.</summary>
    internal static class ProtocolCauses
    {
        private enum ProtocolCase { Http1ToGrpc, Http1ToHttp2, GrpcToHttp1, Http2NonPostToGrpc }

        internal static IEnumerable<CauseDefinition> Causes() => new[]
        {
            new CauseDefinition(464, "464.Http1ToGrpcTargetGroup",
                title: "HTTP/1.1 request sent to a gRPC target group",
                side: CauseSide.Client,
                description: "The matched rule forwards to a target group whose ProtocolVersion is GRPC, but the request arrived over HTTP/1.1; the load balancer rejects that combination with 464.",
                check: "In the access log the request field ends in HTTP/1.1 and target_group_arn points to a group for which `aws elbv2 describe-target-groups` shows ProtocolVersion GRPC. Clients or proxies that fall back to HTTP/1.1, and `routing.http2.enabled` set to false on the load balancer, produce such requests.",
                remediation: "Send gRPC over HTTP/2 through an HTTPS listener (keep `routing.http2.enabled` true), or add a listener rule that sends the HTTP/1.1 traffic to a target group with ProtocolVersion HTTP1.",
                reference: Http464,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: c => ProtocolVersion(c, ProtocolCase.Http1ToGrpc)),
            new CauseDefinition(464, "464.Http1ToHttp2TargetGroup",
                title: "HTTP/1.1 request sent to an HTTP/2 target group",
                side: CauseSide.Client,
                description: "The target group's ProtocolVersion is HTTP2, which accepts only requests that arrived over HTTP/2; an HTTP/1.1 request to it is rejected with 464.",
                check: "The request field in the access log ends in HTTP/1.1 and `aws elbv2 describe-target-groups` shows ProtocolVersion HTTP2 for target_group_arn. Clients without HTTP/2 support, or traffic through an HTTP (non-TLS) listener, arrive as HTTP/1.1.",
                remediation: "Use a target group with ProtocolVersion HTTP1 for paths HTTP/1.1 clients use (HTTP/2 clients still work with it); ProtocolVersion cannot be changed on an existing target group, so create a new one and switch the rule. Otherwise make all clients use HTTP/2 over HTTPS.",
                reference: References.ProtocolVersion,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: c => ProtocolVersion(c, ProtocolCase.Http1ToHttp2)),
            new CauseDefinition(464, "464.GrpcToHttp1TargetGroup",
                title: "gRPC request sent to an HTTP/1.1 target group",
                side: CauseSide.Client,
                description: "A gRPC call matched a rule that forwards to a target group with ProtocolVersion HTTP1, which cannot carry gRPC, so the load balancer rejects it with 464.",
                check: "The access log entry is a gRPC call (type grpcs, or a /package.service/method path with content-type application/grpc) and `aws elbv2 describe-target-groups` shows ProtocolVersion HTTP1 for target_group_arn.",
                remediation: "Create a target group with ProtocolVersion GRPC (HTTPS listener, instance or ip targets, a gRPC health check path /package.service/method and gRPC success codes) and route the gRPC paths to it.",
                reference: References.ProtocolVersion,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: c => ProtocolVersion(c, ProtocolCase.GrpcToHttp1)),
            new CauseDefinition(464, "464.Http2NonPostToGrpcTargetGroup",
                title: "HTTP/2 request other than POST sent to a gRPC target group",
                side: CauseSide.Client,
                description: "A gRPC target group accepts HTTP/2 requests only when they use POST; an HTTP/2 GET or other method routed to it is rejected with 464.",
                check: "The request field shows HTTP/2.0 with a method other than POST, and `aws elbv2 describe-target-groups` shows ProtocolVersion GRPC for target_group_arn. Browser traffic or probes hitting a rule meant for gRPC are typical.",
                remediation: "Tighten the listener rule conditions (a path pattern such as /package.service/*, or an http-header condition on content-type application/grpc) so only gRPC calls reach the gRPC target group, and send other traffic to an HTTP1 or HTTP2 target group.",
                reference: References.ProtocolVersion,
                decidedBy: DecidedBy.Configuration | DecidedBy.AccessLogs,
                evaluate: c => ProtocolVersion(c, ProtocolCase.Http2NonPostToGrpc)),
        };

        private static CheckResult ProtocolVersion(CheckContext c, ProtocolCase kind)
        {
            var pre = c.ForwardPrerequisites();
            if (pre is not null) return pre;
            var f = new Findings();
            var compatible = new List<string>();
            var servesGrpc = c.ServingGroups.Any(g => Version(g) == "GRPC");
            // Unknown attributes count as AWS's default (HTTP/2 on), with a caveat below.
            var http2Enabled = !string.Equals(c.LbAttribute("routing.http2.enabled", "true"), "false", StringComparison.OrdinalIgnoreCase);
            foreach (var p in c.Paths.Where(p => !p.ReceivesNoTraffic && p.Group is not null && !IsLambda(p.Group)))
            {
                var g = p.Group!;
                var version = Version(g);
                var https = string.Equals(p.Listener.Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase);
                var http2Only = p.Listener.AlpnPolicy.Any(a => string.Equals(a, "HTTP2Only", StringComparison.OrdinalIgnoreCase));
                var route = p.Where + " -> " + g.Name + " (ProtocolVersion " + version + ", " + g.Arn + ")";
                CauseVerdict? verdict = null;
                string why = string.Empty;
                switch (kind)
                {
                    case ProtocolCase.Http1ToGrpc:
                    case ProtocolCase.Http1ToHttp2:
                        if (version != (kind == ProtocolCase.Http1ToGrpc ? "GRPC" : "HTTP2")) break;
                        if (!https) { verdict = CauseVerdict.Confirmed; why = "an HTTP listener carries HTTP/1.1 only, so every request here gets 464"; }
                        else if (!http2Enabled) { verdict = CauseVerdict.Confirmed; why = "routing.http2.enabled = false: the load balancer speaks HTTP/1.1 with every client, so every request here gets 464"; }
                        else if (http2Only) { verdict = CauseVerdict.RuledOut; why = "ALPN policy HTTP2Only admits no HTTP/1.1 client"; }
                        else { verdict = CauseVerdict.Possible; why = "HTTP/1.1 clients of this HTTPS listener get 464"; }
                        break;
                    case ProtocolCase.Http2NonPostToGrpc:
                        if (version != "GRPC") break;
                        if (!https || !http2Enabled) { verdict = CauseVerdict.RuledOut; why = https ? "routing.http2.enabled is false" : "no HTTP/2 on an HTTP listener"; }
                        else { verdict = CauseVerdict.Possible; why = "an HTTP/2 client sending anything but POST here gets 464"; }
                        break;
                    case ProtocolCase.GrpcToHttp1:
                        if (version != "HTTP1") break;
                        // A gRPC client is not announced by any configuration: a client that calls an
                        // HTTPS listener whose rule forwards to an HTTP1 group gets exactly this 464.
                        if (!https || !http2Enabled)
                        {
                            verdict = CauseVerdict.RuledOut;
                            why = https ? "routing.http2.enabled = false: no client reaches it over HTTP/2, which gRPC needs" : "gRPC needs HTTP/2, which an HTTP listener does not carry";
                        }
                        else
                        {
                            verdict = CauseVerdict.Possible;
                            why = "a gRPC call matching this rule gets 464" + (servesGrpc ? " (the load balancer also serves gRPC elsewhere, so gRPC clients are expected)" : string.Empty);
                        }
                        break;
                }
                if (verdict is null) continue;
                if (verdict == CauseVerdict.RuledOut) compatible.Add(route + " (" + why + ")");
                else f.Add(verdict.Value, route + ": " + why + ".");
            }
            if (compatible.Count > 0) f.Add(CauseVerdict.RuledOut, "Compatible: " + string.Join("; ", compatible.Distinct()) + ".");
            if (!f.Any)
                f.Add(CauseVerdict.RuledOut, "No rule forwards to a target group of the ProtocolVersion this needs (" + (kind == ProtocolCase.GrpcToHttp1 ? "HTTP1" : kind == ProtocolCase.Http1ToHttp2 ? "HTTP2" : "GRPC") +
                    "); the target groups are " + Join(c.ServingGroups.Where(g => !IsLambda(g)).Select(g => g.Name + " " + Version(g)).Distinct()) + ".");
            if (c.LoadBalancer.Attributes is null && f.Verdict == CauseVerdict.Possible)
                f.Add(CauseVerdict.Unknown, "routing.http2.enabled is unknown (" + c.Model.UnknownReason(DescribeLoadBalancerAttributes) + "): with it false, every request on the HTTPS listeners arrives as HTTP/1.1.");
            c.RulesCaveat(f);
            return f.ToResult();
        }

        /// <summary>HTTP1 is AWS's default when a group states none.</summary>
        private static string Version(TargetGroup g) => string.IsNullOrEmpty(g.ProtocolVersion) ? "HTTP1" : g.ProtocolVersion!.ToUpperInvariant();
    }
}
