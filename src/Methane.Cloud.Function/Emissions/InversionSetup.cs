using System.Globalization;
using Methane.Cloud.Function.Aws;
using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Emissions.Jobs;

namespace Methane.Cloud.Function.Emissions;

/// <summary>
/// Builds the emission-inversion handler from its environment (set by the CDK stack, Backend/EmissionInversionJob.cs):
/// STORE (influxdb only), SITE_GEOMETRY_JSON (the sites file's geometry: sensors, met station, candidate sources),
/// INFLUX_URL, INFLUX_DATABASE, INFLUX_ORGANIZATION, INFLUX_SECRET_ARN (the token), WINDOW_MINUTES, BLOCK_HOURS,
/// METRICS_NAMESPACE, and Lambda's AWS_REGION and credentials. SECRETS_MANAGER_ENDPOINT overrides the regional endpoint (tests).
/// </summary>
public static class InversionSetup
{
    public static InversionFunction FromEnvironment(Func<string, string?> env, TextWriter log)
    {
        string store = FunctionSetup.Required(env, "STORE");
        if (store != "influxdb")
            throw new InvalidOperationException($"environment STORE = '{store}': the emission inversion reads and writes InfluxDB only (expected influxdb)");
        IReadOnlyList<SiteGeometry> sites;
        try { sites = SiteGeometryLoader.Parse(FunctionSetup.Required(env, "SITE_GEOMETRY_JSON")); }
        catch (SiteGeometryException e) { throw new InvalidOperationException("environment SITE_GEOMETRY_JSON: " + e.Message, e); }
        var options = new InversionOptions
        {
            WindowMinutes = Integer(env, "WINDOW_MINUTES", 15),
            BlockHours = Integer(env, "BLOCK_HOURS", 12),
        };
        if (options.BlockHours * 60 % options.WindowMinutes != 0 || 24 % options.BlockHours != 0)
            throw new InvalidOperationException($"environment BLOCK_HOURS = {options.BlockHours}, WINDOW_MINUTES = {options.WindowMinutes}: expected blocks that divide a day and windows that divide a block");

        string region = FunctionSetup.Required(env, "AWS_REGION");
        var aws = new AwsHttpClient(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, AwsCredentials.FromEnvironment(env), region);
        var secret = new SecretsManagerSecret(aws, FunctionSetup.Endpoint(env, "SECRETS_MANAGER_ENDPOINT") ?? SecretsManagerSecret.DefaultEndpoint(region),
            FunctionSetup.Required(env, "INFLUX_SECRET_ARN"));
        string url = FunctionSetup.Required(env, "INFLUX_URL");
        var influx = new InfluxHttpApi(new HttpClient { Timeout = TimeSpan.FromSeconds(60) }, new Uri(url.EndsWith('/') ? url : url + "/"), secret.ValueAsync);
        string database = FunctionSetup.Required(env, "INFLUX_DATABASE");
        var target = new InfluxTarget(database, env("INFLUX_ORGANIZATION") ?? "methane", database);
        return new InversionFunction(sites, new BlockInversionJob(options), influx, target, log, env("METRICS_NAMESPACE") ?? "Methane");
    }

    private static int Integer(Func<string, string?> env, string name, int fallback)
    {
        string? text = env(name);
        if (string.IsNullOrEmpty(text)) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0
            ? v : throw new InvalidOperationException($"environment {name} = '{text}': expected a positive whole number");
    }
}
