namespace Methane.Telemetry;

/// <summary>Property names of a schema v1/v2 reading (the wire contract; see telemetry-v1.schema.json). v2 adds the role, the ambient group and the wind group.</summary>
public static class TelemetryFields
{
    public const string Version = "v";
    public const string Thing = "thing";
    public const string Site = "site";
    public const string Seq = "seq";
    public const string Timestamp = "timestamp";
    public const string Ch4Ppm = "ch4_ppm";
    public const string LelPct = "lel_pct";
    public const string TempC = "temp_c";
    public const string RhPct = "rh_pct";
    public const string TRaw = "t_raw";
    public const string RhRaw = "rh_raw";
    public const string AdcRaw = "adc_raw";
    public const string VoutV = "vout_v";
    public const string RsOhm = "rs_ohm";
    public const string RsR0 = "rs_r0";
    // v2: role, ambient-methane group (gas role), wind group (met-station role).
    public const string Role = "role";
    public const string Ch4AmbPpm = "ch4_amb_ppm";
    public const string Ch4BgPpm = "ch4_bg_ppm";
    public const string Ch4EnhPpm = "ch4_enh_ppm";
    public const string Ch4SigmaPpm = "ch4_sigma_ppm";
    public const string Ch4BgFlags = "ch4_bg_flags";
    public const string Ch4EnhFlags = "ch4_enh_flags";
    public const string WindSpeedMs = "wind_speed_ms";
    public const string WindGustMs = "wind_gust_ms";
    public const string WindDirDeg = "wind_dir_deg";
    public const string WindSigmaDeg = "wind_sigma_deg";
    public const string WindSamples = "wind_samples";
    public const string WindFlags = "wind_flags";
    public const string WindPulses = "wind_pulses";
    public const string VaneV = "vane_v";
    public const string Alarm = "alarm";
    public const string Flags = "flags";
    public const string Fw = "fw";

    /// <summary>Every field in the order the device encoder writes them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Version, Thing, Site, Seq, Timestamp, Ch4Ppm, LelPct, TempC, RhPct, TRaw, RhRaw, AdcRaw, VoutV, RsOhm, RsR0,
        Role, Ch4AmbPpm, Ch4BgPpm, Ch4EnhPpm, Ch4SigmaPpm, Ch4BgFlags, Ch4EnhFlags,
        WindSpeedMs, WindGustMs, WindDirDeg, WindSigmaDeg, WindSamples, WindFlags, WindPulses, VaneV,
        Alarm, Flags, Fw,
    ];

    /// <summary>Fields only a v2 object may carry.</summary>
    public static readonly IReadOnlyList<string> V2Only =
    [
        Role, Ch4AmbPpm, Ch4BgPpm, Ch4EnhPpm, Ch4SigmaPpm, Ch4BgFlags, Ch4EnhFlags,
        WindSpeedMs, WindGustMs, WindDirDeg, WindSigmaDeg, WindSamples, WindFlags, WindPulses, VaneV,
    ];

    /// <summary>Fields every reading must carry.</summary>
    public static readonly IReadOnlyList<string> Required = [Version, Thing, Site, Seq, Timestamp, Ch4Ppm, Flags];
}
