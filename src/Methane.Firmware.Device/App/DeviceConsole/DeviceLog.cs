using System.Diagnostics;

namespace Methane.Firmware.Device.App.DeviceConsole
{
    /// <summary>
    /// One log line = "LEVEL text", to the debugger output (Debug.WriteLine over the wire protocol on COM1) and to the
    /// technician console on COM2 when it is open. The prefixes are stable: the field README explains each of them.
    /// </summary>
    public static class DeviceLog
    {
        private static SerialConsole s_console;

        public static void Attach(SerialConsole console)
        {
            s_console = console;
        }

        public static void Info(string text)
        {
            Write("INFO  ", text);
        }

        public static void Warn(string text)
        {
            Write("WARN  ", text);
        }

        public static void Error(string text)
        {
            Write("ERROR ", text);
        }

        /// <summary>A line that already carries its own prefix (the core's log lines).</summary>
        public static void Raw(string line)
        {
            Write(string.Empty, line);
        }

        private static void Write(string level, string text)
        {
            string line = level + text;
            Debug.WriteLine(line);
            SerialConsole console = s_console;
            if (console != null)
            {
                console.WriteLine(line);
            }
        }
    }
}
