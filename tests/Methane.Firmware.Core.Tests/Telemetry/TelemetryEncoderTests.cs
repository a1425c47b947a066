using System.Text;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;
using Methane.Telemetry;
using Xunit;
using static Methane.Firmware.Core.Tests.Telemetry.TelemetryTestSupport;

namespace Methane.Firmware.Core.Tests.Telemetry;

public sealed class TelemetryEncoderTests
{
    private readonly TelemetryEncoder _encoder = new(Identity);
    private readonly byte[] _buffer = new byte[TelemetryEncoder.MaxEncodedLength];

    private string Encode(Reading r)
    {
        int length = _encoder.Encode(r, _buffer, 0, _buffer.Length);
        Assert.True(length > 0, $"encode failed: {length}");
        return Encoding.UTF8.GetString(_buffer, 0, length);
    }

    private TelemetryReading RoundTrip(Reading r)
    {
        int length = _encoder.Encode(r, _buffer, 0, _buffer.Length);
        Assert.True(length > 0);
        AssertSchemaValid(_buffer.AsSpan(0, length));
        Assert.True(TelemetryDecoder.TryDecodeReading(_buffer.AsSpan(0, length), out TelemetryReading? decoded, out TelemetryDecodeError? error), error?.Message);
        return decoded!;
    }

    [Fact]
    public void Encodes_a_full_reading_exactly()
    {
        // Written by hand from FullReading(): decimals ch4 1, lel 3, temp 2, rh 2, vout 6, rs 1, rs_r0 4;
        // 2.46912 -> 2.469, 23456.78 -> 23456.8, 0.61234 -> 0.6123.
        const string expected =
            "{\"v\":1,\"thing\":\"methane-dev-0001\",\"site\":\"site_A-7\",\"seq\":42,\"timestamp\":1717243200123," +
            "\"ch4_ppm\":1234.6,\"lel_pct\":2.469,\"temp_c\":21.50,\"rh_pct\":45.25,\"t_raw\":25000,\"rh_raw\":28000," +
            "\"adc_raw\":12000,\"vout_v\":1.500000,\"rs_ohm\":23456.8,\"rs_r0\":0.6123,\"alarm\":1,\"flags\":32,\"fw\":\"1.4.12\"}";
        Assert.Equal(expected, Encode(FullReading()));
    }

    [Fact]
    public void All_groups_absent_are_null()
    {
        var r = new Reading { Seq = 0, TimestampMs = 0, Flags = ReadingFlags.SensorFault | ReadingFlags.EnvSensorFault };
        const string expected =
            "{\"v\":1,\"thing\":\"methane-dev-0001\",\"site\":\"site_A-7\",\"seq\":0,\"timestamp\":0," +
            "\"ch4_ppm\":null,\"lel_pct\":null,\"temp_c\":null,\"rh_pct\":null,\"t_raw\":null,\"rh_raw\":null," +
            "\"adc_raw\":null,\"vout_v\":null,\"rs_ohm\":null,\"rs_r0\":null,\"alarm\":0,\"flags\":132,\"fw\":\"1.4.12\"}";
        Assert.Equal(expected, Encode(r));
        TelemetryReading d = RoundTrip(r);
        Assert.Null(d.Ch4Ppm); Assert.Null(d.LelPct); Assert.Null(d.TempC); Assert.Null(d.RhPct); Assert.Null(d.TRaw);
        Assert.Null(d.RhRaw); Assert.Null(d.AdcRaw); Assert.Null(d.VoutV); Assert.Null(d.RsOhm); Assert.Null(d.RsR0);
        Assert.False(d.IsValidMeasurement);
    }

