using System.Reflection;
using Methane.Cloud.Infrastructure;

namespace Methane.Cloud.Tests;

/// <summary>Every input the app cannot default to something that deploys is required, and its absence is named.</summary>
public class BackendConfigTests
{
    private const string Destination = "arn:aws:iot:eu-central-1:123456789012:ruledestination/influxdb/0f1e2d3c";
    private const string Secret = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:methane-influxdb-AbCdEf";

    private static BackendConfig From(params (string Key, string Value)[] pairs)
    {
        var context = pairs.ToDictionary(p => p.Key, p => p.Value);
        return BackendConfig.FromContext(key => context.TryGetValue(key, out string? v) ? v : null);
    }

    private static string Asset()
    {
        string dir = TestData.TempDir();
        File.WriteAllText(Path.Combine(dir, "bootstrap"), "");
        return dir;
    }

    [Fact]
    public void An_empty_context_names_every_required_key_and_what_it_expects()
    {
        var e = Assert.Throws<BackendConfigException>(() => From());
        Assert.Equal(3, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.StartsWith("context key 'functionAsset' is required", StringComparison.Ordinal) && p.Contains("dotnet publish src/Methane.Cloud.Function"));
        Assert.Contains(e.Problems, p => p.StartsWith("context key 'influxDestinationArn' is required with store=influxdb", StringComparison.Ordinal) && p.Contains("ruledestination/influxdb/<id>"));
        Assert.Contains(e.Problems, p => p.StartsWith("context key 'influxSecretArn' is required with store=influxdb", StringComparison.Ordinal) && p.Contains("arn:aws:secretsmanager:"));
        Assert.Contains("cannot synthesize", e.Message);
    }

    [Fact]
    public void InfluxDb_is_the_default_store_and_deploys_with_its_three_inputs()
    {
        BackendConfig config = From(("functionAsset", Asset()), ("influxDestinationArn", Destination), ("influxSecretArn", Secret));
        Assert.Equal(TimeSeriesStore.InfluxDb, config.Store);
        Assert.Empty(config.Problems());
        Assert.Equal("methane", config.InfluxDatabase);
    }

    [Fact]
    public void LiveAnalytics_needs_only_the_function()
    {
        BackendConfig config = From(("store", "LiveAnalytics"), ("functionAsset", Asset()));
        Assert.Equal(TimeSeriesStore.LiveAnalytics, config.Store);
        var e = Assert.Throws<BackendConfigException>(() => From(("store", "liveanalytics")));
        Assert.StartsWith("context key 'functionAsset' is required", Assert.Single(e.Problems));
    }

