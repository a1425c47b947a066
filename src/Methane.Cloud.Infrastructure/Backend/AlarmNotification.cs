using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.IoT;
using Amazon.CDK.AWS.SNS;

namespace Methane.Cloud.Infrastructure.Backend;

/// <summary>Alarms: device alarm messages to an SNS topic (with an e-mail subscription when configured).</summary>
public sealed class AlarmNotification
{
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
                Description = "Device alarm messages to the alarm SNS topic.",
                AwsIotSqlVersion = "2016-03-23",
                Sql = $"SELECT thing, site, seq, timestamp, ch4_ppm, lel_pct, alarm, flags, topic() AS topic FROM '{MethaneBackendStack.AlarmTopicFilter}'",
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
