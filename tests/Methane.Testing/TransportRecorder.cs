using System.Collections.Concurrent;
using Methane.Firmware.Core.Mqtt;

namespace Methane.Testing;

/// <summary>
/// Listens to an <see cref="IMqttTransport"/>'s events and keeps what it saw (inbound messages copied, publish completions,
/// disconnects) with bounded waits, so a test asserts on what crossed the wire instead of sleeping.
/// </summary>
public sealed class TransportRecorder : IDisposable
{
    private readonly IMqttTransport _transport;
    private readonly object _gate = new();
    private readonly List<ReceivedMessage> _messages = new();
    private readonly Dictionary<int, bool> _completions = new();
    private readonly List<MqttTransportStatus> _disconnects = new();

    public TransportRecorder(IMqttTransport transport)
    {
        _transport = transport;
        transport.MessageReceived += OnMessage;
        transport.PublishCompleted += OnCompleted;
        transport.Disconnected += OnDisconnected;
    }

    public IReadOnlyList<ReceivedMessage> Messages
    {
        get { lock (_gate) return _messages.ToArray(); }
    }

    public IReadOnlyDictionary<int, bool> Completions
    {
        get { lock (_gate) return new Dictionary<int, bool>(_completions); }
    }

    public IReadOnlyList<MqttTransportStatus> Disconnects
    {
        get { lock (_gate) return _disconnects.ToArray(); }
    }

    /// <summary>Waits until at least <paramref name="count"/> messages arrived; returns false on timeout.</summary>
    public bool WaitForMessages(int count, TimeSpan timeout) => WaitUntil(() => _messages.Count >= count, timeout);

    public bool WaitForMessage(Func<ReceivedMessage, bool> match, TimeSpan timeout) => WaitUntil(() => _messages.Any(match), timeout);

    public bool WaitForCompletions(int count, TimeSpan timeout) => WaitUntil(() => _completions.Count >= count, timeout);

    public bool WaitForDisconnect(TimeSpan timeout) => WaitUntil(() => _disconnects.Count > 0, timeout);

    public void Clear()
    {
        lock (_gate)
        {
            _messages.Clear();
            _completions.Clear();
            _disconnects.Clear();
        }
    }

    public void Dispose()
    {
        _transport.MessageReceived -= OnMessage;
        _transport.PublishCompleted -= OnCompleted;
        _transport.Disconnected -= OnDisconnected;
    }

    private bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (!condition())
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(_gate, left);
            }
            return true;
        }
    }

    private void OnMessage(string topic, byte[] payload, int offset, int count)
    {
        var copy = new byte[count];
        Buffer.BlockCopy(payload, offset, copy, 0, count);
        lock (_gate)
        {
            _messages.Add(new ReceivedMessage(topic, copy));
            Monitor.PulseAll(_gate);
        }
    }

    private void OnCompleted(int packetId, bool acknowledged)
    {
        lock (_gate)
        {
            _completions[packetId] = acknowledged;
            Monitor.PulseAll(_gate);
        }
    }

    private void OnDisconnected(MqttTransportStatus reason)
    {
        lock (_gate)
        {
            _disconnects.Add(reason);
            Monitor.PulseAll(_gate);
        }
    }
}

public sealed record ReceivedMessage(string Topic, byte[] Payload)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Payload);
}
