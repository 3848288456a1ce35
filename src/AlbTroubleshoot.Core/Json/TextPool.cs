using System;

namespace AlbTroubleshoot.Json
{
    /// <summary>
    /// One value per distinct text, for the duration of one parse. AWS output repeats itself: the
    /// same property names in every object, the same VPC, subnet and security-group IDs, states and
    /// port numbers in thousands of places. A snapshot read through a pool holds each once.
    /// Bounded work whatever the input: only short texts are pooled, the table stops growing at a
    /// cap, the hash is seeded per process, and a lookup probes a few slots at most, so colliding
    /// texts (crafted or not) just go unpooled instead of making the parse quadratic.
    /// </summary>
    internal sealed class TextPool<T> where T : class
    {
        private const int MaxLength = 256;
        private const int MaxProbes = 8;
        private const int MaxSlots = 1 << 22;
        private static readonly uint Seed = (uint)Guid.NewGuid().GetHashCode();

        private readonly Func<string, T> _create;
        private string?[] _keys = Array.Empty<string?>();
        private T?[] _values = Array.Empty<T?>();
        private int _count;

        public TextPool(Func<string, T> create) => _create = create;

        /// <summary>The value for the text <paramref name="chars"/>[0..<paramref name="length"/>), created on first sight.</summary>
        public T Get(char[] chars, int length)
        {
            if (length > MaxLength) return _create(new string(chars, 0, length));
            if (_count * 2 >= _keys.Length && _keys.Length < MaxSlots) Grow();
            var hash = Hash(chars, length);
            var mask = _keys.Length - 1;
            for (var probe = 0; probe < MaxProbes; probe++)
            {
                var slot = (int)((hash + (uint)probe) & (uint)mask);
                var key = _keys[slot];
                if (key is null)
                {
                    var text = new string(chars, 0, length);
                    var value = _create(text);
                    if (_count * 2 < _keys.Length)
                    {
                        _keys[slot] = text;
                        _values[slot] = value;
                        _count++;
                    }
                    return value;
                }
                if (Same(key, chars, length)) return _values[slot]!;
            }
            return _create(new string(chars, 0, length));
        }

        private void Grow()
        {
            var oldKeys = _keys;
            var oldValues = _values;
            var size = Math.Max(256, oldKeys.Length * 2);
            _keys = new string?[size];
            _values = new T?[size];
            _count = 0;
            for (var i = 0; i < oldKeys.Length; i++)
            {
                var key = oldKeys[i];
                if (key is null) continue;
                var hash = Hash(key);
                for (var probe = 0; probe < MaxProbes; probe++)
                {
                    var slot = (int)((hash + (uint)probe) & (uint)(size - 1));
                    if (_keys[slot] is not null) continue;
                    _keys[slot] = key;
                    _values[slot] = oldValues[i];
                    _count++;
                    break;
                }
            }
        }

        private static bool Same(string key, char[] chars, int length)
        {
            if (key.Length != length) return false;
            for (var i = 0; i < length; i++)
                if (key[i] != chars[i]) return false;
            return true;
        }

        // FNV-1a over the UTF-16 units, from a per-process seed.
        private static uint Hash(char[] chars, int length)
        {
            var h = Seed ^ 2166136261u;
            for (var i = 0; i < length; i++) h = (h ^ chars[i]) * 16777619u;
            return Mix(h);
        }

        private static uint Hash(string text)
        {
            var h = Seed ^ 2166136261u;
            for (var i = 0; i < text.Length; i++) h = (h ^ text[i]) * 16777619u;
            return Mix(h);
        }

        // FNV's low bits (the ones the mask keeps) are weak; fold the high bits in.
        private static uint Mix(uint h) => h ^ (h >> 15) ^ (h >> 24);
    }
}
