using System.Text;
using System.Text.Json.Nodes;
using Methane.Cloud.Pipeline.Rules;

namespace Methane.Cloud.Tests;

/// <summary>
/// What each deployed rule emits for a live message and for a batch, from the rules' own SQL and templates. Expected values
/// are written out by hand from the AWS IoT documentation of each action (InfluxDB record content, Timestream action).
/// </summary>
public class RuleProjectionTests
{
    private const string Live = "dt/methane/site-north/dev-1/telemetry";
    private const string Batch = "dt/methane/site-north/dev-1/batch";
    private const long Received = 1_767_225_660_000;

    private static readonly string Reading =
        """{"v":1,"thing":"dev-1","site":"site-north","seq":7,"timestamp":1767225600000,"ch4_ppm":123.5,"lel_pct":null,"temp_c":21.0,"rh_pct":40.25,"alarm":0,"flags":32,"fw":"1.2.3"}""";

    [Fact]
    public void A_live_reading_is_one_archive_record_one_influx_point_and_one_timestream_record_per_measure()
    {
        byte[] payload = Encoding.UTF8.GetBytes(Reading);
        JsonNode record = Assert.Single(CloudRuleProjections.ArchiveRecords(Live, payload, Received));
        Assert.Equal(Live, record["topic"]!.GetValue<string>());
        Assert.Equal(Received, record["received_ms"]!.GetValue<long>());
        Assert.Equal(123.5, record["ch4_ppm"]!.GetValue<double>());
        Assert.Equal("site-north", CloudRuleProjections.ArchiveSite(record));

        InfluxPoint point = Assert.Single(CloudRuleProjections.InfluxLive(Live, payload, Received));
        // lel_pct is null (not written); site/thing are tags from the topic; integers carry the i suffix; v and fw are not selected.
        Assert.Equal("methane,site=site-north,thing=dev-1 alarm=0i,ch4_ppm=123.5,flags=32i,rh_pct=40.25,seq=7i,temp_c=21.0 1767225600000", point.ToLineProtocol());

        var records = CloudRuleProjections.LiveAnalyticsLive(Live, payload, Received);
        Assert.Equal(new[]
        {
            new TimestreamRecord("site-north", "site-north", "dev-1", "ch4_ppm", "123.5", "DOUBLE", 1767225600000),
            new TimestreamRecord("site-north", "site-north", "dev-1", "temp_c", "21.0", "DOUBLE", 1767225600000),
            new TimestreamRecord("site-north", "site-north", "dev-1", "rh_pct", "40.25", "DOUBLE", 1767225600000),
            new TimestreamRecord("site-north", "site-north", "dev-1", "alarm", "0", "BIGINT", 1767225600000),
            new TimestreamRecord("site-north", "site-north", "dev-1", "flags", "32", "BIGINT", 1767225600000),
            new TimestreamRecord("site-north", "site-north", "dev-1", "seq", "7", "BIGINT", 1767225600000),
        }, records);
    }

    [Fact]
    public void A_batch_is_one_archive_envelope_holding_the_exact_bytes_and_no_store_rule_reads_it_directly()
    {
        string batch = "[" + Reading + ",\n " + Reading.Replace("\"seq\":7", "\"seq\":8") + "]";
        byte[] payload = Encoding.UTF8.GetBytes(batch);
        JsonNode envelope = Assert.Single(CloudRuleProjections.ArchiveRecords(Batch, payload, Received));
        Assert.Equal(new[] { "payload", "topic", "received_ms" }, envelope.AsObject().Select(p => p.Key));
        Assert.Equal(payload, Convert.FromBase64String(envelope["payload"]!.GetValue<string>()));
        Assert.Equal("site-north", CloudRuleProjections.ArchiveSite(envelope));
        // The function's event is the same envelope.
        Assert.Equal(envelope.ToJsonString(), CloudRuleProjections.BatchFunctionEvent(Batch, payload, Received)!.ToJsonString());
        Assert.Empty(CloudRuleProjections.InfluxLive(Batch, payload, Received));
        Assert.Empty(CloudRuleProjections.LiveAnalyticsLive(Batch, payload, Received));
        // An invalid batch is archived all the same (the raw archive keeps what arrived).
        Assert.Single(CloudRuleProjections.ArchiveRecords(Batch, "not json"u8.ToArray(), Received));
    }

    [Fact]
    public void A_validated_batch_becomes_one_point_per_element_with_per_element_tags()
    {
        const string published = """[{"site":"site-north","thing":"dev-1","timestamp":1767225600000,"ch4_ppm":123.5,"seq":7},{"site":"site-north","thing":"dev-1","timestamp":1767225605000,"ch4_ppm":10,"seq":8}]""";
        var points = CloudRuleProjections.InfluxValidatedBatch("$aws/rules/methane_batch_store/st/methane/site-north/dev-1/batch", Encoding.UTF8.GetBytes(published), Received);
        Assert.Equal(new[]
        {
            "methane,site=site-north,thing=dev-1 ch4_ppm=123.5,seq=7i 1767225600000",
            "methane,site=site-north,thing=dev-1 ch4_ppm=10i,seq=8i 1767225605000",
        }, points.Select(p => p.ToLineProtocol()));
        // A device's own topic never reaches that rule.
        Assert.Empty(CloudRuleProjections.InfluxValidatedBatch("$aws/rules/methane_batch_store/dt/methane/site-north/dev-1/batch", Encoding.UTF8.GetBytes(published), Received));
    }

    [Theory]
    [InlineData("dt/methane/+/+/telemetry", "dt/methane/a/b/telemetry", true)]
    [InlineData("dt/methane/+/+/telemetry", "dt/methane/a/b/batch", false)]
    [InlineData("dt/methane/+/+/telemetry", "dt/methane/a/telemetry", false)]
    [InlineData("dt/#", "dt/methane/a/b/c", true)]
    public void Topic_filters_match_as_mqtt_does(string filter, string topic, bool matches) => Assert.Equal(matches, RuleSql.TopicMatches(filter, topic));
}
