using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;

namespace AlbTroubleshoot.Json
{
    /// <summary>
    /// Turns plain .NET objects (such as the AWS SDK objects AWS Tools cmdlets return, or what a user
    /// pipes) into JSON by their public properties, the "generic object walk" whose output CliSpelling
    /// brings to CLI spelling. SDK enums (ConstantClass) come out as <c>{"Value": "…"}</c>, empty SDK v4
    /// collections as null: exactly what CliSpelling expects. No AWS type is referenced.
    /// The walk is bounded whatever it is given: an object that contains itself (a property pointing
    /// back at its owner), nesting deeper than <see cref="MaxDepth"/> or more than
    /// <see cref="MaxValues"/> values is an <see cref="ObjectWalkException"/> naming where, never a
    /// stack overflow or an endless walk.
    /// </summary>
    internal static class ObjectWalker
    {
        /// <summary>How many objects and lists may be nested: deeper than any AWS response.</summary>
        public const int MaxDepth = 64;

        /// <summary>How many values one walk may produce: far more than any AWS response (a few hundred thousand).</summary>
        public const int MaxValues = 5_000_000;

        private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new ConcurrentDictionary<Type, PropertyInfo[]>();

        /// <summary>
        /// Walks <paramref name="value"/>. <paramref name="adapt"/>, when given, is asked first about
        /// every value and may answer with what to walk instead: the object a wrapper holds, an
        /// <see cref="ObjectProperties"/> for an object whose properties it knows better than
        /// reflection, or a JsonValue; null lets the walker read the value itself. The cmdlets use it
        /// for PSObject.
        /// </summary>
        /// <exception cref="ObjectWalkException">A cycle, too deep, or too many values.</exception>
        public static JsonValue ToJson(object? value, Func<object, object?>? adapt = null) => ToJson(value, adapt, MaxValues);

        internal static JsonValue ToJson(object? value, Func<object, object?>? adapt, int maxValues) => new Walk(adapt, maxValues).Value(value, 0);

        /// <summary>ISO 8601 in UTC; an unspecified kind is taken as UTC (what the SDK returns).</summary>
        internal static string FormatTime(DateTime t) =>
            (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        // Declaration order (metadata order) keeps the output stable from run to run.
        private static PropertyInfo[] ReadableProperties(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetMethod is { IsPublic: true })
                .OrderBy(p => p.MetadataToken)
                .ToArray();

        private static IEnumerable<KeyValuePair<string, object?>> ReflectedProperties(object value)
        {
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
                yield return new KeyValuePair<string, object?>(property.Name, propertyValue);
            }
        }

        /// <summary>One walk: the containers open around the current value (for cycles) and the path to it (for errors).</summary>
        private sealed class Walk
        {
            private readonly Func<object, object?>? _adapt;
            private readonly int _maxValues;
            private readonly List<object> _open = new List<object>();
            private readonly List<string> _path = new List<string>();
            private int _values;

            public Walk(Func<object, object?>? adapt, int maxValues)
            {
                _adapt = adapt;
                _maxValues = maxValues;
            }

            public JsonValue Value(object? value, int depth)
            {
                if (++_values > _maxValues)
                    throw new ObjectWalkException(ErrorIds.ObjectTooLarge, Path(),
                        "The object holds more than " + _maxValues.ToString("N0", CultureInfo.InvariantCulture) + " values (stopped at " + Path() + "); AWS data never does.");
                // A wrapper may hold another (PSObject around an object): a few unwrappings at most.
                for (var i = 0; i < 4 && value is not null && _adapt is not null; i++)
                {
                    var adapted = _adapt(value);
                    if (adapted is null || ReferenceEquals(adapted, value)) break;
                    value = adapted;
                }
                switch (value)
                {
                    case null: return JsonValue.Null;
                    case DBNull: return JsonValue.Null;
                    case JsonObject json: return Container(json, depth, () => Object(json, depth));
                    case JsonArray json: return Container(json, depth, () => Items(json, depth));
                    case JsonValue json: return json; // strings, numbers, booleans, null: immutable
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
                    case ObjectProperties bag: return Container(bag.Identity, depth, () => Object(bag.Properties, depth));
                    case IDictionary dictionary: return Container(dictionary, depth, () => Dictionary(dictionary, depth));
                    case IEnumerable sequence: return Container(sequence, depth, () => Items(sequence.Cast<object?>(), depth));
                    default: return Container(value, depth, () => Object(ReflectedProperties(value), depth));
                }
            }

