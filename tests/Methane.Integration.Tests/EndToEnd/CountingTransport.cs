using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Time;

namespace Methane.Integration.Tests.EndToEnd;

/// <summary>
/// Passes every call to the real transport and notes when each accepted publish and CONNECT happened on the device's clock,
/// so a test can check the session's AWS limits (publishes per second, CONNECTs per second) on a real run.
/// </summary>
public sealed class CountingTransport : IMqttTransport
{
    private readonly IMqttTransport _inner;
    private readonly IClock _clock;
    private readonly object _gate = new();
    private readonly List<long> _publishes = new();
    private readonly List<long> _connects = new();

    public CountingTransport(IMqttTransport inner, IClock clock)
    {
        _inner = inner;
        _clock = clock;
    }

    public bool IsConnected => _inner.IsConnected;

    public event MqttMessageHandler MessageReceived
    {
        add => _inner.MessageReceived += value;
        remove => _inner.MessageReceived -= value;
    }

    public event MqttDisconnectedHandler Disconnected
    {
        add => _inner.Disconnected += value;
        remove => _inner.Disconnected -= value;
    }

    public event MqttPublishCompletedHandler PublishCompleted
    {
        add => _inner.PublishCompleted += value;
        remove => _inner.PublishCompleted -= value;
    }

    /// <summary>Device uptime (ms) of every publish the transport accepted.</summary>
    public long[] PublishTimes
    {
        get { lock (_gate) return _publishes.ToArray(); }
    }

    /// <summary>Device uptime (ms) of every CONNECT attempt.</summary>
    public long[] ConnectTimes
    {
        get { lock (_gate) return _connects.ToArray(); }
    }

    /// <summary>Largest number of entries of <paramref name="times"/> inside any window of <paramref name="windowMs"/>.</summary>
    public static int MaxInWindow(IReadOnlyList<long> times, long windowMs)
    {
        int best = 0;
        for (int i = 0, j = 0; i < times.Count; i++)
        {
            while (times[i] - times[j] >= windowMs) j++;
            best = Math.Max(best, i - j + 1);
        }
        return best;
    }

    public MqttTransportStatus Connect(string clientId, int keepAliveSeconds, bool cleanSession, string willTopic, byte[] willPayload)
    {
        lock (_gate) _connects.Add(_clock.UptimeMilliseconds);
        return _inner.Connect(clientId, keepAliveSeconds, cleanSession, willTopic, willPayload);
    }

    public void Disconnect() => _inner.Disconnect();

    public MqttTransportStatus Publish(string topic, byte[] payload, int offset, int count, int qos, out int packetId)
    {
        long now = _clock.UptimeMilliseconds;
        MqttTransportStatus status = _inner.Publish(topic, payload, offset, count, qos, out packetId);
        if (status == MqttTransportStatus.Ok)
        {
            lock (_gate) _publishes.Add(now);
        }
        return status;
    }

    public MqttTransportStatus Subscribe(string topicFilter, int qos) => _inner.Subscribe(topicFilter, qos);
}
