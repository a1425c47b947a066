using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace Methane.Firmware.Host.Broker;

/// <summary>
/// The embedded broker's TLS listener on 127.0.0.1, in place of MQTTnet's own (which waits for a TLS handshake forever
/// and reads packets of any size): a handshake must finish within <see cref="HandshakeTimeout"/>, and every connection
/// reads through <see cref="MqttPacketSizeGuard"/>. The client certificate must chain to the CA alone.
/// </summary>
public sealed class GuardedTlsListener : IMqttServerAdapter
{
    private readonly X509Certificate2 _serverCertificate;
    private readonly X509Certificate2 _ca;
    private readonly int _maxPacketBytes;
    private Socket? _socket;
    private CancellationTokenSource? _stop;
    private IMqttNetLogger _logger = MqttNetNullLogger.Instance;
    private long _handshakeTimeouts;
    private long _handshakeFailures;
    private long _pendingHandshakes;
    private long _oversizedPackets;

    public GuardedTlsListener(X509Certificate2 serverCertificate, X509Certificate2 ca, int port, int maxPacketBytes, TimeSpan handshakeTimeout)
    {
        _serverCertificate = serverCertificate;
        _ca = ca;
        Port = port;
        _maxPacketBytes = maxPacketBytes;
        HandshakeTimeout = handshakeTimeout;
    }

    public int Port { get; }
    public TimeSpan HandshakeTimeout { get; }
    public long HandshakeTimeouts => Interlocked.Read(ref _handshakeTimeouts);
    public long HandshakeFailures => Interlocked.Read(ref _handshakeFailures);
    public long PendingHandshakes => Interlocked.Read(ref _pendingHandshakes);

    /// <summary>Connections closed because a packet announced more than the size limit.</summary>
    public long OversizedPackets => Interlocked.Read(ref _oversizedPackets);

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _logger = logger;
        _stop = new CancellationTokenSource();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, Port));
        socket.Listen(4096);
        _socket = socket;
        CancellationToken token = _stop.Token;
        _ = Task.Run(() => AcceptLoopAsync(socket, token));
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        CancellationTokenSource? stop = Interlocked.Exchange(ref _stop, null);
        if (stop != null)
        {
            stop.Cancel();
            stop.Dispose();
        }
        _socket?.Dispose();
        _socket = null;
        return Task.CompletedTask;
    }

    public void Dispose() => StopAsync().GetAwaiter().GetResult();

    private async Task AcceptLoopAsync(Socket listener, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            _ = Task.Run(() => HandleAsync(client, token), CancellationToken.None);
        }
    }

    private async Task HandleAsync(Socket socket, CancellationToken token)
    {
        socket.NoDelay = true;
        var network = new NetworkStream(socket, ownsSocket: true);
        SslStream? tls = null;
        try
        {
            EndPoint? remote = socket.RemoteEndPoint;
            EndPoint? local = socket.LocalEndPoint;
            tls = new SslStream(network, false, (_, certificate, _, _) => ChainsTo(certificate, _ca));
            Interlocked.Increment(ref _pendingHandshakes);
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
                deadline.CancelAfter(HandshakeTimeout);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = _serverCertificate,
                    ClientCertificateRequired = true,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    EncryptionPolicy = EncryptionPolicy.RequireEncryption,
                }, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                Interlocked.Increment(ref _handshakeTimeouts);
                return;
            }
            catch (Exception e) when (e is AuthenticationException or IOException or SocketException)
            {
                Interlocked.Increment(ref _handshakeFailures);
                return;
            }
            finally
            {
                Interlocked.Decrement(ref _pendingHandshakes);
            }

            var certificate = tls.RemoteCertificate is null ? null : X509CertificateLoader.LoadCertificate(tls.RemoteCertificate.GetRawCertData());
            var guarded = new MqttPacketSizeGuard(tls, _maxPacketBytes, () => Interlocked.Increment(ref _oversizedPackets));
            var channel = new MqttTcpChannel(guarded, local, remote, certificate);
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(4096, 65536));
            using var adapter = new InspectedChannel(new MqttChannelAdapter(channel, formatter, _logger), HandshakeTimeout);
            Func<IMqttChannelAdapter, Task>? handler = ClientHandler;
            if (handler != null) await handler(adapter).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            if (tls != null) await tls.DisposeAsync().ConfigureAwait(false);
            else await network.DisposeAsync().ConfigureAwait(false);
        }
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
}
