using System.Text.Json;
using Methane.Emissions.Geometry;

namespace Methane.Cloud.Tests;

/// <summary>The scheduled emission inversion (Backend/EmissionInversionJob.cs) in the synthesized templates: InfluxDB only.</summary>
[Collection("cdk")]
public class EmissionInversionJobTemplateTests
{
    private readonly SynthesizedTemplates _t;

    public EmissionInversionJobTemplateTests(SynthesizedTemplates t) => _t = t;

    private static IEnumerable<(string Id, JsonElement Props)> Resources(JsonDocument doc, string type)
    {
        foreach (JsonProperty r in doc.RootElement.GetProperty("Resources").EnumerateObject())
            if (r.Value.GetProperty("Type").GetString() == type) yield return (r.Name, r.Value.GetProperty("Properties"));
    }

    private static (string Id, JsonElement Props) Function(JsonDocument doc) =>
        Resources(doc, "AWS::Lambda::Function").Single(f => f.Props.GetProperty("FunctionName").GetString() == "methane-emission-inversion");

    [Fact]
    public void A_schedule_runs_the_inversion_handler_three_minutes_after_every_quarter_hour()
    {
        var (functionId, props) = Function(_t.InfluxDbJson);
        Assert.Equal("emission-inversion", props.GetProperty("Handler").GetString());
        Assert.Equal("provided.al2023", props.GetProperty("Runtime").GetString());
        JsonElement rule = Resources(_t.InfluxDbJson, "AWS::Events::Rule").Single(r => r.Props.GetProperty("Name").GetString() == "methane-emission-inversion-every-15-min").Props;
        Assert.Equal("cron(3,18,33,48 * * * ? *)", rule.GetProperty("ScheduleExpression").GetString());
        Assert.Equal("ENABLED", rule.GetProperty("State").GetString());
        JsonElement target = rule.GetProperty("Targets").EnumerateArray().Single();
        Assert.Equal(functionId, target.GetProperty("Arn").GetProperty("Fn::GetAtt")[0].GetString());
        Assert.Equal(2, target.GetProperty("RetryPolicy").GetProperty("MaximumRetryAttempts").GetInt32());
        // EventBridge may invoke it, and only from this rule.
        var permission = Assert.Single(Resources(_t.InfluxDbJson, "AWS::Lambda::Permission"), p =>
            p.Props.GetProperty("Principal").GetString() == "events.amazonaws.com"
            && p.Props.GetProperty("FunctionName").GetProperty("Fn::GetAtt")[0].GetString() == functionId);
        Assert.Equal("lambda:InvokeFunction", permission.Props.GetProperty("Action").GetString());
        Assert.Contains("EmissionInversionSchedule", permission.Props.GetProperty("SourceArn").GetRawText());
    }

    [Fact]
    public void The_function_gets_influxdb_the_geometry_and_may_read_only_the_token_secret()
    {
        var (_, props) = Function(_t.InfluxDbJson);
        JsonElement env = props.GetProperty("Environment").GetProperty("Variables");
        Assert.Equal("influxdb", env.GetProperty("STORE").GetString());
        Assert.Equal("15", env.GetProperty("WINDOW_MINUTES").GetString());
        Assert.Equal("12", env.GetProperty("BLOCK_HOURS").GetString());
        Assert.Equal(SynthesizedTemplates.InfluxUrl, env.GetProperty("INFLUX_URL").GetString());
        Assert.Equal("methane", env.GetProperty("INFLUX_DATABASE").GetString());
        Assert.Equal("methane", env.GetProperty("INFLUX_ORGANIZATION").GetString());
        Assert.Equal(SynthesizedTemplates.SecretArn, env.GetProperty("INFLUX_SECRET_ARN").GetString());
        // The geometry of both sample sites, as the function's loader reads it.
        var geometry = SiteGeometryLoader.Parse(env.GetProperty("SITE_GEOMETRY_JSON").GetString()!);
        Assert.Equal(new[] { "site-north", "site-south" }, geometry.Select(g => g.SiteId));
        Assert.Equal("north-met", geometry[0].MetStation.Thing);
        Assert.Equal(5, geometry[0].Sources.Count);
        // Lambda's environment is 4 KB in all.
        Assert.True(env.EnumerateObject().Sum(v => v.Name.Length + v.Value.GetString()!.Length) < 4096);

        string roleId = props.GetProperty("Role").GetProperty("Fn::GetAtt")[0].GetString()!;
        JsonElement policy = Resources(_t.InfluxDbJson, "AWS::IAM::Policy")
            .Single(p => p.Props.GetProperty("Roles").EnumerateArray().Any(r => r.GetProperty("Ref").GetString() == roleId)).Props.GetProperty("PolicyDocument");
        JsonElement statement = Assert.Single(policy.GetProperty("Statement").EnumerateArray().ToArray());
        Assert.Equal("secretsmanager:GetSecretValue", statement.GetProperty("Action").GetString());
        Assert.Equal(SynthesizedTemplates.SecretArn, statement.GetProperty("Resource").GetString());
        Assert.DoesNotContain(Resources(_t.InfluxDbJson, "AWS::DynamoDB::Table"), t => t.Props.GetRawText().Contains("emission", StringComparison.Ordinal));
    }

    [Fact]
    public void LiveAnalytics_deploys_no_inversion()
    {
        Assert.DoesNotContain(Resources(_t.LiveAnalyticsJson, "AWS::Lambda::Function"), f => f.Props.GetProperty("FunctionName").GetString() == "methane-emission-inversion");
        Assert.Empty(Resources(_t.LiveAnalyticsJson, "AWS::Events::Rule"));
    }
}
