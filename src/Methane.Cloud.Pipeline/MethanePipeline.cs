using System.Buffers;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Methane.Cloud.Enrichment;
using MQTTnet;
using MQTTnet.Protocol;

namespace Methane.Cloud.Pipeline;

/// <summary>
/// The local pipeline: an MQTTnet client (mTLS) subscribed to telemetry, batches and alarms; a single consumer that decodes,
/// enriches and stores in DuckDB and the raw archive. Start with <see cref="StartAsync"/>, stop with DisposeAsync.
/// </summary>
public sealed class MethanePipeline : IAsyncDisposable
{
    private readonly record struct Incoming(string Topic, byte[] Payload, long ReceivedMs);

    private readonly PipelineOptions _options;
    private readonly Channel<Incoming> _channel = Channel.CreateUnbounded<Incoming>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IMqttClient _client;
    private readonly RawArchiveWriter _archive;
    private readonly TelemetryProcessor _processor;
    private Task _consumer = Task.CompletedTask;
    private long _enqueued;
    private long _processed;

    private MethanePipeline(PipelineOptions options)
    {
        _options = options;
        Store = new DuckDbStore(options.DatabasePath);
        Registry = new DuckDbDeviceRegistry(Store);
        _archive = new RawArchiveWriter(options.ArchiveRoot, options.ArchiveRollAfter);
        _processor = new TelemetryProcessor(new Enricher(SiteCatalog.Load(options.SitesFile), Registry), Store, _archive);
        _client = new MqttClientFactory().CreateMqttClient();
    }

    public DuckDbStore Store { get; }
    public DuckDbDeviceRegistry Registry { get; }
    public PipelineStats Stats => _processor.Stats;

    public static async Task<MethanePipeline> StartAsync(PipelineOptions options, CancellationToken cancellationToken = default)
    {
        var pipeline = new MethanePipeline(options);
        try
        {
            pipeline._consumer = Task.Factory.StartNew(pipeline.Consume, TaskCreationOptions.LongRunning);
            await pipeline.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return pipeline;
        }
        catch
        {
            await pipeline.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public static MqttClientOptions BuildClientOptions(PipelineOptions o)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(o.BrokerHost, o.BrokerPort)
            .WithClientId(o.ClientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            // The broker may have this many QoS 1 messages in flight to us; the consumer is decoupled by a channel.
            .WithReceiveMaximum(ushort.MaxValue)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (o.CaCertificate != null)
        {
            X509Certificate2 ca = o.CaCertificate;
            builder.WithTlsOptions(t =>
            {
                t.UseTls(true).WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13).WithTargetHost(o.TlsTargetHost ?? o.BrokerHost)
                    .WithTrustChain(new X509Certificate2Collection(ca))
                    .WithCertificateValidationHandler(args => ValidateBroker(args.Certificate, args.SslPolicyErrors, ca));
                if (o.ClientCertificate != null) t.WithClientCertificates(new X509Certificate2Collection(o.ClientCertificate));
            });
        }
        return builder.Build();
    }

    /// <summary>The broker's certificate must chain to the given CA (custom trust, no system roots) and match the host name.</summary>
    public static bool ValidateBroker(X509Certificate? presented, System.Net.Security.SslPolicyErrors errors, X509Certificate2 ca)
    {
        if (presented == null) return false;
        if ((errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var cert = new X509Certificate2(presented);
        return chain.Build(cert);
    }

    private async Task ConnectAsync(CancellationToken ct)
    {
        _client.ApplicationMessageReceivedAsync += e =>
        {
            // Copy out of MQTTnet's buffer; QoS 1 is acknowledged when this returns, after the message is in the channel.
            byte[] payload = e.ApplicationMessage.Payload.ToArray();
            Interlocked.Increment(ref _enqueued);
            _channel.Writer.TryWrite(new Incoming(e.ApplicationMessage.Topic, payload, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            return Task.CompletedTask;
        };
        await _client.ConnectAsync(BuildClientOptions(_options), ct).ConfigureAwait(false);
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (string filter in _options.TopicFilters) subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        MqttClientSubscribeResult result = await _client.SubscribeAsync(subscribe.Build(), ct).ConfigureAwait(false);
        foreach (MqttClientSubscribeResultItem item in result.Items)
        {
            if ((int)item.ResultCode > 2) throw new InvalidOperationException($"subscription to {item.TopicFilter.Topic} refused: {item.ResultCode}");
        }
    }

    private void Consume()
    {
        ChannelReader<Incoming> reader = _channel.Reader;
        long lastFlush = Environment.TickCount64;
        int sinceFlush = 0;
        Task<bool>? waiting = null;
        bool open = true;
        while (open)
        {
            waiting ??= reader.WaitToReadAsync().AsTask();
            if (waiting.Wait(_options.FlushInterval))
            {
                open = waiting.Result; // false: completed and empty
                waiting = null;
            }
            while (reader.TryRead(out Incoming m))
            {
                _processor.Process(m.Topic, m.Payload, m.ReceivedMs);
                if (++sinceFlush >= _options.BatchSize) Flush(ref sinceFlush, ref lastFlush);
            }
            if (Environment.TickCount64 - lastFlush >= _options.FlushInterval.TotalMilliseconds) Flush(ref sinceFlush, ref lastFlush);
        }
        Flush(ref sinceFlush, ref lastFlush);
        _archive.Dispose();
    }

    private void Flush(ref int sinceFlush, ref long lastFlush)
    {
        // Also runs when idle: rolls archive files that are old enough.
        _processor.Flush();
        Interlocked.Add(ref _processed, sinceFlush);
        sinceFlush = 0;
        lastFlush = Environment.TickCount64;
    }

    /// <summary>Waits until every message received so far is stored (or the timeout passes). Returns true when drained.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Interlocked.Read(ref _processed) < Interlocked.Read(ref _enqueued))
        {
            if (Environment.TickCount64 > deadline) return false;
            await Task.Delay(10).ConfigureAwait(false);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected) await _client.DisconnectAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Disconnect is best effort; the consumer still drains what arrived.
        }
        _client.Dispose();
        _channel.Writer.TryComplete();
        await _consumer.ConfigureAwait(false);
        Store.Dispose();
    }
}
