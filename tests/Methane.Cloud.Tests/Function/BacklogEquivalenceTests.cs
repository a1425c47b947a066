using System.Text;
using System.Text.Json.Nodes;
using Methane.Cloud.Pipeline.Rules;

namespace Methane.Cloud.Tests.Function;

/// <summary>
/// Issue 14: a device's backlog after an outage, sent as <c>…/batch</c> messages through the batch rule and the real
/// function process, ends up in each store variant as exactly the readings the live store rule would have written had they
/// been sent live; and in the archive as the same reading objects.
/// </summary>
public class BacklogEquivalenceTests
{
    private const string Site = "site-north";
    private const string Thing = "dev-7";
    private const long T0 = 1_767_225_600_000;
    private static string LiveTopic => $"dt/methane/{Site}/{Thing}/telemetry";
    private static string BatchTopic => $"dt/methane/{Site}/{Thing}/batch";

    /// <summary>40 readings, 5 s apart: whole and fractional ppm, a null %LEL while warming up, alarms, the replay flag.</summary>
    private static string[] Backlog() => Enumerable.Range(1, 40).Select(i => FunctionHarness.Reading(Site, Thing, 100 + i, T0 + i * 5000L,
        ch4: i % 10 == 0 ? 12.0 : 2.5 + i * 0.75, lel: i <= 3 ? null : (2.5 + i * 0.75) / 500, temp: 18 + i * 0.1, rh: 55 - i * 0.2,
        alarm: i > 35 ? 1 : 0, flags: (i <= 3 ? 1 : 0) | 32)).ToArray();

    private static IEnumerable<string[]> Batches(string[] readings, int size) => readings.Chunk(size);

    private static string BatchPayload(string[] readings) => "[" + string.Join(",", readings) + "]";

    [Fact]
    public async Task InfluxDb_backlog_is_stored_as_the_same_points_as_live()
    {
        string[] readings = Backlog();
        var live = readings.SelectMany((r, i) => CloudRuleProjections.InfluxLive(LiveTopic, Encoding.UTF8.GetBytes(r), T0 + i)).Select(p => p.ToLineProtocol()).ToList();
        Assert.Equal(40, live.Count);

        using var h = new FunctionHarness("influxdb");
        foreach (string[] batch in Batches(readings, 15))
        {
            InvocationResult result = await h.SendBatch(BatchTopic, BatchPayload(batch), T0 + 600_000);
            Assert.False(result.IsError, result.Text);
        }
        Assert.Empty(h.Aws.SignatureFailures);
        Assert.Equal(3, h.Aws.Published.Count);
        Assert.All(h.Aws.Published, p => Assert.Equal($"$aws/rules/methane_batch_store/st/methane/{Site}/{Thing}/batch", p.Topic));
        var replayed = h.Aws.Published.SelectMany(p => CloudRuleProjections.InfluxValidatedBatch(p.Topic, p.Payload, T0 + 600_000)).Select(p => p.ToLineProtocol()).ToList();

        Assert.Equal(live.OrderBy(l => l, StringComparer.Ordinal), replayed.OrderBy(l => l, StringComparer.Ordinal));
    }

    [Fact]
    public async Task LiveAnalytics_backlog_is_stored_as_the_same_records_as_live()
    {
        string[] readings = Backlog();
        var live = readings.SelectMany((r, i) => CloudRuleProjections.LiveAnalyticsLive(LiveTopic, Encoding.UTF8.GetBytes(r), T0 + i)).ToList();
        // 40 readings × 7 stored measures, minus the 3 null %LEL values.
        Assert.Equal(40 * 7 - 3, live.Count);

        using var h = new FunctionHarness("liveanalytics");
        foreach (string[] batch in Batches(readings, 20))
        {
            InvocationResult result = await h.SendBatch(BatchTopic, BatchPayload(batch), T0 + 600_000);
            Assert.False(result.IsError, result.Text);
        }
        Assert.Empty(h.Aws.SignatureFailures);
        // 137 records per batch of 20: two WriteRecords calls each (at most 100 records a call).
        Assert.Equal(4, h.Aws.WriteRecords.Count);
        var replayed = h.Aws.WriteRecords.SelectMany(StorePoints.FromWriteRecords).ToList();

        static string Key(TimestreamRecord r) => $"{r.Table}|{r.Site}|{r.Thing}|{r.TimeMs}|{r.MeasureName}|{r.MeasureValueType}|{r.MeasureValue}";
        Assert.Equal(live.Select(Key).OrderBy(k => k, StringComparer.Ordinal), replayed.Select(Key).OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public void Archive_holds_the_same_reading_objects_whichever_way_they_travelled()
    {
        string[] readings = Backlog();
        var live = readings.SelectMany(r => CloudRuleProjections.ArchiveRecords(LiveTopic, Encoding.UTF8.GetBytes(r), T0))
            .Select(record => { var o = record.AsObject(); o.Remove("topic"); o.Remove("received_ms"); return o.ToJsonString(); }).ToList();
        var fromBatches = Batches(readings, 15).SelectMany(b => CloudRuleProjections.ArchiveRecords(BatchTopic, Encoding.UTF8.GetBytes(BatchPayload(b)), T0))
            .SelectMany(envelope => JsonNode.Parse(Convert.FromBase64String(envelope["payload"]!.GetValue<string>()))!.AsArray())
            .Select(r => r!.ToJsonString()).ToList();
        Assert.Equal(40, live.Count);
        Assert.Equal(live, fromBatches);
    }
}
