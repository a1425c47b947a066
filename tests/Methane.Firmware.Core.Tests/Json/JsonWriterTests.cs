using System.Text;
using System.Text.Json;
using Methane.Firmware.Core.Json;
using Xunit;

namespace Methane.Firmware.Core.Tests.Json;

public sealed class JsonWriterTests
{
    private static string Text(JsonWriter w) => Encoding.UTF8.GetString(w.Buffer, w.Offset, w.Length);

    [Fact]
    public void Writes_nested_document_with_commas()
    {
        var w = new JsonWriter(new byte[256]);
        w.BeginObject();
        w.PropertyName("a"); w.WriteInt64(-1);
        w.PropertyName("b"); w.BeginArray(); w.WriteBoolean(true); w.WriteBoolean(false); w.WriteNull(); w.BeginObject(); w.EndObject(); w.EndArray();
        w.PropertyName("c"); w.WriteFixed(1.25, 1);
        w.PropertyName("d"); w.WriteString("x");
        w.PropertyName("e"); w.BeginArray(); w.EndArray();
        w.EndObject();
        Assert.False(w.Overflow);
        Assert.Equal(0, w.Depth);
        Assert.Equal("{\"a\":-1,\"b\":[true,false,null,{}],\"c\":1.3,\"d\":\"x\",\"e\":[]}", Text(w));
    }

    [Fact]
    public void NaN_and_infinity_become_null()
    {
        var w = new JsonWriter(new byte[64]);
        w.BeginArray(); w.WriteFixed(double.NaN, 2); w.WriteFixed(double.NegativeInfinity, 0); w.WriteFixed(-0.0, 1); w.EndArray();
        Assert.Equal("[null,null,0.0]", Text(w));
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("q\"b\\s/", "\"q\\\"b\\\\s/\"")]
    [InlineData("\n\t\u0000\u001f", "\"\\u000A\\u0009\\u0000\\u001F\"")] // control chars as \u00XX
    [InlineData("\u007f", "\"\u007f\"")]                                  // DEL is legal unescaped
    [InlineData("", "\"\"")]
    public void Escapes_strings(string value, string expected)
    {
        var w = new JsonWriter(new byte[64]);
        w.WriteString(value);
        Assert.Equal(expected, Text(w));
        Assert.Equal(expected.Length, JsonWriter.EncodedStringLength(value));
    }

    [Fact]
    public void Transcodes_UTF16_to_UTF8_by_hand()
    {
        // é U+00E9 = C3 A9; € U+20AC = E2 82 AC; 😀 U+1F600 (surrogates D83D DE00) = F0 9F 98 80; lone D800 -> U+FFFD = EF BF BD.
        var w = new JsonWriter(new byte[64]);
        w.WriteString("é€😀\uD800x");
        byte[] expected = { 0x22, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xEF, 0xBF, 0xBD, 0x78, 0x22 };
        Assert.Equal(expected, w.Buffer.AsSpan(0, w.Length).ToArray());
    }

    [Fact]
    public void Random_strings_round_trip_through_System_Text_Json()
    {
        var random = new Random(3);
        var buffer = new byte[4096];
        var w = new JsonWriter(buffer);
        for (int i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (int k = 0; k < chars.Length; k++)
            {
                chars[k] = random.Next(4) switch { 0 => (char)random.Next(0, 0x20), 1 => (char)random.Next(0x20, 0x80), 2 => "\"\\"[random.Next(2)], _ => (char)random.Next(0x80, 0xD800) };
            }
            string s = new(chars);
            w.Reset();
            w.WriteString(s);
            Assert.False(w.Overflow);
            Assert.Equal(s, JsonSerializer.Deserialize<string>(buffer.AsSpan(0, w.Length)));
        }
    }

