using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Infrastructure;

public enum TimeSeriesStore { LiveAnalytics, InfluxDb }

/// <summary>
/// Everything the stack is configured by. Read from CDK context (<c>-c key=value</c> style pairs passed to the app) so one
/// source tree synthesizes both store variants.
/// </summary>
public sealed record BackendConfig
{
    public TimeSeriesStore Store { get; init; } = TimeSeriesStore.LiveAnalytics;
    public required SiteCatalog Sites { get; init; }
    public string Prefix { get; init; } = "methane";
    public string TimestreamDatabase { get; init; } = "methane";
    /// <summary>InfluxDB action destination (AWS::IoT::TopicRuleDestination of the InfluxDB cluster), created by operations.</summary>
    public string InfluxDestinationArn { get; init; } = "arn:aws:iot:eu-central-1:111111111111:ruledestination/influxdb/placeholder";
    /// <summary>Secrets Manager secret with the InfluxDB token/credentials (the action's role may read only this secret).</summary>
    public string InfluxSecretArn { get; init; } = "arn:aws:secretsmanager:eu-central-1:111111111111:secret:methane-influxdb-placeholder";
    public string InfluxDatabase { get; init; } = "methane";
    public string InfluxOrganization { get; init; } = "methane";
    public string? EnrichmentAssetPath { get; init; }
    public string? AlarmEmail { get; init; }
    /// <summary>Where the user dashboard is served (its OIDC callback is {DashboardUrl}/signin-oidc).</summary>
    public string DashboardUrl { get; init; } = "https://localhost:5443";
    /// <summary>Prefix of the Cognito hosted sign-in domain ({prefix}.auth.{region}.amazoncognito.com); globally unique.</summary>
    public string DashboardDomainPrefix { get; init; } = "methane-dashboard";

    public static BackendConfig FromContext(Func<string, string?> context)
    {
        string sitesPath = context("sitesFile") ?? SiteCatalog.DefaultPath;
        var config = new BackendConfig { Sites = SiteCatalog.Load(sitesPath) };
        string? store = context("store");
        if (store != null)
        {
            config = config with
            {
                Store = store.ToLowerInvariant() switch
                {
                    "liveanalytics" => TimeSeriesStore.LiveAnalytics,
                    "influxdb" => TimeSeriesStore.InfluxDb,
                    _ => throw new ArgumentException($"context store='{store}': expected liveanalytics or influxdb"),
                },
            };
        }
        return config with
        {
            InfluxDestinationArn = context("influxDestinationArn") ?? config.InfluxDestinationArn,
            InfluxSecretArn = context("influxSecretArn") ?? config.InfluxSecretArn,
            InfluxDatabase = context("influxDatabase") ?? config.InfluxDatabase,
            EnrichmentAssetPath = context("enrichmentAsset"),
            AlarmEmail = context("alarmEmail"),
            DashboardUrl = context("dashboardUrl") ?? config.DashboardUrl,
            DashboardDomainPrefix = context("dashboardDomainPrefix") ?? config.DashboardDomainPrefix,
        };
    }
}
