using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;

namespace Methane.Cloud.Infrastructure.Backend;

/// <summary>
/// The cloud counterpart of the local pipeline's emission job (both run Methane.Emissions.Jobs.BlockInversionJob): an
/// EventBridge schedule runs the inversion handler of the function (src/Methane.Cloud.Function/Emissions) every 15
/// minutes, a few minutes after each window closes so late readings are in. It reads every site's block from InfluxDB
/// (InfluxQL over HTTP), inverts each finished window, closes a 12-hour block when one has ended, and writes the
/// estimates back to InfluxDB as measurement methane_emission. Its only AWS call is reading the InfluxDB token secret;
/// InfluxDB itself is reached over HTTPS with that token. InfluxDB variant only (BackendConfig refuses LiveAnalytics).
/// </summary>
public sealed class EmissionInversionJob
{
    /// <summary>Minutes past each quarter hour at which the job runs (the window closed this long ago).</summary>
    public const int DelayMinutes = 3;

    /// <summary>The function's Handler: the bootstrap starts the inversion handler for it (Lambda passes it as _HANDLER).</summary>
    public const string Handler = "emission-inversion";

    public EmissionInversionJob(Stack stack, BackendConfig config)
    {
        string p = config.Prefix;
        var environment = new Dictionary<string, string>
        {
            ["STORE"] = "influxdb",
            ["SITE_GEOMETRY_JSON"] = SiteGeometryJson.Compact(config.SitesFile),
            ["INFLUX_URL"] = config.InfluxUrl!,
            ["INFLUX_DATABASE"] = config.InfluxDatabase,
            ["INFLUX_ORGANIZATION"] = config.InfluxOrganization,
            ["INFLUX_SECRET_ARN"] = config.InfluxSecretArn!,
            ["WINDOW_MINUTES"] = "15",
            ["BLOCK_HOURS"] = "12",
            ["METRICS_NAMESPACE"] = "Methane",
        };
        LogGroup = new LogGroup(stack, "EmissionInversionLogs", new Amazon.CDK.AWS.Logs.LogGroupProps
        {
            LogGroupName = $"/aws/lambda/{p}-emission-inversion",
            Retention = RetentionDays.ONE_MONTH,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        Function = new Function(stack, "EmissionInversionFunction", new FunctionProps
        {
            FunctionName = $"{p}-emission-inversion",
            Description = "Every 15 minutes: per site, inverts the finished windows of the current 12-hour block (and closes a block that ended) from InfluxDB into measurement methane_emission.",
            Runtime = Runtime.PROVIDED_AL2023,
            Architecture = Architecture.ARM_64,
            Handler = Handler,
            Code = Code.FromAsset(config.InversionFunctionAssetPath!),
            // The inversion is CPU-bound: Lambda gives CPU in proportion to memory (1,769 MB = one full vCPU).
            MemorySize = 1024,
            Timeout = Duration.Minutes(5),
            // No reserved concurrency (a new account's quota of 10 cannot spare it): an overlapping run writes the same
            // points (fixed seeds, same readings), so a race over a window is harmless.
            LogGroup = LogGroup,
            Environment = environment,
        });
        Function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "secretsmanager:GetSecretValue" },
            Resources = new[] { config.InfluxSecretArn! },
        }));

        Schedule = new Rule(stack, "EmissionInversionSchedule", new RuleProps
        {
            RuleName = $"{p}-emission-inversion-every-15-min",
            Description = $"Runs the emission inversion {DelayMinutes} minutes after each 15-minute window closes.",
            Schedule = Amazon.CDK.AWS.Events.Schedule.Cron(new CronOptions
            {
                Minute = string.Join(",", new[] { 0, 15, 30, 45 }.Select(m => (m + DelayMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture))),
            }),
            Targets = new IRuleTarget[] { new LambdaFunction(Function, new LambdaFunctionProps { RetryAttempts = 2, MaxEventAge = Duration.Minutes(10) }) },
        });
    }

    public Function Function { get; }
    public LogGroup LogGroup { get; }
    public Rule Schedule { get; }
}
