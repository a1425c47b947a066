using System.Text;
using System.Text.RegularExpressions;
using Methane.Cloud.Enrichment;
using Methane.Cloud.Pipeline.Rules;
using Xunit;

namespace Methane.Cloud.Tests;

/// <summary>
/// Device health and AWS IoT job execution events in the AWS store: what the health rule and the job-execution rule write,
/// in both store variants, computed from the SQL the stack deploys. Expected points and records are written by hand from
/// the actions' documented record content (integers with an i suffix, strings quoted, booleans t/f, absent keys left out).
/// </summary>
public sealed class HealthAndJobRuleTests
{
    private const string HealthTopic = "dt/methane/site-north/north-01/health";
    private const long Received = 1767225661234;

    // As the firmware writes it (Methane.Firmware.Core/App/EventMessages.WriteHealth): 37 readings waiting in the outbox.
    private const string Health =
        "{\"v\":1,\"thing\":\"north-01\",\"site\":\"site-north\",\"timestamp\":1767225660000,\"clock_synced\":true,\"fw\":\"1.2.0\"," +
        "\"uptime_s\":3600,\"state\":\"online\",\"samples\":720,\"fault_samples\":0,\"published\":700,\"acked\":690,\"reconnects\":2," +
        "\"connections_lost\":1,\"outbox_depth\":37,\"outbox_dropped\":4,\"alarm\":0,\"alarms_raised\":1,\"last_error\":\"none\"}";

    // The example payload of "Job execution terminal status" in the AWS IoT Developer Guide, "Jobs events"
    // (https://docs.aws.amazon.com/iot/latest/developerguide/events-jobs.html), copied by hand with its "succeeded|failed|…"
    // alternatives resolved to succeeded / SUCCEEDED. Its thingArn is the page's own (not of the form …:thing/NAME).
    private const string DocExampleTopic = "$aws/events/jobExecution/154b39e5-60b0-48a4-9b73-f6f8dd032d27/succeeded";
    private const string DocExample =
        "{\"eventType\":\"JOB_EXECUTION\",\"eventId\":\"cca89fa5-8a7f-4ced-8c20-5e653afb3572\",\"timestamp\":1234567890," +
        "\"operation\":\"succeeded\",\"jobId\":\"154b39e5-60b0-48a4-9b73-f6f8dd032d27\"," +
        "\"thingArn\":\"arn:aws:iot:us-east-1:123456789012:myThing/6d639fbc-8f85-4a90-924d-a2867f8366a7\"," +
        "\"status\":\"SUCCEEDED\",\"statusDetails\":{\"key\":\"value\"}}";

    // The same event shape for one of ours: an OTA job the firmware failed with the JobsClient's statusDetails.
    private const string OtaFailedTopic = "$aws/events/jobExecution/ota-1_3_0/failed";
    private const string OtaFailed =
        "{\"eventType\":\"JOB_EXECUTION\",\"eventId\":\"0b7c4c4e-1f7e-4d0b-9a51-3f3c5a2f8e11\",\"timestamp\":1767225900," +
        "\"operation\":\"failed\",\"jobId\":\"ota-1_3_0\",\"thingArn\":\"arn:aws:iot:eu-central-1:123456789012:thing/north-01\"," +
        "\"status\":\"FAILED\",\"statusDetails\":{\"step\":\"verify\",\"reason\":\"sha256_mismatch\"}}";

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void A_health_message_is_one_methane_health_point_with_the_outbox_backlog()
    {
        InfluxPoint p = Assert.Single(CloudRuleProjections.InfluxHealth(HealthTopic, Bytes(Health), Received));
        Assert.Equal("methane_health,site=site-north,thing=north-01 acked=690i,alarm=0i,alarms_raised=1i,clock_synced=t,connections_lost=1i," +
            "fault_samples=0i,fw=\"1.2.0\",last_error=\"none\",outbox_depth=37i,outbox_dropped=4i,published=700i,reconnects=2i,samples=720i," +
            "state=\"online\",uptime_s=3600i 1767225660000", p.ToLineProtocol());
    }

