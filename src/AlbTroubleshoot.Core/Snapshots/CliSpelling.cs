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
    public static class CliSpelling
    {
        /// <summary>A normalized copy of one operation's section (a list response or a per-resource map).</summary>
        public static JsonObject NormalizeSection(string operation, JsonValue section)
        {
            if (section is not JsonObject obj) throw new ArgumentException("A section must be a JSON object.", nameof(section));
            if (SnapshotOperations.IsPerResource(operation))
            {
                var map = new JsonObject();
                foreach (var p in obj)
                    map.Set(p.Key, p.Value is JsonObject response ? NormalizeResponse(response) : p.Value.Clone());
                return map;
            }
            return NormalizeResponse(obj);
        }

        /// <summary>A normalized copy of one API response (e.g. <c>{"SecurityGroups":[…]}</c>).</summary>
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
                result.Set(p.Key, Normalize(p.Value));
            }
            return result;
        }

        /// <summary>A normalized copy of any value inside a response.</summary>
        public static JsonValue Normalize(JsonValue value)
        {
            switch (value)
            {
                case JsonArray array:
                    var list = new JsonArray();
                    foreach (var item in array) list.Add(Normalize(item));
                    return list;
                case JsonObject obj:
                    return NormalizeObject(obj);
                default:
                    return value;
            }
        }

        /// <summary>An SDK enum object: exactly one property, "Value", holding a string.</summary>
        public static bool IsEnumObject(JsonValue value) =>
            value is JsonObject o && o.Count == 1 && o["Value"] is JsonString;

        private static JsonValue NormalizeObject(JsonObject obj)
        {
            if (IsEnumObject(obj)) return obj["Value"]!;
            var result = new JsonObject();
            foreach (var p in obj)
            {
                if (p.Value.Kind == JsonKind.Null) continue;
                switch (p.Key)
                {
                    case "Ipv4Ranges":
                        result.Set("IpRanges", Normalize(p.Value));
                        continue;
                    case "IpRanges":
                        // SDK v3 carries both the obsolete string list IpRanges and Ipv4Ranges; the latter wins.
                        if (obj.GetAny("Ipv4Ranges") is not null) continue;
                        result.Set("IpRanges", IpRangesFromStrings(p.Value));
                        continue;
                    case "PrefixListIds":
                        result.Set("PrefixListIds", PrefixListIds(p.Value));
                        continue;
                    case "GroupNames" when obj.Contains("ReservationId"):
                        continue;
                }
                result.Set(p.Key, Normalize(p.Value));
            }
            DropPortsOfAllProtocolRule(result);
            return result;
        }

        private static JsonValue IpRangesFromStrings(JsonValue ranges)
        {
            if (ranges is not JsonArray array) return Normalize(ranges);
            var list = new JsonArray();
            foreach (var item in array)
            {
                if (item is JsonString cidr) list.Add(new JsonObject { { "CidrIp", cidr } });
                else list.Add(Normalize(item));
            }
            return list;
        }

        private static JsonValue PrefixListIds(JsonValue ids)
        {
            if (ids is not JsonArray array) return Normalize(ids);
            var list = new JsonArray();
            foreach (var item in array)
            {
                if (Normalize(item) is not JsonObject entry)
                {
                    list.Add(Normalize(item));
                    continue;
                }
                if (!entry.Contains("PrefixListId") && entry.Contains("Id"))
                {
                    var renamed = new JsonObject();
                    foreach (var p in entry) renamed.Set(p.Key == "Id" ? "PrefixListId" : p.Key, p.Value);
                    entry = renamed;
                }
                list.Add(entry);
            }
            return list;
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
