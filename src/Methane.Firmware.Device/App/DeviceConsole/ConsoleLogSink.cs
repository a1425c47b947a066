using Methane.Firmware.Core.App;

namespace Methane.Firmware.Device.App.DeviceConsole
{
    /// <summary>The core's log lines ("[uptime] LEVEL text", <see cref="FirmwareLog"/>) to the debug output and COM2.</summary>
    public sealed class ConsoleLogSink : ILogSink
    {
        public void WriteLine(string line)
        {
            DeviceLog.Raw(line);
        }
    }
}
