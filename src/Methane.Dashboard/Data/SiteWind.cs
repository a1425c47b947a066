using System.Data.Common;
using Methane.Cloud.Pipeline;
using Methane.Telemetry;

namespace Methane.Dashboard.Data;

/// <summary>One wind point: mean speed (m/s) and direction the wind comes FROM (degrees, 0–360; null when calm).</summary>
public sealed record WindPoint(long T, double? SpeedMs, double? DirDeg);

/// <summary>A met station's newest report of a range: σθ (null when calm), gust and the wind flags.</summary>
public sealed record WindLatest(long EventMs, double? SpeedMs, double? GustMs, double? DirDeg, double? SigmaDeg, int WindFlags, int Flags)
{
    /// <summary>The columns <see cref="Read"/> expects, in order.</summary>
    public const string Columns = "event_ms, wind_speed_ms, wind_gust_ms, wind_dir_deg, wind_sigma_deg, coalesce(wind_flags, 0), flags";

    public static WindLatest Read(DbDataReader r, int at) =>
        new(r.GetInt64(at), Dbl(r, at + 1), Dbl(r, at + 2), Dbl(r, at + 3), Dbl(r, at + 4), r.GetInt32(at + 5), r.GetInt32(at + 6));

    private static double? Dbl(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
}

public sealed record StationWind(string Thing, IReadOnlyList<WindPoint> Points, WindLatest? Latest);

/// <summary>
/// The wind of a site's met station(s) (readings of role met) over a range. A report with an invalid-measurement flag
/// has no values (the emission job's rule). Above the point limit, speeds are averaged over equal time buckets and
/// directions vector-averaged (unit vectors, so 350° and 10° average to 0°, not 180°).
/// </summary>
public sealed class SiteWind(StoreSource source)
{
    private DuckDbStore Store => source.Current ?? throw new StoreUnavailableException();

    private static readonly string Valid = $"(flags & {TelemetryFlags.InvalidMask}) = 0";

    public (IReadOnlyList<StationWind> Stations, long BucketMs) Of(string site, TimeRange range, int maxPoints)
    {
        string filter = $"site = {Identifiers.Sql(site)} AND role = 'met' AND event_ms >= {range.FromMs} AND event_ms <= {range.ToMs} AND time_flag IS NULL";
        var (count, things) = Store.Query($"SELECT count(*), count(DISTINCT thing) FROM readings WHERE {filter}", r => (r.GetInt64(0), r.GetInt64(1)))[0];
        long bucket = 0;
        string sql;
        if (count <= maxPoints)
        {
            sql = $"""
                SELECT thing, event_ms, CASE WHEN {Valid} THEN wind_speed_ms END, CASE WHEN {Valid} THEN wind_dir_deg END
                FROM readings WHERE {filter} ORDER BY thing, event_ms
                """;
        }
        else
        {
            bucket = Math.Max(1000, (range.ToMs - range.FromMs) * Math.Max(1, things) / maxPoints);
            sql = $"""
                SELECT thing, (event_ms // {bucket}) * {bucket} + {bucket / 2} AS t, avg(wind_speed_ms) FILTER (WHERE {Valid}),
                  CASE WHEN count(wind_dir_deg) FILTER (WHERE {Valid}) > 0 THEN
                    (degrees(atan2(avg(sin(radians(wind_dir_deg))) FILTER (WHERE {Valid}), avg(cos(radians(wind_dir_deg))) FILTER (WHERE {Valid}))) + 360) % 360
                  END
                FROM readings WHERE {filter} GROUP BY thing, t ORDER BY thing, t
                """;
        }
        var points = new SortedDictionary<string, List<WindPoint>>(StringComparer.Ordinal);
        foreach (var (thing, p) in Store.Query(sql, r => (r.GetString(0), new WindPoint(r.GetInt64(1), Dbl(r, 2), Dbl(r, 3)))))
        {
            if (!points.TryGetValue(thing, out var list)) points[thing] = list = [];
            list.Add(p);
        }
        var latest = Store.Query($"""
            SELECT thing, {WindLatest.Columns}
            FROM readings WHERE {filter} QUALIFY row_number() OVER (PARTITION BY thing ORDER BY event_ms DESC, seq DESC) = 1
            """, r => (r.GetString(0), WindLatest.Read(r, 1)))
            .ToDictionary(x => x.Item1, x => x.Item2);
        return (points.Select(kv => new StationWind(kv.Key, kv.Value, latest.GetValueOrDefault(kv.Key))).ToList(), bucket);
    }

    private static double? Dbl(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
}
