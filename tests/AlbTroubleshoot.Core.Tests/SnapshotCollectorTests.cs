using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AlbTroubleshoot.Collection;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    /// <summary>
    /// The collector's batching and failure handling, over a back end that answers from real moto
    /// CLI captures (my-alb: 1 listener, 1 instance target group, no prefix list). The back ends
    /// themselves are tested end-to-end against moto by the Pester suite.
    /// </summary>
    public class SnapshotCollectorTests
    {
        private const string LbArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-alb/6d27991ddab325c3";

        [Fact]
        public void One_alb_takes_a_fixed_number_of_calls_and_fills_every_section()
        {
            var backend = new CaptureBackend();
            var reporter = new RecordingReporter();
            var document = new SnapshotCollector(backend, reporter).Collect(new[] { "my-alb" }, Array.Empty<string>(), null, CancellationToken.None)!;

            // 11 + L + 2T + P with L = 1, T = 1, P = 0.
            Assert.Equal(14, backend.Calls.Count);
            Assert.Equal(SnapshotOperations.All.OrderBy(o => o), document.Sections.OrderBy(o => o));
            Assert.Empty(document.GetSection(SnapshotOperations.GetManagedPrefixListEntries)!);   // none referenced: known empty
            Assert.Equal("us-east-1", document.Region);   // from the ARN when -Region is not given
            Assert.Empty(document.Errors);
            Assert.Empty(reporter.Failures);
            Assert.Equal(100, reporter.LastPercent);
            Assert.True(reporter.Percents.Zip(reporter.Percents.Skip(1), (a, b) => b >= a).All(x => x), "progress never goes back");
        }

        [Fact]
        public void Ec2_calls_are_batched_by_filter_not_made_per_resource()
        {
            var backend = new CaptureBackend();
            new SnapshotCollector(backend, new RecordingReporter()).Collect(new[] { "my-alb" }, Array.Empty<string>(), null, CancellationToken.None);

            var groups = backend.Calls.Single(c => c.Operation == SnapshotOperations.DescribeSecurityGroups);
            Assert.Equal("group-id", groups.Filters.Single().Key);
            Assert.Contains("sg-612a6dd9c5fb4c264", groups.Filters.Single().Value);
            foreach (var op in new[] { SnapshotOperations.DescribeSubnets, SnapshotOperations.DescribeNetworkAcls, SnapshotOperations.DescribeRouteTables, SnapshotOperations.DescribeNetworkInterfaces })
                Assert.Equal("vpc-id", backend.Calls.Single(c => c.Operation == op).Filters.Single().Key);
            var instances = backend.Calls.Single(c => c.Operation == SnapshotOperations.DescribeInstances);
            Assert.Equal("instance-id", instances.Filters.Single().Key);
            Assert.Equal(2, instances.Filters.Single().Value.Length);   // both targets, one call
        }

        [Fact]
        public void A_denied_call_is_recorded_and_the_rest_is_collected()
        {
            var backend = new CaptureBackend { Fail = { [SnapshotOperations.DescribeNetworkAcls] = "UnauthorizedOperation" } };
            var reporter = new RecordingReporter();
            var document = new SnapshotCollector(backend, reporter).Collect(Array.Empty<string>(), new[] { LbArn }, "us-east-1", CancellationToken.None)!;

            Assert.False(document.HasSection(SnapshotOperations.DescribeNetworkAcls));
            Assert.StartsWith("UnauthorizedOperation: ", document.Errors[SnapshotOperations.DescribeNetworkAcls], StringComparison.Ordinal);
            Assert.True(document.HasSection(SnapshotOperations.DescribeSecurityGroups));
            Assert.Equal(SnapshotOperations.DescribeNetworkAcls, Assert.Single(reporter.Failures));
        }

        [Fact]
        public void A_failed_per_resource_call_names_the_resource_in_Errors()
        {
            var backend = new CaptureBackend { Fail = { [SnapshotOperations.DescribeTargetHealth] = "AccessDenied" } };
            var document = new SnapshotCollector(backend, new RecordingReporter()).Collect(new[] { "my-alb" }, Array.Empty<string>(), null, CancellationToken.None)!;

            Assert.Matches("^arn:aws:elasticloadbalancing:.*targetgroup/my-tg/.*: AccessDenied: ", document.Errors[SnapshotOperations.DescribeTargetHealth]);
            Assert.False(document.HasSection(SnapshotOperations.DescribeInstances));   // targets unknown, so instances unknown
        }

        [Fact]
        public void A_fatal_failure_stops_the_collection_at_once()
        {
            var backend = new CaptureBackend { Fatal = true };
            Assert.Throws<AwsCallException>(() => new SnapshotCollector(backend, new RecordingReporter()).Collect(new[] { "my-alb" }, Array.Empty<string>(), null, CancellationToken.None));
            Assert.Single(backend.Calls);
        }

        [Fact]
        public void An_unknown_name_in_a_batch_is_reported_and_the_others_are_still_collected()
        {
            var backend = new CaptureBackend { StrictNames = true };
            var reporter = new RecordingReporter();
            var document = new SnapshotCollector(backend, reporter).Collect(new[] { "my-alb", "nosuch" }, Array.Empty<string>(), null, CancellationToken.None)!;

            Assert.Equal("nosuch", Assert.Single(reporter.NotFound));
            Assert.Single(document.GetSection(SnapshotOperations.DescribeLoadBalancers)!["LoadBalancers"] as JsonArray ?? new JsonArray());
            // The batch, then one call per name to tell the unknown one apart.
            Assert.Equal(3, backend.Calls.Count(c => c.Operation == SnapshotOperations.DescribeLoadBalancers));
        }

        [Fact]
        public void No_load_balancer_found_gives_no_document()
        {
            var reporter = new RecordingReporter();
            Assert.Null(new SnapshotCollector(new CaptureBackend(), reporter).Collect(new[] { "nosuch" }, Array.Empty<string>(), null, CancellationToken.None));
            Assert.Equal("nosuch", Assert.Single(reporter.NotFound));
        }

        [Fact]
        public void Cancellation_stops_between_calls()
        {
            using var cts = new CancellationTokenSource();
            var backend = new CaptureBackend { OnCall = n => { if (n == 3) cts.Cancel(); } };
            Assert.ThrowsAny<OperationCanceledException>(() => new SnapshotCollector(backend, new RecordingReporter()).Collect(new[] { "my-alb" }, Array.Empty<string>(), null, cts.Token));
            Assert.Equal(3, backend.Calls.Count);
        }

        [Fact]
        public void Ip_targets_outside_the_subnets_of_the_VPC_are_looked_up_by_address_in_one_more_call_with_their_VPC_and_groups()
        {
            // 10.0.2.4 is on an ENI of the ALB's VPC, 10.0.1.99 in one of its subnets on none (stale); 172.16.5.10 is in a
            // peered VPC, 192.168.9.9 nowhere this account sees.
            var backend = new CaptureBackend { IpTargets = { "10.0.2.4", "10.0.1.99", "172.16.5.10", "192.168.9.9" } };
            var document = new SnapshotCollector(backend, new RecordingReporter()).Collect(new[] { "my-alb" }, Array.Empty<string>(), null, CancellationToken.None)!;

            // 10 + L + 2T + P without instance targets, and one more for the outside addresses.
            Assert.Equal(13 + 1, backend.Calls.Count);
            var enis = backend.Calls.Where(c => c.Operation == SnapshotOperations.DescribeNetworkInterfaces).ToList();
            Assert.Equal(new[] { "vpc-id=vpc-cf812336cd91f99ee", "addresses.private-ip-address=172.16.5.10,192.168.9.9" },
                enis.Select(c => c.Filters.Single().Key + "=" + string.Join(",", c.Filters.Single().Value)).ToArray());
            // The peered interface names its subnet, zone and VPC; that VPC's NACLs and route tables are read with the ALB's.
            Assert.Equal(new[] { "vpc-cf812336cd91f99ee" }, backend.Calls.Single(c => c.Operation == SnapshotOperations.DescribeSubnets).Filters.Single().Value);
            foreach (var op in new[] { SnapshotOperations.DescribeNetworkAcls, SnapshotOperations.DescribeRouteTables })
                Assert.Equal(new[] { "vpc-cf812336cd91f99ee", "vpc-0peer" }, backend.Calls.Single(c => c.Operation == op).Filters.Single().Value);
            Assert.Equal(new[] { "sg-0peer", "sg-612a6dd9c5fb4c264", "sg-fa5851f31e2d280d1" },
                backend.Calls.Single(c => c.Operation == SnapshotOperations.DescribeSecurityGroups).Filters.Single().Value.OrderBy(g => g, StringComparer.Ordinal).ToArray());
            Assert.DoesNotContain(backend.Calls, c => c.Operation == SnapshotOperations.DescribeInstances);
            var held = ((JsonArray)document.GetSection(SnapshotOperations.DescribeNetworkInterfaces)!["NetworkInterfaces"]!).Cast<JsonObject>().Select(n => n["NetworkInterfaceId"]!.AsString()).ToArray();
            Assert.Equal(new[] { "eni-b7b565211cab77f8a", "eni-d3e7c98884d3a5423", "eni-0peer" }, held);
        }

        [Fact]
        public void Ip_targets_inside_the_subnets_of_the_VPC_take_no_extra_call()
        {
            var backend = new CaptureBackend { IpTargets = { "10.0.1.4", "10.0.2.4", "10.0.1.200" } };
            new SnapshotCollector(backend, new RecordingReporter()).Collect(new[] { "my-alb" }, Array.Empty<string>(), null, CancellationToken.None);
            Assert.Equal(13, backend.Calls.Count);
            Assert.Single(backend.Calls, c => c.Operation == SnapshotOperations.DescribeNetworkInterfaces);
        }

        [Fact]
        public void No_address_lookup_when_the_VPC_interfaces_could_not_be_read()
        {
            var backend = new CaptureBackend { IpTargets = { "172.16.5.10" }, Fail = { [SnapshotOperations.DescribeNetworkInterfaces] = "UnauthorizedOperation" } };
            var document = new SnapshotCollector(backend, new RecordingReporter()).Collect(new[] { "my-alb" }, Array.Empty<string>(), null, CancellationToken.None)!;
            Assert.Single(backend.Calls, c => c.Operation == SnapshotOperations.DescribeNetworkInterfaces);
            Assert.False(document.HasSection(SnapshotOperations.DescribeNetworkInterfaces));
        }

        /// <summary>
        /// Answers like moto did for my-alb (CLI captures); two instance targets, or the <see cref="IpTargets"/> in an ip
        /// target group; by address it finds eni-0peer (172.16.5.10, vpc-0peer, sg-0peer); unknown operations answer empty lists.
        /// </summary>
        private sealed class CaptureBackend : IAwsBackend
        {
            public List<AwsRequest> Calls { get; } = new List<AwsRequest>();
            public List<string> IpTargets { get; } = new List<string>();
            public Dictionary<string, string> Fail { get; } = new Dictionary<string, string>();
            public bool Fatal { get; set; }
            public bool StrictNames { get; set; }
            public Action<int>? OnCall { get; set; }

            public string Name => "Capture";

            public JsonObject Invoke(AwsRequest request, CancellationToken cancellationToken)
            {
                Calls.Add(request);
                OnCall?.Invoke(Calls.Count);
                if (Fatal) throw new AwsCallException(request.Operation, "CliFailed", "Unable to locate credentials.", null, isFatal: true);
                if (Fail.TryGetValue(request.Operation, out var code)) throw new AwsCallException(request.Operation, code, "not authorized");
                switch (request.Operation)
                {
                    case SnapshotOperations.DescribeLoadBalancers:
                        var wanted = request.Parameters.Single().Value;
                        var response = TestFiles.Cli("describe-load-balancers");
                        var found = ((JsonArray)response["LoadBalancers"]!).OfType<JsonObject>()
                            .Where(lb => wanted.Contains(lb["LoadBalancerName"]!.AsString()) || wanted.Contains(lb["LoadBalancerArn"]!.AsString())).ToList();
                        if (StrictNames && found.Count < wanted.Length)
                            throw new AwsCallException(request.Operation, "LoadBalancerNotFound", "One or more load balancers not found");
                        return new JsonObject { { "LoadBalancers", new JsonArray(found) } };
                    case SnapshotOperations.DescribeTargetHealth:
                        return IpTargets.Count > 0 ? Targets(IpTargets) : Targets(new[] { "i-1", "i-2" });
                    case SnapshotOperations.DescribeTargetGroups when IpTargets.Count > 0:
                        var groups = TestFiles.Cli("describe-target-groups");
                        foreach (var tg in ((JsonArray)groups["TargetGroups"]!).Cast<JsonObject>()) tg.Set("TargetType", JsonValue.From("ip"));
                        return groups;
                    case SnapshotOperations.DescribeNetworkInterfaces when request.Filters.Single().Key == "addresses.private-ip-address":
                        return request.Filters.Single().Value.Contains("172.16.5.10")
                            ? (JsonObject)JsonValue.Parse("""{"NetworkInterfaces":[{"NetworkInterfaceId":"eni-0peer","VpcId":"vpc-0peer","SubnetId":"subnet-0peer","PrivateIpAddress":"172.16.5.10","Groups":[{"GroupId":"sg-0peer"}]}]}""")
                            : new JsonObject { { "NetworkInterfaces", new JsonArray() } };
                    case SnapshotOperations.GetWebACLForResource:
                        return new JsonObject();
                    case SnapshotOperations.GetManagedPrefixListEntries:
                        return new JsonObject { { "Entries", new JsonArray() } };
                    case SnapshotOperations.DescribeInstances:
                        return new JsonObject { { "Reservations", new JsonArray() } };
                    default:
                        var command = string.Concat(request.Operation.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
                        return TestFiles.Cli(command);
                }
            }

            private static JsonObject Targets(IEnumerable<string> ids) => new JsonObject
            {
                {
                    "TargetHealthDescriptions", new JsonArray(ids.Select(id => (JsonValue)new JsonObject
                    {
                        { "Target", new JsonObject { { "Id", JsonValue.From(id) }, { "Port", JsonValue.From(80) } } },
                        { "TargetHealth", new JsonObject { { "State", JsonValue.From("healthy") } } },
                    }))
                },
            };
        }

        private sealed class RecordingReporter : ICollectionReporter
        {
            public List<string> Failures { get; } = new List<string>();
            public List<string> NotFound { get; } = new List<string>();
            public List<int> Percents { get; } = new List<int>();
            public int LastPercent => Percents.Last();

            public void Progress(string status, int percentComplete) => Percents.Add(percentComplete);

            public void CallFailed(AwsRequest request, AwsCallException failure) => Failures.Add(request.Operation);

            public void LoadBalancerNotFound(string nameOrArn, string reason) => NotFound.Add(nameOrArn);
        }
    }
}
