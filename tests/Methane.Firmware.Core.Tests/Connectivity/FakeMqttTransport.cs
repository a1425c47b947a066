using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Time;

namespace Methane.Firmware.Core.Tests.Connectivity;

/// <summary>
/// Scriptable in-memory transport: records every call (with the virtual time), answers from scripts, and lets the test
/// raise PUBACKs, drops and inbound messages exactly when it wants.
/// </summary>
public sealed class FakeMqttTransport : IMqttTransport
{
    private readonly IClock _clock;
    private int _nextPacketId = 1;

    public FakeMqttTransport(IClock clock) => _clock = clock;

    public sealed record ConnectCall(long AtMs, string ClientId, int KeepAlive, bool CleanSession);
    public sealed record PublishCall(long AtMs, string Topic, byte[] Payload, int Qos, int PacketId);

    public List<ConnectCall> Connects { get; } = new();
    public List<string> Subscriptions { get; } = new();
    public List<PublishCall> Publishes { get; } = new();
    public int Disconnects { get; private set; }

    /// <summary>Results for the next Connect calls, in order; when empty, <see cref="DefaultConnectResult"/>.</summary>
    public Queue<MqttTransportStatus> ConnectResults { get; } = new();
    public MqttTransportStatus DefaultConnectResult { get; set; } = MqttTransportStatus.Ok;
    public MqttTransportStatus SubscribeResult { get; set; } = MqttTransportStatus.Ok;
    /// <summary>Results for the next Publish calls, in order; when empty, Ok.</summary>
    public Queue<MqttTransportStatus> PublishResults { get; } = new();
    /// <summary>Raise PublishCompleted(acked) from inside Publish, like a very fast broker.</summary>
    public bool AutoAck { get; set; }

    public bool IsConnected { get; private set; }

    /// <summary>Virtual time a Connect call blocks for (TCP + TLS handshake + CONNACK), passed to the clock's Sleep.</summary>
    public int ConnectDurationMs { get; set; }

    public event MqttMessageHandler? MessageReceived;
    public event MqttDisconnectedHandler? Disconnected;
    public event MqttPublishCompletedHandler? PublishCompleted;

    public MqttTransportStatus Connect(string clientId, int keepAliveSeconds, bool cleanSession, string willTopic, byte[] willPayload)
    {
        Connects.Add(new ConnectCall(_clock.UptimeMilliseconds, clientId, keepAliveSeconds, cleanSession));
        if (ConnectDurationMs > 0) _clock.Sleep(ConnectDurationMs);
        var result = ConnectResults.Count > 0 ? ConnectResults.Dequeue() : DefaultConnectResult;
        IsConnected = result == MqttTransportStatus.Ok;
        return result;
    }

    public void Disconnect()
    {
        Disconnects++;
        IsConnected = false;
    }

    public MqttTransportStatus Publish(string topic, byte[] payload, int offset, int count, int qos, out int packetId)
    {
        packetId = 0;
        if (!IsConnected) return MqttTransportStatus.NotConnected;
        var result = PublishResults.Count > 0 ? PublishResults.Dequeue() : MqttTransportStatus.Ok;
        if (result != MqttTransportStatus.Ok) return result;
        if (qos == 1) packetId = _nextPacketId++;
        Publishes.Add(new PublishCall(_clock.UptimeMilliseconds, topic, payload.AsSpan(offset, count).ToArray(), qos, packetId));
        if (AutoAck && qos == 1) PublishCompleted?.Invoke(packetId, true);
        return MqttTransportStatus.Ok;
    }

    public MqttTransportStatus Subscribe(string topicFilter, int qos)
    {
        if (!IsConnected) return MqttTransportStatus.NotConnected;
        Subscriptions.Add(topicFilter);
        return SubscribeResult;
    }

    public void Ack(int packetId, bool acknowledged = true) => PublishCompleted?.Invoke(packetId, acknowledged);

    public void AckAll()
    {
        foreach (var p in Publishes.Where(p => p.Qos == 1)) PublishCompleted?.Invoke(p.PacketId, true);
    }

    /// <summary>The broker or network drops the connection.</summary>
    public void Drop(MqttTransportStatus reason = MqttTransportStatus.NetworkError)
    {
        IsConnected = false;
        Disconnected?.Invoke(reason);
    }

    public void Deliver(string topic, byte[] payload) => MessageReceived?.Invoke(topic, payload, 0, payload.Length);
}
