using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Core.Wind;

namespace Methane.Firmware.Conformance
{
    /// <summary>
    /// The met-station role: the own trigonometry, the Davis 6410 transfer functions, the interval statistics (vector mean
    /// across north, calm, Yamartino σθ, 3-sample gust, completeness) fed normal values and NaN/±∞/0, stuck-vane and
    /// no-pulse faults, and the whole MetCycle over a fake pulse counter, ADS1115 and SHT4x, with the v2 telemetry bytes.
    /// </summary>
    public static class WindSection
    {
        private const double Nan = double.NaN;
        private const double Inf = double.PositiveInfinity;

        public static void Run(Transcript t)
        {
            RunTrig(t);
            RunDavis(t);
            RunStatistics(t);
            RunCycle(t);
        }

        private static void RunTrig(Transcript t)
        {
            double[] angles = { 0, 1, 30, 45, 90, 179.5, 180, 270, 359, 359.9, 360, -1, -90, 720.25, 1e6, 1e300, -1e300, Nan, Inf, -Inf };
            for (int i = 0; i < angles.Length; i++)
            {
                double a = angles[i];
                t.Line("trig " + Transcript.D(a) + " sin " + Transcript.D(Trig.SinDeg(a)) + " cos " + Transcript.D(Trig.CosDeg(a))
                    + " norm " + Transcript.D(Trig.Normalize(a)));
            }
            double[] ys = { 0, 1, 0, -1, 1, -1, 1e-300, 0, Nan, 1, Inf, 1, Inf, -Inf, Inf, 0.5 };
            double[] xs = { 1, 0, -1, 0, 1, -1, -1, 0, 1, Nan, 1, Inf, Inf, Inf, -Inf, 0.5 };
            for (int i = 0; i < ys.Length; i++)
            {
                t.Line("atan2 " + Transcript.D(ys[i]) + " " + Transcript.D(xs[i]) + " -> " + Transcript.D(Trig.Atan2Deg(ys[i], xs[i])));
            }
            double[] s = { -1.5, -1, -0.5, 0, 0.5, 0.999999, 1, 2, Nan, Inf, -Inf };
            for (int i = 0; i < s.Length; i++)
            {
                t.Line("asin " + Transcript.D(s[i]) + " -> " + Transcript.D(Trig.AsinDeg(s[i])));
            }
        }

        private static void RunDavis(Transcript t)
        {
            long[] pulses = { 0, 1, 3, 100, 5, 5, -5, 5, 5, 0, long.MaxValue };
            long[] ms = { 1000, 1000, 3000, 1000, 0, -1, 1000, 1000, 1000, 1000, 1 };
            double[] k = { 2.25, 2.25, 2.25, 2.25, 2.25, 2.25, 2.25, Nan, Inf, Inf, 2.25 };
            for (int i = 0; i < pulses.Length; i++)
            {
                t.Line("speed " + Transcript.I(pulses[i]) + "/" + Transcript.I(ms[i]) + "ms k " + Transcript.D(k[i]) + " -> "
                    + Transcript.D(Davis6410.SpeedMs(pulses[i], ms[i], k[i])));
            }
            double[] wiper = { 0, 1.65, 3.3, 3.3, 1.65, 1.65, 1.65, Nan, Inf, 1.65, 1.65, 1.65, 0.825 };
            double[] exc = { 3.3, 3.3, 3.3, 3.3, 0, -3.3, Nan, 3.3, 3.3, Inf, 3.3, 1e-300, 3.3 };
            double[] off = { 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, Nan, 0, 350 };
            for (int i = 0; i < wiper.Length; i++)
            {
                t.Line("direction " + Transcript.D(wiper[i]) + "V of " + Transcript.D(exc[i]) + "V offset " + Transcript.D(off[i]) + " -> "
                    + Transcript.D(Davis6410.DirectionDeg(wiper[i], exc[i], off[i])));
            }
        }

        private static WindSettings Settings()
        {
            WindSettings w = new WindSettings();
            w.PulsePin = 25; w.MphPerHz = 2.25; w.MaxSpeedMs = 89; w.VaneChannel = 0; w.VaneExcitationVolts = 3.3;
            w.VaneOffsetDeg = 0; w.SampleMilliseconds = 1000; w.CalmSpeedMs = 0.5;
            return w;
        }

