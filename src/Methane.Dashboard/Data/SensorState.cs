using Methane.Telemetry;

namespace Methane.Dashboard.Data;

/// <summary>One word per sensor for the overview: the first of faulty, alarm, offline, warming, ok that applies.</summary>
public static class SensorState
{
    /// <summary>No reading received for this long: offline.</summary>
    public static readonly TimeSpan OfflineAfter = TimeSpan.FromMinutes(10);

    public const int FaultMask = TelemetryFlags.SensorFault | TelemetryFlags.Saturated | TelemetryFlags.StuckValue |
                                 TelemetryFlags.EnvSensorFault | TelemetryFlags.CrcError;

    public static string Of(int flags, int siteAlarm, long receivedMs, long nowMs)
    {
        if ((flags & FaultMask) != 0) return "faulty";
        if (siteAlarm > 0) return "alarm";
        if (nowMs - receivedMs > OfflineAfter.TotalMilliseconds) return "offline";
        if ((flags & TelemetryFlags.WarmingUp) != 0) return "warming";
        return "ok";
    }

    private static readonly (int Bit, string Word)[] Words =
    [
        (TelemetryFlags.WarmingUp, "warming up"), (TelemetryFlags.ClockUnsynced, "clock unsynced"),
        (TelemetryFlags.SensorFault, "sensor fault"), (TelemetryFlags.CrcError, "CRC error"),
        (TelemetryFlags.Saturated, "saturated"), (TelemetryFlags.Replayed, "replayed"),
        (TelemetryFlags.StuckValue, "stuck value"), (TelemetryFlags.EnvSensorFault, "env sensor fault"),
        (TelemetryFlags.EnvOutOfRange, "env out of range"), (TelemetryFlags.Uncompensated, "uncompensated"),
        (TelemetryFlags.RateOfRise, "rate of rise"),
    ];

    /// <summary>The flags as words; unknown bits are named by number so nothing is hidden.</summary>
    public static IReadOnlyList<string> FlagWords(int flags)
    {
        var words = new List<string>();
        int known = 0;
        foreach (var (bit, word) in Words)
        {
            known |= bit;
            if ((flags & bit) != 0) words.Add(word);
        }
        for (int bit = 0; bit < 31; bit++)
        {
            if ((flags & ~known & (1 << bit)) != 0) words.Add($"unknown bit {bit}");
        }
        return words;
    }

    public static string AlarmWord(int level) => level switch { 0 => "clear", 1 => "low", 2 => "high", _ => $"level {level}" };
}
