using Methane.Firmware.Core.Text;
using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Core.App
{
    /// <summary>
    /// Serial-monitor log lines: "[uptime s] LEVEL text". Only events are logged (boot, warm-up, connection, alarms, faults),
    /// never every sample, so the string building stays off the steady-state path.
    /// </summary>
    public sealed class FirmwareLog
    {
        public const string InfoLevel = "INFO ";
        public const string WarnLevel = "WARN ";
        public const string ErrorLevel = "ERROR";

        private readonly IClock _clock;
        private readonly ILogSink _sink;

        public FirmwareLog(IClock clock, ILogSink sink)
        {
            _clock = clock;
            _sink = sink;
        }

        public void Info(string text) { Write(InfoLevel, text); }

        public void Warn(string text) { Write(WarnLevel, text); }

        public void Error(string text) { Write(ErrorLevel, text); }

        private void Write(string level, string text)
        {
            if (_sink == null) return;
            _sink.WriteLine("[" + TextFormat.Uptime(_clock.UptimeMilliseconds) + "] " + level + " " + text);
        }
    }
}
