using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace AlbTroubleshoot.Json
{
    /// <summary>The six kinds of JSON value.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "These are the names RFC 8259 gives the kinds.")]
    public enum JsonKind
    {
        Null,
        Boolean,
        Number,
        String,
        Array,
        Object,
    }

    /// <summary>
    /// A JSON value: the small DOM that snapshot documents are made of. Objects keep their
    /// properties in order (unknown ones included) so that a file read and written back is the same
    /// file; numbers keep their raw text so that nothing is lost to double rounding.
    /// </summary>
    public abstract class JsonValue
    {
        private protected JsonValue() { }

        public abstract JsonKind Kind { get; }

        public static JsonValue Null => JsonNull.Instance;

        /// <summary>Reads one JSON text; <paramref name="sourceName"/> names the input in errors.</summary>
        public static JsonValue Parse(string text, string? sourceName = null) => JsonReader.Parse(text, sourceName);

        /// <summary>Indented JSON (two spaces, "\n" line ends): the same value always gives the same text.</summary>
        public string ToJson(bool indented = true) => JsonWriter.Write(this, indented);

        public override string ToString() => ToJson(indented: false);

        public static JsonValue From(string? value) => value is null ? Null : new JsonString(value);

        public static JsonValue From(bool value) => value ? JsonBoolean.True : JsonBoolean.False;

        public static JsonValue From(long value) => new JsonNumber(value.ToString(CultureInfo.InvariantCulture));

        public static JsonValue From(double value)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, "JSON has no NaN or infinity.");
            return new JsonNumber(value.ToString("R", CultureInfo.InvariantCulture));
        }

        public static JsonValue From(decimal value) => new JsonNumber(value.ToString(CultureInfo.InvariantCulture));

        /// <summary>The string of a string value, else null.</summary>
        public string? AsString() => (this as JsonString)?.Value;

        /// <summary>Structural equality: same kind, same content, object properties in the same order.</summary>
        public abstract bool DeepEquals(JsonValue? other);

        /// <summary>A deep copy; the copy can be changed without touching this value.</summary>
        public abstract JsonValue Clone();
    }

    public sealed class JsonNull : JsonValue
    {
        internal static readonly JsonNull Instance = new JsonNull();

        private JsonNull() { }

        public override JsonKind Kind => JsonKind.Null;

        public override bool DeepEquals(JsonValue? other) => other is JsonNull;

        public override JsonValue Clone() => this;
    }

    public sealed class JsonBoolean : JsonValue
    {
        public static readonly JsonBoolean True = new JsonBoolean(true);
        public static readonly JsonBoolean False = new JsonBoolean(false);

        private JsonBoolean(bool value) { Value = value; }

        public bool Value { get; }

        public override JsonKind Kind => JsonKind.Boolean;

        public override bool DeepEquals(JsonValue? other) => other is JsonBoolean b && b.Value == Value;

        public override JsonValue Clone() => this;
    }

    public sealed class JsonString : JsonValue
    {
        public JsonString(string value) { Value = value ?? throw new ArgumentNullException(nameof(value)); }

        public string Value { get; }

        public override JsonKind Kind => JsonKind.String;

        public override bool DeepEquals(JsonValue? other) => other is JsonString s && string.Equals(s.Value, Value, StringComparison.Ordinal);

        public override JsonValue Clone() => this;
    }

    /// <summary>A number kept as its JSON text; read it as long, decimal or double as the caller needs.</summary>
    public sealed class JsonNumber : JsonValue
    {
        internal JsonNumber(string raw) { Raw = raw; }

        /// <summary>Creates a number from JSON number text; throws <see cref="FormatException"/> if it is not one.</summary>
        public static JsonNumber FromRaw(string raw)
        {
            if (raw is null) throw new ArgumentNullException(nameof(raw));
            if (!JsonReader.IsNumberText(raw)) throw new FormatException("'" + raw + "' is not a JSON number.");
            return new JsonNumber(raw);
        }

        public string Raw { get; }

        public override JsonKind Kind => JsonKind.Number;

        public bool TryGetInt64(out long value) =>
            long.TryParse(Raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

        public bool TryGetDecimal(out decimal value) =>
            decimal.TryParse(Raw, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

        public double ToDouble() => double.Parse(Raw, NumberStyles.Float, CultureInfo.InvariantCulture);

        public long ToInt64() =>
            TryGetInt64(out var v) ? v : throw new FormatException("The JSON number " + Raw + " is not a whole number in the range of Int64.");

        public decimal ToDecimal() =>
            TryGetDecimal(out var v) ? v : throw new FormatException("The JSON number " + Raw + " does not fit a decimal.");

        /// <summary>Numbers are equal when their values are equal (1.0 and 1 are the same number).</summary>
        public override bool DeepEquals(JsonValue? other)
        {
            if (other is not JsonNumber n) return false;
            if (string.Equals(n.Raw, Raw, StringComparison.Ordinal)) return true;
            if (TryGetDecimal(out var a) && n.TryGetDecimal(out var b)) return a == b;
            return ToDouble().Equals(n.ToDouble());
        }

        public override JsonValue Clone() => this;
    }

    public sealed class JsonArray : JsonValue, IReadOnlyList<JsonValue>
    {
        private readonly List<JsonValue> _items;

        public JsonArray() { _items = new List<JsonValue>(); }

        public JsonArray(IEnumerable<JsonValue> items)
        {
            _items = new List<JsonValue>();
            foreach (var item in items) Add(item);
        }

        public override JsonKind Kind => JsonKind.Array;

        public int Count => _items.Count;

        public JsonValue this[int index] => _items[index];

        public void Add(JsonValue item) => _items.Add(item ?? JsonValue.Null);

        public IEnumerator<JsonValue> GetEnumerator() => _items.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override bool DeepEquals(JsonValue? other)
        {
            if (other is not JsonArray a || a.Count != Count) return false;
            for (var i = 0; i < Count; i++)
                if (!_items[i].DeepEquals(a._items[i])) return false;
            return true;
        }

        public override JsonValue Clone()
        {
            var copy = new JsonArray();
            foreach (var item in _items) copy._items.Add(item.Clone());
            return copy;
        }
    }

    /// <summary>
    /// A JSON object with its properties in order. Lookup is case-sensitive, as AWS property names
    /// are; <see cref="GetAny"/> reads the first of several spellings (CLI and AWS Tools names).
    /// Setting an existing name replaces its value in place, so order stays stable.
    /// </summary>
    public sealed class JsonObject : JsonValue, IEnumerable<KeyValuePair<string, JsonValue>>
    {
        // Most AWS objects have a handful of properties: a linear search beats a dictionary there,
        // so the index is built only for large objects (e.g. a per-resource map of many ARNs).
        private const int IndexThreshold = 12;
        private readonly List<KeyValuePair<string, JsonValue>> _properties = new List<KeyValuePair<string, JsonValue>>();
        private Dictionary<string, int>? _index;

        public override JsonKind Kind => JsonKind.Object;

        public int Count => _properties.Count;

        public IEnumerable<string> Names
        {
            get { foreach (var p in _properties) yield return p.Key; }
        }

        /// <summary>The value of the property, or null (C# null) when there is no such property.</summary>
        public JsonValue? this[string name]
        {
            get => TryGetValue(name, out var v) ? v : null;
            set
            {
                if (value is null) Remove(name);
                else Set(name, value);
            }
        }

        public bool Contains(string name) => IndexOf(name) >= 0;

        public bool TryGetValue(string name, out JsonValue value)
        {
            var i = IndexOf(name);
            if (i >= 0)
            {
                value = _properties[i].Value;
                return true;
            }
            value = JsonValue.Null;
            return false;
        }

        private int IndexOf(string name)
        {
            if (_index is not null) return _index.TryGetValue(name, out var at) ? at : -1;
            for (var i = 0; i < _properties.Count; i++)
                if (string.Equals(_properties[i].Key, name, StringComparison.Ordinal)) return i;
            return -1;
        }

        /// <summary>The first of <paramref name="names"/> that is present and not JSON null.</summary>
        public JsonValue? GetAny(params string[] names)
        {
            foreach (var name in names)
                if (TryGetValue(name, out var v) && v.Kind != JsonKind.Null) return v;
            return null;
        }

        /// <summary>Case-insensitive lookup, for hand-written files; exact spelling wins when both exist.</summary>
        public JsonValue? GetIgnoreCase(string name)
        {
            if (TryGetValue(name, out var exact)) return exact;
            foreach (var p in _properties)
                if (string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)) return p.Value;
            return null;
        }

        /// <summary>Same as <see cref="Set"/>; lets tests and collectors use collection initializers.</summary>
        public void Add(string name, JsonValue value) => Set(name, value);

        public void Set(string name, JsonValue value)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            value ??= JsonValue.Null;
            var i = IndexOf(name);
            if (i >= 0)
            {
                _properties[i] = new KeyValuePair<string, JsonValue>(name, value);
                return;
            }
            _properties.Add(new KeyValuePair<string, JsonValue>(name, value));
            if (_index is not null) _index[name] = _properties.Count - 1;
            else if (_properties.Count > IndexThreshold) Reindex();
        }

        /// <summary>Sets the property and moves it to the front (used for the version marker of a snapshot).</summary>
        public void SetFirst(string name, JsonValue value)
        {
            Remove(name);
            _properties.Insert(0, new KeyValuePair<string, JsonValue>(name, value ?? JsonValue.Null));
            Reindex();
        }

        public bool Remove(string name)
        {
            var i = IndexOf(name);
            if (i < 0) return false;
            _properties.RemoveAt(i);
            Reindex();
            return true;
        }

        private void Reindex()
        {
            if (_properties.Count <= IndexThreshold)
            {
                _index = null;
                return;
            }
            _index = new Dictionary<string, int>(_properties.Count, StringComparer.Ordinal);
            for (var i = 0; i < _properties.Count; i++) _index[_properties[i].Key] = i;
        }

        public IEnumerator<KeyValuePair<string, JsonValue>> GetEnumerator() => _properties.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override bool DeepEquals(JsonValue? other)
        {
            if (other is not JsonObject o || o.Count != Count) return false;
            for (var i = 0; i < Count; i++)
            {
                var a = _properties[i];
                var b = o._properties[i];
                if (!string.Equals(a.Key, b.Key, StringComparison.Ordinal) || !a.Value.DeepEquals(b.Value)) return false;
            }
            return true;
        }

        public override JsonValue Clone()
        {
            var copy = new JsonObject();
            foreach (var p in _properties) copy.Set(p.Key, p.Value.Clone());
            return copy;
        }
    }
}
