using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using AlbTroubleshoot.Json;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// Turns what AWS Tools cmdlets return (SDK v3/v4 model objects, PSCustomObjects) into the JSON
    /// DOM by a generic walk over properties; <see cref="Snapshots.CliSpelling"/> then rewrites the
    /// SDK spellings into CLI ones. The walk itself knows only .NET shapes:
    /// enum objects (SDK ConstantClass) → their wire string; CLR enums → their name; null
    /// collections → null (CliSpelling treats them as empty); DateTime → ISO 8601 UTC.
    /// </summary>
    internal static class PSObjectAdapter
    {
        // SDK objects are trees a few levels deep; the bound only guards against cycles.
        private const int MaxDepth = 24;

        public static JsonValue ToJson(object? value) => Walk(value, 0);

        private static JsonValue Walk(object? value, int depth)
        {
            if (depth > MaxDepth) return JsonValue.Null;
            if (value is PSObject pso)
            {
                if (pso.BaseObject is PSCustomObject) return WalkProperties(pso, depth);
                value = pso.BaseObject;
            }
            switch (value)
            {
                case null:
                    return JsonValue.Null;
                case string s:
                    return JsonValue.From(s);
                case char c:
                    return JsonValue.From(c.ToString());
                case bool b:
                    return JsonValue.From(b);
                case DateTime t:
                    return JsonValue.From(FormatTime(t));
                case DateTimeOffset o:
                    return JsonValue.From(FormatTime(o.UtcDateTime));
                case Enum e:
                    return JsonValue.From(e.ToString());
                case Guid g:
                    return JsonValue.From(g.ToString());
                case byte or sbyte or short or ushort or int or uint or long:
                    return JsonValue.From(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                case ulong or float or double or decimal:
                    return JsonValue.From(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                case IDictionary dictionary:
                    var map = new JsonObject();
                    foreach (DictionaryEntry entry in dictionary)
                        map.Set(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, Walk(entry.Value, depth + 1));
                    return map;
                case IEnumerable items:
                    var list = new JsonArray();
                    foreach (var item in items) list.Add(Walk(item, depth + 1));
                    return list;
            }
            if (IsConstantClass(value.GetType())) return JsonValue.From(value.ToString());
            return WalkProperties(PSObject.AsPSObject(value), depth);
        }

        private static JsonValue WalkProperties(PSObject obj, int depth)
        {
            var result = new JsonObject();
            foreach (var property in obj.Properties)
            {
                // Data only: adapted .NET properties and note properties, not script/code properties
                // that type data may add for display.
                if (property.MemberType != PSMemberTypes.Property && property.MemberType != PSMemberTypes.NoteProperty) continue;
                object? v;
                try { v = property.Value; }
                catch (GetValueException) { continue; }
                result.Set(property.Name, Walk(v, depth + 1));
            }
            return result;
        }

        // Amazon.Runtime.ConstantClass: the SDK's open enums, whose ToString() is the wire value.
        private static bool IsConstantClass(Type type)
        {
            for (var t = type; t is not null; t = t.BaseType)
                if (t.Name == "ConstantClass") return true;
            return false;
        }

        /// <summary>ISO 8601 in UTC with milliseconds; SDK v3 returns local times, v4 UTC.</summary>
        internal static string FormatTime(DateTime time)
        {
            var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
            return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
    }
}
