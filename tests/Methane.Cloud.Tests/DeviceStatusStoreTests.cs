namespace Methane.Cloud.Tests;

/// <summary>
/// Device health messages (outbox backlog, session counters) and the device's Jobs update requests (OTA progress and
/// outcome) go through the processor into the real DuckDB store, each once however often it is delivered; malformed
/// ones are dead letters naming the field.
/// </summary>
public sealed class DeviceStatusStoreTests
{
    // As the firmware writes it (Methane.Firmware.Core/App/EventMessages.WriteHealth).
    private static string Health(string site, string thing, long ts, long outboxDepth, long dropped) =>
        $$"""{"v":1,"thing":"{{thing}}","site":"{{site}}","timestamp":{{ts}},"clock_synced":true,"fw":"1.2.0","uptime_s":3600,"state":"online","samples":720,"fault_samples":0,"published":700,"acked":690,"reconnects":2,"connections_lost":1,"outbox_depth":{{outboxDepth}},"outbox_dropped":{{dropped}},"alarm":0,"alarms_raised":0,"last_error":"none"}""";

    // As the firmware's JobsClient.SendUpdate writes it.
    private static string JobUpdate(string status, string details, long version, string token) =>
        $$"""{"status":"{{status}}","statusDetails":{{{details}}},"expectedVersion":{{version}},"includeJobExecutionState":true,"clientToken":"{{token}}"}""";

    [Fact]
    public void Health_messages_are_stored_with_the_outbox_backlog_once_per_timestamp()
    {
        using var h = new ProcessorHarness();
        h.Send("dt/methane/alpha/dev-1/health", Health("alpha", "dev-1", 1_700_000_060_000, 37, 4), 1_700_000_060_500);
        h.Send("dt/methane/alpha/dev-1/health", Health("alpha", "dev-1", 1_700_000_060_000, 37, 4), 1_700_000_061_000); // redelivered
        h.Send("dt/methane/alpha/dev-1/health", Health("alpha", "dev-1", 1_700_000_120_000, 0, 4), 1_700_000_120_300);
        h.Processor.Flush();
        h.Send("dt/methane/alpha/dev-1/health", Health("alpha", "dev-1", 1_700_000_120_000, 0, 4), 1_700_000_130_000); // after a restart
        h.Processor.Flush();

        var rows = h.Store.Query("SELECT timestamp_ms, received_ms, outbox_depth, outbox_dropped, session_state, fw, reconnects, last_error FROM device_health ORDER BY timestamp_ms",
            r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4), r.GetString(5), r.GetInt64(6), r.GetString(7)));
        Assert.Equal(
        [
            (1_700_000_060_000, 1_700_000_060_500, 37, 4, "online", "1.2.0", 2, "none"),
            (1_700_000_120_000, 1_700_000_120_300, 0, 4, "online", "1.2.0", 2, "none"),
        ], rows);
        Assert.Equal(0, h.Processor.Stats.DeadLetters);
        Assert.Equal(0, h.Store.Count("readings"));
    }

    [Fact]
    public void Job_updates_are_stored_in_order_and_a_redelivery_once()
    {
        using var h = new ProcessorHarness();
        const string topic = "$aws/things/dev-1/jobs/ota-1_2_0/update";
        h.Send(topic, JobUpdate("IN_PROGRESS", "\"step\":\"download\",\"progress\":\"40%\"", 2, "dev-1-7"), 1_000);
        h.Send(topic, JobUpdate("IN_PROGRESS", "\"step\":\"download\",\"progress\":\"40%\"", 2, "dev-1-7"), 1_500); // redelivered
        h.Send(topic, JobUpdate("SUCCEEDED", "\"reason\":\"new version confirmed\"", 3, "dev-1-8"), 2_000);
        h.Processor.Flush();

        var rows = h.Store.Query("SELECT thing, job_id, status, step, progress, reason, expected_version, received_ms FROM job_updates ORDER BY received_ms",
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.GetInt64(6), r.GetInt64(7)));
        Assert.Equal(
        [
            ("dev-1", "ota-1_2_0", "IN_PROGRESS", "download", "40%", null, 2, 1_000),
            ("dev-1", "ota-1_2_0", "SUCCEEDED", null, null, "new version confirmed", 3, 2_000),
        ], rows);
    }

    [Fact]
    public void Malformed_status_messages_are_dead_letters_naming_the_field()
    {
        using var h = new ProcessorHarness();
        h.Send("dt/methane/alpha/dev-1/health", Health("alpha", "dev-2", 1_700_000_060_000, 1, 0));  // payload thing != topic thing
        h.Send("dt/methane/alpha/dev-1/health", "[1,2]");
        h.Send("$aws/things/dev-1/jobs/job-1/update", JobUpdate("DONE", "", 1, "t-1"));
        h.Send("$aws/things/dev-1/jobs/job-1/get", "{}");
        h.Processor.Flush();

        var letters = h.Store.Query("SELECT reason, field, value FROM dead_letters ORDER BY received_ms, topic, reason",
            r => (r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2))).Order().ToList();
        Assert.Equal(
        [
            ("invalid-field", "status", "\"DONE\""),
            ("invalid-field", "thing", "\"dev-2\""),
            ("invalid-payload", "$", null),
            ("unexpected-topic", "topic", "$aws/things/dev-1/jobs/job-1/get"),
        ], letters);
        Assert.Equal(0, h.Store.Count("device_health") + h.Store.Count("job_updates"));
    }
}
