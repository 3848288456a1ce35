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
    /// <summary>What the targets answer: slow, malformed or error responses.</summary>
    internal static class TargetResponseCauses
    {
        internal static IEnumerable<CauseDefinition> Causes() => new[]
        {
            new CauseDefinition(502, "502.MalformedTargetResponse",
                title: "The target's response is malformed or has invalid headers",
                side: CauseSide.Target,
                description: "The target answered, but the response is not valid HTTP or contains header fields that are not valid, so the load balancer cannot forward it.",
                check: "In the access log target:port is set (the request reached the target) but target_status_code is '-'. Capture the raw response from inside the VPC (`curl -sv --raw http://<target-ip>:<port>/path`, or `nc`) and look for a bad status line, header names with spaces or illegal characters, bare LF line endings, or conflicting Content-Length headers.",
                remediation: "Fix the application or the proxy on the target so it sends valid HTTP/1.1: a proper status line, CRLF line endings and valid header names and values.",
                reference: Http502,
                decidedBy: DecidedBy.AccessLogs | DecidedBy.Probe,
                evaluate: TargetResponseShape),
            new CauseDefinition(502, "502.ResponseHeaderTooLarge",
                title: "The target's response headers exceed 32 KB",
                side: CauseSide.Target,
                description: "The headers of the target's response add up to more than 32 KB, the most the load balancer accepts.",
                check: "502s with target_status_code '-' for particular URLs only. Measure the response headers directly from the VPC: `curl -s -o /dev/null -D - http://<target-ip>:<port>/path | wc -c`. Many or large Set-Cookie headers, long Content-Security-Policy headers and debug headers are the usual cause.",
                remediation: "Bring the response headers under 32 KB: fewer and smaller cookies, no debug headers, and large data moved into the body.",
                reference: Http502,
                decidedBy: DecidedBy.AccessLogs | DecidedBy.Probe,
                evaluate: TargetResponseShape),
            new CauseDefinition(504, "504.TargetResponseTimeout",
                title: "The target did not respond before the idle timeout",
                side: CauseSide.Target,
                description: "The connection was made and the request sent, but the target sent nothing back before `idle_timeout.timeout_seconds` elapsed. Slow requests, overloaded targets and traffic peaks cause it.",
                check: "In the access log elb_status_code is 504 and target_status_code '-' while target:port names the target, and the request lasted about the idle timeout (time minus request_creation_time; target_processing_time may be -1). The maximum of TargetResponseTime approaches the idle timeout (default 60 s). Look at the target's CPU, memory and worker pools, and at which URLs are slow.",
                remediation: "Make the target answer faster (optimize, scale out, move long work to background jobs, send the first byte early), or raise `idle_timeout.timeout_seconds` (1-4000) for requests that are legitimately long.",
                reference: Http504,
                decidedBy: DecidedBy.AccessLogs | DecidedBy.Probe | DecidedBy.Metrics,
                evaluate: TargetResponseTimeout),
            new CauseDefinition(504, "504.ContentLengthLargerThanBody",
                title: "The target's Content-Length is larger than the body it sent",
                side: CauseSide.Target,
                description: "The target declared a Content-Length larger than the body it actually sent, so the load balancer waited for the missing bytes until the idle timeout elapsed.",
                check: "504s for specific URLs that the target itself logged as successful, lasting about the idle timeout; the access log may still show the target's status in target_status_code. Compare the declared length with the body: `curl -sv http://<target-ip>:<port>/path -o /dev/null` reports 'transfer closed with N bytes remaining to read'.",
                remediation: "Fix the application or middleware (compression, body rewriting, manual Content-Length) so Content-Length matches the body, or use chunked transfer encoding.",
                reference: Http504,
                decidedBy: DecidedBy.AccessLogs | DecidedBy.Probe,
                evaluate: ContentLength),
            new CauseDefinition(400, "4XX.TargetGenerated",
                title: "The target returned this 4XX response itself",
                side: CauseSide.Target,
                description: "The load balancer forwards valid HTTP responses from targets to the client unchanged, including 4XX errors. Such a code means the application rejected the request, not the load balancer.",
                check: "In the access log target_status_code equals elb_status_code (for example 404 and 404) and target:port names the target (for a Lambda target, target_status_code is the statusCode the function returned). The metric HTTPCode_Target_4XX_Count rises, not HTTPCode_ELB_4XX_Count. If actions_executed is fixed-response, a listener rule produced the code instead.",
                remediation: "Find the request in the target application's logs (match the X-Amzn-Trace-Id header, logged in trace_id) and fix the application or the client's request.",
                reference: TargetHttpErrors,
                decidedBy: DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => TargetGenerated(c, '4'),
                appliesToWholeClass: true),
            new CauseDefinition(500, "5XX.TargetGenerated",
                title: "The target returned this 5XX response itself",
                side: CauseSide.Target,
                description: "The load balancer forwards valid HTTP responses from targets to the client unchanged, including 5XX errors. Such a code means the application failed or refused the request; the load balancer only passed the answer on.",
                check: "In the access log target_status_code equals elb_status_code (for example 502 and 502, or 500 and 500) and target:port names the target (for a Lambda target, target_status_code is the statusCode the function returned). The metric HTTPCode_Target_5XX_Count rises, not HTTPCode_ELB_5XX_Count. If actions_executed is fixed-response, a listener rule produced the code instead.",
                remediation: "Find the request in the target application's logs (match the X-Amzn-Trace-Id header, logged in trace_id) and fix the failure there: exceptions, exhausted resources, or failing dependencies such as databases and upstream services.",
                reference: TargetHttpErrors,
                decidedBy: DecidedBy.AccessLogs | DecidedBy.Metrics,
                evaluate: c => TargetGenerated(c, '5'),
                appliesToWholeClass: true),
        };

        private static CheckResult TargetResponseShape(CheckContext c)
        {
            if (c.ListenersKnown && c.Model.TargetGroups is not null && c.OnlyLambda) return c.OnlyLambdaResult();
            return CheckResult.Of(CauseVerdict.Possible, "It depends on what the targets send, which the configuration does not show; access logs (-AccessLogPath) can.", c.ToCheck);
        }

        private static CheckResult TargetResponseTimeout(CheckContext c)
        {
            if (c.OnlyLambda) return c.OnlyLambdaResult();
            var unknown = c.Unknown(DescribeLoadBalancerAttributes);
            if (unknown is not null) return unknown;
            var idleText = c.LbAttributeText("idle_timeout.timeout_seconds", "60");
            var reachable = c.ReachabilityResults?.Where(r => r.VerdictKind == ReachabilityVerdict.Reachable).Select(r => r.TargetId).ToList();
            var slow = c.TargetsWithReason("Target.Timeout").Where(x => reachable is not null && reachable.Contains(x.Target.Id)).ToList();
            if (slow.Count > 0)
                return new CheckResult(CauseVerdict.Likely, new[] { idleText + "." }
                    .Concat(slow.Select(x => DescribeTarget(x.Target) + " in " + x.Group.Name + " is reachable but does not answer its " + DescribeHealthCheck(x.Group) + " in time: the target is slow.")));
            return CheckResult.Of(CauseVerdict.Possible, idleText + ": a target that sends nothing back for this long gets the request a 504.",
                "Whether targets are that slow needs traffic evidence. " + c.ToCheck);
        }

        private static CheckResult ContentLength(CheckContext c)
        {
            if (c.OnlyLambda) return c.OnlyLambdaResult();
            return CheckResult.Of(CauseVerdict.Possible,
                "The configuration says nothing about the Content-Length the targets send; access logs (-AccessLogPath) or a request from the VPC can.", c.ToCheck);
        }

        /// <summary>
        /// Any target can answer any request with an error, so the configuration never rules this out
        /// and never decides it: Possible. A health check answered with a code of this class shows that
        /// target answering such codes on its health path (it is out of service for it, which is not a
        /// client error), so it is named; access logs decide (target_status_code = elb_status_code).
        /// </summary>
        private static CheckResult TargetGenerated(CheckContext c, char classDigit)
        {
            var pre = c.ForwardPrerequisites();
            if (pre is not null) return pre;
            var mismatches = c.TargetsWithReason("Target.ResponseCodeMismatch");
            var own = mismatches.Where(x => (x.Target.Description ?? string.Empty).Contains("[" + classDigit)).ToList();
            return new CheckResult(CauseVerdict.Possible,
                Once("Any target can return " + classDigit + "XX for some requests; the load balancer passes them on.")
                    .Concat(own.Select(x => "Its health check shows one: " + Describe(x.Group) + ": " + DescribeTarget(x.Target) + "; " + DescribeHealthCheck(x.Group) +
                        ". The target answers " + classDigit + "XX on its health path and is out of service until it passes."))
                    .Concat(Once(c.ToCheck)));
        }
    }
}
