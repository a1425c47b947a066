using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.IoT;
using Amazon.CDK.AWS.Logs;

namespace Methane.Cloud.Infrastructure.Backend;

/// <summary>Where every topic rule's errors go: a log group, the role that writes it, and the error action.</summary>
public sealed class RuleErrors
{
    public RuleErrors(Stack stack, BackendConfig config)
    {
        string p = config.Prefix;
        var ruleErrors = new LogGroup(stack, "RuleErrors", new LogGroupProps
        {
            LogGroupName = $"/{p}/iot-rule-errors",
            Retention = RetentionDays.ONE_MONTH,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        var errorRole = new Role(stack, "RuleErrorRole", new RoleProps { AssumedBy = new ServicePrincipal("iot.amazonaws.com") });
        errorRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "logs:CreateLogStream", "logs:PutLogEvents" },
            Resources = new[] { ruleErrors.LogGroupArn, $"{ruleErrors.LogGroupArn}:log-stream:*" },
        }));
        ErrorAction = new CfnTopicRule.ActionProperty
        {
            CloudwatchLogs = new CfnTopicRule.CloudwatchLogsActionProperty { LogGroupName = ruleErrors.LogGroupName, RoleArn = errorRole.RoleArn },
        };
    }

    public CfnTopicRule.ActionProperty ErrorAction { get; }
}
