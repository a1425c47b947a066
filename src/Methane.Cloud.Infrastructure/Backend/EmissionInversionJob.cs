using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Infrastructure.Backend;

/// <summary>
/// The cloud counterpart of the local pipeline's emission job (src/Methane.Cloud.Pipeline/Emissions): an EventBridge
/// schedule runs the inversion function every 15 minutes, a few minutes after each window closes so late readings are in;
/// the function reads the window (and the inversion's context) of every site from the time-series store, inverts it,
/// closes a 12-hour block when one has ended, and writes site/source/window/rate with interval/detected/reason to the
/// estimates table. The function may only read the store and write that table.
/// </summary>
public sealed class EmissionInversionJob
{
    /// <summary>Minutes past each quarter hour at which the job runs (the window closed this long ago).</summary>
    public const int DelayMinutes = 3;

    public EmissionInversionJob(Stack stack, BackendConfig config)
    {
        string p = config.Prefix;
        Estimates = new Table(stack, "EmissionEstimates", new TableProps
        {
            TableName = $"{p}-emission-estimates",
            // One item per site, window kind, window start and source: "window#1780000000000#separator-2".
            PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = "site", Type = AttributeType.STRING },
            SortKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = "kind_window_source", Type = AttributeType.STRING },
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        string assetPath = config.InversionFunctionAssetPath
            ?? throw new ArgumentException($"the scheduled inversion needs context key '{BackendConfig.InversionFunctionAssetKey}'", nameof(config));
        var environment = new Dictionary<string, string>
        {
            ["SITES_FILE"] = "sites.json",
            ["ESTIMATES_TABLE"] = Estimates.TableName,
            ["STORE"] = config.Store == TimeSeriesStore.LiveAnalytics ? "liveanalytics" : "influxdb",
            ["WINDOW_MINUTES"] = "15",
            ["BLOCK_HOURS"] = "12",
        };
        if (config.Store == TimeSeriesStore.LiveAnalytics) environment["TIMESTREAM_DATABASE"] = config.TimestreamDatabase;
        else
        {
            environment["INFLUX_SECRET_ARN"] = config.InfluxSecretArn!;
            environment["INFLUX_DATABASE"] = config.InfluxDatabase;
        }
        Function = new Function(stack, "EmissionInversionFunction", new FunctionProps
        {
            FunctionName = $"{p}-emission-inversion",
            Description = "Every 15 minutes: per site, inverts the last window (and a 12-hour block when one closed) from the time-series store into the estimates table.",
            Runtime = Runtime.PROVIDED_AL2023,
            Architecture = Architecture.ARM_64,
            Handler = "bootstrap",
            Code = Code.FromAsset(assetPath),
            MemorySize = 512,
            Timeout = Duration.Minutes(5),
            // One run at a time: a slow run must not race the next one over the same windows.
            ReservedConcurrentExecutions = 1,
            LogGroup = new LogGroup(stack, "EmissionInversionLogs", new Amazon.CDK.AWS.Logs.LogGroupProps
            {
                LogGroupName = $"/aws/lambda/{p}-emission-inversion",
                Retention = RetentionDays.ONE_MONTH,
                RemovalPolicy = RemovalPolicy.DESTROY,
            }),
            Environment = environment,
        });
        Function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = new[] { "dynamodb:PutItem", "dynamodb:BatchWriteItem" },
            Resources = new[] { Estimates.TableArn },
        }));
        if (config.Store == TimeSeriesStore.LiveAnalytics)
        {
            string[] tables = config.Sites.Sites.OrderBy(s => s.Id, StringComparer.Ordinal)
                .Select(s => $"arn:{stack.Partition}:timestream:{stack.Region}:{stack.Account}:database/{config.TimestreamDatabase}/table/{s.Id}").ToArray();
            Function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "timestream:Select" }, Resources = tables }));
            // DescribeEndpoints has no resource-level permissions: "*" is the only accepted resource.
            Function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "timestream:DescribeEndpoints" }, Resources = new[] { "*" } }));
        }
        else
        {
            Function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps { Actions = new[] { "secretsmanager:GetSecretValue" }, Resources = new[] { config.InfluxSecretArn! } }));
        }

        Schedule = new Rule(stack, "EmissionInversionSchedule", new RuleProps
        {
            RuleName = $"{p}-emission-inversion-every-15-min",
            Description = $"Runs the emission inversion {DelayMinutes} minutes after each 15-minute window closes.",
            Schedule = Amazon.CDK.AWS.Events.Schedule.Cron(new CronOptions
            {
                Minute = string.Join(",", new[] { 0, 15, 30, 45 }.Select(m => (m + DelayMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture))),
            }),
            Targets = new IRuleTarget[] { new LambdaFunction(Function, new LambdaFunctionProps { RetryAttempts = 2 }) },
        });
    }

    public Table Estimates { get; }
    public Function Function { get; }
    public Rule Schedule { get; }
}
