using System.Text.Json;
using Amazon.CDK.Assertions;
using Methane.Cloud.Infrastructure;

namespace Methane.Cloud.Tests;

/// <summary>One synthesis of both store variants, shared by every template test (node start-up costs seconds).</summary>
public sealed class SynthesizedTemplates : IDisposable
{
    public SynthesizedTemplates()
    {
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION", "1");
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
        OutDir = TestData.TempDir();
        // One app, both variants, one synthesis; the templates are then read from the cloud assembly.
        var app = new Amazon.CDK.App(new Amazon.CDK.AppProps { Outdir = OutDir });
        var sites = Methane.Cloud.Enrichment.SiteCatalog.Load(SitesFile);
        var env = new Amazon.CDK.StackProps { Env = new Amazon.CDK.Environment { Account = "123456789012", Region = "eu-central-1" } };
        FunctionAsset = FakeFunctionAsset(OutDir);
        new MethaneBackendStack(app, "LiveAnalytics", new BackendConfig { Sites = sites, Store = TimeSeriesStore.LiveAnalytics, FunctionAssetPath = FunctionAsset }, env);
        new MethaneBackendStack(app, "Influx", new BackendConfig
        {
            Sites = sites,
            FunctionAssetPath = FunctionAsset,
            InversionFunctionAssetPath = FunctionAsset,
            InfluxUrl = InfluxUrl,
            SitesFile = SitesFile,
            InfluxDestinationArn = DestinationArn,
            InfluxSecretArn = SecretArn,
        }, env);
        app.Synth();
        string la = File.ReadAllText(Path.Combine(OutDir, "LiveAnalytics.template.json"));
        string influx = File.ReadAllText(Path.Combine(OutDir, "Influx.template.json"));
        LiveAnalytics = Template.FromString(la);
        InfluxDb = Template.FromString(influx);
        LiveAnalyticsJson = JsonDocument.Parse(la);
        InfluxDbJson = JsonDocument.Parse(influx);
    }

    public static string SitesFile => Path.Combine(AppContext.BaseDirectory, "sites.json");
    public const string InfluxUrl = "https://a1b2c3d4e5-x7y8z9.eu-central-1.timestream-influxdb.amazonaws.com:8086";
    public const string DestinationArn = "arn:aws:iot:eu-central-1:123456789012:ruledestination/influxdb/0f1e2d3c";
    public const string SecretArn = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:methane-influxdb-AbCdEf";
    public string FunctionAsset { get; }

