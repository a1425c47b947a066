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
    /// <summary>Most readings per store batch; a batch is also written whenever nothing more is waiting.</summary>
    public int BatchSize { get; init; } = 5000;
    /// <summary>Longest a received message waits before it is stored.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan ArchiveRollAfter { get; init; } = TimeSpan.FromSeconds(60);
    public string[] TopicFilters { get; init; } =
        { "dt/methane/+/+/telemetry", "dt/methane/+/+/batch", "dt/methane/+/+/alarm", "dt/methane/+/+/health", DeviceStatusDecoder.JobsUpdateFilter };

    /// <summary>
    /// How long the broker keeps the pipeline's session (its subscriptions and the QoS 1 messages for it) while the pipeline
    /// is away: across broker restarts (with broker persistence) and pipeline restarts. Zero = clean session every connect.
    /// </summary>
    public TimeSpan SessionExpiry { get; init; } = TimeSpan.FromDays(1);
    /// <summary>First wait before reconnecting after the connection dropped; doubles per failed attempt up to <see cref="ReconnectDelayMax"/>.</summary>
    public TimeSpan ReconnectDelayMin { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan ReconnectDelayMax { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// When the first connect fails (broker not up yet): true = <c>StartAsync</c> returns in state Reconnecting and retries with
    /// the reconnect backoff (<c>run</c>, a service started before its broker); false = <c>StartAsync</c> throws (an embedding
    /// that publishes right after the start and needs the subscription in place first).
    /// </summary>
    public bool RetryFirstConnect { get; init; }
    /// <summary>First wait before retrying a store or archive write that failed (disk full); doubles up to 30 s.</summary>
    public TimeSpan StoreRetryDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Longest a stop waits for received messages to be stored and acknowledged.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>State changes and errors, one line each (the console in <c>run</c>).</summary>
    public Action<string>? Log { get; init; }
}
