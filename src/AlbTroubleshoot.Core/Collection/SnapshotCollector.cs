using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// Collects a snapshot (docs/snapshot-format.md) for one or more ALBs through a back end, in a fixed number of
    /// calls whatever the number of targets or security groups:
    /// <list type="bullet">
    /// <item>1 DescribeLoadBalancers for all names (and 1 for all ARNs);</item>
    /// <item>per ALB: DescribeLoadBalancerAttributes, DescribeListeners, DescribeTargetGroups, GetWebACLForResource;</item>
    /// <item>per listener: DescribeRules; per target group: DescribeTargetHealth, DescribeTargetGroupAttributes;</item>
    /// <item>shared by all ALBs: DescribeSubnets and DescribeNetworkInterfaces by vpc-id filter (the
    /// ENIs of the ALB nodes, of IP targets and of instances, in one call); one more
    /// DescribeNetworkInterfaces by addresses.private-ip-address filter only when IP targets are
    /// registered outside every subnet of those VPCs (in a peered VPC or behind a transit gateway);
    /// DescribeNetworkAcls and DescribeRouteTables by vpc-id filter (the ALBs' VPCs and the VPCs of the
    /// ENIs found by address); DescribeInstances by instance-id filter (only when instance targets
    /// are registered), DescribeSecurityGroups by group-id filter (the ALBs' groups and the targets' groups);</item>
    /// <item>per prefix list referenced by those groups: GetManagedPrefixListEntries.</item>
    /// </list>
    /// Filters rather than ID lists for instances and groups, because an ID that no longer exists
    /// fails an ID-list call as a whole (InvalidInstanceID.NotFound), while a filter just skips it.
    /// A failed call is recorded under Errors and the rest goes on; a section whose call failed
    /// stays missing, meaning "unknown".
    /// </summary>
    internal sealed class SnapshotCollector
    {
        private const string LoadBalancerNotFoundCode = "LoadBalancerNotFound";

        private readonly IAwsBackend _backend;
        private readonly ICollectionReporter _reporter;
        private SnapshotDocument _document = new SnapshotDocument();
        private CancellationToken _cancellation;
        private int _plannedCalls;

        public SnapshotCollector(IAwsBackend backend, ICollectionReporter reporter)
        {
            _backend = backend ?? throw new ArgumentNullException(nameof(backend));
            _reporter = reporter ?? throw new ArgumentNullException(nameof(reporter));
        }

        /// <summary>When set, the load balancers' CloudWatch metrics over this window are collected too (the GetMetricData section).</summary>
        public AlbTroubleshoot.CloudWatch.MetricWindow? Metrics { get; set; }

        /// <summary>How many calls the last <see cref="Collect"/> made (failed ones included).</summary>
        public int CallCount { get; private set; }

        /// <summary>
        /// Collects everything the diagnosis needs for the named load balancers (names and ARNs may
        /// be mixed). Returns null when none of them could be described.
        /// </summary>
        public SnapshotDocument? Collect(IEnumerable<string> names, IEnumerable<string> arns, string? region, CancellationToken cancellationToken)
        {
            if (names is null) throw new ArgumentNullException(nameof(names));
            if (arns is null) throw new ArgumentNullException(nameof(arns));
            _cancellation = cancellationToken;
            _document = new SnapshotDocument(region, DateTime.UtcNow);
            CallCount = 0;
            _plannedCalls = 10;

            var loadBalancers = DescribeLoadBalancers(
                names.Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal).ToList(),
                arns.Where(a => !string.IsNullOrEmpty(a)).Distinct(StringComparer.Ordinal).ToList());
            if (loadBalancers.Count == 0) return null;
            _document.AddItems(SnapshotOperations.DescribeLoadBalancers, loadBalancers);
            if (_document.Region is null) _document.Region = RegionOfArn(Str(loadBalancers[0], "LoadBalancerArn"));
            _plannedCalls = CallCount + 4 * loadBalancers.Count + 8;

            var targetGroups = new List<JsonObject>();
            foreach (var lb in loadBalancers)
                targetGroups.AddRange(CollectLoadBalancer(Str(lb, "LoadBalancerArn")!));
            targetGroups = targetGroups.GroupBy(tg => Str(tg, "TargetGroupArn")).Select(g => g.First()).ToList();
            _plannedCalls += 2 * targetGroups.Count;

            var targets = new TargetSet();
            foreach (var tg in targetGroups)
                CollectTargetGroup(tg, targets);
            if (Metrics is not null) CollectMetrics(Metrics, loadBalancers, targetGroups);

            var vpcs = loadBalancers.Select(lb => Str(lb, "VpcId")).Concat(targetGroups.Select(tg => Str(tg, "VpcId")))
                .Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).Distinct(StringComparer.Ordinal).ToList();
            CollectNetwork(vpcs, loadBalancers, targets);
            MarkKnownEmpty(_document);
            _reporter.Progress("Done", 100);
            return _document;
        }

        /// <summary>
        /// For a fleet (<see cref="FleetCollector"/>): one load balancer's own resources (attributes,
        /// listeners and their rules, web ACL, target groups with their health and attributes, and its
        /// metrics when <see cref="Metrics"/> is set) into a new document, without DescribeLoadBalancers
        /// and without the EC2 calls, which the fleet makes once per VPC. The registered targets are
        /// added to <paramref name="instanceIds"/> and <paramref name="ipAddresses"/>.
        /// </summary>
        internal SnapshotDocument CollectOwn(JsonObject loadBalancer, string? region, ISet<string> instanceIds, ISet<string> ipAddresses, CancellationToken cancellationToken)
        {
            _cancellation = cancellationToken;
            _document = new SnapshotDocument(region, DateTime.UtcNow);
            CallCount = 0;
            _plannedCalls = 4;
            _document.AddItems(SnapshotOperations.DescribeLoadBalancers, new[] { loadBalancer });
            var targetGroups = CollectLoadBalancer(Str(loadBalancer, "LoadBalancerArn")!);
            _plannedCalls += 2 * targetGroups.Count;
            var targets = new TargetSet();
            foreach (var tg in targetGroups) CollectTargetGroup(tg, targets);
            if (Metrics is not null) CollectMetrics(Metrics, new List<JsonObject> { loadBalancer }, targetGroups);
            instanceIds.UnionWith(targets.InstanceIds);
            ipAddresses.UnionWith(targets.IpAddresses);
            return _document;
        }

        // A section with nothing to ask for (no listener, no target group, no instance target, no
        // prefix list referenced) is known to be empty, not unknown: write it empty, as the CLI
        // would print it, provided the data it depends on was collected.
        internal static void MarkKnownEmpty(SnapshotDocument document)
        {
            void Ensure(string operation, string dependsOn)
            {
                if (document.HasSection(operation) || document.Errors.ContainsKey(operation) || document.Errors.ContainsKey(dependsOn)
                    || !document.HasSection(dependsOn)) return;
                if (SnapshotOperations.IsList(operation)) document.AddItems(operation, Enumerable.Empty<JsonValue>());
                else document.SetSection(operation, new JsonObject());
            }
            Ensure(SnapshotOperations.DescribeRules, SnapshotOperations.DescribeListeners);
            Ensure(SnapshotOperations.DescribeTargetHealth, SnapshotOperations.DescribeTargetGroups);
            Ensure(SnapshotOperations.DescribeTargetGroupAttributes, SnapshotOperations.DescribeTargetGroups);
            Ensure(SnapshotOperations.DescribeInstances, SnapshotOperations.DescribeTargetHealth);
            Ensure(SnapshotOperations.GetManagedPrefixListEntries, SnapshotOperations.DescribeSecurityGroups);
        }

        private List<JsonObject> DescribeLoadBalancers(List<string> names, List<string> arns)
        {
            var found = new List<JsonObject>();
            if (names.Count > 0) found.AddRange(DescribeLoadBalancersBy("Names", names));
            if (arns.Count > 0) found.AddRange(DescribeLoadBalancersBy("LoadBalancerArns", arns));
            var result = new List<JsonObject>();
            foreach (var lb in found.GroupBy(lb => Str(lb, "LoadBalancerArn")).Select(g => g.First()))
            {
                var type = Str(lb, "Type");
                if (!Model.LoadBalancer.IsApplicationType(type))
                {
                    _reporter.LoadBalancerNotFound(Str(lb, "LoadBalancerName") ?? Str(lb, "LoadBalancerArn") ?? "?", Model.LoadBalancer.NotApplicationText("it", type!));
                    continue;
                }
                result.Add(lb);
            }
            return result;
        }

        // One call for all values; when AWS answers "not found" for the batch (it names only the
        // first missing one), ask for each value alone so the others are still found.
        private IEnumerable<JsonObject> DescribeLoadBalancersBy(string parameter, List<string> values)
        {
            var batches = new List<List<string>>();
            for (var i = 0; i < values.Count; i += 20) batches.Add(values.Skip(i).Take(20).ToList());   // API limit: 20 per call
            foreach (var batch in batches)
            {
                var request = new AwsRequest(SnapshotOperations.DescribeLoadBalancers).With(parameter, batch.ToArray());
                var response = TryInvoke(request, out var error);
                if (response is not null)
                {
                    // AWS fails the whole call for an unknown name; emulators may just leave it out.
                    var returned = Items(response, "LoadBalancers").ToList();
                    var key = parameter == "Names" ? "LoadBalancerName" : "LoadBalancerArn";
                    foreach (var missing in batch.Where(v => !returned.Any(lb => Str(lb, key) == v)))
                        _reporter.LoadBalancerNotFound(missing, "DescribeLoadBalancers did not return it.");
                    foreach (var lb in returned) yield return lb;
                    continue;
                }
                if (!IsNotFound(error!)) { Record(request, error!); continue; }
                if (batch.Count == 1) { _reporter.LoadBalancerNotFound(batch[0], error!.Message); continue; }
                foreach (var single in batch)
                {
                    var one = new AwsRequest(SnapshotOperations.DescribeLoadBalancers).With(parameter, single);
                    var r = TryInvoke(one, out var e);
                    if (r is not null) foreach (var lb in Items(r, "LoadBalancers")) yield return lb;
                    else if (IsNotFound(e!)) _reporter.LoadBalancerNotFound(single, e!.Message);
                    else Record(one, e!);
                }
            }
        }

        private static bool IsNotFound(AwsCallException e) =>
            e.ErrorCode == LoadBalancerNotFoundCode || e.ErrorCode == "ValidationError" && e.Message.IndexOf("not a valid", StringComparison.OrdinalIgnoreCase) >= 0;

        private List<JsonObject> CollectLoadBalancer(string arn)
        {
            var attributes = Call(new AwsRequest(SnapshotOperations.DescribeLoadBalancerAttributes).With("LoadBalancerArn", arn));
            if (attributes is not null) _document.SetResourceSection(SnapshotOperations.DescribeLoadBalancerAttributes, arn, attributes);

            var listeners = Call(new AwsRequest(SnapshotOperations.DescribeListeners).With("LoadBalancerArn", arn));
            if (listeners is not null)
            {
                var items = Items(listeners, "Listeners").ToList();
                _plannedCalls += items.Count;
                _document.AddItems(SnapshotOperations.DescribeListeners, items);
                foreach (var listener in items)
                {
                    var rules = Call(new AwsRequest(SnapshotOperations.DescribeRules).With("ListenerArn", Str(listener, "ListenerArn")!));
                    if (rules is not null) _document.AddItems(SnapshotOperations.DescribeRules, Items(rules, "Rules"));
                }
            }

            var waf = Call(new AwsRequest(SnapshotOperations.GetWebACLForResource).With("ResourceArn", arn));
            if (waf is not null)
            {
                // No association: the API answers without a WebACL; the snapshot says so with null.
                if (!waf.Contains("WebACL")) waf.Set("WebACL", JsonValue.Null);
                _document.SetResourceSection(SnapshotOperations.GetWebACLForResource, arn, waf);
            }

            var targetGroups = Call(new AwsRequest(SnapshotOperations.DescribeTargetGroups).With("LoadBalancerArn", arn));
            if (targetGroups is null) return new List<JsonObject>();
            var groups = Items(targetGroups, "TargetGroups").ToList();
            _document.AddItems(SnapshotOperations.DescribeTargetGroups, groups);
            return groups;
        }

        private void CollectTargetGroup(JsonObject targetGroup, TargetSet targets)
        {
            var arn = Str(targetGroup, "TargetGroupArn")!;
            var health = Call(new AwsRequest(SnapshotOperations.DescribeTargetHealth).With("TargetGroupArn", arn));
            if (health is not null)
            {
                _document.SetResourceSection(SnapshotOperations.DescribeTargetHealth, arn, health);
                var type = Str(targetGroup, "TargetType") ?? "instance";
                foreach (var description in Items(health, "TargetHealthDescriptions"))
                {
                    var id = (description["Target"] as JsonObject) is { } t ? Str(t, "Id") : null;
                    if (string.IsNullOrEmpty(id)) continue;
                    if (type == "instance") targets.InstanceIds.Add(id!);
                    else if (type == "ip") targets.IpAddresses.Add(id!);
                }
            }
            var attributes = Call(new AwsRequest(SnapshotOperations.DescribeTargetGroupAttributes).With("TargetGroupArn", arn));
            if (attributes is not null) _document.SetResourceSection(SnapshotOperations.DescribeTargetGroupAttributes, arn, attributes);
        }

        /// <summary>
        /// The metrics of every load balancer in as few GetMetricData calls as the API allows: the
        /// queries of all of them (Metrics/MetricQueries.cs) cut into calls of 500. Each load balancer's
        /// entry holds the queries sent for it and the results that answer them; a load balancer whose
        /// queries were in a failed call gets no entry (the failure is under Errors).
        /// </summary>
        private void CollectMetrics(AlbTroubleshoot.CloudWatch.MetricWindow window, List<JsonObject> loadBalancers, List<JsonObject> targetGroups)
        {
            var plans = new List<(string Arn, List<AlbTroubleshoot.CloudWatch.MetricQuery> Queries)>();
            for (var i = 0; i < loadBalancers.Count; i++)
            {
                var arn = Str(loadBalancers[i], "LoadBalancerArn")!;
                var groups = targetGroups.Where(tg => Strings(tg["LoadBalancerArns"]).Contains(arn, StringComparer.Ordinal)).Select(tg => Str(tg, "TargetGroupArn")!);
                var zones = Items(loadBalancers[i], "AvailabilityZones").Select(z => Str(z, "ZoneName") ?? string.Empty);
                plans.Add((arn, AlbTroubleshoot.CloudWatch.MetricQueries.For(arn, groups, zones, window.Period, window.MetricNames, "l" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            }
            var all = plans.SelectMany(p => p.Queries).ToList();
            var batches = AlbTroubleshoot.CloudWatch.MetricQueries.Batches(all);
            _plannedCalls += batches.Count;
            var results = new Dictionary<string, List<JsonValue>>(StringComparer.Ordinal);
            var failed = new HashSet<string>(StringComparer.Ordinal);
            var start = SnapshotDocument.FormatTime(window.From);
            var end = SnapshotDocument.FormatTime(window.To);
            foreach (var batch in batches)
            {
                var queries = new JsonArray(batch.Select(q => (JsonValue)q.ToJson()));
                var response = Call(new AwsRequest(AlbTroubleshoot.CloudWatch.MetricData.Section)
                    .With("MetricDataQueries", queries.ToJson(false)).With("StartTime", start).With("EndTime", end));
                if (response is null)
                {
                    failed.UnionWith(batch.Select(q => q.Id));
                    continue;
                }
                foreach (var result in Items(response, "MetricDataResults"))
                {
                    var id = Str(result, "Id");
                    if (id is null) continue;
                    if (!results.TryGetValue(id, out var list)) results[id] = list = new List<JsonValue>();
                    list.Add(result);
                }
            }
            foreach (var (arn, queries) in plans)
            {
                if (queries.Any(q => failed.Contains(q.Id))) continue;
                var entry = new JsonObject();
                entry.Set(AlbTroubleshoot.CloudWatch.MetricData.StartTimeProperty, JsonValue.From(start));
                entry.Set(AlbTroubleshoot.CloudWatch.MetricData.EndTimeProperty, JsonValue.From(end));
                entry.Set(AlbTroubleshoot.CloudWatch.MetricData.QueriesProperty, new JsonArray(queries.Select(q => (JsonValue)q.ToJson())));
                entry.Set(AlbTroubleshoot.CloudWatch.MetricData.ResultsProperty, new JsonArray(queries.SelectMany(q => results.TryGetValue(q.Id, out var r) ? r : new List<JsonValue>())));
                _document.SetMetricData(arn, entry);
            }
        }

        private void CollectNetwork(List<string> vpcs, List<JsonObject> loadBalancers, TargetSet targets)
        {
            var groupIds = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var lb in loadBalancers)
                foreach (var g in Strings(lb["SecurityGroups"])) groupIds.Add(g);

            if (vpcs.Count > 0)
            {
                var subnets = CollectList(new AwsRequest(SnapshotOperations.DescribeSubnets).Filter("vpc-id", vpcs), "Subnets", out var subnetsRead);
                var enis = CollectList(new AwsRequest(SnapshotOperations.DescribeNetworkInterfaces).Filter("vpc-id", vpcs), "NetworkInterfaces", out var enisRead);
                var placed = new HashSet<string>(StringComparer.Ordinal);
                foreach (var eni in enis)
                {
                    var held = targets.IpAddresses.Where(ip => Holds(eni, ip)).ToList();
                    placed.UnionWith(held);
                    if (held.Count > 0)
                        foreach (var g in Items(eni, "Groups")) AddId(groupIds, Str(g, "GroupId"));
                }
                // IP targets outside every subnet of these VPCs are in a peered VPC, behind a transit gateway
                // or on premises: one call by address finds those this account can see in this Region, so
                // that their security groups, NACLs and route tables are collected too (their interface
                // gives their subnet, zone and VPC). Outside-VPC targets are IPv4 only (RFC 1918/6598
                // blocks), which this filter covers.
                var blocks = subnets.SelectMany(s => new[] { Str(s, "CidrBlock") }.Concat(Items(s, "Ipv6CidrBlockAssociationSet").Select(a => Str(a, "Ipv6CidrBlock"))))
                    .Select(c => Network.IpCidr.TryParse(c, out var block) ? block : null).Where(b => b is not null).ToList();
                var outside = targets.IpAddresses
                    .Where(ip => !placed.Contains(ip) && !(subnetsRead && System.Net.IPAddress.TryParse(ip, out var a) && blocks.Any(b => b!.Contains(a))))
                    .OrderBy(ip => ip, StringComparer.Ordinal).ToList();
                if (enisRead && outside.Count > 0)
                {
                    _plannedCalls++;
                    foreach (var eni in CollectList(new AwsRequest(SnapshotOperations.DescribeNetworkInterfaces).Filter("addresses.private-ip-address", outside), "NetworkInterfaces"))
                    {
                        foreach (var g in Items(eni, "Groups")) AddId(groupIds, Str(g, "GroupId"));
                        var vpc = Str(eni, "VpcId");
                        if (!string.IsNullOrEmpty(vpc) && !vpcs.Contains(vpc!, StringComparer.Ordinal)) vpcs.Add(vpc!);
                    }
                }
                CollectList(new AwsRequest(SnapshotOperations.DescribeNetworkAcls).Filter("vpc-id", vpcs), "NetworkAcls");
                CollectList(new AwsRequest(SnapshotOperations.DescribeRouteTables).Filter("vpc-id", vpcs), "RouteTables");
            }
            else
            {
                _plannedCalls -= 4;
            }

            if (targets.InstanceIds.Count > 0)
            {
                var reservations = CollectList(new AwsRequest(SnapshotOperations.DescribeInstances).Filter("instance-id", targets.InstanceIds), "Reservations");
                foreach (var instance in reservations.SelectMany(r => Items(r, "Instances")))
                {
                    foreach (var g in Items(instance, "SecurityGroups")) AddId(groupIds, Str(g, "GroupId"));
                    foreach (var n in Items(instance, "NetworkInterfaces"))
                        foreach (var g in Items(n, "Groups")) AddId(groupIds, Str(g, "GroupId"));
                }
            }

            if (groupIds.Count == 0) return;
            var groups = CollectList(new AwsRequest(SnapshotOperations.DescribeSecurityGroups).Filter("group-id", groupIds), "SecurityGroups");
            var prefixLists = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var group in groups)
                foreach (var permission in Items(group, "IpPermissions").Concat(Items(group, "IpPermissionsEgress")))
                    foreach (var pl in Items(permission, "PrefixListIds")) AddId(prefixLists, Str(pl, "PrefixListId") ?? Str(pl, "Id"));
            _plannedCalls += prefixLists.Count;
            foreach (var id in prefixLists)
            {
                var entries = Call(new AwsRequest(SnapshotOperations.GetManagedPrefixListEntries).With("PrefixListId", id));
                if (entries is not null) _document.SetResourceSection(SnapshotOperations.GetManagedPrefixListEntries, id, entries);
            }
        }

        private List<JsonObject> CollectList(AwsRequest request, string listProperty) => CollectList(request, listProperty, out _);

        private List<JsonObject> CollectList(AwsRequest request, string listProperty, out bool read)
        {
            var response = Call(request);
            read = response is not null;
            if (response is null) return new List<JsonObject>();
            var items = Items(response, listProperty).ToList();
            _document.AddItems(request.Operation, items);
            return items;
        }

        /// <summary>Does the ENI hold the address: listed (IPv4 or IPv6), or inside a delegated prefix.</summary>
        internal static bool Holds(JsonObject eni, string ip)
        {
            if (Str(eni, "PrivateIpAddress") == ip) return true;
            if (Items(eni, "PrivateIpAddresses").Any(a => Str(a, "PrivateIpAddress") == ip)) return true;
            if (Items(eni, "Ipv6Addresses").Any(a => SameAddress(Str(a, "Ipv6Address"), ip))) return true;
            if (!System.Net.IPAddress.TryParse(ip, out var address)) return false;
            return Items(eni, "Ipv4Prefixes").Select(p => Str(p, "Ipv4Prefix")).Concat(Items(eni, "Ipv6Prefixes").Select(p => Str(p, "Ipv6Prefix")))
                .Any(p => Network.IpCidr.TryParse(p, out var prefix) && prefix!.Contains(address));
        }

        private static bool SameAddress(string? a, string b) =>
            a is not null && System.Net.IPAddress.TryParse(a, out var x) && System.Net.IPAddress.TryParse(b, out var y) && x.Equals(y);

        private JsonObject? Call(AwsRequest request)
        {
            var response = TryInvoke(request, out var error);
            if (error is not null) Record(request, error);
            return response;
        }

        private JsonObject? TryInvoke(AwsRequest request, out AwsCallException? error)
        {
            _cancellation.ThrowIfCancellationRequested();
            var percent = Math.Min(99, 100 * CallCount / Math.Max(1, _plannedCalls));
            _reporter.Progress(request.ToString(), percent);
            CallCount++;
            try
            {
                error = null;
                return _backend.Invoke(request, _cancellation);
            }
            catch (AwsCallException e) when (!e.IsFatal)
            {
                error = e;
                return null;
            }
        }

        private void Record(AwsRequest request, AwsCallException error)
        {
            var key = request.Parameters.Count == 1 && request.Parameters[0].Value.Length == 1 && SnapshotOperations.IsPerResource(request.Operation)
                ? request.Parameters[0].Value[0] + ": " : string.Empty;
            _document.AddError(request.Operation, key + error.Reason);
            _reporter.CallFailed(request, error);
        }

        internal static IEnumerable<JsonObject> Items(JsonObject response, string property) =>
            response[property] is JsonArray array ? array.OfType<JsonObject>() : Enumerable.Empty<JsonObject>();

        internal static IEnumerable<string> Strings(JsonValue? value) =>
            value is JsonArray array ? array.Select(v => v.AsString()).Where(s => !string.IsNullOrEmpty(s)).Select(s => s!) : Enumerable.Empty<string>();

        internal static string? Str(JsonObject obj, string property) => obj[property]?.AsString();

        private static void AddId(ISet<string> set, string? id)
        {
            if (!string.IsNullOrEmpty(id)) set.Add(id!);
        }

        /// <summary>The region part of an ARN (arn:aws:elasticloadbalancing:REGION:…), or null.</summary>
        internal static string? RegionOfArn(string? arn)
        {
            var parts = arn?.Split(':');
            return parts is { Length: > 3 } && parts[3].Length > 0 ? parts[3] : null;
        }

        private sealed class TargetSet
        {
            public SortedSet<string> InstanceIds { get; } = new SortedSet<string>(StringComparer.Ordinal);
            public HashSet<string> IpAddresses { get; } = new HashSet<string>(StringComparer.Ordinal);
        }
    }
}
