using System.Text;
using System.Text.Json;
using Methane.Telemetry;
using Xunit;
using static Methane.Firmware.Core.Tests.Telemetry.TelemetryTestSupport;

namespace Methane.Firmware.Core.Tests.Telemetry;

public sealed class TelemetryDecoderTests
{
    private const string Valid =
        "{\"v\":1,\"thing\":\"dev-1\",\"site\":\"s1\",\"seq\":7,\"timestamp\":1717243200123,\"ch4_ppm\":12.5,\"lel_pct\":0.025," +
        "\"temp_c\":-3.25,\"rh_pct\":40.00,\"t_raw\":15000,\"rh_raw\":26000,\"adc_raw\":-5,\"vout_v\":-0.000625,\"rs_ohm\":1000.0," +
        "\"rs_r0\":1.2345,\"alarm\":0,\"flags\":2,\"fw\":\"1.0.0\"}";

    private const string Minimal = "{\"v\":1,\"thing\":\"d\",\"site\":\"s\",\"seq\":0,\"timestamp\":0,\"ch4_ppm\":null,\"flags\":0}";

    private static string With(string field, string json) => Valid.Replace(ValueOf(field), $"\"{field}\":{json}");

    private static string Without(string field) => Valid.Replace(ValueOf(field) + ",", "");

    private static string Adding(string member) => Valid.Replace("\"alarm\":", member + ",\"alarm\":");

    private static string V2Adding(string member) => With("v", "2").Replace("\"alarm\":", member + ",\"alarm\":");

    private static string ValueOf(string field)
    {
        int start = Valid.IndexOf($"\"{field}\":", StringComparison.Ordinal);
        int end = Valid.IndexOfAny([',', '}'], start);
        return Valid[start..end];
    }

    [Fact]
    public void Decodes_every_field()
    {
        TelemetryDecodeResult result = TelemetryDecoder.Decode(Valid);
        Assert.True(result.Success, result.Error?.Message);
        Assert.False(result.IsBatch);
        var expected = new TelemetryReading
        {
            V = 1, Thing = "dev-1", Site = "s1", Seq = 7, Timestamp = 1717243200123, Ch4Ppm = 12.5, LelPct = 0.025, TempC = -3.25,
            RhPct = 40, TRaw = 15000, RhRaw = 26000, AdcRaw = -5, VoutV = -0.000625, RsOhm = 1000, RsR0 = 1.2345, Alarm = 0, Flags = 2, Fw = "1.0.0",
        };
        Assert.Equal(expected, result.Readings.Single());
        Assert.True(expected.IsValidMeasurement); // flag 2 (clock unsynced) does not invalidate ppm
    }

    [Fact]
    public void Decodes_a_v2_met_station_reading_and_a_v2_gas_reading()
    {
        string met = "{\"v\":2,\"thing\":\"met-1\",\"site\":\"s1\",\"seq\":3,\"timestamp\":1717243200000,\"ch4_ppm\":null,\"role\":\"met\","
            + "\"wind_speed_ms\":3.25,\"wind_gust_ms\":5.5,\"wind_dir_deg\":271.5,\"wind_sigma_deg\":12.3,\"wind_samples\":60,"
            + "\"wind_flags\":0,\"wind_pulses\":195,\"vane_v\":2.488,\"alarm\":0,\"flags\":0}";
        TelemetryDecodeResult result = TelemetryDecoder.Decode(met);
        Assert.True(result.Success, result.Error?.Message);
        TelemetryReading r = result.Readings.Single();
        Assert.True(r.IsMetStation);
        Assert.Equal((2, 3.25, 5.5, 271.5, 12.3, 60, 0, 195L, 2.488),
            (r.V, r.WindSpeedMs!.Value, r.WindGustMs!.Value, r.WindDirDeg!.Value, r.WindSigmaDeg!.Value, r.WindSamples!.Value, r.WindFlags!.Value, r.WindPulses!.Value, r.VaneV!.Value));
        Assert.True(IsSchemaValid(met));

        string gas = V2Adding("\"role\":\"gas\",\"ch4_amb_ppm\":2.345,\"ch4_bg_ppm\":1.95,\"ch4_enh_ppm\":0.395,\"ch4_sigma_ppm\":0.12,\"ch4_bg_flags\":0,\"ch4_enh_flags\":0");
        result = TelemetryDecoder.Decode(gas);
        Assert.True(result.Success, result.Error?.Message);
        r = result.Readings.Single();
        Assert.False(r.IsMetStation);
        Assert.True(r.HasValidEnhancement);
        Assert.Equal((2.345, 1.95, 0.395, 0.12), (r.Ch4AmbPpm!.Value, r.Ch4BgPpm!.Value, r.Ch4EnhPpm!.Value, r.Ch4SigmaPpm!.Value));
        Assert.True(IsSchemaValid(gas));
    }

