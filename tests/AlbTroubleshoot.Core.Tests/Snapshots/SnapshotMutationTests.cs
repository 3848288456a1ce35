using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;
using CsCheck;
using Xunit;

namespace AlbTroubleshoot.Tests
{
    /// <summary>
    /// Real snapshots (the samples and the test fixtures), damaged at random the way hand-edited files
    /// and other tools damage them, either read and map to a model or fail with a
    /// SnapshotFormatException: never another exception. What reads also exports and reads back to
    /// the same file.
    /// </summary>
    public class SnapshotMutationTests
    {
        private static readonly JsonObject[] Originals = Directory.GetFiles(RepoPaths.Combine("samples"), "*.json")
            .Concat(Directory.GetFiles(TestFiles.Path("snapshots"), "*.json"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (JsonObject)JsonValue.Parse(File.ReadAllText(f, Encoding.UTF8), f))
            .Where(o => o.Contains(SnapshotDocument.VersionProperty))
            .ToArray();

        // Values that AWS never writes where they land: other kinds, extremes, odd text.
        private static readonly JsonValue[] Odd =
        {
            JsonValue.Null, JsonValue.From(true), JsonValue.From(false), JsonValue.From(0), JsonValue.From(-1),
            JsonValue.From(65536), JsonValue.From(2147483648L), JsonValue.From(long.MinValue),
            JsonNumber.FromRaw("1e400"), JsonNumber.FromRaw("-1e-400"), JsonNumber.FromRaw("99999999999999999999999999999"), JsonNumber.FromRaw("0.5"),
            JsonValue.From(""), JsonValue.From(" "), JsonValue.From("-1"), JsonValue.From("all"), JsonValue.From("default"),
            JsonValue.From("0.0.0.0/33"), JsonValue.From("::/129"), JsonValue.From("10.0.0.0/-1"), JsonValue.From("1024-65535"),
            JsonValue.From("arn:aws:elasticloadbalancing:::"), JsonValue.From("listener-rule/"), JsonValue.From("/"),
            JsonValue.From("\u0000\u001b[31m\r\n"), JsonValue.From("\uD800"), JsonValue.From(new string('9', 5000)),
            new JsonArray(), new JsonObject(), new JsonArray { JsonValue.Null }, new JsonObject { { "Value", JsonValue.From("tcp") } },
        };

        /// <summary>A place in the document: a property of an object, or an item of an array (whose own place is <see cref="Owner"/>).</summary>
        private sealed class Slot
        {
            public JsonValue Parent = JsonValue.Null;
            public Slot? Owner;
            public string? Name;
            public int Index;
            public JsonValue Value = JsonValue.Null;
        }

        private static List<Slot> Slots(JsonObject root)
        {
            var slots = new List<Slot>();
            void Visit(JsonValue parent, Slot? owner)
            {
                if (parent is JsonObject o)
                {
                    foreach (var p in o)
                    {
                        var slot = new Slot { Parent = o, Owner = owner, Name = p.Key, Value = p.Value };
                        slots.Add(slot);
                        Visit(p.Value, slot);
                    }
                }
                else if (parent is JsonArray a)
                {
                    for (var i = 0; i < a.Count; i++)
                    {
                        var slot = new Slot { Parent = a, Owner = owner, Index = i, Value = a[i] };
                        slots.Add(slot);
                        Visit(a[i], slot);
                    }
                }
            }
            Visit(root, null);
            return slots;
        }

        private static void Put(Slot slot, JsonValue value)
        {
            if (slot.Parent is JsonObject o) o.Set(slot.Name!, value);
            else ReplaceItems(slot, items => items[slot.Index] = value);
        }

        /// <summary>Arrays only grow in place: other changes put a changed copy where the array was.</summary>
        private static void ReplaceItems(Slot item, Action<List<JsonValue>> change)
        {
            var items = ((JsonArray)item.Parent).ToList();
            change(items);
            Put(item.Owner!, new JsonArray(items));
        }

        /// <summary>One damage: where (a fraction of the document), what, and with which odd value or other subtree.</summary>
        private static void Mutate(JsonObject root, double where, int what, int odd, double from)
        {
            var slots = Slots(root);
            if (slots.Count == 0) return;
            var slot = slots[(int)(where * slots.Count)];
            var other = slots[(int)(from * slots.Count)].Value;
            switch (what)
            {
                case 0: // drop the property or item
                    if (slot.Parent is JsonObject o) o.Remove(slot.Name!);
                    else ReplaceItems(slot, items => items.RemoveAt(slot.Index));
                    break;
                case 1: // duplicate: the item twice, or the property under a look-alike name
                    if (slot.Parent is JsonArray list) list.Add(slot.Value.Clone());
                    else ((JsonObject)slot.Parent).Set(slot.Name!.ToLowerInvariant(), slot.Value.Clone());
                    break;
                case 2: // an odd value of another kind
                    Put(slot, Odd[odd % Odd.Length].Clone());
                    break;
                case 3: // a value from elsewhere in the document (an ARN as a port, a list as a CIDR ...)
                    Put(slot, other.Clone());
                    break;
                default: // a number or string turned into the other kind
                    Put(slot, slot.Value switch
                    {
                        JsonNumber n => JsonValue.From(n.Raw),
                        JsonString s when JsonReader.IsNumberText(s.Value) => JsonNumber.FromRaw(s.Value),
                        JsonString s => JsonValue.From(s.Value + s.Value),
                        _ => Odd[odd % Odd.Length].Clone(),
                    });
                    break;
            }
        }

        [Fact]
        public void Writing_is_idempotent_when_dropping_nulls_leaves_an_enum_shaped_object()
        {
            // Found by the test below: {"Key": null, "Value": "x"} was written as {"Value": "x"}, which
            // reads back as the enum value "x", so a second export differed from the first.
            var attribute = JsonValue.Parse("{\"Key\": null, \"Value\": \"86400\"}");
            var once = CliSpelling.Normalize(attribute);
            Assert.Equal("\"86400\"", once.ToJson(false));
            Assert.True(CliSpelling.Normalize(once).DeepEquals(once));
        }

        [Fact]
        public void Damaged_real_snapshots_map_or_fail_with_a_snapshot_format_error()
        {
            var failures = 0;
            var mutation = Gen.Select(Gen.Double[0, 0.999999], Gen.Int[0, 4], Gen.Int[0, 1000], Gen.Double[0, 0.999999]);
            Gen.Select(Gen.Int[0, Originals.Length - 1], mutation.Array[1, 4]).Sample((which, mutations) =>
            {
                var root = (JsonObject)Originals[which].Clone();
                foreach (var (where, what, odd, from) in mutations) Mutate(root, where, what, odd, from);
                var text = root.ToJson();
                AlbSnapshot snapshot;
                try
                {
                    snapshot = new AlbSnapshot(SnapshotDocument.Parse(text, "mutated.json"));
                }
                catch (SnapshotFormatException e)
                {
                    failures++;
                    Assert.False(string.IsNullOrWhiteSpace(e.Reason));
                    Assert.StartsWith("mutated.json: ", e.Message, StringComparison.Ordinal);
                    return;
                }
                var exported = snapshot.ToJson();
                Assert.Equal(exported, new AlbSnapshot(SnapshotDocument.Parse(exported, "exported.json")).ToJson());
            }, iter: 500, threads: 1);
            // Most damage is tolerated (a missing field reads as unknown); some must be refused.
            Assert.InRange(failures, 1, 499);
        }
    }
}
