using System.Text.Json;
using Methane.Cloud.Enrichment;
using Methane.Testing;
using Xunit.Abstractions;
using static Methane.Cloud.Tests.TemplateTests;

namespace Methane.Cloud.Tests;

/// <summary>The synthesized batch path: archive and function on one rule, the function's store sink and its permissions.</summary>
[Collection("cdk")]
public class BatchPathTemplateTests
{
    private readonly SynthesizedTemplates _t;
    private readonly ITestOutputHelper _out;

    public BatchPathTemplateTests(SynthesizedTemplates t, ITestOutputHelper output)
    {
        _t = t;
        _out = output;
    }

    private JsonDocument[] Both => new[] { _t.LiveAnalyticsJson, _t.InfluxDbJson };

    [Fact]
    public void Batches_are_archived_by_the_same_stream_as_live_readings_and_handed_to_the_function()
    {
        foreach (JsonDocument doc in Both)
        {
            JsonElement live = Rule(doc, "methane_telemetry_archive");
            JsonElement batch = Rule(doc, "methane_batch_enrich");
            Assert.Equal(CloudRules.TelemetryArchiveSql, live.GetProperty("Sql").GetString());
            Assert.Equal(CloudRules.BatchSql, batch.GetProperty("Sql").GetString());
            // Both rules' Firehose actions name the one archive stream (same partitioning by the topic's site).
            string liveStream = live.GetProperty("Actions")[0].GetProperty("Firehose").GetProperty("DeliveryStreamName").GetRawText();
            string batchStream = batch.GetProperty("Actions")[0].GetProperty("Firehose").GetProperty("DeliveryStreamName").GetRawText();
            Assert.Equal(liveStream, batchStream);
            Assert.True(batch.GetProperty("Actions")[1].TryGetProperty("Lambda", out _));
        }
    }

    [Fact]
    public void The_function_is_a_custom_runtime_bootstrap_with_a_failure_queue()
    {
        foreach (JsonDocument doc in Both)
        {
            JsonElement fn = Resources(doc, "AWS::Lambda::Function").Single(f => f.Props.GetProperty("FunctionName").GetString() == "methane-batch-enrichment").Props;
            Assert.Equal("provided.al2023", fn.GetProperty("Runtime").GetString());
            Assert.Equal("bootstrap", fn.GetProperty("Handler").GetString());
            Assert.True(fn.GetProperty("DeadLetterConfig").TryGetProperty("TargetArn", out _));
            JsonElement env = fn.GetProperty("Environment").GetProperty("Variables");
            bool influx = doc == _t.InfluxDbJson;
            Assert.Equal(influx ? "influxdb" : "liveanalytics", env.GetProperty("STORE").GetString());
            // The sites the function enriches with are the ones the stack was synthesized with.
            SiteCatalog sites = SiteCatalog.Parse(env.GetProperty("SITES_JSON").GetString()!);
            Assert.Equal(new[] { "site-north", "site-south" }, sites.Sites.Select(s => s.Id).OrderBy(s => s));
            if (influx) Assert.Equal("methane_batch_store", env.GetProperty("VALIDATED_BATCH_RULE").GetString());
            else Assert.Equal("methane", env.GetProperty("TIMESTREAM_DATABASE").GetString());
        }
    }

    [Fact]
    public void InfluxDb_stores_validated_batches_with_per_element_tags_and_the_live_fields()
    {
        JsonElement rule = Rule(_t.InfluxDbJson, "methane_batch_store");
        Assert.Equal("SELECT * FROM 'st/methane/+/+/batch'", rule.GetProperty("Sql").GetString());
        JsonElement influx = rule.GetProperty("Actions")[0].GetProperty("InfluxDB");
        Assert.Equal("@{site}", influx.GetProperty("Tags").GetProperty("site").GetString());
        Assert.Equal("@{thing}", influx.GetProperty("Tags").GetProperty("thing").GetString());
        JsonElement live = Rule(_t.InfluxDbJson, "methane_telemetry_store").GetProperty("Actions")[0].GetProperty("InfluxDB");
        foreach (string key in new[] { "TableName", "DatabaseName", "Organization", "DestinationArn", "TimestampUnit" })
            Assert.Equal(live.GetProperty(key).GetRawText(), influx.GetProperty(key).GetRawText());

        // The function may publish only to that rule's Basic Ingest topics; no device may publish there.
        string policies = string.Join("\n", Resources(_t.InfluxDbJson, "AWS::IAM::Policy").Select(p => p.Props.GetRawText()));
        Assert.Contains("topic/$aws/rules/methane_batch_store/st/methane/*", policies);
        string device = Resources(_t.InfluxDbJson, "AWS::IoT::Policy").Single(p => p.Props.GetProperty("PolicyName").GetString() == "methane-device").Props.GetRawText();
        Assert.DoesNotContain("st/methane", device);
        Assert.DoesNotContain("$aws/rules", device);
    }

    [Fact]
    public void LiveAnalytics_function_writes_only_to_the_database_tables()
    {
        string policies = string.Join("\n", Resources(_t.LiveAnalyticsJson, "AWS::IAM::Policy").Select(p => p.Props.GetRawText()));
        Assert.Contains(":database/methane/table/*", policies);
        Assert.DoesNotContain(Resources(_t.LiveAnalyticsJson, "AWS::IoT::TopicRule"), r => r.Props.GetProperty("RuleName").GetString() == "methane_batch_store");
    }

    [Fact]
    public void Template_sizes()
    {
        foreach (string name in new[] { "Influx", "LiveAnalytics" })
        {
            var file = new FileInfo(Path.Combine(_t.OutDir, name + ".template.json"));
            int resources = JsonDocument.Parse(File.ReadAllText(file.FullName)).RootElement.GetProperty("Resources").EnumerateObject().Count();
            Assert.True(resources > 20);
            TestFigures.Report($"cdk template {name}: {file.Length} bytes, {resources} resources", _out.WriteLine);
        }
    }
}
