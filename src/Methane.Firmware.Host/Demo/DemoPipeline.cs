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

    /// <summary>
    /// Live view: runs the emission job on what the store holds now and returns the 15-minute windows that lie inside
    /// [<paramref name="from"/>, <paramref name="to"/>]. A pipeline without an emission job returns none.
    /// </summary>
    Task<IReadOnlyList<DemoEmissionWindow>> EmissionWindowsAsync(DateTimeOffset from, DateTimeOffset to) =>
        Task.FromResult<IReadOnlyList<DemoEmissionWindow>>([]);

    /// <summary>What the pipeline stored; call after <see cref="IAsyncDisposable.DisposeAsync"/> (which flushes the store).</summary>
    PipelineSummary Summary();
}

public delegate Task<IDemoPipeline> DemoPipelineStarter(DemoPipelineEndpoint endpoint, CancellationToken cancel);

/// <summary>The emission job's answer for one 15-minute window of a site: the detected sources, or why there is no valid estimate.</summary>
public sealed record DemoEmissionWindow(string Site, DateTimeOffset Start, DateTimeOffset End, string? Reason, IReadOnlyList<DemoSourceEstimate> Detected);

/// <summary>A detected source: rate and its 90 % interval, kg/h.</summary>
public sealed record DemoSourceEstimate(string Source, double RateKgPerHour, double LowerKgPerHour, double UpperKgPerHour);
