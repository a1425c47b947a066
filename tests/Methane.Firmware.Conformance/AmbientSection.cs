using Methane.Firmware.Core.Ambient;
using Methane.Firmware.Core.App;
using Methane.Firmware.Core.CommandConsole;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Shadow;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Core.Text;

namespace Methane.Firmware.Conformance
{
    /// <summary>
    /// The ambient-methane path: absolute humidity, the coefficient set (quantization, checksum, partial/out-of-range/NaN
    /// sets refused), the model and the block-minimum background with NaN/±∞/zero inputs, the estimator's ambient group
    /// with its telemetry v2 bytes and outbox record, and coefficient sets applied through the shadow.
    /// </summary>
    public static class AmbientSection
    {
        private const double Nan = double.NaN;
        private const double Inf = double.PositiveInfinity;

        public static void Run(Transcript t)
        {
            RunHumidity(t);
            RunCalibration(t);
            RunModel(t);
            RunBackground(t);
            RunEstimator(t);
            RunShadow(t);
        }

        private static void RunHumidity(Transcript t)
        {
            double[] temps = { 20, 0, 35, -243.12, -273.15, Nan, 20, Inf, -Inf, 20 };
            double[] rhs = { 50, 0, 90, 50, 50, 50, Nan, 50, 50, Inf };
            for (int i = 0; i < temps.Length; i++)
            {
                t.Line("absHumidity " + Transcript.D(temps[i]) + " " + Transcript.D(rhs[i]) + " -> "
                    + Transcript.D(AbsoluteHumidity.GramsPerCubicMetre(temps[i], rhs[i])));
            }
        }

        private static void RunCalibration(Transcript t)
        {
            double[] q = { 818.5, -338.1, 1.5e-9, -1.5e-9, 0.4e-9, 9e9, 9.1e9, -9.1e9, Nan, Inf, -Inf };
            for (int i = 0; i < q.Length; i++)
            {
                t.Line("quantize " + Transcript.D(q[i]) + " -> " + Transcript.I(AmbientCalibration.Quantize(q[i])));
            }
            AmbientCalibration good = Boards.DevKitCAmbient().Ambient;
            t.Line("calibration defaults checksum " + Transcript.I(good.Checksum) + " valid " + Boards.Field(good.Validate()));
            AmbientCalibration c = new AmbientCalibration();
            string[] cases = { "partial", "checksum", "lnRsSlope+", "intercept NaN", "sigma 0", "sigma 2.6", "drift inf", "fitted 2", "epoch -1", "refit" };
            for (int i = 0; i < cases.Length; i++)
            {
                c.CopyFrom(good);
                switch (i)
                {
                    case 0: c.LnRsSlope = -300; break;
                    case 1: c.Checksum = good.Checksum ^ 1; break;
                    case 2: c.LnRsSlope = 5; c.Checksum = c.ComputeChecksum(); break;
                    case 3: c.Intercept = Nan; c.Checksum = c.ComputeChecksum(); break;
                    case 4: c.SigmaPpm = 0; c.Checksum = c.ComputeChecksum(); break;
                    case 5: c.SigmaPpm = 2.6; c.Checksum = c.ComputeChecksum(); break;
                    case 6: c.DriftPerDay = Inf; c.Checksum = c.ComputeChecksum(); break;
                    case 7: c.Fitted = 2; c.Checksum = c.ComputeChecksum(); break;
                    case 8: c.EpochDay = -1; c.Checksum = c.ComputeChecksum(); break;
                    default: c.Intercept = 800.25; c.LnRsSlope = -330.5; c.Fitted = 1; c.Checksum = c.ComputeChecksum(); break;
                }
                string reason = c.Validate();
                t.Line("calibration " + cases[i] + " checksum " + Transcript.I(c.ComputeChecksum()) + " -> " + Boards.Field(reason)
                    + (reason != null && reason.IndexOf("checksum") >= 0 ? " | " + reason : ""));
            }
        }

