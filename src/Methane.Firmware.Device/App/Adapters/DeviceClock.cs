using System;
using System.Threading;
using Methane.Firmware.Core.Time;
using nanoFramework.Hardware.Esp32;

namespace Methane.Firmware.Device.App.Adapters
{
    /// <summary>
    /// <see cref="IClock"/> on the ESP32: uptime from the ESP-IDF high-resolution timer (microseconds since boot, never set,
    /// so it cannot jump when SNTP corrects the wall clock); wall clock from DateTime.UtcNow, which the native SNTP client sets.
    /// </summary>
    public sealed class DeviceClock : IClock
    {
        /// <summary>The RTC starts in the past after a power cut; any year before this means SNTP has not run yet.</summary>
        public const int MinimumValidYear = 2025;

        private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

        public long UptimeMilliseconds
        {
            get { return (long)(HighResTimer.GetCurrent() / 1000UL); }
        }

        public bool IsWallClockSet
        {
            get { return DateTime.UtcNow.Year >= MinimumValidYear; }
        }

        public long EpochMilliseconds
        {
            get { return (DateTime.UtcNow.Ticks - UnixEpochTicks) / TimeSpan.TicksPerMillisecond; }
        }

        public void Sleep(int milliseconds)
        {
            Thread.Sleep(milliseconds);
        }
    }
}
