using System.Text.Json;
using System.Text.RegularExpressions;
using Methane.Cloud.Pipeline.Cost;
using Methane.Cloud.Pipeline.Rules;

namespace Methane.Cloud.Tests;

/// <summary>The health and job-execution store rules in both synthesized templates (part of <see cref="TemplateTests"/>).</summary>
public partial class TemplateTests
{
    private const string HealthSelect = "clock_synced, fw, uptime_s, state, samples, fault_samples, published, acked, reconnects, connections_lost, " +
        "outbox_depth, outbox_dropped, alarm, alarms_raised, last_error FROM 'dt/methane/+/+/health'";
    private const string JobSelect = "status, operation, statusDetails.step AS step, statusDetails.progress AS progress, statusDetails.reason AS reason " +
        "FROM '$aws/events/jobExecution/+/+'";

    [Fact]
    public void InfluxDb_health_store_writes_every_health_message_to_its_own_measurement()
    {
        JsonElement rule = Rule(_t.InfluxDbJson, "methane_health_store");
        Assert.Equal("SELECT timestamp, " + HealthSelect, rule.GetProperty("Sql").GetString());
        JsonElement influx = rule.GetProperty("Actions")[0].GetProperty("InfluxDB");
        Assert.Equal("methane_health", influx.GetProperty("TableName").GetString());
        Assert.Equal("${topic(3)}", influx.GetProperty("Tags").GetProperty("site").GetString());
        Assert.Equal("${topic(4)}", influx.GetProperty("Tags").GetProperty("thing").GetString());
        Assert.Equal("ms", influx.GetProperty("TimestampUnit").GetString());
        Assert.True(rule.GetProperty("ErrorAction").TryGetProperty("CloudwatchLogs", out _));
    }

    [Fact]
    public void LiveAnalytics_health_store_goes_to_the_site_table_under_record_methane_health()
    {
        JsonElement rule = Rule(_t.LiveAnalyticsJson, "methane_health_store");
        Assert.Equal("SELECT " + HealthSelect, rule.GetProperty("Sql").GetString());
        Assert.Equal("2015-10-08", rule.GetProperty("AwsIotSqlVersion").GetString());
        JsonElement ts = rule.GetProperty("Actions")[0].GetProperty("Timestream");
        var dims = ts.GetProperty("Dimensions").EnumerateArray().ToDictionary(d => d.GetProperty("Name").GetString()!, d => d.GetProperty("Value").GetString()!);
        Assert.Equal(new Dictionary<string, string> { ["site"] = "${topic(3)}", ["thing"] = "${topic(4)}", ["record"] = "methane_health" }, dims);
        Assert.Equal("${topic(3)}", ts.GetProperty("TableName").GetString());
        Assert.Equal("MILLISECONDS", ts.GetProperty("Timestamp").GetProperty("Unit").GetString());
    }

    [Fact]
    public void InfluxDb_job_execution_store_reads_aws_iot_job_events_with_the_thing_from_its_arn()
    {
        JsonElement rule = Rule(_t.InfluxDbJson, "methane_job_execution_store");
        Assert.Equal("SELECT timestamp, " + JobSelect, rule.GetProperty("Sql").GetString());
        JsonElement influx = rule.GetProperty("Actions")[0].GetProperty("InfluxDB");
        Assert.Equal("methane_job", influx.GetProperty("TableName").GetString());
        var tags = influx.GetProperty("Tags").EnumerateObject().ToDictionary(t => t.Name, t => t.Value.GetString()!);
        Assert.Equal(new Dictionary<string, string> { ["thing"] = "${regexp_substring(thingArn, '[^/]+$')}", ["job"] = "${topic(4)}" }, tags);
        // The event's timestamp is in epoch seconds (events-jobs.html: "timestamp": 1234567890).
        Assert.Equal("s", influx.GetProperty("TimestampUnit").GetString());
        Assert.True(rule.GetProperty("ErrorAction").TryGetProperty("CloudwatchLogs", out _));
    }

    [Fact]
    public void LiveAnalytics_job_execution_store_has_its_own_table_and_write_permission()
    {
        JsonElement rule = Rule(_t.LiveAnalyticsJson, "methane_job_execution_store");
        Assert.Equal("SELECT " + JobSelect, rule.GetProperty("Sql").GetString());
        JsonElement ts = rule.GetProperty("Actions")[0].GetProperty("Timestream");
        Assert.Equal("methane_job", ts.GetProperty("TableName").GetString());
        var dims = ts.GetProperty("Dimensions").EnumerateArray().ToDictionary(d => d.GetProperty("Name").GetString()!, d => d.GetProperty("Value").GetString()!);
        Assert.Equal(new Dictionary<string, string> { ["thing"] = "${regexp_substring(thingArn, '[^/]+$')}", ["job"] = "${topic(4)}" }, dims);
        Assert.Equal("${timestamp}", ts.GetProperty("Timestamp").GetProperty("Value").GetString());
        Assert.Equal("SECONDS", ts.GetProperty("Timestamp").GetProperty("Unit").GetString());

        var (tableId, table) = Resources(_t.LiveAnalyticsJson, "AWS::Timestream::Table").Single(t => t.Props.GetProperty("TableName").GetString() == "methane_job");
        // Kept as long as the longest-kept site of the sample sites.json (site-north 24 h in memory, site-south 730 days).
        Assert.Equal("24", table.GetProperty("RetentionProperties").GetProperty("MemoryStoreRetentionPeriodInHours").GetString());
        Assert.Equal("730", table.GetProperty("RetentionProperties").GetProperty("MagneticStoreRetentionPeriodInDays").GetString());
        string rolePolicies = string.Join(" ", Resources(_t.LiveAnalyticsJson, "AWS::IAM::Policy").Select(p => p.Props.GetRawText()));
        Assert.Contains($"{{\"Fn::GetAtt\":[\"{tableId}\",\"Arn\"]}}", rolePolicies.Replace(" ", "").Replace("\n", ""));
    }

    [Fact]
    public void The_cost_price_table_counts_the_rules_each_device_topic_triggers_in_the_stack()
    {
        // The cost command bills rules per message from the price file; the InfluxDB stack is what a message really triggers.
        var filters = Resources(_t.InfluxDbJson, "AWS::IoT::TopicRule")
            .Select(r => Regex.Match(r.Props.GetProperty("TopicRulePayload").GetProperty("Sql").GetString()!, " FROM '([^']+)'").Groups[1].Value)
            .ToList();
        foreach (var (topic, routed) in PriceTable.Load(PriceTable.DefaultPath).RulesByTopic)
        {
            int triggered = filters.Count(f => RuleSql.TopicMatches(f, $"dt/methane/site-north/north-01/{topic}"));
            // A batch also triggers the batch-store rule once the function publishes it validated (Basic Ingest, st/…).
            if (topic == "batch") triggered += filters.Count(f => RuleSql.TopicMatches(f, "st/methane/site-north/north-01/batch"));
            Assert.True(routed.Rules == triggered, $"{topic}: price table {routed.Rules} rules, stack {triggered}");
        }
    }
}