        private static void RunModel(Transcript t)
        {
            AmbientModel model = new AmbientModel(Boards.DevKitCAmbient().Ambient);
            long day = 86400000L;
            long epoch = 20454 * day + 43200000; // half a day after the calibration day
            bool[] sensorOk = { true, true, true, false, true, true, true, true, true, true, true, true, true, true };
            double[] rs = { 11188, 10000, 30000, 11188, 0, -5, Nan, Inf, 11188, 11188, 11188, 11188, 1000, 11188 };
            bool[] envOk = { true, true, true, true, true, true, true, true, false, true, true, true, true, true };
            double[] temp = { 20, 25, 20, 20, 20, 20, 20, 20, 20, Nan, 20, -243.12, 20, 20 };
            double[] rh = { 50, 40, 50, 50, 50, 50, 50, 50, 50, 50, Nan, 50, 50, 50 };
            long[] when = { epoch, epoch, epoch, epoch, epoch, epoch, epoch, epoch, epoch, epoch, epoch, epoch, epoch, -1 };
            for (int i = 0; i < rs.Length; i++)
            {
                double ppm = model.Compute(sensorOk[i], rs[i], envOk[i], temp[i], rh[i], when[i]);
                t.Line("model " + Transcript.I(i) + " rs " + Transcript.D(rs[i]) + " T " + Transcript.D(temp[i]) + " RH " + Transcript.D(rh[i])
                    + " -> " + Transcript.D(ppm) + " flags " + Transcript.H(model.Flags, 2) + " last " + Transcript.D(model.Ppm));
            }
            AmbientCalibration drift = Boards.DevKitCAmbient().Ambient;
            drift.DriftPerDay = 0.05;
            drift.Fitted = 1;
            AmbientModel aged = new AmbientModel(drift);
            t.Line("model drift 30.5 days " + Transcript.D(aged.Compute(true, 11188, true, 20, 50, epoch + 30 * day)) + " flags " + Transcript.H(aged.Flags, 2));
            AmbientCalibration curved = Boards.DevKitCAmbient().Ambient;
            curved.TemperatureSquaredSlope = 0.02;
            curved.TemperatureHumiditySlope = -0.05;
            AmbientModel second = new AmbientModel(curved);
            t.Line("model second order T 30 RH 70 " + Transcript.D(second.Compute(true, 11188, true, 30, 70, epoch)) + " flags " + Transcript.H(second.Flags, 2));
            AmbientCalibration zero = new AmbientCalibration();
            AmbientModel unset = new AmbientModel(zero);
            t.Line("model zero coefficients " + Transcript.D(unset.Compute(true, 11188, true, 20, 50, epoch)) + " flags " + Transcript.H(unset.Flags, 2));
            zero.LnRsSlope = Nan;
            t.Line("model NaN slope " + Transcript.D(unset.Compute(true, 11188, true, 20, 50, epoch)) + " flags " + Transcript.H(unset.Flags, 2));
        }

