using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.IoT;
using Amazon.CDK.AWS.KinesisFirehose;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.Timestream;
using Constructs;
using CfnPolicy = Amazon.CDK.AWS.IoT.CfnPolicy;
using CfnPolicyProps = Amazon.CDK.AWS.IoT.CfnPolicyProps;
using CfnTable = Amazon.CDK.AWS.Timestream.CfnTable;
using CfnTableProps = Amazon.CDK.AWS.Timestream.CfnTableProps;
using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Infrastructure;

/// <summary>
/// The cloud backend: device identity and policy, provisioning, topic rules into the time-series store, the raw archive,
/// alarm notification and the batch-enrichment function. Every rule has an error action; every role is scoped to the
/// resources it writes.
/// </summary>
public sealed class MethaneBackendStack : Stack
{
    public const string ThingTypeName = "methane-sensor";
    public const string TelemetryTopicFilter = "dt/methane/+/+/telemetry";
    public const string BatchTopicFilter = "dt/methane/+/+/batch";
    public const string AlarmTopicFilter = "dt/methane/+/+/alarm";

    /// <summary>
    /// Fields stored as measures/fields. The rule SQL selects them by name; the Grafana dashboards query exactly these names.
    /// </summary>
    public static readonly string[] StoredMeasures = { "ch4_ppm", "lel_pct", "temp_c", "rh_pct", "alarm", "flags", "seq" };

    /// <summary>Dimensions (LiveAnalytics) / tags (InfluxDB). Taken from the topic, which the policy ties to the device.</summary>
    public static readonly string[] StoredDimensions = { "site", "thing" };

    public const string InfluxMeasurement = "methane";

    public MethaneBackendStack(Construct scope, string id, BackendConfig config, IStackProps? props = null) : base(scope, id, props)
    {
        string p = config.Prefix;

        // ---------------- Device identity ----------------
        var thingType = new CfnThingType(this, "ThingType", new CfnThingTypeProps
        {
            ThingTypeName = ThingTypeName,
            ThingTypeProperties = new CfnThingType.ThingTypePropertiesProperty
            {
                ThingTypeDescription = "ESP32 methane sensor (TGS2611 via ADS1115, SHT4x)",
                SearchableAttributes = new[] { "site", "board", "fw" },
            },
        });

        var devicePolicy = new CfnPolicy(this, "DevicePolicy", new CfnPolicyProps
        {
            PolicyName = $"{p}-device",
            PolicyDocument = DevicePolicyDocument(Account, Region),
        });

        var registry = new Table(this, "DeviceRegistry", new TableProps
        {
            TableName = $"{p}-device-registry",
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = "thing", Type = AttributeType.STRING },
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = true,
            Encryption = TableEncryption.AWS_MANAGED,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        registry.AddGlobalSecondaryIndex(new GlobalSecondaryIndexProps
        {
            IndexName = "by-site",
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = "site", Type = AttributeType.STRING },
            SortKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = "thing", Type = AttributeType.STRING },
        });