    [Fact]
    public void Edge_values_validate_and_round_trip()
    {
        // SHT4x extremes: ticks 0 -> -45 degC and -6 %RH; ticks 65535 -> 130 degC and 119 %RH (datasheet formulas).
        var cold = FullReading();
        cold.TemperatureTicks = 0; cold.TemperatureC = -45; cold.HumidityTicks = 0; cold.RelativeHumidityPct = -6;
        cold.Ch4Ppm = 0; cold.LelPct = 0; cold.Seq = MaxSeq; cold.TimestampMs = MaxSeq;
        TelemetryReading d = RoundTrip(cold);
        Assert.Equal(-45.0, d.TempC); Assert.Equal(-6.0, d.RhPct); Assert.Equal(0, d.TRaw); Assert.Equal(0.0, d.Ch4Ppm);
        Assert.Equal(9007199254740991L, d.Seq); Assert.Equal(9007199254740991L, d.Timestamp);
        Assert.Contains("\"temp_c\":-45.00,", Encode(cold));

        var hot = FullReading();
        hot.TemperatureTicks = 65535; hot.TemperatureC = 130; hot.HumidityTicks = 65535; hot.RelativeHumidityPct = 119;
        hot.Ch4Ppm = 50000; hot.LelPct = 100; hot.AdcRaw = -32768; hot.VoutVolts = -4.096; hot.Alarm = AlarmLevel.High;
        d = RoundTrip(hot);
        Assert.Equal(130.0, d.TempC); Assert.Equal(119.0, d.RhPct); Assert.Equal(65535, d.RhRaw);
        Assert.Equal(50000.0, d.Ch4Ppm); Assert.Equal(100.0, d.LelPct); Assert.Equal(-32768, d.AdcRaw); Assert.Equal(-4.096, d.VoutV);
        Assert.Equal(2, d.Alarm);
        Assert.Contains("\"ch4_ppm\":50000.0,\"lel_pct\":100.000,", Encode(hot));

        // -0.001 degC rounds to 0.00 and must not be written as "-0.00".
        var nearZero = FullReading();
        nearZero.TemperatureC = -0.001;
        Assert.Contains("\"temp_c\":0.00,", Encode(nearZero));
    }

    [Fact]
    public void Every_flag_bit_round_trips()
    {
        var r = FullReading();
        for (int bit = 0; bit < 31; bit++)
        {
            r.Flags = 1 << bit;
            Assert.Equal(1 << bit, RoundTrip(r).Flags);
        }
        r.Flags = (1 << 11) - 1; // every defined bit (ReadingFlags 1 .. 1024) at once
        TelemetryReading d = RoundTrip(r);
        Assert.Equal(2047, d.Flags);
        Assert.False(d.IsValidMeasurement);
        r.Flags = int.MaxValue;
        Assert.Equal(int.MaxValue, RoundTrip(r).Flags);
    }

    [Fact]
    public void Flag_and_alarm_values_agree_with_the_host_contract()
    {
        Assert.Equal(TelemetryFlags.WarmingUp, ReadingFlags.WarmingUp);
        Assert.Equal(TelemetryFlags.ClockUnsynced, ReadingFlags.ClockUnsynced);
        Assert.Equal(TelemetryFlags.SensorFault, ReadingFlags.SensorFault);
        Assert.Equal(TelemetryFlags.CrcError, ReadingFlags.CrcError);
        Assert.Equal(TelemetryFlags.Saturated, ReadingFlags.Saturated);
        Assert.Equal(TelemetryFlags.Replayed, ReadingFlags.Replayed);
        Assert.Equal(TelemetryFlags.StuckValue, ReadingFlags.StuckValue);
        Assert.Equal(TelemetryFlags.EnvSensorFault, ReadingFlags.EnvSensorFault);
        Assert.Equal(TelemetryFlags.EnvOutOfRange, ReadingFlags.EnvOutOfRange);
        Assert.Equal(TelemetryFlags.Uncompensated, ReadingFlags.Uncompensated);
        Assert.Equal(TelemetryFlags.RateOfRise, ReadingFlags.RateOfRise);
        Assert.Equal(TelemetryFlags.InvalidMask, ReadingFlags.InvalidMask);
        Assert.Equal(1 | 4 | 16 | 64, ReadingFlags.InvalidMask); // the schema's flags description
    }

    [Fact]
    public void Random_readings_validate_and_round_trip_within_rounding()
    {
        var random = new Random(1234);
        for (int i = 0; i < 1500; i++)
        {
            Reading r = RandomReading(random);
            TelemetryReading d = RoundTrip(r);
            Assert.Equal(1, d.V);
            Assert.Equal("methane-dev-0001", d.Thing); Assert.Equal("site_A-7", d.Site); Assert.Equal("1.4.12", d.Fw);
            Assert.Equal(r.Seq, d.Seq); Assert.Equal(r.TimestampMs, d.Timestamp); Assert.Equal(r.Alarm, d.Alarm); Assert.Equal(r.Flags, d.Flags);
            Near(r.HasMethane, r.Ch4Ppm, d.Ch4Ppm, 1); Near(r.HasMethane, r.LelPct, d.LelPct, 3);
            Near(r.HasEnvironment, r.TemperatureC, d.TempC, 2); Near(r.HasEnvironment, r.RelativeHumidityPct, d.RhPct, 2);
            Assert.Equal(r.HasEnvironment ? r.TemperatureTicks : null, d.TRaw); Assert.Equal(r.HasEnvironment ? r.HumidityTicks : null, d.RhRaw);
            Assert.Equal(r.HasRaw ? r.AdcRaw : null, d.AdcRaw);
            Near(r.HasRaw, r.VoutVolts, d.VoutV, 6); Near(r.HasRaw, r.RsOhms, d.RsOhm, 1); Near(r.HasRaw, r.RsR0, d.RsR0, 4);
        }
    }

