using System.Diagnostics;
using Methane.Firmware.Core.Time;
using Methane.Firmware.Emulation.Time;

namespace Methane.Firmware.Host.Fleet;

/// <summary>
/// Time for one simulated device: its board's <see cref="VirtualClock"/> (which the chip emulators run on), kept up with real
/// time before every tick, so uptime is real elapsed time since the device started plus the device's own sleeps. The core
/// sleeps for chip conversion times (ADS1115 1/128 s, SHT4x 10 ms); blocking a shared scheduler thread for them would cost
/// ~18 ms per sample, so a sleep advances this device's virtual time instead. The wall clock is the host's, already
/// synchronised: device timestamps and the subscriber's receive times come from one clock.
/// </summary>
public sealed class FleetDeviceClock : IClock
{
    private static readonly long Origin = Stopwatch.GetTimestamp();

    private readonly long _startedAtMicroseconds = RealMicroseconds;
    private long _sleptMicroseconds;

    public FleetDeviceClock(VirtualClock board)
    {
        Board = board;
    }

    /// <summary>Real milliseconds since the fleet process started (the scheduler's time base).</summary>
    public static long RealMilliseconds => (long)Stopwatch.GetElapsedTime(Origin).TotalMilliseconds;

    private static long RealMicroseconds => (long)Stopwatch.GetElapsedTime(Origin).TotalMicroseconds;

    public VirtualClock Board { get; }

    public long UptimeMilliseconds => Board.UptimeMilliseconds;

    public bool IsWallClockSet => true;

    public long EpochMilliseconds => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>How far this device's uptime runs ahead of real time (its sleeps).</summary>
    public long SleptMilliseconds => Volatile.Read(ref _sleptMicroseconds) / 1000;

    public void Sleep(int milliseconds)
    {
        Board.Sleep(milliseconds);
        Interlocked.Add(ref _sleptMicroseconds, milliseconds * 1000L);
    }

    /// <summary>Moves the board clock up to real time since start (plus sleeps); never backwards.</summary>
    public void CatchUp()
    {
        long target = RealMicroseconds - _startedAtMicroseconds + Volatile.Read(ref _sleptMicroseconds);
        long behind = target - Board.NowMicroseconds;
        if (behind > 0) Board.AdvanceMicroseconds(behind);
    }
}