    [Fact]
    public void Overflow_never_writes_past_capacity_and_sticks()
    {
        // Write the same document into every smaller window of a guarded buffer.
        var full = new JsonWriter(new byte[256]);
        WriteSample(full);
        int needed = full.Length;
        Assert.False(full.Overflow);
        string complete = Text(full);

        for (int capacity = 0; capacity < needed; capacity++)
        {
            var buffer = Enumerable.Repeat((byte)0xAA, needed + 16).ToArray();
            var w = new JsonWriter(buffer, 8, capacity);
            WriteSample(w);
            Assert.True(w.Overflow, $"capacity {capacity}");
            Assert.True(w.Length <= capacity);
            Assert.All(buffer.Take(8), b => Assert.Equal(0xAA, b));
            Assert.All(buffer.Skip(8 + capacity), b => Assert.Equal(0xAA, b));
            // What was written before the overflow is a prefix of the full document.
            Assert.StartsWith(Text(w), complete, StringComparison.Ordinal);
        }

        var exact = new JsonWriter(new byte[needed]);
        WriteSample(exact);
        Assert.False(exact.Overflow);
        Assert.Equal(complete, Text(exact));
    }

    private static readonly byte[] PreEncoded = Encoding.ASCII.GetBytes("\"pre\"");
    private static readonly byte[] EncodedName = Encoding.ASCII.GetBytes("\"enc\"");

    private static void WriteSample(JsonWriter w)
    {
        w.BeginObject();
        w.PropertyName("name"); w.WriteString("é\"\u0001");
        w.PropertyName("n"); w.WriteInt64(long.MinValue);
        w.PropertyName("x"); w.WriteFixed(-12.345, 3);
        w.PropertyName("raw"); w.WriteRawValue(PreEncoded, 0, 5);
        w.PropertyName("b"); w.WriteBoolean(false);
        w.PropertyName("z"); w.WriteNull();
        w.PropertyName(EncodedName); w.WriteInt64(7);
        w.EndObject();
    }

    [Fact]
    public void EncodeString_gives_the_quoted_escaped_UTF8_bytes()
    {
        // " é=C3 A9 \" \u0001 "
        byte[] expected = { 0x22, 0xC3, 0xA9, 0x5C, 0x22, 0x5C, 0x75, 0x30, 0x30, 0x30, 0x31, 0x22 };
        Assert.Equal(expected, JsonWriter.EncodeString("é\"\u0001"));
        Assert.Equal(new byte[] { 0x22, 0x22 }, JsonWriter.EncodeString(""));
        Assert.Throws<ArgumentNullException>(() => JsonWriter.EncodeString(null!));
    }

    [Fact]
    public void Pre_encoded_property_names_get_separators_and_colons()
    {
        var w = new JsonWriter(new byte[64]);
        w.BeginObject();
        w.PropertyName(Encoding.ASCII.GetBytes("\"a\"")); w.WriteInt64(1);
        w.PropertyName(Encoding.ASCII.GetBytes("\"b\"")); w.BeginArray(); w.EndArray();
        w.PropertyName("c"); w.WriteNull();
        w.EndObject();
        Assert.False(w.Overflow);
        Assert.Equal("{\"a\":1,\"b\":[],\"c\":null}", Text(w));
    }

    [Fact]
    public void Rewind_takes_back_a_partial_value()
    {
        var w = new JsonWriter(new byte[20]);
        w.BeginArray();
        w.WriteInt64(1);
        JsonWriterMark mark = w.Mark();
        w.WriteString("this does not fit in twenty bytes");
        Assert.True(w.Overflow);
        w.Rewind(mark);
        Assert.False(w.Overflow);
        w.WriteInt64(2);
        w.EndArray();
        Assert.Equal("[1,2]", Text(w));
    }

    [Fact]
    public void Reset_reuses_region_and_rejects_bad_regions()
    {
        var buffer = new byte[32];
        var w = new JsonWriter();
        w.Reset(buffer, 10, 5);
        w.WriteInt64(12345);
        Assert.Equal(5, w.Length);
        Assert.Equal("12345", Encoding.ASCII.GetString(buffer, 10, 5));
        w.Reset();
        Assert.Equal(0, w.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Reset(buffer, 30, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Reset(buffer, -1, 5));
    }

    [Fact]
    public void Writing_allocates_nothing_after_warm_up()
    {
        var buffer = new byte[512];
        var w = new JsonWriter(buffer);
        WriteSample(w);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            w.Reset();
            WriteSample(w);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
