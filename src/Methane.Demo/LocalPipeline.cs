using Methane.Cloud.Pipeline;
using Methane.Firmware.Host.Demo;

namespace Methane.Demo;

/// <summary>The local cloud pipeline (validate, enrich, DuckDB, gzip NDJSON archive) as the demo's pipeline beside the broker.</summary>
public sealed class LocalPipeline : IDemoPipeline
{
    private readonly MethanePipeline _pipeline;
    private readonly string _directory;

    private LocalPipeline(MethanePipeline pipeline, string directory)
    {
        _pipeline = pipeline;
        _directory = directory;
    }

    public static async Task<IDemoPipeline> StartAsync(DemoPipelineEndpoint endpoint, CancellationToken cancel)
    {
        var pipeline = await MethanePipeline.StartAsync(new PipelineOptions
        {
            BrokerHost = endpoint.BrokerHost, BrokerPort = endpoint.BrokerPort, CaCertificate = endpoint.Ca,
            ClientCertificate = endpoint.Certificate, ClientId = endpoint.ClientId,
            DatabasePath = Path.Combine(endpoint.Directory, "methane.duckdb"), ArchiveRoot = Path.Combine(endpoint.Directory, "archive"),
            // The firmware's …/alarm messages are alarm events (event, previous level, rise rate), not schema-v1
            // readings; the pipeline derives alarm levels from the readings themselves.
            TopicFilters = ["dt/methane/+/+/telemetry", "dt/methane/+/+/batch"],
        }, cancel).ConfigureAwait(false);
        return new LocalPipeline(pipeline, endpoint.Directory);
    }

    public string Description =>
        $"local cloud pipeline subscribed (validate, enrich, DuckDB {Path.Combine(_directory, "methane.duckdb")}, archive {Path.Combine(_directory, "archive")})";

    private IReadOnlyList<string> _emissionLines = [];

    public async Task DrainAsync(TimeSpan timeout)
    {
        await _pipeline.DrainAsync(timeout).ConfigureAwait(false);
        // The emission job runs over what the pipeline stored, before the store closes.
        if (_pipeline.Database is { } db) _emissionLines = EmissionSummary.Lines(db, Methane.Cloud.Enrichment.SiteCatalog.DefaultPath);
    }

    public PipelineSummary Summary()
    {
        var st = _pipeline.Stats;
        return new PipelineSummary(_directory, st.MessagesReceived, st.ReadingsStored, st.AlarmsStored,
            st.DuplicatesSkipped, st.DeadLetters, st.Seq.GapsDetected, st.Seq.OutstandingMissing) { Notes = _emissionLines };
    }

    public ValueTask DisposeAsync() => _pipeline.DisposeAsync();
}
