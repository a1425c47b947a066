using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Emulation.Time;

/// <summary>
/// Deterministic clock for tests and virtual boards: <see cref="Sleep"/> advances virtual time instead of blocking.
/// Time is kept in microseconds so emulators can apply datasheet durations such as 1/128 s exactly.
/// </summary>
public sealed class VirtualClock : IClock, ITimeSource
{
    private readonly object _gate = new();
    private long _microseconds;
    private bool _wallClockSet;
    private long _epochAtZeroMilliseconds;

    public VirtualClock(long startUptimeMilliseconds = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startUptimeMilliseconds);
        _microseconds = startUptimeMilliseconds * 1000;
    }

    public long NowMicroseconds
    {
        get { lock (_gate) { return _microseconds; } }
    }

    public long UptimeMilliseconds
    {
        get { lock (_gate) { return _microseconds / 1000; } }
    }

    public bool IsWallClockSet
    {
        get { lock (_gate) { return _wallClockSet; } }
    }

    /// <summary>Epoch milliseconds once set; before that, uptime milliseconds (an unsynced device counts from 1970).</summary>
    public long EpochMilliseconds
    {
        get
        {
            lock (_gate)
            {
                return (_wallClockSet ? _epochAtZeroMilliseconds : 0) + _microseconds / 1000;
            }
        }
    }

    /// <summary>Total number of milliseconds passed to <see cref="Sleep"/> (what drivers waited).</summary>
    public long TotalSleptMilliseconds { get; private set; }

    /// <summary>Number of <see cref="Sleep"/> calls.</summary>
    public int SleepCount { get; private set; }

    public void Sleep(int milliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        lock (_gate)
        {
            _microseconds += milliseconds * 1000L;
            TotalSleptMilliseconds += milliseconds;
            SleepCount++;
        }
    }

    public void AdvanceMicroseconds(long microseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(microseconds);
        lock (_gate) { _microseconds += microseconds; }
    }

    public void AdvanceMilliseconds(long milliseconds) => AdvanceMicroseconds(checked(milliseconds * 1000));

    public void Advance(TimeSpan duration) => AdvanceMicroseconds(duration.Ticks / TimeSpan.TicksPerMicrosecond);

    /// <summary>Sets the wall clock so that <see cref="EpochMilliseconds"/> reads <paramref name="epochMilliseconds"/> now (SNTP sync).</summary>
    public void SetWallClock(long epochMilliseconds)
    {
        lock (_gate)
        {
            _epochAtZeroMilliseconds = epochMilliseconds - _microseconds / 1000;
            _wallClockSet = true;
        }
    }

    public void SetWallClock(DateTimeOffset now) => SetWallClock(now.ToUnixTimeMilliseconds());

    public void UnsetWallClock()
    {
        lock (_gate)
        {
            _wallClockSet = false;
            _epochAtZeroMilliseconds = 0;
        }
    }
}
