using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Methane.Broker;
using Methane.Pki;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Methane.Firmware.Host.Broker;

/// <summary>
/// MQTTnet.Server on 127.0.0.1 held to what AWS IoT Core enforces with the project's policy (<see cref="DevicePolicy"/>):
/// TLS 1.2+ with a client certificate from the development CA, finished within 10 s; one valid CN per certificate, which
/// must equal the client id; the service role only with the service key usage; packets up to 128 KB + headers; exact
/// device topics under the registered site; no retained publishes; a will on a forbidden topic refuses the CONNECT; 100
/// publishes/s per connection (over it the connection is closed). An unauthorized publish closes the connection, an unauthorized
/// subscription is refused in the SUBACK. Client publishes are routed through <see cref="SubscriptionIndex"/>.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private const string IdentityKey = "methane.identity";
    private const string RateKey = "methane.rate";

    private readonly MqttServer _server;
    private readonly GuardedTlsListener _listener;
    private readonly PolicyEvaluator _policy;
    private readonly int _publishesPerSecond;
    private readonly SubscriptionIndex _subscriptions = new();
    private readonly ConcurrentDictionary<string, MqttSessionStatus> _sessions = new(StringComparer.Ordinal);
    private long _connects;
    private long _refusedConnects;
    private long _deniedPublishes;
    private long _deniedSubscriptions;
    private long _publishes;
    private long _throttledPublishes;
    private long _deliveries;

    private EmbeddedBroker(MqttServer server, GuardedTlsListener listener, PolicyEvaluator policy, int publishesPerSecond)
    {
        _server = server;
        _listener = listener;
        _policy = policy;
        _publishesPerSecond = publishesPerSecond;
    }

    public int Port => _listener.Port;
    public long Connects => Interlocked.Read(ref _connects);
    public long RefusedConnects => Interlocked.Read(ref _refusedConnects);
    public long DeniedPublishes => Interlocked.Read(ref _deniedPublishes);
    public long DeniedSubscriptions => Interlocked.Read(ref _deniedSubscriptions);
    public long Publishes => Interlocked.Read(ref _publishes);

    /// <summary>Publishes over the per-connection rate: not delivered, not acknowledged, and the connection closed (as AWS IoT's THROTTLED disconnect).</summary>
    public long ThrottledPublishes => Interlocked.Read(ref _throttledPublishes);

    /// <summary>Messages handed to subscriber sessions by the fast path.</summary>
    public long Deliveries => Interlocked.Read(ref _deliveries);

    public long HandshakeTimeouts => _listener.HandshakeTimeouts;
    public long HandshakeFailures => _listener.HandshakeFailures;
    public long PendingHandshakes => _listener.PendingHandshakes;
    public long OversizedPackets => _listener.OversizedPackets;
    public int Subscriptions => _subscriptions.Count;

    /// <summary>Raised for every refusal (connect, publish, subscribe, throttle) with a one-line reason.</summary>
    public event Action<string>? Denied;

    /// <summary>Starts on 127.0.0.1:<paramref name="port"/> (0 = a free port).</summary>
    public static async Task<EmbeddedBroker> StartAsync(X509Certificate2 serverCertificateWithKey, X509Certificate2 caCertificate,
        PolicyEvaluator policy, int port = 0, TimeSpan? handshakeTimeout = null, int publishesPerSecond = DevicePolicy.PublishesPerSecond)
    {
        if (port == 0) port = FreePort();
        var options = new MqttServerOptionsBuilder()
            .WithoutDefaultEndpoint()
            .WithMaxPendingMessagesPerClient(100_000)
            .Build();
        var ca = X509CertificateLoader.LoadCertificate(caCertificate.RawData);
        var listener = new GuardedTlsListener(serverCertificateWithKey, ca, port, DevicePolicy.MaxPacketBytes,
            handshakeTimeout ?? DevicePolicy.HandshakeTimeout);
        var server = new MqttServerFactory().CreateMqttServer(options, new IMqttServerAdapter[] { listener });
        var broker = new EmbeddedBroker(server, listener, policy, publishesPerSecond);
        server.ValidatingConnectionAsync += broker.OnValidatingConnection;
        server.InterceptingPublishAsync += broker.OnPublish;
        server.InterceptingSubscriptionAsync += broker.OnSubscribe;
        server.ClientSubscribedTopicAsync += broker.OnSubscribed;
        server.ClientUnsubscribedTopicAsync += broker.OnUnsubscribed;
        server.SessionDeletedAsync += broker.OnSessionDeleted;
        await server.StartAsync().ConfigureAwait(false);
        return broker;
    }

    /// <summary>Closes every connection and stops accepting (a broker outage); <see cref="ResumeAsync"/> starts again on the same port.</summary>
    public Task StopAsync() => _server.StopAsync(new MqttServerStopOptions());

    public Task ResumeAsync() => _server.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server.IsStarted) await _server.StopAsync(new MqttServerStopOptions()).ConfigureAwait(false);
        _server.Dispose();
        _listener.Dispose();
    }

    private void Refuse(ref long counter, string reason)
    {
        Interlocked.Increment(ref counter);
        Denied?.Invoke(reason);
    }

    private Task OnValidatingConnection(ValidatingConnectionEventArgs e)
    {
        CertificateIdentity? identity = CertificateIdentity.Read(e.ClientCertificate, out string reason);
        if (identity != null && !string.Equals(identity.Name, e.ClientId, StringComparison.Ordinal))
        {
            reason = $"client id '{e.ClientId}' is not the certificate CN '{identity.Name}'";
            identity = null;
        }
        if (identity != null && e.ChannelAdapter is InspectedChannel { Connect: { WillFlag: true } connect })
        {
            string? will = _policy.CheckPublish(identity.Name, identity.IsService, connect.WillTopic ?? "", connect.WillRetain);
            if (will != null)
            {
                reason = "will message: " + will;
                identity = null;
            }
        }
        if (identity is null)
        {
            e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
            Refuse(ref _refusedConnects, $"CONNECT refused for '{e.ClientId}': {reason}");
            return Task.CompletedTask;
        }
        // The identity travels with the session, so later checks never trust the client id alone.
        e.SessionItems[IdentityKey] = identity;
        e.SessionItems[RateKey] = new PublishRateLimiter(_publishesPerSecond, Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _connects);
        return Task.CompletedTask;
    }

    private async Task OnPublish(InterceptingPublishEventArgs e)
    {
        MqttApplicationMessage message = e.ApplicationMessage;
        if (e.ClientId is null || e.SessionItems?[IdentityKey] is not CertificateIdentity identity)
        {
            Interlocked.Increment(ref _publishes); // injected by the broker's owner: MQTTnet routes it
            return;
        }
        string? reason = _policy.CheckPublish(identity.Name, identity.IsService, message.Topic, message.Retain);
        if (reason != null)
        {
            e.ProcessPublish = false;
            e.CloseConnection = true;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            Refuse(ref _deniedPublishes, $"PUBLISH denied for '{identity.Name}': {reason} (connection closed)");
            return;
        }
        e.ProcessPublish = false; // routed here, not by MQTTnet's per-session scan
        if (e.SessionItems[RateKey] is PublishRateLimiter rate && !rate.TryTake(Stopwatch.GetTimestamp()))
        {
            // AWS IoT disconnects a client over its publish rate (lifecycle reason THROTTLED). Closing, rather than
            // acknowledging and dropping, matters: an MQTT 3.1.1 PUBACK carries no reason code, so the device would count
            // the reading as delivered. Unacknowledged, it stays in the device's outbox and is replayed after reconnecting.
            e.Response.ReasonCode = MqttPubAckReasonCode.QuotaExceeded;
            e.CloseConnection = true;
            Interlocked.Increment(ref _throttledPublishes);
            return;
        }
        Interlocked.Increment(ref _publishes);
        await DeliverAsync(message).ConfigureAwait(false);
    }

    private async Task DeliverAsync(MqttApplicationMessage message)
    {
        var subscribers = new Dictionary<string, MqttQualityOfServiceLevel>(StringComparer.Ordinal);
        _subscriptions.Match(message.Topic, subscribers);
        foreach (KeyValuePair<string, MqttQualityOfServiceLevel> subscriber in subscribers)
        {
            MqttSessionStatus? session = await SessionAsync(subscriber.Key).ConfigureAwait(false);
            if (session is null) continue;
            MqttApplicationMessage copy = message;
            if (subscriber.Value < message.QualityOfServiceLevel || message.Retain)
            {
                copy = new MqttApplicationMessageBuilder()
                    .WithTopic(message.Topic)
                    .WithPayload(message.Payload)
                    .WithQualityOfServiceLevel(subscriber.Value < message.QualityOfServiceLevel ? subscriber.Value : message.QualityOfServiceLevel)
                    .Build();
            }
            if (session.TryEnqueueApplicationMessage(copy, out InjectMqttApplicationMessageResult _)) Interlocked.Increment(ref _deliveries);
        }
    }

    private async Task<MqttSessionStatus?> SessionAsync(string clientId)
    {
        if (_sessions.TryGetValue(clientId, out MqttSessionStatus? cached)) return cached;
        MqttSessionStatus? session = await _server.GetSessionAsync(clientId).ConfigureAwait(false);
        if (session != null) _sessions[clientId] = session;
        return session;
    }

    private Task OnSubscribe(InterceptingSubscriptionEventArgs e)
    {
        var identity = e.SessionItems?[IdentityKey] as CertificateIdentity;
        string? reason = identity is null ? "no identity" : _policy.CheckSubscribe(identity.Name, identity.IsService, e.TopicFilter.Topic);
        if (reason is null) return Task.CompletedTask;
        e.ProcessSubscription = false;
        e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        Refuse(ref _deniedSubscriptions, $"SUBSCRIBE denied for '{identity?.Name}' on '{e.TopicFilter.Topic}': {reason}");
        return Task.CompletedTask;
    }

    private Task OnSubscribed(ClientSubscribedTopicEventArgs e)
    {
        _subscriptions.Add(e.ClientId, e.TopicFilter.Topic, e.TopicFilter.QualityOfServiceLevel);
        return Task.CompletedTask;
    }

    private Task OnUnsubscribed(ClientUnsubscribedTopicEventArgs e)
    {
        _subscriptions.Remove(e.ClientId, e.TopicFilter);
        return Task.CompletedTask;
    }

    private Task OnSessionDeleted(SessionDeletedEventArgs e)
    {
        _subscriptions.RemoveClient(e.Id);
        _sessions.TryRemove(e.Id, out _);
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