    [Fact]
    public void A_health_message_missing_counters_is_still_stored_with_what_it_has()
    {
        string older = "{\"v\":1,\"thing\":\"north-01\",\"site\":\"site-north\",\"timestamp\":1767225720000,\"outbox_depth\":0,\"state\":\"offline\"}";
        InfluxPoint p = Assert.Single(CloudRuleProjections.InfluxHealth(HealthTopic, Bytes(older), Received));
        Assert.Equal("methane_health,site=site-north,thing=north-01 outbox_depth=0i,state=\"offline\" 1767225720000", p.ToLineProtocol());
    }

    [Fact]
    public void LiveAnalytics_keeps_health_in_the_site_table_under_the_record_dimension()
    {
        var records = CloudRuleProjections.LiveAnalyticsHealth(HealthTopic, Bytes(Health), Received);
        Assert.Equal(new[]
        {
            ("clock_synced", "true", "BOOLEAN"), ("fw", "1.2.0", "VARCHAR"), ("uptime_s", "3600", "BIGINT"), ("state", "online", "VARCHAR"),
            ("samples", "720", "BIGINT"), ("fault_samples", "0", "BIGINT"), ("published", "700", "BIGINT"), ("acked", "690", "BIGINT"),
            ("reconnects", "2", "BIGINT"), ("connections_lost", "1", "BIGINT"), ("outbox_depth", "37", "BIGINT"), ("outbox_dropped", "4", "BIGINT"),
            ("alarm", "0", "BIGINT"), ("alarms_raised", "1", "BIGINT"), ("last_error", "none", "VARCHAR"),
        }, records.Select(r => (r.MeasureName, r.MeasureValue, r.MeasureValueType)));
        Assert.All(records, r => Assert.Equal(("site-north", "site-north", "north-01", 1767225660000L, "methane_health"), (r.Table, r.Site, r.Thing, r.TimeMs, r.Record)));
    }

    [Fact]
    public void The_health_rule_selects_every_field_the_firmware_writes_but_the_envelope()
    {
        // Read from the encoder's source (the cloud tests do not run the firmware): the keys WriteHealth writes, in order.
        string root = RepositoryRoot();
        string events = File.ReadAllText(Path.Combine(root, "src/Methane.Firmware.Core/App/EventMessages.cs"));
        string names = File.ReadAllText(Path.Combine(root, "src/Methane.Firmware.Core/Telemetry/TelemetryFieldNames.cs"));
        int start = events.IndexOf("public static void WriteHealth", StringComparison.Ordinal);
        string body = events[start..events.IndexOf("private static void Identity", start, StringComparison.Ordinal)];
        string Key(string source, string field) =>
            Regex.Match(source, $@"\b{field}\s*=\s*JsonWriter\.EncodeString\(""([^""]+)""\)").Groups[1].Value;
        var written = Regex.Matches(body, @"PropertyName\((?:TelemetryFieldNames\.)?(\w+)\)")
            .Select(m => m.Value.Contains("TelemetryFieldNames.", StringComparison.Ordinal) ? Key(names, m.Groups[1].Value) : Key(events, m.Groups[1].Value))
            .ToList();
        Assert.DoesNotContain("", written);
        Assert.Equal(written.Except(new[] { "timestamp" }), StoredFields.HealthFields);
    }

    [Fact]
    public void The_documented_job_execution_event_is_one_methane_job_point_in_seconds()
    {
        InfluxPoint p = Assert.Single(CloudRuleProjections.InfluxJobExecution(DocExampleTopic, Bytes(DocExample), Received));
        // statusDetails {"key":"value"} has none of step/progress/reason: only status and operation are fields.
        Assert.Equal("methane_job,job=154b39e5-60b0-48a4-9b73-f6f8dd032d27,thing=6d639fbc-8f85-4a90-924d-a2867f8366a7 " +
            "operation=\"succeeded\",status=\"SUCCEEDED\" 1234567890", p.ToLineProtocol());
    }