        private static void RunStatistics(Transcript t)
        {
            WindSettings settings = Settings();
            WindStatistics s = new WindStatistics();
            Reading r = new Reading();
            TelemetryEncoder encoder = new TelemetryEncoder(new DeviceIdentity("met-001", "site-a", "1.2.3"));
            byte[] json = new byte[900];

            // 359° and 1° alternate: the vector mean is north (0.0), σθ = 1° · (1 + b sin³1°).
            s.Reset();
            for (int i = 0; i < 10; i++) { s.Add(4, 1000, settings.MphPerHz, true, true, i % 2 == 0 ? 359 : 1, 100 + i, 0.01 * i); }
            Finish(t, "north", s, settings, 10, r, encoder, json);

            // Hand-computed Yamartino example: 0° and 90° → mean 45°, ε = √½, σθ = 45° · (1 + b ε³).
            s.Reset();
            s.Add(4, 1000, settings.MphPerHz, true, true, 0, 0, 0);
            s.Add(4, 1000, settings.MphPerHz, true, true, 90, 6600, 0.825);
            Finish(t, "yamartino", s, settings, 2, r, encoder, json);

            // Opposite directions cancel: no resultant, no direction.
            s.Reset();
            for (int i = 0; i < 4; i++) { s.Add(4, 1000, settings.MphPerHz, true, true, i % 2 == 0 ? 90 : 270, 100 * i, 0.1 * i); }
            Finish(t, "opposite", s, settings, 4, r, encoder, json);

            // Gust: the highest 3-sample mean (10+12+11 pulses in 3 s), mean over all 8 s.
            s.Reset();
            long[] gustPulses = { 2, 2, 2, 10, 12, 11, 2, 2 };
            for (int i = 0; i < gustPulses.Length; i++) { s.Add(gustPulses[i], 1000, settings.MphPerHz, true, true, 200 + i, 1000 + 50 * i, 1.8); }
            Finish(t, "gust", s, settings, 8, r, encoder, json);

            // Fewer than 3 samples: the gust is the mean.
            s.Reset();
            s.Add(5, 1000, settings.MphPerHz, true, true, 10, 10, 0.09);
            s.Add(7, 1000, settings.MphPerHz, true, true, 20, 20, 0.18);
            Finish(t, "two samples", s, settings, 2, r, encoder, json);

            // Calm: no pulse at all, and one pulse in 10 s (0.1 m/s < 0.5).
            s.Reset();
            for (int i = 0; i < 5; i++) { s.Add(0, 1000, settings.MphPerHz, true, true, 45 + i, 3000 + 10 * i, 0.4); }
            Finish(t, "no pulses", s, settings, 5, r, encoder, json);
            s.Reset();
            for (int i = 0; i < 10; i++) { s.Add(i == 4 ? 1 : 0, 1000, settings.MphPerHz, true, true, 45 + i, 3000 + 10 * i, 0.4); }
            Finish(t, "calm", s, settings, 10, r, encoder, json);

            // Stuck vane: codes within 2 steps while the wind blows (≥ 2 m/s).
            s.Reset();
            for (int i = 0; i < 6; i++) { s.Add(3, 1000, settings.MphPerHz, true, true, 123.4, 13700 + (i % 3), 1.13); }
            Finish(t, "stuck", s, settings, 6, r, encoder, json);
            // The same codes in light wind: not stuck.
            s.Reset();
            for (int i = 0; i < 6; i++) { s.Add(1, 1000, settings.MphPerHz, true, true, 123.4, 13700 + (i % 3), 1.13); }
            Finish(t, "still light", s, settings, 6, r, encoder, json);

            // Vane faults: no answer, out of range, NaN/±∞ directions; incomplete interval.
            s.Reset();
            s.Add(4, 1000, settings.MphPerHz, false, false, Nan, 0, Nan);
            s.Add(4, 1000, settings.MphPerHz, true, false, 10, 32767, 4.1);
            s.Add(4, 1000, settings.MphPerHz, true, true, Nan, 50, 0.5);
            s.Add(4, 1000, settings.MphPerHz, true, true, 30, 60, 0.6);
            s.Add(4, 1000, settings.MphPerHz, true, true, 40, 70, 0.7);
            Finish(t, "vane faults", s, settings, 5, r, encoder, json);
            s.Reset();
            s.Add(4, 1000, settings.MphPerHz, true, true, 30, 60, 0.6);
            s.Add(4, 1000, settings.MphPerHz, true, true, Inf, 61, 0.6);
            s.Add(4, 1000, settings.MphPerHz, true, true, 50, 70, 0.7);
            Finish(t, "direction +inf", s, settings, 3, r, encoder, json);
            s.Reset();
            s.Add(4, 1000, settings.MphPerHz, true, true, -Inf, 61, 0.6);
            s.Add(4, 1000, settings.MphPerHz, true, true, 50, 70, 0.7);
            Finish(t, "direction -inf", s, settings, 2, r, encoder, json);

            // Zero and negative elapsed time are not samples; nothing at all: NaN speed.
            s.Reset();
            s.Add(4, 0, settings.MphPerHz, true, true, 10, 1, 0.1);
            s.Add(4, -1000, settings.MphPerHz, true, true, 10, 1, 0.1);
            Finish(t, "no time", s, settings, 0, r, encoder, json);

            // Coefficient NaN/+∞/0, and a speed over the anemometer's range.
            double[] ks = { Nan, Inf, 0 };
            for (int j = 0; j < ks.Length; j++)
            {
                WindSettings odd = Settings();
                odd.MphPerHz = ks[j];
                s.Reset();
                for (int i = 0; i < 4; i++) { s.Add(4, 1000, odd.MphPerHz, true, true, 100 + 10 * i, 9000 + 100 * i, 0.9); }
                Finish(t, "k " + Transcript.D(ks[j]), s, odd, 4, r, encoder, json);
            }
            s.Reset();
            for (int i = 0; i < 4; i++) { s.Add(i == 2 ? 300 : 60, 1000, settings.MphPerHz, true, true, 300, 20000 + 100 * i, 2.7); }
            Finish(t, "over range", s, settings, 4, r, encoder, json);
            s.Reset();
            for (int i = 0; i < 3; i++) { s.Add(-5, 1000, settings.MphPerHz, true, true, 300, 20000 + 100 * i, 2.7); }
            Finish(t, "negative pulses", s, settings, 3, r, encoder, json);
        }

