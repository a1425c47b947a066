using System.Data.Common;
using System.Globalization;
using Methane.Telemetry;

namespace Methane.Dashboard.Data;

/// <summary>
/// A telemetry v2 gas reading's ambient group: <c>ch4_amb_ppm</c> (absolute ppm near the ~2 ppm background; null above the
/// ambient range), the device's background estimate <c>ch4_bg_ppm</c> and the enhancement over it <c>ch4_enh_ppm</c>,
/// with their flags (<c>ch4_bg_flags</c>, <c>ch4_enh_flags</c>; absent = 0).
/// </summary>
public sealed record AmbientReading(double? AmbPpm, double? BgPpm, double? EnhPpm, int BgFlags, int EnhFlags)
{
    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string Columns = "ch4_amb_ppm, ch4_bg_ppm, ch4_enh_ppm, coalesce(ch4_bg_flags, 0), coalesce(ch4_enh_flags, 0)";

    public static AmbientReading Read(DbDataReader r, int at) =>
        new(Dbl(r, at), Dbl(r, at + 1), Dbl(r, at + 2), r.GetInt32(at + 3), r.GetInt32(at + 4));

    public IReadOnlyList<string> BgFlagWords => AmbientFlagWords.Of(BgFlags);
    public IReadOnlyList<string> EnhFlagWords => AmbientFlagWords.Of(EnhFlags);

    /// <summary>
    /// "2.35 ppm, background 2.01 ppm, enhancement 0.34 ppm; enhancement flags: below the noise floor (&lt; 3 σ)" ("–" for a
    /// missing value; each flags part only when set).
    /// </summary>
    public string Words =>
        $"{Ppm(AmbPpm)}, background {Ppm(BgPpm)}, enhancement {Ppm(EnhPpm)}{Flagged("background", BgFlagWords)}{Flagged("enhancement", EnhFlagWords)}";

    /// <summary>Ambient values are printed to 0.01 ppm: near the background a leak is tenths of a ppm.</summary>
    public static string Ppm(double? v) => v is null ? "–" : v.Value.ToString("F2", CultureInfo.InvariantCulture) + " ppm";

    private static string Flagged(string what, IReadOnlyList<string> words) => words.Count == 0 ? "" : $"; {what} flags: {string.Join(", ", words)}";

    private static double? Dbl(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
}

/// <summary><c>ch4_bg_flags</c> / <c>ch4_enh_flags</c> (bits of the firmware's AmbientFlags) in words.</summary>
public static class AmbientFlagWords
{
    private static readonly (int Bit, string Word)[] Words =
    [
        (AmbientQualityFlags.Uncalibrated, "uncalibrated (factory coefficients)"),
        (AmbientQualityFlags.NoEnvironment, "no temperature/humidity"),
        (AmbientQualityFlags.SensorInvalid, "sensor reading invalid"),
        (AmbientQualityFlags.AboveRange, "above the ambient range"),
        (AmbientQualityFlags.BelowRange, "below the ambient range"),
        (AmbientQualityFlags.Learning, "learning (too little history)"),
        (AmbientQualityFlags.ClockUnsynced, "clock unsynced"),
        (AmbientQualityFlags.BelowNoise, "below the noise floor (< 3 σ)"),
    ];

    public static IReadOnlyList<string> Of(int flags) => BitWords.Of(flags, Words);
}
