namespace Methane.Telemetry;

/// <summary>
/// One decoded schema v1 reading. Nullable members are those the schema lets be null or absent; a null group means the
/// device had no value (see the flags). Units and decimals are those of telemetry-v1.schema.json.
/// </summary>
public sealed record TelemetryReading
{
    /// <summary>Schema version (always <see cref="TelemetrySchema.Version"/> for a decoded reading).</summary>
    public int V { get; init; }
    public required string Thing { get; init; }
    public required string Site { get; init; }
    public long Seq { get; init; }
    /// <summary>Unix epoch ms, or uptime ms when <see cref="TelemetryFlags.ClockUnsynced"/> is set.</summary>
    public long Timestamp { get; init; }
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
    /// <summary>0 none, 1 low, 2 high; null when absent.</summary>
    public int? Alarm { get; init; }
    public int Flags { get; init; }
    /// <summary>Firmware version "major.minor.patch"; null when absent.</summary>
    public string? Fw { get; init; }

    /// <summary>True when ch4_ppm is a trustworthy measurement (present and none of the invalidating flags set).</summary>
    public bool IsValidMeasurement => Ch4Ppm is not null && (Flags & TelemetryFlags.InvalidMask) == 0;
}

/// <summary>Bits of the <c>flags</c> field (same values as the core's ReadingFlags; part of the wire contract).</summary>
public static class TelemetryFlags
{
    public const int WarmingUp = 1 << 0;
    public const int ClockUnsynced = 1 << 1;
    public const int SensorFault = 1 << 2;
    public const int CrcError = 1 << 3;
    public const int Saturated = 1 << 4;
    public const int Replayed = 1 << 5;
    public const int StuckValue = 1 << 6;
    public const int EnvSensorFault = 1 << 7;
    public const int EnvOutOfRange = 1 << 8;
    public const int Uncompensated = 1 << 9;
    public const int RateOfRise = 1 << 10;
    public const int InvalidMask = WarmingUp | SensorFault | Saturated | StuckValue;
}
