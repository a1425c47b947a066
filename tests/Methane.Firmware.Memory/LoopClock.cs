using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Memory
{
    /// <summary>Virtual time: the program moves it; the drivers' waits move it too. The wall clock is set from the start.</summary>
    public sealed class LoopClock : IClock
    {
        public const long EpochAtStart = 1764000000000L;   // 2025-11-24T16:00:00Z

        public long UptimeMilliseconds { get; set; }

        public bool IsWallClockSet { get { return true; } }

        public long EpochMilliseconds { get { return EpochAtStart + UptimeMilliseconds; } }

        public void Sleep(int milliseconds)
        {
            UptimeMilliseconds += milliseconds;
        }
    }
}
