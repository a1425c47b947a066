namespace Methane.Telemetry;

/// <summary>Property names of a schema v1 reading (the wire contract; see telemetry-v1.schema.json).</summary>
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
    public const string Alarm = "alarm";
    public const string Flags = "flags";
    public const string Fw = "fw";

    /// <summary>Every field in the order the device encoder writes them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Version, Thing, Site, Seq, Timestamp, Ch4Ppm, LelPct, TempC, RhPct, TRaw, RhRaw, AdcRaw, VoutV, RsOhm, RsR0, Alarm, Flags, Fw,
    ];

    /// <summary>Fields every reading must carry.</summary>
    public static readonly IReadOnlyList<string> Required = [Version, Thing, Site, Seq, Timestamp, Ch4Ppm, Flags];
}
