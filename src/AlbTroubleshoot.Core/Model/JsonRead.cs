using System;
using System.Collections.Generic;
using System.Globalization;
using AlbTroubleshoot.Json;

namespace AlbTroubleshoot.Model
{
    /// <summary>
    /// Tolerant reads by property name over CLI-spelled JSON: a missing member and JSON null read
    /// alike (the CLI omits, SDK v4 gives null); numbers and booleans are also accepted as strings
    /// (a hand-made file or an SDK walk may give "80" or "true").
    /// </summary>
    internal static class JsonRead
    {
        public static string? Str(JsonObject? obj, string name)
        {
            var v = obj?[name];
            return v switch
            {
                JsonString s => s.Value,
                JsonNumber n => n.Raw,
                JsonBoolean b => b.Value ? "true" : "false",
                _ => null,
            };
        }

        public static int? Int(JsonObject? obj, string name)
        {
            var v = obj?[name];
            if (v is JsonNumber n && n.TryGetInt64(out var l) && l >= int.MinValue && l <= int.MaxValue) return (int)l;
            if (v is JsonString s && int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return i;
            return null;
        }

        public static long? Long(JsonObject? obj, string name)
        {
            var v = obj?[name];
            if (v is JsonNumber n && n.TryGetInt64(out var l)) return l;
            if (v is JsonString s && long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return i;
            return null;
        }

        public static bool? Bool(JsonObject? obj, string name)
        {
            var v = obj?[name];
            if (v is JsonBoolean b) return b.Value;
            if (v is JsonString s && bool.TryParse(s.Value, out var parsed)) return parsed;
            return null;
        }

        public static DateTime? Time(JsonObject? obj, string name)
        {
            var text = Str(obj, name);
            if (text is null) return null;
            return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
                ? t : (DateTime?)null;
        }

        public static JsonObject? Obj(JsonObject? obj, string name) => obj?[name] as JsonObject;

        /// <summary>The objects of an array member; empty when missing or null.</summary>
        public static IEnumerable<JsonObject> Objects(JsonObject? obj, string name)
        {
            if (obj?[name] is not JsonArray array) yield break;
            foreach (var item in array)
                if (item is JsonObject o) yield return o;
        }

        /// <summary>The strings of an array member; empty when missing or null.</summary>
        public static IReadOnlyList<string> Strings(JsonObject? obj, string name)
        {
            var result = new List<string>();
            if (obj?[name] is JsonArray array)
                foreach (var item in array)
                    if (item.AsString() is string s) result.Add(s);
            return result;
        }
    }
}
