using System.Security.Cryptography.X509Certificates;

namespace Methane.Firmware.Host.Demo;

/// <summary>Where a cloud pipeline beside the embedded broker connects, and where it writes its store and archive.</summary>
public sealed record DemoPipelineEndpoint(string BrokerHost, int BrokerPort, X509Certificate2 Ca, X509Certificate2 Certificate,
    string ClientId, string Directory);

/// <summary>
/// A cloud pipeline running beside the demo's embedded broker. The firmware host defines only this seam; the pipeline itself
/// (DuckDB, archive) is composed in by src/Methane.Demo, so the firmware host carries no cloud assemblies.
/// </summary>
public interface IDemoPipeline : IAsyncDisposable
{
    /// <summary>Human-readable description of what runs, for the demo's log.</summary>
    string Description { get; }

    /// <summary>Waits until every received message has been processed, or the timeout passes.</summary>
    Task DrainAsync(TimeSpan timeout);

    /// <summary>What the pipeline stored; call after <see cref="IAsyncDisposable.DisposeAsync"/> (which flushes the store).</summary>
    PipelineSummary Summary();
}

public delegate Task<IDemoPipeline> DemoPipelineStarter(DemoPipelineEndpoint endpoint, CancellationToken cancel);
