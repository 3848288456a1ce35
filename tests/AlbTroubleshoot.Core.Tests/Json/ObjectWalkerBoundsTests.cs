using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;
using Xunit;

namespace AlbTroubleshoot.Tests.Json
{
    /// <summary>
    /// Every walk over objects or JSON values is bounded: a value that contains itself, nests too deep
    /// or is too large ends in an error naming where, never in a stack overflow (which would kill the
    /// whole PowerShell process) or an endless walk.
    /// </summary>
    public class ObjectWalkerBoundsTests
    {
        private sealed class Node
        {
            public string Name { get; set; } = "n";
            public Node? Next { get; set; }
            public List<Node> Children { get; } = new List<Node>();
        }

        private static ObjectWalkException Walk(object value, string errorId)
        {
            var e = Assert.Throws<ObjectWalkException>(() => ObjectWalker.ToJson(value));
            Assert.Equal(errorId, e.ErrorId);
            return e;
        }

        [Fact]
        public void A_property_pointing_back_at_its_owner_is_a_cycle_named_by_its_path()
        {
            var owner = new Node();
            owner.Next = owner;
            var e = Walk(owner, ErrorIds.ObjectCycle);
            Assert.Equal("$.Next", e.Path);
            Assert.Contains("$.Next is the same object as $ (a cycle)", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_cycle_through_lists_and_dictionaries_names_the_object_it_returns_to()
        {
            var root = new Node();
            var child = new Node();
            root.Children.Add(new Node());
            root.Children.Add(child);
            child.Next = new Node { Next = child };
            var e = Walk(root, ErrorIds.ObjectCycle);
            Assert.Equal("$.Children[1].Next.Next", e.Path);
            Assert.Contains("same object as $.Children[1] ", e.Message, StringComparison.Ordinal);

            var table = new Hashtable { ["a"] = 1 };
            table["self"] = new object[] { table };
            Assert.Equal("$['self'][0]", Walk(table, ErrorIds.ObjectCycle).Path);
        }

        [Fact]
        public void The_same_object_in_two_places_is_not_a_cycle()
        {
            // AWS SDK enum values are shared singletons: an object met twice side by side is data, not a cycle.
            var shared = new Node { Name = "shared" };
            var root = new Node();
            root.Children.Add(shared);
            root.Children.Add(shared);
            root.Next = shared;
            var json = (JsonObject)ObjectWalker.ToJson(root);
            Assert.Equal(2, ((JsonArray)json["Children"]!).Count);
            Assert.Equal("shared", ((JsonObject)json["Next"]!)["Name"]!.AsString());
        }

        [Fact]
        public void A_chain_deeper_than_the_limit_is_too_deep_and_one_within_it_is_read()
        {
            Node Chain(int length)
            {
                var head = new Node();
                for (var i = 1; i < length; i++) head = new Node { Next = head };
                return head;
            }
            // MaxDepth - 1 nodes: the last node's Children list is the 64th container.
            Assert.Equal(JsonKind.Object, ObjectWalker.ToJson(Chain(ObjectWalker.MaxDepth - 1)).Kind);
            var e = Walk(Chain(100_000), ErrorIds.ObjectTooDeep);
            Assert.Equal("$" + string.Concat(Enumerable.Repeat(".Next", ObjectWalker.MaxDepth)), e.Path);
        }

        private sealed class Fanout
        {
            // Each read makes new objects: no cycle, four levels, but 100^4 values.
            public int Level { get; init; }

            public IEnumerable<Fanout> Items => Enumerable.Range(0, Level < 4 ? 100 : 0).Select(_ => new Fanout { Level = Level + 1 });
        }

        [Fact]
        public void An_object_that_keeps_making_new_objects_stops_at_the_value_budget()
        {
            var e = Assert.Throws<ObjectWalkException>(() => ObjectWalker.ToJson(new Fanout(), null, maxValues: 10_000));
            Assert.Equal(ErrorIds.ObjectTooLarge, e.ErrorId);
            Assert.StartsWith("$.Items[", e.Path, StringComparison.Ordinal);
            Assert.Contains("more than 10,000 values", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void An_adapter_sees_the_same_bounds_through_its_own_property_lists()
        {
            // What the PSObject adapter does for a PSCustomObject: its properties, and the wrapper as its identity.
            var bag = new Dictionary<string, object?>();
            var wrapper = new object();
            object? Adapt(object o) => ReferenceEquals(o, wrapper) ? new ObjectProperties(wrapper, bag) : null;
            bag["NetworkAclId"] = "acl-1";
            bag["Entries"] = new object[] { wrapper };
            var e = Assert.Throws<ObjectWalkException>(() => ObjectWalker.ToJson(wrapper, Adapt));
            Assert.Equal("$.Entries[0]", e.Path);
        }

        [Fact]
        public void A_JSON_value_built_to_contain_itself_is_an_error_everywhere_it_is_walked()
        {
            var o = new JsonObject { { "a", JsonValue.From(1) } };
            var list = new JsonArray { o };
            o.Set("self", list);
            Assert.Equal("$.self[0]", Walk(o, ErrorIds.ObjectCycle).Path);
            Assert.Throws<InvalidOperationException>(() => o.ToJson());
            Assert.Throws<InvalidOperationException>(() => o.Clone());
            Assert.Throws<InvalidOperationException>(() => o.DeepEquals(o));
            Assert.Throws<InvalidOperationException>(() => CliSpelling.Normalize(o));
            var document = new SnapshotDocument();
            document.SetSection(SnapshotOperations.DescribeSecurityGroups, new JsonObject { { "SecurityGroups", list } });
            Assert.Throws<InvalidOperationException>(() => document.ToJson());
        }
    }
}
