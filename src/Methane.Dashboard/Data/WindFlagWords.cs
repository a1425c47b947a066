using Methane.Telemetry;

namespace Methane.Dashboard.Data;

/// <summary>A met-station reading's <c>wind_flags</c> (telemetry v2; bits of the firmware's WindFlags) in words.</summary>
public static class WindFlagWords
{
    private static readonly (int Bit, string Word)[] Words =
    [
        (WindQualityFlags.Calm, "calm (no direction)"),
        (WindQualityFlags.NoPulses, "no anemometer pulses (calm, or cable)"),
        (WindQualityFlags.VaneStuck, "vane stuck"),
        (WindQualityFlags.VaneOutOfRange, "vane out of range"),
        (WindQualityFlags.Incomplete, "incomplete (< 75 % valid samples)"),
        (WindQualityFlags.VaneFault, "vane fault"),
        (WindQualityFlags.SpeedOverRange, "speed over range"),
    ];

    /// <summary>The flags as words; unknown bits are named by number so nothing is hidden.</summary>
    public static IReadOnlyList<string> Of(int flags) => BitWords.Of(flags, Words);
}
