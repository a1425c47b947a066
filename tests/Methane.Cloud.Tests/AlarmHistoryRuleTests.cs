using System.Text;
using System.Text.Json.Nodes;
using Methane.Cloud.Enrichment;
using Methane.Cloud.Pipeline.Rules;
using Xunit;

namespace Methane.Cloud.Tests;

/// <summary>
/// The alarm history in the AWS store: what the alarm-history rule writes for an alarm event (alarm-event-v1), in both
/// store variants, computed from the SQL the stack deploys. Expected points are written by hand from the InfluxDB action's
/// documented record content (tags from the topic, integers with an i suffix, strings quoted, nulls left out).
/// </summary>
public sealed class AlarmHistoryRuleTests
{
    private const string Topic = "dt/methane/site-north/north-01/alarm";
    private const long Received = 1767225601234;
    private const string Raised =
        "{\"v\":1,\"thing\":\"north-01\",\"site\":\"site-north\",\"seq\":42,\"timestamp\":1767225600000,\"event\":\"raised\"," +
        "\"alarm\":2,\"previous\":1,\"ch4_ppm\":12000.5,\"lel_pct\":24.0,\"rise_ppm_min\":350.25,\"flags\":0}";
    private const string ClearedWithoutValues =
        "{\"v\":1,\"thing\":\"north-01\",\"site\":\"site-north\",\"seq\":43,\"timestamp\":1767225660000,\"event\":\"cleared\"," +
        "\"alarm\":0,\"previous\":2,\"ch4_ppm\":null,\"lel_pct\":null,\"rise_ppm_min\":null,\"flags\":1024}";

    [Fact]
    public void A_raised_event_is_one_methane_alarm_point_with_the_event_as_a_string_field()
    {
        InfluxPoint p = Assert.Single(CloudRuleProjections.InfluxAlarm(Topic, Encoding.UTF8.GetBytes(Raised), Received));
        Assert.Equal("methane_alarm,site=site-north,thing=north-01 alarm=2i,ch4_ppm=12000.5,event=\"raised\",flags=0i,lel_pct=24.0,previous=1i,rise_ppm_min=350.25 1767225600000",
            p.ToLineProtocol());
    }

    [Fact]
    public void Null_values_of_an_event_are_left_out_and_the_event_is_still_stored()
    {
        InfluxPoint p = Assert.Single(CloudRuleProjections.InfluxAlarm(Topic, Encoding.UTF8.GetBytes(ClearedWithoutValues), Received));
        Assert.Equal("methane_alarm,site=site-north,thing=north-01 alarm=0i,event=\"cleared\",flags=1024i,previous=2i 1767225660000", p.ToLineProtocol());
    }

    [Fact]
    public void LiveAnalytics_keeps_the_event_in_the_site_table_under_the_record_dimension()
    {
        var records = CloudRuleProjections.LiveAnalyticsAlarm(Topic, Encoding.UTF8.GetBytes(Raised), Received);
        Assert.Equal(new[]
        {
            ("event", "raised", "VARCHAR"), ("alarm", "2", "BIGINT"), ("previous", "1", "BIGINT"), ("ch4_ppm", "12000.5", "DOUBLE"),
            ("lel_pct", "24.0", "DOUBLE"), ("rise_ppm_min", "350.25", "DOUBLE"), ("flags", "0", "BIGINT"),
        }, records.Select(r => (r.MeasureName, r.MeasureValue, r.MeasureValueType)));
        Assert.All(records, r =>
        {
            Assert.Equal(("site-north", "site-north", "north-01", 1767225600000L, "methane_alarm"), (r.Table, r.Site, r.Thing, r.TimeMs, r.Record));
        });
    }

    [Fact]
    public void Readings_and_batches_never_reach_the_alarm_history()
    {
        byte[] reading = Encoding.UTF8.GetBytes("{\"v\":1,\"timestamp\":1767225600000,\"ch4_ppm\":2.0}");
        Assert.Empty(CloudRuleProjections.InfluxAlarm("dt/methane/site-north/north-01/telemetry", reading, Received));
        Assert.Empty(CloudRuleProjections.InfluxAlarm("dt/methane/site-north/north-01/batch", reading, Received));
    }

    [Fact]
    public void The_history_selects_every_field_of_the_alarm_event_schema_but_the_envelope()
    {
        // The schema's required fields minus what the topic and the time column already carry.
        JsonNode schema = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "src/Methane.Telemetry/alarm-event-v1.schema.json")))!;
        var fields = schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).Except(new[] { "v", "thing", "site", "seq", "timestamp" });
        Assert.Equal(fields.Order(), StoredFields.AlarmFields.Order());
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Firmware.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Firmware.sln not found above " + AppContext.BaseDirectory);
    }
}
