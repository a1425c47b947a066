using System.Data.Common;
using DuckDB.NET.Data;
using Methane.Cloud.Enrichment;
using Methane.Telemetry;

namespace Methane.Cloud.Pipeline;

public sealed record LatestReading(string Thing, string Site, long Seq, long EventMs, double? Ch4Ppm, double? LelPct, int SiteAlarm, string Quality, int Flags, string? Fw);

public sealed record SiteAggregate(string Site, long Count, double Min, double Mean, double Max, double P95);

public sealed record AlarmEvent(string Thing, string Site, long Seq, long EventMs, int Alarm, double? Ch4Ppm, double? LelPct, string Source);

/// <summary>
/// The embedded time-series store (DuckDB). <see cref="Write"/> stores one batch in one transaction through the appender;
/// when a key is already present the batch goes again through temporary staging tables and <c>INSERT OR IGNORE</c>, so
/// that key is skipped. Every call is serialized on one connection, so queries may run while the pipeline writes. After a
/// failed write (disk full) the connection is reopened before the next one: DuckDB invalidates a database after an I/O error.
/// </summary>
public sealed class DuckDbStore : IReadingStore
{
    private DuckDBConnection _connection;
    private bool _broken;
    private readonly object _gate = new();

    public DuckDbStore(string path)
    {
        Path = path;
        _connection = Open(path);
    }

    public string Path { get; }