    [Fact]
    public void Optional_fields_may_be_absent()
    {
        TelemetryDecodeResult result = TelemetryDecoder.Decode(Minimal);
        Assert.True(result.Success, result.Error?.Message);
        TelemetryReading r = result.Readings.Single();
        Assert.Null(r.Ch4Ppm); Assert.Null(r.Alarm); Assert.Null(r.Fw); Assert.Null(r.TempC);
        Assert.True(IsSchemaValid(Minimal));
    }

    public static TheoryData<string, string, string> Hostile() => new()
    {
        // payload, expected path, a fragment of the expected-text
        { With("v", "3"), "v", "schema version 1 or 2" },
        { With("v", "1.5"), "v", "schema version 1 or 2" },
        { With("v", "\"1\""), "v", "schema version 1 or 2" },
        { With("v", "null"), "v", "schema version 1 or 2" },
        { Adding("\"role\":\"met\""), "role", "needs \"v\": 2" },
        { Adding("\"wind_speed_ms\":3.5"), "wind_speed_ms", "needs \"v\": 2" },
        { V2Adding("\"role\":\"wind\""), "role", "\"gas\" or \"met\"" },
        { V2Adding("\"role\":\"met\\n\""), "role", "\"gas\" or \"met\"" },
        { V2Adding("\"wind_dir_deg\":360"), "wind_dir_deg", "number from 0 to 359.9" },
        { V2Adding("\"wind_speed_ms\":-0.01"), "wind_speed_ms", "number from 0 to 655.35" },
        { V2Adding("\"ch4_amb_ppm\":70"), "ch4_amb_ppm", "number from 0 to 65.535" },
        { V2Adding("\"ch4_enh_flags\":256"), "ch4_enh_flags", "integer from 0 to 255" },
        { V2Adding("\"wind_pulses\":4294967296"), "wind_pulses", "integer from 0 to 4294967295" },
        { V2Adding("\"wind_speed\":1"), "wind_speed", "no such field in schema v1 or v2" },
        { Without("v"), "v", "required field 'v'" },
        { Without("seq"), "seq", "required field 'seq'" },
        { Without("timestamp"), "timestamp", "required field 'timestamp'" },
        { Without("ch4_ppm"), "ch4_ppm", "required field 'ch4_ppm'" },
        { Without("flags"), "flags", "required field 'flags'" },
        { Without("thing"), "thing", "required field 'thing'" },
        { With("seq", "-1"), "seq", "integer from 0 to 9007199254740991" },
        { With("seq", "9007199254740992"), "seq", "integer from 0 to 9007199254740991" },
        { With("seq", "123456789012345678901234567890"), "seq", "integer from 0" },
        { With("seq", "1e400"), "seq", "integer from 0" },
        { With("seq", "7.5"), "seq", "integer from 0" },
        { With("seq", "\"7\""), "seq", "integer from 0" },
        { With("timestamp", "null"), "timestamp", "an integer" },
        { With("ch4_ppm", "\"12.5\""), "ch4_ppm", "null or a number from 0 to 1000000" },
        { With("ch4_ppm", "1e400"), "ch4_ppm", "number from 0 to 1000000" },
        { With("ch4_ppm", "-0.1"), "ch4_ppm", "number from 0 to 1000000" },
        { With("ch4_ppm", "1000000.1"), "ch4_ppm", "number from 0 to 1000000" },
        { With("ch4_ppm", "true"), "ch4_ppm", "number" },
        { With("ch4_ppm", "[1]"), "ch4_ppm", "number" },
        { With("temp_c", "-45.01"), "temp_c", "from -45 to 130" },
        { With("rh_pct", "119.5"), "rh_pct", "from -6 to 119" },
        { With("t_raw", "65536"), "t_raw", "integer from 0 to 65535" },
        { With("adc_raw", "-32769"), "adc_raw", "integer from -32768 to 32767" },
        { With("vout_v", "6.2"), "vout_v", "from -6.144 to 6.144" },
        { With("rs_ohm", "-1"), "rs_ohm", ">= 0" },
        { With("rs_r0", "1e999"), "rs_r0", "finite number >= 0" },
        { With("alarm", "3"), "alarm", "integer from 0 to 2" },
        { With("alarm", "null"), "alarm", "integer from 0 to 2" },
        { With("flags", "-1"), "flags", "integer from 0 to 2147483647" },
        { With("flags", "2147483648"), "flags", "integer from 0 to 2147483647" },
        { With("flags", "1.5"), "flags", "integer" },
        { With("thing", "\"a/b\""), "thing", "1-64 characters" },
        { With("thing", "5"), "thing", "1-64 characters" },
        { With("thing", "\"\""), "thing", "1-64 characters" },
        { With("site", "\"s+1\""), "site", "1-64 characters" },
        { With("fw", "\"1.0\""), "fw", "major.minor.patch" },
        { Valid.Replace("}", ",\"extra\":1}"), "extra", "no such field" },
        { Valid.Replace("}", ",\"Seq\":1}"), "Seq", "no such field" },
        { Valid.Replace("}", ",\"seq\":8}"), "seq", "duplicate" },
        { $"[{Valid},{Valid},{Valid},{With("ch4_ppm", "-5")}]", "[3].ch4_ppm", "number from 0 to 1000000" },
        { $"[{Valid},{Without("site")}]", "[1].site", "required field 'site'" },
        { $"[{Valid},7]", "[1]", "a reading object" },
        { "[]", "$", "1 to 100 readings" },
        { "[" + string.Join(",", Enumerable.Repeat(Minimal, 101)) + "]", "$", "1 to 100 readings" },
        { "[[" + Valid + "]]", "[0]", "a reading object" },
        { new string('[', 10000) + new string(']', 10000), "$", "nested at most 2 deep" },
        { With("fw", "{\"a\":{\"b\":{\"c\":1}}}"), "$", "nested at most 2 deep" },
        { "", "$", "well-formed JSON" },
        { "garbage", "$", "well-formed JSON" },
        { Valid + Valid, "$", "well-formed JSON" },
        { Valid.Replace("}", ",}"), "$", "well-formed JSON" },
        { With("ch4_ppm", "NaN"), "$", "well-formed JSON" },
        { "/*c*/" + Valid, "$", "well-formed JSON" },
        { "null", "$", "a reading object or a batch array" },
        { "42", "$", "a reading object or a batch array" },
        { "\"text\"", "$", "a reading object or a batch array" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_payloads_are_rejected_with_a_named_field(string payload, string path, string expected)
    {
        TelemetryDecodeResult result = TelemetryDecoder.Decode(Encoding.UTF8.GetBytes(payload));
        Assert.False(result.Success);
        Assert.Empty(result.Readings);
        Assert.Equal(path, result.Error!.Path);
        Assert.Contains(expected, result.Error.Expected, StringComparison.Ordinal);
        Assert.StartsWith(path + ": got ", result.Error.Message, StringComparison.Ordinal);
        Assert.True(result.Error.Value.Length <= 80, result.Error.Value);
    }

    /// <summary>
    /// Rows where the decoder is deliberately stricter than the schema (path, expected): duplicate keys are invisible to JSON
    /// Schema (parsers keep one), and rs_r0 has no maximum there while the decoder needs a finite double.
    /// </summary>
    private static readonly HashSet<(string Path, string Expected)> DecoderStricter = [("seq", "duplicate"), ("rs_r0", "finite number >= 0")];

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Schema_agrees_with_the_decoder_on_hostile_payloads(string payload, string path, string expected)
    {
        string shown = payload.Length > 200 ? payload[..200] : payload;
        if (expected == "well-formed JSON")
        {
            // Nothing for a schema to validate: the row must really be malformed (an independent parser refuses it too).
            Assert.False(ParsesAsJson(payload), "the row claims malformed JSON but System.Text.Json reads it: " + shown);
            return;
        }
        Assert.True(ParsesAsJson(payload), "not JSON: " + shown);
        bool schemaValid = IsSchemaValid(payload, maxDepth: DeepestNesting);
        if (DecoderStricter.Contains((path, expected)))
        {
            Assert.True(schemaValid, "the schema now rejects this too; drop the row from DecoderStricter: " + shown);
        }
        else
        {
            Assert.False(schemaValid, shown);
        }
    }

    /// <summary>The deepest row (10,000 nested arrays) must still parse so the schema can judge it.</summary>
    private const int DeepestNesting = 10_001;

    private static bool ParsesAsJson(string payload)
    {
        try
        {
            using var _ = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = DeepestNesting });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [Fact]
    public void Integral_numbers_written_with_a_fraction_are_integers_as_in_JSON_Schema()
    {
        // JSON Schema 2020-12: 4.0 is an integer and const 1 equals 1.0.
        string payload = With("flags", "4.0").Replace("\"v\":1,", "\"v\":1.0,");
        Assert.True(IsSchemaValid(payload));
        TelemetryDecodeResult result = TelemetryDecoder.Decode(payload);
        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal(4, result.Readings[0].Flags);
    }

    [Fact]
    public void Oversized_and_invalid_UTF8_payloads_are_rejected()
    {
        // 128 KB + 1 byte: over the AWS IoT Core payload limit.
        byte[] big = Encoding.UTF8.GetBytes(With("thing", "\"" + new string('a', 131072) + "\""));
        TelemetryDecodeResult tooBig = TelemetryDecoder.Decode(big);
        Assert.Equal("$", tooBig.Error!.Path);
        Assert.Contains("at most 131072 bytes", tooBig.Error.Expected);

        // Exactly 128 KB: read, then rejected on the field, with the value shortened.
        string padded = With("thing", "\"" + new string('a', 131072 - Valid.Length + ValueOf("thing").Length - 10) + "\"");
        Assert.Equal(131072, Encoding.UTF8.GetByteCount(padded));
        TelemetryDecodeResult atLimit = TelemetryDecoder.Decode(Encoding.UTF8.GetBytes(padded));
        Assert.Equal("thing", atLimit.Error!.Path);
        Assert.True(atLimit.Error.Value.Length < 80);

        // A batch of 100 readings of ~400 bytes each is about 40 KB: fine.
        string batch = "[" + string.Join(",", Enumerable.Repeat(Valid, 100)) + "]";
        Assert.True(TelemetryDecoder.Decode(batch).Success);

        byte[] invalidUtf8 = Encoding.UTF8.GetBytes(With("thing", "\"ab\""));
        int at = Array.IndexOf(invalidUtf8, (byte)'a', Valid.IndexOf("dev-1", StringComparison.Ordinal) - 5);
        invalidUtf8[at] = 0xFF;
        TelemetryDecodeResult bad = TelemetryDecoder.Decode(invalidUtf8);
        Assert.Equal("$", bad.Error!.Path);
        Assert.Equal("(invalid UTF-8)", bad.Error.Value);

        TelemetryDecodeResult overlong = TelemetryDecoder.Decode([0x7B, 0xC0, 0xAF, 0x7D]); // overlong '/' is not UTF-8
        Assert.Equal("(invalid UTF-8)", overlong.Error!.Value);
    }

    [Fact]
    public void Single_reading_entry_point_refuses_batches()
    {
        Assert.True(TelemetryDecoder.TryDecodeReading(Encoding.UTF8.GetBytes(Valid), out TelemetryReading? reading, out _));
        Assert.Equal(7, reading!.Seq);
        Assert.False(TelemetryDecoder.TryDecodeReading(Encoding.UTF8.GetBytes("[" + Valid + "]"), out reading, out TelemetryDecodeError? error));
        Assert.Null(reading);
        Assert.Equal("single reading object", error!.Expected[2..]);
    }

    [Fact]
    public void Mutated_payloads_never_throw_and_what_is_accepted_is_schema_valid()
    {
        var random = new Random(11);
        byte[] original = Encoding.UTF8.GetBytes("[" + Valid + "," + Minimal + "]");
        const string noise = "0123456789-+.eE\"{}[],:nulltrfase \\\u00ff";
        int accepted = 0;
        for (int i = 0; i < 3000; i++)
        {
            byte[] payload = (byte[])original.Clone();
            int edits = random.Next(1, 4);
            for (int k = 0; k < edits; k++)
            {
                switch (random.Next(3))
                {
                    case 0: payload[random.Next(payload.Length)] = (byte)noise[random.Next(noise.Length)]; break;
                    case 1: payload = payload[..random.Next(payload.Length)]; break;
                    default: payload[random.Next(payload.Length)] = (byte)random.Next(256); break;
                }
                if (payload.Length == 0)
                {
                    break;
                }
            }
            TelemetryDecodeResult result = TelemetryDecoder.Decode(payload); // must not throw
            Assert.Equal(result.Success, result.Error is null);
            if (result.Success)
            {
                accepted++;
                AssertSchemaValid(payload);
            }
        }
        Assert.True(accepted > 0, "no mutation survived: the property was not exercised");
    }

    [Fact]
    public void Schema_text_is_the_embedded_resource_and_the_file()
    {
        string file = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "telemetry-v1.schema.json"));
        Assert.Equal(file, TelemetrySchema.Text);
        using var doc = JsonDocument.Parse(TelemetrySchema.Text);
        JsonElement reading = doc.RootElement.GetProperty("$defs").GetProperty("reading");
        Assert.Equal(TelemetryFields.All.OrderBy(x => x, StringComparer.Ordinal),
            reading.GetProperty("properties").EnumerateObject().Select(p => p.Name).OrderBy(x => x, StringComparer.Ordinal));
        Assert.Equal(TelemetryFields.Required, reading.GetProperty("required").EnumerateArray().Select(e => e.GetString()!));
    }
}