    /// <summary>A stand-in for the published function: synthesis only needs the folder with its 'bootstrap'.</summary>
    public static string FakeFunctionAsset(string parent)
    {
        string dir = Path.Combine(parent, "function-asset");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "bootstrap"), "#!/bin/sh\nexit 1\n");
        return dir;
    }
    public string OutDir { get; }
    public Template LiveAnalytics { get; }
    public Template InfluxDb { get; }
    public JsonDocument LiveAnalyticsJson { get; }
    public JsonDocument InfluxDbJson { get; }

    public void Dispose()
    {
        try { Directory.Delete(OutDir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>One synthesis for every template test class: jsii's node process must not be started twice at once.</summary>
[CollectionDefinition("cdk")]
public sealed class CdkCollection : ICollectionFixture<SynthesizedTemplates>
{
}

[Collection("cdk")]
public partial class TemplateTests
{
    private readonly SynthesizedTemplates _t;

    public TemplateTests(SynthesizedTemplates t) => _t = t;

    internal static IEnumerable<(string Id, JsonElement Props)> Resources(JsonDocument doc, string type)
    {
        foreach (JsonProperty r in doc.RootElement.GetProperty("Resources").EnumerateObject())
        {
            if (r.Value.GetProperty("Type").GetString() == type) yield return (r.Name, r.Value.TryGetProperty("Properties", out JsonElement p) ? p : default);
        }
    }

    internal static JsonElement Rule(JsonDocument doc, string name) =>
        Resources(doc, "AWS::IoT::TopicRule").Single(r => r.Props.GetProperty("RuleName").GetString() == name).Props.GetProperty("TopicRulePayload");

    [Fact]
    public void Device_policy_is_scoped_to_the_connected_thing_and_its_site_attribute()
    {
        JsonElement policy = Resources(_t.LiveAnalyticsJson, "AWS::IoT::Policy").Single(p => p.Props.GetProperty("PolicyName").GetString() == "methane-device").Props;
        string doc = policy.GetProperty("PolicyDocument").GetRawText();
        Assert.Contains("arn:aws:iot:eu-central-1:123456789012:client/${iot:Connection.Thing.ThingName}", doc);
        Assert.Contains("topic/dt/methane/${iot:Connection.Thing.Attributes[site]}/${iot:Connection.Thing.ThingName}/telemetry", doc);
        foreach (JsonElement statement in policy.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray())
        {
            Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
            JsonElement res = statement.GetProperty("Resource");
            IEnumerable<string> resources = res.ValueKind == JsonValueKind.Array ? res.EnumerateArray().Select(e => e.GetString()!) : new[] { res.GetString()! };
            // Every resource names the connected thing: no device can act for another.
            Assert.All(resources, r => Assert.Contains("${iot:Connection.Thing.ThingName}", r));
            Assert.DoesNotContain("dt/methane/*", string.Join(" ", resources));
        }
    }

    [Fact]
    public void Thing_type_provisioning_template_and_claim_policy()
    {
        _t.LiveAnalytics.HasResourceProperties("AWS::IoT::ThingType", new Dictionary<string, object> { ["ThingTypeName"] = "methane-sensor" });
        JsonElement template = Resources(_t.LiveAnalyticsJson, "AWS::IoT::ProvisioningTemplate").Single().Props;
        Assert.True(template.GetProperty("Enabled").GetBoolean());
        using JsonDocument body = JsonDocument.Parse(template.GetProperty("TemplateBody").GetString()!);
        JsonElement thing = body.RootElement.GetProperty("Resources").GetProperty("thing").GetProperty("Properties");
        Assert.Equal("methane-sensor", thing.GetProperty("ThingTypeName").GetString());
        Assert.Equal("Site", thing.GetProperty("AttributePayload").GetProperty("site").GetProperty("Ref").GetString());
        Assert.Equal("methane-device", body.RootElement.GetProperty("Resources").GetProperty("policy").GetProperty("Properties").GetProperty("PolicyName").GetString());

        string claim = Resources(_t.LiveAnalyticsJson, "AWS::IoT::Policy").Single(p => p.Props.GetProperty("PolicyName").GetString() == "methane-provisioning-claim").Props.GetRawText();
        Assert.Contains("$aws/provisioning-templates/methane-fleet-provisioning/provision/json", claim);
        Assert.DoesNotContain("dt/methane", claim);
    }

    [Fact]
    public void One_timestream_table_per_site_with_memory_and_magnetic_retention()
    {
        var tables = Resources(_t.LiveAnalyticsJson, "AWS::Timestream::Table").Select(t => t.Props).ToDictionary(p => p.GetProperty("TableName").GetString()!);
        // The sample sites.json: site-north 24 h / 365 d, site-south 12 h / 730 d; and the table of job execution events.
        Assert.Equal(new[] { "methane_job", "site-north", "site-south" }, tables.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal("24", tables["site-north"].GetProperty("RetentionProperties").GetProperty("MemoryStoreRetentionPeriodInHours").GetString());
        Assert.Equal("730", tables["site-south"].GetProperty("RetentionProperties").GetProperty("MagneticStoreRetentionPeriodInDays").GetString());
        Assert.Empty(Resources(_t.InfluxDbJson, "AWS::Timestream::Table"));
        Assert.Empty(Resources(_t.InfluxDbJson, "AWS::Timestream::Database"));
    }

    [Fact]
    public void LiveAnalytics_rule_writes_site_and_thing_dimensions_from_the_topic()
    {
        JsonElement rule = Rule(_t.LiveAnalyticsJson, "methane_telemetry_store");
        JsonElement ts = rule.GetProperty("Actions")[0].GetProperty("Timestream");
        var dims = ts.GetProperty("Dimensions").EnumerateArray().ToDictionary(d => d.GetProperty("Name").GetString()!, d => d.GetProperty("Value").GetString()!);
        // Substitutions see the original payload/topic, not AS aliases: the values must be topic() calls or payload keys.
        Assert.Equal(new Dictionary<string, string> { ["site"] = "${topic(3)}", ["thing"] = "${topic(4)}" }, dims);
        Assert.Equal("${topic(3)}", ts.GetProperty("TableName").GetString());
        Assert.Equal("${timestamp}", ts.GetProperty("Timestamp").GetProperty("Value").GetString());
        Assert.Equal("MILLISECONDS", ts.GetProperty("Timestamp").GetProperty("Unit").GetString());
        Assert.DoesNotContain(" AS ", rule.GetProperty("Sql").GetString());
    }

    [Fact]
    public void InfluxDb_variant_uses_the_influxdb_action_override()
    {
        JsonElement rule = Rule(_t.InfluxDbJson, "methane_telemetry_store");
        JsonElement action = rule.GetProperty("Actions")[0];
        Assert.False(action.TryGetProperty("Timestream", out _));
        JsonElement influx = action.GetProperty("InfluxDB");
        Assert.Equal("methane", influx.GetProperty("TableName").GetString());
        Assert.Equal("${topic(3)}", influx.GetProperty("Tags").GetProperty("site").GetString());
        Assert.Equal("${topic(4)}", influx.GetProperty("Tags").GetProperty("thing").GetString());
        Assert.Equal("ms", influx.GetProperty("TimestampUnit").GetString());
        Assert.Equal(SynthesizedTemplates.DestinationArn, influx.GetProperty("DestinationArn").GetString());
        // The action requires the integer key named exactly 'timestamp' in what the SQL selects.
        Assert.StartsWith("SELECT timestamp,", rule.GetProperty("Sql").GetString());
    }

    [Fact]
    public void Every_rule_in_both_variants_has_an_error_action()
    {
        foreach (JsonDocument doc in new[] { _t.LiveAnalyticsJson, _t.InfluxDbJson })
        {
            var rules = Resources(doc, "AWS::IoT::TopicRule").ToList();
            // telemetry store + archive, batch (archive + function), alarm notification, alarm history, health store, job
            // execution store; InfluxDB also has the validated-batch store rule.
            Assert.Equal(doc == _t.InfluxDbJson ? 8 : 7, rules.Count);
            Assert.All(rules, r => Assert.True(r.Props.GetProperty("TopicRulePayload").GetProperty("ErrorAction").TryGetProperty("CloudwatchLogs", out _), r.Id));
        }
    }

    [Fact]
    public void Firehose_partitions_by_site_and_date_compressed()
    {
        JsonElement s3 = Resources(_t.LiveAnalyticsJson, "AWS::KinesisFirehose::DeliveryStream").Single().Props.GetProperty("ExtendedS3DestinationConfiguration");
        string prefix = s3.GetProperty("Prefix").GetString()!;
        Assert.Equal("raw/site=!{partitionKeyFromQuery:site}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/", prefix);
        Assert.DoesNotContain("thing", prefix); // <= 500 active partitions: never per device
        Assert.Equal("GZIP", s3.GetProperty("CompressionFormat").GetString());
        Assert.True(s3.GetProperty("DynamicPartitioningConfiguration").GetProperty("Enabled").GetBoolean());
        Assert.True(s3.GetProperty("BufferingHints").GetProperty("SizeInMBs").GetInt32() >= 64);
        var parameters = s3.GetProperty("ProcessingConfiguration").GetProperty("Processors").EnumerateArray()
            .SelectMany(p => p.GetProperty("Parameters").EnumerateArray())
            .ToDictionary(p => p.GetProperty("ParameterName").GetString()!, p => p.GetProperty("ParameterValue").GetString()!);
        // Site = third topic level of dt/methane/{site}/{thing}/telemetry (jq indexes from 0).
        Assert.Equal("{site: (.topic | split(\"/\") | .[2])}", parameters["MetadataExtractionQuery"]);

        JsonElement archiveRule = Rule(_t.LiveAnalyticsJson, "methane_telemetry_archive");
        Assert.Contains("topic() AS topic", archiveRule.GetProperty("Sql").GetString());
        Assert.True(archiveRule.GetProperty("Actions")[0].TryGetProperty("Firehose", out _));
    }

    [Fact]
    public void Batches_go_to_the_enrichment_function_and_alarms_to_sns()
    {
        JsonElement batch = Rule(_t.LiveAnalyticsJson, "methane_batch_enrich");
        Assert.Contains("FROM 'dt/methane/+/+/batch'", batch.GetProperty("Sql").GetString());
        Assert.True(batch.GetProperty("Actions")[1].TryGetProperty("Lambda", out _));
        _t.LiveAnalytics.HasResourceProperties("AWS::Lambda::Permission", new Dictionary<string, object>
        {
            ["Principal"] = "iot.amazonaws.com",
            ["Action"] = "lambda:InvokeFunction",
        });
        JsonElement alarm = Rule(_t.LiveAnalyticsJson, "methane_alarm_notify");
        string alarmSql = alarm.GetProperty("Sql").GetString()!;
        Assert.Contains("FROM 'dt/methane/+/+/alarm'", alarmSql);
        // A readable text for every protocol: site and device from the topic, level, ppm and the device time of the event.
        Assert.EndsWith("AS default FROM 'dt/methane/+/+/alarm' WHERE v = 1", alarmSql);
        foreach (string part in new[] { "' at site ', topic(3)", "', device ', topic(4)", "CASE alarm WHEN 2 THEN 'HIGH' WHEN 1 THEN 'LOW'",
                     "cast(ch4_ppm AS String), ' ppm CH4", "parse_time(\"yyyy-MM-dd HH:mm:ss 'UTC'\", timestamp, 'UTC')" })
        {
            Assert.Contains(part, alarmSql);
        }
        // Every field the text reads is an alarm-event-v1 field.
        using (JsonDocument schema = JsonDocument.Parse(Methane.Telemetry.AlarmEventSchema.Text))
        {
            foreach (string field in new[] { "event", "alarm", "previous", "ch4_ppm", "lel_pct", "rise_ppm_min", "timestamp", "v" })
            {
                Assert.True(schema.RootElement.GetProperty("properties").TryGetProperty(field, out _), field);
            }
        }
        JsonElement sns = alarm.GetProperty("Actions")[0].GetProperty("Sns");
        Assert.Equal("JSON", sns.GetProperty("MessageFormat").GetString());
        _t.LiveAnalytics.ResourceCountIs("AWS::SNS::Topic", 1);
        _t.LiveAnalytics.HasResourceProperties("AWS::DynamoDB::Table", new Dictionary<string, object>
        {
            ["KeySchema"] = new object[] { new Dictionary<string, object> { ["AttributeName"] = "thing", ["KeyType"] = "HASH" } },
        });
    }

    [Fact]
    public void Iam_policies_are_least_privilege()
    {
        foreach (JsonDocument doc in new[] { _t.LiveAnalyticsJson, _t.InfluxDbJson })
        {
            foreach (var (id, props) in Resources(doc, "AWS::IAM::Policy"))
            {
                foreach (JsonElement st in props.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray())
                {
                    JsonElement a = st.GetProperty("Action");
                    string[] actions = a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().Select(x => x.GetString()!).ToArray() : new[] { a.GetString()! };
                    Assert.DoesNotContain(actions, x => x == "*" || x.EndsWith(":*", StringComparison.Ordinal));
                    JsonElement r = st.GetProperty("Resource");
                    bool star = r.ValueKind == JsonValueKind.String && r.GetString() == "*";
                    // The only wildcard resources: endpoint look-ups, which have no resource-level permissions.
                    if (star) Assert.Contains(string.Join(",", actions), new[] { "timestream:DescribeEndpoints", "iot:DescribeEndpoint" });
                }
            }
            // Managed policies: only the Lambda basic execution role.
            foreach (var (id, props) in Resources(doc, "AWS::IAM::Role"))
            {
                if (props.TryGetProperty("ManagedPolicyArns", out JsonElement managed))
                    Assert.Contains("AWSLambdaBasicExecutionRole", managed.GetRawText());
            }
        }
    }
}
