using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Conformance
{
    /// <summary>Virtual time: Sleep advances uptime; the wall clock is epoch base + uptime once set.</summary>
    public sealed class FakeClock : IClock
    {
        public const long EpochBase = 1767225600000; // 2026-01-01T00:00:00Z

        public long UptimeMilliseconds { get; set; }
        public bool IsWallClockSet { get; set; }
        public long EpochMilliseconds { get { return EpochBase + UptimeMilliseconds; } }
        public long Slept { get; private set; }

        public void Sleep(int milliseconds)
        {
            UptimeMilliseconds += milliseconds;
            Slept += milliseconds;
        }
    }
}
