using System.Globalization;
using Methane.Cloud.Enrichment;
using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;

namespace Methane.Cloud.Pipeline.Emissions;

/// <summary>
/// Builds the inversion's 1-minute <see cref="ObservationSeries"/> for one site from the <c>readings</c> table: methane
/// from the site's sensors — a telemetry v2 gas reading's ambient-range value <c>ch4_amb_ppm</c> (absolute ppm near the
/// ~2 ppm background; NULL above the ambient model's range or while the sensor is invalid), a v1 reading's
/// <c>ch4_enh_ppm</c> when it has one, else its <c>ch4_ppm</c>; the inversion removes its own background either way (a
/// reading with an invalid-measurement flag or no value is marked faulty) — and the wind from
/// the site's met station. The met station's per-publish wind statistics are read from the columns named in
/// <see cref="MetColumns"/> (issue 12's met-station role adds them to the telemetry schema); a store without them has no
/// met data, and every window then says "no met data" rather than giving a number.
/// </summary>
public static class StoredObservations
{
    /// <summary>Columns of <c>readings</c> holding the met station's vector-mean speed (m/s), direction FROM (°) and σθ (°).</summary>
    public static readonly (string Speed, string FromDeg, string SigmaTheta) MetColumns = ("wind_speed_ms", "wind_dir_deg", "wind_sigma_deg");

    /// <summary>The met station's wind quality bits (telemetry v2); bit 0 = calm (Methane.Firmware.Core.Wind.WindFlags.Calm).</summary>
    public const string WindFlagsColumn = "wind_flags";
    private const int CalmFlag = 1;

    /// <summary>The ambient-range enhancement above the device's own background estimate; preferred over ch4_ppm in a reading without a role.</summary>
    public const string AmbientEnhancementColumn = "ch4_enh_ppm";

    /// <summary>
    /// The ambient-range value of a v2 gas reading. Used rather than <see cref="AmbientEnhancementColumn"/>: the device's
    /// background is still learning (NULL enhancement) for its first minutes and steps when it moves, while the inversion
    /// estimates a background per window itself; and never <c>ch4_ppm</c> (the safety-path curve reads ~157 ppm in clean air).
    /// </summary>
    public const string AmbientValueColumn = "ch4_amb_ppm";

    public static ObservationSeries Load(DuckDbStore db, SiteGeometry site, DateTimeOffset start, int minutes)
    {
        var obs = new ObservationSeries(site, start, minutes);
        long from = start.ToUnixTimeMilliseconds(), to = start.AddMinutes(minutes).ToUnixTimeMilliseconds();
        string things = string.Join(", ", site.Sensors.Select(s => Literal(s.Thing)));
        // A v1 gas sensor (no enhancement) keeps its ch4_ppm when the store also holds v2 readings.
        string methane = HasColumns(db, AmbientEnhancementColumn) ? $"coalesce({AmbientEnhancementColumn}, ch4_ppm)" : "ch4_ppm";
        if (HasColumns(db, AmbientValueColumn, "role")) methane = $"CASE WHEN role = 'gas' THEN {AmbientValueColumn} ELSE {methane} END";
        foreach (var (thing, eventMs, ppm, flags) in db.Query(
            $"SELECT thing, event_ms, {methane}, flags FROM readings WHERE site = {Literal(site.SiteId)} AND thing IN ({things}) " +
            $"AND event_ms >= {from} AND event_ms < {to} ORDER BY event_ms",
            r => (r.GetString(0), r.GetInt64(1), r.IsDBNull(2) ? double.NaN : r.GetDouble(2), r.GetInt32(3))))
        {
            bool faulty = double.IsNaN(ppm) || (flags & QualityFlags.InvalidMask) != 0;
            obs.AddReading(thing, DateTimeOffset.FromUnixTimeMilliseconds(eventMs), faulty ? double.NaN : ppm, faulty);
        }

        if (!HasColumns(db, MetColumns.Speed, MetColumns.FromDeg, MetColumns.SigmaTheta)) return obs;
        var (speed, dir, sigma) = MetColumns;
        // A report flagged calm carries its speed but no direction or σθ (the station drops them below its start speed): the
        // inversion counts it as a calm minute, so the window says "calm wind" instead of "no met data".
        string calm = HasColumns(db, WindFlagsColumn) ? $" OR (coalesce({WindFlagsColumn}, 0) & {CalmFlag}) <> 0" : "";
        long previousMs = long.MinValue;
        foreach (var (eventMs, u, d, st) in db.Query(
            $"SELECT event_ms, {speed}, {dir}, {sigma} FROM readings WHERE thing = {Literal(site.MetStation.Thing)} " +
            $"AND event_ms >= {from} AND event_ms < {to} AND {speed} IS NOT NULL AND (({dir} IS NOT NULL AND {sigma} IS NOT NULL){calm}) " +
            $"AND (flags & {QualityFlags.InvalidMask}) = 0 ORDER BY event_ms",
            r => (r.GetInt64(0), r.GetDouble(1), r.IsDBNull(2) ? double.NaN : r.GetDouble(2), r.IsDBNull(3) ? double.NaN : r.GetDouble(3))))
        {
            obs.AddMet(DateTimeOffset.FromUnixTimeMilliseconds(IntervalMiddle(eventMs, previousMs)), u, d, st);
            previousMs = eventMs;
        }
        return obs;
    }

    /// <summary>
    /// A met reading is stamped when its interval ends and describes the interval since the previous report (the
    /// publish interval, 60 s by default): it belongs to the minute the interval covers, not the next one. The interval
    /// is the gap to the previous reading, or <see cref="DefaultMetIntervalMs"/> after a gap longer than twice that.
    /// </summary>
    private static long IntervalMiddle(long eventMs, long previousMs)
    {
        long gap = eventMs - previousMs;
        long interval = previousMs == long.MinValue || gap <= 0 || gap > 2 * DefaultMetIntervalMs ? DefaultMetIntervalMs : gap;
        return eventMs - interval / 2;
    }

    /// <summary>The met station's report interval when the readings do not show it.</summary>
    public const long DefaultMetIntervalMs = 60_000;

    private static bool HasColumns(DuckDbStore db, params string[] columns)
    {
        long n = db.Query($"SELECT count(*) FROM information_schema.columns WHERE table_name = 'readings' AND column_name IN ({string.Join(", ", columns.Select(Literal))})",
            r => r.GetInt64(0))[0];
        return n == columns.Length;
    }

    private static string Literal(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
}
