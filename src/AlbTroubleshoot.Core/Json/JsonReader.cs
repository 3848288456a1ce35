using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace AlbTroubleshoot.Json
{
    /// <summary>
    /// A strict RFC 8259 reader. Recursive descent with a depth limit so that hostile input gives a
    /// JsonException rather than a stack overflow; positions are tracked for every error.
    /// It reads from a small window of characters refilled from its source, so a file is never held
    /// whole as text, and it interns what AWS output repeats (property names, IDs, states, numbers)
    /// so that a large snapshot holds each distinct text once.
    /// </summary>
    internal sealed class JsonReader
    {
        /// <summary>
        /// How many arrays and objects may be open at once: far deeper than any AWS response, far
        /// shallower than the thread's stack. The same unit as System.Text.Json's MaxDepth.
        /// </summary>
        internal const int MaxDepth = 512;

        private const int WindowChars = 16 * 1024;

        private readonly CharSource _source;
        private readonly string? _sourceName;
        private readonly char[] _window;
        private int _pos;
        private int _end;
        private long _windowStart; // characters before _window[0]
        private int _line = 1;
        private long _lineStart;
        private char[] _scratch = new char[256];
        private readonly TextPool<string> _names = new TextPool<string>(s => s);
        private readonly TextPool<JsonString> _strings = new TextPool<JsonString>(s => new JsonString(s));
        private readonly TextPool<JsonNumber> _numbers = new TextPool<JsonNumber>(s => new JsonNumber(s));
        // Children of the containers being read, reused from container to container.
        private readonly List<KeyValuePair<string, JsonValue>> _properties = new List<KeyValuePair<string, JsonValue>>();
        private readonly List<JsonValue> _items = new List<JsonValue>();

        private JsonReader(CharSource source, string? sourceName, int windowChars = WindowChars)
        {
            _source = source;
            _sourceName = sourceName;
            _window = new char[windowChars];
        }

        public static JsonValue Parse(string text, string? sourceName)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            // A short text gets a window of its own size: JsonNumber.FromRaw reads one number per call.
            return new JsonReader(new StringSource(text), sourceName, Math.Min(WindowChars, text.Length + 1)).ReadDocument();
        }

        /// <summary>Reads UTF-8 JSON from a stream (a byte order mark is skipped); invalid UTF-8 is a JsonException.</summary>
        public static JsonValue Parse(Stream utf8, string? sourceName)
        {
            if (utf8 is null) throw new ArgumentNullException(nameof(utf8));
            return new JsonReader(new Utf8Source(utf8), sourceName).ReadDocument();
        }

        internal static bool IsNumberText(string text)
        {
            var reader = new JsonReader(new StringSource(text), null, Math.Min(WindowChars, text.Length + 1));
            try
            {
                reader.ReadNumber();
                return reader.AtEnd();
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private JsonValue ReadDocument()
        {
            if (Peek() == '\uFEFF') _pos++; // a byte order mark decoded as text
            SkipWhitespace();
            if (AtEnd()) throw Error("The text is empty; expected a JSON value");
            var value = ReadValue(0);
            SkipWhitespace();
            if (!AtEnd()) throw Error("Unexpected " + DescribeNext() + " after the end of the JSON value");
            return value;
        }

        /// <summary>Reads one value; <paramref name="depth"/> is how many containers are open around it.</summary>
        private JsonValue ReadValue(int depth)
        {
            SkipWhitespace();
            if (AtEnd()) throw Error("Unexpected end of text; expected a value");
            var c = _window[_pos];
            switch (c)
            {
                case '{': return ReadObject(depth + 1);
                case '[': return ReadArray(depth + 1);
                case '"':
                    var length = ReadString();
                    return _strings.Get(_scratch, length);
                case 't': ReadLiteral("true"); return JsonBoolean.True;
                case 'f': ReadLiteral("false"); return JsonBoolean.False;
                case 'n': ReadLiteral("null"); return JsonValue.Null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                    throw Error("Unexpected " + DescribeNext() + "; expected a value");
            }
        }

        private JsonObject ReadObject(int depth)
        {
            if (depth > MaxDepth) throw Error("Nesting deeper than " + MaxDepth + " levels");
            _pos++; // {
            var first = _properties.Count;
            SkipWhitespace();
            if (Peek() == '}')
            {
                _pos++;
                return new JsonObject(0);
            }
            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"') throw Error("Unexpected " + DescribeNext() + "; expected a property name in double quotes");
                var nameLength = ReadString();
                var name = _names.Get(_scratch, nameLength);
                SkipWhitespace();
                if (Peek() != ':') throw Error("Unexpected " + DescribeNext() + "; expected ':' after property name \"" + name + "\"");
                _pos++;
                _properties.Add(new KeyValuePair<string, JsonValue>(name, ReadValue(depth)));
                SkipWhitespace();
                var c = Peek();
                if (c == ',')
                {
                    _pos++;
                    continue;
                }
                if (c != '}') throw Error("Unexpected " + DescribeNext() + "; expected ',' or '}' in an object");
                _pos++;
                // Sized exactly: a large snapshot holds a million objects. A repeated name keeps its
                // first place and its last value (JsonObject.Set), as in most readers.
                var obj = new JsonObject(_properties.Count - first);
                for (var i = first; i < _properties.Count; i++) obj.Set(_properties[i].Key, _properties[i].Value);
                _properties.RemoveRange(first, _properties.Count - first);
                return obj;
            }
        }

        private JsonArray ReadArray(int depth)
        {
            if (depth > MaxDepth) throw Error("Nesting deeper than " + MaxDepth + " levels");
            _pos++; // [
            var first = _items.Count;
            SkipWhitespace();
            if (Peek() == ']')
            {
                _pos++;
                return new JsonArray(0);
            }
            while (true)
            {
                _items.Add(ReadValue(depth));
                SkipWhitespace();
                var c = Peek();
                if (c == ',')
                {
                    _pos++;
                    continue;
                }
                if (c != ']') throw Error("Unexpected " + DescribeNext() + "; expected ',' or ']' in an array");
                _pos++;
                var array = new JsonArray(_items.Count - first);
                for (var i = first; i < _items.Count; i++) array.Add(_items[i]);
                _items.RemoveRange(first, _items.Count - first);
                return array;
            }
        }

        /// <summary>Reads a string into <see cref="_scratch"/> and returns its length.</summary>
        private int ReadString()
        {
            var startLine = _line;
            var startColumn = Column();
            _pos++; // opening quote
            var length = 0;
            while (true)
            {
                if (_pos >= _end && !Fill()) throw Error("Unterminated string", startLine, startColumn);
                // The run up to the next quote, backslash or control character, copied at once.
                var run = _pos;
                while (run < _end)
                {
                    var r = _window[run];
                    if (r == '"' || r == '\\' || r < ' ') break;
                    run++;
                }
                Append(ref length, _window, _pos, run - _pos);
                _pos = run;
                if (_pos >= _end) continue;
                var c = _window[_pos];
                if (c == '"')
                {
                    _pos++;
                    return length;
                }
                if (c < ' ') throw Error("Control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + " in a string; it must be escaped");
                _pos++; // backslash
                if (_pos >= _end && !Fill()) throw Error("Unterminated escape sequence");
                var e = _window[_pos];
                char decoded;
                switch (e)
                {
                    case '"': decoded = '"'; break;
                    case '\\': decoded = '\\'; break;
                    case '/': decoded = '/'; break;
                    case 'b': decoded = '\b'; break;
                    case 'f': decoded = '\f'; break;
                    case 'n': decoded = '\n'; break;
                    case 'r': decoded = '\r'; break;
                    case 't': decoded = '\t'; break;
                    case 'u':
                        // Surrogate pairs arrive as two escapes; each half is kept as is and the pair
                        // forms the character again in the .NET string.
                        decoded = ReadHex4();
                        break;
                    default:
                        throw Error("Invalid escape sequence '\\" + e + "'", _line, Column() - 1);
                }
                _pos++;
                Append(ref length, decoded);
            }
        }

        private char ReadHex4()
        {
            var value = 0;
            for (var i = 1; i <= 4; i++)
            {
                _pos++;
                if (_pos >= _end && !Fill()) throw Error("Incomplete \\u escape");
                var h = _window[_pos];
                int digit;
                if (h >= '0' && h <= '9') digit = h - '0';
                else if (h >= 'a' && h <= 'f') digit = h - 'a' + 10;
                else if (h >= 'A' && h <= 'F') digit = h - 'A' + 10;
                else throw Error("Invalid hexadecimal digit " + DescribeNext() + " in a \\u escape");
                value = (value * 16) + digit;
            }
            return (char)value;
        }

        private JsonNumber ReadNumber()
        {
            var length = 0;
            if (Peek() == '-') Take(ref length);
            if (Peek() == '0') Take(ref length);
            else if (IsDigit(Peek())) TakeDigits(ref length);
            else throw Error("Invalid number: expected a digit");
            if (Peek() == '.')
            {
                Take(ref length);
                if (!IsDigit(Peek())) throw Error("Invalid number: expected a digit after the decimal point");
                TakeDigits(ref length);
            }
            if (Peek() == 'e' || Peek() == 'E')
            {
                Take(ref length);
                if (Peek() == '+' || Peek() == '-') Take(ref length);
                if (!IsDigit(Peek())) throw Error("Invalid number: expected a digit in the exponent");
                TakeDigits(ref length);
            }
            if (IsDigit(Peek())) throw Error("Invalid number: leading zeros are not allowed");
            return _numbers.Get(_scratch, length);
        }

        private void Take(ref int length)
        {
            Append(ref length, _window[_pos]);
            _pos++;
        }

        private void TakeDigits(ref int length)
        {
            while (IsDigit(Peek())) Take(ref length);
        }

        private void ReadLiteral(string literal)
        {
            var column = Column();
            for (var i = 0; i < literal.Length; i++)
            {
                // The error points at the literal's start, whose character the caller has seen.
                if (Peek() != literal[i] || AtEnd()) throw Error("Unexpected '" + literal[0] + "'; expected a value", _line, column);
                _pos++;
            }
            if (char.IsLetterOrDigit(Peek()))
                throw Error("Unexpected " + DescribeNext() + " after '" + literal + "'");
        }

        private void Append(ref int length, char c)
        {
            if (length == _scratch.Length) Array.Resize(ref _scratch, _scratch.Length * 2);
            _scratch[length++] = c;
        }

        private void Append(ref int length, char[] from, int start, int count)
        {
            if (count == 0) return;
            if (length + count > _scratch.Length) Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, length + count));
            Array.Copy(from, start, _scratch, length, count);
            length += count;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        /// <summary>The next character, or '\0' at the end (check <see cref="AtEnd"/> when '\0' matters).</summary>
        private char Peek() => _pos < _end || Fill() ? _window[_pos] : '\0';

        private bool AtEnd() => _pos >= _end && !Fill();

        /// <summary>Moves the window on when it is used up: nothing before the current position is read again.</summary>
        private bool Fill()
        {
            if (_pos < _end) return true;
            _windowStart += _end;
            _pos = 0;
            _end = _source.Read(_window, 0, _window.Length);
            if (_end > 0) return true;
            if (_source.Error is not null) throw Error(_source.Error);
            return false;
        }

        private void SkipWhitespace()
        {
            while (_pos < _end || Fill())
            {
                var c = _window[_pos];
                if (c == '\n')
                {
                    _line++;
                    _lineStart = _windowStart + _pos + 1;
                }
                else if (c != ' ' && c != '\t' && c != '\r') return;
                _pos++;
            }
        }

        private int Column() => (int)Math.Min(int.MaxValue, _windowStart + _pos - _lineStart + 1);

        private string DescribeNext()
        {
            if (AtEnd()) return "end of text";
            var c = _window[_pos];
            return c < ' ' ? "character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : "'" + c + "'";
        }

        // Strings may span no lines (raw newlines are rejected), so only whitespace moves _line;
        // the column is counted from the last newline seen.
        private JsonException Error(string reason) => Error(reason, _line, Column());

        private JsonException Error(string reason, int line, int column) => new JsonException(reason, line, column, _sourceName);

        /// <summary>Where the reader's characters come from, a window at a time.</summary>
        private abstract class CharSource
        {
            /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>; 0 at the end of the input.</summary>
            public abstract int Read(char[] buffer, int offset, int count);

            /// <summary>Why the input ended early (invalid UTF-8), or null.</summary>
            public string? Error { get; protected set; }
        }

        private sealed class StringSource : CharSource
        {
            private readonly string _text;
            private int _next;

            public StringSource(string text) => _text = text;

            public override int Read(char[] buffer, int offset, int count)
            {
                var n = Math.Min(count, _text.Length - _next);
                _text.CopyTo(_next, buffer, offset, n);
                _next += n;
                return n;
            }
        }

        /// <summary>
        /// UTF-8 bytes, validated here (RFC 3629: no overlong forms, no surrogates, nothing above
        /// U+10FFFF) so that the first invalid byte is an error at its exact line and column instead of
        /// a U+FFFD slipped into a value.
        /// </summary>
        private sealed class Utf8Source : CharSource
        {
            private readonly Stream _stream;
            private readonly byte[] _bytes = new byte[WindowChars];
            private int _start;
            private int _end;
            private bool _eof;

            public Utf8Source(Stream stream) => _stream = stream;

            public override int Read(char[] buffer, int offset, int count)
            {
                while (true)
                {
                    // UTF-8 never decodes to more UTF-16 characters than it has bytes.
                    var window = Math.Min(_end - _start, count);
                    var valid = ValidPrefix(_bytes, _start, _start + window);
                    if (valid > 0)
                    {
                        var n = System.Text.Encoding.UTF8.GetChars(_bytes, _start, valid, buffer, offset);
                        _start += valid;
                        return n;
                    }
                    if (_start < _end && (_eof || _end - _start >= 4))
                    {
                        // Not a sequence that more bytes could complete.
                        Error = "Invalid UTF-8: the bytes from 0x" + _bytes[_start].ToString("X2", CultureInfo.InvariantCulture) + " on are not a valid (or complete) UTF-8 sequence";
                        return 0;
                    }
                    if (_eof) return 0;
                    // Keep the incomplete tail and read more behind it.
                    Array.Copy(_bytes, _start, _bytes, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                    var read = _stream.Read(_bytes, _end, _bytes.Length - _end);
                    if (read <= 0) _eof = true;
                    else _end += read;
                }
            }

            /// <summary>
            /// How many bytes from <paramref name="from"/> form complete, valid sequences: stops before
            /// an invalid sequence and before one cut short by <paramref name="to"/>.
            /// </summary>
            private static int ValidPrefix(byte[] b, int from, int to)
            {
                var i = from;
                while (i < to)
                {
                    var lead = b[i];
                    if (lead < 0x80)
                    {
                        i++;
                        continue;
                    }
                    int length;
                    byte min = 0x80, max = 0xBF; // the allowed range of the second byte
                    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
                    else if (lead >= 0xE0 && lead <= 0xEF)
                    {
                        length = 3;
                        if (lead == 0xE0) min = 0xA0;       // overlong
                        else if (lead == 0xED) max = 0x9F;  // surrogates
                    }
                    else if (lead >= 0xF0 && lead <= 0xF4)
                    {
                        length = 4;
                        if (lead == 0xF0) min = 0x90;       // overlong
                        else if (lead == 0xF4) max = 0x8F;  // above U+10FFFF
                    }
                    else break;
                    if (i + length > to) break;
                    if (b[i + 1] < min || b[i + 1] > max) break;
                    var ok = true;
                    for (var k = 2; k < length; k++)
                        if (b[i + k] < 0x80 || b[i + k] > 0xBF) ok = false;
                    if (!ok) break;
                    i += length;
                }
                return i - from;
            }
        }
    }
}
