using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.IoT;
using Amazon.CDK.AWS.KinesisFirehose;
using Amazon.CDK.AWS.S3;
using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Infrastructure.Backend;

/// <summary>
/// The raw archive: every live reading and every batch message (each with topic and receive time) through Firehose to S3,
/// by site and date. The live rule is here; the batch rule (<see cref="BatchEnrichment"/>) carries <see cref="ArchiveAction"/>.
/// </summary>
public sealed class RawArchive
{
    public RawArchive(Stack stack, BackendConfig config, CfnTopicRule.ActionProperty errorAction)
    {
        string p = config.Prefix;
        Bucket = new Bucket(stack, "RawArchive", new BucketProps
        {
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            Versioned = false,
            RemovalPolicy = RemovalPolicy.RETAIN,
            LifecycleRules = new ILifecycleRule[]
            {
                new LifecycleRule
                {
                    Transitions = new ITransition[] { new Transition { StorageClass = StorageClass.GLACIER_INSTANT_RETRIEVAL, TransitionAfter = Duration.Days(90) } },
                },
            },
        });
        var firehoseRole = new Role(stack, "FirehoseRole", new RoleProps { AssumedBy = new ServicePrincipal("firehose.amazonaws.com") });
        firehoseRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads" },
            Resources = new[] { Bucket.BucketArn },
        }));
        firehoseRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload" },
            Resources = new[] { Bucket.ArnForObjects("*") },
        }));
        var stream = new CfnDeliveryStream(stack, "RawArchiveStream", new CfnDeliveryStreamProps
        {
            DeliveryStreamName = $"{p}-raw-archive",
            DeliveryStreamType = "DirectPut",
            ExtendedS3DestinationConfiguration = new CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty
            {
                BucketArn = Bucket.BucketArn,
                RoleArn = firehoseRole.RoleArn,
                Prefix = MethaneBackendStack.ArchivePrefix,
                ErrorOutputPrefix = "errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/",
                CompressionFormat = "GZIP",
                // Dynamic partitioning needs at least 64 MB buffers.
                BufferingHints = new CfnDeliveryStream.BufferingHintsProperty { SizeInMBs = 64, IntervalInSeconds = 300 },
                DynamicPartitioningConfiguration = new CfnDeliveryStream.DynamicPartitioningConfigurationProperty
                {
                    Enabled = true,
                    RetryOptions = new CfnDeliveryStream.RetryOptionsProperty { DurationInSeconds = 300 },
                },
                ProcessingConfiguration = new CfnDeliveryStream.ProcessingConfigurationProperty
                {
                    Enabled = true,
                    Processors = new object[]
                    {
                        new CfnDeliveryStream.ProcessorProperty
                        {
                            Type = "MetadataExtraction",
                            Parameters = new object[]
                            {
                                new CfnDeliveryStream.ProcessorParameterProperty { ParameterName = "MetadataExtractionQuery", ParameterValue = MethaneBackendStack.PartitionQuery },
                                new CfnDeliveryStream.ProcessorParameterProperty { ParameterName = "JsonParsingEngine", ParameterValue = "JQ-1.6" },
                            },
                        },
                        new CfnDeliveryStream.ProcessorProperty
                        {
                            Type = "AppendDelimiterToRecord",
                            Parameters = new object[] { new CfnDeliveryStream.ProcessorParameterProperty { ParameterName = "Delimiter", ParameterValue = "\\n" } },
                        },
                    },
                },
            },
        });
        var archiveRuleRole = new Role(stack, "ArchiveRuleRole", new RoleProps { AssumedBy = new ServicePrincipal("iot.amazonaws.com") });
        archiveRuleRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "firehose:PutRecord", "firehose:PutRecordBatch" },
            Resources = new[] { stream.AttrArn },
        }));
        ArchiveAction = new CfnTopicRule.ActionProperty
        {
            Firehose = new CfnTopicRule.FirehoseActionProperty
            {
                DeliveryStreamName = stream.DeliveryStreamName!,
                RoleArn = archiveRuleRole.RoleArn,
                BatchMode = false,
            },
        };
        new CfnTopicRule(stack, "TelemetryArchiveRule", new CfnTopicRuleProps
        {
            RuleName = $"{p}_telemetry_archive",
            TopicRulePayload = new CfnTopicRule.TopicRulePayloadProperty
            {
                Description = "Raw telemetry (with topic and receive time) to the Firehose archive.",
                AwsIotSqlVersion = "2016-03-23",
                Sql = CloudRules.TelemetryArchiveSql,
                RuleDisabled = false,
                Actions = new object[] { ArchiveAction },
                ErrorAction = errorAction,
            },
        });
    }

    public Bucket Bucket { get; }

    /// <summary>Firehose action into the archive stream, one record per rule output (the batch rule reuses it).</summary>
    public CfnTopicRule.ActionProperty ArchiveAction { get; }
}
