using System.Text.Json;
using Amazon.CDK;
using Amazon.CDK.AWS.IoT;
using Constructs;
using Methane.Cloud.Enrichment;
using Methane.Cloud.Infrastructure.Backend;

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
    public static readonly string[] StoredMeasures = StoredFields.Measures;

    /// <summary>Dimensions (LiveAnalytics) / tags (InfluxDB). Taken from the topic, which the policy ties to the device.</summary>
    public static readonly string[] StoredDimensions = StoredFields.Dimensions;

    public const string InfluxMeasurement = StoredFields.InfluxMeasurement;

    /// <summary>
    /// Where the batch function hands validated batches to the InfluxDB batch-store rule: Basic Ingest
    /// (<c>$aws/rules/{rule}/…</c>, no broker, no messaging charge) on a topic no device may publish to.
    /// </summary>
    public const string ValidatedBatchTopicFilter = "st/methane/+/+/batch";

    public MethaneBackendStack(Construct scope, string id, BackendConfig config, IStackProps? props = null) : base(scope, id, props)
    {
        IReadOnlyList<string> problems = config.Problems();
        if (problems.Count > 0) throw new BackendConfigException(problems);
        // Each section is its own class (Backend/); they add their resources to this stack, so logical ids do not change.
        var identity = new DeviceIdentity(this, config);
        new FleetProvisioning(this, config, identity);
        CfnTopicRule.ActionProperty errorAction = new RuleErrors(this, config).ErrorAction;
        TimeSeriesStoreRule.Add(this, config, errorAction);
        var archive = new RawArchive(this, config, errorAction);
        var batches = new BatchEnrichment(this, config, archive.ArchiveAction, errorAction);
        var alarms = new AlarmNotification(this, config, errorAction);
        new DashboardUserPool(this, config);
        // The scheduled inversion (InfluxDB only) is deployed when its function is given.
        EmissionInversionJob? emissions = config.InversionFunctionAssetPath != null ? new EmissionInversionJob(this, config) : null;

        new CfnOutput(this, "ArchiveBucketName", new CfnOutputProps { Value = archive.Bucket.BucketName });
        new CfnOutput(this, "AlarmTopicArn", new CfnOutputProps { Value = alarms.Topic.TopicArn });
        new CfnOutput(this, "DeviceRegistryTable", new CfnOutputProps { Value = identity.Registry.TableName });
        new CfnOutput(this, "BatchFunctionLogGroup", new CfnOutputProps { Value = batches.LogGroup.LogGroupName });
        new CfnOutput(this, "BatchDeadLetterQueue", new CfnOutputProps { Value = batches.FailedInvocations.QueueUrl });
        if (emissions != null) new CfnOutput(this, "EmissionInversionLogGroup", new CfnOutputProps { Value = emissions.LogGroup.LogGroupName });
    }

    /// <summary>Firehose S3 prefix: site from the record, date from the arrival time (devices may have unsynced clocks).</summary>
    public const string ArchivePrefix = "raw/site=!{partitionKeyFromQuery:site}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/";

    /// <summary>
    /// The site partition key comes from the topic (dt/methane/{site}/...), which the device policy binds to the thing's
    /// site attribute, not from the payload. Sites, not devices: Firehose allows ~500 active partitions per stream.
    /// </summary>
    public const string PartitionQuery = "{site: (.topic | split(\"/\") | .[2])}";

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
