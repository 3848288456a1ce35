using System;
using System.Linq;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    public class AlbSnapshotTests
    {
        [Fact]
        public void Summarises_the_document_and_exposes_the_model()
        {
            var document = TestFiles.MotoSnapshot();
            document.AddError(SnapshotOperations.GetWebACLForResource, "AccessDeniedException: not authorized");
            var snapshot = new AlbSnapshot(document, "web.json");

            Assert.Equal(new[] { "my-alb" }, snapshot.LoadBalancers);
            Assert.Equal("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-alb/6d27991ddab325c3", snapshot.LoadBalancerArns.Single());
            Assert.Equal("us-east-1", snapshot.Region);
            Assert.Equal(new DateTime(2026, 11, 24, 18, 46, 0, DateTimeKind.Utc), snapshot.CollectedAt);
            Assert.Equal(new[] { "GetWebACLForResource: AccessDeniedException: not authorized" }, snapshot.Errors);
            Assert.Equal(new[] { SnapshotOperations.DescribeInstances, SnapshotOperations.GetManagedPrefixListEntries, SnapshotOperations.GetWebACLForResource }, snapshot.MissingSections);
            Assert.Equal("web.json", snapshot.Source);
            Assert.Same(document, snapshot.Document);
            Assert.Equal("my-alb", snapshot.Model.LoadBalancers!.Single().Name);
            Assert.Equal("my-alb (us-east-1)", snapshot.ToString());
            Assert.Equal(document.ToJson(), snapshot.ToJson());
        }

        [Fact]
        public void An_empty_snapshot_has_empty_arrays_not_nulls()
        {
            var snapshot = new AlbSnapshot(SnapshotDocument.Parse("{\"AlbSnapshotVersion\":1}", "e.json"));
            Assert.Empty(snapshot.LoadBalancers);
            Assert.Empty(snapshot.LoadBalancerArns);
            Assert.Empty(snapshot.Errors);
            Assert.Equal(SnapshotOperations.All.Count, snapshot.MissingSections.Length);
            Assert.Equal(string.Empty, snapshot.Region);
            Assert.Null(snapshot.CollectedAt);
        }
    }
}
