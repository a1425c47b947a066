using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Methane.Cloud.Enrichment;
using MQTTnet;
using MQTTnet.Protocol;

namespace Methane.Cloud.Pipeline;

/// <summary>
/// The local pipeline: an MQTTnet client (mTLS) subscribed to telemetry, batches and alarms; a single consumer that decodes,
/// enriches and stores in the store and the raw archive. Start with <see cref="StartAsync(PipelineOptions, CancellationToken)"/>,
/// stop with DisposeAsync.
/// <list type="bullet">
/// <item>Nothing is acknowledged to the broker before it is stored: a message that was received but not stored (crash, stop,
/// disk full) stays with the broker and comes again.</item>
/// <item>Persistent session (clean start false, <see cref="PipelineOptions.SessionExpiry"/>, QoS 1 subscriptions): while the
/// pipeline is away the broker queues its messages.</item>
/// <item>A dropped connection, and a broker not reachable at start, is retried with doubling backoff; every state change is
/// logged (<see cref="State"/>).</item>
/// <item>A failed write (disk full) is retried with backoff in state <see cref="PipelineState.StoreFailed"/>; the broker stops
/// sending when the unacknowledged window is full.</item>
/// </list>
/// </summary>
public sealed class MethanePipeline : IAsyncDisposable
{
    private readonly record struct Incoming(string Topic, byte[] Payload, long ReceivedMs, MqttApplicationMessageReceivedEventArgs Delivery, long Connection);

    private readonly PipelineOptions _options;
    private readonly Channel<Incoming> _channel = Channel.CreateUnbounded<Incoming>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IMqttClient _client;
    private readonly RawArchiveWriter _archive;
    private readonly TelemetryProcessor _processor;
    private readonly bool _ownsStore;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _reconnect = new(0);
    private readonly object _stateGate = new();
    private Task _consumer = Task.CompletedTask;
    private Task _supervisor = Task.CompletedTask;
    private readonly ManualResetEventSlim _abandon = new();
    private long _connection;
    private PipelineState _state = PipelineState.Connecting;
    private bool _disposed;
    private long _enqueued;
    private long _processed;
    private long _acknowledged;
    private long _reconnects;
    private long _ackFailures;
    private long _ackSkipped;

    private MethanePipeline(PipelineOptions options, IReadingStore store, IDeviceRegistry registry, bool ownsStore)
    {
        _options = options;
        Store = store;
        Registry = registry;
        _ownsStore = ownsStore;
        _archive = new RawArchiveWriter(options.ArchiveRoot, options.ArchiveRollAfter);
        _processor = new TelemetryProcessor(new Enricher(SiteCatalog.Load(options.SitesFile), registry), store, _archive);
        _client = new MqttClientFactory().CreateMqttClient();
    }

    public IReadingStore Store { get; }
    /// <summary>The store as DuckDB (queries), or null when another <see cref="IReadingStore"/> was given.</summary>
    public DuckDbStore? Database => Store as DuckDbStore;
    public IDeviceRegistry Registry { get; }
    public PipelineStats Stats => _processor.Stats;
    public PipelineState State { get { lock (_stateGate) return _state; } }
    /// <summary>Why the pipeline is not <see cref="PipelineState.Connected"/> (the last connect or write error), or null.</summary>
    public string? LastError { get; private set; }
    public long Acknowledged => Interlocked.Read(ref _acknowledged);
    public long Reconnects => Interlocked.Read(ref _reconnects);
    /// <summary>Messages the broker delivered (stored or not).</summary>
    public long Delivered => Interlocked.Read(ref _enqueued);
    /// <summary>Messages received and not yet stored.</summary>
    public long Unstored => Interlocked.Read(ref _enqueued) - Interlocked.Read(ref _processed);
    public event Action<PipelineState>? StateChanged;

    public string Status => string.Create(CultureInfo.InvariantCulture,
        $"state {State}{(LastError != null && State != PipelineState.Connected ? " (" + LastError + ")" : "")}, unstored {Unstored}, acknowledged {Acknowledged} (not sent: {Interlocked.Read(ref _ackFailures)} failed, {Interlocked.Read(ref _ackSkipped)} from dropped connections), reconnects {Reconnects}; {Stats}");