    private static string Schema => """
        CREATE TABLE IF NOT EXISTS readings (
          thing VARCHAR NOT NULL, site VARCHAR NOT NULL, seq BIGINT NOT NULL,
          timestamp_ms BIGINT NOT NULL, event_ms BIGINT NOT NULL, received_ms BIGINT NOT NULL, source VARCHAR NOT NULL,
          ch4_ppm DOUBLE, lel_pct DOUBLE, temp_c DOUBLE, rh_pct DOUBLE,
          t_raw INTEGER, rh_raw INTEGER, adc_raw INTEGER, vout_v DOUBLE, rs_ohm DOUBLE, rs_r0 DOUBLE,
          alarm INTEGER, flags INTEGER NOT NULL, fw VARCHAR,
          derived_lel_pct DOUBLE, site_alarm INTEGER NOT NULL, quality VARCHAR NOT NULL,
          site_name VARCHAR, operator VARCHAR, board VARCHAR,
          epoch INTEGER NOT NULL, time_flag VARCHAR,
          PRIMARY KEY (thing, epoch, seq));
        {{V2Columns}}
        CREATE TABLE IF NOT EXISTS alarm_events (
          thing VARCHAR NOT NULL, site VARCHAR NOT NULL, seq BIGINT NOT NULL, event_ms BIGINT NOT NULL, received_ms BIGINT NOT NULL,
          alarm INTEGER NOT NULL, ch4_ppm DOUBLE, lel_pct DOUBLE, site_alarm INTEGER NOT NULL, timestamp_ms BIGINT NOT NULL,
          event VARCHAR, previous INTEGER, rise_ppm_min DOUBLE, flags INTEGER,
          PRIMARY KEY (thing, seq, timestamp_ms));
        ALTER TABLE alarm_events ADD COLUMN IF NOT EXISTS event VARCHAR;
        ALTER TABLE alarm_events ADD COLUMN IF NOT EXISTS previous INTEGER;
        ALTER TABLE alarm_events ADD COLUMN IF NOT EXISTS rise_ppm_min DOUBLE;
        ALTER TABLE alarm_events ADD COLUMN IF NOT EXISTS flags INTEGER;
        CREATE TABLE IF NOT EXISTS dead_letters (
          received_ms BIGINT NOT NULL, topic VARCHAR NOT NULL, reason VARCHAR NOT NULL, field VARCHAR, value VARCHAR, expected VARCHAR,
          payload_bytes INTEGER NOT NULL, payload_excerpt VARCHAR,
          payload_sha256 VARCHAR NOT NULL, ordinal INTEGER NOT NULL, deliveries INTEGER NOT NULL, last_received_ms BIGINT NOT NULL,
          PRIMARY KEY (topic, payload_sha256, ordinal));
        CREATE TABLE IF NOT EXISTS seq_gaps (
          thing VARCHAR NOT NULL, from_seq BIGINT NOT NULL, to_seq BIGINT NOT NULL, missing BIGINT NOT NULL, detected_ms BIGINT NOT NULL,
          epoch INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS seq_events (
          thing VARCHAR NOT NULL, kind VARCHAR NOT NULL, epoch INTEGER NOT NULL, previous_seq BIGINT NOT NULL, seq BIGINT NOT NULL,
          detected_ms BIGINT NOT NULL, reason VARCHAR NOT NULL);
        CREATE TABLE IF NOT EXISTS devices (
          thing VARCHAR PRIMARY KEY, site VARCHAR NOT NULL, board VARCHAR, installed_at VARCHAR, calibrated_at VARCHAR, notes VARCHAR);
        CREATE TABLE IF NOT EXISTS device_health (
          thing VARCHAR NOT NULL, site VARCHAR NOT NULL, timestamp_ms BIGINT NOT NULL, received_ms BIGINT NOT NULL,
          clock_synced BOOLEAN, fw VARCHAR, uptime_s BIGINT, session_state VARCHAR, samples BIGINT, fault_samples BIGINT,
          published BIGINT, acked BIGINT, reconnects BIGINT, connections_lost BIGINT, outbox_depth BIGINT, outbox_dropped BIGINT,
          alarm BIGINT, alarms_raised BIGINT, last_error VARCHAR,
          PRIMARY KEY (thing, timestamp_ms));
        CREATE TABLE IF NOT EXISTS job_updates (
          thing VARCHAR NOT NULL, job_id VARCHAR NOT NULL, status VARCHAR NOT NULL, step VARCHAR, progress VARCHAR, reason VARCHAR,
          expected_version BIGINT, request_key VARCHAR NOT NULL, received_ms BIGINT NOT NULL,
          PRIMARY KEY (thing, job_id, request_key));
        CREATE TEMP TABLE IF NOT EXISTS health_stage AS SELECT * FROM device_health LIMIT 0;
        CREATE TEMP TABLE IF NOT EXISTS job_update_stage AS SELECT * FROM job_updates LIMIT 0;
        CREATE TEMP TABLE IF NOT EXISTS readings_stage AS SELECT * FROM readings LIMIT 0;
        CREATE TEMP TABLE IF NOT EXISTS alarm_stage AS SELECT * FROM alarm_events LIMIT 0;
        CREATE TEMP TABLE IF NOT EXISTS dead_letter_stage AS SELECT * FROM dead_letters LIMIT 0;
        """.Replace("{{V2Columns}}", string.Concat(ReadingColumnsV2.Select(c => $"ALTER TABLE readings ADD COLUMN IF NOT EXISTS {c.Name} {c.Type};\n")), StringComparison.Ordinal);

