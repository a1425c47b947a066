using System.Security.Cryptography.X509Certificates;

namespace Methane.Cloud.Pipeline;

/// <summary>Where the pipeline connects and what it writes. The host demo fills this in-process.</summary>
public sealed record PipelineOptions
{
    public required string BrokerHost { get; init; }
    public required int BrokerPort { get; init; }
    /// <summary>CA that signed the broker's certificate. Null = plain TCP (only for a broker on loopback without TLS).</summary>
    public X509Certificate2? CaCertificate { get; init; }
    /// <summary>Client certificate with private key (mTLS). Its CN is normally the client id.</summary>
    public X509Certificate2? ClientCertificate { get; init; }
    public string ClientId { get; init; } = "methane-pipeline";
    /// <summary>Name the broker's certificate must carry (default: the host).</summary>
    public string? TlsTargetHost { get; init; }
    public string DatabasePath { get; init; } = "methane.duckdb";
    public string ArchiveRoot { get; init; } = "archive";
    public string SitesFile { get; init; } = Methane.Cloud.Enrichment.SiteCatalog.DefaultPath;
    /// <summary>Readings per appender batch.</summary>
    public int BatchSize { get; init; } = 5000;
    /// <summary>Longest a received message waits before it is stored.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan ArchiveRollAfter { get; init; } = TimeSpan.FromSeconds(60);
    public string[] TopicFilters { get; init; } = { "dt/methane/+/+/telemetry", "dt/methane/+/+/batch", "dt/methane/+/+/alarm" };
}
