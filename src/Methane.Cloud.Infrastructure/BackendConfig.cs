using System.Text.RegularExpressions;
using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Infrastructure;

/// <summary>Timestream for InfluxDB is the default: LiveAnalytics is closed to new customers since 2025-06-20.</summary>
public enum TimeSeriesStore { InfluxDb, LiveAnalytics }

/// <summary>
/// Everything the stack is configured by. Read from CDK context (<c>-c key=value</c>, or <c>key=value</c> arguments to the
/// app) so one source tree synthesizes both store variants. Nothing in here is a placeholder: a value the app cannot
/// default to something that deploys is required, and a missing or malformed one fails synthesis naming its context key
/// (<see cref="Problems"/>; docs/deployment-guide.md lists every key).
/// </summary>
public sealed partial record BackendConfig
{
    public TimeSeriesStore Store { get; init; } = TimeSeriesStore.InfluxDb;
    public required SiteCatalog Sites { get; init; }
    /// <summary>The sites file <see cref="Sites"/> came from; the emission inversion reads each site's geometry from it too.</summary>
    public string SitesFile { get; init; } = SiteCatalog.DefaultPath;
    public string Prefix { get; init; } = "methane";
    public string TimestreamDatabase { get; init; } = "methane";
    /// <summary>InfluxDB action destination (AWS::IoT::TopicRuleDestination of the InfluxDB instance), created by operations. Required with store=influxdb.</summary>
    public string? InfluxDestinationArn { get; init; }
    /// <summary>Secrets Manager secret with the InfluxDB token (the action's role may read only this secret). Required with store=influxdb.</summary>
    public string? InfluxSecretArn { get; init; }
    public string InfluxDatabase { get; init; } = "methane";
    public string InfluxOrganization { get; init; } = "methane";
    /// <summary>Folder of the published batch function (self-contained, an executable <c>bootstrap</c> inside). Required.</summary>
    public string? FunctionAssetPath { get; init; }
    /// <summary>
    /// Folder of the published function for the scheduled emission inversion (the same publish as the batch function:
    /// one <c>bootstrap</c>, handler <c>emission-inversion</c>). Optional: without it the scheduled job is not deployed.
    /// InfluxDB only; it also needs <see cref="InfluxUrl"/>.
    /// </summary>
    public string? InversionFunctionAssetPath { get; init; }
    /// <summary>The InfluxDB instance's HTTPS endpoint the inversion queries and writes (https://&lt;instance endpoint&gt;:8086). Required with the inversion.</summary>
    public string? InfluxUrl { get; init; }
    public string? AlarmEmail { get; init; }
    /// <summary>Where the user dashboard is served (its OIDC callback is {DashboardUrl}/signin-oidc).</summary>
    public string DashboardUrl { get; init; } = "https://localhost:5443";
    /// <summary>Prefix of the Cognito hosted sign-in domain ({prefix}.auth.{region}.amazoncognito.com); globally unique.</summary>
    public string DashboardDomainPrefix { get; init; } = "methane-dashboard";

    public const string StoreKey = "store";
    public const string FunctionAssetKey = "functionAsset";
    public const string InversionFunctionAssetKey = "inversionFunctionAsset";
    public const string InfluxUrlKey = "influxUrl";
    public const string InfluxDestinationKey = "influxDestinationArn";
    public const string InfluxSecretKey = "influxSecretArn";

