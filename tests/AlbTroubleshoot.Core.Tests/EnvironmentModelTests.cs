using System.Linq;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    /// <summary>The model's look-ups over the documented-shapes snapshot (TestData/snapshots/aws-examples).</summary>
    public class EnvironmentModelTests
    {
        private const string IpGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shapes-ip/0a1b2c3d4e5f6a7b";
        private const string InstanceGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shapes-instances/7b6a5f4e3d2c1b0a";

        private static readonly EnvironmentModel Model = SnapshotMapper.Map(TestFiles.AwsExample("documented-shapes"));

        [Theory]
        [InlineData("10.0.3.20", "eni-0prefix000000001")]          // inside the delegated IPv4 prefix 10.0.3.16/28
        [InlineData("10.0.3.31", "eni-0prefix000000001")]          // its last address
        [InlineData("2600:1f18:abcd:1203:b4a1::9", "eni-0prefix000000001")]   // inside the IPv6 prefix
        [InlineData("10.0.3.5", "eni-0prefix000000001")]           // its own primary address
        [InlineData("10.0.4.7", "eni-0app0000000000d1")]
        public void An_address_is_found_on_the_interface_that_lists_it_or_holds_its_prefix(string ip, string eni)
        {
            Assert.Equal(eni, Assert.Single(Model.NetworkInterfacesWithAddress(ip)!).Id);
        }

        [Theory]
        [InlineData("10.0.3.32")]   // just past 10.0.3.16/28
        [InlineData("10.0.3.15")]
        public void An_address_outside_every_prefix_is_on_no_interface(string ip)
        {
            Assert.Empty(Model.NetworkInterfacesWithAddress(ip)!);
        }

        [Fact]
        public void The_interfaces_carry_their_prefixes_as_AWS_gives_them()
        {
            var eni = Model.NetworkInterfaces!.Single(n => n.Id == "eni-0prefix000000001");
            Assert.Equal(new[] { "10.0.3.16/28" }, eni.Ipv4Prefixes);
            Assert.Equal(new[] { "2600:1f18:abcd:1203:b4a1::/80" }, eni.Ipv6Prefixes);
        }

        [Theory]
        [InlineData(IpGroup, "10.0.3.20", "us-east-1a", "DescribeNetworkInterfaces eni-0prefix000000001 (holds 10.0.3.20) AvailabilityZone")]
        [InlineData(IpGroup, "10.0.4.7", "us-east-1b", "DescribeNetworkInterfaces eni-0app0000000000d1 (holds 10.0.4.7) AvailabilityZone")]
        [InlineData(IpGroup, "172.16.5.10", "all", "DescribeTargetHealth 172.16.5.10 Target.AvailabilityZone")]
        [InlineData(InstanceGroup, "i-0shapes00000000001", "us-east-1b", "DescribeInstances i-0shapes00000000001 Placement.AvailabilityZone")]
        public void The_zone_of_a_registered_target_names_where_it_comes_from(string group, string id, string zone, string source)
        {
            var tg = Model.FindTargetGroup(group)!;
            var z = Model.AvailabilityZoneOf(tg, tg.Targets!.Single(t => t.Id == id));
            Assert.Equal((zone, source, (string?)null), (z.Zone, z.Source, z.UnknownReason));
            Assert.Equal(zone == "all", z.IsAllZones);
        }

        [Fact]
        public void Without_an_interface_an_IP_target_takes_the_zone_of_the_subnet_that_contains_it_and_an_instance_that_of_its_interface()
        {
            var d = TestFiles.AwsExample("documented-shapes");
            d.RemoveSection(SnapshotOperations.DescribeNetworkInterfaces);
            d.RemoveSection(SnapshotOperations.DescribeInstances);
            var m = SnapshotMapper.Map(d);
            var ip = m.FindTargetGroup(IpGroup)!;
            var z = m.AvailabilityZoneOf(ip, ip.Targets!.Single(t => t.Id == "10.0.4.7"));
            Assert.Equal(("us-east-1b", "DescribeSubnets subnet-0d0000000000000d1 (10.0.4.0/24 contains 10.0.4.7) AvailabilityZone"), (z.Zone, z.Source));

            var instances = m.FindTargetGroup(InstanceGroup)!;
            var unknown = m.AvailabilityZoneOf(instances, instances.Targets!.Single());
            Assert.Null(unknown.Zone);
            Assert.Equal("the Availability Zone of i-0shapes00000000001 is not known: the snapshot has no DescribeInstances section", unknown.UnknownReason);

            var withEnis = TestFiles.AwsExample("documented-shapes");
            withEnis.RemoveSection(SnapshotOperations.DescribeInstances);
            var m2 = SnapshotMapper.Map(withEnis);
            var fromEni = m2.AvailabilityZoneOf(m2.FindTargetGroup(InstanceGroup)!, m2.FindTargetGroup(InstanceGroup)!.Targets!.Single());
            Assert.Equal(("us-east-1b", "DescribeNetworkInterfaces eni-0inst00000000001 (attached to i-0shapes00000000001) AvailabilityZone"), (fromEni.Zone, fromEni.Source));
        }

        [Fact]
        public void An_IP_target_no_interface_or_subnet_holds_has_an_unknown_zone_saying_why()
        {
            var d = SnapshotMapper.Map(SnapshotDocument.Parse(@"{""AlbSnapshotVersion"":1,
                ""DescribeTargetGroups"":{""TargetGroups"":[{""TargetGroupArn"":""arn:tg"",""TargetType"":""ip"",""VpcId"":""vpc-1""}]},
                ""DescribeTargetHealth"":{""arn:tg"":{""TargetHealthDescriptions"":[{""Target"":{""Id"":""10.9.9.9""}}]}},
                ""DescribeSubnets"":{""Subnets"":[{""SubnetId"":""subnet-1"",""VpcId"":""vpc-1"",""CidrBlock"":""10.0.0.0/24"",""AvailabilityZone"":""eu-west-1a""}]},
                ""DescribeNetworkInterfaces"":{""NetworkInterfaces"":[]}}", "t"));
            var tg = d.FindTargetGroup("arn:tg")!;
            var z = d.AvailabilityZoneOf(tg, tg.Targets!.Single());
            Assert.Equal(((string?)null, "no network interface or subnet of vpc-1 in the snapshot holds 10.9.9.9"), (z.Zone, z.UnknownReason));
        }
    }
}