        private static void Finish(Transcript t, string label, WindStatistics s, WindSettings settings, int expected, Reading r,
            TelemetryEncoder encoder, byte[] json)
        {
            r.Clear();
            r.Seq = 7;
            r.TimestampMs = 1767225600000;
            r.IsMetStation = true;
            s.WriteTo(r, settings, expected);
            t.Line("wind " + label + " samples " + Transcript.I(s.Samples) + "/" + Transcript.I(r.WindSamples) + " pulses " + Transcript.I(r.WindPulses)
                + " ms " + Transcript.I(s.Milliseconds) + " flags " + Transcript.H(r.WindFlags, 2) + " speed " + Transcript.D(r.WindSpeedMs)
                + " gust " + Transcript.D(r.WindGustMs) + " dir " + Transcript.D(r.WindDirectionDeg) + " sigma " + Transcript.D(r.WindSigmaThetaDeg)
                + " vane " + Transcript.D(r.VaneVolts));
            int n = encoder.Encode(r, json, 0, json.Length);
            t.Line("wind json " + label + " " + (n < 0 ? "err " + Transcript.I(n) : Transcript.Ascii(json, 0, n)));
        }

        /// <summary>The met station's interval over the real ADS1115 driver and SHT4x sensor, with counter and vane faults.</summary>
        private static void RunCycle(Transcript t)
        {
            BoardConfig board = Boards.Met();
            t.Line("met board valid " + Boards.Field(board.Validate()) + " role met " + Transcript.B(board.IsMetStation));
            FakeClock clock = new FakeClock();
            clock.UptimeMilliseconds = 5000;
            clock.IsWallClockSet = true;
            FakeAds1115 adc = new FakeAds1115();
            FakeSht4x env = new FakeSht4x();
            env.TemperatureTicks = 24341;
            env.HumidityTicks = 37224;
            FakePulseCounter counter = new FakePulseCounter();
            MetCycle cycle = new MetCycle(board, adc, env, counter, clock);
            TelemetryEncoder encoder = new TelemetryEncoder(new DeviceIdentity("met-001", "site-a", "1.2.3"));
            Reading r = new Reading();
            byte[] json = new byte[900];
            for (int interval = 0; interval < 4; interval++)
            {
                for (int i = 0; i < 12; i++)
                {
                    clock.UptimeMilliseconds += 1000;
                    counter.Count += interval == 1 ? 0 : 3 + (i % 4);     // interval 1: no pulses (cable cut)
                    counter.Status = interval == 3 && i == 5 ? DeviceStatus.BusError : DeviceStatus.Ok;
                    if (interval == 3 && i == 8) { counter.Count = 2; }   // counter restarted: a new baseline
                    adc.Fault = interval == 2 && i == 3 ? I2cStatus.AddressNack : I2cStatus.Ok;
                    // Vane: ±4.096 V range, 8000 codes per volt; 359°…1° across north in interval 0, stuck in 2, open wiper in 3.
                    if (interval == 0) { adc.NextRaw = (short)(i % 2 == 0 ? 26327 : 73); }
                    else if (interval == 2) { adc.NextRaw = (short)(13200 + (i % 2)); }
                    else if (interval == 3 && i == 2) { adc.NextRaw = short.MaxValue; }
                    else { adc.NextRaw = (short)(8000 + 400 * i); }
                    cycle.Station.Sample();
                    t.Line("met sample " + Transcript.I(interval) + "." + Transcript.I(i) + " counter " + Transcript.I((int)cycle.Station.LastCounterStatus)
                        + " vane " + Transcript.I((int)cycle.Station.LastVaneStatus) + " speed " + Transcript.D(cycle.Station.LastSpeedMs)
                        + " dir " + Transcript.D(cycle.Station.LastDirectionDeg) + " V " + Transcript.D(cycle.Station.LastVaneVolts)
                        + " taken " + Transcript.I(cycle.Station.SamplesTaken));
                }
                r.Seq = interval;
                cycle.Measure(r);
                int n = encoder.Encode(r, json, 0, json.Length);
                t.Line("met reading " + Transcript.I(interval) + " env " + Transcript.I((int)cycle.LastEnvironmentStatus) + " flags " + Transcript.H(r.Flags, 3)
                    + " wind " + Transcript.H(r.WindFlags, 2) + " " + (n < 0 ? "err " + Transcript.I(n) : Transcript.Ascii(json, 0, n)));
            }
        }
    }
}
