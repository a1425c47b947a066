using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace Methane.Firmware.Host.Broker;

/// <summary>
/// MQTTnet's channel adapter with the CONNECT packet kept (MQTTnet's connection validation does not show the will
/// message, which AWS IoT authorizes at CONNECT) and a deadline for that first packet.
/// </summary>
public sealed class InspectedChannel : IMqttChannelAdapter
{
    private readonly IMqttChannelAdapter _inner;
    private readonly TimeSpan _firstPacketDeadline;
    private bool _firstReceived;

    /// <param name="firstPacketDeadline">How long the client has to send its first packet (CONNECT) once TLS is up.</param>
    public InspectedChannel(IMqttChannelAdapter inner, TimeSpan firstPacketDeadline)
    {
        _inner = inner;
        _firstPacketDeadline = firstPacketDeadline;
    }

    /// <summary>The first packet the client sent, when it was a CONNECT.</summary>
    public MqttConnectPacket? Connect { get; private set; }

    public long BytesReceived => _inner.BytesReceived;
    public long BytesSent => _inner.BytesSent;
    public X509Certificate2 ClientCertificate => _inner.ClientCertificate;
    public EndPoint RemoteEndPoint => _inner.RemoteEndPoint;
    public EndPoint LocalEndPoint => _inner.LocalEndPoint;
    public bool IsSecureConnection => _inner.IsSecureConnection;
    public MqttPacketFormatterAdapter PacketFormatterAdapter => _inner.PacketFormatterAdapter;

    public Task ConnectAsync(CancellationToken cancellationToken) => _inner.ConnectAsync(cancellationToken);
    public Task DisconnectAsync(CancellationToken cancellationToken) => _inner.DisconnectAsync(cancellationToken);

    public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
    {
        if (_firstReceived) return await _inner.ReceivePacketAsync(cancellationToken).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_firstPacketDeadline);
        MqttPacket packet = await _inner.ReceivePacketAsync(deadline.Token).ConfigureAwait(false);
        _firstReceived = true;
        if (packet is MqttConnectPacket connect) Connect = connect;
        return packet;
    }

    public void ResetStatistics() => _inner.ResetStatistics();
    public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken) => _inner.SendPacketAsync(packet, cancellationToken);
    public void Dispose() => _inner.Dispose();
}
