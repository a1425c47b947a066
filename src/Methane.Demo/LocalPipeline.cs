using Methane.Cloud.Pipeline;
using Methane.Emissions.Geometry;
using Methane.Firmware.Host.Demo;

namespace Methane.Demo;

/// <summary>The local cloud pipeline (validate, enrich, DuckDB, gzip NDJSON archive) as the demo's pipeline beside the broker.</summary>
public sealed class LocalPipeline : IDemoPipeline
{
    private readonly MethanePipeline _pipeline;
    private readonly DuckDbStore _store;
    private readonly string _directory;
    private readonly DemoDashboard? _dashboard;
    private Dictionary<string, long>? _alarmEvents;

    private LocalPipeline(MethanePipeline pipeline, DuckDbStore store, string directory, DemoDashboard? dashboard)
    {
        _pipeline = pipeline;
        _store = store;
        _directory = directory;
        _dashboard = dashboard;
    }

    public static Task<IDemoPipeline> StartAsync(DemoPipelineEndpoint endpoint, CancellationToken cancel) => StartAsync(endpoint, cancel, null);

    /// <summary>Starts the pipeline; the dashboard, when given, reads the pipeline's store while it runs.</summary>
    public static async Task<IDemoPipeline> StartAsync(DemoPipelineEndpoint endpoint, CancellationToken cancel, DemoDashboard? dashboard)
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
            if (dashboard != null)
            {
                dashboard.Directory = endpoint.Directory;
                dashboard.Source.Use(store);
            }
            return new LocalPipeline(pipeline, store, endpoint.Directory, dashboard);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public string Description =>
        $"local cloud pipeline subscribed (validate, enrich, DuckDB {Path.Combine(_directory, "methane.duckdb")}, archive {Path.Combine(_directory, "archive")})";

    private IReadOnlyList<string> _emissionNotes = [];
    private IReadOnlyList<DemoEmissionWindow> _emissionWindows = [];
    private IReadOnlyList<SiteGeometry>? _sites;

    public async Task DrainAsync(TimeSpan timeout)
    {
        await _pipeline.DrainAsync(timeout).ConfigureAwait(false);
        // The emission job runs over what the pipeline stored, before the store closes.
        (_emissionNotes, _emissionWindows) = EmissionSummary.ForRun(_store, SitesFile);
    }

    public async Task<IReadOnlyList<DemoEmissionWindow>> EmissionWindowsAsync(DateTimeOffset from, DateTimeOffset to)
    {
        // What has arrived is stored first; what devices still hold back for their publish interval is not (live: best effort).
        await _pipeline.DrainAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        try { _sites ??= SiteGeometryLoader.LoadFile(SitesFile); }
        catch (SiteGeometryException) { return []; }
        return EmissionSummary.Windows(_store, _sites, from, to);
    }

    private static string SitesFile => Methane.Cloud.Enrichment.SiteCatalog.DefaultPath;

    public PipelineSummary Summary()
    {
        var st = _pipeline.Stats;
        return new PipelineSummary(_directory, st.MessagesReceived, st.ReadingsStored, st.AlarmsStored,
            st.DuplicatesSkipped, st.DeadLetters, st.Seq.GapsDetected, st.Seq.OutstandingMissing)
        {
            AlarmEventsByKind = _alarmEvents ?? AlarmEventsByKind(),
            Notes = _emissionNotes,
            Emissions = _emissionWindows,
        };
    }

    private Dictionary<string, long> AlarmEventsByKind() =>
        _store.Query("SELECT coalesce(event, '(reading)'), count(*) FROM alarm_events GROUP BY 1", r => (r.GetString(0), r.GetInt64(1)))
            .ToDictionary(k => k.Item1, k => k.Item2);

    public async ValueTask DisposeAsync()
    {
        _dashboard?.Source.Use(null);
        await _pipeline.DisposeAsync().ConfigureAwait(false);
        if (_alarmEvents != null) return;
        _alarmEvents = AlarmEventsByKind();
        _store.Dispose();
    }
}
