using Methane.Cloud.Enrichment;
using Methane.Cloud.Pipeline;

namespace Methane.Cloud.Tests;

/// <summary>A processor over a temporary DuckDB file and archive folder.</summary>
internal sealed class ProcessorHarness : IDisposable
{
    private readonly bool _ownsDir;

    /// <param name="dir">An existing folder to reuse (a pipeline restart over the same store and archive); null = a new temp folder.</param>
    /// <param name="createArchiveFile">Opens archive files (a test stream that fails like a full disk); null = real files.</param>
    /// <param name="sites">The site catalog of the enricher; null = <see cref="TestData.Sites"/>.</param>
    public ProcessorHarness(string? dir = null, Func<string, Stream>? createArchiveFile = null, SiteCatalog? sites = null)
    {
        _ownsDir = dir == null;
        Dir = dir ?? TestData.TempDir();
        Store = new DuckDbStore(Path.Combine(Dir, "store.duckdb"));
        Archive = new RawArchiveWriter(Path.Combine(Dir, "archive"), TimeSpan.FromHours(1), createArchiveFile);
        Registry = new DuckDbDeviceRegistry(Store);
        Processor = new TelemetryProcessor(new Enricher(sites ?? TestData.Sites, Registry), Store, Archive);
    }

    public string Dir { get; }
    public string ArchiveRoot => Path.Combine(Dir, "archive");
    public DuckDbStore Store { get; }
    public RawArchiveWriter Archive { get; }
    public DuckDbDeviceRegistry Registry { get; }
    public TelemetryProcessor Processor { get; }

    public void Send(string topic, string payload, long receivedMs = 1_700_000_000_000) => Processor.Process(topic, TestData.Utf8(payload), receivedMs);

    /// <summary>Closes store and archive but keeps the folder (for a second harness on it); Dispose of that one deletes it.</summary>
    public void Close()
    {
        Archive.Dispose();
        Store.Dispose();
    }

    public void Dispose()
    {
        try { Archive.Dispose(); } catch (IOException) { }
        Store.Dispose();
        if (!_ownsDir) return;
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
