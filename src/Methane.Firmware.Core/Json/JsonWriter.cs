using Methane.Firmware.Core.Text;

namespace Methane.Firmware.Core.Json
{
    /// <summary>
    /// Minimal UTF-8 JSON writer over a caller-owned byte[] region. Allocates nothing after construction: strings are
    /// transcoded from UTF-16 by hand, numbers are formatted by <see cref="NumberFormatter"/>. Commas between members and
    /// elements are written automatically. It never throws on a full buffer and never writes past the region: the first
    /// token that does not fit sets <see cref="Overflow"/> and every later write is ignored. It does not check that the
    /// calls form a well-nested document (that is the caller's job; <see cref="Depth"/> helps).
    /// </summary>
    public sealed class JsonWriter
    {
        private static readonly byte[] NullLiteral = { (byte)'n', (byte)'u', (byte)'l', (byte)'l' };
        private static readonly byte[] TrueLiteral = { (byte)'t', (byte)'r', (byte)'u', (byte)'e' };
        private static readonly byte[] FalseLiteral = { (byte)'f', (byte)'a', (byte)'l', (byte)'s', (byte)'e' };

        private byte[] _buffer;
        private int _start;
        private int _position;
        private int _end;
        private int _depth;
        private bool _needsComma;
        private bool _overflow;

        public JsonWriter()
        {
            _buffer = new byte[0];
        }

        public JsonWriter(byte[] buffer)
        {
            Reset(buffer, 0, buffer.Length);
        }

        public JsonWriter(byte[] buffer, int offset, int capacity)
        {
            Reset(buffer, offset, capacity);
        }

        /// <summary>The buffer written into.</summary>
        public byte[] Buffer { get { return _buffer; } }

        /// <summary>Index in <see cref="Buffer"/> of the first byte written.</summary>
        public int Offset { get { return _start; } }

        /// <summary>Bytes written so far (from <see cref="Offset"/>).</summary>
        public int Length { get { return _position - _start; } }

        /// <summary>Size of the region the writer may use.</summary>
        public int Capacity { get { return _end - _start; } }

        /// <summary>True once a token did not fit; the output is then incomplete and must not be sent.</summary>
        public bool Overflow { get { return _overflow; } }

        /// <summary>Number of open objects and arrays.</summary>
        public int Depth { get { return _depth; } }

        /// <summary>Starts writing at <paramref name="offset"/> of <paramref name="buffer"/>, using at most <paramref name="capacity"/> bytes.</summary>
        public void Reset(byte[] buffer, int offset, int capacity)
        {
            if (buffer == null || offset < 0 || capacity < 0 || offset > buffer.Length || capacity > buffer.Length - offset)
            {
                throw new System.ArgumentOutOfRangeException("capacity");
            }
            _buffer = buffer;
            _start = offset;
            _end = offset + capacity;
            Reset();
        }

        /// <summary>Starts again at the beginning of the same region.</summary>
        public void Reset()
        {
            _position = _start;
            _depth = 0;
            _needsComma = false;
            _overflow = false;
        }

        /// <summary>Saves the current position so that a partly written value can be taken back with <see cref="Rewind"/>.</summary>
        public JsonWriterMark Mark()
        {
            JsonWriterMark mark = new JsonWriterMark();
            mark.Position = _position;
            mark.Depth = _depth;
            mark.NeedsComma = _needsComma;
            return mark;
        }

        /// <summary>Returns to a saved position and clears <see cref="Overflow"/>; bytes written since are discarded.</summary>
        public void Rewind(JsonWriterMark mark)
        {
            _position = mark.Position;
            _depth = mark.Depth;
            _needsComma = mark.NeedsComma;
            _overflow = false;
        }

        public void BeginObject()
        {
            if (ValuePrefix() && Put((byte)'{'))
            {
                _depth++;
                _needsComma = false;
            }
        }

        public void EndObject()
        {
            if (Put((byte)'}'))
            {
                _depth--;
                _needsComma = true;
            }
        }

        public void BeginArray()
        {
            if (ValuePrefix() && Put((byte)'['))
            {
                _depth++;
                _needsComma = false;
            }
        }

        public void EndArray()
        {
            if (Put((byte)']'))
            {
                _depth--;
                _needsComma = true;
            }
        }

        /// <summary>Writes <c>"name":</c>; the next value call completes the member.</summary>
        public void PropertyName(string name)
        {
            if (ValuePrefix() && PutString(name) && Put((byte)':'))
            {
                _needsComma = false;
            }
        }

        /// <summary>
        /// Writes <c>"name":</c> from the bytes <see cref="EncodeString"/> made of the name once at start-up: unlike
        /// <see cref="PropertyName(string)"/> with a literal, evaluating it allocates nothing on nanoCLR (there every string
        /// literal evaluated is a new heap object).
        /// </summary>
        public void PropertyName(byte[] encodedName)
        {
            if (ValuePrefix() && PutBytes(encodedName, 0, encodedName.Length) && Put((byte)':'))
            {
                _needsComma = false;
            }
        }

        /// <summary>
        /// The escaped, quoted UTF-8 bytes of <paramref name="value"/>, exactly as <see cref="WriteString"/> writes it: for
        /// <see cref="PropertyName(byte[])"/> and <see cref="WriteRawValue"/>. Allocates: call it once, at type initialisation.
        /// Uses no static state, so any type's static initialiser may call it whatever order the runtime runs them in.
        /// </summary>
        public static byte[] EncodeString(string value)
        {
            if (value == null)
            {
                throw new System.ArgumentNullException("value");
            }
            byte[] bytes = new byte[EncodedStringLength(value)];
            JsonWriter writer = new JsonWriter(bytes, 0, bytes.Length);
            writer.PutString(value);
            return bytes;
        }

