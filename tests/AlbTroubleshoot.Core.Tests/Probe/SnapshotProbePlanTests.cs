using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Probe;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests.Probe
{
    /// <summary>What the probe takes from a snapshot: the addresses it lists, the groups' settings, the ALB's idle timeout and TLS policy.</summary>
    public class SnapshotProbePlanTests
    {
        private static (EnvironmentModel Model, LoadBalancer LoadBalancer) Sample(string name)
        {
            var model = SnapshotMapper.Map(SnapshotDocument.Load(RepoPaths.Combine("samples", name)));
            return (model, model.LoadBalancers!.Single());
        }

        private static ProbePlanItem[] Plan(string sample, SnapshotProbePlan.Options? options = null)
        {
            var (model, lb) = Sample(sample);
            return SnapshotProbePlan.Build(model, lb, model.TargetGroupsOf(lb), options ?? new SnapshotProbePlan.Options()).ToArray();
        }

        /// <summary>The fixture's load balancer "web" (idle timeout 1 s) with an IP target group "api" whose one target is a test server.</summary>
        private static (EnvironmentModel Model, LoadBalancer LoadBalancer) LoopbackApi(int port)
        {
            var model = new AlbFixture()
                .TargetGroup("api", "HTTP", "HTTP1", "ip", AlbFixture.Target("127.0.0.1", "healthy", port: port))
                .Listener("HTTP", 80, AlbFixture.Forward("api"))
                .LbAttribute("idle_timeout.timeout_seconds", "1")
                .Model();
            return (model, model.LoadBalancers!.Single());
        }

        [Fact]
        public void Every_registered_target_is_probed_at_its_instance_address_with_its_group_settings()
        {
            var (model, _) = Sample("healthy.json");
            var plan = Plan("healthy.json");
            Assert.Equal(4, plan.Length);
            Assert.All(plan, p => Assert.NotNull(p.Target));
            var api = plan.Select(p => p.Target!).First(t => t.TargetGroupName == "shop-api");
            Assert.Equal(model.FindInstance(api.TargetId)!.PrivateIpAddress, api.Address);
            Assert.Equal((8081, "HTTP", "HTTP1", "/api/health", "200-299"), (api.Port, api.Protocol, api.ProtocolVersion, api.HealthCheck.Path, api.HealthCheck.Matcher!.Text));
            Assert.Equal("/api/health", api.RequestPath);
            Assert.Equal(TimeSpan.FromSeconds(5), api.HealthCheck.Timeout);
            Assert.Equal(TimeSpan.FromSeconds(60), api.IdleTimeout);
            Assert.Equal("shop-prod", api.LoadBalancerName);
            // The HTTPS listener uses a TLS 1.3 policy, so the ALB offers targets TLS 1.0-1.3.
            Assert.Same(BackendTlsPolicy.Tls13Policy, api.TlsPolicy);
        }

        [Theory]
        [InlineData("abc", "the default 60 s; the attribute's value 'abc' is not a number of seconds")]
        [InlineData("0", "the default 60 s; the attribute's value '0' is not a number of seconds")]
        [InlineData(null, "the default 60 s; the load balancer's attributes are not in the snapshot")]
        public void An_unreadable_or_unknown_idle_timeout_is_probed_as_60_s_and_says_why(string? value, string source)
        {
            var (model, lb) = Sample("502-keepalive-draining.json");
            lb.Attributes = value is null ? null : new System.Collections.Generic.Dictionary<string, string> { [IdleTimeoutSetting.Key] = value };
            var plan = SnapshotProbePlan.Build(model, lb, model.TargetGroupsOf(lb), new SnapshotProbePlan.Options()).Where(p => p.Target is not null).ToArray();
            Assert.NotEmpty(plan);
            Assert.All(plan, p => Assert.Equal((TimeSpan.FromSeconds(60), source), (p.Target!.IdleTimeout, p.Target.IdleTimeoutSource)));
        }

        [Fact]
        public void The_idle_timeout_is_the_load_balancer_attribute_unless_the_user_gives_one()
        {
            Assert.All(Plan("502-keepalive-draining.json"), p => Assert.Equal(TimeSpan.FromSeconds(120), p.Target!.IdleTimeout));
            Assert.All(Plan("502-keepalive-draining.json", new SnapshotProbePlan.Options { IdleTimeoutSeconds = 30 }),
                p => Assert.Equal((TimeSpan.FromSeconds(30), "-IdleTimeoutSeconds"), (p.Target!.IdleTimeout, p.Target.IdleTimeoutSource)));
            var model = new AlbFixture()
                .TargetGroup("api", "HTTP", "HTTP1", "ip", AlbFixture.Target("10.0.1.15", "healthy"))
                .Without(SnapshotOperations.DescribeLoadBalancerAttributes)
                .Model();
            var lb = model.LoadBalancers!.Single();
            var target = SnapshotProbePlan.Build(model, lb, model.TargetGroupsOf(lb).Where(g => g.Name == "api"), new SnapshotProbePlan.Options()).Single().Target!;
            Assert.Equal(TimeSpan.FromSeconds(60), target.IdleTimeout);
            Assert.Contains("not in the snapshot", target.IdleTimeoutSource, StringComparison.Ordinal);
        }

        [Fact]
        public void HTTP2_and_gRPC_groups_keep_their_protocol_version_and_gRPC_its_default_health_path()
        {
            var plan = Plan("464-grpc.json").Select(p => p.Target!).ToList();
            Assert.All(plan.Where(t => t.TargetGroupName == "orders-grpc"), t => Assert.Equal(("GRPC", "/AWS.ALB/healthcheck"), (t.ProtocolVersion, t.HealthCheck.Path)));
            Assert.All(plan.Where(t => t.TargetGroupName == "orders-h2"), t => Assert.Equal(("HTTP2", "HTTPS"), (t.ProtocolVersion, t.Protocol)));
        }

        [Fact]
        public void Lambda_targets_are_Skipped_and_not_connected_to()
        {
            var item = Assert.Single(Plan("lambda-target.json"));
            Assert.Null(item.Target);
            var row = Assert.Single(item.Rows);
            Assert.Equal((ProbeCheck.Connect, ProbeVerdict.Skipped, "thumbs-lambda"), (row.CheckKind, row.VerdictKind, row.TargetGroupName));
            Assert.Contains("Lambda", row.Explanation, StringComparison.Ordinal);
        }

        [Fact]
        public void A_target_whose_address_the_snapshot_does_not_give_is_Unknown_with_the_reason()
        {
            var model = new AlbFixture().Without(SnapshotOperations.DescribeInstances).Model();
            var lb = model.LoadBalancers!.Single();
            var rows = SnapshotProbePlan.Build(model, lb, model.TargetGroupsOf(lb), new SnapshotProbePlan.Options()).SelectMany(p => p.Rows).ToList();
            Assert.Equal(2, rows.Count);
            Assert.All(rows, r => Assert.Equal(ProbeVerdict.Unknown, r.VerdictKind));
            Assert.Contains("DescribeInstances", rows[0].Explanation, StringComparison.Ordinal);
        }

        [Fact]
        public void Unknown_targets_give_one_Unknown_row_per_group()
        {
            var model = new AlbFixture().Without(SnapshotOperations.DescribeTargetHealth).Model();
            var lb = model.LoadBalancers!.Single();
            var row = Assert.Single(SnapshotProbePlan.Build(model, lb, model.TargetGroupsOf(lb), new SnapshotProbePlan.Options()).SelectMany(p => p.Rows));
            Assert.Equal(ProbeVerdict.Unknown, row.VerdictKind);
            Assert.Contains("DescribeTargetHealth", row.Explanation, StringComparison.Ordinal);
        }

        [Fact]
        public void Names_and_ids_from_the_snapshot_reach_the_rows_unchanged_and_messages_quote_them()
        {
            var model = new AlbFixture()
                .TargetGroup("api\u001b[2J", "HTTP", "HTTP1", "ip", AlbFixture.Target("10.0.1.15\u202e", "healthy"))
                .Listener("HTTP", 80, AlbFixture.Forward("api\u001b[2J"))
                .Model();
            var lb = model.LoadBalancers!.Single();
            var row = SnapshotProbePlan.Build(model, lb, model.TargetGroupsOf(lb).Where(g => g.Name.StartsWith("api", StringComparison.Ordinal)), new SnapshotProbePlan.Options())
                .Single().Rows.Single();
            // The object keeps what the snapshot says (the default view shows it through DisplayText) ...
            Assert.Equal(("api\u001b[2J", "10.0.1.15\u202e", ProbeVerdict.Unknown), (row.TargetGroupName, row.TargetId, row.VerdictKind));
            // ... and the message quotes it.
            Assert.Contains("'10.0.1.15<U+202E>' is not an IP address", row.Explanation, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_snapshot_health_path_that_would_inject_a_header_is_never_sent()
        {
            using var server = new LoopbackServer(ProbeServers.KeepAlive(idleClose: TimeSpan.FromMilliseconds(50)));
            var (model, lb) = LoopbackApi(server.Port);
            var group = model.TargetGroupsOf(lb).Single(g => g.Name == "api");
            group.HealthCheck.Path = "/health\r\nX-Injected: 1";

            var item = Assert.Single(SnapshotProbePlan.Build(model, lb, new[] { group }, new SnapshotProbePlan.Options()));
            var rows = await EndpointProberTests.Probe(item.Target!, EndpointProberTests.Fast());
            Assert.Equal(ProbeVerdict.Unknown, EndpointProberTests.Row(rows, ProbeCheck.HealthCheck).VerdictKind);
            Assert.Equal(ProbeVerdict.Unknown, EndpointProberTests.Row(rows, ProbeCheck.ResponseFormat).VerdictKind);
            Assert.Contains("carriage return", EndpointProberTests.Row(rows, ProbeCheck.HealthCheck).Explanation, StringComparison.Ordinal);
            Assert.Empty(server.Requests);

            // A path the user names is used instead, and only it.
            var named = Assert.Single(SnapshotProbePlan.Build(model, lb, new[] { group }, new SnapshotProbePlan.Options { RequestPath = "/status" }));
            await EndpointProberTests.Probe(named.Target!, EndpointProberTests.Fast());
            Assert.Equal("GET /status HTTP/1.1", Assert.Single(server.Requests).Split('\r')[0]);
        }

        [Fact]
        public async Task A_planned_target_is_probed_with_the_load_balancer_settings_and_named_in_every_row()
        {
            using var server = new LoopbackServer(ProbeServers.KeepAlive(idleClose: TimeSpan.FromMilliseconds(100)));
            var (model, lb) = LoopbackApi(server.Port);
            var plan = SnapshotProbePlan.Build(model, lb, model.TargetGroupsOf(lb).Where(g => g.Name == "api"), new SnapshotProbePlan.Options());
            var rows = await Task.WhenAll(ProbeRunner.Start(plan.Select(p => p.Target!).ToList(), EndpointProberTests.Fast(), 4, CancellationToken.None));
            var all = Assert.Single(rows);
            Assert.All(all, r => Assert.Equal(("web", "api", "127.0.0.1", "127.0.0.1"), (r.LoadBalancerName, r.TargetGroupName, r.TargetId, r.Address)));
            var keepAlive = EndpointProberTests.Row(all, ProbeCheck.KeepAlive);
            Assert.Equal(ProbeVerdict.Fail, keepAlive.VerdictKind);
            Assert.Contains("web's attribute", keepAlive.Expected, StringComparison.Ordinal);
            Assert.Equal(ProbeVerdict.Pass, EndpointProberTests.Row(all, ProbeCheck.HealthCheck).VerdictKind);
        }
    }
}
