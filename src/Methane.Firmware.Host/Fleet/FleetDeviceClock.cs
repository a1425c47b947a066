using System.Diagnostics;
using Methane.Firmware.Core.Time;
using Methane.Firmware.Emulation.Time;

namespace Methane.Firmware.Host.Fleet;

/// <summary>
/// Time for one simulated device: real elapsed time plus the device's own sleeps, which are virtual. The core sleeps for
/// chip conversion times (ADS1115 1/128 s, SHT4x 10 ms); blocking a shared scheduler thread for them would cost ~18 ms per
/// sample, so a sleep advances this device's uptime (and its emulators' time base) instead. The wall clock is the host's,
/// already synchronised, so device timestamps and the subscriber's receive times share one clock.
/// </summary>
public sealed class FleetDeviceClock : IClock, ITimeSource
{
    private static readonly long Origin = Stopwatch.GetTimestamp();

    private long _sleptMicroseconds;

    /// <summary>Real milliseconds since the fleet process started (the scheduler's time base).</summary>
    public static long RealMilliseconds => (long)Stopwatch.GetElapsedTime(Origin).TotalMilliseconds;

    public long NowMicroseconds => (long)Stopwatch.GetElapsedTime(Origin).TotalMicroseconds + Volatile.Read(ref _sleptMicroseconds);

    public long UptimeMilliseconds => NowMicroseconds / 1000;

    public bool IsWallClockSet => true;

    public long EpochMilliseconds => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>How far this device's uptime runs ahead of real time.</summary>
    public long SleptMilliseconds => Volatile.Read(ref _sleptMicroseconds) / 1000;

    public void Sleep(int milliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        Interlocked.Add(ref _sleptMicroseconds, milliseconds * 1000L);
    }
}
