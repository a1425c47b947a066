using System.Data.Common;
using Methane.Cloud.Enrichment;
using Methane.Cloud.Pipeline;
using Methane.Telemetry;

namespace Methane.Dashboard.Data;

public sealed record SensorStatus(string Thing, string Site, long Seq, long EventMs, long ReceivedMs, double? Ch4Ppm, double? LelPct,
    int SiteAlarm, string Quality, int Flags, string? Fw, double? TempC, double? RhPct, string State, string? Role, double? Ch4AmbPpm,
    WindLatest? Wind)
{
    /// <summary>The met station (telemetry v2 role met): wind instead of methane.</summary>
    public bool IsMet => Role == "met";

    /// <summary>The reading flags in words, and a met station's wind flags.</summary>
    public IReadOnlyList<string> FlagWords =>
        Wind is null ? SensorState.FlagWords(Flags) : [.. SensorState.FlagWords(Flags), .. WindFlagWords.Of(Wind.WindFlags)];
}

public sealed record SiteSummary(string Id, string Name, string? Operator, IReadOnlyList<SensorStatus> Sensors);

public sealed record ChartPoint(long T, double? Ch4);

public sealed record ReadingRow(string Thing, long Seq, long EventMs, long ReceivedMs, double? Ch4Ppm, double? LelPct, double? TempC, double? RhPct,
    string Quality, int Flags, int SiteAlarm, string? Fw, string Source, double? Ch4AmbPpm, string? Role, AmbientReading? Ambient, WindLatest? Wind);

public sealed record AlarmRow(string Thing, long Seq, long EventMs, int Level, double? Ch4Ppm, double? LelPct, string Source);

public sealed record DeviceHealth(string Thing, long LastSeenMs, long LagMs, string? Fw, int Flags, long ReplayedLastHour, long MissingReadings,
    long SeqRestarts, string State);

/// <summary>
/// The dashboard's read queries over the pipeline's DuckDB store. Site and thing names reach SQL only after
/// <see cref="Identifiers"/> accepted them (letters, digits, '-', '_'); times are numbers. Readings with an implausible
/// device time (time_flag) are left out of charts, alarms and downloads, as in the pipeline's report.
/// </summary>
public sealed class DashboardQueries(StoreSource source, SiteCatalog catalog, TimeProvider clock)
{
    public long NowMs => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private DuckDbStore Store => source.Current ?? throw new StoreUnavailableException();

    /// <summary>Sites from the catalog and any other site that has readings, each with its sensors' latest state.</summary>
    public IReadOnlyList<SiteSummary> Sites()
    {
        var sensors = Sensors(null);
        var ids = catalog.Sites.Select(s => s.Id).Union(sensors.Select(s => s.Site)).Distinct().Order(StringComparer.Ordinal);
        return ids.Select(id =>
        {
            Site? s = catalog.Find(id);
            return new SiteSummary(id, s?.Name ?? id, s?.Operator, sensors.Where(x => x.Site == id).ToList());
        }).ToList();
    }

    public bool SiteExists(string site) =>
        catalog.Find(site) != null || Store.Query($"SELECT 1 FROM readings WHERE site = {Identifiers.Sql(site)} LIMIT 1", r => 1).Count > 0;

    public string SiteName(string site) => catalog.Find(site)?.Name ?? site;

