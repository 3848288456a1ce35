using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;

namespace AlbTroubleshoot.Json
{
    /// <summary>
    /// Turns plain .NET objects (such as the AWS SDK objects AWS Tools cmdlets return) into JSON by
    /// their public properties, the "generic object walk" whose output CliSpelling brings to CLI
    /// spelling. SDK enums (ConstantClass) come out as <c>{"Value": "…"}</c>, empty SDK v4
    /// collections as null: exactly what CliSpelling expects. No AWS type is referenced.
    /// </summary>
    public static class ObjectWalker
    {
        /// <summary>Deeper than any AWS response; a guard against cycles.</summary>
        public const int MaxDepth = 64;

        private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new ConcurrentDictionary<Type, PropertyInfo[]>();

        /// <summary>
        /// Walks <paramref name="value"/>. <paramref name="convert"/>, when given, is asked first for
        /// every object (return null to let the walker handle it); the cmdlets use it for PSObject.
        /// </summary>
        public static JsonValue ToJson(object? value, Func<object, JsonValue?>? convert = null) => Walk(value, convert, 0);

        internal static JsonValue Walk(object? value, Func<object, JsonValue?>? convert, int depth)
        {
            if (value is null || value is DBNull) return JsonValue.Null;
            if (depth > MaxDepth)
                throw new InvalidOperationException("The object is nested deeper than " + MaxDepth + " levels (a cycle?): " + value.GetType().FullName);
            if (convert is not null)
            {
                var converted = convert(value);
                if (converted is not null) return converted;
            }
            switch (value)
            {
                case JsonValue json: return json;
                case string s: return new JsonString(s);
                case char c: return new JsonString(c.ToString());
                case bool b: return JsonValue.From(b);
                case DateTime t: return new JsonString(FormatTime(t));
                case DateTimeOffset o: return new JsonString(o.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                case Enum e: return new JsonString(e.ToString());
                case float f: return double.IsNaN(f) || double.IsInfinity(f) ? JsonValue.Null : JsonValue.From((double)f);
                case double d: return double.IsNaN(d) || double.IsInfinity(d) ? JsonValue.Null : JsonValue.From(d);
                case decimal m: return JsonValue.From(m);
                case byte or sbyte or short or ushort or int or uint or long:
                    return JsonValue.From(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                case ulong u: return JsonNumber.FromRaw(u.ToString(CultureInfo.InvariantCulture));
                case IDictionary dictionary:
                    var map = new JsonObject();
                    foreach (DictionaryEntry entry in dictionary)
                        map.Set(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty, Walk(entry.Value, convert, depth + 1));
                    return map;
                case IEnumerable sequence:
                    var list = new JsonArray();
                    foreach (var item in sequence) list.Add(Walk(item, convert, depth + 1));
                    return list;
            }
            var obj = new JsonObject();
            foreach (var property in Properties.GetOrAdd(value.GetType(), ReadableProperties))
            {
                object? propertyValue;
                try
                {
                    propertyValue = property.GetValue(value);
                }
                catch (TargetInvocationException)
                {
                    continue; // a getter that throws has nothing to say
                }
                obj.Set(property.Name, Walk(propertyValue, convert, depth + 1));
            }
            return obj;
        }

        /// <summary>ISO 8601 in UTC; an unspecified kind is taken as UTC (what the SDK returns).</summary>
        internal static string FormatTime(DateTime t) =>
            (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        // Declaration order (metadata order) keeps the output stable from run to run.
        private static PropertyInfo[] ReadableProperties(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true })
                .OrderBy(p => p.MetadataToken)
                .ToArray();
    }
}
