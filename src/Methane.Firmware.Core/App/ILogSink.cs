namespace Methane.Firmware.Core.App
{
    /// <summary>
    /// Where the firmware's log lines go: the serial port on the device, the terminal (or a test's list) on the host.
    /// A line is complete text without a line terminator, e.g. "[   152.000] INFO  warm-up done".
    /// </summary>
    public interface ILogSink
    {
        void WriteLine(string line);
    }
}
