using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Conformance
{
    /// <summary>
    /// Alarm levels with hysteresis and confirmation (low 10, high 20, hysteresis 2 %LEL, 3 samples), and the rate-of-rise
    /// detector, including the nanoCLR false alarm of issue 10: the slope is NaN until the window is covered, and must not fire.
    /// </summary>
    public static class AlarmSection
    {
        public static void Run(Transcript t)
        {
            BoardConfig board = Boards.DevKitC();
            AlarmStateMachine alarm = new AlarmStateMachine(board.Alarm);
            double[] lel = { 5, 12, 12, 12, 9, 8.5, 8.1, 7.9, 7.9, 7.9, 25, 25, 19, 25, 25, 18.5, 18.5, 18.5, 17.9, 17.9, 17.9, 7.0, 7.0, 7.0, 10, 10, 10 };
            string levels = "";
            for (int i = 0; i < lel.Length; i++) { levels += Transcript.I(alarm.Update(lel[i])); }
            t.Line("alarm levels " + levels);
            alarm.Hold();
            t.Line("alarm hold keeps " + Transcript.I(alarm.Level));
            alarm.Reset();
            t.Line("alarm reset " + Transcript.I(alarm.Level));
            t.Line("alarm maxvalue " + Transcript.I(alarm.Update(double.MaxValue)) + Transcript.I(alarm.Update(double.MaxValue)) + Transcript.I(alarm.Update(double.MaxValue)));

            RateOfRiseDetector ror = new RateOfRiseDetector(board.Alarm);
            // 10 s samples; 0..5 flat, then +300 ppm per sample (1800 ppm/min), then flat again.
            for (int i = 0; i < 20; i++)
            {
                double ppm = i < 6 ? 50 : (i < 14 ? 50 + 300.0 * (i - 5) : 2450);
                bool fired = ror.Add(10000L * i, ppm);
                t.Line("ror " + Transcript.I(i) + " ppm " + Transcript.D(ppm) + " fired " + Transcript.B(fired) + " slope " + Transcript.D(ror.SlopePpmPerMinute));
            }
            ror.Reset();
            t.Line("ror after reset slope " + Transcript.D(ror.SlopePpmPerMinute) + " fired " + Transcript.B(ror.Add(300000, 5000)) + " " + Transcript.B(ror.Add(310000, 9000)));
            t.Line("ror time backwards fired " + Transcript.B(ror.Add(100, 99999)) + " slope " + Transcript.D(ror.SlopePpmPerMinute));
            board.Alarm.RateOfRisePpmPerMinute = 0;
            RateOfRiseDetector off = new RateOfRiseDetector(board.Alarm);
            string offFired = "";
            for (int i = 0; i < 8; i++) { offFired += off.Add(10000L * i, 1000.0 * i * i) ? "1" : "0"; }
            t.Line("ror disabled " + offFired + " slope " + Transcript.D(off.SlopePpmPerMinute));
        }
    }
}
