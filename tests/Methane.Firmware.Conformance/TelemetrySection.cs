using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;

namespace Methane.Firmware.Conformance
{
    /// <summary>Single and batch telemetry bytes (schema v1), with absent parts, limits and a message-size cut.</summary>
    public static class TelemetrySection
    {
        public static void Run(Transcript t)
        {
            TelemetryEncoder encoder = new TelemetryEncoder(new DeviceIdentity("dev-001", "site-a", "1.2.3"));
            t.Line("identity valid " + Transcript.B(DeviceIdentity.IsValidThingName("dev-001")) + " " + Transcript.B(DeviceIdentity.IsValidThingName("a/b"))
                + " " + Transcript.B(DeviceIdentity.IsValidSiteId("site-a")) + " " + Transcript.B(DeviceIdentity.IsValidFirmwareVersion("1.2.3")));
            Reading[] readings = new Reading[6];
            for (int i = 0; i < readings.Length; i++)
            {
                Reading r = new Reading();
                r.Seq = 1000 + i;
                r.TimestampMs = 1767225600000 + 5000L * i;
                r.HasMethane = i != 2;
                r.Ch4Ppm = 12.3456 * (i + 1) * (i + 1);
                r.LelPct = r.Ch4Ppm / 500.0;
                r.HasEnvironment = i != 3;
                r.TemperatureC = -5.55 + 7.125 * i;
                r.RelativeHumidityPct = 30.05 + 11.5 * i;
                r.TemperatureTicks = 20000 + i;
                r.HumidityTicks = 40000 - i;
                r.HasRaw = i != 4;
                r.AdcRaw = i == 5 ? -32768 : 9524 + i;
                r.VoutVolts = 2.38 + 0.001 * i;
                r.RsOhms = 11000.5 - 100.25 * i;
                r.RsR0 = 5.0 - 0.05 * i;
                r.Alarm = i % 3;
                r.Flags = i == 5 ? ReadingFlags.Replayed | ReadingFlags.Saturated : (i == 1 ? ReadingFlags.ClockUnsynced : 0);
                readings[i] = r;
            }
            byte[] buffer = new byte[1200];
            for (int i = 0; i < readings.Length; i++)
            {
                int n = encoder.Encode(readings[i], buffer, 0, buffer.Length);
                t.Line("single " + Transcript.I(n) + " " + Transcript.Ascii(buffer, 0, n < 0 ? 0 : n));
            }
            t.Line("single too small " + Transcript.I(encoder.Encode(readings[0], buffer, 0, 40)));
            Reading bad = new Reading();
            bad.CopyFrom(readings[0]);
            bad.Seq = -1;
            t.Line("single invalid " + Transcript.I(encoder.Encode(bad, buffer, 0, buffer.Length)) + " encodable " + Transcript.B(TelemetryEncoder.IsEncodable(bad)));

            TelemetryBatchBuilder batch = new TelemetryBatchBuilder(encoder, buffer, 0, buffer.Length, 900);
            batch.Reset();
            for (int i = 0; i < readings.Length; i++)
            {
                t.Line("batch add " + Transcript.I(i) + " " + Transcript.I((int)batch.TryAdd(readings[i])) + " count " + Transcript.I(batch.Count));
            }
            t.Line("batch add invalid " + Transcript.I((int)batch.TryAdd(bad)));
            int length = batch.Finish();
            t.Line("batch " + Transcript.I(length) + " " + Transcript.Ascii(batch.Buffer, batch.Offset, length));
            batch.Reset();
            t.Line("batch empty finish " + Transcript.I(batch.Finish()));
            TelemetryBatchBuilder tiny = new TelemetryBatchBuilder(encoder, new byte[100], 0, 100, 100);
            tiny.Reset();
            t.Line("batch too large " + Transcript.I((int)tiny.TryAdd(readings[0])));
        }
    }
}
