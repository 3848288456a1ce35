using System;
using System.Collections.Generic;

namespace AlbTroubleshoot.Snapshots
{
    /// <summary>
    /// The sections of a snapshot (docs/snapshot-format.md): each is named after the AWS API operation whose
    /// AWS CLI output it holds. List sections hold one response; per-resource sections hold a map
    /// from the resource's ARN or ID to its response.
    /// </summary>
    internal static class SnapshotOperations
    {
        public const string DescribeLoadBalancers = "DescribeLoadBalancers";
        public const string DescribeListeners = "DescribeListeners";
        public const string DescribeRules = "DescribeRules";
        public const string DescribeTargetGroups = "DescribeTargetGroups";
        public const string DescribeTargetHealth = "DescribeTargetHealth";
        public const string DescribeLoadBalancerAttributes = "DescribeLoadBalancerAttributes";
        public const string DescribeTargetGroupAttributes = "DescribeTargetGroupAttributes";
        public const string DescribeSecurityGroups = "DescribeSecurityGroups";
        public const string DescribeNetworkAcls = "DescribeNetworkAcls";
        public const string DescribeSubnets = "DescribeSubnets";
        public const string DescribeRouteTables = "DescribeRouteTables";
        public const string DescribeNetworkInterfaces = "DescribeNetworkInterfaces";
        public const string DescribeInstances = "DescribeInstances";
        public const string GetManagedPrefixListEntries = "GetManagedPrefixListEntries";
        public const string GetWebACLForResource = "GetWebACLForResource";

        /// <summary>Every operation section, in the order docs/snapshot-format.md lists (and writers write) them.</summary>
        public static IReadOnlyList<string> All { get; } = new[]
        {
            DescribeLoadBalancers, DescribeListeners, DescribeRules, DescribeTargetGroups, DescribeTargetHealth,
            DescribeLoadBalancerAttributes, DescribeTargetGroupAttributes, DescribeSecurityGroups, DescribeNetworkAcls,
            DescribeSubnets, DescribeRouteTables, DescribeNetworkInterfaces, DescribeInstances,
            GetManagedPrefixListEntries, GetWebACLForResource,
        };

        private static readonly Dictionary<string, ListSection> Lists = new Dictionary<string, ListSection>(StringComparer.Ordinal)
        {
            [DescribeLoadBalancers] = new ListSection("LoadBalancers", "LoadBalancerArn"),
            [DescribeListeners] = new ListSection("Listeners", "ListenerArn"),
            [DescribeRules] = new ListSection("Rules", "RuleArn"),
            [DescribeTargetGroups] = new ListSection("TargetGroups", "TargetGroupArn"),
            [DescribeSecurityGroups] = new ListSection("SecurityGroups", "GroupId"),
            [DescribeNetworkAcls] = new ListSection("NetworkAcls", "NetworkAclId"),
            [DescribeSubnets] = new ListSection("Subnets", "SubnetId"),
            [DescribeRouteTables] = new ListSection("RouteTables", "RouteTableId"),
            [DescribeNetworkInterfaces] = new ListSection("NetworkInterfaces", "NetworkInterfaceId"),
            [DescribeInstances] = new ListSection("Reservations", "ReservationId"),
        };

        private static readonly Dictionary<string, string> PerResource = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DescribeTargetHealth] = "TargetHealthDescriptions",
            [DescribeLoadBalancerAttributes] = "Attributes",
            [DescribeTargetGroupAttributes] = "Attributes",
            [GetManagedPrefixListEntries] = "Entries",
            [GetWebACLForResource] = "WebACL",
        };

        public static bool IsKnown(string operation) => IsList(operation) || IsPerResource(operation);

        /// <summary>True for sections that hold one response with a list (DescribeSecurityGroups …).</summary>
        public static bool IsList(string operation) => operation is not null && Lists.ContainsKey(operation);

        /// <summary>True for sections that map a resource ARN/ID to a response (DescribeTargetHealth …).</summary>
        public static bool IsPerResource(string operation) => operation is not null && PerResource.ContainsKey(operation);

        /// <summary>The list property of a list section's response, e.g. "SecurityGroups"; null for other sections.</summary>
        public static string? ListProperty(string operation) => operation is not null && Lists.TryGetValue(operation, out var l) ? l.Property : null;

        /// <summary>The property that identifies one item of a list section, e.g. "GroupId".</summary>
        public static string? ItemIdProperty(string operation) => operation is not null && Lists.TryGetValue(operation, out var l) ? l.IdProperty : null;

        /// <summary>The main property of a per-resource response, e.g. "TargetHealthDescriptions".</summary>
        public static string? ResponseProperty(string operation) => operation is not null && PerResource.TryGetValue(operation, out var p) ? p : null;

        private sealed class ListSection
        {
            public ListSection(string property, string idProperty)
            {
                Property = property;
                IdProperty = idProperty;
            }

            public string Property { get; }
            public string IdProperty { get; }
        }
    }
}
