using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;

namespace Methane.Firmware.Conformance
{
    /// <summary>
    /// Alarm-event bytes (alarm-event-v1): every event kind, no methane value, NaN/±∞/out-of-range concentrations and rates,
    /// and a buffer too small for the message.
    /// </summary>
    public static class AlarmEventSection
    {
        private const double Nan = double.NaN;
        private const double Inf = double.PositiveInfinity;

        public static void Run(Transcript t)
        {
            DeviceIdentity id = new DeviceIdentity("dev-001", "site-a", "1.2.3");
            string[] events = { EventMessages.AlarmRaised, EventMessages.AlarmRaised, EventMessages.AlarmCleared, EventMessages.RateOfRise,
                EventMessages.AlarmRaised, EventMessages.AlarmRaised, EventMessages.AlarmRaised, EventMessages.AlarmChanged, EventMessages.RateOfRise,
                EventMessages.RateOfRise, EventMessages.AlarmRaised };
            bool[] has = { true, true, true, true, false, true, true, true, true, true, true };
            double[] ppm = { 5123.456, 10250.04, 980.95, 2500, 5000, Nan, Inf, 1000000.04, -0.04, 0.04, 1000000.06 };
            double[] lel = { 10.24691, 20.5001, 1.9619, 5, 10, Nan, -Inf, 2000, 0, 0.0004, 2000.0006 };
            double[] rise = { 12.34, 250, -3.25, 1500.05, Nan, Inf, -Inf, 0, -0.04, 1e12, 0.05 };
            int[] alarm = { 1, 2, 0, 1, 1, 2, 2, 1, 0, 0, 1 };
            int[] previous = { 0, 1, 1, 1, 0, 0, 1, 2, 0, 0, 0 };
            int[] flags = { 0, 0, ReadingFlags.ClockUnsynced, ReadingFlags.RateOfRise, ReadingFlags.SensorFault, ReadingFlags.Saturated, 0, 0, 0, 0, 0 };
            byte[] buffer = new byte[512];
            JsonWriter w = new JsonWriter(buffer);
            Reading r = new Reading();
            for (int i = 0; i < events.Length; i++)
            {
                r.Clear();
                r.Seq = 4000 + i;
                r.TimestampMs = 1767225600000 + 10000L * i;
                r.HasMethane = has[i];
                r.Ch4Ppm = ppm[i];
                r.LelPct = lel[i];
                r.Alarm = alarm[i];
                r.Flags = flags[i];
                w.Reset(buffer, 0, buffer.Length);
                EventMessages.WriteAlarm(w, id, r, events[i], previous[i], rise[i]);
                t.Line("alarm event " + Transcript.I(i) + " " + Transcript.I(w.Length) + " overflow " + Transcript.B(w.Overflow) + " "
                    + Transcript.Ascii(buffer, 0, w.Length));
            }
            r.Clear();
            r.Seq = 1; r.TimestampMs = 1; r.HasMethane = true; r.Ch4Ppm = 5000; r.LelPct = 10; r.Alarm = 1;
            w.Reset(buffer, 0, 60);
            EventMessages.WriteAlarm(w, id, r, EventMessages.AlarmRaised, 0, 1);
            t.Line("alarm event small buffer overflow " + Transcript.B(w.Overflow));
        }
    }
}