    /// <summary>
    /// Starts on a DuckDB store at <see cref="PipelineOptions.DatabasePath"/> (owned by the pipeline). Returns once connected
    /// and subscribed. When the first connect fails (broker not up yet): with <see cref="PipelineOptions.RetryFirstConnect"/>
    /// returns in state <see cref="PipelineState.Reconnecting"/> with the reason in <see cref="LastError"/>, retrying in the
    /// background; without it throws. Throws too when the store cannot be opened or <paramref name="cancellationToken"/> is
    /// cancelled during the first connect.
    /// </summary>
    public static Task<MethanePipeline> StartAsync(PipelineOptions options, CancellationToken cancellationToken = default)
    {
        var store = new DuckDbStore(options.DatabasePath);
        return StartAsync(options, store, new DuckDbDeviceRegistry(store), ownsStore: true, cancellationToken);
    }

    /// <summary>Starts on the given store (not disposed by the pipeline).</summary>
    public static Task<MethanePipeline> StartAsync(PipelineOptions options, IReadingStore store, IDeviceRegistry registry, CancellationToken cancellationToken = default) =>
        StartAsync(options, store, registry, ownsStore: false, cancellationToken);

    private static async Task<MethanePipeline> StartAsync(PipelineOptions options, IReadingStore store, IDeviceRegistry registry, bool ownsStore, CancellationToken ct)
    {
        MethanePipeline pipeline;
        try
        {
            pipeline = new MethanePipeline(options, store, registry, ownsStore);
        }
        catch
        {
            if (ownsStore) store.Dispose();
            throw;
        }
        try
        {
            pipeline._consumer = Task.Factory.StartNew(pipeline.Consume, TaskCreationOptions.LongRunning);
            pipeline.AttachHandlers();
            pipeline._supervisor = pipeline.SuperviseAsync();
            try
            {
                await pipeline.ConnectAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (options.RetryFirstConnect && !ct.IsCancellationRequested)
            {
                // The broker is not up yet (or refuses for now): keep running and connect once it is, like after a drop.
                pipeline.LastError = Describe(e);
                pipeline.SetState(PipelineState.Reconnecting, $"broker {options.BrokerHost}:{options.BrokerPort} not reachable at start ({pipeline.LastError}); retrying with backoff");
                pipeline._reconnect.Release();
            }
            return pipeline;
        }
        catch
        {
            await pipeline.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// MQTT 5 client options. <paramref name="persistentSession"/>: clean start false with <see cref="PipelineOptions.SessionExpiry"/>
    /// (the pipeline); otherwise a clean session (test devices, the bench's plain subscriber).
    /// </summary>
    public static MqttClientOptions BuildClientOptions(PipelineOptions o, bool persistentSession = false)
    {
        bool persistent = persistentSession && o.SessionExpiry > TimeSpan.Zero;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(o.BrokerHost, o.BrokerPort)
            .WithClientId(o.ClientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(!persistent)
            .WithSessionExpiryInterval(persistent ? (uint)Math.Min(o.SessionExpiry.TotalSeconds, uint.MaxValue - 1) : 0)
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

    private void AttachHandlers()
    {
        _client.ApplicationMessageReceivedAsync += e =>
        {
            // Acknowledged by the consumer once stored (PUBACK after the store's commit), not when this returns.
            e.AutoAcknowledge = false;
            byte[] payload = e.ApplicationMessage.Payload.ToArray();
            Interlocked.Increment(ref _enqueued);
            _channel.Writer.TryWrite(new Incoming(e.ApplicationMessage.Topic, payload, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), e, Interlocked.Read(ref _connection)));
            return Task.CompletedTask;
        };
        _client.DisconnectedAsync += e =>
        {
            Interlocked.Increment(ref _connection);
            if (_stopping.IsCancellationRequested || !e.ClientWasConnected) return Task.CompletedTask;
            LastError = $"{e.Reason}{(e.Exception != null ? ": " + e.Exception.Message : "")}";
            SetState(PipelineState.Reconnecting, "connection to " + _options.BrokerHost + ":" + _options.BrokerPort + " lost (" + LastError + ")");
            _reconnect.Release();
            return Task.CompletedTask;
        };
    }

    private async Task ConnectAsync(CancellationToken ct, bool again = false)
    {
        MqttClientConnectResult connected = await _client.ConnectAsync(BuildClientOptions(_options, persistentSession: true), ct).ConfigureAwait(false);
        if (again) Interlocked.Increment(ref _reconnects);
        // Subscribing again to a subscription the session kept changes nothing; retained messages come only with a new one.
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (string filter in _options.TopicFilters)
        {
            subscribe.WithTopicFilter(f => f.WithTopic(filter).WithAtLeastOnceQoS()
                .WithRetainHandling(MqttRetainHandling.SendAtSubscribeIfNewSubscriptionOnly));
        }
        try
        {
            MqttClientSubscribeResult result = await _client.SubscribeAsync(subscribe.Build(), ct).ConfigureAwait(false);
            foreach (MqttClientSubscribeResultItem item in result.Items)
            {
                if ((int)item.ResultCode > 2) throw new InvalidOperationException($"subscription to {item.TopicFilter.Topic} refused: {item.ResultCode}");
            }
        }
        catch
        {
            try { await _client.DisconnectAsync().ConfigureAwait(false); } catch (Exception) { }
            throw;
        }
        LastError = null;
        SetState(PipelineState.Connected, $"connected to {_options.BrokerHost}:{_options.BrokerPort} as {_options.ClientId}, session {(connected.IsSessionPresent ? "resumed" : "new")}");
    }

    private async Task SuperviseAsync()
    {
        CancellationToken stop = _stopping.Token;
        try
        {
            while (true)
            {
                await _reconnect.WaitAsync(stop).ConfigureAwait(false);
                TimeSpan delay = _options.ReconnectDelayMin;
                for (int attempt = 1; !_client.IsConnected; attempt++)
                {
                    await Task.Delay(Jitter(delay), stop).ConfigureAwait(false);
                    try
                    {
                        await ConnectAsync(stop, again: true).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                    {
                        LastError = Describe(e);
                        delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectDelayMax.Ticks));
                        Log(string.Create(CultureInfo.InvariantCulture, $"reconnect attempt {attempt} failed ({LastError}); next in {delay.TotalSeconds:F1} s"));
                    }
                }
                while (_reconnect.CurrentCount > 0 && _client.IsConnected) await _reconnect.WaitAsync(stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>The exception's message, plus the innermost cause when it says more (MQTTnet wraps the socket error).</summary>
    private static string Describe(Exception e)
    {
        string inner = e.GetBaseException().Message;
        return inner == e.Message || e.Message.Contains(inner, StringComparison.Ordinal) ? e.Message : e.Message + ": " + inner;
    }

    private static TimeSpan Jitter(TimeSpan delay) => TimeSpan.FromTicks((long)(delay.Ticks * (0.8 + 0.4 * Random.Shared.NextDouble())));

    private void Consume()
    {
        ChannelReader<Incoming> reader = _channel.Reader;
        var batch = new List<Incoming>();
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
            // Up to a batch, then store: under load batches grow, when idle each message is stored at once.
            while (batch.Count < _options.BatchSize && reader.TryRead(out Incoming m))
            {
                _processor.Process(m.Topic, m.Payload, m.ReceivedMs);
                batch.Add(m);
            }
            if (!StoreWithRetry()) break;
            Interlocked.Add(ref _processed, batch.Count);
            Acknowledge(batch);
            batch.Clear();
        }
        try
        {
            if (_abandon.IsSet) _archive.Abandon();
            else _archive.Dispose();
        }
        catch (Exception e)
        {
            _archive.Abandon();
            Log("archive: last lines not committed (" + e.Message + "); their messages were not acknowledged");
        }
    }

    /// <summary>Flushes; while the store or archive refuses, retries with backoff (state StoreFailed). False when the stop gave up.</summary>
    private bool StoreWithRetry()
    {
        TimeSpan delay = _options.StoreRetryDelay;
        while (true)
        {
            try
            {
                _processor.Flush();
                if (State == PipelineState.StoreFailed)
                {
                    LastError = null;
                    SetState(_client.IsConnected ? PipelineState.Connected : PipelineState.Reconnecting, "store and archive writable again");
                }
                return true;
            }
            catch (Exception e)
            {
                LastError = $"{e.GetType().Name}: {e.Message}";
                SetState(PipelineState.StoreFailed, $"write failed, {Unstored} received messages not stored and not acknowledged ({LastError}); retry in {delay.TotalSeconds:F1} s");
            }
            if (_abandon.Wait(delay)) return false;
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    private void Acknowledge(List<Incoming> batch)
    {
        long current = Interlocked.Read(ref _connection);
        foreach (Incoming m in batch)
        {
            if (m.Delivery.ApplicationMessage.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtMostOnce) continue;
            // Received on a connection that has since dropped: its packet id belongs to that connection. The broker sends
            // the message again on the new one (the store skips it) and that delivery is acknowledged.
            if (m.Connection != current)
            {
                Interlocked.Increment(ref _ackSkipped);
                continue;
            }
            Task sent;
            try
            {
                sent = m.Delivery.AcknowledgeAsync(CancellationToken.None);
            }
            catch (Exception e)
            {
                sent = Task.FromException(e);
            }
            sent.ContinueWith(t =>
            {
                // The connection that delivered it is gone: the broker delivers it again (the store skips it then).
                if (!t.IsFaulted) Interlocked.Increment(ref _acknowledged);
                else if (Interlocked.Increment(ref _ackFailures) == 1) Log("acknowledgement not sent: " + t.Exception!.GetBaseException().Message);
            }, TaskScheduler.Default);
        }
    }

    /// <summary>Waits until every message received so far is stored (or the timeout passes). Returns true when drained.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout)
    {
        long target = Interlocked.Read(ref _enqueued);
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Interlocked.Read(ref _processed) < target)
        {
            if (Environment.TickCount64 > deadline) return false;
            await Task.Delay(10).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>
    /// Graceful stop: stores and acknowledges what was received (up to <see cref="PipelineOptions.DrainTimeout"/>), disconnects
    /// keeping the session, closes the archive files and the store. Returns the messages left unstored (the broker still has them).
    /// </summary>
    public async Task<long> StopAsync()
    {
        if (_disposed) return Unstored;
        _disposed = true;
        var watch = Stopwatch.StartNew();
        SetState(PipelineState.Draining, $"stopping: storing {Unstored} received messages");
        _stopping.Cancel();
        // What arrived before the stop is stored and acknowledged; what the broker sends meanwhile is stored but not
        // acknowledged (it comes again after the restart, and the store skips it).
        bool drained = await DrainAsync(_options.DrainTimeout).ConfigureAwait(false);
        await _supervisor.ConfigureAwait(false);
        try
        {
            if (_client.IsConnected) await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build()).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Disconnect is best effort; the consumer still stores what arrived (the broker sends it again: stored once).
        }
        _client.Dispose();
        _channel.Writer.TryComplete();
        if (!drained && State == PipelineState.StoreFailed) _abandon.Set();
        if (await Task.WhenAny(_consumer, Task.Delay(_options.DrainTimeout)).ConfigureAwait(false) != _consumer) _abandon.Set();
        await _consumer.ConfigureAwait(false);
        long left = Unstored;
        DrainMs = watch.ElapsedMilliseconds;
        if (_ownsStore) Store.Dispose();
        SetState(PipelineState.Stopped, left == 0
            ? $"stopped after draining in {DrainMs} ms; archive closed; {Stats}"
            : $"stopped with {left} received messages not stored (not acknowledged: the broker keeps them for the session); {Stats}");
        return left;
    }

    /// <summary>How long the last <see cref="StopAsync"/> took, from the stop request to the archive and store closed.</summary>
    public long DrainMs { get; private set; }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private void SetState(PipelineState state, string why)
    {
        bool changed;
        lock (_stateGate)
        {
            changed = _state != state;
            _state = state;
        }
        Log($"{state}: {why}");
        if (changed) StateChanged?.Invoke(state);
    }

    private void Log(string line) => _options.Log?.Invoke("pipeline " + line);
}
