namespace Methane.Firmware.Core.Time
{
    /// <summary>
    /// Time as the core sees it. Uptime is monotonic from boot; the wall clock is only trustworthy once SNTP (device)
    /// or the host has set it. On the host a virtual clock lets tests and emulators advance time deterministically.
    /// </summary>
    public interface IClock
    {
        /// <summary>Milliseconds since boot; never goes backwards.</summary>
        long UptimeMilliseconds { get; }

        /// <summary>True once the wall clock has been set (SNTP on the device). Before that, EpochMilliseconds is meaningless.</summary>
        bool IsWallClockSet { get; }

        /// <summary>Unix epoch milliseconds, UTC.</summary>
        long EpochMilliseconds { get; }

        /// <summary>Blocks the calling thread (or advances virtual time) for at least <paramref name="milliseconds"/>.</summary>
        void Sleep(int milliseconds);
    }
}
