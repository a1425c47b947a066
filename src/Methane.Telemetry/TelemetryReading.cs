namespace Methane.Telemetry;

/// <summary>
/// One decoded schema v1 or v2 reading. Nullable members are those the schema lets be null or absent; a null group means the
/// device had no value (see the flags). Units and decimals are those of telemetry-v1.schema.json.
/// </summary>
public sealed record TelemetryReading
{
    /// <summary>Schema version of the object (1 or 2).</summary>
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
    /// <summary>v2: "gas" or "met"; null in a v1 object (a gas reading).</summary>
    public string? Role { get; init; }
    // v2 ambient-methane group (gas role); see telemetry-v1.schema.json for units and flags.
    public double? Ch4AmbPpm { get; init; }
    public double? Ch4BgPpm { get; init; }
    public double? Ch4EnhPpm { get; init; }
    public double? Ch4SigmaPpm { get; init; }
    public int? Ch4BgFlags { get; init; }
    public int? Ch4EnhFlags { get; init; }
    // v2 wind group (met-station role).
    public double? WindSpeedMs { get; init; }
    public double? WindGustMs { get; init; }
    public double? WindDirDeg { get; init; }
    public double? WindSigmaDeg { get; init; }
    public int? WindSamples { get; init; }
    public int? WindFlags { get; init; }
    public long? WindPulses { get; init; }
    public double? VaneV { get; init; }
    /// <summary>0 none, 1 low, 2 high; null when absent.</summary>
    public int? Alarm { get; init; }
    public int Flags { get; init; }
    /// <summary>Firmware version "major.minor.patch"; null when absent.</summary>
    public string? Fw { get; init; }

    /// <summary>True for a met-station reading (role "met").</summary>
    public bool IsMetStation => Role == "met";

    /// <summary>True when ch4_enh_ppm is a valid enhancement (present, ch4_enh_flags 0).</summary>
    public bool HasValidEnhancement => Ch4EnhPpm is not null && Ch4EnhFlags == 0;

    /// <summary>True when ch4_ppm is a trustworthy measurement (present and none of the invalidating flags set).</summary>
    public bool IsValidMeasurement => Ch4Ppm is not null && (Flags & TelemetryFlags.InvalidMask) == 0;
}

/// <summary>Bits of <c>ch4_bg_flags</c> and <c>ch4_enh_flags</c> (v2; same values as the core's AmbientFlags).</summary>
public static class AmbientQualityFlags
{
    public const int Uncalibrated = 1 << 0;
    public const int NoEnvironment = 1 << 1;
    public const int SensorInvalid = 1 << 2;
    public const int AboveRange = 1 << 3;
    public const int BelowRange = 1 << 4;
    public const int Learning = 1 << 5;
    public const int ClockUnsynced = 1 << 6;
    /// <summary>ch4_enh_flags only.</summary>
    public const int BelowNoise = 1 << 7;
}

/// <summary>Bits of <c>wind_flags</c> (v2; same values as the core's WindFlags).</summary>
public static class WindQualityFlags
{
    public const int Calm = 1 << 0;
    public const int NoPulses = 1 << 1;
    public const int VaneStuck = 1 << 2;
    public const int VaneOutOfRange = 1 << 3;
    public const int Incomplete = 1 << 4;
    public const int VaneFault = 1 << 5;
    public const int SpeedOverRange = 1 << 6;
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
