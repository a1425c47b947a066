using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Function;

/// <summary>What a sink stored (records or points) and what the store refused (dead letters).</summary>
public sealed record SinkResult(int Stored, IReadOnlyList<DeadLetter> Rejected);

/// <summary>Writes one device's validated readings to the store.</summary>
public interface IBatchSink
{
    Task<SinkResult> WriteAsync(string site, string thing, IReadOnlyList<BatchElement> elements, CancellationToken cancel);
}
