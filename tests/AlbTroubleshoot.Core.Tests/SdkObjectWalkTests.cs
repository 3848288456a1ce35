using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.EC2;
using Amazon.EC2.Model;
using AlbTroubleshoot.Json;
using SnapshotMapper = AlbTroubleshoot.Model.SnapshotMapper;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    /// <summary>
    /// Real AWS SDK for .NET v4 objects (the types AWS Tools V5 returns), walked by property, give
    /// the same model as the CLI JSON of the same resources.
    /// </summary>
    public class SdkObjectWalkTests
    {
        private static SecurityGroup Group() => new SecurityGroup
        {
            GroupId = "sg-0a11b22c33d44e55f",
            GroupName = "app-sg",
            Description = "app targets",
            VpcId = "vpc-1",
            OwnerId = "123456789012",
            IpPermissions = new List<IpPermission>
            {
                new IpPermission
                {
                    IpProtocol = "tcp", FromPort = 80, ToPort = 80,
                    UserIdGroupPairs = new List<UserIdGroupPair> { new UserIdGroupPair { GroupId = "sg-612a6dd9c5fb4c264", UserId = "123456789012", Description = "from alb" } },
                },
                new IpPermission
                {
                    IpProtocol = "tcp", FromPort = 8080, ToPort = 8081,
                    Ipv4Ranges = new List<IpRange> { new IpRange { CidrIp = "10.0.0.0/16" } },
                    Ipv6Ranges = new List<Ipv6Range> { new Ipv6Range { CidrIpv6 = "2600:1f18::/56", Description = "v6" } },
                    PrefixListIds = new List<PrefixListId> { new PrefixListId { Id = "pl-63a5400a", Description = "office" } },
                    UserIdGroupPairs = new List<UserIdGroupPair> { new UserIdGroupPair { GroupId = "sg-0peer", UserId = "210987654321", VpcId = "vpc-peer", VpcPeeringConnectionId = "pcx-1", PeeringStatus = "active" } },
                },
            },
            IpPermissionsEgress = new List<IpPermission>
            {
                new IpPermission { IpProtocol = "-1", Ipv4Ranges = new List<IpRange> { new IpRange { CidrIp = "0.0.0.0/0" } } },
            },
        };

        private const string GroupCli = @"{""GroupId"":""sg-0a11b22c33d44e55f"",""GroupName"":""app-sg"",""Description"":""app targets"",""VpcId"":""vpc-1"",""OwnerId"":""123456789012"",
            ""IpPermissions"":[
              {""IpProtocol"":""tcp"",""FromPort"":80,""ToPort"":80,""UserIdGroupPairs"":[{""Description"":""from alb"",""GroupId"":""sg-612a6dd9c5fb4c264"",""UserId"":""123456789012""}],""IpRanges"":[],""Ipv6Ranges"":[],""PrefixListIds"":[]},
              {""IpProtocol"":""tcp"",""FromPort"":8080,""ToPort"":8081,""UserIdGroupPairs"":[{""GroupId"":""sg-0peer"",""PeeringStatus"":""active"",""UserId"":""210987654321"",""VpcId"":""vpc-peer"",""VpcPeeringConnectionId"":""pcx-1""}],
               ""IpRanges"":[{""CidrIp"":""10.0.0.0/16""}],""Ipv6Ranges"":[{""CidrIpv6"":""2600:1f18::/56"",""Description"":""v6""}],""PrefixListIds"":[{""Description"":""office"",""PrefixListId"":""pl-63a5400a""}]}],
            ""IpPermissionsEgress"":[{""IpProtocol"":""-1"",""UserIdGroupPairs"":[],""IpRanges"":[{""CidrIp"":""0.0.0.0/0""}],""Ipv6Ranges"":[],""PrefixListIds"":[]}],""Tags"":[]}";

        private static NetworkAcl Acl() => new NetworkAcl
        {
            NetworkAclId = "acl-1", VpcId = "vpc-1", IsDefault = false, OwnerId = "123456789012",
            Associations = new List<NetworkAclAssociation> { new NetworkAclAssociation { NetworkAclAssociationId = "aclassoc-1", NetworkAclId = "acl-1", SubnetId = "subnet-1" } },
            Entries = new List<NetworkAclEntry>
            {
                new NetworkAclEntry { RuleNumber = 32767, Egress = false, Protocol = "-1", RuleAction = RuleAction.Deny, CidrBlock = "0.0.0.0/0" },
                new NetworkAclEntry { RuleNumber = 100, Egress = true, Protocol = "6", RuleAction = RuleAction.Allow, CidrBlock = "10.0.0.0/16", PortRange = new PortRange { From = 1024, To = 65535 } },
                new NetworkAclEntry { RuleNumber = 90, Egress = false, Protocol = "1", RuleAction = RuleAction.Deny, CidrBlock = "10.0.1.0/24", IcmpTypeCode = new IcmpTypeCode { Type = 8, Code = -1 } },
                new NetworkAclEntry { RuleNumber = 32768, Egress = false, Protocol = "-1", RuleAction = RuleAction.Deny, Ipv6CidrBlock = "::/0" },
            },
        };

        private const string AclCli = @"{""Associations"":[{""NetworkAclAssociationId"":""aclassoc-1"",""NetworkAclId"":""acl-1"",""SubnetId"":""subnet-1""}],""Entries"":[
              {""CidrBlock"":""0.0.0.0/0"",""Egress"":false,""Protocol"":""-1"",""RuleAction"":""deny"",""RuleNumber"":32767},
              {""CidrBlock"":""10.0.0.0/16"",""Egress"":true,""PortRange"":{""From"":1024,""To"":65535},""Protocol"":""6"",""RuleAction"":""allow"",""RuleNumber"":100},
              {""CidrBlock"":""10.0.1.0/24"",""Egress"":false,""IcmpTypeCode"":{""Code"":-1,""Type"":8},""Protocol"":""1"",""RuleAction"":""deny"",""RuleNumber"":90},
              {""Egress"":false,""Ipv6CidrBlock"":""::/0"",""Protocol"":""-1"",""RuleAction"":""deny"",""RuleNumber"":32768}],
            ""IsDefault"":false,""NetworkAclId"":""acl-1"",""Tags"":[],""VpcId"":""vpc-1"",""OwnerId"":""123456789012""}";

        private static RouteTable Routes() => new RouteTable
        {
            RouteTableId = "rtb-1", VpcId = "vpc-1",
            Associations = new List<RouteTableAssociation>
            {
                new RouteTableAssociation { Main = false, RouteTableAssociationId = "rtbassoc-1", RouteTableId = "rtb-1", SubnetId = "subnet-1", AssociationState = new RouteTableAssociationState { State = RouteTableAssociationStateCode.Associated } },
            },
            Routes = new List<Route>
            {
                new Route { DestinationCidrBlock = "10.0.0.0/16", GatewayId = "local", Origin = RouteOrigin.CreateRouteTable, State = RouteState.Active },
                new Route { DestinationCidrBlock = "0.0.0.0/0", NatGatewayId = "nat-1", Origin = RouteOrigin.CreateRoute, State = RouteState.Blackhole },
                new Route { DestinationPrefixListId = "pl-63a5400a", GatewayId = "vpce-1", Origin = RouteOrigin.CreateRoute, State = RouteState.Active },
            },
        };

        private const string RoutesCli = @"{""Associations"":[{""Main"":false,""RouteTableAssociationId"":""rtbassoc-1"",""RouteTableId"":""rtb-1"",""SubnetId"":""subnet-1"",""AssociationState"":{""State"":""associated""}}],
            ""PropagatingVgws"":[],""RouteTableId"":""rtb-1"",""Routes"":[
              {""DestinationCidrBlock"":""10.0.0.0/16"",""GatewayId"":""local"",""Origin"":""CreateRouteTable"",""State"":""active""},
              {""DestinationCidrBlock"":""0.0.0.0/0"",""NatGatewayId"":""nat-1"",""Origin"":""CreateRoute"",""State"":""blackhole""},
              {""DestinationPrefixListId"":""pl-63a5400a"",""GatewayId"":""vpce-1"",""Origin"":""CreateRoute"",""State"":""active""}],""Tags"":[],""VpcId"":""vpc-1""}";

        private static NetworkInterface Eni() => new NetworkInterface
        {
            NetworkInterfaceId = "eni-1", SubnetId = "subnet-1", VpcId = "vpc-1", AvailabilityZone = "us-east-1a",
            Description = "ELB app/my-alb/6d27991ddab325c3", InterfaceType = NetworkInterfaceType.Interface, RequesterId = "amazon-elb", RequesterManaged = true,
            Status = NetworkInterfaceStatus.InUse, PrivateIpAddress = "10.0.1.10",
            PrivateIpAddresses = new List<NetworkInterfacePrivateIpAddress> { new NetworkInterfacePrivateIpAddress { Primary = true, PrivateIpAddress = "10.0.1.10" } },
            Groups = new List<GroupIdentifier> { new GroupIdentifier { GroupId = "sg-612a6dd9c5fb4c264", GroupName = "alb-sg" } },
            Attachment = new NetworkInterfaceAttachment { AttachmentId = "ela-attach-1", DeviceIndex = 1, Status = AttachmentStatus.Attached },
        };

        private const string EniCli = @"{""Attachment"":{""AttachmentId"":""ela-attach-1"",""DeviceIndex"":1,""Status"":""attached""},""AvailabilityZone"":""us-east-1a"",
            ""Description"":""ELB app/my-alb/6d27991ddab325c3"",""Groups"":[{""GroupId"":""sg-612a6dd9c5fb4c264"",""GroupName"":""alb-sg""}],""InterfaceType"":""interface"",""Ipv6Addresses"":[],
            ""NetworkInterfaceId"":""eni-1"",""PrivateIpAddress"":""10.0.1.10"",""PrivateIpAddresses"":[{""Primary"":true,""PrivateIpAddress"":""10.0.1.10""}],
            ""RequesterId"":""amazon-elb"",""RequesterManaged"":true,""Status"":""in-use"",""SubnetId"":""subnet-1"",""TagSet"":[],""VpcId"":""vpc-1""}";

        private static Reservation Reservation() => new Reservation
        {
            ReservationId = "r-1", OwnerId = "123456789012",
            Instances = new List<Instance>
            {
                new Instance
                {
                    InstanceId = "i-1", State = new InstanceState { Code = 16, Name = InstanceStateName.Running }, SubnetId = "subnet-1", VpcId = "vpc-1",
                    PrivateIpAddress = "10.0.1.4", Placement = new Placement { AvailabilityZone = "us-east-1a" },
                    LaunchTime = new DateTime(2026, 11, 24, 18, 45, 53, DateTimeKind.Utc),
                    SecurityGroups = new List<GroupIdentifier> { new GroupIdentifier { GroupId = "sg-0a11b22c33d44e55f", GroupName = "app-sg" } },
                    NetworkInterfaces = new List<InstanceNetworkInterface>
                    {
                        new InstanceNetworkInterface
                        {
                            NetworkInterfaceId = "eni-i1", PrivateIpAddress = "10.0.1.4", Attachment = new InstanceNetworkInterfaceAttachment { DeviceIndex = 0 },
                            Groups = new List<GroupIdentifier> { new GroupIdentifier { GroupId = "sg-0a11b22c33d44e55f", GroupName = "app-sg" } },
                            PrivateIpAddresses = new List<InstancePrivateIpAddress> { new InstancePrivateIpAddress { Primary = true, PrivateIpAddress = "10.0.1.4" }, new InstancePrivateIpAddress { Primary = false, PrivateIpAddress = "10.0.1.5" } },
                        },
                    },
                },
            },
        };

        private const string ReservationCli = @"{""ReservationId"":""r-1"",""OwnerId"":""123456789012"",""Groups"":[],""Instances"":[{""InstanceId"":""i-1"",""State"":{""Code"":16,""Name"":""running""},
            ""SubnetId"":""subnet-1"",""VpcId"":""vpc-1"",""PrivateIpAddress"":""10.0.1.4"",""Placement"":{""AvailabilityZone"":""us-east-1a""},""LaunchTime"":""2026-11-24T18:45:53.000Z"",
            ""SecurityGroups"":[{""GroupId"":""sg-0a11b22c33d44e55f"",""GroupName"":""app-sg""}],
            ""NetworkInterfaces"":[{""NetworkInterfaceId"":""eni-i1"",""PrivateIpAddress"":""10.0.1.4"",""Attachment"":{""DeviceIndex"":0},""Groups"":[{""GroupId"":""sg-0a11b22c33d44e55f"",""GroupName"":""app-sg""}],
              ""PrivateIpAddresses"":[{""Primary"":true,""PrivateIpAddress"":""10.0.1.4""},{""Primary"":false,""PrivateIpAddress"":""10.0.1.5""}]}]}]}";

        private static SnapshotDocument FromSdk()
        {
            var d = new SnapshotDocument("us-east-1", new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc));
            d.SetSection(SnapshotOperations.DescribeSecurityGroups, new JsonObject { { "SecurityGroups", ObjectWalker.ToJson(new[] { Group() }) } });
            d.SetSection(SnapshotOperations.DescribeNetworkAcls, new JsonObject { { "NetworkAcls", ObjectWalker.ToJson(new[] { Acl() }) } });
            d.SetSection(SnapshotOperations.DescribeRouteTables, new JsonObject { { "RouteTables", ObjectWalker.ToJson(new[] { Routes() }) } });
            d.SetSection(SnapshotOperations.DescribeNetworkInterfaces, new JsonObject { { "NetworkInterfaces", ObjectWalker.ToJson(new[] { Eni() }) } });
            d.SetSection(SnapshotOperations.DescribeInstances, new JsonObject { { "Reservations", ObjectWalker.ToJson(new[] { Reservation() }) } });
            return d;
        }

        private static SnapshotDocument FromCli()
        {
            var d = new SnapshotDocument("us-east-1", new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc));
            d.SetSection(SnapshotOperations.DescribeSecurityGroups, JsonValue.Parse("{\"SecurityGroups\":[" + GroupCli + "]}"));
            d.SetSection(SnapshotOperations.DescribeNetworkAcls, JsonValue.Parse("{\"NetworkAcls\":[" + AclCli + "]}"));
            d.SetSection(SnapshotOperations.DescribeRouteTables, JsonValue.Parse("{\"RouteTables\":[" + RoutesCli + "]}"));
            d.SetSection(SnapshotOperations.DescribeNetworkInterfaces, JsonValue.Parse("{\"NetworkInterfaces\":[" + EniCli + "]}"));
            d.SetSection(SnapshotOperations.DescribeInstances, JsonValue.Parse("{\"Reservations\":[" + ReservationCli + "]}"));
            return d;
        }

        [Fact]
        public void The_walk_of_SDK_v4_objects_has_the_SDK_shape()
        {
            var group = (JsonObject)ObjectWalker.ToJson(Group());
            var egress = (JsonObject)((JsonArray)group["IpPermissionsEgress"]!)[0];
            Assert.Equal(JsonKind.Null, egress["FromPort"]!.Kind);
            Assert.Equal(JsonKind.Null, egress["UserIdGroupPairs"]!.Kind);
            Assert.Equal(JsonKind.Array, egress["Ipv4Ranges"]!.Kind);
            Assert.Null(egress["IpRanges"]);
            var entry = (JsonObject)((JsonArray)((JsonObject)ObjectWalker.ToJson(Acl()))["Entries"]!)[0];
            Assert.Equal("{\"Value\":\"deny\"}", entry["RuleAction"]!.ToJson(false));
            var prefixList = (JsonObject)((JsonArray)((JsonObject)((JsonArray)group["IpPermissions"]!)[1])["PrefixListIds"]!)[0];
            Assert.Equal("pl-63a5400a", prefixList["Id"]!.AsString());
            Assert.Equal("2026-11-24T18:45:53.000Z", ((JsonObject)((JsonArray)((JsonObject)ObjectWalker.ToJson(Reservation()))["Instances"]!)[0])["LaunchTime"]!.AsString());
        }

        [Fact]
        public void Walked_SDK_v4_objects_give_the_same_model_as_CLI_JSON()
        {
            var sdk = SnapshotMapper.Map(FromSdk());
            var cli = SnapshotMapper.Map(FromCli());
            Assert.Equal(ModelDump.Of(cli), ModelDump.Of(sdk));
            // and the model holds the real values, not just equal emptiness
            Assert.Equal("pl-63a5400a", sdk.SecurityGroups!.Single().Ingress[1].PrefixListIds.Single());
            Assert.Equal(new[] { 90, 100, 32767, 32768 }, sdk.NetworkAcls!.Single().Entries.Select(e => e.RuleNumber).ToArray());
            Assert.Equal("blackhole", sdk.RouteTables!.Single().Routes[1].State);
            Assert.Equal("app/my-alb/6d27991ddab325c3", sdk.NetworkInterfaces!.Single().LoadBalancerResourceId);
            Assert.Equal(new[] { "10.0.1.4", "10.0.1.5" }, sdk.Instances!.Single().PrivateIpAddresses);
        }

        [Fact]
        public void Walked_SDK_objects_are_written_in_CLI_spelling()
        {
            var written = FromSdk().ToJson();
            Assert.DoesNotContain("Ipv4Ranges", written, StringComparison.Ordinal);
            Assert.DoesNotContain("\"Id\": \"pl-", written, StringComparison.Ordinal);
            Assert.Contains("\"RuleAction\": \"deny\"", written, StringComparison.Ordinal);
            Assert.DoesNotContain(": null", written, StringComparison.Ordinal);
            Assert.Equal(ModelDump.Of(SnapshotMapper.Map(FromCli())), ModelDump.Of(SnapshotMapper.Map(SnapshotDocument.Parse(written, "w"))));
        }

        [Fact]
        public void Plain_values_and_dictionaries()
        {
            Assert.Equal("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":2.5,\"d\":\"Friday\"}",
                ObjectWalker.ToJson(new SortedDictionary<string, object?> { ["a"] = 1, ["b"] = new object?[] { true, null, 'x' }, ["c"] = 2.5m, ["d"] = DayOfWeek.Friday }).ToJson(false));
            Assert.Equal("\"2026-01-02T03:04:05.000Z\"", ObjectWalker.ToJson(new DateTimeOffset(2026, 1, 2, 4, 4, 5, TimeSpan.FromHours(1))).ToJson(false));
            var custom = ObjectWalker.ToJson(new object[] { 1, "two" }, o => o is string s ? JsonValue.From(s.ToUpperInvariant()) : null);
            Assert.Equal("[1,\"TWO\"]", custom.ToJson(false));
        }
    }
}
