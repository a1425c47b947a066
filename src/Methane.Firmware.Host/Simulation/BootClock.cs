using Methane.Firmware.Core.Time;
using Methane.Firmware.Emulation.Time;

namespace Methane.Firmware.Host.Simulation;

/// <summary>The firmware's clock for one boot: uptime counts from the boot, on the board's continuous virtual time.</summary>
public sealed class BootClock(VirtualClock board) : IClock
{
    private readonly long _bootAt = board.UptimeMilliseconds;

    public long UptimeMilliseconds => board.UptimeMilliseconds - _bootAt;
    public bool IsWallClockSet => board.IsWallClockSet;
    public long EpochMilliseconds => board.EpochMilliseconds;
    public void Sleep(int milliseconds) => board.Sleep(milliseconds);
}
