using Methane.Firmware.Device.App.DeviceConsole;
using Methane.Firmware.Device.Boot;

namespace Methane.Firmware.Device.App.Status
{
    /// <summary>
    /// Shows a <see cref="StatusCodes"/> state on both channels a Release build has: the status LED (when the board has one)
    /// and one console line "INFO  STATUS &lt;name&gt;" each time the state changes (not on every loop pass).
    /// </summary>
    public static class StatusReport
    {
        private static bool s_reported;
        private static int s_shown;

        public static void Show(StatusLed led, int code)
        {
            led.Code = code;
            if (s_reported && code == s_shown)
            {
                return;
            }

            s_reported = true;
            s_shown = code;
            DeviceLog.Info("STATUS " + StatusCodes.Name(code));
        }
    }
}