    public static BackendConfig FromContext(Func<string, string?> context)
    {
        var problems = new List<string>();
        string sitesPath = context("sitesFile") ?? SiteCatalog.DefaultPath;
        SiteCatalog sites;
        try
        {
            sites = SiteCatalog.Load(sitesPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            throw new BackendConfigException(new[] { $"context key 'sitesFile' = '{sitesPath}': {e.Message} (expected a sites.json like src/Methane.Cloud.Enrichment/sites.json)" });
        }
        var config = new BackendConfig { Sites = sites, SitesFile = sitesPath };
        // With LiveAnalytics each site is a table, beside the job-execution table: a site may not take that name.
        foreach (Site clash in sites.Sites.Where(s => s.Id == StoredFields.JobMeasurement))
            problems.Add($"sites file '{sitesPath}': site id '{clash.Id}' is reserved (the AWS IoT job-execution table has that name)");
        string? store = context(StoreKey);
        if (store != null)
        {
            switch (store.ToLowerInvariant())
            {
                case "influxdb": config = config with { Store = TimeSeriesStore.InfluxDb }; break;
                case "liveanalytics": config = config with { Store = TimeSeriesStore.LiveAnalytics }; break;
                default: problems.Add($"context key '{StoreKey}' = '{store}': expected 'influxdb' (the default) or 'liveanalytics' (existing Timestream LiveAnalytics accounts only)"); break;
            }
        }
        config = config with
        {
            InfluxDestinationArn = context(InfluxDestinationKey),
            InfluxSecretArn = context(InfluxSecretKey),
            InfluxDatabase = context("influxDatabase") ?? config.InfluxDatabase,
            InfluxOrganization = context("influxOrganization") ?? config.InfluxOrganization,
            FunctionAssetPath = context(FunctionAssetKey),
            InversionFunctionAssetPath = context(InversionFunctionAssetKey),
            InfluxUrl = context(InfluxUrlKey),
            AlarmEmail = context("alarmEmail"),
            DashboardUrl = context("dashboardUrl") ?? config.DashboardUrl,
            DashboardDomainPrefix = context("dashboardDomainPrefix") ?? config.DashboardDomainPrefix,
        };
        problems.AddRange(config.Problems());
        if (problems.Count > 0) throw new BackendConfigException(problems);
        return config;
    }

    /// <summary>Every missing or malformed required input, each naming its context key and what is expected. Empty = deployable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (FunctionAssetPath == null)
        {
            problems.Add($"context key '{FunctionAssetKey}' is required: the folder of the published batch function, made by " +
                "`dotnet publish src/Methane.Cloud.Function -c Release -r linux-arm64 --self-contained -o <folder>` (it holds the executable 'bootstrap')");
        }
        else if (!File.Exists(Path.Combine(FunctionAssetPath, "bootstrap")))
        {
            problems.Add($"context key '{FunctionAssetKey}' = '{FunctionAssetPath}': no file 'bootstrap' in that folder; expected the output folder of " +
                "`dotnet publish src/Methane.Cloud.Function -c Release -r linux-arm64 --self-contained -o <folder>`");
        }
        if (InversionFunctionAssetPath != null) problems.AddRange(InversionProblems());
        if (Store == TimeSeriesStore.InfluxDb)
        {
            Require(problems, InfluxDestinationKey, InfluxDestinationArn, DestinationArnPattern(),
                "the ARN of the InfluxDB topic rule destination, arn:aws:iot:<region>:<account>:ruledestination/influxdb/<id> (`aws iot create-topic-rule-destination`, docs/deployment-guide.md)");
            Require(problems, InfluxSecretKey, InfluxSecretArn, SecretArnPattern(),
                "the ARN of the Secrets Manager secret holding the InfluxDB token, arn:aws:secretsmanager:<region>:<account>:secret:<name>");
        }
        return problems;
    }

    /// <summary>The scheduled emission inversion's inputs: its function, InfluxDB (its only store) and each site's geometry.</summary>
    private IEnumerable<string> InversionProblems()
    {
        if (!File.Exists(Path.Combine(InversionFunctionAssetPath!, "bootstrap")))
        {
            yield return $"context key '{InversionFunctionAssetKey}' = '{InversionFunctionAssetPath}': no file 'bootstrap' in that folder; expected the output folder of " +
                "`dotnet publish src/Methane.Cloud.Function -c Release -r linux-arm64 --self-contained -o <folder>` (the same folder as functionAsset), or leave the key out (no scheduled job)";
        }
        if (Store != TimeSeriesStore.InfluxDb)
        {
            yield return $"context key '{InversionFunctionAssetKey}': the scheduled emission inversion reads and writes InfluxDB only; with store=liveanalytics leave it out " +
                "(the local pipeline's emission job runs the same inversion)";
            yield break;
        }
        if (InfluxUrl == null) yield return $"context key '{InfluxUrlKey}' is required with '{InversionFunctionAssetKey}': the InfluxDB instance's HTTPS endpoint the inversion queries, https://<instance endpoint>:8086";
        else if (!InfluxUrlPattern().IsMatch(InfluxUrl)) yield return $"context key '{InfluxUrlKey}' = '{InfluxUrl}': expected https://<instance endpoint>:8086 (scheme https, host, optional port, no path)";
        string? geometryProblem = Backend.SiteGeometryJson.Problem(SitesFile);
        if (geometryProblem != null) yield return geometryProblem;
    }

    private static void Require(List<string> problems, string key, string? value, Regex pattern, string expected)
    {
        if (value == null) problems.Add($"context key '{key}' is required with store=influxdb: {expected}; or deploy store=liveanalytics");
        else if (!pattern.IsMatch(value)) problems.Add($"context key '{key}' = '{value}': expected {expected}");
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:iot:[a-z0-9-]+:\d{12}:ruledestination/influxdb/[A-Za-z0-9_.-]+$")]
    private static partial Regex DestinationArnPattern();

    [GeneratedRegex(@"^https://[A-Za-z0-9.-]+(:\d{1,5})?/?$")]
    private static partial Regex InfluxUrlPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$")]
    private static partial Regex SecretArnPattern();
}

/// <summary>The app's inputs do not describe a deployable stack; <see cref="Exception.Message"/> lists every problem, one a line.</summary>
public sealed class BackendConfigException : Exception
{
    public BackendConfigException(IReadOnlyList<string> problems)
        : base("cannot synthesize the methane backend:\n  - " + string.Join("\n  - ", problems)) => Problems = problems;

    public IReadOnlyList<string> Problems { get; }
}