        // ---------------- Fleet provisioning ----------------
        string templateName = $"{p}-fleet-provisioning";
        var provisioningRole = new Role(this, "ProvisioningRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("iot.amazonaws.com"),
            Description = "Lets fleet provisioning create the thing, activate its certificate and attach the device policy.",
        });
        provisioningRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "iot:CreateThing", "iot:DescribeThing", "iot:UpdateThing", "iot:AttachThingPrincipal" },
            Resources = new[] { $"arn:{Partition}:iot:{Region}:{Account}:thing/*" },
        }));
        provisioningRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "iot:DescribeCertificate", "iot:UpdateCertificate", "iot:CreateCertificateFromCsr", "iot:AttachPolicy" },
            Resources = new[] { $"arn:{Partition}:iot:{Region}:{Account}:cert/*" },
        }));
        provisioningRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "iot:GetPolicy", "iot:AttachPolicy" },
            Resources = new[] { $"arn:{Partition}:iot:{Region}:{Account}:policy/{p}-device" },
        }));
        var template = new CfnProvisioningTemplate(this, "ProvisioningTemplate", new CfnProvisioningTemplateProps
        {
            TemplateName = templateName,
            Description = "Claim-certificate provisioning: thing methane-{SerialNumber} with its site attribute and the device policy.",
            Enabled = true,
            ProvisioningRoleArn = provisioningRole.RoleArn,
            TemplateBody = ProvisioningTemplateBody(devicePolicy.PolicyName!),
        });
        template.AddDependency(thingType);
        template.AddDependency(devicePolicy);

        new CfnPolicy(this, "ClaimPolicy", new CfnPolicyProps
        {
            PolicyName = $"{p}-provisioning-claim",
            PolicyDocument = ClaimPolicyDocument(Account, Region, templateName),
        });

        // ---------------- Errors of every rule ----------------
        var ruleErrors = new LogGroup(this, "RuleErrors", new LogGroupProps
        {
            LogGroupName = $"/{p}/iot-rule-errors",
            Retention = RetentionDays.ONE_MONTH,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        var errorRole = new Role(this, "RuleErrorRole", new RoleProps { AssumedBy = new ServicePrincipal("iot.amazonaws.com") });
        errorRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "logs:CreateLogStream", "logs:PutLogEvents" },
            Resources = new[] { ruleErrors.LogGroupArn, $"{ruleErrors.LogGroupArn}:log-stream:*" },
        }));
        var errorAction = new CfnTopicRule.ActionProperty
        {
            CloudwatchLogs = new CfnTopicRule.CloudwatchLogsActionProperty { LogGroupName = ruleErrors.LogGroupName, RoleArn = errorRole.RoleArn },
        };

        // ---------------- Time-series store ----------------
        if (config.Store == TimeSeriesStore.LiveAnalytics)
        {
            AddLiveAnalytics(config, errorAction);
        }
        else
        {
            AddInfluxDb(config, errorAction);
        }

        // ---------------- Raw archive: Firehose -> S3, partitioned by site and date ----------------
        var archive = new Bucket(this, "RawArchive", new BucketProps
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
        var firehoseRole = new Role(this, "FirehoseRole", new RoleProps { AssumedBy = new ServicePrincipal("firehose.amazonaws.com") });
        firehoseRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads" },
            Resources = new[] { archive.BucketArn },
        }));
        firehoseRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload" },
            Resources = new[] { archive.ArnForObjects("*") },
        }));
        var stream = new CfnDeliveryStream(this, "RawArchiveStream", new CfnDeliveryStreamProps
        {
            DeliveryStreamName = $"{p}-raw-archive",
            DeliveryStreamType = "DirectPut",
            ExtendedS3DestinationConfiguration = new CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty
            {
                BucketArn = archive.BucketArn,
                RoleArn = firehoseRole.RoleArn,
                Prefix = ArchivePrefix,
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
                                new CfnDeliveryStream.ProcessorParameterProperty { ParameterName = "MetadataExtractionQuery", ParameterValue = PartitionQuery },
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
        var archiveRuleRole = new Role(this, "ArchiveRuleRole", new RoleProps { AssumedBy = new ServicePrincipal("iot.amazonaws.com") });
        archiveRuleRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "firehose:PutRecord", "firehose:PutRecordBatch" },
            Resources = new[] { stream.AttrArn },
        }));
        new CfnTopicRule(this, "TelemetryArchiveRule", new CfnTopicRuleProps
        {
            RuleName = $"{p}_telemetry_archive",
            TopicRulePayload = new CfnTopicRule.TopicRulePayloadProperty
            {
                Description = "Raw telemetry (with topic and receive time) to the Firehose archive.",
                AwsIotSqlVersion = "2016-03-23",
                Sql = $"SELECT *, topic() AS topic, timestamp() AS received_ms FROM '{TelemetryTopicFilter}'",
                RuleDisabled = false,
                Actions = new object[]
                {
                    new CfnTopicRule.ActionProperty
                    {
                        Firehose = new CfnTopicRule.FirehoseActionProperty
                        {
                            DeliveryStreamName = stream.DeliveryStreamName!,
                            RoleArn = archiveRuleRole.RoleArn,
                            BatchMode = false,
                        },
                    },
                },
                ErrorAction = errorAction,
            },
        });

        // ---------------- Batches: the enrichment function unnests them ----------------
        string assetPath = config.EnrichmentAssetPath ?? Path.Combine(AppContext.BaseDirectory, "lambda-placeholder");
        var enrichment = new Function(this, "EnrichmentFunction", new FunctionProps
        {
            FunctionName = $"{p}-batch-enrichment",
            Description = "Unnests telemetry batches, validates and enriches each reading, republishes it to its telemetry topic.",
            Runtime = Runtime.PROVIDED_AL2023,
            Architecture = Architecture.ARM_64,
            Handler = "bootstrap",
            Code = Code.FromAsset(assetPath),
            MemorySize = 256,
            Timeout = Duration.Seconds(30),
            LogGroup = new LogGroup(this, "EnrichmentLogs", new LogGroupProps
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
            Resources = new[] { $"arn:{Partition}:iot:{Region}:{Account}:topic/dt/methane/*/*/telemetry" },
        }));
        var batchRule = new CfnTopicRule(this, "BatchEnrichRule", new CfnTopicRuleProps
        {
            RuleName = $"{p}_batch_enrich",
            TopicRulePayload = new CfnTopicRule.TopicRulePayloadProperty
            {
                Description = "Batches (JSON arrays) to the enrichment function; the array travels base64-encoded so any payload reaches it.",
                AwsIotSqlVersion = "2016-03-23",
                Sql = $"SELECT encode(*, 'base64') AS payload, topic() AS topic, timestamp() AS received_ms FROM '{BatchTopicFilter}'",
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
            SourceAccount = Account,
        });

        // ---------------- Alarms -> SNS ----------------
        var alarms = new Topic(this, "AlarmTopic", new TopicProps { TopicName = $"{p}-alarms", DisplayName = "Methane alarms" });
        if (config.AlarmEmail != null)
        {
            new Amazon.CDK.AWS.SNS.Subscription(this, "AlarmEmail", new Amazon.CDK.AWS.SNS.SubscriptionProps
            {
                Topic = alarms,
                Protocol = SubscriptionProtocol.EMAIL,
                Endpoint = config.AlarmEmail,
            });
        }
        var alarmRole = new Role(this, "AlarmRuleRole", new RoleProps { AssumedBy = new ServicePrincipal("iot.amazonaws.com") });
        alarmRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "sns:Publish" }, Resources = new[] { alarms.TopicArn } }));
        new CfnTopicRule(this, "AlarmNotifyRule", new CfnTopicRuleProps
        {
            RuleName = $"{p}_alarm_notify",
            TopicRulePayload = new CfnTopicRule.TopicRulePayloadProperty
            {
                Description = "Device alarm messages to the alarm SNS topic.",
                AwsIotSqlVersion = "2016-03-23",
                Sql = $"SELECT thing, site, seq, timestamp, ch4_ppm, lel_pct, alarm, flags, topic() AS topic FROM '{AlarmTopicFilter}'",
                RuleDisabled = false,
                Actions = new object[]
                {
                    new CfnTopicRule.ActionProperty
                    {
                        Sns = new CfnTopicRule.SnsActionProperty { TargetArn = alarms.TopicArn, RoleArn = alarmRole.RoleArn, MessageFormat = "JSON" },
                    },
                },
                ErrorAction = errorAction,
            },
        });

        new CfnOutput(this, "ArchiveBucketName", new CfnOutputProps { Value = archive.BucketName });
        new CfnOutput(this, "AlarmTopicArn", new CfnOutputProps { Value = alarms.TopicArn });
        new CfnOutput(this, "DeviceRegistryTable", new CfnOutputProps { Value = registry.TableName });
    }

    /// <summary>Firehose S3 prefix: site from the record, date from the arrival time (devices may have unsynced clocks).</summary>
    public const string ArchivePrefix = "raw/site=!{partitionKeyFromQuery:site}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/";

    /// <summary>
    /// The site partition key comes from the topic (dt/methane/{site}/...), which the device policy binds to the thing's
    /// site attribute, not from the payload. Sites, not devices: Firehose allows ~500 active partitions per stream.
    /// </summary>
    public const string PartitionQuery = "{site: (.topic | split(\"/\") | .[2])}";

    private void AddLiveAnalytics(BackendConfig config, CfnTopicRule.ActionProperty errorAction)
    {
        var database = new CfnDatabase(this, "TimestreamDatabase", new CfnDatabaseProps { DatabaseName = config.TimestreamDatabase });
        var tableArns = new List<string>();
        foreach (Site site in config.Sites.Sites.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            var table = new CfnTable(this, "SiteTable-" + site.Id, new CfnTableProps
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
        var role = new Role(this, "StoreRuleRole", new RoleProps { AssumedBy = new ServicePrincipal("iot.amazonaws.com") });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "timestream:WriteRecords" }, Resources = tableArns.ToArray() }));
        // DescribeEndpoints has no resource-level permissions: "*" is the only accepted resource.
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "timestream:DescribeEndpoints" }, Resources = new[] { "*" } }));

        new CfnTopicRule(this, "TelemetryStoreRule", new CfnTopicRuleProps
        {
            RuleName = $"{config.Prefix}_telemetry_store",
            TopicRulePayload = new CfnTopicRule.TopicRulePayloadProperty
            {
                Description = "Telemetry to Timestream for LiveAnalytics: one table per site, dimensions site and thing from the topic.",
                // SQL 2015-10-08 keeps whole-number doubles (e.g. 10.0) as DOUBLE; 2016-03-23 turns them into BIGINT and the
                // write fails on a measure first seen as DOUBLE.
                AwsIotSqlVersion = "2015-10-08",
                Sql = $"SELECT {string.Join(", ", StoredMeasures)} FROM '{TelemetryTopicFilter}'",
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

    private void AddInfluxDb(BackendConfig config, CfnTopicRule.ActionProperty errorAction)
    {
        var role = new Role(this, "StoreRuleRole", new RoleProps { AssumedBy = new ServicePrincipal("iot.amazonaws.com") });
        role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "secretsmanager:GetSecretValue" },
            Resources = new[] { config.InfluxSecretArn },
        }));
        var rule = new CfnTopicRule(this, "TelemetryStoreRule", new CfnTopicRuleProps
        {
            RuleName = $"{config.Prefix}_telemetry_store",
            TopicRulePayload = new CfnTopicRule.TopicRulePayloadProperty
            {
                Description = "Telemetry to Timestream for InfluxDB (IoT InfluxDB action): measurement methane, tags site and thing from the topic.",
                AwsIotSqlVersion = "2016-03-23",
                // The InfluxDB action requires the integer epoch key named exactly 'timestamp' in every payload.
                Sql = $"SELECT timestamp, {string.Join(", ", StoredMeasures)} FROM '{TelemetryTopicFilter}'",
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
            ["TableName"] = InfluxMeasurement,
            ["Tags"] = new Dictionary<string, object> { ["site"] = "${topic(3)}", ["thing"] = "${topic(4)}" },
            ["TimestampUnit"] = "MILLISECONDS",
        });
    }

    /// <summary>
    /// A device may connect only as its own thing and use only its exact topics: rendered from the one per-thing policy
    /// (<see cref="Methane.Broker.DevicePolicy"/>) that the local brokers enforce.
    /// </summary>
    public static object DevicePolicyDocument(string account, string region) => Methane.Broker.IotPolicyDocument.Render(account, region);

    /// <summary>The shared claim certificate may only run the provisioning MQTT API of this one template.</summary>
    public static object ClaimPolicyDocument(string account, string region, string templateName)
    {
        string arn = $"arn:aws:iot:{region}:{account}";
        string[] topics =
        {
            $"{arn}:topic/$aws/certificates/create/json",
            $"{arn}:topic/$aws/certificates/create/json/*",
            $"{arn}:topic/$aws/provisioning-templates/{templateName}/provision/json",
            $"{arn}:topic/$aws/provisioning-templates/{templateName}/provision/json/*",
        };
        return new Dictionary<string, object>
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new object[]
            {
                new Dictionary<string, object> { ["Effect"] = "Allow", ["Action"] = "iot:Connect", ["Resource"] = $"{arn}:client/provision-*" },
                new Dictionary<string, object> { ["Effect"] = "Allow", ["Action"] = new[] { "iot:Publish", "iot:Receive" }, ["Resource"] = topics },
                new Dictionary<string, object>
                {
                    ["Effect"] = "Allow",
                    ["Action"] = "iot:Subscribe",
                    ["Resource"] = new[]
                    {
                        $"{arn}:topicfilter/$aws/certificates/create/json/*",
                        $"{arn}:topicfilter/$aws/provisioning-templates/{templateName}/provision/json/*",
                    },
                },
            },
        };
    }

    /// <summary>Fleet-provisioning template body (AWS IoT template syntax, a JSON string).</summary>
    public static string ProvisioningTemplateBody(string devicePolicyName)
    {
        var body = new Dictionary<string, object>
        {
            ["Parameters"] = new Dictionary<string, object>
            {
                ["SerialNumber"] = new Dictionary<string, object> { ["Type"] = "String" },
                ["Site"] = new Dictionary<string, object> { ["Type"] = "String" },
                ["Board"] = new Dictionary<string, object> { ["Type"] = "String", ["Default"] = "esp32-devkitc" },
                ["AWS::IoT::Certificate::Id"] = new Dictionary<string, object> { ["Type"] = "String" },
            },
            ["Resources"] = new Dictionary<string, object>
            {
                ["thing"] = new Dictionary<string, object>
                {
                    ["Type"] = "AWS::IoT::Thing",
                    ["Properties"] = new Dictionary<string, object>
                    {
                        ["ThingName"] = new Dictionary<string, object> { ["Fn::Join"] = new object[] { "", new object[] { "methane-", new Dictionary<string, object> { ["Ref"] = "SerialNumber" } } } },
                        ["ThingTypeName"] = ThingTypeName,
                        ["AttributePayload"] = new Dictionary<string, object>
                        {
                            ["site"] = new Dictionary<string, object> { ["Ref"] = "Site" },
                            ["board"] = new Dictionary<string, object> { ["Ref"] = "Board" },
                        },
                    },
                },
                ["certificate"] = new Dictionary<string, object>
                {
                    ["Type"] = "AWS::IoT::Certificate",
                    ["Properties"] = new Dictionary<string, object>
                    {
                        ["CertificateId"] = new Dictionary<string, object> { ["Ref"] = "AWS::IoT::Certificate::Id" },
                        ["Status"] = "ACTIVE",
                    },
                },
                ["policy"] = new Dictionary<string, object>
                {
                    ["Type"] = "AWS::IoT::Policy",
                    ["Properties"] = new Dictionary<string, object> { ["PolicyName"] = devicePolicyName },
                },
            },
        };
        return JsonSerializer.Serialize(body);
    }
}
