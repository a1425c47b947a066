using Methane.Firmware.Core.Sensing;

namespace Methane.Integration.Tests.EndToEnd;

/// <summary>A plausible, schema-valid reading whose methane value varies with seq (so payloads differ).</summary>
public static class SyntheticReading
{
    public static void Fill(Reading r, long seq, long epochMs)
    {
        r.Clear();
        r.Seq = seq;
        r.TimestampMs = epochMs;
        r.HasMethane = true;
        r.Ch4Ppm = 1800 + (seq % 400) * 2.5;
        r.LelPct = r.Ch4Ppm / 500; // LEL = 50,000 ppm, so %LEL = ppm / 500
        r.HasEnvironment = true;
        r.TemperatureTicks = 26214; // SHT4x: -45 + 175 * 26214 / 65535 = 25.0 °C
        r.TemperatureC = 25.0;
        r.HumidityTicks = 26214;    // SHT4x: -6 + 125 * 26214 / 65535 = 44.0 %RH
        r.RelativeHumidityPct = 44.0;
        r.HasRaw = true;
        r.AdcRaw = 12000;           // ADS1115 ±4.096 V: 12000 * 4.096 / 32768 = 1.5 V
        r.VoutVolts = 1.5;
        r.RsOhms = 23333.3;         // RL 10 kΩ, Vc 5 V: 10000 * (5 - 1.5) / 1.5
        r.RsR0 = 0.5;
        r.Alarm = AlarmLevel.None;
        r.Flags = ReadingFlags.None;
    }
}
