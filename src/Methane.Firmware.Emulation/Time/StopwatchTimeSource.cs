using System.Diagnostics;

namespace Methane.Firmware.Emulation.Time;

/// <summary>Real elapsed time, for emulators on a board that runs in real time.</summary>
public sealed class StopwatchTimeSource : ITimeSource
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public long NowMicroseconds => (long)Stopwatch.GetElapsedTime(_start).TotalMicroseconds;
}
