using System.Text.Json.Nodes;
using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Pipeline.Rules;

/// <summary>
/// What each of the stack's rules emits for one message, computed from the very SQL strings and templates the stack
/// deploys (<see cref="CloudRules"/>): the archive record(s), and the store writes of either variant. The batch path's
/// store writes are the function's (a validated batch published to the InfluxDB batch-store rule, or WriteRecords), so
/// <see cref="InfluxValidatedBatch"/> takes the payload the function published.
/// </summary>
public static class CloudRuleProjections
{
    private static readonly IReadOnlyDictionary<string, string> LiveTags = new Dictionary<string, string> { ["site"] = CloudRules.SiteTemplate, ["thing"] = CloudRules.ThingTemplate };
    private static readonly IReadOnlyDictionary<string, string> JobTags = new Dictionary<string, string> { ["thing"] = CloudRules.JobThingTemplate, ["job"] = CloudRules.JobIdTemplate };
    private static readonly IReadOnlyDictionary<string, string> ElementTags = new Dictionary<string, string> { ["site"] = CloudRules.ElementSiteTemplate, ["thing"] = CloudRules.ElementThingTemplate };

    /// <summary>The Firehose records (one per rule output) of the live archive rule and the batch rule's archive action.</summary>
    public static IReadOnlyList<JsonNode> ArchiveRecords(string topic, byte[] payload, long receivedMs)
    {
        var records = new List<JsonNode>();
        foreach (string sql in new[] { CloudRules.TelemetryArchiveSql, CloudRules.BatchSql })
        {
            JsonNode? output = RuleSql.Evaluate(sql, topic, payload, receivedMs);
            if (output != null) records.Add(output);
        }
        return records;
    }

    /// <summary>The archive's partition key for a record: the Firehose query's <c>.topic | split("/") | .[2]</c>.</summary>
    public static string ArchiveSite(JsonNode record) => record["topic"]!.GetValue<string>().Split('/')[2];

    /// <summary>The batch rule's event for the function (the same envelope the archive gets).</summary>
    public static JsonNode? BatchFunctionEvent(string topic, byte[] payload, long receivedMs) => RuleSql.Evaluate(CloudRules.BatchSql, topic, payload, receivedMs);

    public static IReadOnlyList<InfluxPoint> InfluxLive(string topic, byte[] payload, long receivedMs) =>
        StorePoints.Influx(RuleSql.Evaluate(CloudRules.InfluxLiveStoreSql, topic, payload, receivedMs), topic, payload, StoredFields.InfluxMeasurement, LiveTags);

    /// <summary>The InfluxDB batch-store rule on what the function published (Basic Ingest: the rule sees the topic after <c>$aws/rules/{rule}/</c>).</summary>
    public static IReadOnlyList<InfluxPoint> InfluxValidatedBatch(string basicIngestTopic, byte[] payload, long receivedMs)
    {
        string[] levels = basicIngestTopic.Split('/');
        if (levels.Length < 4 || levels[0] != "$aws" || levels[1] != "rules") throw new ArgumentException($"not a Basic Ingest topic: {basicIngestTopic}");
        string topic = string.Join('/', levels.Skip(3));
        return StorePoints.Influx(RuleSql.Evaluate(CloudRules.InfluxValidatedBatchSql, topic, payload, receivedMs), topic, payload, StoredFields.InfluxMeasurement, ElementTags);
    }

    /// <summary>The alarm-history rule of the InfluxDB variant on an alarm event (measurement methane_alarm).</summary>
    public static IReadOnlyList<InfluxPoint> InfluxAlarm(string topic, byte[] payload, long receivedMs) =>
        StorePoints.Influx(RuleSql.Evaluate(CloudRules.InfluxAlarmHistorySql, topic, payload, receivedMs), topic, payload, StoredFields.AlarmMeasurement, LiveTags);

    /// <summary>The alarm-history rule of the LiveAnalytics variant on an alarm event (site table, one record per field).</summary>
    public static IReadOnlyList<TimestreamRecord> LiveAnalyticsAlarm(string topic, byte[] payload, long receivedMs) =>
        SiteTableRecords(CloudRules.LiveAnalyticsAlarmHistorySql, StoredFields.AlarmMeasurement, topic, payload, receivedMs);

    /// <summary>The health rule of the InfluxDB variant on a health message (measurement methane_health).</summary>
    public static IReadOnlyList<InfluxPoint> InfluxHealth(string topic, byte[] payload, long receivedMs) =>
        StorePoints.Influx(RuleSql.Evaluate(CloudRules.InfluxHealthSql, topic, payload, receivedMs), topic, payload, StoredFields.HealthMeasurement, LiveTags);

    /// <summary>The health rule of the LiveAnalytics variant on a health message (site table, one record per field, record = methane_health).</summary>
    public static IReadOnlyList<TimestreamRecord> LiveAnalyticsHealth(string topic, byte[] payload, long receivedMs) =>
        SiteTableRecords(CloudRules.LiveAnalyticsHealthSql, StoredFields.HealthMeasurement, topic, payload, receivedMs);

    /// <summary>A rule writing into the site's table with a <c>record</c> dimension that tells its rows from the readings.</summary>
    private static IReadOnlyList<TimestreamRecord> SiteTableRecords(string sql, string record, string topic, byte[] payload, long receivedMs) =>
        StorePoints.Timestream(RuleSql.Evaluate(sql, topic, payload, receivedMs), topic, payload,
            CloudRules.SiteTemplate, CloudRules.SiteTemplate, CloudRules.ThingTemplate, CloudRules.TimestampTemplate)
            .Select(r => r with { Record = record }).ToList();

    /// <summary>The job-execution rule of the InfluxDB variant on a job execution event (measurement methane_job; timestamp in seconds).</summary>
    public static IReadOnlyList<InfluxPoint> InfluxJobExecution(string topic, byte[] payload, long receivedMs) =>
        StorePoints.Influx(RuleSql.Evaluate(CloudRules.InfluxJobExecutionSql, topic, payload, receivedMs), topic, payload, StoredFields.JobMeasurement, JobTags);

    /// <summary>The job-execution rule of the LiveAnalytics variant (table methane_job, dimensions thing and job).</summary>
    public static IReadOnlyList<TimestreamJobRecord> LiveAnalyticsJobExecution(string topic, byte[] payload, long receivedMs) =>
        StorePoints.TimestreamJob(RuleSql.Evaluate(CloudRules.LiveAnalyticsJobExecutionSql, topic, payload, receivedMs), topic, payload,
            StoredFields.JobMeasurement, CloudRules.JobThingTemplate, CloudRules.JobIdTemplate, CloudRules.TimestampTemplate);

    public static IReadOnlyList<TimestreamRecord> LiveAnalyticsLive(string topic, byte[] payload, long receivedMs) =>
        StorePoints.Timestream(RuleSql.Evaluate(CloudRules.LiveAnalyticsStoreSql, topic, payload, receivedMs), topic, payload,
            CloudRules.SiteTemplate, CloudRules.SiteTemplate, CloudRules.ThingTemplate, CloudRules.TimestampTemplate);
}