        private static void RunBackground(Transcript t)
        {
            BackgroundEstimator b = new BackgroundEstimator();
            int flags;
            // A sample every 100 s for 80 minutes; a plume in minutes 20–30, NaN samples in block 2, a block with too few samples.
            for (int i = 0; i < 48; i++)
            {
                long at = 100000L * i;
                double ppm = 2.0 + 0.01 * (i % 3);
                if (i >= 12 && i < 18) { ppm = 6.5 + i; }
                if (i >= 6 && i < 9) { ppm = Nan; }
                if (i >= 36 && i < 40) { ppm = Nan; }
                b.Add(at, ppm);
                if (i % 3 == 2)
                {
                    double bg = b.Estimate(out flags);
                    t.Line("background " + Transcript.I(i) + " blocks " + Transcript.I(b.CompleteBlocks) + " -> " + Transcript.D(bg) + " flags " + Transcript.H(flags, 2));
                }
            }
            double[] odd = { Inf, -Inf, 0, -0.0 };
            for (int k = 0; k < odd.Length; k++)
            {
                b.Reset();
                for (int i = 0; i < 16; i++) { b.Add(100000L * i, i < 4 ? odd[k] : 2.5 - 0.1 * (i / 4)); }
                double bg = b.Estimate(out flags);
                t.Line("background first block " + Transcript.D(odd[k]) + " blocks " + Transcript.I(b.CompleteBlocks) + " -> " + Transcript.D(bg) + " flags " + Transcript.H(flags, 2));
            }
            b.Reset();
            for (int i = 0; i < 16; i++) { b.Add(100000L * i, i < 4 ? Inf : (i < 8 ? -Inf : 3.0)); }
            t.Line("background +inf then -inf " + Transcript.D(b.Estimate(out flags)) + " flags " + Transcript.H(flags, 2));
            b.Reset();
            for (int i = 0; i < 16; i++) { b.Add(100000L * i, i < 4 ? -Inf : (i < 8 ? Inf : 3.0)); }
            t.Line("background -inf then +inf " + Transcript.D(b.Estimate(out flags)) + " flags " + Transcript.H(flags, 2));
            b.Reset();
            b.Add(5000, 2.0);
            b.Add(5000, 2.0);
            b.Add(5000 + BackgroundEstimator.BlockMilliseconds, 2.0);
            b.Add(4000, 2.0);
            t.Line("background clock back " + Transcript.D(b.Estimate(out flags)) + " blocks " + Transcript.I(b.CompleteBlocks) + " flags " + Transcript.H(flags, 2));
        }

        private static void RunEstimator(Transcript t)
        {
            BoardConfig board = Boards.DevKitCAmbient();
            AmbientEstimator estimator = new AmbientEstimator(board.Ambient);
            TelemetryEncoder encoder = new TelemetryEncoder(new DeviceIdentity("dev-001", "site-a", "1.2.3"));
            Reading r = new Reading();
            Reading back = new Reading();
            byte[] json = new byte[900];
            byte[] record = new byte[ReadingRecord.MaxLength];
            long day0 = 20454L * 86400000L;
            for (int i = 0; i < 40; i++)
            {
                r.Clear();
                r.Seq = i;
                r.TimestampMs = day0 + 60000L * i;
                r.HasMethane = true; r.Ch4Ppm = 0; r.LelPct = 0;
                r.HasEnvironment = i != 30;
                r.TemperatureC = i == 31 ? Nan : 20 + 0.1 * (i % 5);
                r.RelativeHumidityPct = 50;
                r.HasRaw = true;
                r.RsOhms = i == 32 ? Nan : (i == 33 ? 0 : (i >= 20 && i < 24 ? 9000 : 11188 + 10 * (i % 4)));
                r.RsR0 = r.RsOhms / 2200;
                r.Flags = i == 34 ? ReadingFlags.WarmingUp : (i == 35 ? ReadingFlags.EnvOutOfRange : 0);
                estimator.Process(r, 60000L * i, i == 36 ? -1 : r.TimestampMs);
                t.Line("ambient " + Transcript.I(i) + " ppm " + Transcript.D(r.AmbientPpm) + " bg " + Transcript.D(r.BackgroundPpm)
                    + " sigma " + Transcript.D(r.AmbientSigmaPpm) + " flags " + Transcript.H(r.BackgroundFlags, 2) + "/" + Transcript.H(r.EnhancementFlags, 2));
                if (i % 4 == 3 || i >= 30)
                {
                    int n = encoder.Encode(r, json, 0, json.Length);
                    t.Line("ambient json " + Transcript.I(i) + " " + (n < 0 ? "err " + Transcript.I(n) : Transcript.Ascii(json, 0, n)));
                    int length = ReadingRecord.Write(r, record, 0);
                    back.Clear();
                    bool ok = ReadingRecord.Read(record, 0, length, back);
                    t.Line("ambient record " + Transcript.I(i) + " " + Transcript.Bytes(record, 0, length) + " read " + Transcript.B(ok)
                        + " " + Transcript.D(back.AmbientPpm) + " " + Transcript.D(back.BackgroundPpm) + " " + Transcript.H(back.EnhancementFlags, 2));
                }
            }
        }

