using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.CommandConsole;
using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Shadow;

namespace Methane.Firmware.Conformance
{
    /// <summary>The shadow agent over the device's real settings table: deltas applied as a whole or rejected with the reason.</summary>
    public static class ShadowSection
    {
        public static void Run(Transcript t)
        {
            BoardConfig board = Boards.DevKitC();
            DeviceSettings device = new DeviceSettings();
            ConfigTable table = new ConfigTable(board, device);
            ShadowAgent agent = new ShadowAgent(table, "1.2.3");
            SessionCounters counters = new SessionCounters();
            counters.ReadingsPublished = 42; counters.ReadingsAcked = 40; counters.Reconnects = 1;
            string[] deltas =
            {
                "{\"version\":3,\"state\":{\"alarm.lowLelPct\":12.5,\"device.sampleIntervalSeconds\":10}}",
                "{\"version\":3,\"state\":{\"alarm.lowLelPct\":11}}",
                "{\"version\":4,\"state\":{\"alarm.lowLelPct\":25}}",
                "{\"version\":5,\"state\":{\"device.sampleIntervalSeconds\":2.5}}",
                "{\"version\":6,\"state\":{\"alarm.highLelPct\":\"30\"}}",
                "{\"version\":7,\"state\":{\"no.such\":1}}",
                "{\"version\":8,\"state\":{\"alarm.highLelPct\":1e400}}",
                "{\"version\":9,\"state\":{\"filter.emaAlpha\":0.5,\"calibration.curveB\":-2.5,\"alarm.highLelPct\":null}}",
                "{\"version\":10,\"state\":{\"filter.medianWindow\":4}}",
                "{\"version\":11,\"state\":",
                "{\"state\":{\"alarm.hysteresisLelPct\":1.5}}",
            };
            byte[] report = new byte[4096];
            JsonWriter w = new JsonWriter(report);
            for (int i = 0; i < deltas.Length; i++)
            {
                byte[] b = Transcript.Utf8(deltas[i]);
                ShadowDeltaResult result = agent.ApplyDelta(b, 0, b.Length);
                t.Line("delta " + Transcript.I(i) + " result " + Transcript.I((int)result) + " reason " + ShadowAgent.ReasonName(agent.Rejection)
                    + " index " + Transcript.I(agent.RejectedIndex) + " version " + Transcript.I(agent.LastVersion)
                    + " applied " + Transcript.I(agent.DeltasApplied) + " rejected " + Transcript.I(agent.DeltasRejected)
                    + " low " + Transcript.D(board.Alarm.LowLelPct) + " sample " + Transcript.I(device.SampleIntervalSeconds)
                    + " alpha " + Transcript.D(board.Filter.EmaAlpha) + " median " + Transcript.I(board.Filter.MedianWindow));
                w.Reset(report, 0, report.Length);
                bool fits = agent.WriteReported(w, counters, 3);
                t.Line("reported " + Transcript.B(fits) + " " + Transcript.Ascii(report, 0, w.Length));
            }
            counters.LastError = MqttTransportStatus.Timeout;
            w.Reset(report, 0, 100);
            t.Line("reported small buffer " + Transcript.B(agent.WriteReported(w, counters, 0)) + " status name " + ShadowAgent.StatusName(MqttTransportStatus.Refused));

            for (int i = 0; i < table.Count; i++)
            {
                t.Line("setting " + table.NameAt(i) + " " + Transcript.D(table.GetAt(i)) + " [" + Transcript.D(table.MinAt(i)) + ", " + Transcript.D(table.MaxAt(i)) + "] int "
                    + Transcript.B(table.IsIntegerAt(i)));
            }
            int low = table.IndexOf("alarm.lowLelPct");
            int window = table.IndexOf("filter.medianWindow");
            double[] tries = { double.NaN, double.PositiveInfinity, 3.5, 1e10 };
            for (int i = 0; i < tries.Length; i++)
            {
                t.Line("trySet " + Transcript.D(tries[i]) + " low " + Boards.Field(table.TrySetAt(low, tries[i])) + " window " + FieldOrWhole(table.TrySetAt(window, tries[i])));
            }
        }

        private static string FieldOrWhole(string reason)
        {
            if (reason == null) { return "ok"; }
            return reason.IndexOf("whole number") >= 0 ? "not-whole" : Boards.Field(reason);
        }
    }
}