    [Theory]
    [InlineData("influxDestinationArn", "arn:aws:iot:eu-central-1:111111111111:ruledestination/http/abc")]
    [InlineData("influxDestinationArn", "placeholder")]
    [InlineData("influxSecretArn", "arn:aws:s3:::bucket")]
    public void A_malformed_arn_is_named_with_its_value_and_the_expected_form(string key, string value)
    {
        var pairs = new List<(string, string)> { ("functionAsset", Asset()), ("influxDestinationArn", Destination), ("influxSecretArn", Secret) };
        pairs.RemoveAll(p => p.Item1 == key);
        pairs.Add((key, value));
        var e = Assert.Throws<BackendConfigException>(() => From(pairs.ToArray()));
        string problem = Assert.Single(e.Problems);
        Assert.StartsWith($"context key '{key}' = '{value}': expected the ARN of ", problem);
        Assert.Contains("arn:aws:", problem[problem.IndexOf("expected", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void Unknown_store_and_a_function_folder_without_bootstrap_are_refused()
    {
        string empty = TestData.TempDir();
        var e = Assert.Throws<BackendConfigException>(() => From(("store", "dynamo"), ("functionAsset", empty)));
        Assert.Contains(e.Problems, p => p == "context key 'store' = 'dynamo': expected 'influxdb' (the default) or 'liveanalytics' (existing Timestream LiveAnalytics accounts only)");
        Assert.Contains(e.Problems, p => p.StartsWith($"context key 'functionAsset' = '{empty}': no file 'bootstrap'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_scheduled_inversion_needs_influxdb_its_url_and_the_sites_geometry()
    {
        string asset = Asset();
        const string Url = "https://a1b2c3.eu-central-1.timestream-influxdb.amazonaws.com:8086";
        BackendConfig ok = From(("functionAsset", asset), ("influxDestinationArn", Destination), ("influxSecretArn", Secret), ("inversionFunctionAsset", asset), ("influxUrl", Url));
        Assert.Equal(Url, ok.InfluxUrl);

        var noUrl = Assert.Throws<BackendConfigException>(() => From(("functionAsset", asset), ("influxDestinationArn", Destination), ("influxSecretArn", Secret), ("inversionFunctionAsset", asset)));
        Assert.StartsWith("context key 'influxUrl' is required with 'inversionFunctionAsset'", Assert.Single(noUrl.Problems));

        var badUrl = Assert.Throws<BackendConfigException>(() => From(("functionAsset", asset), ("influxDestinationArn", Destination), ("influxSecretArn", Secret), ("inversionFunctionAsset", asset), ("influxUrl", "http://influx:8086/api")));
        Assert.StartsWith("context key 'influxUrl' = 'http://influx:8086/api': expected https://", Assert.Single(badUrl.Problems));

        var liveAnalytics = Assert.Throws<BackendConfigException>(() => From(("store", "liveanalytics"), ("functionAsset", asset), ("inversionFunctionAsset", asset)));
        Assert.StartsWith("context key 'inversionFunctionAsset': the scheduled emission inversion reads and writes InfluxDB only", Assert.Single(liveAnalytics.Problems));

        // A sites file without geometry (ids, alarms and retention only) deploys the store, not the inversion.
        string dir = TestData.TempDir();
        string sites = Path.Combine(dir, "sites.json");
        File.WriteAllText(sites, """{ "sites": [ { "id": "pad-a", "name": "Pad A", "operator": "Op", "location": { "lat": 1, "lon": 2 }, "alarm": { "low_lel_pct": 10, "high_lel_pct": 20 } } ] }""");
        From(("sitesFile", sites), ("functionAsset", asset), ("influxDestinationArn", Destination), ("influxSecretArn", Secret));
        var noGeometry = Assert.Throws<BackendConfigException>(() => From(("sitesFile", sites), ("functionAsset", asset), ("influxDestinationArn", Destination), ("influxSecretArn", Secret), ("inversionFunctionAsset", asset), ("influxUrl", Url)));
        string problem = Assert.Single(noGeometry.Problems);
        Assert.StartsWith($"context key 'sitesFile' = '{sites}': the emission inversion needs each site's geometry: ", problem);
        Assert.Contains("sites[0].boundary_m", problem);
    }

    [Fact]
    public void A_missing_sites_file_names_its_key()
    {
        var e = Assert.Throws<BackendConfigException>(() => From(("sitesFile", "/nonexistent/sites.json")));
        Assert.StartsWith("context key 'sitesFile' = '/nonexistent/sites.json'", Assert.Single(e.Problems));
    }

    [Fact]
    public void The_deployment_guide_documents_every_context_key_the_app_reads()
    {
        var asked = new HashSet<string> { "account", "region" }; // read by MethaneApp for the stack's environment
        try
        {
            BackendConfig.FromContext(key => { asked.Add(key); return null; });
        }
        catch (BackendConfigException)
        {
        }
        string root = typeof(BackendConfigTests).Assembly.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        string guide = File.ReadAllText(Path.Combine(root, "docs", "deployment-guide.md"));
        Assert.True(asked.Count >= 10, string.Join(",", asked));
        Assert.All(asked, key => Assert.Contains($"`{key}`", guide));
    }

    [Fact]
    public void A_site_named_like_the_job_execution_table_is_refused()
    {
        string sites = Path.Combine(TestData.TempDir(), "sites.json");
        File.WriteAllText(sites, """{ "sites": [ { "id": "methane_job", "name": "Pad A", "operator": "Op", "location": { "lat": 1, "lon": 2 }, "alarm": { "low_lel_pct": 10, "high_lel_pct": 20 } } ] }""");
        var e = Assert.Throws<BackendConfigException>(() => From(("sitesFile", sites), ("functionAsset", Asset()), ("influxDestinationArn", Destination), ("influxSecretArn", Secret)));
        Assert.Equal($"sites file '{sites}': site id 'methane_job' is reserved (the AWS IoT job-execution table has that name)", Assert.Single(e.Problems));
    }
}
