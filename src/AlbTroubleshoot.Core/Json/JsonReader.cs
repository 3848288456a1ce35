using System.Globalization;
using System.Text;

namespace AlbTroubleshoot.Json
{
    /// <summary>
    /// A strict RFC 8259 reader. Recursive descent with a depth limit so that hostile input gives a
    /// JsonException rather than a stack overflow; positions are tracked for every error.
    /// </summary>
    internal sealed class JsonReader
    {
        /// <summary>Far deeper than any AWS response, far shallower than the thread's stack.</summary>
        internal const int MaxDepth = 512;

        private readonly string _text;
        private readonly string? _source;
        private int _pos;
        private int _line = 1;
        private int _lineStart;

        private JsonReader(string text, string? source)
        {
            _text = text;
            _source = source;
        }

        public static JsonValue Parse(string text, string? sourceName)
        {
            if (text is null) throw new System.ArgumentNullException(nameof(text));
            var reader = new JsonReader(text, sourceName);
            if (text.Length > 0 && text[0] == '\uFEFF') reader._pos = 1; // a UTF-8 BOM decoded as text
            reader.SkipWhitespace();
            if (reader._pos >= text.Length) throw reader.Error("The text is empty; expected a JSON value");
            var value = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (reader._pos < text.Length) throw reader.Error("Unexpected " + reader.Describe(reader._pos) + " after the end of the JSON value");
            return value;
        }

        internal static bool IsNumberText(string text)
        {
            var reader = new JsonReader(text, null);
            try
            {
                reader.ReadNumber();
                return reader._pos == text.Length;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private JsonValue ReadValue(int depth)
        {
            if (depth >= MaxDepth) throw Error("Nesting deeper than " + MaxDepth + " levels");
            SkipWhitespace();
            if (_pos >= _text.Length) throw Error("Unexpected end of text; expected a value");
            var c = _text[_pos];
            switch (c)
            {
                case '{': return ReadObject(depth);
                case '[': return ReadArray(depth);
                case '"': return new JsonString(ReadString());
                case 't': ReadLiteral("true"); return JsonBoolean.True;
                case 'f': ReadLiteral("false"); return JsonBoolean.False;
                case 'n': ReadLiteral("null"); return JsonValue.Null;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return ReadNumber();
                    throw Error("Unexpected " + Describe(_pos) + "; expected a value");
            }
        }

        private JsonObject ReadObject(int depth)
        {
            var obj = new JsonObject();
            _pos++; // {
            SkipWhitespace();
            if (Peek() == '}')
            {
                _pos++;
                return obj;
            }
            while (true)
            {
                SkipWhitespace();
                if (Peek() != '"') throw Error("Unexpected " + Describe(_pos) + "; expected a property name in double quotes");
                var name = ReadString();
                SkipWhitespace();
                if (Peek() != ':') throw Error("Unexpected " + Describe(_pos) + "; expected ':' after property name \"" + name + "\"");
                _pos++;
                obj.Set(name, ReadValue(depth + 1)); // a repeated name: the last value wins, as in most readers
                SkipWhitespace();
                var c = Peek();
                _pos++;
                if (c == ',') continue;
                if (c == '}') return obj;
                _pos--;
                throw Error("Unexpected " + Describe(_pos) + "; expected ',' or '}' in an object");
            }
        }

        private JsonArray ReadArray(int depth)
        {
            var array = new JsonArray();
            _pos++; // [
            SkipWhitespace();
            if (Peek() == ']')
            {
                _pos++;
                return array;
            }
            while (true)
            {
                array.Add(ReadValue(depth + 1));
                SkipWhitespace();
                var c = Peek();
                _pos++;
                if (c == ',') continue;
                if (c == ']') return array;
                _pos--;
                throw Error("Unexpected " + Describe(_pos) + "; expected ',' or ']' in an array");
            }
        }

        private string ReadString()
        {
            var start = _pos;
            _pos++; // opening quote
            StringBuilder? sb = null;
            var runStart = _pos;
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    _pos = start;
                    throw Error("Unterminated string");
                }
                var c = _text[_pos];
                if (c == '"')
                {
                    string result;
                    if (sb is null) result = _text.Substring(runStart, _pos - runStart);
                    else result = sb.Append(_text, runStart, _pos - runStart).ToString();
                    _pos++;
                    return result;
                }
                if (c < ' ') throw Error("Control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + " in a string; it must be escaped");
                if (c != '\\')
                {
                    _pos++;
                    continue;
                }
                sb ??= new StringBuilder();
                sb.Append(_text, runStart, _pos - runStart);
                _pos++;
                if (_pos >= _text.Length) throw Error("Unterminated escape sequence");
                var e = _text[_pos];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        sb.Append(ReadHex4());
                        _pos += 4;
                        break;
                    default:
                        _pos--;
                        throw Error("Invalid escape sequence '\\" + e + "'");
                }
                _pos++;
                runStart = _pos;
            }
        }

