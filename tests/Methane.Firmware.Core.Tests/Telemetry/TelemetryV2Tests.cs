using System.Reflection;
using System.Text;
using Methane.Firmware.Core.Ambient;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Core.Wind;
using Methane.Telemetry;
using Xunit;
using static Methane.Firmware.Core.Tests.Telemetry.TelemetryTestSupport;

namespace Methane.Firmware.Core.Tests.Telemetry;

/// <summary>Schema v2 readings: outbox record → encoder → JSON Schema and decoder, with hand-written expected bytes.</summary>
public sealed class TelemetryV2Tests
{
    private readonly TelemetryEncoder _encoder = new(Identity);

    private string ThroughOutbox(Reading r, out Reading back)
    {
        var record = new byte[ReadingRecord.MaxLength];
        int length = ReadingRecord.Write(r, record, 0);
        Assert.InRange(length, 22, ReadingRecord.MaxLength);
        back = new Reading();
        Assert.True(ReadingRecord.Read(record, 0, length, back));
        var buffer = new byte[TelemetryEncoder.MaxEncodedLength];
        int n = _encoder.Encode(back, buffer, 0, buffer.Length);
        Assert.True(n > 0);
        AssertSchemaValid(buffer.AsSpan(0, n));
        Assert.True(TelemetryDecoder.Decode(buffer.AsSpan(0, n)).Success, TelemetryDecoder.Decode(buffer.AsSpan(0, n)).Error?.Message);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    [Fact]
    public void A_record_still_fits_the_outbox_slot()
    {
        // A slot is an 8-byte header, the record and a 4-byte CRC.
        Assert.True(ReadingRecord.MaxLength <= ReadingOutbox.SlotSize - 12, $"{ReadingRecord.MaxLength} > {ReadingOutbox.SlotSize - 12}");
        Assert.Equal(ReadingOutbox.SlotSize - 12, ReadingRecord.SlotPayload);
    }

    [Fact]
    public void Met_reading_encodes_exactly()
    {
        var r = new Reading
        {
            Seq = 9, TimestampMs = 1717243200000, IsMetStation = true, HasEnvironment = true, TemperatureC = 12.5, RelativeHumidityPct = 80,
            TemperatureTicks = 21000, HumidityTicks = 46000, HasWind = true, WindSpeedMs = 3.256, WindGustMs = 5.5, WindDirectionDeg = 271.54,
            WindSigmaThetaDeg = 12.34, WindSamples = 60, WindFlags = 0, WindPulses = 195, VaneVolts = 2.4891,
        };
        string json = ThroughOutbox(r, out Reading back);
        // Stored quantized: 3.256 -> 3.26 (0.01 m/s), 271.54 -> 271.5 (0.1°), 12.34 -> 12.3, 2.4891 -> 2.489 V.
        const string expected =
            "{\"v\":2,\"thing\":\"methane-dev-0001\",\"site\":\"site_A-7\",\"seq\":9,\"timestamp\":1717243200000," +
            "\"ch4_ppm\":null,\"lel_pct\":null,\"temp_c\":12.50,\"rh_pct\":80.00,\"t_raw\":21000,\"rh_raw\":46000," +
            "\"adc_raw\":null,\"vout_v\":null,\"rs_ohm\":null,\"rs_r0\":null,\"role\":\"met\"," +
            "\"ch4_amb_ppm\":null,\"ch4_bg_ppm\":null,\"ch4_enh_ppm\":null,\"ch4_sigma_ppm\":null,\"ch4_bg_flags\":null,\"ch4_enh_flags\":null," +
            "\"wind_speed_ms\":3.26,\"wind_gust_ms\":5.50,\"wind_dir_deg\":271.5,\"wind_sigma_deg\":12.3,\"wind_samples\":60," +
            "\"wind_flags\":0,\"wind_pulses\":195,\"vane_v\":2.489,\"alarm\":0,\"flags\":0,\"fw\":\"1.4.12\"}";
        Assert.Equal(expected, json);
        Assert.True(back.IsMetStation);
        TelemetryReading d = TelemetryDecoder.Decode(json).Readings.Single();
        Assert.True(d.IsMetStation);
        Assert.Equal(271.5, d.WindDirDeg);
    }

    [Fact]
    public void Gas_reading_with_ambient_group_encodes_the_enhancement_from_stored_values()
    {
        var r = new Reading
        {
            Seq = 1, TimestampMs = 5, HasMethane = true, Ch4Ppm = 157.04, LelPct = 0.314, HasRaw = true, AdcRaw = 3000, VoutVolts = 0.75,
            RsOhms = 11000, RsR0 = 5, HasAmbient = true, AmbientPpm = 2.3456, BackgroundPpm = 1.9004, AmbientSigmaPpm = 0.2,
            BackgroundFlags = AmbientFlags.Uncalibrated, EnhancementFlags = AmbientFlags.Uncalibrated, Flags = ReadingFlags.ClockUnsynced,
        };
        string json = ThroughOutbox(r, out _);
        Assert.Contains("\"v\":2,", json);
        Assert.Contains("\"role\":\"gas\",\"ch4_amb_ppm\":2.346,\"ch4_bg_ppm\":1.900,\"ch4_enh_ppm\":0.446,\"ch4_sigma_ppm\":0.20,"
            + "\"ch4_bg_flags\":1,\"ch4_enh_flags\":1,\"wind_speed_ms\":null", json);
        // Ambient NaN (no value) travels as null.
        r.AmbientPpm = double.NaN;
        json = ThroughOutbox(r, out _);
        Assert.Contains("\"ch4_amb_ppm\":null,\"ch4_bg_ppm\":1.900,\"ch4_enh_ppm\":null", json);
    }

    [Fact]
    public void A_reading_without_v2_content_is_still_byte_for_byte_v1()
    {
        var r = new Reading { Seq = 1, TimestampMs = 5, HasMethane = true, Ch4Ppm = 10, LelPct = 0.02 };
        string json = ThroughOutbox(r, out _);
        Assert.StartsWith("{\"v\":1,", json);
        Assert.DoesNotContain("role", json);
    }

    [Fact]
    public void Random_v2_readings_survive_the_outbox_and_validate()
    {
        var random = new Random(21);
        for (int i = 0; i < 2000; i++)
        {
            Reading r = RandomReading(random);
            r.IsMetStation = random.Next(2) == 0;
            if (r.IsMetStation)
            {
                r.HasWind = true;
                r.WindSpeedMs = random.NextDouble() * 100; r.WindGustMs = random.NextDouble() * 700; r.WindDirectionDeg = random.NextDouble() * 360;
                r.WindSigmaThetaDeg = random.Next(3) == 0 ? double.NaN : random.NextDouble() * 103.9; r.WindSamples = random.Next(0, 70000);
                r.WindFlags = random.Next(0, 128); r.WindPulses = random.NextInt64(0, 1L << 33); r.VaneVolts = random.NextDouble() * 5;
            }
            else
            {
                r.HasAmbient = true;
                r.AmbientPpm = random.Next(4) == 0 ? double.NaN : random.NextDouble() * 70; r.BackgroundPpm = random.NextDouble() * 60;
                r.AmbientSigmaPpm = random.NextDouble() * 3; r.BackgroundFlags = random.Next(0, 128); r.EnhancementFlags = r.BackgroundFlags | (random.Next(2) << 7);
            }
            string json = ThroughOutbox(r, out _);
            Assert.True(TelemetryDecoder.Decode(json).Success, json);
        }
    }

    [Fact]
    public void Ambient_and_wind_flag_bits_match_the_host_contract()
    {
        Assert.Equal(Constants(typeof(AmbientFlags)).Where(kv => kv.Key != "None"), Constants(typeof(AmbientQualityFlags)));
        Assert.Equal(Constants(typeof(WindFlags)).Where(kv => kv.Key != "None").OrderBy(kv => kv.Value), Constants(typeof(WindQualityFlags)).OrderBy(kv => kv.Value));
    }

    private static IEnumerable<KeyValuePair<string, int>> Constants(Type t) =>
        t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral)
            .Select(f => new KeyValuePair<string, int>(f.Name, (int)f.GetRawConstantValue()!)).OrderBy(kv => kv.Value);
}