    /// <summary>
    /// The telemetry v2 fields (role, ambient group, wind group), NULL in a v1 reading. Added by ALTER to new and older files
    /// alike, so they always end the table in this order (the appender writes by position).
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string Type)> ReadingColumnsV2 =
    [
        (TelemetryFields.Role, "VARCHAR"),
        (TelemetryFields.Ch4AmbPpm, "DOUBLE"), (TelemetryFields.Ch4BgPpm, "DOUBLE"), (TelemetryFields.Ch4EnhPpm, "DOUBLE"),
        (TelemetryFields.Ch4SigmaPpm, "DOUBLE"), (TelemetryFields.Ch4BgFlags, "INTEGER"), (TelemetryFields.Ch4EnhFlags, "INTEGER"),
        (TelemetryFields.WindSpeedMs, "DOUBLE"), (TelemetryFields.WindGustMs, "DOUBLE"), (TelemetryFields.WindDirDeg, "DOUBLE"),
        (TelemetryFields.WindSigmaDeg, "DOUBLE"), (TelemetryFields.WindSamples, "INTEGER"), (TelemetryFields.WindFlags, "INTEGER"),
        (TelemetryFields.WindPulses, "BIGINT"), (TelemetryFields.VaneV, "DOUBLE"),
    ];

    // Dead letters recorded before they were keyed: kept, each under a key no payload hash can have.
    private const string KeyOldDeadLetters = """
        ALTER TABLE dead_letters RENAME TO dead_letters_unkeyed;
        """;

    private const string MoveOldDeadLetters = """
        INSERT INTO dead_letters SELECT received_ms, topic, reason, field, value, expected, payload_bytes, payload_excerpt,
          'unkeyed-' || CAST(row_number() OVER () AS VARCHAR), 0, 1, received_ms FROM dead_letters_unkeyed;
        DROP TABLE dead_letters_unkeyed;
        """;

    // One row per key: deliveries of the same message within the batch are counted, and added to a row already recorded.
    private const string MergeDeadLetters = """
        INSERT INTO dead_letters
        SELECT min(received_ms), topic, arg_min(reason, received_ms), arg_min(field, received_ms), arg_min(value, received_ms),
          arg_min(expected, received_ms), arg_min(payload_bytes, received_ms), arg_min(payload_excerpt, received_ms),
          payload_sha256, ordinal, count(*), max(received_ms)
        FROM dead_letter_stage GROUP BY topic, payload_sha256, ordinal
        ON CONFLICT (topic, payload_sha256, ordinal) DO UPDATE SET
          deliveries = dead_letters.deliveries + EXCLUDED.deliveries,
          last_received_ms = greatest(dead_letters.last_received_ms, EXCLUDED.last_received_ms);
        DELETE FROM dead_letter_stage;
        """;

    private static DuckDBConnection Open(string path)
    {
        var connection = new DuckDBConnection($"Data Source={path}");
        connection.Open();
        try
        {
            using DuckDBCommand probe = connection.CreateCommand();
            probe.CommandText = "SELECT count(*) FROM information_schema.columns WHERE table_name = 'readings' AND column_name IN ('seq', 'epoch')";
            long columns = (long)probe.ExecuteScalar()!;
            if (columns == 1)
            {
                throw new InvalidOperationException(
                    $"store {path}: table readings has no epoch column (written by a pipeline before the (thing, epoch, seq) key); expected a new file: move it away or pass another --db");
            }
            probe.CommandText = "SELECT count(*) FILTER (WHERE column_name = 'payload_sha256'), count(*) FROM information_schema.columns WHERE table_name = 'dead_letters' AND table_schema = 'main'";
            bool unkeyed;
            using (System.Data.Common.DbDataReader r = probe.ExecuteReader())
            {
                r.Read();
                unkeyed = r.GetInt64(0) == 0 && r.GetInt64(1) > 0;
            }
            if (unkeyed) Run(connection, KeyOldDeadLetters);
            Run(connection, Schema);
            if (unkeyed) Run(connection, MoveOldDeadLetters);
            CheckV2ColumnsLast(connection, path);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A file where some v2 column was added out of order (by hand) cannot take the appender's positional rows.</summary>
    private static void CheckV2ColumnsLast(DuckDBConnection connection, string path)
    {
        using DuckDBCommand cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT column_name FROM information_schema.columns WHERE table_name = 'readings' AND table_schema = 'main' ORDER BY ordinal_position";
        var names = new List<string>();
        using (DbDataReader r = cmd.ExecuteReader())
            while (r.Read()) names.Add(r.GetString(0));
        string[] expected = ReadingColumnsV2.Select(c => c.Name).ToArray();
        string[] last = names.Skip(Math.Max(0, names.Count - expected.Length)).ToArray();
        if (!last.SequenceEqual(expected, StringComparer.Ordinal))
            throw new InvalidOperationException(
                $"store {path}: table readings ends with columns ({string.Join(", ", last)}); expected the v2 columns last in the order ({string.Join(", ", expected)}): move the file away or pass another --db");
    }

    public void Execute(string sql)
    {
        lock (_gate)
        {
            using DuckDBCommand cmd = Connection().CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }
    }

    public StoreOutcome Write(StoreBatch batch)
    {
        if (batch.IsEmpty) return StoreOutcome.None;
        lock (_gate)
        {
            DuckDBConnection c = Connection();
            try
            {
                try
                {
                    return WriteOnce(c, batch, staged: false);
                }
                catch (DuckDBException e) when (IsKeyViolation(e))
                {
                    // Some key is stored already (a redelivery): write again through the staging tables, skipping those keys.
                    Run(c, "ROLLBACK");
                    return WriteOnce(c, batch, staged: true);
                }
            }
            catch
            {
                _broken = true;
                throw;
            }
        }
    }

    /// <summary>
    /// One transaction. Fast path: the appender straight into the keyed tables (fails as a whole on a key already present).
    /// Staged: appender into temporary tables, then <c>INSERT OR IGNORE</c> (about three times slower, used only after a violation).
    /// </summary>
    private static StoreOutcome WriteOnce(DuckDBConnection c, StoreBatch batch, bool staged)
    {
        Run(c, "BEGIN TRANSACTION");
        int readings = batch.Readings.Count, alarms = batch.Alarms.Count;
        AppendReadings(c, staged ? "readings_stage" : "readings", batch.Readings);
        AppendAlarms(c, staged ? "alarm_stage" : "alarm_events", batch.Alarms);
        if (staged)
        {
            readings = Run(c, "INSERT OR IGNORE INTO readings SELECT DISTINCT ON (thing, epoch, seq) * FROM readings_stage");
            alarms = Run(c, "INSERT OR IGNORE INTO alarm_events SELECT DISTINCT ON (thing, seq, timestamp_ms) * FROM alarm_stage");
            Run(c, "DELETE FROM readings_stage; DELETE FROM alarm_stage");
        }
        int deadLetters = WriteDeadLetters(c, batch.DeadLetters);
        AppendGaps(c, batch.Gaps);
        AppendSeqEvents(c, batch.SeqEvents);
        WriteDeviceStatus(c, batch.Health ?? [], batch.JobUpdates ?? []);
        Run(c, "COMMIT");
        return new StoreOutcome(readings, alarms, deadLetters);
    }

    private static bool IsKeyViolation(DuckDBException e) =>
        e.Message.Contains("constraint", StringComparison.OrdinalIgnoreCase) && e.Message.Contains("key", StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<DeviceSeqState> SeqStates() => Query($"""
        SELECT thing, epoch, seq, timestamp_ms, (flags & {TelemetryFlags.ClockUnsynced}) = 0 AND time_flag IS NULL
        FROM readings QUALIFY row_number() OVER (PARTITION BY thing ORDER BY epoch DESC, seq DESC) = 1
        """, r => new DeviceSeqState(r.GetString(0), r.GetInt32(1), r.GetInt64(2), r.GetInt64(3), r.GetBoolean(4)));

    private DuckDBConnection Connection()
    {
        if (!_broken) return _connection;
        try { _connection.Dispose(); } catch (DbException) { }
        _connection = Open(Path);
        _broken = false;
        return _connection;
    }

    private static int Run(DuckDBConnection c, string sql)
    {
        using DuckDBCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteNonQuery();
    }

    private static void AppendReadings(DuckDBConnection c, string table, IReadOnlyList<StoredReading> rows)
    {
        if (rows.Count == 0) return;
        using DuckDBAppender appender = c.CreateAppender(table);
        foreach (StoredReading s in rows)
        {
            EnrichedReading e = s.Enriched;
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
                .AppendValue((int?)s.Epoch).AppendValue(s.TimeFlag)
                .AppendValue(r.Role)
                .AppendValue(r.Ch4AmbPpm).AppendValue(r.Ch4BgPpm).AppendValue(r.Ch4EnhPpm)
                .AppendValue(r.Ch4SigmaPpm).AppendValue(r.Ch4BgFlags).AppendValue(r.Ch4EnhFlags)
                .AppendValue(r.WindSpeedMs).AppendValue(r.WindGustMs).AppendValue(r.WindDirDeg)
                .AppendValue(r.WindSigmaDeg).AppendValue(r.WindSamples).AppendValue(r.WindFlags)
                .AppendValue(r.WindPulses).AppendValue(r.VaneV)
                .EndRow();
        }
    }

    private static void AppendAlarms(DuckDBConnection c, string table, IReadOnlyList<StoredAlarm> rows)
    {
        if (rows.Count == 0) return;
        using DuckDBAppender appender = c.CreateAppender(table);
        foreach (StoredAlarm s in rows)
        {
            EnrichedReading e = s.Enriched;
            AlarmEventMessage a = s.Event;
            appender.CreateRow()
                .AppendValue(a.Thing).AppendValue(a.Site).AppendValue((long?)a.Seq)
                .AppendValue((long?)e.EventMs).AppendValue((long?)e.ReceivedMs).AppendValue((int?)a.Alarm)
                .AppendValue(a.Ch4Ppm).AppendValue(a.LelPct).AppendValue((int?)e.SiteAlarm)
                .AppendValue((long?)a.Timestamp)
                .AppendValue(a.Event).AppendValue((int?)a.Previous).AppendValue(a.RisePpmMin).AppendValue((int?)a.Flags)
                .EndRow();
        }
    }

    /// <summary>Stages the letters and merges them by key; returns how many keys were new (the rest were redeliveries).</summary>
    private static int WriteDeadLetters(DuckDBConnection c, IReadOnlyList<KeyedDeadLetter> letters)
    {
        if (letters.Count == 0) return 0;
        using (DuckDBAppender appender = c.CreateAppender("dead_letter_stage"))
        {
            foreach (KeyedDeadLetter k in letters)
            {
                DeadLetter d = k.Letter;
                appender.CreateRow()
                    .AppendValue((long?)d.ReceivedMs).AppendValue(d.Topic).AppendValue(d.Reason).AppendValue(d.Field).AppendValue(d.Value).AppendValue(d.Expected)
                    .AppendValue((int?)d.PayloadBytes).AppendValue(d.PayloadExcerpt)
                    .AppendValue(k.PayloadSha256).AppendValue((int?)k.Ordinal).AppendValue((int?)1).AppendValue((long?)d.ReceivedMs)
                    .EndRow();
            }
        }
        using DuckDBCommand fresh = c.CreateCommand();
        fresh.CommandText = """
            SELECT count(*) FROM (SELECT DISTINCT topic, payload_sha256, ordinal FROM dead_letter_stage) s
            WHERE NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.topic = s.topic AND d.payload_sha256 = s.payload_sha256 AND d.ordinal = s.ordinal)
            """;
        int inserted = (int)(long)fresh.ExecuteScalar()!;
        Run(c, MergeDeadLetters);
        return inserted;
    }

    private static void AppendGaps(DuckDBConnection c, IReadOnlyList<SeqGap> gaps)
    {
        if (gaps.Count == 0) return;
        using DuckDBAppender appender = c.CreateAppender("seq_gaps");
        foreach (SeqGap g in gaps)
        {
            appender.CreateRow()
                .AppendValue(g.Thing).AppendValue((long?)g.FromSeq).AppendValue((long?)g.ToSeq).AppendValue((long?)g.Missing).AppendValue((long?)g.DetectedMs)
                .AppendValue((int?)g.Epoch)
                .EndRow();
        }
    }

    private static void AppendSeqEvents(DuckDBConnection c, IReadOnlyList<SeqEvent> events)
    {
        if (events.Count == 0) return;
        using DuckDBAppender appender = c.CreateAppender("seq_events");
        foreach (SeqEvent e in events)
        {
            appender.CreateRow()
                .AppendValue(e.Thing).AppendValue(e.Kind).AppendValue((int?)e.Epoch).AppendValue((long?)e.PreviousSeq).AppendValue((long?)e.Seq)
                .AppendValue((long?)e.DetectedMs).AppendValue(e.Reason)
                .EndRow();
        }
    }

    /// <summary>
    /// Health messages and job updates, always through staging (a few per device and minute): a redelivered one (same thing
    /// and timestamp; same job and clientToken) is skipped.
    /// </summary>
    private static void WriteDeviceStatus(DuckDBConnection c, IReadOnlyList<DeviceHealthMessage> health, IReadOnlyList<JobStatusUpdate> jobs)
    {
        if (health.Count > 0)
        {
            using (DuckDBAppender appender = c.CreateAppender("health_stage"))
            {
                foreach (DeviceHealthMessage h in health)
                {
                    appender.CreateRow()
                        .AppendValue(h.Thing).AppendValue(h.Site).AppendValue((long?)h.TimestampMs).AppendValue((long?)h.ReceivedMs)
                        .AppendValue(h.ClockSynced).AppendValue(h.Fw).AppendValue(h.UptimeS).AppendValue(h.SessionState)
                        .AppendValue(h.Samples).AppendValue(h.FaultSamples).AppendValue(h.Published).AppendValue(h.Acked)
                        .AppendValue(h.Reconnects).AppendValue(h.ConnectionsLost).AppendValue(h.OutboxDepth).AppendValue(h.OutboxDropped)
                        .AppendValue(h.Alarm).AppendValue(h.AlarmsRaised).AppendValue(h.LastError)
                        .EndRow();
                }
            }
            Run(c, "INSERT OR IGNORE INTO device_health SELECT DISTINCT ON (thing, timestamp_ms) * FROM health_stage; DELETE FROM health_stage");
        }
        if (jobs.Count > 0)
        {
            using (DuckDBAppender appender = c.CreateAppender("job_update_stage"))
            {
                foreach (JobStatusUpdate j in jobs)
                {
                    appender.CreateRow()
                        .AppendValue(j.Thing).AppendValue(j.JobId).AppendValue(j.Status).AppendValue(j.Step).AppendValue(j.Progress)
                        .AppendValue(j.Reason).AppendValue(j.ExpectedVersion).AppendValue(j.RequestKey).AppendValue((long?)j.ReceivedMs)
                        .EndRow();
                }
            }
            Run(c, "INSERT OR IGNORE INTO job_updates SELECT DISTINCT ON (thing, job_id, request_key) * FROM job_update_stage; DELETE FROM job_update_stage");
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
            using DuckDBCommand cmd = Connection().CreateCommand();
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
            FROM readings QUALIFY row_number() OVER (PARTITION BY thing ORDER BY epoch DESC, seq DESC) = 1 ORDER BY thing
            """, r => new LatestReading(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), Dbl(r, 4), Dbl(r, 5),
                r.GetInt32(6), r.GetString(7), r.GetInt32(8), Str(r, 9)));
    }

    /// <summary>
    /// Per-site min, mean, max and 95th percentile of valid ch4_ppm with event time in (now − window, now], readings with an
    /// implausible device time (time_flag) left out. The percentile
    /// interpolates linearly between closest ranks (DuckDB quantile_cont; numpy's default).
    /// </summary>
    public IReadOnlyList<SiteAggregate> SiteAggregates(TimeSpan window, long nowMs)
    {
        long from = nowMs - (long)window.TotalMilliseconds;
        return Query($"""
            SELECT site, count(*), min(ch4_ppm), avg(ch4_ppm), max(ch4_ppm), quantile_cont(ch4_ppm, 0.95)
            FROM readings
            WHERE event_ms > {from} AND event_ms <= {nowMs} AND quality <> 'invalid' AND ch4_ppm IS NOT NULL AND time_flag IS NULL
            GROUP BY site ORDER BY site
            """, r => new SiteAggregate(r.GetString(0), r.GetInt64(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetDouble(5)));
    }

    /// <summary>
    /// Alarm history since <paramref name="sinceMs"/>, newest first: the devices' alarm messages (source 'device') and the
    /// stored readings whose site-threshold alarm differs from the previous reading of that device (source 'site'); readings
    /// with an implausible device time (time_flag) are left out.
    /// </summary>
    public IReadOnlyList<AlarmEvent> AlarmHistory(long sinceMs)
    {
        return Query($"""
            SELECT thing, site, seq, event_ms, alarm, ch4_ppm, lel_pct, 'device' AS source FROM alarm_events WHERE event_ms >= {sinceMs}
            UNION ALL
            SELECT thing, site, seq, event_ms, site_alarm, ch4_ppm, derived_lel_pct, 'site' FROM (
              SELECT *, lag(site_alarm, 1, 0) OVER (PARTITION BY thing ORDER BY epoch, seq) AS previous FROM readings WHERE time_flag IS NULL)
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
            using DuckDBCommand cmd = Connection().CreateCommand();
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