            private JsonValue Container(object identity, int depth, Func<JsonValue> read)
            {
                if (depth >= MaxDepth)
                    throw new ObjectWalkException(ErrorIds.ObjectTooDeep, Path(),
                        "The object is nested more than " + MaxDepth + " levels deep at " + Path() + "; AWS data never is.");
                for (var i = 0; i < _open.Count; i++)
                {
                    if (!ReferenceEquals(_open[i], identity)) continue;
                    throw new ObjectWalkException(ErrorIds.ObjectCycle, Path(),
                        "The object contains itself: " + Path() + " is the same object as " + Path(i) + " (a cycle), so it cannot be read as data.");
                }
                _open.Add(identity);
                try
                {
                    return read();
                }
                finally
                {
                    _open.RemoveAt(_open.Count - 1);
                }
            }

            private JsonObject Object(IEnumerable<KeyValuePair<string, JsonValue>> properties, int depth) =>
                Object(properties.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)), depth);

            private JsonObject Object(IEnumerable<KeyValuePair<string, object?>> properties, int depth)
            {
                var obj = new JsonObject();
                foreach (var p in properties)
                {
                    _path.Add("." + p.Key);
                    obj.Set(p.Key, Value(p.Value, depth + 1));
                    _path.RemoveAt(_path.Count - 1);
                }
                return obj;
            }

            private JsonObject Dictionary(IDictionary dictionary, int depth)
            {
                var map = new JsonObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                    _path.Add("['" + key + "']");
                    map.Set(key, Value(entry.Value, depth + 1));
                    _path.RemoveAt(_path.Count - 1);
                }
                return map;
            }

            private JsonArray Items(IEnumerable<object?> items, int depth)
            {
                var list = new JsonArray();
                var index = 0;
                foreach (var item in items)
                {
                    _path.Add("[" + index.ToString(CultureInfo.InvariantCulture) + "]");
                    list.Add(Value(item, depth + 1));
                    _path.RemoveAt(_path.Count - 1);
                    index++;
                }
                return list;
            }

            /// <summary>The path to the current value, or to the container open at <paramref name="level"/>: "$.Entries[0].Owner".</summary>
            private string Path(int level = int.MaxValue)
            {
                var sb = new StringBuilder("$");
                // _path has one step per value entered below the root; the container at level i was entered after i steps.
                for (var i = 0; i < _path.Count && i < level; i++) sb.Append(_path[i]);
                return sb.ToString();
            }
        }
    }

    /// <summary>
    /// What an <see cref="ObjectWalker"/> adapter answers for an object whose properties it knows (a
    /// PSCustomObject's note properties): the properties in order, and the object that stands for it
    /// when the walker looks for cycles.
    /// </summary>
    internal sealed class ObjectProperties
    {
        public ObjectProperties(object identity, IEnumerable<KeyValuePair<string, object?>> properties)
        {
            Identity = identity ?? throw new ArgumentNullException(nameof(identity));
            Properties = properties ?? throw new ArgumentNullException(nameof(properties));
        }

        public object Identity { get; }

        public IEnumerable<KeyValuePair<string, object?>> Properties { get; }
    }

    /// <summary>An object that cannot be walked as data: a cycle, too deep, or too large; <see cref="Path"/> says where.</summary>
    internal sealed class ObjectWalkException : InvalidOperationException
    {
        public ObjectWalkException(string errorId, string path, string message) : base(message)
        {
            ErrorId = errorId;
            Path = path;
        }

        public ObjectWalkException() : this(ErrorIds.ObjectCycle, "$", "The object cannot be read as data.") { }

        public ObjectWalkException(string message) : this(ErrorIds.ObjectCycle, "$", message) { }

        public ObjectWalkException(string message, Exception innerException) : base(message, innerException)
        {
            ErrorId = ErrorIds.ObjectCycle;
            Path = "$";
        }

        /// <summary>One of <see cref="ErrorIds.ObjectCycle"/>, <see cref="ErrorIds.ObjectTooDeep"/>, <see cref="ErrorIds.ObjectTooLarge"/>.</summary>
        public string ErrorId { get; }

        /// <summary>Where in the object: "$" is the object itself, then ".Property", "[index]", "['key']".</summary>
        public string Path { get; }
    }
}
