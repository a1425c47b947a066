using System.Text.Json;
using System.Text.RegularExpressions;
using Methane.Broker;
using Xunit;

namespace Methane.Integration.Tests.Adversarial;

/// <summary>
/// The three renderings of <see cref="DevicePolicy"/> — the embedded broker's evaluator, the Mosquitto ACL and the AWS IoT
/// policy document — give the same answer for every topic of one table, and that answer is the design's (DESIGN.md
/// "Topics" and "Facts"): a device publishes only its four data topics under its own site, its shadow and job requests,
/// and receives only its own shadow, jobs and command topics. The ACL is read with Mosquitto's matching rules and the
/// policy document with AWS's ('*' matches any characters, policy variables substituted).
/// </summary>
public sealed class PolicyAgreementTests
{
    private const string Thing = "dev-a";
    private const string Site = "site-1";

    public static IEnumerable<object[]> Table() => new[]
    {
        new object[] { "publish", "dt/methane/site-1/dev-a/telemetry", true },
        new object[] { "publish", "dt/methane/site-1/dev-a/batch", true },
        new object[] { "publish", "dt/methane/site-1/dev-a/alarm", true },
        new object[] { "publish", "dt/methane/site-1/dev-a/health", true },
        new object[] { "publish", "$aws/things/dev-a/shadow/update", true },
        new object[] { "publish", "$aws/things/dev-a/shadow/get", true },
        new object[] { "publish", "$aws/things/dev-a/jobs/start-next", true },
        new object[] { "publish", "$aws/things/dev-a/jobs/job-7/update", true },
        new object[] { "publish", "dt/methane/site-2/dev-a/telemetry", false },
        new object[] { "publish", "dt/methane/site-1/dev-b/telemetry", false },
        new object[] { "publish", "dt/methane/site-1/dev-a/bogus", false },
        new object[] { "publish", "dt/methane/site-1/dev-a/telemetry/extra", false },
        new object[] { "publish", "$aws/things/dev-a/shadow/update/accepted", false },
        new object[] { "publish", "$aws/things/dev-a/shadow/update/delta", false },
        new object[] { "publish", "$aws/things/dev-a/shadow/update/documents", false },
        new object[] { "publish", "$aws/things/dev-a/jobs/notify-next", false },
        new object[] { "publish", "$aws/things/dev-a/jobs/job-7/update/accepted", false },
        new object[] { "publish", "$aws/things/dev-b/shadow/update", false },
        new object[] { "publish", "cmd/methane/site-1/dev-a/reboot", false },
        new object[] { "receive", "$aws/things/dev-a/shadow/update/delta", true },
        new object[] { "receive", "$aws/things/dev-a/jobs/notify-next", true },
        new object[] { "receive", "$aws/things/dev-a/jobs/job-7/update/accepted", true },
        new object[] { "receive", "cmd/methane/site-1/dev-a/reboot", true },
        new object[] { "receive", "$aws/things/dev-b/shadow/update/delta", false },
        new object[] { "receive", "dt/methane/site-1/dev-b/telemetry", false },
        new object[] { "receive", "cmd/methane/site-2/dev-a/reboot", false },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Evaluator_acl_and_iot_policy_agree_with_the_design(string action, string topic, bool allowed)
    {
        var evaluator = new PolicyEvaluator(t => t == Thing ? Site : null);
        bool byEvaluator = action == "publish"
            ? evaluator.CheckPublish(Thing, false, topic, false) is null
            : evaluator.CheckSubscribe(Thing, false, topic) is null;
        Assert.Equal(allowed, byEvaluator);
        Assert.Equal(allowed, ByMosquittoAcl(action, topic));
        Assert.Equal(allowed, ByIotPolicy(action, topic));
    }

    [Fact]
    public void A_thing_without_a_site_gets_no_data_topics_in_any_rendering()
    {
        var evaluator = new PolicyEvaluator(_ => null);
        Assert.NotNull(evaluator.CheckPublish(Thing, false, "dt/methane/site-1/dev-a/telemetry", false));
        string acl = MosquittoAcl.Render(new Dictionary<string, string>());
        Assert.DoesNotContain("dt/methane", acl);
    }

    /// <summary>Mosquitto: 'pattern' lines with %u = the CN, plus the lines of the CN's 'user' block; write = publish, read = receive.</summary>
    private static bool ByMosquittoAcl(string action, string topic)
    {
        string acl = MosquittoAcl.Render(new Dictionary<string, string> { [Thing] = Site, ["dev-b"] = "site-2" });
        string need = action == "publish" ? "write" : "read";
        string? user = null;
        foreach (string raw in acl.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            string[] parts = line.Split(' ', 3);
            if (parts[0] == "user") { user = parts[1]; continue; }
            bool applies = parts[0] == "pattern" || (parts[0] == "topic" && user == Thing);
            if (!applies || (parts[1] != need && parts[1] != "readwrite")) continue;
            string filter = parts[2].Replace("%u", Thing);
            if (MqttMatches(filter, topic)) return true;
        }
        return false;
    }

    private static bool MqttMatches(string filter, string topic)
    {
        string[] f = filter.Split('/');
        string[] t = topic.Split('/');
        for (int i = 0; i < f.Length; i++)
        {
            if (f[i] == "#") return true;
            if (i >= t.Length) return false;
            if (f[i] != "+" && f[i] != t[i]) return false;
        }
        return f.Length == t.Length;
    }

    /// <summary>AWS IoT: the statement for the action, variables substituted, '*' matching any characters.</summary>
    private static bool ByIotPolicy(string action, string topic)
    {
        string json = JsonSerializer.Serialize(IotPolicyDocument.Render("123456789012", "eu-central-1"));
        using JsonDocument doc = JsonDocument.Parse(json);
        string iotAction = action == "publish" ? "iot:Publish" : "iot:Receive";
        string arn = "arn:aws:iot:eu-central-1:123456789012:topic/" + topic;
        foreach (JsonElement statement in doc.RootElement.GetProperty("Statement").EnumerateArray())
        {
            if (statement.GetProperty("Action").GetString() != iotAction) continue;
            foreach (JsonElement resource in statement.GetProperty("Resource").EnumerateArray())
            {
                string pattern = resource.GetString()!
                    .Replace("${iot:Connection.Thing.ThingName}", Thing)
                    .Replace("${iot:Connection.Thing.Attributes[site]}", Site);
                string regex = "^" + string.Join(".*", pattern.Split('*').Select(Regex.Escape)) + "$";
                if (Regex.IsMatch(arn, regex)) return true;
            }
        }
        return false;
    }
}