        private char ReadHex4()
        {
            var value = 0;
            for (var i = 1; i <= 4; i++)
            {
                var at = _pos + i;
                if (at >= _text.Length) throw Error("Incomplete \\u escape");
                var h = _text[at];
                int digit;
                if (h >= '0' && h <= '9') digit = h - '0';
                else if (h >= 'a' && h <= 'f') digit = h - 'a' + 10;
                else if (h >= 'A' && h <= 'F') digit = h - 'A' + 10;
                else
                {
                    _pos = at;
                    throw Error("Invalid hexadecimal digit " + Describe(at) + " in a \\u escape");
                }
                value = (value * 16) + digit;
            }
            // Surrogate pairs arrive as two escapes; each half is appended as is and the pair
            // forms the character again in the .NET string.
            return (char)value;
        }

        private JsonNumber ReadNumber()
        {
            var start = _pos;
            if (Peek() == '-') _pos++;
            if (Peek() == '0') _pos++;
            else if (IsDigit(Peek())) SkipDigits();
            else throw Error("Invalid number: expected a digit");
            if (Peek() == '.')
            {
                _pos++;
                if (!IsDigit(Peek())) throw Error("Invalid number: expected a digit after the decimal point");
                SkipDigits();
            }
            if (Peek() == 'e' || Peek() == 'E')
            {
                _pos++;
                if (Peek() == '+' || Peek() == '-') _pos++;
                if (!IsDigit(Peek())) throw Error("Invalid number: expected a digit in the exponent");
                SkipDigits();
            }
            if (IsDigit(Peek())) throw Error("Invalid number: leading zeros are not allowed");
            return new JsonNumber(_text.Substring(start, _pos - start));
        }

        private void ReadLiteral(string literal)
        {
            if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0)
                throw Error("Unexpected " + Describe(_pos) + "; expected a value");
            _pos += literal.Length;
            if (_pos < _text.Length && char.IsLetterOrDigit(_text[_pos]))
                throw Error("Unexpected " + Describe(_pos) + " after '" + literal + "'");
        }

        private void SkipDigits()
        {
            while (IsDigit(Peek())) _pos++;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                var c = _text[_pos];
                if (c == '\n')
                {
                    _line++;
                    _lineStart = _pos + 1;
                }
                else if (c != ' ' && c != '\t' && c != '\r') return;
                _pos++;
            }
        }

        private string Describe(int at)
        {
            if (at >= _text.Length) return "end of text";
            var c = _text[at];
            return c < ' ' ? "character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : "'" + c + "'";
        }

        private JsonException Error(string reason)
        {
            // Strings may span no lines (raw newlines are rejected), so only whitespace moves _line;
            // the column is counted from the last newline seen.
            var column = _pos - _lineStart + 1;
            return new JsonException(reason, _line, column, _source);
        }
    }
}
