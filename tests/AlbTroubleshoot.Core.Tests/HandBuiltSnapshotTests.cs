using System.Linq;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    /// <summary>
    /// Snapshots written by the bash script of docs/snapshot-format.md against moto (a load balancer
    /// "web" with one instance target, security groups referencing each other and a prefix list);
    /// the "denied" one was built with DescribeNetworkAcls and GetWebACLForResource refused.
    /// </summary>
    public class HandBuiltSnapshotTests
    {
        [Fact]
        public void The_docs_script_output_reads_and_maps_completely()
        {
            var d = SnapshotDocument.Load(TestFiles.Path("snapshots", "moto-web-by-script.json"));
            Assert.Equal(SnapshotOperations.All, SnapshotOperations.All.Where(d.HasSection).ToList());
            Assert.Empty(d.Errors);
            var m = SnapshotMapper.Map(d);
            var lb = m.FindLoadBalancer("web")!;
            Assert.Equal(new[] { "sg-8147ee978db3e922e" }, lb.SecurityGroupIds);
            var target = m.TargetGroupsOf(lb).Single().Targets!.Single();
            Assert.Equal(("i-4b4647bdd6d15b325", "healthy"), (target.Id, target.State));
            var instance = m.FindInstance(target.Id)!;
            Assert.Equal("eni-c59904ee0ebbf174f", instance.NetworkInterfaceIds.Single());
            var app = m.SecurityGroups!.Single(g => g.GroupName == "app-sg");
            Assert.Equal("sg-8147ee978db3e922e", app.Ingress.Single().UserIdGroupPairs.Single().GroupId);
            var alb = m.FindSecurityGroup("sg-8147ee978db3e922e")!;
            var viaPrefixList = alb.Ingress.Single(r => r.FromPort == 80).PrefixListIds.Single();
            Assert.Equal("192.0.2.0/24", m.PrefixListEntries(viaPrefixList)!.Single().ToString());
            Assert.False(lb.WebAcl!.IsAssociated);
            Assert.True(m.RouteTableOfSubnet(lb.SubnetIds.First())!.IsMain);
            Assert.True(m.NetworkAclOfSubnet(lb.SubnetIds.First())!.IsDefault);
        }

        [Fact]
        public void Refused_calls_leave_their_sections_unknown_with_the_reason()
        {
            var d = SnapshotDocument.Load(TestFiles.Path("snapshots", "moto-web-denied-by-script.json"));
            var m = SnapshotMapper.Map(d);
            Assert.Null(m.NetworkAcls);
            Assert.Null(m.FindLoadBalancer("web")!.WebAcl);
            Assert.StartsWith("DescribeNetworkAcls was not collected: An error occurred (AccessDenied)", m.UnknownReason(SnapshotOperations.DescribeNetworkAcls), System.StringComparison.Ordinal);
            Assert.NotNull(m.SecurityGroups);
            Assert.Equal(2, new AlbSnapshot(d).Errors.Length);
        }
    }
}
