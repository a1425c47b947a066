using Methane.Cloud.Enrichment;
using Methane.Cloud.Pipeline;

namespace Methane.Cloud.Tests;

/// <summary>A processor over a temporary DuckDB file and archive folder.</summary>
internal sealed class ProcessorHarness : IDisposable
{
    public ProcessorHarness()
    {
        Dir = TestData.TempDir();
        Store = new DuckDbStore(Path.Combine(Dir, "store.duckdb"));
        Archive = new RawArchiveWriter(Path.Combine(Dir, "archive"), TimeSpan.FromHours(1));
        Registry = new DuckDbDeviceRegistry(Store);
        Processor = new TelemetryProcessor(new Enricher(TestData.Sites, Registry), Store, Archive);
    }

    public string Dir { get; }
    public DuckDbStore Store { get; }
    public RawArchiveWriter Archive { get; }
    public DuckDbDeviceRegistry Registry { get; }
    public TelemetryProcessor Processor { get; }

    public void Send(string topic, string payload, long receivedMs = 1_700_000_000_000) => Processor.Process(topic, TestData.Utf8(payload), receivedMs);

    public void Dispose()
    {
        Archive.Dispose();
        Store.Dispose();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
