using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Reachability;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Probe
{
    /// <summary>One entry of a plan, in output order: a target to probe, or the rows of one that cannot be.</summary>
    internal sealed class ProbePlanItem
    {
        internal ProbePlanItem(ProbeTarget? target, IReadOnlyList<EndpointProbeResult> rows)
        {
            Target = target;
            Rows = rows;
        }

        /// <summary>Null when the target cannot be probed; <see cref="Rows"/> then say why.</summary>
        public ProbeTarget? Target { get; }

        public IReadOnlyList<EndpointProbeResult> Rows { get; }
    }

    /// <summary>
    /// What to probe for one load balancer of a snapshot: every registered target of its target groups
    /// (or of the named ones), at the address and ports the ALB uses, with the group's settings. Only
    /// addresses the snapshot lists are ever probed; every value taken from the snapshot (paths,
    /// matchers, ports, addresses) is checked first, and one that is not valid makes its check Unknown.
    /// </summary>
    internal static class SnapshotProbePlan
    {
        /// <summary>What the user may override: the keep-alive comparison and the request path.</summary>
        public sealed class Options
        {
            /// <summary>-IdleTimeoutSeconds: replaces the load balancer's idle_timeout.timeout_seconds.</summary>
            public int? IdleTimeoutSeconds { get; set; }

            /// <summary>-RequestPath (already validated): the path of the ResponseFormat and KeepAlive request instead of the health-check path.</summary>
            public string? RequestPath { get; set; }
        }

        public static IReadOnlyList<ProbePlanItem> Build(EnvironmentModel model, LoadBalancer loadBalancer, IEnumerable<TargetGroup> groups, Options options)
        {
            if (model is null) throw new ArgumentNullException(nameof(model));
            if (loadBalancer is null) throw new ArgumentNullException(nameof(loadBalancer));
            if (groups is null) throw new ArgumentNullException(nameof(groups));
            options ??= new Options();
            var (idle, idleSource) = IdleTimeoutOf(loadBalancer, options.IdleTimeoutSeconds);
            var tlsPolicy = BackendTlsPolicy.ForListenerPolicies(
                (loadBalancer.Listeners ?? Array.Empty<Listener>()).Where(l => string.Equals(l.Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase)).Select(l => l.SslPolicy));
            var items = new List<ProbePlanItem>();
            foreach (var group in groups)
            {
                if (group.Targets is null)
                {
                    items.Add(Fixed(loadBalancer, group, string.Empty, string.Empty, group.Port ?? 0, ProbeVerdict.Unknown,
                        "The registered targets of " + group.Name + " are not known: " + model.UnknownReason(SnapshotOperations.DescribeTargetHealth) + "."));
                    continue;
                }
                foreach (var registered in group.Targets)
                    items.Add(Plan(model, loadBalancer, group, registered, idle, idleSource, tlsPolicy, options));
            }
            return items;
        }

        private static ProbePlanItem Plan(EnvironmentModel model, LoadBalancer loadBalancer, TargetGroup group, RegisteredTarget registered,
            TimeSpan idle, string idleSource, BackendTlsPolicy tlsPolicy, Options options)
        {
            var type = group.TargetType ?? "instance";
            var trafficPort = PathEndpoints.TrafficPort(group, registered);
            if (type is "lambda" or "alb")
                return Fixed(loadBalancer, group, registered.Id, string.Empty, trafficPort ?? 0, ProbeVerdict.Skipped,
                    type == "lambda"
                        ? "A Lambda target is invoked through the Lambda service, not over a connection the probe could make."
                        : "An ALB registered as a target is reached through its own listeners: probe that load balancer's targets instead.");

            string? address;
            if (type == "ip")
            {
                address = IPAddress.TryParse(registered.Id, out var ip) ? ip.ToString() : null;
                if (address is null)
                    return Fixed(loadBalancer, group, registered.Id, string.Empty, trafficPort ?? 0, ProbeVerdict.Unknown,
                        "The IP target '" + ProbeInput.Quote(registered.Id) + "' is not an IP address: nothing to connect to.");
            }
            else
            {
                var endpoint = PathEndpoints.Instance(model, registered.Id);
                address = endpoint.Address is null ? null : endpoint.AddressText;
                if (address is null)
                    return Fixed(loadBalancer, group, registered.Id, string.Empty, trafficPort ?? 0, ProbeVerdict.Unknown, "Cannot probe: " + endpoint.UnknownReason + ".");
            }
            if (trafficPort is null || trafficPort < 1 || trafficPort > 65535)
                return Fixed(loadBalancer, group, registered.Id, address, 0, ProbeVerdict.Unknown,
                    "The traffic port of " + registered.Id + " is not known (neither the registration nor " + group.Name + " gives one).");

            var target = new ProbeTarget(registered.Id, address, trafficPort.Value)
            {
                LoadBalancerName = loadBalancer.Name,
                TargetGroupName = group.Name,
                Protocol = string.Equals(group.Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase) ? "HTTPS" : "HTTP",
                ProtocolVersion = (group.ProtocolVersion ?? "HTTP1").ToUpperInvariant(),
                IdleTimeout = idle,
                IdleTimeoutSource = idleSource,
                TlsPolicy = tlsPolicy,
                HealthCheck = HealthCheck(group, registered),
            };
            if (options.RequestPath is not null)
            {
                target.RequestPath = options.RequestPath;
            }
            else if (target.HealthCheck.Path is not null)
            {
                target.RequestPath = target.HealthCheck.Path;
            }
            else
            {
                target.RequestPath = null;
                target.RequestPathProblem = "The probe requests the health-check path, and that of " + group.Name + " cannot be sent (" + target.HealthCheck.Problem +
                    "). Name a path with -RequestPath.";
            }
            return new ProbePlanItem(target, Array.Empty<EndpointProbeResult>());
        }

        private static HealthCheckSpec HealthCheck(TargetGroup group, RegisteredTarget registered)
        {
            var settings = group.HealthCheck;
            var grpc = string.Equals(group.ProtocolVersion, "GRPC", StringComparison.OrdinalIgnoreCase);
            var spec = new HealthCheckSpec
            {
                Enabled = settings.Enabled != false,
                Protocol = string.Equals(settings.Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase) ? "HTTPS" : "HTTP",
                Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds is >= 2 and <= 120 ? settings.TimeoutSeconds.Value : 5),
            };
            var problems = new List<string>();
            var port = PathEndpoints.HealthCheckPort(group, registered);
            if (port is null || port < 1) problems.Add("the health-check port '" + ProbeInput.Quote(registered.HealthCheckPort ?? settings.Port) + "' is not a port number");
            else spec.Port = port;
            // Defaults as AWS documents them: path "/" (gRPC "/AWS.ALB/healthcheck"), matcher 200.
            var path = settings.Path ?? (grpc ? "/AWS.ALB/healthcheck" : "/");
            var pathProblem = ProbeInput.PathProblem(path);
            if (pathProblem is null) spec.Path = path;
            else
            {
                spec.Path = null;
                problems.Add("the health-check path in the snapshot is not valid: " + pathProblem);
            }
            if (grpc)
            {
                spec.Matcher = HttpCodeMatcher.Parse("200");
            }
            else if (HttpCodeMatcher.TryParse(settings.MatcherHttpCode ?? "200", out var matcher, out var matcherProblem))
            {
                spec.Matcher = matcher;
            }
            else
            {
                spec.Matcher = null;
                problems.Add("the matcher in the snapshot is not valid: " + matcherProblem);
            }
            if (problems.Count > 0)  spec.Problem = "The health check of " + group.Name + " cannot be sent: " + string.Join("; ", problems) + ".";
            return spec;
        }

        /// <summary>The idle timeout to compare with: the user's, else the load balancer's attribute, else AWS's default 60 s.</summary>
        private static (TimeSpan Idle, string Source) IdleTimeoutOf(LoadBalancer loadBalancer, int? overrideSeconds)
        {
            if (overrideSeconds.HasValue) return (TimeSpan.FromSeconds(overrideSeconds.Value), "-IdleTimeoutSeconds");
            var idle = IdleTimeoutSetting.Of(loadBalancer);
            if (idle.Seconds is { } seconds)
                return (TimeSpan.FromSeconds(seconds), idle.IsSet ? loadBalancer.Name + "'s attribute" : "the default 60 s; the attribute is not set");
            var fallback = TimeSpan.FromSeconds(IdleTimeoutSetting.DefaultSeconds);
            return idle.AttributesKnown
                ? (fallback, "the default 60 s; the attribute's value '" + ProbeInput.Quote(idle.Unreadable) + "' is not a number of seconds")
                : (fallback, "the default 60 s; the load balancer's attributes are not in the snapshot");
        }

        private static ProbePlanItem Fixed(LoadBalancer loadBalancer, TargetGroup group, string targetId, string address, int port, ProbeVerdict verdict, string explanation) =>
            new ProbePlanItem(null, new[]
            {
                new EndpointProbeResult(targetId, address, port, ProbeCheck.Connect, verdict, string.Empty, string.Empty, explanation, null)
                {
                    LoadBalancerName = loadBalancer.Name,
                    TargetGroupName = group.Name,
                },
            });
    }
}
