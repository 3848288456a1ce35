using System.IO;
using System.Text;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Tests
{
    /// <summary>The test data of this project: real moto CLI output and hand-made snapshots.</summary>
    internal static class TestFiles
    {
        public static string Path(params string[] parts) =>
            RepoPaths.Combine("tests", "AlbTroubleshoot.Core.Tests", "TestData", System.IO.Path.Combine(parts));

        /// <summary>One `aws ... --output json` result captured from moto.</summary>
        public static JsonObject Cli(string command) =>
            (JsonObject)JsonValue.Parse(File.ReadAllText(Path("cli-moto", command + ".json"), Encoding.UTF8), command);

        /// <summary>The full my-alb snapshot in CLI spelling.</summary>
        public static SnapshotDocument FullSnapshot() => SnapshotDocument.Load(Path("snapshots", "my-alb-cli.json"));

        /// <summary>A snapshot of TestData/snapshots/aws-examples (shapes AWS wrote; see the README there).</summary>
        public static SnapshotDocument AwsExample(string name) => SnapshotDocument.Load(Path("snapshots", "aws-examples", name + ".json"));

        /// <summary>The AWS CLI example load balancer with one of the target-health example outputs in place of its own.</summary>
        public static SnapshotDocument AwsExampleWithHealth(string variant) =>
            SnapshotDocument.Combine(new[] { AwsExample("elbv2-my-load-balancer"), AwsExample("target-health-" + variant) });

        /// <summary>A snapshot assembled from the moto CLI captures, section by section, as the docs script does.</summary>
        public static SnapshotDocument MotoSnapshot()
        {
            const string lb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-alb/6d27991ddab325c3";
            const string tg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-tg/b6533cbe95851e96";
            var d = new SnapshotDocument("us-east-1", new System.DateTime(2026, 11, 24, 18, 46, 0, System.DateTimeKind.Utc));
            d.SetSection(SnapshotOperations.DescribeLoadBalancers, Cli("describe-load-balancers"));
            d.SetSection(SnapshotOperations.DescribeListeners, Cli("describe-listeners"));
            d.SetSection(SnapshotOperations.DescribeRules, Cli("describe-rules"));
            d.SetSection(SnapshotOperations.DescribeTargetGroups, Cli("describe-target-groups"));
            d.SetResourceSection(SnapshotOperations.DescribeTargetHealth, tg, Cli("describe-target-health"));
            d.SetResourceSection(SnapshotOperations.DescribeLoadBalancerAttributes, lb, Cli("describe-load-balancer-attributes"));
            d.SetResourceSection(SnapshotOperations.DescribeTargetGroupAttributes, tg, Cli("describe-target-group-attributes"));
            d.SetSection(SnapshotOperations.DescribeSecurityGroups, Cli("describe-security-groups"));
            d.SetSection(SnapshotOperations.DescribeNetworkAcls, Cli("describe-network-acls"));
            d.SetSection(SnapshotOperations.DescribeSubnets, Cli("describe-subnets"));
            d.SetSection(SnapshotOperations.DescribeRouteTables, Cli("describe-route-tables"));
            d.SetSection(SnapshotOperations.DescribeNetworkInterfaces, Cli("describe-network-interfaces"));
            return d;
        }
    }
}
