using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace AlbTroubleshoot.Json
{
    /// <summary>The six kinds of JSON value.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "These are the names RFC 8259 gives the kinds.")]
    internal enum JsonKind
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
    internal abstract class JsonValue
    {
        private protected JsonValue() { }

        public abstract JsonKind Kind { get; }

        public static JsonValue Null => JsonNull.Instance;

        /// <summary>How many arrays and objects may be nested in a value that is read or written.</summary>
        public const int MaxDepth = JsonReader.MaxDepth;

        /// <summary>Reads one JSON text; <paramref name="sourceName"/> names the input in errors.</summary>
        public static JsonValue Parse(string text, string? sourceName = null) => JsonReader.Parse(text, sourceName);

        /// <summary>
        /// Reads one JSON text from UTF-8 bytes (a byte order mark is skipped) without holding the text
        /// whole; invalid UTF-8 is a <see cref="JsonException"/> at its line and column.
        /// </summary>
        public static JsonValue Parse(System.IO.Stream utf8, string? sourceName = null) => JsonReader.Parse(utf8, sourceName);

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
        public bool DeepEquals(JsonValue? other) => DeepEquals(other, 0);

        /// <summary>A deep copy; the copy can be changed without touching this value.</summary>
        public JsonValue Clone() => Clone(0);

        // depth: how many containers are open around this value. Values built in code (not read) may
        // contain themselves; the limit turns that into an error instead of a stack overflow.
        internal abstract bool DeepEquals(JsonValue? other, int depth);

        internal abstract JsonValue Clone(int depth);

        internal static void CheckDepth(int depth)
        {
            if (depth >= MaxDepth)
                throw new InvalidOperationException("The JSON value is nested more than " + MaxDepth + " levels deep (does it contain itself?).");
        }
    }

    internal sealed class JsonNull : JsonValue
    {
        internal static readonly JsonNull Instance = new JsonNull();

        private JsonNull() { }

        public override JsonKind Kind => JsonKind.Null;

        internal override bool DeepEquals(JsonValue? other, int depth) => other is JsonNull;

        internal override JsonValue Clone(int depth) => this;
    }

    internal sealed class JsonBoolean : JsonValue
    {
        public static readonly JsonBoolean True = new JsonBoolean(true);
        public static readonly JsonBoolean False = new JsonBoolean(false);

        private JsonBoolean(bool value) { Value = value; }

        public bool Value { get; }

        public override JsonKind Kind => JsonKind.Boolean;

        internal override bool DeepEquals(JsonValue? other, int depth) => other is JsonBoolean b && b.Value == Value;

        internal override JsonValue Clone(int depth) => this;
    }

    internal sealed class JsonString : JsonValue
    {
        public JsonString(string value) { Value = value ?? throw new ArgumentNullException(nameof(value)); }

        public string Value { get; }

        public override JsonKind Kind => JsonKind.String;

        internal override bool DeepEquals(JsonValue? other, int depth) => other is JsonString s && string.Equals(s.Value, Value, StringComparison.Ordinal);

        internal override JsonValue Clone(int depth) => this;
    }

    /// <summary>A number kept as its JSON text; read it as long, decimal or double as the caller needs.</summary>
    internal sealed class JsonNumber : JsonValue
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
        internal override bool DeepEquals(JsonValue? other, int depth)
        {
            if (other is not JsonNumber n) return false;
            if (string.Equals(n.Raw, Raw, StringComparison.Ordinal)) return true;
            if (TryGetDecimal(out var a) && n.TryGetDecimal(out var b)) return a == b;
            return ToDouble().Equals(n.ToDouble());
        }

        internal override JsonValue Clone(int depth) => this;
    }

    // Arrays and objects keep their items in a plain array sized to fit (not a List, whose own object
    // and spare capacity cost a large snapshot a quarter of its memory).

    internal sealed class JsonArray : JsonValue, IReadOnlyList<JsonValue>
    {
        private JsonValue[] _items;
        private int _count;

        public JsonArray() { _items = Array.Empty<JsonValue>(); }

        internal JsonArray(int capacity) { _items = capacity == 0 ? Array.Empty<JsonValue>() : new JsonValue[capacity]; }

        public JsonArray(IEnumerable<JsonValue> items)
        {
            _items = Array.Empty<JsonValue>();
            foreach (var item in items) Add(item);
        }

        public override JsonKind Kind => JsonKind.Array;

        public int Count => _count;

        public JsonValue this[int index] => (uint)index < (uint)_count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

        public void Add(JsonValue item)
        {
            if (_count == _items.Length) Array.Resize(ref _items, Math.Max(4, _count * 2));
            _items[_count++] = item ?? JsonValue.Null;
        }

        /// <summary>A struct enumerator: walking a large snapshot's arrays allocates nothing.</summary>
        public Enumerator GetEnumerator() => new Enumerator(this);

        IEnumerator<JsonValue> IEnumerable<JsonValue>.GetEnumerator() => GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public struct Enumerator : IEnumerator<JsonValue>
        {
            private readonly JsonArray _array;
            private int _index;

            internal Enumerator(JsonArray array)
            {
                _array = array;
                _index = -1;
            }

            public JsonValue Current => _array._items[_index];

            object IEnumerator.Current => Current;

            public bool MoveNext() => ++_index < _array._count;

            public void Reset() => _index = -1;

            public void Dispose() { }
        }

        internal override bool DeepEquals(JsonValue? other, int depth)
        {
            CheckDepth(depth);
            if (other is not JsonArray a || a._count != _count) return false;
            for (var i = 0; i < _count; i++)
                if (!_items[i].DeepEquals(a._items[i], depth + 1)) return false;
            return true;
        }

        internal override JsonValue Clone(int depth)
        {
            CheckDepth(depth);
            var copy = new JsonArray(_count);
            for (var i = 0; i < _count; i++) copy.Add(_items[i].Clone(depth + 1));
            return copy;
        }
    }

    /// <summary>
    /// A JSON object with its properties in order. Lookup is case-sensitive, as AWS property names
    /// are; <see cref="GetAny"/> reads the first of several spellings (CLI and AWS Tools names).
    /// Setting an existing name replaces its value in place, so order stays stable.
    /// </summary>
    internal sealed class JsonObject : JsonValue, IEnumerable<KeyValuePair<string, JsonValue>>
    {
        // AWS objects have at most a few dozen properties: a linear search does well there (names are
        // interned, so most comparisons end at the reference check), and an index per instance or
        // ENI would cost a large snapshot a fifth of its memory. Large objects (a per-resource map
        // of many ARNs, hostile input) get an index.
        private const int IndexThreshold = 64;
        private KeyValuePair<string, JsonValue>[] _properties;
        private int _count;
        private Dictionary<string, int>? _index;

        public JsonObject() { _properties = Array.Empty<KeyValuePair<string, JsonValue>>(); }

        internal JsonObject(int capacity)
        {
            _properties = capacity == 0 ? Array.Empty<KeyValuePair<string, JsonValue>>() : new KeyValuePair<string, JsonValue>[capacity];
        }

        public override JsonKind Kind => JsonKind.Object;

        public int Count => _count;

        public IEnumerable<string> Names
        {
            get { for (var i = 0; i < _count; i++) yield return _properties[i].Key; }
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
            for (var i = 0; i < _count; i++)
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
            for (var i = 0; i < _count; i++)
                if (string.Equals(_properties[i].Key, name, StringComparison.OrdinalIgnoreCase)) return _properties[i].Value;
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
            Insert(_count, name, value);
            if (_index is not null) _index[name] = _count - 1;
            else if (_count > IndexThreshold) Reindex();
        }

        /// <summary>Sets the property and moves it to the front (used for the version marker of a snapshot).</summary>
        public void SetFirst(string name, JsonValue value)
        {
            Remove(name);
            Insert(0, name, value ?? JsonValue.Null);
            Reindex();
        }

        public bool Remove(string name)
        {
            var i = IndexOf(name);
            if (i < 0) return false;
            _count--;
            Array.Copy(_properties, i + 1, _properties, i, _count - i);
            _properties[_count] = default;
            Reindex();
            return true;
        }

        private void Insert(int at, string name, JsonValue value)
        {
            if (_count == _properties.Length) Array.Resize(ref _properties, Math.Max(4, _count * 2));
            Array.Copy(_properties, at, _properties, at + 1, _count - at);
            _properties[at] = new KeyValuePair<string, JsonValue>(name, value);
            _count++;
        }

        private void Reindex()
        {
            if (_count <= IndexThreshold)
            {
                _index = null;
                return;
            }
            _index = new Dictionary<string, int>(_count, StringComparer.Ordinal);
            for (var i = 0; i < _count; i++) _index[_properties[i].Key] = i;
        }

        /// <summary>A struct enumerator: walking a large snapshot's objects allocates nothing.</summary>
        public Enumerator GetEnumerator() => new Enumerator(this);

        IEnumerator<KeyValuePair<string, JsonValue>> IEnumerable<KeyValuePair<string, JsonValue>>.GetEnumerator() => GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public struct Enumerator : IEnumerator<KeyValuePair<string, JsonValue>>
        {
            private readonly JsonObject _object;
            private int _index;

            internal Enumerator(JsonObject obj)
            {
                _object = obj;
                _index = -1;
            }

            public KeyValuePair<string, JsonValue> Current => _object._properties[_index];

            object IEnumerator.Current => Current;

            public bool MoveNext() => ++_index < _object._count;

            public void Reset() => _index = -1;

            public void Dispose() { }
        }

        internal override bool DeepEquals(JsonValue? other, int depth)
        {
            CheckDepth(depth);
            if (other is not JsonObject o || o._count != _count) return false;
            for (var i = 0; i < _count; i++)
            {
                var a = _properties[i];
                var b = o._properties[i];
                if (!string.Equals(a.Key, b.Key, StringComparison.Ordinal) || !a.Value.DeepEquals(b.Value, depth + 1)) return false;
            }
            return true;
        }

        internal override JsonValue Clone(int depth)
        {
            CheckDepth(depth);
            var copy = new JsonObject(_count);
            for (var i = 0; i < _count; i++) copy.Set(_properties[i].Key, _properties[i].Value.Clone(depth + 1));
            return copy;
        }
    }
}
