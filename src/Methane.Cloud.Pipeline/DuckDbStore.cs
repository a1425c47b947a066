using System.Data.Common;
using DuckDB.NET.Data;
using Methane.Cloud.Enrichment;
using Methane.Telemetry;

namespace Methane.Cloud.Pipeline;

public sealed record LatestReading(string Thing, string Site, long Seq, long EventMs, double? Ch4Ppm, double? LelPct, int SiteAlarm, string Quality, int Flags, string? Fw);

public sealed record SiteAggregate(string Site, long Count, double Min, double Mean, double Max, double P95);

public sealed record AlarmEvent(string Thing, string Site, long Seq, long EventMs, int Alarm, double? Ch4Ppm, double? LelPct, string Source);

/// <summary>
/// The embedded time-series store (DuckDB). Writes go through the appender in batches; every call is serialized on one
/// connection, so queries may run while the pipeline writes.
/// </summary>
public sealed class DuckDbStore : IDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly object _gate = new();

    public DuckDbStore(string path)
    {
        Path = path;
        _connection = new DuckDBConnection($"Data Source={path}");
        _connection.Open();
        Execute(Schema);
    }

    public string Path { get; }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS readings (
          thing VARCHAR NOT NULL, site VARCHAR NOT NULL, seq BIGINT NOT NULL,
          timestamp_ms BIGINT NOT NULL, event_ms BIGINT NOT NULL, received_ms BIGINT NOT NULL, source VARCHAR NOT NULL,
          ch4_ppm DOUBLE, lel_pct DOUBLE, temp_c DOUBLE, rh_pct DOUBLE,
          t_raw INTEGER, rh_raw INTEGER, adc_raw INTEGER, vout_v DOUBLE, rs_ohm DOUBLE, rs_r0 DOUBLE,
          alarm INTEGER, flags INTEGER NOT NULL, fw VARCHAR,
          derived_lel_pct DOUBLE, site_alarm INTEGER NOT NULL, quality VARCHAR NOT NULL,
          site_name VARCHAR, operator VARCHAR, board VARCHAR);
        CREATE TABLE IF NOT EXISTS alarm_events (
          thing VARCHAR NOT NULL, site VARCHAR NOT NULL, seq BIGINT NOT NULL, event_ms BIGINT NOT NULL, received_ms BIGINT NOT NULL,
          alarm INTEGER NOT NULL, ch4_ppm DOUBLE, lel_pct DOUBLE, site_alarm INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS dead_letters (
          received_ms BIGINT NOT NULL, topic VARCHAR NOT NULL, reason VARCHAR NOT NULL, field VARCHAR, value VARCHAR, expected VARCHAR,
          payload_bytes INTEGER NOT NULL, payload_excerpt VARCHAR);
        CREATE TABLE IF NOT EXISTS seq_gaps (
          thing VARCHAR NOT NULL, from_seq BIGINT NOT NULL, to_seq BIGINT NOT NULL, missing BIGINT NOT NULL, detected_ms BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS devices (
          thing VARCHAR PRIMARY KEY, site VARCHAR NOT NULL, board VARCHAR, installed_at VARCHAR, calibrated_at VARCHAR, notes VARCHAR);
        """;

    public void Execute(string sql)
    {
        lock (_gate)
        {
            using DuckDBCommand cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }
    }

    public void AppendReadings(IReadOnlyList<EnrichedReading> rows)
    {
        if (rows.Count == 0) return;
        lock (_gate)
        {
            using DuckDBAppender appender = _connection.CreateAppender("readings");
            foreach (EnrichedReading e in rows)
            {
                TelemetryReading r = e.Reading;
                appender.CreateRow()
                    .AppendValue(r.Thing).AppendValue(r.Site).AppendValue((long?)r.Seq)
                    .AppendValue((long?)r.Timestamp).AppendValue((long?)e.EventMs).AppendValue((long?)e.ReceivedMs)
                    .AppendValue(e.Source.ToString().ToLowerInvariant())
                    .AppendValue(r.Ch4Ppm).AppendValue(r.LelPct).AppendValue(r.TempC).AppendValue(r.RhPct)
                    .AppendValue(r.TRaw).AppendValue(r.RhRaw).AppendValue(r.AdcRaw).AppendValue(r.VoutV).AppendValue(r.RsOhm).AppendValue(r.RsR0)
                    .AppendValue(r.Alarm).AppendValue((int?)r.Flags).AppendValue(r.Fw)
                    .AppendValue(e.DerivedLelPct).AppendValue((int?)e.SiteAlarm).AppendValue(QualityName(e.Quality))
                    .AppendValue(e.Site.Name).AppendValue(e.Site.Operator).AppendValue(e.Device?.Board)
                    .EndRow();
            }
        }
    }

    public void AppendAlarms(IReadOnlyList<EnrichedReading> rows)
    {
        if (rows.Count == 0) return;
        lock (_gate)
        {
            using DuckDBAppender appender = _connection.CreateAppender("alarm_events");
            foreach (EnrichedReading e in rows)
            {
                appender.CreateRow()
                    .AppendValue(e.Reading.Thing).AppendValue(e.Reading.Site).AppendValue((long?)e.Reading.Seq)
                    .AppendValue((long?)e.EventMs).AppendValue((long?)e.ReceivedMs).AppendValue((int?)(e.Reading.Alarm ?? 0))
                    .AppendValue(e.Reading.Ch4Ppm).AppendValue(e.DerivedLelPct).AppendValue((int?)e.SiteAlarm)
                    .EndRow();
            }
        }
    }

    public void AppendDeadLetters(IReadOnlyList<DeadLetter> letters)
    {
        if (letters.Count == 0) return;
        lock (_gate)
        {
            using DuckDBAppender appender = _connection.CreateAppender("dead_letters");
            foreach (DeadLetter d in letters)
            {
                appender.CreateRow()
                    .AppendValue((long?)d.ReceivedMs).AppendValue(d.Topic).AppendValue(d.Reason).AppendValue(d.Field).AppendValue(d.Value).AppendValue(d.Expected)
                    .AppendValue((int?)d.PayloadBytes).AppendValue(d.PayloadExcerpt)
                    .EndRow();
            }
        }
    }

    public void AppendGaps(IReadOnlyList<SeqGap> gaps)
    {
        if (gaps.Count == 0) return;
        lock (_gate)
        {
            using DuckDBAppender appender = _connection.CreateAppender("seq_gaps");
            foreach (SeqGap g in gaps)
            {
                appender.CreateRow()
                    .AppendValue(g.Thing).AppendValue((long?)g.FromSeq).AppendValue((long?)g.ToSeq).AppendValue((long?)g.Missing).AppendValue((long?)g.DetectedMs)
                    .EndRow();
            }
        }
    }

    public static string QualityName(DataQuality q) => q switch
    {
        DataQuality.Good => "good",
        DataQuality.Degraded => "degraded",
        _ => "invalid",
    };

    // ---------------- Device registry table ----------------

    public void UpsertDevice(DeviceInfo d)
    {
        lock (_gate)
        {
            using DuckDBCommand cmd = _connection.CreateCommand();
            cmd.CommandText = "INSERT OR REPLACE INTO devices VALUES ($1, $2, $3, $4, $5, $6)";
            foreach (object? v in new object?[] { d.Thing, d.Site, d.Board, d.InstalledAt, d.CalibratedAt, d.Notes })
                cmd.Parameters.Add(new DuckDBParameter(v ?? DBNull.Value));
            cmd.ExecuteNonQuery();
        }
    }

    public IReadOnlyList<DeviceInfo> Devices()
    {
        return Query("SELECT thing, site, board, installed_at, calibrated_at, notes FROM devices ORDER BY thing", r =>
            new DeviceInfo(r.GetString(0), r.GetString(1), Str(r, 2), Str(r, 3), Str(r, 4), Str(r, 5)));
    }

    // ---------------- Queries ----------------

    public long Count(string table) => Query($"SELECT count(*) FROM {table}", r => r.GetInt64(0))[0];

    /// <summary>The reading with the highest seq of every device.</summary>
    public IReadOnlyList<LatestReading> LatestPerDevice()
    {
        return Query("""
            SELECT thing, site, seq, event_ms, ch4_ppm, derived_lel_pct, site_alarm, quality, flags, fw
            FROM readings QUALIFY row_number() OVER (PARTITION BY thing ORDER BY seq DESC) = 1 ORDER BY thing
            """, r => new LatestReading(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), Dbl(r, 4), Dbl(r, 5),
                r.GetInt32(6), r.GetString(7), r.GetInt32(8), Str(r, 9)));
    }

    /// <summary>
    /// Per-site min, mean, max and 95th percentile of valid ch4_ppm with event time in (now − window, now]. The percentile
    /// interpolates linearly between closest ranks (DuckDB quantile_cont; numpy's default).
    /// </summary>
    public IReadOnlyList<SiteAggregate> SiteAggregates(TimeSpan window, long nowMs)
    {
        long from = nowMs - (long)window.TotalMilliseconds;
        return Query($"""
            SELECT site, count(*), min(ch4_ppm), avg(ch4_ppm), max(ch4_ppm), quantile_cont(ch4_ppm, 0.95)
            FROM readings
            WHERE event_ms > {from} AND event_ms <= {nowMs} AND quality <> 'invalid' AND ch4_ppm IS NOT NULL
            GROUP BY site ORDER BY site
            """, r => new SiteAggregate(r.GetString(0), r.GetInt64(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetDouble(5)));
    }

    /// <summary>
    /// Alarm history since <paramref name="sinceMs"/>, newest first: the devices' alarm messages (source 'device') and the
    /// stored readings whose site-threshold alarm differs from the previous reading of that device (source 'site').
    /// </summary>
    public IReadOnlyList<AlarmEvent> AlarmHistory(long sinceMs)
    {
        return Query($"""
            SELECT thing, site, seq, event_ms, alarm, ch4_ppm, lel_pct, 'device' AS source FROM alarm_events WHERE event_ms >= {sinceMs}
            UNION ALL
            SELECT thing, site, seq, event_ms, site_alarm, ch4_ppm, derived_lel_pct, 'site' FROM (
              SELECT *, lag(site_alarm, 1, 0) OVER (PARTITION BY thing ORDER BY seq) AS previous FROM readings)
            WHERE site_alarm <> previous AND event_ms >= {sinceMs}
            ORDER BY event_ms DESC, thing, source
            """, r => new AlarmEvent(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt32(4), Dbl(r, 5), Dbl(r, 6), r.GetString(7)));
    }

    public IReadOnlyList<(string Reason, string? Field, long Count)> DeadLetterSummary()
    {
        return Query("SELECT reason, field, count(*) FROM dead_letters GROUP BY reason, field ORDER BY 3 DESC, 1",
            r => (r.GetString(0), Str(r, 1), r.GetInt64(2)));
    }

    public IReadOnlyList<T> Query<T>(string sql, Func<DbDataReader, T> map)
    {
        lock (_gate)
        {
            using DuckDBCommand cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            using DbDataReader reader = cmd.ExecuteReader();
            var list = new List<T>();
            while (reader.Read()) list.Add(map(reader));
            return list;
        }
    }

    private static double? Dbl(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
    private static string? Str(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public void Dispose()
    {
        lock (_gate) _connection.Dispose();
    }
}

/// <summary>Local device registry: the <c>devices</c> table of the embedded store, cached in memory (reloaded on demand).</summary>
public sealed class DuckDbDeviceRegistry : IDeviceRegistry
{
    private readonly DuckDbStore _store;
    private volatile InMemoryDeviceRegistry _cache;

    public DuckDbDeviceRegistry(DuckDbStore store)
    {
        _store = store;
        _cache = new InMemoryDeviceRegistry(store.Devices());
    }

    public void Upsert(DeviceInfo device)
    {
        _store.UpsertDevice(device);
        Reload();
    }

    public void Reload() => _cache = new InMemoryDeviceRegistry(_store.Devices());

    public DeviceInfo? Find(string thing) => _cache.Find(thing);
}
