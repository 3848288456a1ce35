using System;
using AlbTroubleshoot.Json;

namespace AlbTroubleshoot.Snapshots
{
    /// <summary>
    /// Rewrites what AWS Tools (.NET SDK v3 and v4) objects look like after a generic property walk
    /// into what the AWS CLI prints, so that files are always written in CLI spelling (docs/snapshot-format.md)
    /// and the mapper reads one shape. The one place that knows the SDK/CLI differences:
    /// <list type="bullet">
    /// <item>enum objects (SDK ConstantClass walked as <c>{"Value":"deny"}</c>) become their string;</item>
    /// <item><c>Ipv4Ranges</c> becomes <c>IpRanges</c>; old SDK v3 <c>IpRanges</c> of plain strings become <c>{"CidrIp":…}</c>;</item>
    /// <item><c>PrefixListIds[].Id</c> becomes <c>PrefixListId</c>;</item>
    /// <item>null members inside resources are dropped (the CLI omits absent members; SDK v4 gives null
    /// for empty collections and unset numbers), and a null list in a response becomes <c>[]</c>;</item>
    /// <item>ports of all-protocol (<c>-1</c>) rules are dropped (SDK v3 reports 0 where the CLI prints nothing);</item>
    /// <item>the .NET-only <c>Reservation.GroupNames</c> is dropped.</item>
    /// </list>
    /// CLI input passes through unchanged (the rewrite is idempotent).
    /// </summary>
    internal static class CliSpelling
    {
        /// <summary>
        /// One operation's section (a list response or a per-resource map) in CLI spelling: new
        /// section and response objects, sharing every value that needed no rewrite with the input
        /// (so CLI input, the common case, costs no copy of its resources).
        /// </summary>
        public static JsonObject NormalizeSection(string operation, JsonValue section)
        {
            if (section is not JsonObject obj) throw new ArgumentException("A section must be a JSON object.", nameof(section));
            if (SnapshotOperations.IsPerResource(operation))
            {
                var map = new JsonObject();
                foreach (var p in obj)
                    map.Set(p.Key, p.Value is JsonObject response ? NormalizeResponse(response) : p.Value);
                return map;
            }
            return NormalizeResponse(obj);
        }

        /// <summary>One API response (e.g. <c>{"SecurityGroups":[…]}</c>) in CLI spelling: a new object, unchanged values shared.</summary>
        public static JsonObject NormalizeResponse(JsonObject response)
        {
            if (response is null) throw new ArgumentNullException(nameof(response));
            var result = new JsonObject();
            foreach (var p in response)
            {
                if (p.Value.Kind == JsonKind.Null)
                {
                    // Top level: a null list is an empty one; other nulls (WebACL: null = no association) stay.
                    result.Set(p.Key, IsListName(p.Key) ? new JsonArray() : JsonValue.Null);
                    continue;
                }
                result.Set(p.Key, Normalize(p.Value, 1));
            }
            return result;
        }

        /// <summary>Any value inside a response in CLI spelling: the value itself when nothing needs a rewrite, else a rewritten copy.</summary>
        public static JsonValue Normalize(JsonValue value) => Normalize(value, 0);

        /// <summary>
        /// An SDK enum object: one property, "Value", holding a string. Null members do not count:
        /// they are dropped, and what is left must read the same the next time (writing is idempotent).
        /// </summary>
        public static bool IsEnumObject(JsonValue value)
        {
            if (value is not JsonObject o || o["Value"] is not JsonString) return false;
            foreach (var p in o)
                if (p.Key != "Value" && p.Value.Kind != JsonKind.Null) return false;
            return true;
        }

        // depth counts the containers around the value: a value built in code may contain itself.
        private static JsonValue Normalize(JsonValue value, int depth)
        {
            switch (value)
            {
                case JsonArray array: return Items(array, depth, static (item, d) => Normalize(item, d + 1));
                case JsonObject obj: return NormalizeObject(obj, depth);
                default: return value;
            }
        }

        /// <summary>The array with <paramref name="rewrite"/> applied to each item; the array itself when no item changed.</summary>
        private static JsonArray Items(JsonArray array, int depth, Func<JsonValue, int, JsonValue> rewrite)
        {
            JsonValue.CheckDepth(depth);
            JsonArray? copy = null;
            for (var i = 0; i < array.Count; i++)
            {
                var item = array[i];
                var rewritten = rewrite(item, depth);
                if (copy is null && !ReferenceEquals(rewritten, item))
                {
                    copy = new JsonArray();
                    for (var j = 0; j < i; j++) copy.Add(array[j]);
                }
                copy?.Add(rewritten);
            }
            return copy ?? array;
        }

