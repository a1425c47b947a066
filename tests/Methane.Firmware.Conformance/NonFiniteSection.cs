using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Devices.Sht4x;
using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;

namespace Methane.Firmware.Conformance
{
    /// <summary>NaN, ±∞ and zero divisors into every public numeric entry point of the sensing path and its encoders.</summary>
    public static class NonFiniteSection
    {
        private static readonly double[] Bad = { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, double.MaxValue };

        public static void Run(Transcript t)
        {
            BoardConfig board = Boards.DevKitC();
            for (int i = 0; i < Bad.Length; i++)
            {
                double x = Bad[i];
                string v = Transcript.D(x);
                t.Line("clampHumidity " + v + " -> " + Transcript.D(Sht4xConversion.ClampHumidity(x)));
                t.Line("plausible T=" + v + " " + Transcript.B(board.Sensing.IsPlausible(x, 50)) + " RH=" + v + " " + Transcript.B(board.Sensing.IsPlausible(20, x)));

                Tgs2611Model model = new Tgs2611Model(board.Calibration);
                Model(t, "volts " + v, model, model.Compute(x, true, 20, 65, 1.0));
                Model(t, "temp " + v, model, model.Compute(1.0, true, x, 65, 1.0));
                Model(t, "rh " + v, model, model.Compute(1.0, true, 20, x, 1.0));
                Model(t, "r0corr " + v, model, model.Compute(1.0, true, 20, 65, x));
                t.Line("lel " + v + " -> " + Transcript.D(model.PpmToLelPct(x)));

                AlarmStateMachine alarm = new AlarmStateMachine(board.Alarm);
                string levels = "";
                for (int k = 0; k < 4; k++) { levels += Transcript.I(alarm.Update(x)); }
                levels += " then 25:";
                for (int k = 0; k < 3; k++) { levels += Transcript.I(alarm.Update(25)); }
                levels += " then " + v + ":";
                for (int k = 0; k < 4; k++) { levels += Transcript.I(alarm.Update(x)); }
                t.Line("alarm " + v + " " + levels);

                RateOfRiseDetector ror = new RateOfRiseDetector(board.Alarm);
                string fired = "";
                for (int k = 0; k < 8; k++)
                {
                    double ppm = k == 4 ? x : 100.0 * k;
                    fired += ror.Add(10000L * k, ppm) ? "1" : "0";
                }
                t.Line("rateOfRise ppm " + v + " at sample 4: " + fired + " slope " + Transcript.D(ror.SlopePpmPerMinute));

                BaselineTracker baseline = new BaselineTracker(board.Filter, board.Calibration);
                baseline.Update(5.0, 10, 1000);
                baseline.Update(4.0, 10, 61000);
                double before = baseline.Correction;
                baseline.Update(x, 10, 121000);
                baseline.Update(4.0, x, 181000);
                baseline.Update(4.0, 10, 241000);
                t.Line("baseline " + v + " before " + Transcript.D(before) + " after " + Transcript.D(baseline.Correction));
                baseline.Restore(x);
                t.Line("baseline restore " + v + " -> " + Transcript.D(baseline.Correction));

                EmaFilter ema = new EmaFilter(0.3);
                t.Line("ema " + v + " " + Transcript.D(ema.Add(1.0)) + " " + Transcript.D(ema.Add(x)) + " " + Transcript.D(ema.Add(2.0)));
                MedianFilter median = new MedianFilter(15, 5);
                string m = "";
                double[] seq = { 1.0, x, 3.0, 2.0, x, 5.0 };
                for (int k = 0; k < seq.Length; k++) { m += " " + Transcript.D(median.Add(seq[k])); }
                t.Line("median " + v + m);
                MedianFilter one = new MedianFilter(15, 1);
                t.Line("median1 " + v + " " + Transcript.D(one.Add(x)));

                Settings(t, v, x);
                Encode(t, v, x);
            }
            ZeroDivisors(t);
        }

        private static void Model(Transcript t, string label, Tgs2611Model m, int flags)
        {
            t.Line("model " + label + " flags " + Transcript.H(flags, 3) + " has " + Transcript.B(m.HasValue) + " vout " + Transcript.D(m.VoutVolts)
                + " k " + Transcript.D(m.CompensationFactor) + " rs " + Transcript.D(m.RsOhms) + " ratio " + Transcript.D(m.RsR0)
                + " ppm " + Transcript.D(m.Ppm) + " lel " + Transcript.D(m.LelPct));
        }

