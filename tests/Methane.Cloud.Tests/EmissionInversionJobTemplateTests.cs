using System.Text.Json;

namespace Methane.Cloud.Tests;

/// <summary>The scheduled emission inversion (Backend/EmissionInversionJob.cs) in both synthesized templates.</summary>
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
    public void A_schedule_runs_the_function_three_minutes_after_every_quarter_hour()
    {
        foreach (JsonDocument doc in new[] { _t.LiveAnalyticsJson, _t.InfluxDbJson })
        {
            var (functionId, _) = Function(doc);
            JsonElement rule = Resources(doc, "AWS::Events::Rule").Single(r => r.Props.GetProperty("Name").GetString() == "methane-emission-inversion-every-15-min").Props;
            Assert.Equal("cron(3,18,33,48 * * * ? *)", rule.GetProperty("ScheduleExpression").GetString());
            Assert.Equal("ENABLED", rule.GetProperty("State").GetString());
            JsonElement target = rule.GetProperty("Targets").EnumerateArray().Single();
            Assert.Equal(functionId, target.GetProperty("Arn").GetProperty("Fn::GetAtt")[0].GetString());
            // EventBridge may invoke it, and only from this rule.
            Assert.Contains(Resources(doc, "AWS::Lambda::Permission"), p =>
                p.Props.GetProperty("Principal").GetString() == "events.amazonaws.com"
                && p.Props.GetProperty("FunctionName").GetProperty("Fn::GetAtt")[0].GetString() == functionId);
        }
    }

    [Fact]
    public void The_function_reads_only_the_site_tables_and_writes_only_the_estimates_table()
    {
        var (functionId, props) = Function(_t.LiveAnalyticsJson);
        JsonElement env = props.GetProperty("Environment").GetProperty("Variables");
        Assert.Equal("15", env.GetProperty("WINDOW_MINUTES").GetString());
        Assert.Equal("12", env.GetProperty("BLOCK_HOURS").GetString());
        Assert.Equal("liveanalytics", env.GetProperty("STORE").GetString());
        string roleId = props.GetProperty("Role").GetProperty("Fn::GetAtt")[0].GetString()!;
        JsonElement policy = Resources(_t.LiveAnalyticsJson, "AWS::IAM::Policy")
            .Single(p => p.Props.GetProperty("Roles").EnumerateArray().Any(r => r.GetProperty("Ref").GetString() == roleId)).Props.GetProperty("PolicyDocument");
        var statements = policy.GetProperty("Statement").EnumerateArray().ToList();
        string Actions(JsonElement s) => s.GetProperty("Action").ValueKind == JsonValueKind.Array
            ? string.Join(",", s.GetProperty("Action").EnumerateArray().Select(a => a.GetString())) : s.GetProperty("Action").GetString()!;
        Assert.Equal(["dynamodb:PutItem,dynamodb:BatchWriteItem", "timestream:Select", "timestream:DescribeEndpoints"], statements.Select(Actions).ToArray());
        string select = statements[1].GetProperty("Resource").GetRawText();
        Assert.Contains("database/methane/table/site-north", select);
        Assert.Contains("database/methane/table/site-south", select);
        Assert.Equal(2, statements[1].GetProperty("Resource").GetArrayLength());

        var (_, influx) = Function(_t.InfluxDbJson);
        Assert.Equal("influxdb", influx.GetProperty("Environment").GetProperty("Variables").GetProperty("STORE").GetString());
    }
}
