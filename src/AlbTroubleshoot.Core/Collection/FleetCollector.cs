using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;
using static AlbTroubleshoot.Collection.SnapshotCollector;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// Collects every Application Load Balancer of one Region (docs/fleet.md), in calls that grow with
    /// the load balancers' own resources and with the VPCs, never with load balancers × VPC resources:
    /// <list type="bullet">
    /// <item>1 DescribeLoadBalancers without names (every load balancer; the back end follows the pages);</item>
    /// <item>per ALB, its own resources as <see cref="SnapshotCollector.CollectOwn"/> collects them
    /// (4 + L + 2T calls), <see cref="ThrottleLimit"/> load balancers at a time;</item>
    /// <item>per VPC, once for all its ALBs: DescribeSubnets, DescribeNetworkInterfaces,
    /// DescribeNetworkAcls, DescribeRouteTables, DescribeSecurityGroups by a vpc-id filter of that
    /// VPC, and DescribeInstances by instance-id filter when its ALBs have instance targets;</item>
    /// <item>per Region: one DescribeNetworkInterfaces by address when IP targets lie outside every
    /// subnet of their VPC (then NACLs, route tables and groups of the VPCs found, once each), and one
    /// GetManagedPrefixListEntries per prefix list any collected group references.</item>
    /// </list>
    /// Each ALB gets a document of its own (its resources, its VPCs' shared ones, and only the failures
    /// that concern it), so a denied call for one ALB leaves only that ALB's checks Unknown.
    /// Thread-safe use of the back end and reporter is required: calls run on worker threads.
    /// </summary>
    internal sealed class FleetCollector
    {
        private static readonly string[] VpcOperations =
        {
            SnapshotOperations.DescribeSubnets, SnapshotOperations.DescribeNetworkInterfaces, SnapshotOperations.DescribeNetworkAcls,
            SnapshotOperations.DescribeRouteTables, SnapshotOperations.DescribeSecurityGroups,
        };

        // A VPC found only through an IP target's interface: its path needs its NACLs, routes and groups, not all its subnets and interfaces.
        private static readonly string[] PeerVpcOperations =
        {
            SnapshotOperations.DescribeNetworkAcls, SnapshotOperations.DescribeRouteTables, SnapshotOperations.DescribeSecurityGroups,
        };

        private readonly IAwsBackend _backend;
        private readonly IFleetReporter _reporter;
        private readonly ConcurrentDictionary<string, int> _calls = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private int _done;
        private int _planned;

        public FleetCollector(IAwsBackend backend, IFleetReporter reporter, int throttleLimit)
        {
            _backend = backend ?? throw new ArgumentNullException(nameof(backend));
            _reporter = reporter ?? throw new ArgumentNullException(nameof(reporter));
            if (throttleLimit < 1) throw new ArgumentOutOfRangeException(nameof(throttleLimit), throttleLimit, "At least one load balancer at a time.");
            ThrottleLimit = throttleLimit;
        }

        /// <summary>How many load balancers (and, after them, VPC calls) are collected at a time.</summary>
        public int ThrottleLimit { get; }

        /// <summary>When set, each load balancer's CloudWatch metrics over this window are collected too (one GetMetricData call per ALB, or more past 500 queries).</summary>
        public CloudWatch.MetricWindow? Metrics { get; set; }

        /// <summary>Calls made so far, by operation (failed ones included; a retried throttled call counts once).</summary>
        public IReadOnlyDictionary<string, int> CallsByOperation => new SortedDictionary<string, int>(_calls, StringComparer.Ordinal);

        /// <summary>
        /// Collects one Region. A DescribeLoadBalancers that fails (denied, unknown Region, unreachable
        /// endpoint) throws <see cref="AwsCallException"/>: nothing of the Region is known. Any other
        /// failure is recorded in the documents of the load balancers it concerns.
        /// </summary>
        public FleetRegion Collect(string? region, CancellationToken cancellationToken)
        {
            _done = 0;
            _planned = 1;
            var all = Invoke(new AwsRequest(SnapshotOperations.DescribeLoadBalancers), cancellationToken);
            var loadBalancers = new List<JsonObject>();
            foreach (var lb in Items(all, "LoadBalancers"))
            {
                var type = Str(lb, "Type");
                if (Model.LoadBalancer.IsApplicationType(type)) loadBalancers.Add(lb);
                else _reporter.Skipped(Str(lb, "LoadBalancerName") ?? Str(lb, "LoadBalancerArn") ?? "?", Str(lb, "LoadBalancerArn") ?? string.Empty, type ?? string.Empty);
            }
            // A stable order, whatever order AWS lists them in: by name, then ARN (names are unique per Region and account).
            loadBalancers = loadBalancers.OrderBy(lb => Str(lb, "LoadBalancerName"), StringComparer.Ordinal)
                .ThenBy(lb => Str(lb, "LoadBalancerArn"), StringComparer.Ordinal).ToList();
            region ??= loadBalancers.Select(lb => RegionOfArn(Str(lb, "LoadBalancerArn"))).FirstOrDefault(r => r is not null);
            var result = new FleetRegion(region ?? string.Empty);
            if (loadBalancers.Count == 0) return result;

            // Own resources, ThrottleLimit load balancers at a time.
            _planned += loadBalancers.Count * 6 + 5;
            var members = loadBalancers.Select(lb => new FleetMember(Str(lb, "LoadBalancerName") ?? string.Empty, Str(lb, "LoadBalancerArn") ?? string.Empty, Str(lb, "VpcId"))).ToList();
            ForEach(Enumerable.Range(0, members.Count), i =>
            {
                var member = members[i];
                var reporter = new MemberReporter(member);
                var collector = new SnapshotCollector(new Counting(this), reporter) { Metrics = Metrics };
                member.Own = collector.CollectOwn(loadBalancers[i], region, member.InstanceIds, member.IpAddresses, cancellationToken);
            }, cancellationToken);

            // Each VPC's shared resources, once.
            var vpcs = members.Where(m => m.VpcId is not null).GroupBy(m => m.VpcId!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new VpcResources(g.Key, g.SelectMany(m => m.InstanceIds).Distinct(StringComparer.Ordinal).OrderBy(i => i, StringComparer.Ordinal).ToList()), StringComparer.Ordinal);
            CollectVpcs(vpcs.Values.ToList(), VpcOperations, cancellationToken);

            // IP targets in no subnet of their VPC: one lookup by address for the whole Region.
            var outside = members.SelectMany(m => m.VpcId is not null && vpcs.TryGetValue(m.VpcId, out var v) ? v.Outside(m.IpAddresses) : Enumerable.Empty<string>())
                .Distinct(StringComparer.Ordinal).OrderBy(ip => ip, StringComparer.Ordinal).ToList();
            var peerInterfaces = new List<JsonObject>();
            AwsCallException? peerFailure = null;
            if (outside.Count > 0)
            {
                var request = new AwsRequest(SnapshotOperations.DescribeNetworkInterfaces).Filter("addresses.private-ip-address", outside);
                try { peerInterfaces = Items(Invoke(request, cancellationToken), "NetworkInterfaces").ToList(); }
                catch (AwsCallException e) when (!e.IsFatal) { peerFailure = e; }
                var peers = peerInterfaces.Select(n => Str(n, "VpcId")).Where(v => !string.IsNullOrEmpty(v) && !vpcs.ContainsKey(v!)).Distinct(StringComparer.Ordinal)
                    .Select(v => new VpcResources(v!, new List<string>())).ToList();
                foreach (var peer in peers) vpcs[peer.VpcId] = peer;
                CollectVpcs(peers, PeerVpcOperations, cancellationToken);
            }

            // Prefix lists: once per Region, whichever groups reference them.
            var prefixLists = vpcs.Values.SelectMany(v => v.PrefixListIds).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToList();
            var entries = new ConcurrentDictionary<string, object>(StringComparer.Ordinal);   // JsonObject, or the AwsCallException
            Interlocked.Add(ref _planned, prefixLists.Count);
            ForEach(prefixLists, id =>
            {
                try { entries[id] = Invoke(new AwsRequest(SnapshotOperations.GetManagedPrefixListEntries).With("PrefixListId", id), cancellationToken); }
                catch (AwsCallException e) when (!e.IsFatal) { entries[id] = e; }
            }, cancellationToken);

            foreach (var member in members)
            {
                var own = vpcs.TryGetValue(member.VpcId ?? string.Empty, out var home) ? home : null;
                var peerHeld = peerInterfaces.Where(n => member.IpAddresses.Any(ip => Holds(n, ip))).ToList();
                var memberVpcs = new List<VpcResources>();
                if (own is not null) memberVpcs.Add(own);
                memberVpcs.AddRange(peerHeld.Select(n => Str(n, "VpcId")).Where(v => v is not null && v != member.VpcId && vpcs.ContainsKey(v!)).Distinct(StringComparer.Ordinal).Select(v => vpcs[v!]));
                var failures = new List<AwsCallException>(member.Failures);
                var document = member.Own!.Clone();
                foreach (var vpc in memberVpcs) failures.AddRange(vpc.AddTo(document));
                if (own is not null && own.Outside(member.IpAddresses).Any())
                {
                    if (peerFailure is not null)
                    {
                        document.AddError(SnapshotOperations.DescribeNetworkInterfaces, peerFailure.Reason);
                        failures.Add(peerFailure);
                    }
                    else
                    {
                        document.AddItems(SnapshotOperations.DescribeNetworkInterfaces, peerHeld);
                    }
                }
                var referenced = memberVpcs.SelectMany(v => v.PrefixListIds).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal);
                foreach (var id in referenced)
                {
                    if (entries.TryGetValue(id, out var answer) && answer is JsonObject found) document.SetResourceSection(SnapshotOperations.GetManagedPrefixListEntries, id, found);
                    else if (answer is AwsCallException failed)
                    {
                        document.AddError(SnapshotOperations.GetManagedPrefixListEntries, id + ": " + failed.Reason);
                        failures.Add(failed);
                    }
                }
                MarkKnownEmpty(document);
                result.Add(new FleetLoadBalancer(member.Name, member.Arn, document, failures));
                result.Shared.AddRange(memberVpcs.Where(v => !result.Shared.Contains(v)));
            }
            _reporter.Progress(result.Region + ": done", 100);
            return result;
        }

        private void CollectVpcs(List<VpcResources> vpcs, string[] operations, CancellationToken cancellationToken)
        {
            var work = vpcs.SelectMany(v => operations.Select(op => (Vpc: v, Operation: op)))
                .Concat(vpcs.Where(v => v.InstanceIds.Count > 0).Select(v => (Vpc: v, Operation: SnapshotOperations.DescribeInstances))).ToList();
            Interlocked.Add(ref _planned, work.Count);
            ForEach(work, w =>
            {
                var request = w.Operation == SnapshotOperations.DescribeInstances
                    ? new AwsRequest(w.Operation).Filter("instance-id", w.Vpc.InstanceIds)
                    : new AwsRequest(w.Operation).Filter("vpc-id", new[] { w.Vpc.VpcId });
                try { w.Vpc.Set(w.Operation, Items(Invoke(request, cancellationToken), SnapshotOperations.ListProperty(w.Operation)!).ToList()); }
                catch (AwsCallException e) when (!e.IsFatal) { w.Vpc.Fail(w.Operation, e); }
            }, cancellationToken);
        }

        /// <summary>Runs <paramref name="body"/> for each item, at most <see cref="ThrottleLimit"/> at a time; the first fatal failure or cancellation stops the rest and is thrown as itself.</summary>
        private void ForEach<T>(IEnumerable<T> items, Action<T> body, CancellationToken cancellationToken)
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = ThrottleLimit, CancellationToken = cancellationToken };
            try
            {
                Parallel.ForEach(items, options, body);
            }
            catch (AggregateException e)
            {
                var first = e.Flatten().InnerExceptions.FirstOrDefault(x => x is OperationCanceledException) ?? e.Flatten().InnerExceptions[0];
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            }
        }

        private JsonObject Invoke(AwsRequest request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _calls.AddOrUpdate(request.Operation, 1, (_, n) => n + 1);
            try
            {
                return _backend.Invoke(request, cancellationToken);
            }
            finally
            {
                var done = Interlocked.Increment(ref _done);
                _reporter.Progress(request.ToString(), Math.Min(99, 100 * done / Math.Max(1, Volatile.Read(ref _planned))));
            }
        }

        /// <summary>The back end a member's <see cref="SnapshotCollector"/> calls: counted, with the fleet's progress.</summary>
        private sealed class Counting : IAwsBackend
        {
            private readonly FleetCollector _fleet;
            public Counting(FleetCollector fleet) { _fleet = fleet; }
            public string Name => _fleet._backend.Name;
            public JsonObject Invoke(AwsRequest request, CancellationToken cancellationToken) => _fleet.Invoke(request, cancellationToken);
        }

        /// <summary>Keeps a member's failed calls, for its error record; the fleet reports progress itself.</summary>
        private sealed class MemberReporter : ICollectionReporter
        {
            private readonly FleetMember _member;
            public MemberReporter(FleetMember member) { _member = member; }
            public void Progress(string status, int percentComplete) { }
            public void CallFailed(AwsRequest request, AwsCallException failure) => _member.Failures.Add(failure);
            public void LoadBalancerNotFound(string nameOrArn, string reason) { }
        }

        private sealed class FleetMember
        {
            public FleetMember(string name, string arn, string? vpcId) { Name = name; Arn = arn; VpcId = string.IsNullOrEmpty(vpcId) ? null : vpcId; }
            public string Name { get; }
            public string Arn { get; }
            public string? VpcId { get; }
            public SnapshotDocument? Own { get; set; }
            public SortedSet<string> InstanceIds { get; } = new SortedSet<string>(StringComparer.Ordinal);
            public HashSet<string> IpAddresses { get; } = new HashSet<string>(StringComparer.Ordinal);
            public List<AwsCallException> Failures { get; } = new List<AwsCallException>();
        }
    }

    /// <summary>What a fleet collection tells its caller besides the calls' own progress.</summary>
    internal interface IFleetReporter
    {
        /// <summary>Progress of the Region's calls; called from worker threads.</summary>
        void Progress(string status, int percentComplete);

        /// <summary>A network or gateway load balancer: listed by DescribeLoadBalancers, not diagnosed.</summary>
        void Skipped(string name, string arn, string type);
    }

    /// <summary>One VPC's shared EC2 resources, collected once and added to the document of each of its load balancers.</summary>
    internal sealed class VpcResources
    {
        private readonly ConcurrentDictionary<string, List<JsonObject>> _items = new ConcurrentDictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, AwsCallException> _failures = new ConcurrentDictionary<string, AwsCallException>(StringComparer.Ordinal);
        private List<Network.IpCidr>? _blocks;

        public VpcResources(string vpcId, List<string> instanceIds)
        {
            VpcId = vpcId;
            InstanceIds = instanceIds;
        }

        public string VpcId { get; }

        /// <summary>The instance targets of this VPC's load balancers (DescribeInstances asks for these).</summary>
        public List<string> InstanceIds { get; }

        public void Set(string operation, List<JsonObject> items) => _items[operation] = items;

        public void Fail(string operation, AwsCallException failure) => _failures[operation] = failure;

        /// <summary>The prefix lists this VPC's security groups reference.</summary>
        public IEnumerable<string> PrefixListIds =>
            (_items.TryGetValue(SnapshotOperations.DescribeSecurityGroups, out var groups) ? groups : new List<JsonObject>())
                .SelectMany(g => Items(g, "IpPermissions").Concat(Items(g, "IpPermissionsEgress")))
                .SelectMany(p => Items(p, "PrefixListIds")).Select(pl => Str(pl, "PrefixListId") ?? Str(pl, "Id"))
                .Where(id => !string.IsNullOrEmpty(id)).Select(id => id!);

        /// <summary>
        /// The addresses neither on an interface of this VPC nor inside one of its subnets (a peered
        /// VPC, a transit gateway, on premises); none while the interfaces or subnets are unknown,
        /// as <see cref="SnapshotCollector"/> decides it for one load balancer.
        /// </summary>
        public IEnumerable<string> Outside(IEnumerable<string> addresses)
        {
            if (!_items.TryGetValue(SnapshotOperations.DescribeNetworkInterfaces, out var interfaces)) return Enumerable.Empty<string>();
            _items.TryGetValue(SnapshotOperations.DescribeSubnets, out var subnets);
            _blocks ??= (subnets ?? new List<JsonObject>())
                .SelectMany(s => new[] { Str(s, "CidrBlock") }.Concat(Items(s, "Ipv6CidrBlockAssociationSet").Select(a => Str(a, "Ipv6CidrBlock"))))
                .Select(c => Network.IpCidr.TryParse(c, out var block) ? block : null).Where(b => b is not null).Select(b => b!).ToList();
            var blocks = _blocks;
            return addresses.Where(ip => !interfaces.Any(n => Holds(n, ip))
                && !(subnets is not null && System.Net.IPAddress.TryParse(ip, out var a) && blocks.Any(b => b.Contains(a))));
        }

        /// <summary>Adds what was collected to a document (each failure under Errors, naming this VPC) and returns the failures.</summary>
        public IEnumerable<AwsCallException> AddTo(SnapshotDocument document)
        {
            foreach (var item in _items.OrderBy(i => i.Key, StringComparer.Ordinal))
                document.AddItems(item.Key, item.Value);
            foreach (var failure in _failures.OrderBy(f => f.Key, StringComparer.Ordinal))
                document.AddError(failure.Key, VpcId + ": " + failure.Value.Reason);
            return _failures.Values;
        }
    }

    /// <summary>One load balancer of a fleet: its own document and the failed calls that concern it.</summary>
    internal sealed class FleetLoadBalancer
    {
        public FleetLoadBalancer(string name, string arn, SnapshotDocument document, IReadOnlyList<AwsCallException> failures)
        {
            Name = name;
            Arn = arn;
            Document = document;
            Failures = failures;
        }

        public string Name { get; }
        public string Arn { get; }
        public SnapshotDocument Document { get; }
        public IReadOnlyList<AwsCallException> Failures { get; }
    }

    /// <summary>The Application Load Balancers of one Region, in a stable order (name, then ARN).</summary>
    internal sealed class FleetRegion
    {
        private readonly List<FleetLoadBalancer> _loadBalancers = new List<FleetLoadBalancer>();

        public FleetRegion(string region) { Region = region; }

        public string Region { get; }

        public IReadOnlyList<FleetLoadBalancer> LoadBalancers => _loadBalancers;

        internal List<VpcResources> Shared { get; } = new List<VpcResources>();

        internal void Add(FleetLoadBalancer loadBalancer) => _loadBalancers.Add(loadBalancer);

        /// <summary>
        /// One snapshot of the whole Region (what Export-AlbSnapshot -All writes): every load balancer's
        /// sections, each VPC's resources once, and each failure once.
        /// </summary>
        public SnapshotDocument ToDocument()
        {
            var document = new SnapshotDocument(Region.Length == 0 ? null : Region, DateTime.UtcNow);
            foreach (var lb in _loadBalancers) document.Merge(lb.Document);
            return document;
        }

        /// <summary>For messages: "us-east-1: 3 load balancers in 2 VPCs".</summary>
        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0}: {1} load balancers in {2} VPCs", Region, _loadBalancers.Count, Shared.Count);
    }
}
