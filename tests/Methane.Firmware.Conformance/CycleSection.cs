using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;

namespace Methane.Firmware.Conformance
{
    /// <summary>
    /// The whole sensing path (SHT4x → ADS1115 → MethaneChannel) every 10 s for 80 cycles through a gas scenario with every
    /// fault: clock unsynced, warm-up, clean air, a leak (rate of rise, low and high alarm), clearing with hysteresis, ADC NACK,
    /// SHT CRC error and NACK, implausible temperature, saturation both ways, conversion timeout, a stuck converter, and a
    /// heater restart (a second warm-up, after which no false rate-of-rise alarm may fire).
    /// </summary>
    public static class CycleSection
    {
        private const int Clean = 9524;

        public static void Run(Transcript t)
        {
            BoardConfig board = Boards.DevKitC();
            board.Filter.StuckSampleCount = 5;
            FakeClock clock = new FakeClock();
            FakeAds1115 adc = new FakeAds1115();
            FakeSht4x env = new FakeSht4x();
            MeasurementCycle cycle = new MeasurementCycle(board, adc, env, clock);
            TelemetryEncoder encoder = new TelemetryEncoder(new DeviceIdentity("dev-001", "site-a", "1.2.3"));
            Reading r = new Reading();
            byte[] json = new byte[600];
            for (int i = 0; i < 80; i++)
            {
                clock.UptimeMilliseconds = 10000L * i;
                clock.IsWallClockSet = i >= 3;
                env.TemperatureTicks = i == 44 ? 39321 : 24341 + (i % 4); // 20 °C; 60 °C at 44
                env.HumidityTicks = 37224 - (i % 3);                       // ≈ 65 %RH
                env.CorruptCrc = i == 42;
                env.Fault = i == 43 ? I2cStatus.AddressNack : I2cStatus.Ok;
                adc.Fault = i == 41 ? I2cStatus.AddressNack : I2cStatus.Ok;
                adc.NeverIdle = i == 48;
                adc.BusyPolls = i % 2;
                adc.NextRaw = Raw(i);
                if (i == 56) { cycle.Channel.WarmUp.Restart(clock.UptimeMilliseconds); }

                cycle.Measure(r);
                r.Seq = i;
                t.Line("cycle " + Transcript.I(i) + " t " + Transcript.I(r.TimestampMs) + " flags " + Transcript.H(r.Flags, 3) + " alarm " + Transcript.I(r.Alarm)
                    + " adc " + Transcript.I((int)cycle.LastAdcStatus) + " env " + Transcript.I((int)cycle.LastEnvironmentStatus)
                    + " raw " + Transcript.I(r.AdcRaw) + " ppm " + Transcript.D(r.Ch4Ppm) + " lel " + Transcript.D(r.LelPct)
                    + " T " + Transcript.D(r.TemperatureC) + " RH " + Transcript.D(r.RelativeHumidityPct)
                    + " vout " + Transcript.D(r.VoutVolts) + " rs " + Transcript.D(r.RsOhms) + " rsr0 " + Transcript.D(r.RsR0)
                    + " slope " + Transcript.D(cycle.Channel.RateOfRise.SlopePpmPerMinute) + " k0 " + Transcript.D(cycle.Channel.Baseline.Correction));
                int n = encoder.Encode(r, json, 0, json.Length);
                t.Line("json " + Transcript.I(i) + " " + (n < 0 ? "err " + Transcript.I(n) : Transcript.Ascii(json, 0, n)));
            }
        }

        private static short Raw(int i)
        {
            if (i < 21) { return (short)(Clean + (i % 3)); }
            if (i < 27) { return (short)(Clean + 1300 * (i - 20)); }   // leak: up to 17324
            if (i < 33) { return (short)(17600 + (i % 2)); }           // above 20 %LEL
            if (i < 37) { return (short)(16150 + (i % 2)); }           // between low and high
            if (i < 45) { return (short)(Clean + (i % 3)); }
            if (i < 47) { return short.MaxValue; }
            if (i == 47) { return short.MinValue; }
            if (i < 49) { return (short)(Clean + 2); }
            if (i < 56) { return 9999; }                               // stuck from the 5th identical sample
            return (short)(Clean + (i % 3));
        }
    }
}
