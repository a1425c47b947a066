using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.IoT;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SQS;
using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Infrastructure.Backend;

/// <summary>
/// Batches (a device's backlog after an outage): one rule on <c>…/batch</c> with two actions, the raw archive (one Firehose
/// record per batch) and the batch function, which validates each reading, dead-letters the bad ones and writes the good
/// ones to the store: Timestream WriteRecords (LiveAnalytics) or, for InfluxDB, a Basic Ingest publish to the batch-store
/// rule (<see cref="TimeSeriesStoreRule"/>). Failed invocations (after Lambda's two retries) land in an SQS queue.
/// </summary>
public sealed class BatchEnrichment
{
    /// <summary>Environment variables are limited to 4 KB in total; the sites file travels in one of them.</summary>
    public const int MaxSitesJsonBytes = 3000;

    public BatchEnrichment(Stack stack, BackendConfig config, CfnTopicRule.ActionProperty archiveAction, CfnTopicRule.ActionProperty errorAction)
    {
        string p = config.Prefix;
        string sitesJson = SitesJson(config.Sites);
        if (sitesJson.Length > MaxSitesJsonBytes)
        {
            throw new BackendConfigException(new[] { $"context key 'sitesFile': the sites file is {sitesJson.Length} bytes compacted; the batch function gets it in an environment variable of at most {MaxSitesJsonBytes} bytes" });
        }
        LogGroup = new LogGroup(stack, "EnrichmentLogs", new LogGroupProps
        {
            LogGroupName = $"/aws/lambda/{p}-batch-enrichment",
            Retention = RetentionDays.ONE_MONTH,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        FailedInvocations = new Queue(stack, "BatchFunctionFailures", new QueueProps
        {
            QueueName = $"{p}-batch-function-failures",
            RetentionPeriod = Duration.Days(14),
            Encryption = QueueEncryption.SQS_MANAGED,
        });
        var environment = new Dictionary<string, string>
        {
            ["STORE"] = config.Store == TimeSeriesStore.InfluxDb ? "influxdb" : "liveanalytics",
            ["SITES_JSON"] = sitesJson,
            ["METRICS_NAMESPACE"] = "Methane",
        };
        if (config.Store == TimeSeriesStore.LiveAnalytics) environment["TIMESTREAM_DATABASE"] = config.TimestreamDatabase;
        else environment["VALIDATED_BATCH_RULE"] = TimeSeriesStoreRule.InfluxBatchRuleName(config);

        var function = new Function(stack, "EnrichmentFunction", new FunctionProps
        {
            FunctionName = $"{p}-batch-enrichment",
            Description = "Validates and enriches each reading of a telemetry batch, dead-letters the bad ones, writes the good ones to the store.",
            Runtime = Runtime.PROVIDED_AL2023,
            Architecture = Architecture.ARM_64,
            Handler = "bootstrap",
            Code = Code.FromAsset(config.FunctionAssetPath!),
            MemorySize = 256,
            Timeout = Duration.Seconds(30),
            LogGroup = LogGroup,
            DeadLetterQueue = FailedInvocations,
            Environment = environment,
        });
        if (config.Store == TimeSeriesStore.LiveAnalytics)
        {
            function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = new[] { "timestream:WriteRecords" },
                Resources = new[] { $"arn:{stack.Partition}:timestream:{stack.Region}:{stack.Account}:database/{config.TimestreamDatabase}/table/*" },
            }));
            // DescribeEndpoints has no resource-level permissions: "*" is the only accepted resource.
            function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "timestream:DescribeEndpoints" }, Resources = new[] { "*" } }));
        }
        else
        {
            function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Actions = new[] { "iot:Publish" },
                Resources = new[] { $"arn:{stack.Partition}:iot:{stack.Region}:{stack.Account}:topic/$aws/rules/{TimeSeriesStoreRule.InfluxBatchRuleName(config)}/st/methane/*" },
            }));
            // The account's data endpoint is looked up once per cold start; DescribeEndpoint has no resource-level permissions.
            function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "iot:DescribeEndpoint" }, Resources = new[] { "*" } }));
        }

        var batchRule = new CfnTopicRule(stack, "BatchEnrichRule", new CfnTopicRuleProps
        {
            RuleName = $"{p}_batch_enrich",
            TopicRulePayload = new CfnTopicRule.TopicRulePayloadProperty
            {
                Description = "Batches as received (base64 envelope with topic and receive time): to the raw archive and to the batch function.",
                AwsIotSqlVersion = "2016-03-23",
                Sql = CloudRules.BatchSql,
                RuleDisabled = false,
                Actions = new object[]
                {
                    archiveAction,
                    new CfnTopicRule.ActionProperty { Lambda = new CfnTopicRule.LambdaActionProperty { FunctionArn = function.FunctionArn } },
                },
                ErrorAction = errorAction,
            },
        });
        function.AddPermission("InvokeFromBatchRule", new Permission
        {
            Principal = new ServicePrincipal("iot.amazonaws.com"),
            Action = "lambda:InvokeFunction",
            SourceArn = batchRule.AttrArn,
            SourceAccount = stack.Account,
        });
    }

    public LogGroup LogGroup { get; }
    public Queue FailedInvocations { get; }

    /// <summary>The sites file as the function reads it (compact JSON, the same shape as sites.json).</summary>
    public static string SitesJson(SiteCatalog sites) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["sites"] = sites.Sites.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => new Dictionary<string, object>
        {
            ["id"] = s.Id,
            ["name"] = s.Name,
            ["operator"] = s.Operator,
            ["location"] = new Dictionary<string, double> { ["lat"] = s.Latitude, ["lon"] = s.Longitude },
            ["alarm"] = new Dictionary<string, double> { ["low_lel_pct"] = s.LowAlarmLelPct, ["high_lel_pct"] = s.HighAlarmLelPct },
            ["retention"] = new Dictionary<string, int> { ["memory_hours"] = s.MemoryRetentionHours, ["magnetic_days"] = s.MagneticRetentionDays },
        }).ToArray(),
    });
}
