using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using AlbTroubleshoot.Collection;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    /// <summary>
    /// The fleet collection (docs/fleet.md) over a back end that answers for a generated account: N
    /// ALBs spread over V VPCs, each with one listener, one instance target group of two targets, its
    /// VPC's group referencing one prefix list; plus a network and a gateway load balancer. Every call is
    /// recorded, so the tests count calls by operation.
    /// </summary>
    public class FleetCollectorTests
    {
        [Theory]
        [InlineData(12, 3, 4)]
        [InlineData(12, 1, 1)]
        [InlineData(30, 5, 8)]
        public void Shared_EC2_calls_grow_with_the_VPCs_and_per_ALB_calls_with_the_ALBs(int albs, int vpcs, int throttleLimit)
        {
            using var backend = new FleetBackend(albs, vpcs);
            var region = new FleetCollector(backend, new Reporter(), throttleLimit).Collect("us-east-1", CancellationToken.None);

            Assert.Equal(albs, region.LoadBalancers.Count);
            var calls = backend.CountByOperation();
            Assert.Equal(1, calls[SnapshotOperations.DescribeLoadBalancers]);
            foreach (var op in new[] { SnapshotOperations.DescribeLoadBalancerAttributes, SnapshotOperations.DescribeListeners, SnapshotOperations.DescribeRules,
                SnapshotOperations.GetWebACLForResource, SnapshotOperations.DescribeTargetGroups, SnapshotOperations.DescribeTargetHealth, SnapshotOperations.DescribeTargetGroupAttributes })
                Assert.Equal(albs, calls[op]);
            foreach (var op in new[] { SnapshotOperations.DescribeSubnets, SnapshotOperations.DescribeNetworkInterfaces, SnapshotOperations.DescribeNetworkAcls,
                SnapshotOperations.DescribeRouteTables, SnapshotOperations.DescribeSecurityGroups, SnapshotOperations.DescribeInstances })
            {
                Assert.Equal(vpcs, calls[op]);
                // One VPC per call, each VPC once.
                var asked = backend.Calls.Where(c => c.Operation == op && op != SnapshotOperations.DescribeInstances).Select(c => Assert.Single(Assert.Single(c.Filters).Value)).ToList();
                Assert.Equal(asked.Distinct().Count(), asked.Count);
            }
            Assert.Equal(1, calls[SnapshotOperations.GetManagedPrefixListEntries]);   // one list, referenced by every VPC's group
            // 1 + N (4 + L + 2T) + 6 V + P, with L = T = 1, P = 1.
            Assert.Equal(1 + albs * 7 + 6 * vpcs + 1, backend.Calls.Count);
        }

        [Fact]
        public void Each_ALB_gets_a_document_of_its_own_with_its_VPC_s_resources_only()
        {
            using var backend = new FleetBackend(6, 2);
            var region = new FleetCollector(backend, new Reporter(), 3).Collect("us-east-1", CancellationToken.None);

            foreach (var lb in region.LoadBalancers)
            {
                var snapshot = new AlbSnapshot(lb.Document, "test");
                var model = snapshot.Model;
                var only = Assert.Single(model.LoadBalancers!);
                Assert.Equal(lb.Arn, only.Arn);
                var vpc = backend.VpcOf(lb.Name);
                Assert.All(model.Subnets!, s => Assert.Equal(vpc, s.VpcId));
                Assert.All(model.SecurityGroups!, g => Assert.Equal(vpc, g.VpcId));
                // The instance targets of the VPC's three ALBs, read in one call, its own two among them.
                Assert.Equal(6, model.Instances!.Count);
                Assert.All(model.Instances, i => Assert.Equal(vpc, i.VpcId));
                Assert.Equal(new[] { "pl-0fleet" }, model.PrefixLists!.Keys.ToArray());
                Assert.Empty(snapshot.MissingSections);
                Assert.Empty(lb.Document.Errors);
                Assert.Equal("us-east-1", snapshot.Region);
            }
            // The Region's one document (Export-AlbSnapshot -All) holds every ALB and each VPC's resources once.
            var all = new AlbSnapshot(region.ToDocument(), "test");
            Assert.Equal(6, all.LoadBalancers.Length);
            Assert.Equal(4, all.Model.Subnets!.Count);
            Assert.Equal(2, all.Model.SecurityGroups!.Count);
        }

        [Fact]
        public void ALBs_come_in_a_stable_order_whatever_order_AWS_lists_them_in()
        {
            using var listed = new FleetBackend(9, 2) { Shuffle = true };
            var region = new FleetCollector(listed, new Reporter(), 4).Collect("us-east-1", CancellationToken.None);

            var names = region.LoadBalancers.Select(l => l.Name).ToList();
            Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
            Assert.NotEqual(names, listed.ListedNames);   // AWS's order was another
        }

        [Fact]
        public void Network_and_gateway_load_balancers_are_skipped_with_their_type_and_never_called_for()
        {
            using var backend = new FleetBackend(3, 1);
            var reporter = new Reporter();
            var region = new FleetCollector(backend, reporter, 2).Collect("us-east-1", CancellationToken.None);

            Assert.Equal(new[] { "gw-1 gateway", "net-1 network" }, reporter.SkippedOnes.OrderBy(s => s, StringComparer.Ordinal).ToArray());
            Assert.DoesNotContain(region.LoadBalancers, l => l.Name is "net-1" or "gw-1");
            Assert.DoesNotContain(backend.Calls, c => c.Parameters.Any(p => p.Value.Any(v => v.Contains("/net/") || v.Contains("/gwy/"))));
        }

        [Fact]
        public void A_denied_call_of_one_ALB_leaves_only_that_ALB_incomplete()
        {
            using var backend = new FleetBackend(5, 2) { DenyListenersOf = "alb-002" };
            var region = new FleetCollector(backend, new Reporter(), 4).Collect("us-east-1", CancellationToken.None);

            Assert.Equal(5, region.LoadBalancers.Count);
            var denied = region.LoadBalancers.Single(l => l.Name == "alb-002");
            Assert.Equal("AccessDenied", Assert.Single(denied.Failures).ErrorCode);
            Assert.StartsWith("AccessDenied: ", denied.Document.Errors[SnapshotOperations.DescribeListeners], StringComparison.Ordinal);
            Assert.False(new AlbSnapshot(denied.Document).Model.IsComplete(SnapshotOperations.DescribeListeners));
            Assert.All(region.LoadBalancers.Where(l => l != denied), l =>
            {
                Assert.Empty(l.Failures);
                Assert.Empty(l.Document.Errors);
            });
        }

        [Fact]
        public void A_denied_shared_call_is_an_error_of_each_ALB_of_that_VPC_only()
        {
            using var backend = new FleetBackend(4, 2) { DenyNaclsOf = "vpc-0f1ee7001" };
            var region = new FleetCollector(backend, new Reporter(), 2).Collect("us-east-1", CancellationToken.None);

            foreach (var lb in region.LoadBalancers)
            {
                if (backend.VpcOf(lb.Name) == "vpc-0f1ee7001")
                {
                    Assert.StartsWith("vpc-0f1ee7001: UnauthorizedOperation: ", lb.Document.Errors[SnapshotOperations.DescribeNetworkAcls], StringComparison.Ordinal);
                    Assert.Equal("UnauthorizedOperation", Assert.Single(lb.Failures).ErrorCode);
                }
                else
                {
                    Assert.Empty(lb.Document.Errors);
                }
            }
        }

        [Fact]
        public void A_Region_that_cannot_be_listed_fails_as_a_whole_and_a_fatal_failure_stops_it()
        {
            using var denied = new FleetBackend(3, 1) { DenyList = true };
            var e = Assert.Throws<AwsCallException>(() => new FleetCollector(denied, new Reporter(), 2).Collect("us-east-1", CancellationToken.None));
            Assert.Equal("AccessDenied", e.ErrorCode);
            Assert.Single(denied.Calls);

            using var unreachable = new FleetBackend(8, 2) { FatalAfter = 5 };
            var fatal = Assert.Throws<AwsCallException>(() => new FleetCollector(unreachable, new Reporter(), 2).Collect("xx-nowhere-1", CancellationToken.None));
            Assert.True(fatal.IsFatal);
            Assert.True(unreachable.Calls.Count < 8 * 7, "the workers stop instead of failing every call");
        }

        [Fact]
        public void Throttled_calls_are_retried_with_growing_jittered_delays_and_the_fleet_loses_nothing()
        {
            // The CLI or SDK gave up after one try: the module's own retry takes over.
            // Three throttled answers: no call can be throttled more often than the retries allow.
            using var backend = new FleetBackend(6, 2) { ThrottleFirst = 3 };
            var delays = new ConcurrentQueue<TimeSpan>();
            var retrying = new ThrottlingRetry(backend, wait: (d, _) => delays.Enqueue(d), random: () => 0.5);
            var region = new FleetCollector(retrying, new Reporter(), 3).Collect("us-east-1", CancellationToken.None);

            Assert.All(region.LoadBalancers, l => Assert.Empty(l.Document.Errors));
            Assert.Equal(3, backend.Throttled);
            Assert.Equal(3, delays.Count);
            // Half of a ceiling that doubles per retry of the same call: 125 ms on a first retry, 250 ms on a second, never past 1 s.
            Assert.All(delays, d => Assert.Contains(d.TotalMilliseconds, new[] { 125.0, 250.0, 500.0 }));
        }

        [Fact]
        public void A_call_still_throttled_after_every_retry_fails_for_its_ALB_only()
        {
            using var backend = new FleetBackend(3, 1) { AlwaysThrottle = SnapshotOperations.DescribeTargetGroupAttributes, AlwaysThrottleOf = "/tg-001/" };
            var retrying = new ThrottlingRetry(backend, wait: (_, _) => { }, random: () => 0);
            var region = new FleetCollector(retrying, new Reporter(), 2).Collect("us-east-1", CancellationToken.None);

            var throttled = region.LoadBalancers.Single(l => l.Name == "alb-001");
            Assert.Equal(AwsFailureKind.Throttled, Assert.Single(throttled.Failures).Kind);
            Assert.Equal(1 + ThrottlingRetry.MaxRetries, backend.Calls.Count(c => c.Operation == SnapshotOperations.DescribeTargetGroupAttributes && c.Parameters[0].Value[0].Contains("/tg-001/")));
            Assert.All(region.LoadBalancers.Where(l => l != throttled), l => Assert.Empty(l.Failures));
        }

        [Fact]
        public void At_most_ThrottleLimit_calls_run_at_once_and_more_than_one_does()
        {
            using var backend = new FleetBackend(16, 2) { Overlap = true };
            new FleetCollector(backend, new Reporter(), 3).Collect("us-east-1", CancellationToken.None);

            Assert.InRange(backend.MaxConcurrent, 2, 3);
        }

        [Fact]
        public void Cancellation_stops_the_workers()
        {
            using var cts = new CancellationTokenSource();
            using var backend = new FleetBackend(20, 2) { OnCall = n => { if (n == 10) cts.Cancel(); } };
            Assert.ThrowsAny<OperationCanceledException>(() => new FleetCollector(backend, new Reporter(), 4).Collect("us-east-1", cts.Token));
            Assert.InRange(backend.Calls.Count, 10, 10 + 4);
        }

        private sealed class Reporter : IFleetReporter
        {
            public ConcurrentBag<string> SkippedOnes { get; } = new ConcurrentBag<string>();
            public void Progress(string status, int percentComplete) => Assert.InRange(percentComplete, 0, 100);
            public void Skipped(string name, string arn, string type) => SkippedOnes.Add(name + " " + type);
        }

        /// <summary>
        /// An account of generated ALBs alb-000 … in VPCs vpc-0f1ee7000 …, answering as the CLI prints;
        /// thread-safe, since the fleet calls from several workers.
        /// </summary>
        private sealed class FleetBackend : IAwsBackend, IDisposable
        {
            private const string Prefix = "arn:aws:elasticloadbalancing:us-east-1:123456789012:";
            private readonly int _albs;
            private readonly int _vpcs;
            private int _attempts;
            private readonly object _lock = new object();
            private readonly List<AwsRequest> _calls = new List<AwsRequest>();
            private int _running;
            private int _throttled;
            private readonly ManualResetEventSlim _second = new ManualResetEventSlim();

            public FleetBackend(int albs, int vpcs)
            {
                _albs = albs;
                _vpcs = vpcs;
            }

            public bool Shuffle { get; set; }
            public string? DenyListenersOf { get; set; }
            public string? DenyNaclsOf { get; set; }
            public bool DenyList { get; set; }
            public int FatalAfter { get; set; } = -1;
            public int ThrottleFirst { get; set; }
            public string? AlwaysThrottle { get; set; }
            public string? AlwaysThrottleOf { get; set; }
            public bool Overlap { get; set; }
            public Action<int>? OnCall { get; set; }
            public int MaxConcurrent { get; private set; }
            public int Throttled => _throttled;
            public List<string> ListedNames { get; } = new List<string>();

            public List<AwsRequest> Calls { get { lock (_lock) return _calls.ToList(); } }

            public string Name => "Fleet";

            public void Dispose() => _second.Dispose();

            public Dictionary<string, int> CountByOperation() => Calls.GroupBy(c => c.Operation).ToDictionary(g => g.Key, g => g.Count());

            public string VpcOf(string albName) => Vpc(int.Parse(albName.Remove(0, 4), CultureInfo.InvariantCulture) % _vpcs);

            private static string Vpc(int v) => "vpc-0f1ee7" + v.ToString("000", CultureInfo.InvariantCulture);

            private static string Arn(int i) => Prefix + "loadbalancer/app/" + AlbName(i) + "/" + (0x5eed0000 + i).ToString("x8", CultureInfo.InvariantCulture);

            private static string AlbName(int i) => "alb-" + i.ToString("000", CultureInfo.InvariantCulture);

            private static int Index(string arn) => int.Parse(arn.Split('/')[2].Remove(0, 4), CultureInfo.InvariantCulture);

            public JsonObject Invoke(AwsRequest request, CancellationToken cancellationToken)
            {
                int count;
                lock (_lock)
                {
                    _calls.Add(request);
                    count = _calls.Count;
                }
                OnCall?.Invoke(count);
                var running = Interlocked.Increment(ref _running);
                lock (_lock) MaxConcurrent = Math.Max(MaxConcurrent, running);
                try
                {
                    if (Overlap && request.Operation == SnapshotOperations.DescribeLoadBalancerAttributes)
                    {
                        // The first caller waits (bounded) for a second one to be running beside it.
                        if (running > 1) _second.Set();
                        else _second.Wait(TimeSpan.FromSeconds(10), CancellationToken.None);
                    }
                    return Answer(request, count);
                }
                finally
                {
                    Interlocked.Decrement(ref _running);
                }
            }

            private JsonObject Answer(AwsRequest request, int count)
            {
                var op = request.Operation;
                var value = request.Parameters.Count > 0 ? request.Parameters[0].Value[0] : string.Empty;
                var filter = request.Filters.Count > 0 ? request.Filters[0].Value : Array.Empty<string>();
                if (FatalAfter >= 0 && count > FatalAfter) throw new AwsCallException(op, AwsFailure.EndpointUnreachable, "Could not connect to the endpoint URL.", null, isFatal: true);
                if (op != SnapshotOperations.DescribeLoadBalancers && Interlocked.Increment(ref _attempts) <= ThrottleFirst)
                {
                    Interlocked.Increment(ref _throttled);
                    throw new AwsCallException(op, "Throttling", "Rate exceeded (reached max retries: 0)");
                }
                if (op == AlwaysThrottle && value.Contains(AlwaysThrottleOf!)) throw new AwsCallException(op, "Throttling", "Rate exceeded");
                switch (op)
                {
                    case SnapshotOperations.DescribeLoadBalancers:
                        if (DenyList) throw new AwsCallException(op, "AccessDenied", "not authorized to perform: elasticloadbalancing:DescribeLoadBalancers");
                        Assert.Empty(request.Parameters);   // every load balancer: no names
                        var order = Enumerable.Range(0, _albs).ToList();
                        if (Shuffle) order = order.OrderBy(i => (i * 7919) % 13).ThenByDescending(i => i).ToList();
                        lock (_lock) ListedNames.AddRange(order.Select(AlbName));
                        var items = order.Select(i => Parse(@"{""LoadBalancerArn"":""" + Arn(i) + @""",""LoadBalancerName"":""" + AlbName(i) + @""",""Type"":""application"",""Scheme"":""internet-facing"",""State"":{""Code"":""active""},""VpcId"":""" + Vpc(i % _vpcs) + @""",""SecurityGroups"":[""sg-" + (i % _vpcs).ToString("x8", CultureInfo.InvariantCulture) + @"""],""AvailabilityZones"":[{""ZoneName"":""us-east-1a"",""SubnetId"":""" + Subnet(i % _vpcs, 0) + @"""},{""ZoneName"":""us-east-1b"",""SubnetId"":""" + Subnet(i % _vpcs, 1) + @"""}],""IpAddressType"":""ipv4""}"))
                            .Concat(new[]
                            {
                                Parse(@"{""LoadBalancerArn"":""" + Prefix + @"loadbalancer/net/net-1/1"",""LoadBalancerName"":""net-1"",""Type"":""network"",""VpcId"":""" + Vpc(0) + @"""}"),
                                Parse(@"{""LoadBalancerArn"":""" + Prefix + @"loadbalancer/gwy/gw-1/2"",""LoadBalancerName"":""gw-1"",""Type"":""gateway"",""VpcId"":""" + Vpc(0) + @"""}"),
                            });
                        return new JsonObject { { "LoadBalancers", new JsonArray(items) } };
                    case SnapshotOperations.DescribeLoadBalancerAttributes:
                        return Parse(@"{""Attributes"":[{""Key"":""idle_timeout.timeout_seconds"",""Value"":""60""}]}");
                    case SnapshotOperations.DescribeListeners:
                        if (DenyListenersOf is not null && value.Contains("/" + DenyListenersOf + "/")) throw new AwsCallException(op, "AccessDenied", "not authorized to perform: elasticloadbalancing:DescribeListeners");
                        return Parse(@"{""Listeners"":[{""ListenerArn"":""" + value.Replace(":loadbalancer/", ":listener/") + @"/1"",""LoadBalancerArn"":""" + value + @""",""Port"":80,""Protocol"":""HTTP"",""DefaultActions"":[{""Type"":""forward"",""TargetGroupArn"":""" + TargetGroup(Index(value)) + @"""}]}]}");
                    case SnapshotOperations.DescribeRules:
                        return Parse(@"{""Rules"":[{""RuleArn"":""" + value.Replace(":listener/", ":listener-rule/") + @"/default"",""Priority"":""default"",""IsDefault"":true,""Conditions"":[],""Actions"":[{""Type"":""forward"",""TargetGroupArn"":""" + TargetGroup(Index(value)) + @"""}]}]}");
                    case SnapshotOperations.GetWebACLForResource:
                        return new JsonObject();
                    case SnapshotOperations.DescribeTargetGroups:
                        var i2 = Index(value);
                        return Parse(@"{""TargetGroups"":[{""TargetGroupArn"":""" + TargetGroup(i2) + @""",""TargetGroupName"":""tg-" + i2.ToString("000", CultureInfo.InvariantCulture) + @""",""Protocol"":""HTTP"",""Port"":80,""VpcId"":""" + Vpc(i2 % _vpcs) + @""",""TargetType"":""instance"",""HealthCheckProtocol"":""HTTP"",""HealthCheckPort"":""traffic-port"",""HealthCheckPath"":""/"",""Matcher"":{""HttpCode"":""200""},""LoadBalancerArns"":[""" + value + @"""]}]}");
                    case SnapshotOperations.DescribeTargetHealth:
                        var t = Index(value.Replace(":targetgroup/tg-", ":x/x/alb-"));
                        return Parse(@"{""TargetHealthDescriptions"":[" + string.Join(",", Instances(t).Select(id => @"{""Target"":{""Id"":""" + id + @""",""Port"":80},""TargetHealth"":{""State"":""healthy""}}")) + "]}");
                    case SnapshotOperations.DescribeTargetGroupAttributes:
                        return Parse(@"{""Attributes"":[{""Key"":""deregistration_delay.timeout_seconds"",""Value"":""300""}]}");
                    case SnapshotOperations.DescribeSubnets:
                        var v = VpcIndex(filter.Single());
                        return Parse(@"{""Subnets"":[" + string.Join(",", Enumerable.Range(0, 2).Select(s => @"{""SubnetId"":""" + Subnet(v, s) + @""",""VpcId"":""" + Vpc(v) + @""",""CidrBlock"":""10." + v + "." + s + @".0/24"",""AvailabilityZone"":""us-east-1" + (char)('a' + s) + @"""}")) + "]}");
                    case SnapshotOperations.DescribeSecurityGroups:
                        var g = VpcIndex(filter.Single());
                        return Parse(@"{""SecurityGroups"":[{""GroupId"":""sg-" + g.ToString("x8", CultureInfo.InvariantCulture) + @""",""GroupName"":""web"",""VpcId"":""" + Vpc(g) + @""",""IpPermissions"":[{""IpProtocol"":""tcp"",""FromPort"":80,""ToPort"":80,""IpRanges"":[],""PrefixListIds"":[{""PrefixListId"":""pl-0fleet""}]}],""IpPermissionsEgress"":[{""IpProtocol"":""-1"",""IpRanges"":[{""CidrIp"":""0.0.0.0/0""}]}]}]}");
                    case SnapshotOperations.DescribeNetworkAcls:
                        if (DenyNaclsOf is not null && filter.Contains(DenyNaclsOf)) throw new AwsCallException(op, "UnauthorizedOperation", "You are not authorized to perform this operation.");
                        return Parse(@"{""NetworkAcls"":[]}");
                    case SnapshotOperations.DescribeRouteTables:
                        return Parse(@"{""RouteTables"":[]}");
                    case SnapshotOperations.DescribeNetworkInterfaces:
                        return Parse(@"{""NetworkInterfaces"":[]}");
                    case SnapshotOperations.DescribeInstances:
                        Assert.Equal("instance-id", request.Filters.Single().Key);
                        return Parse(@"{""Reservations"":[" + string.Join(",", filter.Select(id => @"{""ReservationId"":""r-" + id.Substring(2) + @""",""Instances"":[{""InstanceId"":""" + id + @""",""SubnetId"":""" + Subnet(InstanceAlb(id) % _vpcs, 0) + @""",""VpcId"":""" + Vpc(InstanceAlb(id) % _vpcs) + @""",""PrivateIpAddress"":""10.0.0.5"",""State"":{""Name"":""running""},""SecurityGroups"":[]}]}")) + "]}");
                    case SnapshotOperations.GetManagedPrefixListEntries:
                        return Parse(@"{""Entries"":[{""Cidr"":""10.200.0.0/16""}]}");
                    default:
                        throw new InvalidOperationException("unexpected " + op);
                }
            }

            private static string TargetGroup(int i) => Prefix + "targetgroup/tg-" + i.ToString("000", CultureInfo.InvariantCulture) + "/" + (0x7a000000 + i).ToString("x8", CultureInfo.InvariantCulture);

            private static string Subnet(int v, int s) => "subnet-" + (v * 16 + s).ToString("x8", CultureInfo.InvariantCulture);

            private static int VpcIndex(string vpc) => int.Parse(vpc.Remove(0, "vpc-0f1ee7".Length), CultureInfo.InvariantCulture);

            private static IEnumerable<string> Instances(int alb) => new[] { "i-" + (alb * 2).ToString("x8", CultureInfo.InvariantCulture), "i-" + (alb * 2 + 1).ToString("x8", CultureInfo.InvariantCulture) };

            private static int InstanceAlb(string id) => int.Parse(id.Remove(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 2;

            private static JsonObject Parse(string json) => (JsonObject)JsonValue.Parse(json);
        }
    }
}
