using System;
using System.Linq;
using static AlbTroubleshoot.Diagnostics.CheckContext;

namespace AlbTroubleshoot.Diagnostics
{
    // Client-side causes: the configuration cannot show what clients send, but it shapes whether
    // and when the load balancer answers with these codes. Mostly Possible, with the attributes
    // involved and the check to run.
    internal static partial class Checks
    {
        private const string HeaderLimitsText =
            "Limits: request line 16 KB, a single header 16 KB, all request headers 64 KB (larger gives 400, 413 or 414 depending on where the limit is hit).";

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
    }
}
