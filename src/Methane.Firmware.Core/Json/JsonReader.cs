namespace Methane.Firmware.Core.Json
{
    /// <summary>
    /// Strict RFC 8259 pull reader over a UTF-8 byte range. Allocates only in its constructor (the container stack); reading,
    /// comparing and copying tokens allocate nothing. Bad input never throws: <see cref="Read"/> returns false with
    /// <see cref="TokenType"/> = Error, and <see cref="Error"/>/<see cref="ErrorPosition"/> say why and where.
    /// Deliberately stricter than the RFC in one point: a \u escape that is a lone surrogate is an error (it has no UTF-8 form).
    /// </summary>
    public sealed class JsonReader
    {
        private const int ExpectValue = 0;
        private const int ExpectValueOrArrayEnd = 1;
        private const int ExpectNameOrObjectEnd = 2;
        private const int ExpectName = 3;
        private const int ExpectCommaOrEnd = 4;
        private const int ExpectEndOfDocument = 5;
        private const int Finished = 6;

        private const byte ObjectMark = 1;
        private const byte ArrayMark = 2;

        // Exactly representable powers of ten (10^22 is the largest double that is exact).
        private static readonly double[] Pow10 =
        {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        };

        private readonly byte[] _stack;
        private byte[] _buf;
        private int _pos;
        private int _end;
        private int _depth;
        private int _state;

        private JsonTokenType _type;
        private int _tokenStart;
        private int _tokenLength;
        private bool _tokenHasEscapes;
        private bool _numberIsInteger;
        private JsonError _error;
        private int _errorPosition;

        public JsonReader(int maxDepth)
        {
            if (maxDepth < 1) maxDepth = 1;
            _stack = new byte[maxDepth];
            _buf = new byte[0];
        }

        public int MaxDepth { get { return _stack.Length; } }

        public JsonTokenType TokenType { get { return _type; } }

        /// <summary>Current container depth: 1 inside the top-level object, 0 at top level.</summary>
        public int Depth { get { return _depth; } }

        public JsonError Error { get { return _error; } }

        /// <summary>Absolute index into the buffer where the error was detected; -1 when there is none.</summary>
        public int ErrorPosition { get { return _errorPosition; } }

        /// <summary>Start of the raw token bytes in the buffer (for strings and names: after the opening quote, escapes unresolved).</summary>
        public int TokenStart { get { return _tokenStart; } }

        public int TokenLength { get { return _tokenLength; } }

        /// <summary>True when the current number token has no fraction or exponent.</summary>
        public bool NumberIsInteger { get { return _numberIsInteger; } }

        public void Reset(byte[] buffer, int offset, int count)
        {
            _buf = buffer;
            _pos = offset;
            _end = offset + count;
            _depth = 0;
            _state = ExpectValue;
            _type = JsonTokenType.None;
            _tokenStart = offset;
            _tokenLength = 0;
            _tokenHasEscapes = false;
            _numberIsInteger = false;
            _error = JsonError.None;
            _errorPosition = -1;
        }

        /// <summary>Advances to the next token. False at the end of the document or on an error (check <see cref="TokenType"/>).</summary>
        public bool Read()
        {
            if (_state == Finished) return false;
            SkipWhitespace();
            if (_pos >= _end)
            {
                if (_state == ExpectEndOfDocument)
                {
                    _type = JsonTokenType.EndOfDocument;
                    _state = Finished;
                    return false;
                }
                return Fail(JsonError.UnexpectedEnd, _pos);
            }

            byte c = _buf[_pos];
            switch (_state)
            {
                case ExpectEndOfDocument:
                    return Fail(JsonError.TrailingData, _pos);

                case ExpectCommaOrEnd:
                    if (c == (byte)',')
                    {
                        _pos++;
                        SkipWhitespace();
                        if (_pos >= _end) return Fail(JsonError.UnexpectedEnd, _pos);
                        c = _buf[_pos];
                        if (_stack[_depth - 1] == ObjectMark)
                        {
                            if (c != (byte)'"') return Fail(JsonError.UnexpectedCharacter, _pos);
                            return ReadPropertyName();
                        }
                        return ReadValue(c);
                    }
                    if (c == (byte)'}' && _stack[_depth - 1] == ObjectMark) return EndContainer(JsonTokenType.EndObject);
                    if (c == (byte)']' && _stack[_depth - 1] == ArrayMark) return EndContainer(JsonTokenType.EndArray);
                    return Fail(JsonError.UnexpectedCharacter, _pos);

                case ExpectNameOrObjectEnd:
                    if (c == (byte)'}') return EndContainer(JsonTokenType.EndObject);
                    if (c == (byte)'"') return ReadPropertyName();
                    return Fail(JsonError.UnexpectedCharacter, _pos);

                case ExpectValueOrArrayEnd:
                    if (c == (byte)']') return EndContainer(JsonTokenType.EndArray);
                    return ReadValue(c);

                default:
                    return ReadValue(c);
            }
        }

        /// <summary>
        /// Skips the current value. On a property name it skips the name's value; on StartObject/StartArray it skips to the
        /// matching end; on a scalar or an end token it does nothing. False if an error was found while skipping.
        /// </summary>
        public bool Skip()
        {
            if (_type == JsonTokenType.Error) return false;
            if (_type == JsonTokenType.PropertyName)
            {
                if (!Read()) return false;
            }
            if (_type != JsonTokenType.StartObject && _type != JsonTokenType.StartArray) return true;
            int target = _depth - 1;
            while (Read())
            {
                if (_depth == target && (_type == JsonTokenType.EndObject || _type == JsonTokenType.EndArray)) return true;
            }
            return false;
        }

        /// <summary>Compares the current string or property name (escapes resolved) with <paramref name="text"/>, ordinally.</summary>
        public bool ValueEquals(string text)
        {
            if (_type != JsonTokenType.String && _type != JsonTokenType.PropertyName) return false;
            if (!_tokenHasEscapes && _tokenLength != text.Length)
            {
                // Without escapes the byte length equals the char count only for ASCII; a quick reject for the common case.
                bool ascii = true;
                for (int i = 0; i < text.Length; i++) { if (text[i] > 0x7F) { ascii = false; break; } }
                if (ascii) return false;
            }
            int p = _tokenStart;
            int end = _tokenStart + _tokenLength;
            int i2 = 0;
            while (p < end)
            {
                int cp = NextCodePoint(ref p);
                if (i2 >= text.Length) return false;
                int tc = text[i2++];
                if (tc >= 0xD800 && tc <= 0xDBFF && i2 < text.Length)
                {
                    int lo = text[i2];
                    if (lo >= 0xDC00 && lo <= 0xDFFF)
                    {
                        i2++;
                        tc = 0x10000 + ((tc - 0xD800) << 10) + (lo - 0xDC00);
                    }
                }
                if (cp != tc) return false;
            }
            return i2 == text.Length;
        }

        /// <summary>Compares the current string or property name (escapes resolved) with UTF-8 bytes.</summary>
        public bool ValueEquals(byte[] utf8, int offset, int count)
        {
            if (_type != JsonTokenType.String && _type != JsonTokenType.PropertyName) return false;
            if (!_tokenHasEscapes)
            {
                if (_tokenLength != count) return false;
                for (int i = 0; i < count; i++) { if (_buf[_tokenStart + i] != utf8[offset + i]) return false; }
                return true;
            }
            int p = _tokenStart;
            int end = _tokenStart + _tokenLength;
            int q = offset;
            int qEnd = offset + count;
            while (p < end)
            {
                int cp = NextCodePoint(ref p);
                int b0, b1, b2, b3;
                int n = EncodeUtf8(cp, out b0, out b1, out b2, out b3);
                if (qEnd - q < n) return false;
                if (utf8[q] != b0) return false;
                if (n > 1 && utf8[q + 1] != b1) return false;
                if (n > 2 && utf8[q + 2] != b2) return false;
                if (n > 3 && utf8[q + 3] != b3) return false;
                q += n;
            }
            return q == qEnd;
        }

        /// <summary>
        /// Copies the current string or property name as UTF-8 (escapes resolved) into <paramref name="dest"/>.
        /// Returns the number of bytes written, or -1 if it is not a string token or does not fit in <paramref name="capacity"/>.
        /// </summary>
        public int CopyString(byte[] dest, int offset, int capacity)
        {
            if (_type != JsonTokenType.String && _type != JsonTokenType.PropertyName) return -1;
            int p = _tokenStart;
            int end = _tokenStart + _tokenLength;
            int q = offset;
            int qEnd = offset + capacity;
            if (!_tokenHasEscapes)
            {
                if (_tokenLength > capacity) return -1;
                for (int i = 0; i < _tokenLength; i++) dest[offset + i] = _buf[_tokenStart + i];
                return _tokenLength;
            }
            while (p < end)
            {
                int cp = NextCodePoint(ref p);
                int b0, b1, b2, b3;
                int n = EncodeUtf8(cp, out b0, out b1, out b2, out b3);
                if (qEnd - q < n) return -1;
                dest[q] = (byte)b0;
                if (n > 1) dest[q + 1] = (byte)b1;
                if (n > 2) dest[q + 2] = (byte)b2;
                if (n > 3) dest[q + 3] = (byte)b3;
                q += n;
            }
            return q - offset;
        }

        /// <summary>The current number as a 64-bit integer. False if it has a fraction/exponent or does not fit.</summary>
        public bool TryGetInt64(out long value)
        {
            value = 0;
            if (_type != JsonTokenType.Number || !_numberIsInteger) return false;
            int p = _tokenStart;
            int end = _tokenStart + _tokenLength;
            bool negative = _buf[p] == (byte)'-';
            if (negative) p++;
            // Accumulate negatively so long.MinValue fits.
            long acc = 0;
            const long limit = long.MinValue / 10;
            for (; p < end; p++)
            {
                int d = _buf[p] - '0';
                if (acc < limit) return false;
                acc *= 10;
                if (acc < long.MinValue + d) return false;
                acc -= d;
            }
            if (!negative)
            {
                if (acc == long.MinValue) return false;
                acc = -acc;
            }
            value = acc;
            return true;
        }

        /// <summary>
        /// The current number as a double. Exact (correctly rounded) when the significant digits fit in 2^53 and the decimal
        /// exponent is within ±22; otherwise within a few ulps. False when the magnitude overflows a double.
        /// </summary>
        public bool TryGetDouble(out double value)
        {
            value = 0;
            if (_type != JsonTokenType.Number) return false;
            int p = _tokenStart;
            int end = _tokenStart + _tokenLength;
            bool negative = _buf[p] == (byte)'-';
            if (negative) p++;

            long mantissa = 0;
            int digits = 0;
            int exp10 = 0;
            bool nonZeroSeen = false;
            bool afterPoint = false;
            for (; p < end; p++)
            {
                byte c = _buf[p];
                if (c == (byte)'.') { afterPoint = true; continue; }
                if (c == (byte)'e' || c == (byte)'E') break;
                int d = c - '0';
                if (d != 0) nonZeroSeen = true;
                if (!nonZeroSeen)
                {
                    if (afterPoint) exp10--;
                    continue;
                }
                if (digits < 18)
                {
                    mantissa = mantissa * 10 + d;
                    digits++;
                    if (afterPoint) exp10--;
                }
                else if (!afterPoint)
                {
                    exp10++;
                }
            }
            if (p < end)
            {
                p++; // 'e'
                bool expNegative = false;
                if (_buf[p] == (byte)'-') { expNegative = true; p++; }
                else if (_buf[p] == (byte)'+') { p++; }
                int e = 0;
                for (; p < end; p++)
                {
                    if (e < 100000) e = e * 10 + (_buf[p] - '0');
                }
                exp10 += expNegative ? -e : e;
            }

            double result;
            if (mantissa == 0)
            {
                result = 0.0;
            }
            else
            {
                result = mantissa;
                if (exp10 > 0)
                {
                    if (exp10 > 330) return false;
                    while (exp10 > 22) { result *= 1e22; exp10 -= 22; }
                    result *= Pow10[exp10];
                    if (result > double.MaxValue) return false;
                }
                else if (exp10 < 0)
                {
                    int e = -exp10;
                    if (e > 400) { result = 0.0; }
                    else
                    {
                        // Divide in steps; keep the last division exact-operand so common cases round correctly.
                        while (e > 22) { result /= 1e22; e -= 22; }
                        result /= Pow10[e];
                    }
                }
            }
            value = negative ? -result : result;
            return true;
        }

        private bool ReadValue(byte c)
        {
            switch (c)
            {
                case (byte)'{':
                    return StartContainer(ObjectMark, JsonTokenType.StartObject, ExpectNameOrObjectEnd);
                case (byte)'[':
                    return StartContainer(ArrayMark, JsonTokenType.StartArray, ExpectValueOrArrayEnd);
                case (byte)'"':
                    if (!ScanString()) return false;
                    _type = JsonTokenType.String;
                    AfterValue();
                    return true;
                case (byte)'t':
                    return ReadLiteral("true", JsonTokenType.True);
                case (byte)'f':
                    return ReadLiteral("false", JsonTokenType.False);
                case (byte)'n':
                    return ReadLiteral("null", JsonTokenType.Null);
                default:
                    if (c == (byte)'-' || (c >= (byte)'0' && c <= (byte)'9')) return ReadNumber();
                    return Fail(JsonError.UnexpectedCharacter, _pos);
            }
        }

        private bool StartContainer(byte mark, JsonTokenType type, int nextState)
        {
            if (_depth >= _stack.Length) return Fail(JsonError.DepthExceeded, _pos);
            _stack[_depth++] = mark;
            _tokenStart = _pos;
            _tokenLength = 1;
            _pos++;
            _type = type;
            _state = nextState;
            return true;
        }

        private bool EndContainer(JsonTokenType type)
        {
            _depth--;
            _tokenStart = _pos;
            _tokenLength = 1;
            _pos++;
            _type = type;
            AfterValue();
            return true;
        }

        private void AfterValue()
        {
            _state = _depth == 0 ? ExpectEndOfDocument : ExpectCommaOrEnd;
        }

        private bool ReadPropertyName()
        {
            if (!ScanString()) return false;
            SkipWhitespace();
            if (_pos >= _end) return Fail(JsonError.UnexpectedEnd, _pos);
            if (_buf[_pos] != (byte)':') return Fail(JsonError.UnexpectedCharacter, _pos);
            _pos++;
            _type = JsonTokenType.PropertyName;
            _state = ExpectValue;
            return true;
        }

        private bool ReadLiteral(string literal, JsonTokenType type)
        {
            int n = literal.Length;
            for (int i = 0; i < n; i++)
            {
                if (_pos + i >= _end) return Fail(JsonError.UnexpectedEnd, _pos + i);
                if (_buf[_pos + i] != (byte)literal[i]) return Fail(JsonError.InvalidLiteral, _pos + i);
            }
            _tokenStart = _pos;
            _tokenLength = n;
            _pos += n;
            _type = type;
            AfterValue();
            return true;
        }

        private bool ReadNumber()
        {
            int start = _pos;
            int p = _pos;
            bool integer = true;
            if (_buf[p] == (byte)'-')
            {
                p++;
                if (p >= _end) return Fail(JsonError.UnexpectedEnd, p);
            }
            byte c = _buf[p];
            if (c == (byte)'0')
            {
                p++;
            }
            else if (c >= (byte)'1' && c <= (byte)'9')
            {
                p++;
                while (p < _end && IsDigit(_buf[p])) p++;
            }
            else
            {
                return Fail(JsonError.InvalidNumber, p);
            }
            if (p < _end && _buf[p] == (byte)'.')
            {
                integer = false;
                p++;
                if (p >= _end) return Fail(JsonError.UnexpectedEnd, p);
                if (!IsDigit(_buf[p])) return Fail(JsonError.InvalidNumber, p);
                while (p < _end && IsDigit(_buf[p])) p++;
            }
            if (p < _end && (_buf[p] == (byte)'e' || _buf[p] == (byte)'E'))
            {
                integer = false;
                p++;
                if (p < _end && (_buf[p] == (byte)'+' || _buf[p] == (byte)'-')) p++;
                if (p >= _end) return Fail(JsonError.UnexpectedEnd, p);
                if (!IsDigit(_buf[p])) return Fail(JsonError.InvalidNumber, p);
                while (p < _end && IsDigit(_buf[p])) p++;
            }
            // A number must be followed by a delimiter; "01" or "1x" are errors here, not two tokens.
            if (p < _end)
            {
                byte d = _buf[p];
                if (d != (byte)',' && d != (byte)'}' && d != (byte)']' && !IsWhitespace(d))
                {
                    return Fail(IsDigit(d) || d == (byte)'.' || d == (byte)'e' || d == (byte)'E' || d == (byte)'+' || d == (byte)'-'
                        ? JsonError.InvalidNumber : JsonError.UnexpectedCharacter, p);
                }
            }
            _tokenStart = start;
            _tokenLength = p - start;
            _numberIsInteger = integer;
            _pos = p;
            _type = JsonTokenType.Number;
            AfterValue();
            return true;
        }

        /// <summary>Validates a string starting at the opening quote; sets the token to its raw content.</summary>
        private bool ScanString()
        {
            int p = _pos + 1;
            bool escapes = false;
            while (true)
            {
                if (p >= _end) return Fail(JsonError.UnexpectedEnd, p);
                byte c = _buf[p];
                if (c == (byte)'"') break;
                if (c == (byte)'\\')
                {
                    escapes = true;
                    p++;
                    if (p >= _end) return Fail(JsonError.UnexpectedEnd, p);
                    byte e = _buf[p];
                    if (e == (byte)'u')
                    {
                        int cp = ParseHex4(p + 1);
                        if (cp == -2) return Fail(JsonError.UnexpectedEnd, _end);
                        if (cp < 0) return Fail(JsonError.InvalidEscape, p);
                        p += 5;
                        if (cp >= 0xDC00 && cp <= 0xDFFF) return Fail(JsonError.InvalidEscape, p - 6);
                        if (cp >= 0xD800 && cp <= 0xDBFF)
                        {
                            if (p >= _end) return Fail(JsonError.UnexpectedEnd, p);
                            if (_buf[p] != (byte)'\\') return Fail(JsonError.InvalidEscape, p);
                            if (p + 1 >= _end) return Fail(JsonError.UnexpectedEnd, p + 1);
                            if (_buf[p + 1] != (byte)'u') return Fail(JsonError.InvalidEscape, p);
                            int lo = ParseHex4(p + 2);
                            if (lo == -2) return Fail(JsonError.UnexpectedEnd, _end);
                            if (lo < 0xDC00 || lo > 0xDFFF) return Fail(JsonError.InvalidEscape, p);
                            p += 6;
                        }
                        continue;
                    }
                    if (e == (byte)'"' || e == (byte)'\\' || e == (byte)'/' || e == (byte)'b' || e == (byte)'f'
                        || e == (byte)'n' || e == (byte)'r' || e == (byte)'t')
                    {
                        p++;
                        continue;
                    }
                    return Fail(JsonError.InvalidEscape, p);
                }
                if (c < 0x20) return Fail(JsonError.ControlCharacterInString, p);
                if (c < 0x80) { p++; continue; }
                int n = Utf8SequenceLength(p);
                if (n < 0) return Fail(n == -2 ? JsonError.UnexpectedEnd : JsonError.InvalidUtf8, p);
                p += n;
            }
            _tokenStart = _pos + 1;
            _tokenLength = p - _pos - 1;
            _tokenHasEscapes = escapes;
            _pos = p + 1;
            return true;
        }

        /// <summary>Length of a well-formed UTF-8 sequence at p (lead byte ≥ 0x80), -1 if malformed, -2 if truncated by the end.</summary>
        private int Utf8SequenceLength(int p)
        {
            byte c = _buf[p];
            int n;
            int lo = 0x80, hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) n = 2;
            else if (c == 0xE0) { n = 3; lo = 0xA0; }
            else if (c >= 0xE1 && c <= 0xEC) n = 3;
            else if (c == 0xED) { n = 3; hi = 0x9F; }
            else if (c >= 0xEE && c <= 0xEF) n = 3;
            else if (c == 0xF0) { n = 4; lo = 0x90; }
            else if (c >= 0xF1 && c <= 0xF3) n = 4;
            else if (c == 0xF4) { n = 4; hi = 0x8F; }
            else return -1;
            for (int i = 1; i < n; i++)
            {
                if (p + i >= _end) return -2;
                byte b = _buf[p + i];
                if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return -1;
            }
            return n;
        }

        /// <summary>Value of 4 hex digits at p; -1 if not hex, -2 if the input ends first.</summary>
        private int ParseHex4(int p)
        {
            if (p + 4 > _end) return -2;
            int v = 0;
            for (int i = 0; i < 4; i++)
            {
                int h = HexValue(_buf[p + i]);
                if (h < 0) return -1;
                v = (v << 4) | h;
            }
            return v;
        }

        private static int HexValue(byte c)
        {
            if (c >= (byte)'0' && c <= (byte)'9') return c - '0';
            if (c >= (byte)'a' && c <= (byte)'f') return c - 'a' + 10;
            if (c >= (byte)'A' && c <= (byte)'F') return c - 'A' + 10;
            return -1;
        }

        /// <summary>Decodes one code point of an already validated string token at p and advances p.</summary>
        private int NextCodePoint(ref int p)
        {
            byte c = _buf[p];
            if (c == (byte)'\\')
            {
                byte e = _buf[p + 1];
                p += 2;
                switch (e)
                {
                    case (byte)'b': return 0x08;
                    case (byte)'f': return 0x0C;
                    case (byte)'n': return 0x0A;
                    case (byte)'r': return 0x0D;
                    case (byte)'t': return 0x09;
                    case (byte)'u':
                        int cp = ParseHex4(p);
                        p += 4;
                        if (cp >= 0xD800 && cp <= 0xDBFF)
                        {
                            int lo = ParseHex4(p + 2);
                            p += 6;
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        }
                        return cp;
                    default: return e; // " \ /
                }
            }
            if (c < 0x80) { p++; return c; }
            if (c < 0xE0)
            {
                int v2 = ((c & 0x1F) << 6) | (_buf[p + 1] & 0x3F);
                p += 2;
                return v2;
            }
            if (c < 0xF0)
            {
                int v3 = ((c & 0x0F) << 12) | ((_buf[p + 1] & 0x3F) << 6) | (_buf[p + 2] & 0x3F);
                p += 3;
                return v3;
            }
            int v4 = ((c & 0x07) << 18) | ((_buf[p + 1] & 0x3F) << 12) | ((_buf[p + 2] & 0x3F) << 6) | (_buf[p + 3] & 0x3F);
            p += 4;
            return v4;
        }

        private static int EncodeUtf8(int cp, out int b0, out int b1, out int b2, out int b3)
        {
            b1 = 0; b2 = 0; b3 = 0;
            if (cp < 0x80) { b0 = cp; return 1; }
            if (cp < 0x800)
            {
                b0 = 0xC0 | (cp >> 6); b1 = 0x80 | (cp & 0x3F);
                return 2;
            }
            if (cp < 0x10000)
            {
                b0 = 0xE0 | (cp >> 12); b1 = 0x80 | ((cp >> 6) & 0x3F); b2 = 0x80 | (cp & 0x3F);
                return 3;
            }
            b0 = 0xF0 | (cp >> 18); b1 = 0x80 | ((cp >> 12) & 0x3F); b2 = 0x80 | ((cp >> 6) & 0x3F); b3 = 0x80 | (cp & 0x3F);
            return 4;
        }

        private void SkipWhitespace()
        {
            while (_pos < _end && IsWhitespace(_buf[_pos])) _pos++;
        }

        private static bool IsWhitespace(byte c)
        {
            return c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D;
        }

        private static bool IsDigit(byte c)
        {
            return c >= (byte)'0' && c <= (byte)'9';
        }

        private bool Fail(JsonError error, int position)
        {
            _error = error;
            _errorPosition = position;
            _type = JsonTokenType.Error;
            _state = Finished;
            return false;
        }
    }
}
