using System.Linq;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Network;
using AlbTroubleshoot.Reachability;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests.Reachability
{
    /// <summary>Where an IP target sits: the network interface that holds its address (IPv4 or IPv6), else the subnet whose block contains it.</summary>
    public class IpTargetPlacementTests
    {
        private static readonly EnvironmentModel Model = SnapshotMapper.Map(SnapshotDocument.Parse("""
            {"AlbSnapshotVersion":1,"Region":"eu-west-1",
             "DescribeSubnets":{"Subnets":[
               {"SubnetId":"subnet-app","VpcId":"vpc-1","AvailabilityZone":"eu-west-1a","CidrBlock":"10.0.10.0/24",
                "Ipv6CidrBlockAssociationSet":[{"Ipv6CidrBlock":"2001:db8:0:a::/64","Ipv6CidrBlockState":{"State":"associated"}}]},
               {"SubnetId":"subnet-v6only","VpcId":"vpc-1","AvailabilityZone":"eu-west-1b",
                "Ipv6CidrBlockAssociationSet":[{"Ipv6CidrBlock":"2001:db8:0:b::/64","Ipv6CidrBlockState":{"State":"associated"}}]}]},
             "DescribeNetworkInterfaces":{"NetworkInterfaces":[
               {"NetworkInterfaceId":"eni-task","SubnetId":"subnet-app","VpcId":"vpc-1","PrivateIpAddress":"10.0.10.7",
                "PrivateIpAddresses":[{"PrivateIpAddress":"10.0.10.7","Primary":true}],"Ipv6Addresses":[{"Ipv6Address":"2001:db8:0:a::7"}],
                "Groups":[{"GroupId":"sg-task"}]}]}}
            """, "fixture.json"));

        private static readonly IpCidr[] VpcCidrs = { IpCidr.Parse("10.0.0.0/16") };

        [Theory]
        [InlineData("10.0.10.7")]
        [InlineData("2001:db8:0:a::7")]
        [InlineData("2001:DB8:0:A:0:0:0:7")]   // another spelling of the same IPv6 address
        public void An_address_on_a_network_interface_takes_its_subnet_and_security_groups(string ip)
        {
            var t = PathEndpoints.Ip(Model, ip, "eu-west-1a", "vpc-1", VpcCidrs);
            Assert.Equal("subnet-app", t.SubnetId);
            Assert.Equal(new[] { "sg-task" }, t.SecurityGroupIds);
            Assert.Single(Model.NetworkInterfacesWithAddress(ip)!);
        }

        [Fact]
        public void An_IPv6_address_on_no_interface_is_placed_in_the_subnet_whose_IPv6_block_contains_it()
        {
            var t = PathEndpoints.Ip(Model, "2001:db8:0:b::20", "eu-west-1b", "vpc-1", VpcCidrs);
            Assert.Equal("subnet-v6only", t.SubnetId);
            Assert.Null(t.SecurityGroupIds);
            Assert.False(t.OutsideVpc);
            Assert.Contains("no network interface in DescribeNetworkInterfaces holds 2001:db8:0:b::20", t.GroupsUnknownReason);
        }
    }
}
