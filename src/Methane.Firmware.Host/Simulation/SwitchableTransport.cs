using Methane.Firmware.Core.Mqtt;

namespace Methane.Firmware.Host.Simulation;

/// <summary>
/// A network between the device and its broker that a scenario can cut: while down, the live connection drops (the session
/// sees a disconnect) and every CONNECT fails as a network error. Works the same against any broker.
/// </summary>
public sealed class SwitchableTransport : IMqttTransport, IDisposable
{
    private readonly IMqttTransport _inner;

    public SwitchableTransport(IMqttTransport inner)
    {
        _inner = inner;
        _inner.MessageReceived += (t, p, o, c) => MessageReceived?.Invoke(t, p, o, c);
        _inner.Disconnected += r => Disconnected?.Invoke(r);
        _inner.PublishCompleted += (id, ok) => PublishCompleted?.Invoke(id, ok);
    }

    public bool NetworkUp { get; private set; } = true;

    public IMqttTransport Inner => _inner;

    public void SetNetwork(bool up)
    {
        if (up == NetworkUp) return;
        NetworkUp = up;
        if (!up && _inner.IsConnected)
        {
            _inner.Disconnect();
            Disconnected?.Invoke(MqttTransportStatus.NetworkError);
        }
    }

    public bool IsConnected => NetworkUp && _inner.IsConnected;

    public MqttTransportStatus Connect(string clientId, int keepAliveSeconds, bool cleanSession, string willTopic, byte[] willPayload) =>
        NetworkUp ? _inner.Connect(clientId, keepAliveSeconds, cleanSession, willTopic, willPayload) : MqttTransportStatus.NetworkError;

    public void Disconnect() => _inner.Disconnect();

    public MqttTransportStatus Publish(string topic, byte[] payload, int offset, int count, int qos, out int packetId)
    {
        packetId = 0;
        return NetworkUp ? _inner.Publish(topic, payload, offset, count, qos, out packetId) : MqttTransportStatus.NotConnected;
    }

    public MqttTransportStatus Subscribe(string topicFilter, int qos) =>
        NetworkUp ? _inner.Subscribe(topicFilter, qos) : MqttTransportStatus.NotConnected;

    public event MqttMessageHandler? MessageReceived;

    /// <summary>
    /// Delivers a message as if the broker had sent it (the local stack has no AWS shadow service: `calibrate apply FILE` in
    /// the run console hands the device the …/shadow/update/delta AWS IoT would publish).
    /// </summary>
    public void InjectInbound(string topic, byte[] payload) => MessageReceived?.Invoke(topic, payload, 0, payload.Length);
    public event MqttDisconnectedHandler? Disconnected;
    public event MqttPublishCompletedHandler? PublishCompleted;

    public void Dispose() => (_inner as IDisposable)?.Dispose();
}