        /// <summary>Coefficient sets through the shadow agent: whole set with its checksum applied, anything else refused whole.</summary>
        private static void RunShadow(Transcript t)
        {
            BoardConfig board = Boards.DevKitCAmbient();
            DeviceSettings device = new DeviceSettings();
            ConfigTable table = new ConfigTable(board, device);
            ShadowAgent agent = new ShadowAgent(table, "1.2.3");
            AmbientCalibration fit = new AmbientCalibration();
            fit.CopyFrom(board.Ambient);
            fit.Intercept = 802.125; fit.LnRsSlope = -331.75; fit.TemperatureSlope = -2.5; fit.HumiditySlope = -4.25;
            fit.TemperatureSquaredSlope = 0.0125; fit.TemperatureHumiditySlope = -0.03;
            fit.DriftPerDay = 0.012; fit.EpochDay = 20460; fit.SigmaPpm = 0.35; fit.Fitted = 1;
            string sum = TextFormat.Int(fit.ComputeChecksum());
            string set = "\"ambient.intercept\":802.125,\"ambient.lnRsSlope\":-331.75,\"ambient.temperatureSlope\":-2.5,\"ambient.humiditySlope\":-4.25,"
                + "\"ambient.temperatureSquaredSlope\":0.0125,\"ambient.temperatureHumiditySlope\":-0.03,"
                + "\"ambient.driftPerDay\":0.012,\"ambient.epochDay\":20460,\"ambient.sigmaPpm\":0.35,\"ambient.fitted\":1";
            string[] deltas =
            {
                "{\"version\":2,\"state\":{" + set + ",\"ambient.checksum\":" + sum + "}}",
                "{\"version\":3,\"state\":{\"ambient.intercept\":810}}",
                "{\"version\":4,\"state\":{\"ambient.intercept\":810,\"ambient.checksum\":" + sum + "}}",
                "{\"version\":5,\"state\":{\"ambient.lnRsSlope\":5}}",
                "{\"version\":6,\"state\":{\"ambient.intercept\":1e400}}",
                "{\"version\":7,\"state\":{\"ambient.sigmaPpm\":null}}",
                "{\"version\":8,\"state\":{\"ambient.checksum\":2.5}}",
                "{\"version\":9,\"state\":{" + set + "}}",
            };
            byte[] report = new byte[4096];
            JsonWriter w = new JsonWriter(report);
            SessionCounters counters = new SessionCounters();
            for (int i = 0; i < deltas.Length; i++)
            {
                byte[] b = Transcript.Utf8(deltas[i]);
                ShadowDeltaResult result = agent.ApplyDelta(b, 0, b.Length);
                AmbientCalibration a = board.Ambient;
                t.Line("ambient delta " + Transcript.I(i) + " result " + Transcript.I((int)result) + " reason " + ShadowAgent.ReasonName(agent.Rejection)
                    + " index " + Transcript.I(agent.RejectedIndex) + " intercept " + Transcript.D(a.Intercept) + " slope " + Transcript.D(a.LnRsSlope)
                    + " sigma " + Transcript.D(a.SigmaPpm) + " fitted " + Transcript.I(a.Fitted) + " checksum " + Transcript.I(a.Checksum)
                    + " valid " + Boards.Field(a.Validate()));
                w.Reset(report, 0, report.Length);
                agent.WriteReported(w, counters, 0);
                string reported = Transcript.Ascii(report, 0, w.Length);
                int at = reported.IndexOf("\"ambient.intercept\"");
                t.Line("ambient reported " + Transcript.I(w.Length) + " " + (at < 0 ? reported : reported.Substring(at)));
            }
        }
    }
}
