using System.Globalization;
using System.Text;
using Methane.Firmware.Core.Json;
using Xunit;

namespace Methane.Firmware.Core.Tests.Json;

public sealed class JsonReaderTests
{
    private static JsonReader Open(string json, int maxDepth = 16)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var r = new JsonReader(maxDepth);
        r.Reset(bytes, 0, bytes.Length);
        return r;
    }

    private static List<string> Tokens(string json, int maxDepth = 16)
    {
        var r = Open(json, maxDepth);
        var list = new List<string>();
        while (r.Read()) list.Add(r.TokenType.ToString());
        list.Add(r.TokenType == JsonTokenType.Error ? "Error:" + r.Error + "@" + r.ErrorPosition : r.TokenType.ToString());
        return list;
    }

    [Fact]
    public void Shadow_delta_token_sequence()
    {
        const string delta = "{\"version\":12,\"timestamp\":1790000000,\"state\":{\"publish_interval_s\":30,\"alarm_low_lel\":10.5,\"x\":[true,false,null]}}";
        Assert.Equal(new[]
        {
            "StartObject", "PropertyName", "Number", "PropertyName", "Number", "PropertyName", "StartObject",
            "PropertyName", "Number", "PropertyName", "Number", "PropertyName", "StartArray", "True", "False", "Null", "EndArray",
            "EndObject", "EndObject", "EndOfDocument",
        }, Tokens(delta));
    }

    [Theory]
    // position = byte index of the offending byte (counted by hand)
    [InlineData("", JsonError.UnexpectedEnd, 0)]
    [InlineData("   ", JsonError.UnexpectedEnd, 3)]
    [InlineData("01", JsonError.InvalidNumber, 1)]
    [InlineData("1.", JsonError.UnexpectedEnd, 2)]
    [InlineData("1.e5", JsonError.InvalidNumber, 2)]
    [InlineData(".5", JsonError.UnexpectedCharacter, 0)]
    [InlineData("+1", JsonError.UnexpectedCharacter, 0)]
    [InlineData("-", JsonError.UnexpectedEnd, 1)]
    [InlineData("-x", JsonError.InvalidNumber, 1)]
    [InlineData("1e", JsonError.UnexpectedEnd, 2)]
    [InlineData("1x", JsonError.UnexpectedCharacter, 1)]
    [InlineData("[1,]", JsonError.UnexpectedCharacter, 3)]
    [InlineData("{\"a\":1,}", JsonError.UnexpectedCharacter, 7)]
    [InlineData("{'a':1}", JsonError.UnexpectedCharacter, 1)]
    [InlineData("{\"a\" 1}", JsonError.UnexpectedCharacter, 5)]
    [InlineData("{\"a\":1]", JsonError.UnexpectedCharacter, 6)]
    [InlineData("[1}", JsonError.UnexpectedCharacter, 2)]
    [InlineData("tru", JsonError.UnexpectedEnd, 3)]
    [InlineData("trUe", JsonError.InvalidLiteral, 2)]
    [InlineData("nul1", JsonError.InvalidLiteral, 3)]
    [InlineData("\"a\\x\"", JsonError.InvalidEscape, 3)]
    [InlineData("\"\\u12G4\"", JsonError.InvalidEscape, 2)]
    [InlineData("\"\\ud800\"", JsonError.InvalidEscape, 7)]
    [InlineData("\"\\udc00\"", JsonError.InvalidEscape, 1)]
    [InlineData("\"\\ud800\\u0041\"", JsonError.InvalidEscape, 7)]
    [InlineData("\"a\tb\"", JsonError.ControlCharacterInString, 2)]
    [InlineData("\"abc", JsonError.UnexpectedEnd, 4)]
    [InlineData("{} {}", JsonError.TrailingData, 3)]
    [InlineData("1 2", JsonError.TrailingData, 2)]
    [InlineData("[[[[1]]]]", JsonError.DepthExceeded, 3)]
    public void Rejects_invalid_json_with_reason_and_position(string json, JsonError error, int position)
    {
        var tokens = Tokens(json, maxDepth: 3);
        Assert.Equal("Error:" + error + "@" + position, tokens[^1]);
    }

    [Theory]
    [InlineData(new byte[] { 0x22, 0xC0, 0x80, 0x22 })]        // overlong NUL
    [InlineData(new byte[] { 0x22, 0xED, 0xA0, 0x80, 0x22 })]  // UTF-8 encoded surrogate U+D800
    [InlineData(new byte[] { 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22 })] // above U+10FFFF
    [InlineData(new byte[] { 0x22, 0x80, 0x22 })]              // lone continuation byte
    [InlineData(new byte[] { 0x22, 0xE2, 0x82, 0x22 })]        // truncated 3-byte sequence
    public void Rejects_malformed_utf8_in_strings(byte[] bytes)
    {
        var r = new JsonReader(4);
        r.Reset(bytes, 0, bytes.Length);
        Assert.False(r.Read());
        Assert.Equal(JsonError.InvalidUtf8, r.Error);
        Assert.Equal(1, r.ErrorPosition);
    }

    [Fact]
    public void Accepts_depth_equal_to_the_limit()
    {
        Assert.Equal("EndOfDocument", Tokens("[[[1]]]", maxDepth: 3)[^1]);
    }

    [Fact]
    public void Reads_within_an_offset_and_count()
    {
        var bytes = Encoding.ASCII.GetBytes("xx[7]yy");
        var r = new JsonReader(4);
        r.Reset(bytes, 2, 3);
        Assert.True(r.Read());
        Assert.True(r.Read());
        Assert.True(r.TryGetInt64(out var v));
        Assert.Equal(7, v);
        Assert.True(r.Read());
        Assert.False(r.Read());
        Assert.Equal(JsonTokenType.EndOfDocument, r.TokenType);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-0", 0L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("9007199254740991", 9007199254740991L)] // 2^53 - 1, the telemetry seq limit
    public void Integers(string text, long expected)
    {
        var r = Open(text);
        Assert.True(r.Read());
        Assert.True(r.NumberIsInteger);
        Assert.True(r.TryGetInt64(out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("1.0")]
    [InlineData("1e2")]
    public void Integer_conversion_refuses_overflow_and_non_integers(string text)
    {
        var r = Open(text);
        Assert.True(r.Read());
        Assert.False(r.TryGetInt64(out _));
        Assert.True(r.TryGetDouble(out _));
    }

    [Theory]
    [InlineData("0.1", 0.1)]
    [InlineData("-2.5e-3", -0.0025)]
    [InlineData("1e22", 1e22)]
    [InlineData("123456789012345678", 123456789012345678.0)]
    [InlineData("0.000001", 1e-6)]
    [InlineData("1E+2", 100.0)]
    [InlineData("50000", 50000.0)]
    [InlineData("1e-400", 0.0)]
    public void Doubles(string text, double expected)
    {
        var r = Open(text);
        Assert.True(r.Read());
        Assert.True(r.TryGetDouble(out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("1e309")]
    [InlineData("-1e400")]
    [InlineData("1e99999999999999999999")]
    public void Double_conversion_refuses_overflow(string text)
    {
        var r = Open(text);
        Assert.True(r.Read());
        Assert.False(r.TryGetDouble(out _));
    }

    [Fact]
    public void Short_decimals_match_the_runtime_parser_exactly()
    {
        // Up to 15 significant digits and |exponent| ≤ 22 the fast path is correctly rounded, so it must equal double.Parse.
        var rng = new Random(7);
        for (int i = 0; i < 20000; i++)
        {
            long mantissa = rng.NextInt64(0, 1_000_000_000_000_000);
            int exp = rng.Next(-22 + 15, 23);
            string text = (rng.Next(2) == 0 ? "-" : "") + mantissa.ToString(CultureInfo.InvariantCulture) + "e" + (exp - 15).ToString(CultureInfo.InvariantCulture);
            var r = Open(text);
            Assert.True(r.Read(), text);
            Assert.True(r.TryGetDouble(out var v), text);
            Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), v);
        }
    }

    [Fact]
    public void Long_and_huge_decimals_are_close_to_the_runtime_parser()
    {
        var rng = new Random(11);
        for (int i = 0; i < 5000; i++)
        {
            string digits = rng.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture) + rng.Next(0, 1000000).ToString(CultureInfo.InvariantCulture);
            string text = digits.Insert(rng.Next(1, digits.Length), ".") + "e" + rng.Next(-280, 280).ToString(CultureInfo.InvariantCulture);
            var r = Open(text);
            Assert.True(r.Read(), text);
            Assert.True(r.TryGetDouble(out var v), text);
            double expected = double.Parse(text, CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(v - expected) <= Math.Abs(expected) * 1e-14, $"{text}: {v:R} vs {expected:R}");
        }
    }

    [Fact]
    public void Strings_resolve_escapes_into_utf8()
    {
        // "\u00e9" = é = C3 A9; "\ud83d\ude00" = U+1F600 = F0 9F 98 80; \n = 0A; \/ = /
        var r = Open("\"a\\u00e9\\ud83d\\ude00\\n\\/\\\"\"");
        Assert.True(r.Read());
        var dest = new byte[32];
        int n = r.CopyString(dest, 0, dest.Length);
        Assert.Equal(new byte[] { 0x61, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80, 0x0A, 0x2F, 0x22 }, dest.AsSpan(0, n).ToArray());
        Assert.Equal(-1, r.CopyString(dest, 0, 9));
        Assert.True(r.ValueEquals("aé\U0001F600\n/\""));
        Assert.False(r.ValueEquals("aé\U0001F600\n/"));
        Assert.True(r.ValueEquals(dest, 0, 10));
    }

    [Fact]
    public void Raw_utf8_strings_compare_with_strings()
    {
        var r = Open("\"température\"");
        Assert.True(r.Read());
        Assert.True(r.ValueEquals("température"));
        Assert.False(r.ValueEquals("temperature"));
        Assert.False(r.ValueEquals("températur"));
    }

    [Fact]
    public void Skip_jumps_over_nested_values()
    {
        var r = Open("{\"metadata\":{\"a\":[1,{\"b\":[]}],\"c\":\"}\"},\"version\":5}");
        Assert.True(r.Read());
        Assert.True(r.Read());
        Assert.True(r.ValueEquals("metadata"));
        Assert.True(r.Skip());
        Assert.Equal(JsonTokenType.EndObject, r.TokenType);
        Assert.Equal(1, r.Depth);
        Assert.True(r.Read());
        Assert.True(r.ValueEquals("version"));
        Assert.True(r.Read());
        Assert.True(r.TryGetInt64(out var v));
        Assert.Equal(5, v);
    }

    [Fact]
    public void Skip_reports_errors_inside_the_skipped_value()
    {
        var r = Open("{\"a\":[1,2,}");
        Assert.True(r.Read());
        Assert.True(r.Read());
        Assert.False(r.Skip());
        Assert.Equal(JsonError.UnexpectedCharacter, r.Error);
    }

    [Fact]
    public void Reading_allocates_nothing()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"state\":{\"a\":\"x\\u00e9\",\"b\":[1.5,-2,true,null]},\"version\":3}");
        var r = new JsonReader(8);
        var dest = new byte[16];
        void Once()
        {
            r.Reset(bytes, 0, bytes.Length);
            while (r.Read())
            {
                if (r.TokenType == JsonTokenType.String) { r.CopyString(dest, 0, dest.Length); r.ValueEquals("xé"); }
                if (r.TokenType == JsonTokenType.Number) r.TryGetDouble(out _);
            }
        }
        Once();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Once();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
