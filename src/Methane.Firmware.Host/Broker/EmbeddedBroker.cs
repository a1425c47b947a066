using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Methane.Firmware.Host.Broker;

/// <summary>
/// MQTTnet.Server on 127.0.0.1 with TLS 1.2+ only and a required client certificate from the development CA, enforcing
/// <see cref="ThingPolicy"/> at CONNECT, PUBLISH and SUBSCRIBE. Like AWS IoT Core, an unauthorized publish closes the
/// connection (and the message goes nowhere); an unauthorized subscription is refused in the SUBACK.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private readonly MqttServer _server;
    private readonly ThingPolicy _policy;
    private readonly X509Certificate2 _ca;
    private long _connects;
    private long _refusedConnects;
    private long _deniedPublishes;
    private long _deniedSubscriptions;
    private long _publishes;

    private EmbeddedBroker(MqttServer server, ThingPolicy policy, X509Certificate2 ca, int port)
    {
        _server = server;
        _policy = policy;
        _ca = ca;
        Port = port;
    }

    public int Port { get; }
    public long Connects => Interlocked.Read(ref _connects);
    public long RefusedConnects => Interlocked.Read(ref _refusedConnects);
    public long DeniedPublishes => Interlocked.Read(ref _deniedPublishes);
    public long DeniedSubscriptions => Interlocked.Read(ref _deniedSubscriptions);
    public long Publishes => Interlocked.Read(ref _publishes);

    /// <summary>Raised for every refusal (connect, publish, subscribe) with a one-line reason.</summary>
    public event Action<string>? Denied;

    /// <summary>Starts on 127.0.0.1:<paramref name="port"/> (0 = a free port).</summary>
    public static async Task<EmbeddedBroker> StartAsync(X509Certificate2 serverCertificateWithKey, X509Certificate2 caCertificate,
        ThingPolicy policy, int port = 0)
    {
        if (port == 0) port = FreePort();
        var options = new MqttServerOptionsBuilder()
            .WithoutDefaultEndpoint()
            .WithEncryptedEndpoint()
            .WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback)
            .WithEncryptedEndpointPort(port)
            .WithEncryptionCertificate(serverCertificateWithKey)
            .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13)
            .WithMaxPendingMessagesPerClient(100_000)
            .Build();
        options.TlsEndpointOptions.ClientCertificateRequired = true;
        options.TlsEndpointOptions.CheckCertificateRevocation = false;
        var ca = X509CertificateLoader.LoadCertificate(caCertificate.RawData);
        options.TlsEndpointOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => ChainsTo(certificate, ca);

        var server = new MqttServerFactory().CreateMqttServer(options);
        var broker = new EmbeddedBroker(server, policy, ca, port);
        server.ValidatingConnectionAsync += broker.OnValidatingConnection;
        server.InterceptingPublishAsync += broker.OnPublish;
        server.InterceptingSubscriptionAsync += broker.OnSubscribe;
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
        _ca.Dispose();
    }

    /// <summary>A client certificate is good when it chains to the development CA alone (custom trust store, no OS roots).</summary>
    private static bool ChainsTo(X509Certificate? presented, X509Certificate2 ca)
    {
        if (presented is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2")); // clientAuth
        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(leaf);
    }

    private Task OnValidatingConnection(ValidatingConnectionEventArgs e)
    {
        string? cn = e.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, false);
        string? reason = e.IsSecureConnection ? _policy.CheckConnect(cn, e.ClientId) : "not a TLS connection";
        if (reason != null)
        {
            e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
            Interlocked.Increment(ref _refusedConnects);
            Denied?.Invoke($"CONNECT refused for '{e.ClientId}': {reason}");
            return Task.CompletedTask;
        }
        // The CN travels with the session, so later checks never trust the client id alone.
        e.SessionItems["cn"] = cn!;
        Interlocked.Increment(ref _connects);
        return Task.CompletedTask;
    }

    private Task OnPublish(InterceptingPublishEventArgs e)
    {
        if (e.ClientId is null || e.SessionItems is null || e.SessionItems["cn"] is not string cn)
        {
            Interlocked.Increment(ref _publishes);   // injected by the broker itself
            return Task.CompletedTask;
        }
        if (_policy.MayPublish(cn, e.ApplicationMessage.Topic))
        {
            Interlocked.Increment(ref _publishes);
            return Task.CompletedTask;
        }
        e.ProcessPublish = false;
        e.CloseConnection = true;
        e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
        Interlocked.Increment(ref _deniedPublishes);
        Denied?.Invoke($"PUBLISH denied for '{cn}' on '{e.ApplicationMessage.Topic}' (connection closed)");
        return Task.CompletedTask;
    }

    private Task OnSubscribe(InterceptingSubscriptionEventArgs e)
    {
        string? cn = e.SessionItems?["cn"] as string;
        if (cn != null && _policy.MaySubscribe(cn, e.TopicFilter.Topic)) return Task.CompletedTask;
        e.ProcessSubscription = false;
        e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        Interlocked.Increment(ref _deniedSubscriptions);
        Denied?.Invoke($"SUBSCRIBE denied for '{cn}' on '{e.TopicFilter.Topic}'");
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
