using Methane.Cloud.Pipeline;
using Methane.Firmware.Host.Demo;

namespace Methane.Demo;

/// <summary>The local cloud pipeline (validate, enrich, DuckDB, gzip NDJSON archive) as the demo's pipeline beside the broker.</summary>
public sealed class LocalPipeline : IDemoPipeline
{
    private readonly MethanePipeline _pipeline;
    private readonly DuckDbStore _store;
    private readonly string _directory;
    private Dictionary<string, long>? _alarmEvents;

    private LocalPipeline(MethanePipeline pipeline, DuckDbStore store, string directory)
    {
        _pipeline = pipeline;
        _store = store;
        _directory = directory;
    }

    public static async Task<IDemoPipeline> StartAsync(DemoPipelineEndpoint endpoint, CancellationToken cancel)
    {
        // The demo owns the store so that it can still count the alarm history after the pipeline stopped.
        var store = new DuckDbStore(Path.Combine(endpoint.Directory, "methane.duckdb"));
        try
        {
            // Default subscriptions: telemetry, batches and alarm events (alarm-event-v1, stored in the alarm history).
            var pipeline = await MethanePipeline.StartAsync(new PipelineOptions
            {
                BrokerHost = endpoint.BrokerHost, BrokerPort = endpoint.BrokerPort, CaCertificate = endpoint.Ca,
                ClientCertificate = endpoint.Certificate, ClientId = endpoint.ClientId,
                DatabasePath = store.Path, ArchiveRoot = Path.Combine(endpoint.Directory, "archive"),
            }, store, new DuckDbDeviceRegistry(store), cancel).ConfigureAwait(false);
            return new LocalPipeline(pipeline, store, endpoint.Directory);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public string Description =>
        $"local cloud pipeline subscribed (validate, enrich, DuckDB {Path.Combine(_directory, "methane.duckdb")}, archive {Path.Combine(_directory, "archive")})";

    public Task DrainAsync(TimeSpan timeout) => _pipeline.DrainAsync(timeout);

    public PipelineSummary Summary()
    {
        var st = _pipeline.Stats;
        return new PipelineSummary(_directory, st.MessagesReceived, st.ReadingsStored, st.AlarmsStored,
            st.DuplicatesSkipped, st.DeadLetters, st.Seq.GapsDetected, st.Seq.OutstandingMissing)
        {
            AlarmEventsByKind = _alarmEvents ?? AlarmEventsByKind(),
        };
    }

    private Dictionary<string, long> AlarmEventsByKind() =>
        _store.Query("SELECT coalesce(event, '(reading)'), count(*) FROM alarm_events GROUP BY 1", r => (r.GetString(0), r.GetInt64(1)))
            .ToDictionary(k => k.Item1, k => k.Item2);

    public async ValueTask DisposeAsync()
    {
        await _pipeline.DisposeAsync().ConfigureAwait(false);
        if (_alarmEvents != null) return;
        _alarmEvents = AlarmEventsByKind();
        _store.Dispose();
    }
}