    private static void Near(bool present, double original, double? decoded, int decimals)
    {
        if (!present)
        {
            Assert.Null(decoded);
            return;
        }
        Assert.NotNull(decoded);
        // Rounded to `decimals` places: off by at most half a unit in the last place (plus parse noise).
        Assert.InRange(Math.Abs(decoded!.Value - original), 0, 0.5 * Math.Pow(10, -decimals) * (1 + 1e-9) + 1e-12 * Math.Abs(original));
    }

    [Fact]
    public void Values_outside_the_schema_are_written_as_null()
    {
        var r = FullReading();
        r.Ch4Ppm = double.NaN; r.LelPct = double.PositiveInfinity; r.TemperatureC = -45.01; r.RelativeHumidityPct = 119.5;
        r.TemperatureTicks = 70000; r.HumidityTicks = -1; r.AdcRaw = 40000; r.VoutVolts = 7; r.RsOhms = -1; r.RsR0 = double.NaN;
        string json = Encode(r);
        Assert.Contains("\"ch4_ppm\":null,\"lel_pct\":null,\"temp_c\":null,\"rh_pct\":null,\"t_raw\":null,\"rh_raw\":null,\"adc_raw\":null,\"vout_v\":null,\"rs_ohm\":null,\"rs_r0\":null,", json);
        Assert.True(IsSchemaValid(json));
    }

    [Fact]
    public void Unencodable_readings_are_refused_without_writing()
    {
        foreach (Action<Reading> spoil in new Action<Reading>[]
        {
            r => r.Seq = -1, r => r.Seq = MaxSeq + 1, r => r.TimestampMs = -5, r => r.TimestampMs = long.MaxValue,
            r => r.Alarm = 3, r => r.Alarm = -1, r => r.Flags = -1,
        })
        {
            Reading r = FullReading();
            spoil(r);
            var buffer = new byte[600];
            Assert.Equal(TelemetryEncoder.InvalidReading, _encoder.Encode(r, buffer, 0, buffer.Length));
            Assert.All(buffer, b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void Small_buffers_fail_and_are_never_overrun()
    {
        int needed = Encode(FullReading()).Length;
        for (int capacity = 0; capacity < needed; capacity++)
        {
            var buffer = Enumerable.Repeat((byte)0x5A, needed + 8).ToArray();
            Assert.Equal(TelemetryEncoder.BufferTooSmall, _encoder.Encode(FullReading(), buffer, 4, capacity));
            Assert.All(buffer.Take(4).Concat(buffer.Skip(4 + capacity)), b => Assert.Equal(0x5A, b));
        }
    }

    [Fact]
    public void Longest_possible_reading_fits_MaxEncodedLength()
    {
        var identity = new DeviceIdentity(new string('T', 64), new string('s', 64), "12345678901.1234567890.123456789");
        var encoder = new TelemetryEncoder(identity);
        var r = new Reading
        {
            Seq = MaxSeq, TimestampMs = MaxSeq, HasMethane = true, Ch4Ppm = 1000000, LelPct = 1999.999,
            HasEnvironment = true, TemperatureC = -44.99, RelativeHumidityPct = 118.99, TemperatureTicks = 65535, HumidityTicks = 65535,
            HasRaw = true, AdcRaw = -32768, VoutVolts = -6.143999, RsOhms = 1.2345678901234567e300, RsR0 = 9.87654321e299,
            Alarm = 2, Flags = int.MaxValue,
        };
        var buffer = new byte[4096];
        int length = encoder.Encode(r, buffer, 0, buffer.Length);
        Assert.InRange(length, 1, TelemetryEncoder.MaxEncodedLength);
        AssertSchemaValid(buffer.AsSpan(0, length));
        // Hand count of this worst case (thing and site 64 chars, fw 32, ch4 "1000000.0", numbers at their longest): 476 bytes
        // (540 when thing names could be 128 characters long).
        Assert.Equal(476, length);
    }

    [Fact]
    public void Encoding_allocates_nothing_after_warm_up()
    {
        Reading r = FullReading();
        var buffer = new byte[TelemetryEncoder.MaxEncodedLength];
        _encoder.Encode(r, buffer, 0, buffer.Length);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 2000; i++)
        {
            r.Seq = i;
            r.Ch4Ppm = i * 1.37;
            _encoder.Encode(r, buffer, 0, buffer.Length);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
