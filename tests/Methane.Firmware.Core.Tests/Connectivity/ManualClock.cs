using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Core.Tests.Connectivity;

/// <summary>Virtual clock moved only by the test.</summary>
public sealed class ManualClock : IClock
{
    public long UptimeMilliseconds { get; set; }
    public bool IsWallClockSet { get; set; }
    public long EpochMilliseconds => 1_790_000_000_000 + UptimeMilliseconds;
    public void Sleep(int milliseconds) => UptimeMilliseconds += milliseconds;
    public void Advance(long ms) => UptimeMilliseconds += ms;
}
