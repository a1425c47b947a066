using System.Diagnostics;
using Methane.Firmware.Core.Time;

namespace Methane.Integration.Tests.EndToEnd;

/// <summary>The PC's clocks as the core's <see cref="IClock"/>: uptime from a Stopwatch, wall clock always set (a synced device).</summary>
public sealed class SystemClock : IClock
{
    private readonly Stopwatch _uptime = Stopwatch.StartNew();

    public long UptimeMilliseconds => _uptime.ElapsedMilliseconds;

    public bool IsWallClockSet => true;

    public long EpochMilliseconds => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public void Sleep(int milliseconds) => Thread.Sleep(milliseconds);
}
