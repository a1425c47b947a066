using Methane.Cloud.Enrichment;
using Methane.Cloud.Function.Aws;

namespace Methane.Cloud.Function;

/// <summary>
/// Builds the handler the function's configured Handler names (Lambda passes it as <c>_HANDLER</c>): <c>bootstrap</c> (or
/// unset) the batch function, <c>emission-inversion</c> the scheduled emission inversion (<see cref="Emissions.InversionSetup"/>).
/// The batch function is built from its environment (set by the CDK stack): STORE, SITES_JSON, TIMESTREAM_DATABASE or
/// VALIDATED_BATCH_RULE, METRICS_NAMESPACE, and Lambda's AWS_REGION and credentials. Endpoint overrides (TIMESTREAM_ENDPOINT,
/// IOT_ENDPOINT, IOT_DATA_ENDPOINT) exist for tests and private endpoints; unset, the public regional endpoints are used.
/// </summary>
public static class FunctionSetup
{
    public const string BatchHandler = "bootstrap";
    public const string InversionHandler = "emission-inversion";

    public static IFunctionHandler FromEnvironment(Func<string, string?> env, TextWriter log) => env("_HANDLER") switch
    {
        null or "" or BatchHandler => BatchFromEnvironment(env, log),
        InversionHandler => Emissions.InversionSetup.FromEnvironment(env, log),
        string other => throw new InvalidOperationException($"environment _HANDLER = '{other}' (the function's Handler): expected '{BatchHandler}' or '{InversionHandler}'"),
    };

    public static BatchFunction BatchFromEnvironment(Func<string, string?> env, TextWriter log)
    {
        string store = Required(env, "STORE");
        string region = Required(env, "AWS_REGION");
        var sites = SiteCatalog.Parse(Required(env, "SITES_JSON"));
        var aws = new AwsHttpClient(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, AwsCredentials.FromEnvironment(env), region);
        IBatchSink sink = store switch
        {
            "liveanalytics" => new TimestreamWriter(aws, Endpoint(env, "TIMESTREAM_ENDPOINT") ?? TimestreamWriter.DefaultDiscoveryEndpoint(region), Required(env, "TIMESTREAM_DATABASE")),
            "influxdb" => new ValidatedBatchPublisher(aws, Endpoint(env, "IOT_ENDPOINT") ?? ValidatedBatchPublisher.DefaultControlEndpoint(region), Required(env, "VALIDATED_BATCH_RULE"), env("IOT_DATA_ENDPOINT")),
            _ => throw new InvalidOperationException($"environment STORE = '{store}': expected influxdb or liveanalytics"),
        };
        var handler = new BatchEnrichmentHandler(new Enricher(sites, new InMemoryDeviceRegistry()));
        return new BatchFunction(handler, sink, log, env("METRICS_NAMESPACE") ?? "Methane");
    }

    internal static string Required(Func<string, string?> env, string name) =>
        env(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"environment {name}: missing (the CDK stack sets it)");

    internal static Uri? Endpoint(Func<string, string?> env, string name) => env(name) is { Length: > 0 } value ? new Uri(value) : null;
}
