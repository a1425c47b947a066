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
        var role = new Role(stack, "StoreRuleRole", new RoleProps { AssumedBy = new ServicePrincipal("iot.amazonaws.com") });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "timestream:WriteRecords" }, Resources = tableArns.ToArray() }));
        // DescribeEndpoints has no resource-level permissions: "*" is the only accepted resource.
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "timestream:DescribeEndpoints" }, Resources = new[] { "*" } }));

        new CfnTopicRule(stack, "TelemetryStoreRule", new CfnTopicRuleProps
        {
            RuleName = $"{config.Prefix}_telemetry_store",
            TopicRulePayload = new CfnTopicRule.TopicRulePayloadProperty
            {
                Description = "Telemetry to Timestream for LiveAnalytics: one table per site, dimensions site and thing from the topic.",
                // SQL 2015-10-08 keeps whole-number doubles (e.g. 10.0) as DOUBLE; 2016-03-23 turns them into BIGINT and the
                // write fails on a measure first seen as DOUBLE.
                AwsIotSqlVersion = "2015-10-08",
                Sql = $"SELECT {string.Join(", ", MethaneBackendStack.StoredMeasures)} FROM '{MethaneBackendStack.TelemetryTopicFilter}'",
                RuleDisabled = false,
                Actions = new object[]
                {
                    new CfnTopicRule.ActionProperty
                    {
                        Timestream = new CfnTopicRule.TimestreamActionProperty
                        {
                            DatabaseName = config.TimestreamDatabase,
                            // ${} sees the original payload and topic, never AS aliases.
                            TableName = "${topic(3)}",
                            Dimensions = new object[]
                            {
                                new CfnTopicRule.TimestreamDimensionProperty { Name = "site", Value = "${topic(3)}" },
                                new CfnTopicRule.TimestreamDimensionProperty { Name = "thing", Value = "${topic(4)}" },
                            },
                            Timestamp = new CfnTopicRule.TimestreamTimestampProperty { Value = "${timestamp}", Unit = "MILLISECONDS" },
                            RoleArn = role.RoleArn,
                        },
                    },
                },
                ErrorAction = errorAction,
            },
        });
    }

    private static void AddInfluxDb(Stack stack, BackendConfig config, CfnTopicRule.ActionProperty errorAction)
    {
        var role = new Role(stack, "StoreRuleRole", new RoleProps { AssumedBy = new ServicePrincipal("iot.amazonaws.com") });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "secretsmanager:GetSecretValue" },
            Resources = new[] { config.InfluxSecretArn },
        }));
        var rule = new CfnTopicRule(stack, "TelemetryStoreRule", new CfnTopicRuleProps
        {
            RuleName = $"{config.Prefix}_telemetry_store",
            TopicRulePayload = new CfnTopicRule.TopicRulePayloadProperty
            {
                Description = "Telemetry to Timestream for InfluxDB (IoT InfluxDB action): measurement methane, tags site and thing from the topic.",
                AwsIotSqlVersion = "2016-03-23",
                // The InfluxDB action requires the integer epoch key named exactly 'timestamp' in every payload.
                Sql = $"SELECT timestamp, {string.Join(", ", MethaneBackendStack.StoredMeasures)} FROM '{MethaneBackendStack.TelemetryTopicFilter}'",
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
            ["DestinationArn"] = config.InfluxDestinationArn,
            ["RoleArn"] = role.RoleArn,
            ["TableName"] = MethaneBackendStack.InfluxMeasurement,
            ["Tags"] = new Dictionary<string, object> { ["site"] = "${topic(3)}", ["thing"] = "${topic(4)}" },
            ["TimestampUnit"] = "MILLISECONDS",
        });
    }
}
