using Methane.Telemetry;

namespace Methane.Cloud.Enrichment;

/// <summary>How the flags bits of schema v1 map to data quality.</summary>
public static class QualityFlags
{
    /// <summary>ch4_ppm is not a valid measurement (schema v1: warming-up, sensor fault, saturated, stuck value).</summary>
    public const int InvalidMask = TelemetryFlags.InvalidMask;

    /// <summary>The methane value stands but is less trustworthy: uptime timestamp, bad or missing temperature/humidity compensation.</summary>
    public const int DegradedMask = TelemetryFlags.ClockUnsynced | TelemetryFlags.CrcError | TelemetryFlags.EnvSensorFault
        | TelemetryFlags.EnvOutOfRange | TelemetryFlags.Uncompensated;
}
