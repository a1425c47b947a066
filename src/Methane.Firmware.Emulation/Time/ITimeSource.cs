namespace Methane.Firmware.Emulation.Time;

/// <summary>Microsecond time base for chip emulators (conversion and measurement durations are sub-millisecond precise).</summary>
public interface ITimeSource
{
    /// <summary>Monotonic microseconds since an arbitrary origin.</summary>
    long NowMicroseconds { get; }
}
