using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.IoT;
using Amazon.CDK.AWS.Timestream;
using CfnTable = Amazon.CDK.AWS.Timestream.CfnTable;
using CfnTableProps = Amazon.CDK.AWS.Timestream.CfnTableProps;
using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Infrastructure.Backend;

/// <summary>
/// The telemetry rule into the time-series store: Timestream for LiveAnalytics (a table per site) for existing accounts, or
/// Timestream for InfluxDB (IoT InfluxDB action) for new ones.
/// </summary>
public static class TimeSeriesStoreRule
{
    public static void Add(Stack stack, BackendConfig config, CfnTopicRule.ActionProperty errorAction)
    {
        if (config.Store == TimeSeriesStore.LiveAnalytics)
        {
            AddLiveAnalytics(stack, config, errorAction);
        }
        else
        {
            AddInfluxDb(stack, config, errorAction);
        }
    }

    private static void AddLiveAnalytics(Stack stack, BackendConfig config, CfnTopicRule.ActionProperty errorAction)
    {
        var database = new CfnDatabase(stack, "TimestreamDatabase", new CfnDatabaseProps { DatabaseName = config.TimestreamDatabase });
        var tableArns = new List<string>();
        foreach (Site site in config.Sites.Sites.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            var table = new CfnTable(stack, "SiteTable-" + site.Id, new CfnTableProps
            {
                DatabaseName = config.TimestreamDatabase,
                TableName = site.Id,
                RetentionProperties = new Dictionary<string, string>
                {
                    ["MemoryStoreRetentionPeriodInHours"] = site.MemoryRetentionHours.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["MagneticStoreRetentionPeriodInDays"] = site.MagneticRetentionDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                // Replayed outbox data can be older than the memory store window.
                MagneticStoreWriteProperties = new Dictionary<string, object> { ["EnableMagneticStoreWrites"] = true },
            });
            table.AddDependency(database);
            tableArns.Add(table.AttrArn);
        }
        // Job execution events name the thing but not its site: one table for them, kept as long as the longest-kept site.
        var jobTable = new CfnTable(stack, "JobExecutionTable", new CfnTableProps
        {
            DatabaseName = config.TimestreamDatabase,
            TableName = StoredFields.JobMeasurement,
            RetentionProperties = new Dictionary<string, string>
            {
                ["MemoryStoreRetentionPeriodInHours"] = config.Sites.Sites.Max(s => s.MemoryRetentionHours).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["MagneticStoreRetentionPeriodInDays"] = config.Sites.Sites.Max(s => s.MagneticRetentionDays).ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });
        jobTable.AddDependency(database);
        tableArns.Add(jobTable.AttrArn);
        var role = new Role(stack, "StoreRuleRole", new RoleProps { AssumedBy = new ServicePrincipal("iot.amazonaws.com") });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "timestream:WriteRecords" }, Resources = tableArns.ToArray() }));
        // DescribeEndpoints has no resource-level permissions: "*" is the only accepted resource.
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "timestream:DescribeEndpoints" }, Resources = new[] { "*" } }));

        AddTimestreamRule(stack, config, errorAction, role, "TelemetryStoreRule", $"{config.Prefix}_telemetry_store",
            "Telemetry to Timestream for LiveAnalytics: one table per site, dimensions site and thing from the topic.",
            CloudRules.LiveAnalyticsStoreSql, CloudRules.SiteTemplate, SiteDimensions(record: null), "MILLISECONDS");
        // The alarm history in the same site tables, told apart by the dimension record = methane_alarm.
        AddTimestreamRule(stack, config, errorAction, role, "AlarmHistoryRule", $"{config.Prefix}_alarm_history",
            "Alarm events to Timestream for LiveAnalytics: the site's table, dimensions site, thing and record = methane_alarm.",
            CloudRules.LiveAnalyticsAlarmHistorySql, CloudRules.SiteTemplate, SiteDimensions(StoredFields.AlarmMeasurement), "MILLISECONDS");
        // Device health (outbox backlog, session counters) likewise, under record = methane_health.
        AddTimestreamRule(stack, config, errorAction, role, "HealthStoreRule", $"{config.Prefix}_health_store",
            "Device health to Timestream for LiveAnalytics: the site's table, dimensions site, thing and record = methane_health.",
            CloudRules.LiveAnalyticsHealthSql, CloudRules.SiteTemplate, SiteDimensions(StoredFields.HealthMeasurement), "MILLISECONDS");
        // Job execution events (AWS IoT's reserved topics; the event's timestamp is in seconds).
        AddTimestreamRule(stack, config, errorAction, role, "JobExecutionStoreRule", $"{config.Prefix}_job_execution_store",
            "AWS IoT job execution events to Timestream for LiveAnalytics: table methane_job, dimensions thing (from thingArn) and job.",
            CloudRules.LiveAnalyticsJobExecutionSql, StoredFields.JobMeasurement, JobDimensions(), "SECONDS");
    }

    private static object[] SiteDimensions(string? record)
    {
        var dimensions = new List<object>
        {
            new CfnTopicRule.TimestreamDimensionProperty { Name = "site", Value = CloudRules.SiteTemplate },
            new CfnTopicRule.TimestreamDimensionProperty { Name = "thing", Value = CloudRules.ThingTemplate },
        };
        if (record != null) dimensions.Add(new CfnTopicRule.TimestreamDimensionProperty { Name = "record", Value = record });
        return dimensions.ToArray();
    }

    private static object[] JobDimensions() => new object[]
    {
        new CfnTopicRule.TimestreamDimensionProperty { Name = "thing", Value = CloudRules.JobThingTemplate },
        new CfnTopicRule.TimestreamDimensionProperty { Name = "job", Value = CloudRules.JobIdTemplate },
    };

    private static void AddTimestreamRule(Stack stack, BackendConfig config, CfnTopicRule.ActionProperty errorAction, Role role, string id,
        string name, string description, string sql, string table, object[] dimensions, string timeUnit)
    {
        new CfnTopicRule(stack, id, new CfnTopicRuleProps
        {
            RuleName = name,
            TopicRulePayload = new CfnTopicRule.TopicRulePayloadProperty
            {
                Description = description,
                // SQL 2015-10-08 keeps whole-number doubles (e.g. 10.0) as DOUBLE; 2016-03-23 turns them into BIGINT and the
                // write fails on a measure first seen as DOUBLE.
                AwsIotSqlVersion = "2015-10-08",
                Sql = sql,
                RuleDisabled = false,
                Actions = new object[]
                {
                    new CfnTopicRule.ActionProperty
                    {
                        Timestream = new CfnTopicRule.TimestreamActionProperty
                        {
                            DatabaseName = config.TimestreamDatabase,
                            // ${} sees the original payload and topic, never AS aliases.
                            TableName = table,
                            Dimensions = dimensions,
                            Timestamp = new CfnTopicRule.TimestreamTimestampProperty { Value = CloudRules.TimestampTemplate, Unit = timeUnit },
                            RoleArn = role.RoleArn,
                        },
                    },
                },
                ErrorAction = errorAction,
            },
        });
    }

    /// <summary>Name of the InfluxDB rule that stores validated batches (the function publishes to it by Basic Ingest).</summary>
    public static string InfluxBatchRuleName(BackendConfig config) => $"{config.Prefix}_batch_store";

    private static void AddInfluxDb(Stack stack, BackendConfig config, CfnTopicRule.ActionProperty errorAction)
    {
        var role = new Role(stack, "StoreRuleRole", new RoleProps { AssumedBy = new ServicePrincipal("iot.amazonaws.com") });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "secretsmanager:GetSecretValue" },
            Resources = new[] { config.InfluxSecretArn! },
        }));
        // Live readings: fields selected by name, tags from the topic the policy ties to the device.
        AddInfluxRule(stack, config, errorAction, role, "TelemetryStoreRule", $"{config.Prefix}_telemetry_store",
            "Telemetry to Timestream for InfluxDB (IoT InfluxDB action): measurement methane, tags site and thing from the topic.",
            CloudRules.InfluxLiveStoreSql, SiteTags, MethaneBackendStack.InfluxMeasurement, "ms");
        // The alarm history: every alarm event (raised, cleared, changed, rate_of_rise) as a point of its own measurement.
        AddInfluxRule(stack, config, errorAction, role, "AlarmHistoryRule", $"{config.Prefix}_alarm_history",
            "Alarm events to Timestream for InfluxDB: measurement methane_alarm, tags site and thing from the topic.",
            CloudRules.InfluxAlarmHistorySql, SiteTags, StoredFields.AlarmMeasurement, "ms");
        // Device health: every health message (outbox backlog, session counters, last error) as a point of its own measurement.
        AddInfluxRule(stack, config, errorAction, role, "HealthStoreRule", $"{config.Prefix}_health_store",
            "Device health to Timestream for InfluxDB: measurement methane_health, tags site and thing from the topic.",
            CloudRules.InfluxHealthSql, SiteTags, StoredFields.HealthMeasurement, "ms");
        // Job execution events from AWS IoT's reserved topics: the thing from thingArn, the job from the topic; the event's
        // own timestamp is in epoch seconds.
        AddInfluxRule(stack, config, errorAction, role, "JobExecutionStoreRule", $"{config.Prefix}_job_execution_store",
            "AWS IoT job execution events to Timestream for InfluxDB: measurement methane_job, tags thing (from thingArn) and job.",
            CloudRules.InfluxJobExecutionSql,
            new Dictionary<string, object> { ["thing"] = CloudRules.JobThingTemplate, ["job"] = CloudRules.JobIdTemplate },
            StoredFields.JobMeasurement, "s");
        // Validated batches from the function (a JSON array, one point per element): the function checked every element's
        // site and thing against the device's topic, so the per-element templates read them from the element.
        AddInfluxRule(stack, config, errorAction, role, "BatchStoreRule", InfluxBatchRuleName(config),
            "Validated batches (Basic Ingest from the batch function) to Timestream for InfluxDB: one point per array element.",
            CloudRules.InfluxValidatedBatchSql,
            new Dictionary<string, object> { ["site"] = CloudRules.ElementSiteTemplate, ["thing"] = CloudRules.ElementThingTemplate },
            MethaneBackendStack.InfluxMeasurement, "ms");
    }

    private static Dictionary<string, object> SiteTags => new() { ["site"] = CloudRules.SiteTemplate, ["thing"] = CloudRules.ThingTemplate };

    private static void AddInfluxRule(Stack stack, BackendConfig config, CfnTopicRule.ActionProperty errorAction, Role role, string id, string name,
        string description, string sql, Dictionary<string, object> tags, string measurement, string timestampUnit)
    {
        var rule = new CfnTopicRule(stack, id, new CfnTopicRuleProps
        {
            RuleName = name,
            TopicRulePayload = new CfnTopicRule.TopicRulePayloadProperty
            {
                Description = description,
                AwsIotSqlVersion = "2016-03-23",
                Sql = sql,
                RuleDisabled = false,
                // Filled by the override below: Amazon.CDK.Lib 2.160.0 has no typed InfluxDB action.
                Actions = new object[] { new CfnTopicRule.ActionProperty() },
                ErrorAction = errorAction,
            },
        });
        rule.AddPropertyOverride("TopicRulePayload.Actions.0.InfluxDB", new Dictionary<string, object>
        {
            ["DatabaseName"] = config.InfluxDatabase,
            ["Organization"] = config.InfluxOrganization,
            ["DestinationArn"] = config.InfluxDestinationArn!,
            ["RoleArn"] = role.RoleArn,
            ["TableName"] = measurement,
            ["Tags"] = tags,
            // The InfluxDB action takes s, ms, us or ns (not the Timestream action's MILLISECONDS).
            ["TimestampUnit"] = timestampUnit,
        });
    }
}
