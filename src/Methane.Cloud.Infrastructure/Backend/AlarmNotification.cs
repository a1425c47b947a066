using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.IoT;
using Amazon.CDK.AWS.SNS;

namespace Methane.Cloud.Infrastructure.Backend;

/// <summary>
/// Alarms: every alarm event (src/Methane.Telemetry/alarm-event-v1.schema.json) on …/alarm becomes one SNS notification with a
/// human-readable text (site, device, level, ppm, time), and goes to the e-mail subscription when configured.
/// </summary>
public sealed class AlarmNotification
{
    /// <summary>IoT SQL of a level name: 0 none, 1 LOW, 2 HIGH.</summary>
    private static string Level(string field) => $"CASE {field} WHEN 2 THEN 'HIGH' WHEN 1 THEN 'LOW' ELSE 'none' END";

    /// <summary>
    /// The notification text, e.g. "Methane alarm raised: level HIGH (was LOW) at site site-north, device north-01:
    /// 12000.0 ppm CH4 (24.0 %LEL), rising 350.2 ppm/min, at 2026-12-02 11:52:09 UTC". Site and device come from the topic
    /// (the policy binds them to the certificate); the time is the reading's device time. With MessageFormat JSON, SNS sends
    /// the "default" text to every protocol (e-mail included) instead of the raw JSON.
    /// </summary>
    public static readonly string Sql =
        "SELECT concat('Methane alarm ', event, ': level ', " + Level("alarm") + ", ' (was ', " + Level("previous") + ", ')'"
        + ", ' at site ', topic(3), ', device ', topic(4), ': '"
        + ", CASE isNull(ch4_ppm) WHEN true THEN 'no methane value' ELSE concat(cast(ch4_ppm AS String), ' ppm CH4 (', cast(lel_pct AS String), ' %LEL)') END"
        + ", CASE isNull(rise_ppm_min) WHEN true THEN '' ELSE concat(', rising ', cast(rise_ppm_min AS String), ' ppm/min') END"
        + ", ', at ', parse_time(\"yyyy-MM-dd HH:mm:ss 'UTC'\", timestamp, 'UTC')) AS default"
        + $" FROM '{MethaneBackendStack.AlarmTopicFilter}' WHERE v = 1";

    public AlarmNotification(Stack stack, BackendConfig config, CfnTopicRule.ActionProperty errorAction)
    {
        string p = config.Prefix;
        Topic = new Topic(stack, "AlarmTopic", new TopicProps { TopicName = $"{p}-alarms", DisplayName = "Methane alarms" });
        if (config.AlarmEmail != null)
        {
            new Amazon.CDK.AWS.SNS.Subscription(stack, "AlarmEmail", new Amazon.CDK.AWS.SNS.SubscriptionProps
            {
                Topic = Topic,
                Protocol = SubscriptionProtocol.EMAIL,
                Endpoint = config.AlarmEmail,
            });
        }
        var alarmRole = new Role(stack, "AlarmRuleRole", new RoleProps { AssumedBy = new ServicePrincipal("iot.amazonaws.com") });
        alarmRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "sns:Publish" }, Resources = new[] { Topic.TopicArn } }));
        new CfnTopicRule(stack, "AlarmNotifyRule", new CfnTopicRuleProps
        {
            RuleName = $"{p}_alarm_notify",
            TopicRulePayload = new CfnTopicRule.TopicRulePayloadProperty
            {
                Description = "Device alarm events (alarm-event-v1) to the alarm SNS topic as a readable text: site, device, level, ppm, time.",
                AwsIotSqlVersion = "2016-03-23",
                Sql = Sql,
                RuleDisabled = false,
                Actions = new object[]
                {
                    new CfnTopicRule.ActionProperty
                    {
                        Sns = new CfnTopicRule.SnsActionProperty { TargetArn = Topic.TopicArn, RoleArn = alarmRole.RoleArn, MessageFormat = "JSON" },
                    },
                },
                ErrorAction = errorAction,
            },
        });
    }

    public Topic Topic { get; }
}
