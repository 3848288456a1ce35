using System.Collections.Generic;
using System.Linq;
using AlbTroubleshoot.Json;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot.Tests
{
    /// <summary>
    /// Turns CLI-spelled JSON into what a generic property walk of AWS Tools objects gives, following
    /// the shapes recorded in the reference (aws-tools-cli-runbooks.md §0.3-0.5, §1.4): written
    /// here independently of CliSpelling so that the mapper's equivalence test means something.
    /// </summary>
    internal static class SdkShapes
    {
        // Members the SDK types as ConstantClass (their walk gives {"Value": "..."}).
        private static readonly HashSet<string> EnumMembers = new HashSet<string>
        {
            "Scheme", "Type", "Code", "IpAddressType", "Protocol", "HealthCheckProtocol", "TargetType", "State", "Reason",
            "RuleAction", "Origin", "InterfaceType", "Status", "StatusCode", "OnUnauthenticatedRequest",
            "Format", "Result", "MitigationInEffect", "TrustStoreAssociationStatus", "AdvertiseTrustStoreCaNames",
            "AggregateKeyType", "PositionalConstraint",
        };

        // WAF objects whose one set member is their meaning: the SDK object has every member, the unset ones null (v4).
        private static readonly Dictionary<string, string[]> UnionMembers = new Dictionary<string, string[]>
        {
            ["Statement"] = new[] { "AndStatement", "AsnMatchStatement", "ByteMatchStatement", "GeoMatchStatement", "IPSetReferenceStatement", "LabelMatchStatement",
                "ManagedRuleGroupStatement", "NotStatement", "OrStatement", "RateBasedStatement", "RegexMatchStatement", "RegexPatternSetReferenceStatement",
                "RuleGroupReferenceStatement", "SizeConstraintStatement", "SqliMatchStatement", "XssMatchStatement" },
            ["FirewallManagerStatement"] = new[] { "ManagedRuleGroupStatement", "RuleGroupReferenceStatement" },
            ["Action"] = new[] { "Allow", "Block", "Captcha", "Challenge", "Count" },
            ["ActionToUse"] = new[] { "Allow", "Block", "Captcha", "Challenge", "Count" },
            ["DefaultAction"] = new[] { "Allow", "Block" },
            ["OverrideAction"] = new[] { "Count", "None" },
        };

        /// <summary>AWS Tools V5 (SDK v4): null for empty collections and unset numbers, enum objects, Ipv4Ranges, PrefixListIds[].Id.</summary>
        public static SnapshotDocument ToSdkV4(SnapshotDocument cli) => Convert(cli, v4: true);

        /// <summary>AWS Tools V4 (SDK v3): empty lists stay [], 0 for unset ports, the obsolete string IpRanges beside Ipv4Ranges.</summary>
        public static SnapshotDocument ToSdkV3(SnapshotDocument cli) => Convert(cli, v4: false);

        private static SnapshotDocument Convert(SnapshotDocument cli, bool v4)
        {
            var result = new SnapshotDocument(cli.Region, cli.CollectedAt);
            foreach (var operation in cli.Sections)
                result.SetSection(operation, Walk(cli.GetSection(operation)!, v4, parent: null));
            foreach (var e in cli.Errors) result.AddError(e.Key, e.Value);
            return result;
        }

        private static JsonValue Walk(JsonValue value, bool v4, string? parent)
        {
            switch (value)
            {
                case JsonArray a:
                    if (v4 && a.Count == 0) return JsonValue.Null;
                    return new JsonArray(a.Select(i => Walk(i, v4, parent)));
                case JsonObject o:
                    var r = new JsonObject();
                    // The SDK walks members in declaration order, the unset ones as null before the set one.
                    if (v4 && parent is not null && UnionMembers.TryGetValue(parent, out var union) && o.Names.Any(union.Contains))
                        foreach (var m in union.Where(m => !o.Contains(m))) r.Set(m, JsonValue.Null);
                    foreach (var p in o)
                    {
                        var name = p.Key;
                        var v = p.Value;
                        if (name == "IpRanges")
                        {
                            r.Set("Ipv4Ranges", Walk(v, v4, name));
                            if (!v4) r.Set("IpRanges", new JsonArray(((JsonArray)v).Cast<JsonObject>().Select(x => x["CidrIp"]!)));
                            continue;
                        }
                        if (name == "PrefixListId" && parent == "PrefixListIds")
                        {
                            r.Set("Id", v);
                            continue;
                        }
                        if (v is JsonString s && EnumMembers.Contains(name) && IsEnumValue(name, s.Value))
                        {
                            r.Set(name, new JsonObject { { "Value", s } });
                            continue;
                        }
                        r.Set(name, Walk(v, v4, name));
                    }
                    AddUnsetMembers(r, v4);
                    return r;
                default:
                    return value;
            }
        }

        // NACL protocols and fixed-response codes are plain strings in the SDK, not enums.
        private static bool IsEnumValue(string name, string value) =>
            !(name == "Protocol" && (value == "-1" || value.All(char.IsDigit)))
            && !(name == "StatusCode" && value.All(char.IsDigit));

        private static void AddUnsetMembers(JsonObject r, bool v4)
        {
            if (r.Contains("IpProtocol") && !r.Contains("FromPort"))
            {
                r.Set("FromPort", v4 ? JsonValue.Null : JsonValue.From(0));
                r.Set("ToPort", v4 ? JsonValue.Null : JsonValue.From(0));
            }
            if (r.Contains("RuleNumber"))
            {
                if (!r.Contains("PortRange")) r.Set("PortRange", JsonValue.Null);
                if (!r.Contains("IcmpTypeCode")) r.Set("IcmpTypeCode", JsonValue.Null);
            }
            if (r.Contains("ReservationId")) r.Set("GroupNames", v4 ? JsonValue.Null : new JsonArray());
        }
    }
}
