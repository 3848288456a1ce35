using System;
using System.Collections.Generic;
using System.Linq;
using AlbTroubleshoot.Model;
using static AlbTroubleshoot.Diagnostics.CheckContext;

namespace AlbTroubleshoot.Diagnostics
{
    // 464: the request's protocol against the target group's ProtocolVersion, along every rule, per
    // AWS's compatibility table (target-group-protocol-version). HTTP listeners carry HTTP/1.1 only;
    // HTTPS listeners carry what ALPN negotiates (HTTP/1.1 and HTTP/2, or HTTP/2 only with HTTP2Only).
    internal static partial class Checks
    {
        internal enum ProtocolCase { Http1ToGrpc, Http1ToHttp2, GrpcToHttp1, Http2NonPostToGrpc }

        private static CheckResult ProtocolVersion(CheckContext c, ProtocolCase kind)
        {
            var pre = ForwardPrerequisites(c);
            if (pre is not null) return pre;
            var f = new Findings();
            var compatible = new List<string>();
            var servesGrpc = c.ServingGroups.Any(g => Version(g) == "GRPC");
            var http2Enabled = !string.Equals(c.LbAttribute("routing.http2.enabled", "true"), "false", StringComparison.OrdinalIgnoreCase);
            foreach (var p in c.Paths.Where(p => !p.ReceivesNoTraffic && p.Group is not null && !IsLambda(p.Group)))
            {
                var g = p.Group!;
                var version = Version(g);
                var https = string.Equals(p.Listener.Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase);
                var http2Only = p.Listener.AlpnPolicy.Any(a => string.Equals(a, "HTTP2Only", StringComparison.OrdinalIgnoreCase));
                var route = p.Where + " -> " + g.Name + " (ProtocolVersion " + version + ", " + g.Arn + ")";
                string? verdict = null;
                string why = string.Empty;
                switch (kind)
                {
                    case ProtocolCase.Http1ToGrpc:
                    case ProtocolCase.Http1ToHttp2:
                        if (version != (kind == ProtocolCase.Http1ToGrpc ? "GRPC" : "HTTP2")) break;
                        if (!https) { verdict = CauseVerdict.Confirmed; why = "an HTTP listener carries HTTP/1.1 only, so every request here gets 464"; }
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
                        if (!https || !servesGrpc)
                        {
                            verdict = CauseVerdict.RuledOut;
                            why = https ? "the load balancer publishes no gRPC target group, so no gRPC client is expected" : "gRPC needs HTTP/2, which an HTTP listener does not carry";
                        }
                        else { verdict = CauseVerdict.Possible; why = "the load balancer also serves gRPC; a gRPC call matching this rule gets 464"; }
                        break;
                }
                if (verdict is null) continue;
                if (verdict == CauseVerdict.RuledOut) compatible.Add(route + " (" + why + ")");
                else f.Add(verdict, route + ": " + why + ".");
            }
            if (compatible.Count > 0) f.Add(CauseVerdict.RuledOut, "Compatible: " + string.Join("; ", compatible.Distinct()) + ".");
            if (!f.Any)
                f.Add(CauseVerdict.RuledOut, "No rule forwards to a target group of the ProtocolVersion this needs (" + (kind == ProtocolCase.GrpcToHttp1 ? "HTTP1" : kind == ProtocolCase.Http1ToHttp2 ? "HTTP2" : "GRPC") +
                    "); the target groups are " + Join(c.ServingGroups.Where(g => !IsLambda(g)).Select(g => g.Name + " " + Version(g)).Distinct()) + ".");
            RulesCaveat(c, f);
            return f.ToResult();
        }

        /// <summary>HTTP1 is AWS's default when a group states none.</summary>
        private static string Version(TargetGroup g) => string.IsNullOrEmpty(g.ProtocolVersion) ? "HTTP1" : g.ProtocolVersion!.ToUpperInvariant();
    }
}