        /// <summary>Writes a JSON string (escaped, UTF-8), or null when <paramref name="value"/> is null.</summary>
        public void WriteString(string value)
        {
            if (value == null)
            {
                WriteNull();
                return;
            }
            if (ValuePrefix() && PutString(value))
            {
                _needsComma = true;
            }
        }

        public void WriteInt64(long value)
        {
            if (!ValuePrefix())
            {
                return;
            }
            int next = NumberFormatter.WriteInt64(value, _buffer, _position, _end);
            Advance(next);
        }

        /// <summary>
        /// Writes a number with exactly <paramref name="decimals"/> (0..9) fraction digits, rounded half away from zero;
        /// NaN and infinities are written as null. See <see cref="NumberFormatter.WriteFixed"/>.
        /// </summary>
        public void WriteFixed(double value, int decimals)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                WriteNull();
                return;
            }
            if (!ValuePrefix())
            {
                return;
            }
            int next = NumberFormatter.WriteFixed(value, decimals, _buffer, _position, _end);
            Advance(next);
        }

        public void WriteBoolean(bool value)
        {
            WriteRawValue(value ? TrueLiteral : FalseLiteral, 0, value ? 4 : 5);
        }

        public void WriteNull()
        {
            WriteRawValue(NullLiteral, 0, 4);
        }

        /// <summary>Writes pre-encoded bytes as one complete JSON value (e.g. a quoted string encoded once at start-up), with the separator before it.</summary>
        public void WriteRawValue(byte[] source, int offset, int count)
        {
            if (ValuePrefix() && PutBytes(source, offset, count))
            {
                _needsComma = true;
            }
        }

        /// <summary>Writes pre-encoded bytes verbatim: no separator, no state change. The caller keeps the document well formed.</summary>
        public void WriteRaw(byte[] source, int offset, int count)
        {
            PutBytes(source, offset, count);
        }

        // Writes the comma owed before a value or member name. False when nothing may be written any more.
        private bool ValuePrefix()
        {
            if (_overflow)
            {
                return false;
            }
            return !_needsComma || Put((byte)',');
        }

        private void Advance(int next)
        {
            if (next < 0)
            {
                _overflow = true;
                return;
            }
            _position = next;
            _needsComma = true;
        }

        private bool Put(byte b)
        {
            if (_overflow || _position >= _end)
            {
                _overflow = true;
                return false;
            }
            _buffer[_position++] = b;
            return true;
        }

        private bool PutBytes(byte[] source, int offset, int count)
        {
            if (_overflow || count > _end - _position)
            {
                _overflow = true;
                return false;
            }
            System.Array.Copy(source, offset, _buffer, _position, count);
            _position += count;
            return true;
        }

        private bool PutString(string value)
        {
            int length = EncodedStringLength(value);
            if (_overflow || length > _end - _position)
            {
                _overflow = true;
                return false;
            }
            byte[] b = _buffer;
            int p = _position;
            b[p++] = (byte)'"';
            int n = value.Length;
            for (int i = 0; i < n; i++)
            {
                int c = value[i];
                if (c < 0x80)
                {
                    if (c < 0x20)
                    {
                        b[p++] = (byte)'\\'; b[p++] = (byte)'u'; b[p++] = (byte)'0'; b[p++] = (byte)'0';
                        b[p++] = Hex(c >> 4); b[p++] = Hex(c & 0xF);
                    }
                    else if (c == '"' || c == '\\')
                    {
                        b[p++] = (byte)'\\'; b[p++] = (byte)c;
                    }
                    else
                    {
                        b[p++] = (byte)c;
                    }
                }
                else if (c < 0x800)
                {
                    b[p++] = (byte)(0xC0 | (c >> 6));
                    b[p++] = (byte)(0x80 | (c & 0x3F));
                }
                else if (IsHighSurrogate(c) && i + 1 < n && IsLowSurrogate(value[i + 1]))
                {
                    int cp = 0x10000 + ((c - 0xD800) << 10) + (value[i + 1] - 0xDC00);
                    i++;
                    b[p++] = (byte)(0xF0 | (cp >> 18));
                    b[p++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                    b[p++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                    b[p++] = (byte)(0x80 | (cp & 0x3F));
                }
                else
                {
                    // A lone surrogate is not encodable in UTF-8: it becomes U+FFFD.
                    if (c >= 0xD800 && c <= 0xDFFF)
                    {
                        c = 0xFFFD;
                    }
                    b[p++] = (byte)(0xE0 | (c >> 12));
                    b[p++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                    b[p++] = (byte)(0x80 | (c & 0x3F));
                }
            }
            b[p++] = (byte)'"';
            _position = p;
            return true;
        }

        /// <summary>Bytes <paramref name="value"/> takes as an escaped, quoted UTF-8 JSON string.</summary>
        public static int EncodedStringLength(string value)
        {
            int length = 2;
            int n = value.Length;
            for (int i = 0; i < n; i++)
            {
                int c = value[i];
                if (c < 0x20)
                {
                    length += 6;
                }
                else if (c == '"' || c == '\\')
                {
                    length += 2;
                }
                else if (c < 0x80)
                {
                    length += 1;
                }
                else if (c < 0x800)
                {
                    length += 2;
                }
                else if (IsHighSurrogate(c) && i + 1 < n && IsLowSurrogate(value[i + 1]))
                {
                    length += 4;
                    i++;
                }
                else
                {
                    length += 3;
                }
            }
            return length;
        }

        private static bool IsHighSurrogate(int c) { return c >= 0xD800 && c <= 0xDBFF; }

        private static bool IsLowSurrogate(int c) { return c >= 0xDC00 && c <= 0xDFFF; }

        private static byte Hex(int nibble)
        {
            return (byte)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
        }
    }
}
