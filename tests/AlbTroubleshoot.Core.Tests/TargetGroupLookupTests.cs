using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AlbTroubleshoot.Collection;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Model;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    /// <summary>
    /// The target-group lookups the cmdlets share, in the engine: the load balancers of groups given
    /// by ARN alone (one call, through any back end), and which groups of a snapshot a command is about.
    /// </summary>
    public class TargetGroupLookupTests
    {
        private static readonly string Lb2 = AlbFixture.Prefix + "loadbalancer/app/api/60dc6c495c0c9188";

        [Fact]
        public void The_load_balancers_of_groups_take_one_call_and_come_once_each()
        {
            var backend = new GroupsBackend(Parse("{\"TargetGroups\": [" +
                "{\"TargetGroupArn\": \"" + AlbFixture.GroupArn("a") + "\", \"LoadBalancerArns\": [\"" + AlbFixture.LbArn + "\", \"" + Lb2 + "\"]}," +
                "{\"TargetGroupArn\": \"" + AlbFixture.GroupArn("b") + "\", \"LoadBalancerArns\": [\"" + Lb2 + "\", \"\"]}," +
                "{\"TargetGroupArn\": \"" + AlbFixture.GroupArn("c") + "\"}]}"));
            var arns = TargetGroupLookup.LoadBalancerArnsOf(backend, new[] { AlbFixture.GroupArn("a"), AlbFixture.GroupArn("b"), AlbFixture.GroupArn("c") }, CancellationToken.None);
            Assert.Equal(new[] { AlbFixture.LbArn, Lb2 }, arns);
            var call = Assert.Single(backend.Calls);
            Assert.Equal(SnapshotOperations.DescribeTargetGroups, call.Operation);
            Assert.Equal(3, call.Parameters.Single(p => p.Key == "TargetGroupArns").Value.Length);
        }

        [Fact]
        public void Groups_no_load_balancer_uses_give_none_and_a_failure_is_the_back_ends()
        {
            Assert.Empty(TargetGroupLookup.LoadBalancerArnsOf(new GroupsBackend(Parse("{}")), new[] { AlbFixture.GroupArn("a") }, CancellationToken.None));
            var failing = new GroupsBackend(null);
            var e = Assert.Throws<AwsCallException>(() => TargetGroupLookup.LoadBalancerArnsOf(failing, new[] { AlbFixture.GroupArn("a") }, CancellationToken.None));
            Assert.Equal(AwsFailureKind.NotFound, e.Kind);
        }

        [Fact]
        public void Without_names_every_group_the_load_balancer_uses_is_selected()
        {
            var (model, lb) = Fixture();
            var selection = new TargetGroupSelection(null, byName: false);
            Assert.True(selection.All);
            Assert.Equal(model.TargetGroupsOf(lb).Select(g => g.Name), selection.Of(model, lb).Select(g => g.Name));
            Assert.Empty(selection.Unmatched);
        }

        [Fact]
        public void Named_groups_are_selected_by_arn_and_the_others_are_unmatched()
        {
            var (model, lb) = Fixture();
            Assert.DoesNotContain(model.TargetGroupsOf(lb), g => g.Name == "orphan");   // known to the snapshot, used by no load balancer
            var missing = AlbFixture.GroupArn("missing");
            var selection = new TargetGroupSelection(new[] { AlbFixture.GroupArn("web"), AlbFixture.GroupArn("orphan"), missing, "web" }, byName: false);
            Assert.False(selection.All);
            Assert.Equal(new[] { "web" }, selection.Of(model, lb).Select(g => g.Name));
            Assert.Equal(new[] { AlbFixture.GroupArn("orphan"), missing, "web" }, selection.Unmatched);
        }

        [Fact]
        public void Where_names_are_taken_a_name_or_an_arn_selects_the_group()
        {
            var (model, lb) = Fixture();
            var selection = new TargetGroupSelection(new[] { "web", AlbFixture.GroupArn("api"), "orphan", "web" }, byName: true);
            Assert.Equal(new[] { "api", "web" }, selection.Of(model, lb).Select(g => g.Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(new[] { "orphan" }, selection.Unmatched);
        }

        private static JsonObject Parse(string json) => (JsonObject)JsonValue.Parse(json, "test");

        private static (EnvironmentModel Model, LoadBalancer LoadBalancer) Fixture()
        {
            var model = new AlbFixture()
                .TargetGroup("api").TargetGroup("web").TargetGroup("orphan")
                .OnlyListener("HTTP", 80, AlbFixture.Forward("api"))
                .Rule(80, 10, "/web/*", AlbFixture.Forward("web"))
                .Group("orphan", g => g.Attached = false)
                .Model();
            return (model, model.LoadBalancers!.Single());
        }

        /// <summary>Answers DescribeTargetGroups with one response, or fails as AWS does for an unknown group (null).</summary>
        private sealed class GroupsBackend : IAwsBackend
        {
            private readonly JsonObject? response;

            public GroupsBackend(JsonObject? response) { this.response = response; }

            public List<AwsRequest> Calls { get; } = new List<AwsRequest>();

            public string Name => "Groups";

            public JsonObject Invoke(AwsRequest request, CancellationToken cancellationToken)
            {
                Calls.Add(request);
                return response ?? throw new AwsCallException(request.Operation, "TargetGroupNotFound", "One or more target groups not found");
            }
        }
    }
}