    [Fact]
    public void A_failed_ota_job_keeps_the_devices_step_and_reason_and_the_thing_from_its_arn()
    {
        InfluxPoint p = Assert.Single(CloudRuleProjections.InfluxJobExecution(OtaFailedTopic, Bytes(OtaFailed), Received));
        Assert.Equal("methane_job,job=ota-1_3_0,thing=north-01 operation=\"failed\",reason=\"sha256_mismatch\",status=\"FAILED\",step=\"verify\" 1767225900",
            p.ToLineProtocol());
    }

    [Fact]
    public void LiveAnalytics_keeps_job_executions_in_the_job_table_by_thing_and_job()
    {
        var records = CloudRuleProjections.LiveAnalyticsJobExecution(OtaFailedTopic, Bytes(OtaFailed), Received);
        Assert.Equal(new[]
        {
            new TimestreamJobRecord("methane_job", "north-01", "ota-1_3_0", "status", "FAILED", "VARCHAR", 1767225900000),
            new TimestreamJobRecord("methane_job", "north-01", "ota-1_3_0", "operation", "failed", "VARCHAR", 1767225900000),
            new TimestreamJobRecord("methane_job", "north-01", "ota-1_3_0", "step", "verify", "VARCHAR", 1767225900000),
            new TimestreamJobRecord("methane_job", "north-01", "ota-1_3_0", "reason", "sha256_mismatch", "VARCHAR", 1767225900000),
        }, records);
    }

    [Fact]
    public void Each_rule_sees_only_its_own_topic()
    {
        Assert.Empty(CloudRuleProjections.InfluxHealth("dt/methane/site-north/north-01/telemetry", Bytes(Health), Received));
        Assert.Empty(CloudRuleProjections.InfluxHealth("dt/methane/site-north/north-01/alarm", Bytes(Health), Received));
        Assert.Empty(CloudRuleProjections.InfluxAlarm(HealthTopic, Bytes(Health), Received));
        Assert.Empty(CloudRuleProjections.InfluxLive(HealthTopic, Bytes(Health), Received));
        Assert.Empty(CloudRuleProjections.InfluxJobExecution(HealthTopic, Bytes(OtaFailed), Received));
        // The device's own update request is not an event: AWS IoT publishes the event once the execution is terminal.
        Assert.Empty(CloudRuleProjections.InfluxJobExecution("$aws/things/north-01/jobs/ota-1_3_0/update", Bytes(OtaFailed), Received));
        Assert.Empty(CloudRuleProjections.InfluxJobExecution("$aws/events/job/ota-1_3_0/completed", Bytes(OtaFailed), Received));
        Assert.Empty(CloudRuleProjections.InfluxHealth(OtaFailedTopic, Bytes(OtaFailed), Received));
    }

    [Fact]
    public void The_rules_command_shows_the_health_and_job_writes()
    {
        string dir = TestData.TempDir();
        var output = new StringWriter();
        File.WriteAllText(Path.Combine(dir, "health.json"), Health);
        File.WriteAllText(Path.Combine(dir, "job.json"), OtaFailed);
        Assert.Equal(0, RulesCommand.Run(new Dictionary<string, string> { ["topic"] = HealthTopic, ["payload"] = Path.Combine(dir, "health.json"), ["received-ms"] = "1767225661234" }, output));
        Assert.Equal(0, RulesCommand.Run(new Dictionary<string, string> { ["topic"] = OtaFailedTopic, ["payload"] = Path.Combine(dir, "job.json"), ["received-ms"] = "1767225901000" }, output));
        string text = output.ToString();
        Assert.Contains("  methane_health,site=site-north,thing=north-01 acked=690i,", text);
        Assert.Contains("LiveAnalytics health site-north: outbox_depth=37 (BIGINT) site=site-north thing=north-01 record=methane_health time=1767225660000", text);
        Assert.Contains("  methane_job,job=ota-1_3_0,thing=north-01 operation=\"failed\",", text);
        Assert.Contains("LiveAnalytics job execution methane_job: reason=sha256_mismatch (VARCHAR) thing=north-01 job=ota-1_3_0 time=1767225900000", text);
        // Neither message is a reading or a batch: no archive record, no telemetry point.
        Assert.DoesNotContain("archive", text);
        Assert.DoesNotContain("methane,", text);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Firmware.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Firmware.sln not found above " + AppContext.BaseDirectory);
    }
}
