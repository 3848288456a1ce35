using System;
using System.Globalization;
using System.Net;

namespace AlbTroubleshoot.Probe
{
    /// <summary>
    /// One endpoint to probe and the settings the ALB would use with it: the target group's protocol,
    /// protocol version and health check, the load balancer's idle timeout and back-end TLS policy.
    /// Built from a snapshot (<see cref="SnapshotProbePlan"/>) or from -Address; every value in it
    /// has been validated (<see cref="ProbeInput"/>), so nothing here can inject into a request.
    /// </summary>
    internal sealed class ProbeTarget
    {
        public ProbeTarget(string targetId, string address, int port)
        {
            TargetId = targetId ?? throw new ArgumentNullException(nameof(targetId));
            Address = ProbeInput.CheckHost(address);
            Port = ProbeInput.CheckPort(port, nameof(port));
        }

        public string TargetId { get; }

        /// <summary>An IP address, or (for -Address only) a DNS host name.</summary>
        public string Address { get; }

        /// <summary>The traffic port.</summary>
        public int Port { get; }

        public string LoadBalancerName { get; set; } = string.Empty;

        public string TargetGroupName { get; set; } = string.Empty;

        /// <summary>"HTTP" or "HTTPS": the target group's protocol.</summary>
        public string Protocol { get; set; } = "HTTP";

        /// <summary>"HTTP1", "HTTP2" or "GRPC": the target group's protocol version.</summary>
        public string ProtocolVersion { get; set; } = "HTTP1";

        /// <summary>The path of the ResponseFormat and KeepAlive request: the health-check path, or one the user names; null when none is usable.</summary>
        public string? RequestPath { get; set; } = "/";

        /// <summary>Why <see cref="RequestPath"/> is null.</summary>
        public string? RequestPathProblem { get; set; }

        public HealthCheckSpec HealthCheck { get; set; } = new HealthCheckSpec();

        /// <summary>The load balancer's idle_timeout.timeout_seconds (what the target must outlast).</summary>
        public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Where the idle timeout came from, for the Expected text.</summary>
        public string IdleTimeoutSource { get; set; } = "the default; the load balancer's idle_timeout.timeout_seconds is not known";

        public BackendTlsPolicy TlsPolicy { get; set; } = BackendTlsPolicy.Default;

        public bool IsHttps => string.Equals(Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase);

        /// <summary>"address:port" as written in messages, IPv6 in brackets.</summary>
        public string Endpoint(int port) => HostPort(Address, port);

        /// <summary>The Host header the ALB sends: the target's address, plus :port when not the protocol's default.</summary>
        internal static string HostHeader(string address, int port, bool https) =>
            port == (https ? 443 : 80) ? Bracketed(address) : HostPort(address, port);

        internal static string HostPort(string address, int port) => Bracketed(address) + ":" + port.ToString(CultureInfo.InvariantCulture);

        private static string Bracketed(string address) =>
            IPAddress.TryParse(address, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + address + "]" : address;

        public override string ToString() => TargetId + " (" + Endpoint(Port) + ")";
    }

    /// <summary>A target group's health-check settings, validated.</summary>
    internal sealed class HealthCheckSpec
    {
        /// <summary>False when the group has health checks off: the HealthCheck row is Skipped.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>"HTTP" or "HTTPS".</summary>
        public string Protocol { get; set; } = "HTTP";

        /// <summary>The health-check port; null means the traffic port.</summary>
        public int? Port { get; set; }

        /// <summary>A validated request target; null when the group's path is not usable (<see cref="Problem"/>).</summary>
        public string? Path { get; set; } = "/";

        public HttpCodeMatcher? Matcher { get; set; } = HttpCodeMatcher.Parse("200");

        /// <summary>HealthCheckTimeoutSeconds: no response within it is a failed check (Target.Timeout).</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Why the health check cannot be sent as the group defines it (a path, port or matcher that is not valid).</summary>
        public string? Problem { get; set; }

        public bool IsHttps => string.Equals(Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase);
    }
}
