namespace Methane.Cloud.Enrichment;

/// <summary>One validated schema-v1 reading, as the cloud side sees it (mirror of the wire fields).</summary>
public sealed record CloudReading
{
    public required string Thing { get; init; }
    public required string Site { get; init; }
    public required long Seq { get; init; }
    public required long TimestampMs { get; init; }
    public double? Ch4Ppm { get; init; }
    public double? LelPct { get; init; }
    public double? TempC { get; init; }
    public double? RhPct { get; init; }
    public int? TRaw { get; init; }
    public int? RhRaw { get; init; }
    public int? AdcRaw { get; init; }
    public double? VoutV { get; init; }
    public double? RsOhm { get; init; }
    public double? RsR0 { get; init; }
    public int? Alarm { get; init; }
    public required int Flags { get; init; }
    public string? Fw { get; init; }
}

/// <summary>Wire values of the <c>flags</c> bits (schema v1; same numbers as the core's ReadingFlags).</summary>
public static class WireFlags
{
    public const int WarmingUp = 1, ClockUnsynced = 2, SensorFault = 4, CrcError = 8, Saturated = 16, Replayed = 32,
        StuckValue = 64, EnvSensorFault = 128, EnvOutOfRange = 256, Uncompensated = 512, RateOfRise = 1024;

    /// <summary>ch4_ppm is a valid measurement only when none of these is set (schema v1).</summary>
    public const int InvalidMask = WarmingUp | SensorFault | Saturated | StuckValue;

    /// <summary>The methane value stands but is less trustworthy (no compensation, bad env data, uptime timestamp).</summary>
    public const int DegradedMask = ClockUnsynced | CrcError | EnvSensorFault | EnvOutOfRange | Uncompensated;
}
