using System.Data.Common;
using System.Globalization;
using Methane.Cloud.Pipeline;

namespace Methane.Dashboard.Data;

/// <summary>The outbox backlog from a device's newest health message (pipeline table <c>device_health</c>).</summary>
public sealed record OutboxStatus(long AtMs, long? Depth, long? Dropped, string? SessionState, long? Reconnects, string? LastError, string? Fw)
{
    /// <summary>"37 readings waiting on the device, 4 dropped (health 12:01:00 UTC)" or "empty (…)".</summary>
    public string Words
    {
        get
        {
            string depth = Depth switch { null => "backlog not reported", 0 => "empty", 1 => "1 reading waiting on the device", _ => $"{Depth} readings waiting on the device" };
            string dropped = Dropped is > 0 ? $", {Dropped} dropped (outbox full)" : "";
            return $"{depth}{dropped} (health {DateTimeOffset.FromUnixTimeMilliseconds(AtMs).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC)";
        }
    }
}

/// <summary>The newest Jobs update a device sent (pipeline table <c>job_updates</c>): its OTA job's state.</summary>
public sealed record OtaJobStatus(string JobId, string Status, string? Step, string? Progress, string? Reason, long AtMs)
{
    /// <summary>"ota-1_2_0: in progress, download 40%", "ota-1_2_0: failed: sha256 mismatch", "…: succeeded (new version confirmed)".</summary>
    public string Words
    {
        get
        {
            string status = Status switch
            {
                "IN_PROGRESS" => "in progress", "SUCCEEDED" => "succeeded", "FAILED" => "failed", "REJECTED" => "rejected",
                "TIMED_OUT" => "timed out", "CANCELED" => "canceled", "REMOVED" => "removed", "QUEUED" => "queued",
                _ => Status.ToLowerInvariant().Replace('_', ' '),
            };
            string step = string.Join(' ', new[] { Step, Progress }.Where(s => !string.IsNullOrEmpty(s)));
            string detail = Status switch
            {
                "FAILED" or "REJECTED" or "TIMED_OUT" when Reason is { Length: > 0 } => ": " + Reason,
                _ when step.Length > 0 => ", " + step,
                _ when Reason is { Length: > 0 } => $" ({Reason})",
                _ => "",
            };
            return $"{JobId}: {status}{detail}";
        }
    }
}

/// <summary>
/// What the devices report about themselves besides readings: the outbox backlog from health messages and the OTA job
/// state from their Jobs updates. A store written before the pipeline kept them has neither table: then nothing (null).
/// </summary>
public sealed class DeviceStatus(StoreSource source)
{
    private DuckDbStore Store => source.Current ?? throw new StoreUnavailableException();

    public IReadOnlyDictionary<string, OutboxStatus> Outbox(IReadOnlyCollection<string> things)
    {
        if (things.Count == 0 || !HasTable("device_health")) return new Dictionary<string, OutboxStatus>();
        return Store.Query($"""
            SELECT thing, timestamp_ms, outbox_depth, outbox_dropped, session_state, reconnects, last_error, fw FROM device_health
            WHERE thing IN ({InList(things)})
            QUALIFY row_number() OVER (PARTITION BY thing ORDER BY timestamp_ms DESC, received_ms DESC) = 1
            """, r => (r.GetString(0), new OutboxStatus(r.GetInt64(1), Lng(r, 2), Lng(r, 3), Str(r, 4), Lng(r, 5), Str(r, 6), Str(r, 7))))
            .ToDictionary(x => x.Item1, x => x.Item2);
    }

    public IReadOnlyDictionary<string, OtaJobStatus> Ota(IReadOnlyCollection<string> things)
    {
        if (things.Count == 0 || !HasTable("job_updates")) return new Dictionary<string, OtaJobStatus>();
        return Store.Query($"""
            SELECT thing, job_id, status, step, progress, reason, received_ms FROM job_updates
            WHERE thing IN ({InList(things)})
            QUALIFY row_number() OVER (PARTITION BY thing ORDER BY received_ms DESC, coalesce(expected_version, -1) DESC) = 1
            """, r => (r.GetString(0), new OtaJobStatus(r.GetString(1), r.GetString(2), Str(r, 3), Str(r, 4), Str(r, 5), r.GetInt64(6))))
            .ToDictionary(x => x.Item1, x => x.Item2);
    }

    private bool HasTable(string name) =>
        Store.Query($"SELECT 1 FROM duckdb_tables() WHERE table_name = {Identifiers.Sql(name)} AND schema_name = 'main'", r => 1).Count > 0;

    // Thing names come from the store's readings and pass Identifiers.Sql (letters, digits, '-', '_').
    private static string InList(IEnumerable<string> things) => string.Join(", ", things.Select(Identifiers.Sql));

    private static long? Lng(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
    private static string? Str(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
