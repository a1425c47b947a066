using Methane.Cloud.Pipeline;
using Methane.Firmware.Host.Demo;

namespace Methane.Demo;

/// <summary>The local cloud pipeline (validate, enrich, DuckDB, gzip NDJSON archive) as the demo's pipeline beside the broker.</summary>
public sealed class LocalPipeline : IDemoPipeline
{
    private readonly MethanePipeline _pipeline;
    private readonly string _directory;
    private readonly DemoDashboard? _dashboard;

    private LocalPipeline(MethanePipeline pipeline, string directory, DemoDashboard? dashboard)
    {
        _pipeline = pipeline;
        _directory = directory;
        _dashboard = dashboard;
    }

    public static Task<IDemoPipeline> StartAsync(DemoPipelineEndpoint endpoint, CancellationToken cancel) => StartAsync(endpoint, cancel, null);

    /// <summary>Starts the pipeline; the dashboard, when given, reads the pipeline's store while it runs.</summary>
    public static async Task<IDemoPipeline> StartAsync(DemoPipelineEndpoint endpoint, CancellationToken cancel, DemoDashboard? dashboard)
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
        if (dashboard != null)
        {
            dashboard.Directory = endpoint.Directory;
            dashboard.Source.Use(pipeline.Database);
        }
        return new LocalPipeline(pipeline, endpoint.Directory, dashboard);
    }

    public string Description =>
        $"local cloud pipeline subscribed (validate, enrich, DuckDB {Path.Combine(_directory, "methane.duckdb")}, archive {Path.Combine(_directory, "archive")})";

    public Task DrainAsync(TimeSpan timeout) => _pipeline.DrainAsync(timeout);

    public PipelineSummary Summary()
    {
        var st = _pipeline.Stats;
        return new PipelineSummary(_directory, st.MessagesReceived, st.ReadingsStored, st.AlarmsStored,
            st.DuplicatesSkipped, st.DeadLetters, st.Seq.GapsDetected, st.Seq.OutstandingMissing);
    }

    public ValueTask DisposeAsync()
    {
        _dashboard?.Source.Use(null);
        return _pipeline.DisposeAsync();
    }
}
