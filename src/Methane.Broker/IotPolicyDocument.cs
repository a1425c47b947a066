namespace Methane.Broker;

/// <summary>
/// Renders <see cref="DevicePolicy"/> as the AWS IoT policy document attached to every device certificate. <c>{thing}</c>
/// and <c>{site}</c> become the policy variables of the connected thing; <c>{jobId}</c>, <c>+</c> and <c>#</c> become
/// <c>*</c>. Publish rules grant iot:Publish on topic ARNs, subscribe rules iot:Subscribe on topicfilter ARNs and
/// iot:Receive on topic ARNs. Retained publishing (iot:RetainPublish) is not granted.
/// </summary>
public static class IotPolicyDocument
{
    public const string ThingVariable = "${iot:Connection.Thing.ThingName}";
    public const string SiteVariable = "${iot:Connection.Thing.Attributes[site]}";

    public static Dictionary<string, object> Render(string account, string region)
    {
        string arn = $"arn:aws:iot:{region}:{account}";
        string[] Resources(TopicAccess access, string kind) => DevicePolicy.Rules
            .Where(r => r.Access == access)
            .Select(r => $"{arn}:{kind}/{Topic(r)}")
            .ToArray();
        return new Dictionary<string, object>
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new object[]
            {
                new Dictionary<string, object>
                {
                    ["Effect"] = "Allow",
                    ["Action"] = "iot:Connect",
                    ["Resource"] = $"{arn}:client/{ThingVariable}",
                    ["Condition"] = new Dictionary<string, object> { ["Bool"] = new Dictionary<string, object> { ["iot:Connection.Thing.IsAttached"] = "true" } },
                },
                Statement("iot:Publish", Resources(TopicAccess.Publish, "topic")),
                Statement("iot:Subscribe", Resources(TopicAccess.Subscribe, "topicfilter")),
                Statement("iot:Receive", Resources(TopicAccess.Subscribe, "topic")),
            },
        };
    }

    /// <summary>The rule's topic with AWS policy variables and '*' for variable levels.</summary>
    public static string Topic(TopicRule rule) =>
        string.Join('/', rule.Levels.Select(level => level switch
        {
            TopicRule.Thing => ThingVariable,
            TopicRule.Site => SiteVariable,
            TopicRule.JobId or "+" or "#" => "*",
            _ => level,
        }));

    private static Dictionary<string, object> Statement(string action, string[] resources) => new()
    {
        ["Effect"] = "Allow",
        ["Action"] = action,
        ["Resource"] = resources,
    };
}