        private static JsonValue NormalizeObject(JsonObject obj, int depth)
        {
            JsonValue.CheckDepth(depth);
            if (IsEnumObject(obj)) return obj["Value"]!;
            JsonObject? result = null; // made on the first change, with the unchanged properties before it
            var index = 0;
            foreach (var p in obj)
            {
                var name = p.Key;
                JsonValue? value; // null: dropped
                if (p.Value.Kind == JsonKind.Null) value = null;
                else
                {
                    switch (name)
                    {
                        case "Ipv4Ranges":
                            name = "IpRanges";
                            value = IpRangesFromStrings(p.Value, depth + 1);
                            break;
                        case "IpRanges":
                            // SDK v3 carries both the obsolete string list IpRanges and Ipv4Ranges; the latter wins.
                            value = obj.GetAny("Ipv4Ranges") is not null ? null : IpRangesFromStrings(p.Value, depth + 1);
                            break;
                        case "PrefixListIds":
                            value = PrefixListIds(p.Value, depth + 1);
                            break;
                        case "GroupNames" when obj.Contains("ReservationId"):
                            value = null;
                            break;
                        default:
                            value = Normalize(p.Value, depth + 1);
                            break;
                    }
                }
                if (result is null && (value is null || !ReferenceEquals(value, p.Value) || !ReferenceEquals(name, p.Key)))
                    result = CopyFirst(obj, index);
                if (result is not null && value is not null) result.Set(name, value);
                index++;
            }
            if (HasPortsOfAllProtocolRule(result ?? obj))
            {
                result ??= CopyFirst(obj, obj.Count);
                DropPortsOfAllProtocolRule(result);
            }
            return result ?? obj;
        }

        private static JsonObject CopyFirst(JsonObject obj, int count)
        {
            var copy = new JsonObject();
            foreach (var p in obj)
            {
                if (count-- <= 0) break;
                copy.Set(p.Key, p.Value);
            }
            return copy;
        }

        /// <summary>
        /// An IpRanges list as the CLI writes it. Each item is normalized first: an SDK enum object
        /// (<c>{"Value":"10.0.0.0/8"}</c>) becomes its string, and a string becomes <c>{"CidrIp":…}</c>
        /// in the same pass, so normalizing what was written changes nothing (the snapshot round-trips).
        /// </summary>
        private static JsonValue IpRangesFromStrings(JsonValue ranges, int depth) =>
            ranges is JsonArray array
                ? Items(array, depth, static (item, d) => Normalize(item, d + 1) is var n && n is JsonString cidr ? new JsonObject { { "CidrIp", cidr } } : n)
                : Normalize(ranges, depth);

        private static JsonValue PrefixListIds(JsonValue ids, int depth) =>
            ids is JsonArray array
                ? Items(array, depth, static (item, d) =>
                {
                    var normalized = Normalize(item, d + 1);
                    if (normalized is not JsonObject entry || entry.Contains("PrefixListId") || !entry.Contains("Id")) return normalized;
                    var renamed = new JsonObject();
                    foreach (var p in entry) renamed.Set(p.Key == "Id" ? "PrefixListId" : p.Key, p.Value);
                    return renamed;
                })
                : Normalize(ids, depth);

        private static bool HasPortsOfAllProtocolRule(JsonObject obj)
        {
            if (obj["IpProtocol"]?.AsString() == "-1") return obj.Contains("FromPort") || obj.Contains("ToPort");
            if (obj.Contains("RuleNumber") && obj["Protocol"]?.AsString() == "-1") return obj.Contains("PortRange") || obj.Contains("IcmpTypeCode");
            return false;
        }

        private static void DropPortsOfAllProtocolRule(JsonObject obj)
        {
            if (obj["IpProtocol"]?.AsString() == "-1")
            {
                obj.Remove("FromPort");
                obj.Remove("ToPort");
            }
            else if (obj.Contains("RuleNumber") && obj["Protocol"]?.AsString() == "-1")
            {
                obj.Remove("PortRange");
                obj.Remove("IcmpTypeCode");
            }
        }

        // Response members that are lists (so a null from SDK v4 means "empty").
        private static bool IsListName(string name) => name switch
        {
            "LoadBalancers" or "Listeners" or "Rules" or "TargetGroups" or "TargetHealthDescriptions" or "Attributes"
                or "SecurityGroups" or "NetworkAcls" or "Subnets" or "RouteTables" or "NetworkInterfaces"
                or "Reservations" or "Entries" => true,
            _ => false,
        };
    }
}
