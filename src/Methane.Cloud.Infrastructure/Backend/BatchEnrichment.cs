using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.IoT;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;

namespace Methane.Cloud.Infrastructure.Backend;

/// <summary>Batches: the rule hands each telemetry batch to the enrichment function, which unnests and republishes it.</summary>
public sealed class BatchEnrichment
{
    public BatchEnrichment(Stack stack, BackendConfig config, Table registry, CfnTopicRule.ActionProperty errorAction)
    {
        string p = config.Prefix;
        string assetPath = config.EnrichmentAssetPath ?? Path.Combine(AppContext.BaseDirectory, "lambda-placeholder");
        var enrichment = new Function(stack, "EnrichmentFunction", new FunctionProps
        {
            FunctionName = $"{p}-batch-enrichment",
            Description = "Unnests telemetry batches, validates and enriches each reading, republishes it to its telemetry topic.",
            Runtime = Runtime.PROVIDED_AL2023,
            Architecture = Architecture.ARM_64,
            Handler = "bootstrap",
            Code = Code.FromAsset(assetPath),
            MemorySize = 256,
            Timeout = Duration.Seconds(30),
            LogGroup = new LogGroup(stack, "EnrichmentLogs", new LogGroupProps
            {
                LogGroupName = $"/aws/lambda/{p}-batch-enrichment",
                Retention = RetentionDays.ONE_MONTH,
                RemovalPolicy = RemovalPolicy.DESTROY,
            }),
            Environment = new Dictionary<string, string>
            {
                ["REGISTRY_TABLE"] = registry.TableName,
                ["SITES_FILE"] = "sites.json",
                ["REPUBLISH_TOPIC"] = "dt/methane/{site}/{thing}/telemetry",
            },
        });
        enrichment.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "dynamodb:GetItem", "dynamodb:BatchGetItem" },
            Resources = new[] { registry.TableArn },
        }));
        enrichment.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "iot:Publish" },
            Resources = new[] { $"arn:{stack.Partition}:iot:{stack.Region}:{stack.Account}:topic/dt/methane/*/*/telemetry" },
        }));
        var batchRule = new CfnTopicRule(stack, "BatchEnrichRule", new CfnTopicRuleProps
        {
            RuleName = $"{p}_batch_enrich",
            TopicRulePayload = new CfnTopicRule.TopicRulePayloadProperty
            {
                Description = "Batches (JSON arrays) to the enrichment function; the array travels base64-encoded so any payload reaches it.",
                AwsIotSqlVersion = "2016-03-23",
                Sql = $"SELECT encode(*, 'base64') AS payload, topic() AS topic, timestamp() AS received_ms FROM '{MethaneBackendStack.BatchTopicFilter}'",
                RuleDisabled = false,
                Actions = new object[] { new CfnTopicRule.ActionProperty { Lambda = new CfnTopicRule.LambdaActionProperty { FunctionArn = enrichment.FunctionArn } } },
                ErrorAction = errorAction,
            },
        });
        enrichment.AddPermission("InvokeFromBatchRule", new Permission
        {
            Principal = new ServicePrincipal("iot.amazonaws.com"),
            Action = "lambda:InvokeFunction",
            SourceArn = batchRule.AttrArn,
            SourceAccount = stack.Account,
        });
    }
}
