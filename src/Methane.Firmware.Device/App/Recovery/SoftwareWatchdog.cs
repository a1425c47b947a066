using System.Threading;
using Methane.Firmware.Device.App.DeviceConsole;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Runtime.Native;

namespace Methane.Firmware.Device.App.Recovery
{
    /// <summary>
    /// Recovery from a hung main loop. nanoFramework exposes no managed API for the ESP32 hardware watchdog, so a supervisor
    /// thread reboots the board when the loop has not called <see cref="Kick"/> within the timeout. It covers managed hangs
    /// (a blocked socket call, a deadlock, an endless retry); it cannot cover a native hang that stops every managed thread
    /// (ESP-IDF's own task watchdog resets those) nor a power brown-out (the ESP32 brown-out detector does).
    /// </summary>
    public sealed class SoftwareWatchdog
    {
        private readonly int _timeoutMs;
        private long _lastKickMs;
        private bool _stopped;

        public SoftwareWatchdog(int timeoutMs)
        {
            _timeoutMs = timeoutMs;
            _lastKickMs = NowMs();
            Thread thread = new Thread(Watch);
            thread.Priority = ThreadPriority.AboveNormal;
            thread.Start();
        }

        public void Kick()
        {
            _lastKickMs = NowMs();
        }

        /// <summary>Before an intentional long operation (deep sleep, reboot) so it is not mistaken for a hang.</summary>
        public void Stop()
        {
            _stopped = true;
        }

        private void Watch()
        {
            while (!_stopped)
            {
                Thread.Sleep(1000);
                long silentMs = NowMs() - _lastKickMs;
                if (!_stopped && silentMs > _timeoutMs)
                {
                    DeviceLog.Error("WATCHDOG main loop silent for " + silentMs.ToString() + " ms: rebooting");
                    Thread.Sleep(200);
                    Power.RebootDevice();
                }
            }
        }

        private static long NowMs()
        {
            return (long)(HighResTimer.GetCurrent() / 1000UL);
        }
    }
}