        private static void Settings(Transcript t, string v, double x)
        {
            string line = "validate " + v;
            for (int field = 0; field < 12; field++)
            {
                BoardConfig b = Boards.DevKitC();
                MethaneCalibration c = b.Calibration;
                switch (field)
                {
                    case 0: c.LoadResistorOhms = x; break;
                    case 1: c.CircuitVolts = x; break;
                    case 2: c.R0Ohms = x; break;
                    case 3: c.CurveB = x; break;
                    case 4: c.LelPpm = x; break;
                    case 5: b.Filter.EmaAlpha = x; break;
                    case 6: b.Filter.BaselineTimeConstantSeconds = x; break;
                    case 7: b.Alarm.HighLelPct = x; break;
                    case 8: b.Alarm.HysteresisLelPct = x; break;
                    case 9: b.Alarm.RateOfRisePpmPerMinute = x; break;
                    case 10: b.Sensing.TemperatureMaxC = x; break;
                    default: b.Sensing.HumidityMaxPct = x; break;
                }
                line += " " + Boards.Field(b.Validate());
            }
            t.Line(line);
        }

        private static void Encode(Transcript t, string v, double x)
        {
            TelemetryEncoder encoder = new TelemetryEncoder(new DeviceIdentity("dev-001", "site-a", "1.2.3"));
            Reading r = new Reading();
            r.Seq = 7; r.TimestampMs = 1767225600000; r.HasMethane = true; r.Ch4Ppm = x; r.LelPct = x;
            r.HasEnvironment = true; r.TemperatureC = x; r.RelativeHumidityPct = x; r.TemperatureTicks = 100; r.HumidityTicks = 200;
            r.HasRaw = true; r.AdcRaw = 5; r.VoutVolts = x; r.RsOhms = x; r.RsR0 = x;
            byte[] buffer = new byte[600];
            int n = encoder.Encode(r, buffer, 0, buffer.Length);
            t.Line("encode " + v + " " + (n < 0 ? "err " + Transcript.I(n) : Transcript.Ascii(buffer, 0, n)));

            byte[] record = new byte[ReadingOutbox.SlotSize];
            int len = ReadingRecord.Write(r, record, 0);
            Reading back = new Reading();
            bool ok = ReadingRecord.Read(record, 0, len, back);
            t.Line("record " + v + " len " + Transcript.I(len) + " read " + Transcript.B(ok) + " ch4 " + Transcript.D(back.Ch4Ppm) + " rs " + Transcript.D(back.RsR0));

            JsonWriter w = new JsonWriter(buffer);
            w.BeginArray();
            w.WriteFixed(x, 3);
            w.WriteFixed(1.5, 1);
            w.EndArray();
            t.Line("writer " + v + " " + Transcript.Ascii(buffer, 0, w.Length));
        }

        private static void ZeroDivisors(Transcript t)
        {
            BoardConfig b = Boards.DevKitC();
            b.Calibration.LelPpm = 0;
            b.Calibration.R0Ohms = 0;
            b.Calibration.CleanAirRsR0 = 0;
            b.Filter.BaselineTimeConstantSeconds = 0;
            b.Alarm.RateOfRiseWindowSeconds = 0;
            MethaneChannel channel = new MethaneChannel(b.Calibration, b.Filter, b.Alarm, b.Sensing);
            Reading r = new Reading();
            for (int i = 0; i < 4; i++)
            {
                r.Clear();
                r.HasEnvironment = true; r.TemperatureC = 20; r.RelativeHumidityPct = 65;
                channel.Process(200000 + 10000L * i, true, 8000 + i, 1.0 + 0.01 * i, false, r);
                t.Line("zero divisors sample " + Transcript.I(i) + " flags " + Transcript.H(r.Flags, 3) + " has " + Transcript.B(r.HasMethane)
                    + " ppm " + Transcript.D(r.Ch4Ppm) + " lel " + Transcript.D(r.LelPct) + " rs " + Transcript.D(r.RsOhms)
                    + " alarm " + Transcript.I(r.Alarm) + " baseline " + Transcript.D(channel.Baseline.Correction));
            }
        }
    }
}
