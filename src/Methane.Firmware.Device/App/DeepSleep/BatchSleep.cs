using System;
using Methane.Firmware.Device.App.DeviceConsole;
using nanoFramework.Hardware.Esp32;

namespace Methane.Firmware.Device.App.DeepSleep
{
    /// <summary>
    /// Deep sleep between batches for battery boards. The ESP32 wakes by timer as from a reset: the loader runs again, the
    /// application reloads its config and outbox from flash, reconnects and publishes the next batch. RAM is lost, so nothing
    /// that matters may live only in memory when <see cref="Enter"/> is called.
    /// </summary>
    public static class BatchSleep
    {
        public const int MinimumSeconds = 10;

        public static void Enter(int seconds)
        {
            if (seconds < MinimumSeconds)
            {
                seconds = MinimumSeconds;
            }

            DeviceLog.Info("SLEEP deep sleep for " + seconds.ToString() + " s");
            Sleep.EnableWakeupByTimer(TimeSpan.FromSeconds(seconds));
            Sleep.StartDeepSleep();
        }

        public static bool WokeFromTimer()
        {
            return Sleep.GetWakeupCause() == Sleep.WakeupCause.Timer;
        }
    }
}