    /// <summary>The newest reading of every sensor (of one site, or all).</summary>
    public IReadOnlyList<SensorStatus> Sensors(string? site)
    {
        string where = site is null ? "" : $"AND site = {Identifiers.Sql(site)}";
        long now = NowMs;
        return Store.Query($"""
            SELECT thing, site, seq, event_ms, received_ms, ch4_ppm, derived_lel_pct, site_alarm, quality, flags, fw, temp_c, rh_pct,
              role, ch4_amb_ppm, {WindLatest.Columns}
            FROM readings WHERE time_flag IS NULL {where}
            QUALIFY row_number() OVER (PARTITION BY thing ORDER BY epoch DESC, seq DESC) = 1 ORDER BY thing
            """, r => new SensorStatus(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), Dbl(r, 5), Dbl(r, 6),
                r.GetInt32(7), r.GetString(8), r.GetInt32(9), Str(r, 10), Dbl(r, 11), Dbl(r, 12),
                SensorState.Of(r.GetInt32(9), r.GetInt32(7), r.GetInt64(4), now), Str(r, 13), Dbl(r, 14),
                Str(r, 13) == "met" ? WindLatest.Read(r, 15) : null));
    }

    /// <summary>
    /// Where a relative range ends: now, or the newest reading when that is later (the demo's virtual clock runs ahead);
    /// over a stored run whose newest reading is more than a day old, that reading.
    /// </summary>
    public long RangeEnd()
    {
        long now = NowMs;
        var newest = Store.Query("SELECT max(event_ms) FROM readings WHERE time_flag IS NULL", r => r.IsDBNull(0) ? (long?)null : r.GetInt64(0))[0];
        if (newest is null) return now;
        return newest.Value > now || now - newest.Value > TimeSpan.FromDays(1).TotalMilliseconds ? newest.Value : now;
    }

    /// <summary>Readings of the site's gas sensors in the range (the CSV download's rows).</summary>
    public long CountReadings(string site, TimeRange range) =>
        Store.Query($"SELECT count(*) FROM readings WHERE site = {Identifiers.Sql(site)} AND {Window(range)} AND {GasOnly}", r => r.GetInt64(0))[0];

    /// <summary>True when any gas sensor of the site has a (valid) ambient value in the range: the chart then starts on ambient.</summary>
    public bool HasAmbient(string site, TimeRange range) =>
        Store.Query($"""
            SELECT 1 FROM readings WHERE site = {Identifiers.Sql(site)} AND {Window(range)} AND {GasOnly}
              AND {ChartMeasure.Ambient.ValueSql} IS NOT NULL LIMIT 1
            """, r => 1).Count > 0;

    /// <summary>
    /// One measure per gas sensor in the range, in time order (the met station measures no methane and is left out). Above
    /// <paramref name="maxPoints"/> readings the points are averages over equal time buckets (so a 24 h range stays
    /// drawable); the reply says so.
    /// </summary>
    public (IReadOnlyDictionary<string, IReadOnlyList<ChartPoint>> Series, long BucketMs) Chart(string site, TimeRange range, string? thing,
        ChartMeasure measure, int maxPoints)
    {
        string filter = $"site = {Identifiers.Sql(site)} AND {Window(range)} AND {GasOnly}" + (thing is null ? "" : $" AND thing = {Identifiers.Sql(thing)}");
        long count = Store.Query($"SELECT count(*) FROM readings WHERE {filter}", r => r.GetInt64(0))[0];
        long bucket = 0;
        string sql;
        if (count <= maxPoints)
        {
            sql = $"SELECT thing, event_ms, {measure.ValueSql} FROM readings WHERE {filter} ORDER BY thing, event_ms";
        }
        else
        {
            long things = Math.Max(1, Store.Query($"SELECT count(DISTINCT thing) FROM readings WHERE {filter}", r => r.GetInt64(0))[0]);
            bucket = Math.Max(1000, (range.ToMs - range.FromMs) * things / maxPoints);
            sql = $"""
                SELECT thing, (event_ms // {bucket}) * {bucket} + {bucket / 2} AS t, avg({measure.ValueSql})
                FROM readings WHERE {filter} GROUP BY thing, t ORDER BY thing, t
                """;
        }
        var series = new SortedDictionary<string, IReadOnlyList<ChartPoint>>(StringComparer.Ordinal);
        foreach (var (t, point) in Store.Query(sql, r => (r.GetString(0), new ChartPoint(r.GetInt64(1), Dbl(r, 2)))))
        {
            if (!series.TryGetValue(t, out var list)) series[t] = list = new List<ChartPoint>();
            ((List<ChartPoint>)list).Add(point);
        }
        return (series, bucket);
    }

    /// <summary>
    /// Every stored reading of the site in the range, in time order: the CSV download's rows (<paramref name="gasOnly"/>: its
    /// gas sensors) or a device's newest readings.
    /// </summary>
    public IReadOnlyList<ReadingRow> Rows(string site, TimeRange range, string? thing = null, int? newest = null, bool gasOnly = false)
    {
        string filter = $"site = {Identifiers.Sql(site)} AND {Window(range)}" + (thing is null ? "" : $" AND thing = {Identifiers.Sql(thing)}")
            + (gasOnly ? $" AND {GasOnly}" : "");
        string order = newest is null ? "ORDER BY event_ms, thing, seq" : $"ORDER BY event_ms DESC, seq DESC LIMIT {newest.Value}";
        return Store.Query($"""
            SELECT thing, seq, event_ms, received_ms, ch4_ppm, derived_lel_pct, temp_c, rh_pct, quality, flags, site_alarm, fw, source, ch4_amb_ppm,
              role, {AmbientReading.Columns}, {WindLatest.Columns}
            FROM readings WHERE {filter} {order}
            """, r => new ReadingRow(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), Dbl(r, 4), Dbl(r, 5), Dbl(r, 6), Dbl(r, 7),
                r.GetString(8), r.GetInt32(9), r.GetInt32(10), Str(r, 11), r.GetString(12), Dbl(r, 13), Str(r, 14),
                Str(r, 14) == "gas" ? AmbientReading.Read(r, 15) : null, Str(r, 14) == "met" ? WindLatest.Read(r, 20) : null));
    }

    /// <summary>
    /// Alarm history of the site, newest first: the devices' alarm messages and every change of a sensor's site-threshold
    /// level (as the store's alarm history computes it).
    /// </summary>
    public IReadOnlyList<AlarmRow> Alarms(string site, long sinceMs, int limit = 200, string? thing = null)
    {
        string s = Identifiers.Sql(site);
        string t = thing is null ? "" : $" AND thing = {Identifiers.Sql(thing)}";
        return Store.Query($"""
            SELECT thing, seq, event_ms, alarm, ch4_ppm, lel_pct, 'device' AS source FROM alarm_events WHERE site = {s} AND event_ms >= {sinceMs}{t}
            UNION ALL
            SELECT thing, seq, event_ms, site_alarm, ch4_ppm, derived_lel_pct, 'site' FROM (
              SELECT *, lag(site_alarm, 1, 0) OVER (PARTITION BY thing ORDER BY epoch, seq) AS previous
              FROM readings WHERE time_flag IS NULL AND site = {s}{t})
            WHERE site_alarm <> previous AND event_ms >= {sinceMs}
            ORDER BY event_ms DESC, thing, source LIMIT {limit}
            """, r => new AlarmRow(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt32(3), Dbl(r, 4), Dbl(r, 5), r.GetString(6)));
    }

    /// <summary>
    /// Per device of the site: last seen, lag, firmware, flags, readings flagged Replayed (sent from the outbox after a
    /// connection loss) received in the last hour, seq gaps. (Not the batch topic: a device on batches sends every reading there.)
    /// </summary>
    public IReadOnlyList<DeviceHealth> Health(string site, string? thing = null)
    {
        long now = NowMs;
        string t = thing is null ? "" : $" AND r.thing = {Identifiers.Sql(thing)}";
        return Store.Query($"""
            WITH latest AS (
              SELECT thing, received_ms, received_ms - event_ms AS lag, fw, flags, site_alarm FROM readings r
              WHERE site = {Identifiers.Sql(site)}{t}
              QUALIFY row_number() OVER (PARTITION BY thing ORDER BY epoch DESC, seq DESC) = 1)
            SELECT l.thing, l.received_ms, l.lag, l.fw, l.flags,
              (SELECT count(*) FROM readings x WHERE x.thing = l.thing AND (x.flags & {TelemetryFlags.Replayed}) <> 0 AND x.received_ms > l.received_ms - 3600000),
              CAST(coalesce((SELECT sum(missing) FROM seq_gaps g WHERE g.thing = l.thing), 0) AS BIGINT),
              (SELECT count(*) FROM seq_events e WHERE e.thing = l.thing),
              l.site_alarm
            FROM latest l ORDER BY l.thing
            """, r => new DeviceHealth(r.GetString(0), r.GetInt64(1), r.GetInt64(2), Str(r, 3), r.GetInt32(4), r.GetInt64(5),
                r.GetInt64(6), r.GetInt64(7),
                SensorState.Of(r.GetInt32(4), r.GetInt32(8), r.GetInt64(1), now)));
    }

    /// <summary>A device's telemetry v2 role (gas, met) from its newest reading; null for a v1 sensor or an unknown device.</summary>
    public string? RoleOf(string thing) =>
        Store.Query($"SELECT role FROM readings WHERE thing = {Identifiers.Sql(thing)} ORDER BY epoch DESC, seq DESC LIMIT 1", r => Str(r, 0))
            .FirstOrDefault();

    /// <summary>The site of a device, or null when the store has never seen it.</summary>
    public string? SiteOf(string thing) =>
        Store.Query($"SELECT site FROM readings WHERE thing = {Identifiers.Sql(thing)} ORDER BY epoch DESC, seq DESC LIMIT 1", r => r.GetString(0))
            .FirstOrDefault();

    /// <summary>Gas sensors: a v1 reading (no role) or a v2 one of role gas; not the met station.</summary>
    private const string GasOnly = "role IS DISTINCT FROM 'met'";

    private static string Window(TimeRange range) => $"event_ms >= {range.FromMs} AND event_ms <= {range.ToMs} AND time_flag IS NULL";

    private static double? Dbl(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
    private static string? Str(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}

/// <summary>The dashboard has no store yet (the demo's pipeline has not started): 503.</summary>
public sealed class StoreUnavailableException() : Exception("the store is not open yet");
