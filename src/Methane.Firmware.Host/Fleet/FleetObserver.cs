using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Telemetry;

namespace Methane.Firmware.Host.Fleet;

/// <summary>
/// The fleet's independent witness: one MQTT client with an observer certificate (read-only on every topic) subscribed to
/// every site's …/telemetry and …/batch. Decodes each payload with the strict schema v1 decoder and counts readings by
/// (thing, seq), so a reading that arrives twice is a duplicate and one that never arrives is lost. Latency is measured for
/// live readings (…/telemetry): receive time minus the reading's own timestamp, both from this machine's clock. Replayed
/// readings (…/batch) are counted but not timed: their age includes the time the device was offline.
/// </summary>
public sealed class FleetObserver : IDisposable
{
    public const string TelemetryFilter = "dt/methane/+/+/telemetry";
    public const string BatchFilter = "dt/methane/+/+/batch";
    public const string HealthFilter = "dt/methane/+/+/health";

    private readonly MqttNetTransport _transport;
    private readonly string _clientId;
    private readonly object _gate = new();
    private readonly Dictionary<string, HashSet<long>> _seen = new(StringComparer.Ordinal);
    private long _readings;
    private long _distinct;
    private long _messages;
    private long _health;
    private long _rejected;
    private string _lastRejection = "";

    public FleetObserver(MqttNetTransportOptions options, string clientId)
    {
        _transport = new MqttNetTransport(options);
        _clientId = clientId;
        _transport.MessageReceived += OnMessage;
    }

    /// <summary>Latency of every live reading (ramp and drain included).</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Latency of the live readings received while <see cref="InWindow"/> (the steady-state measurement).</summary>
    public LatencyHistogram WindowLatency { get; } = new();

    public volatile bool InWindow;

    /// <summary>Readings received (a reading received twice counts twice).</summary>
    public long Readings => Interlocked.Read(ref _readings);

    /// <summary>Distinct (thing, seq) pairs received.</summary>
    public long Distinct => Interlocked.Read(ref _distinct);

    public long Duplicates => Readings - Distinct;

    /// <summary>MQTT messages on the telemetry and batch topics.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    public long HealthMessages => Interlocked.Read(ref _health);

    /// <summary>Payloads the schema decoder rejected, or whose thing does not match the topic.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    public string LastRejection => Volatile.Read(ref _lastRejection);

    public bool IsConnected => _transport.IsConnected;

    /// <summary>Connects and subscribes; throws with the transport's reason when that fails.</summary>
    public void Start()
    {
        var status = _transport.Connect(_clientId, 60, true, null!, null!);
        if (status != Core.Mqtt.MqttTransportStatus.Ok) throw new InvalidOperationException("observer connect: " + status + ": " + _transport.LastError);
        foreach (string filter in new[] { TelemetryFilter, BatchFilter, HealthFilter })
        {
            status = _transport.Subscribe(filter, filter == HealthFilter ? 0 : 1);
            if (status != Core.Mqtt.MqttTransportStatus.Ok)
            {
                throw new InvalidOperationException("observer subscribe " + filter + ": " + status + ": " + _transport.LastError);
            }
        }
    }

    /// <summary>Readings of <paramref name="thing"/> with seq in [first, last] that never arrived.</summary>
    public long Missing(string thing, long first, long last)
    {
        if (first < 0 || last < first) return 0;
        lock (_gate)
        {
            if (!_seen.TryGetValue(thing, out HashSet<long>? seqs)) return last - first + 1;
            long missing = 0;
            for (long s = first; s <= last; s++)
            {
                if (!seqs.Contains(s)) missing++;
            }
            return missing;
        }
    }

    /// <summary>Received readings of <paramref name="thing"/> with a seq outside [first, last] (the device never assigned them).</summary>
    public long Unexpected(string thing, long first, long last)
    {
        lock (_gate)
        {
            if (!_seen.TryGetValue(thing, out HashSet<long>? seqs)) return 0;
            long n = 0;
            foreach (long s in seqs)
            {
                if (s < first || s > last) n++;
            }
            return n;
        }
    }

    public int ThingsSeen
    {
        get { lock (_gate) return _seen.Count; }
    }

    public void Dispose() => _transport.Dispose();

    private void OnMessage(string topic, byte[] payload, int offset, int count)
    {
        long receivedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (topic.EndsWith("/health", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _health);
            return;
        }
        Interlocked.Increment(ref _messages);
        TelemetryDecodeResult result = TelemetryDecoder.Decode(payload.AsSpan(offset, count));
        if (!result.Success)
        {
            Reject(topic + ": " + result.Error);
            return;
        }
        bool live = topic.EndsWith("/telemetry", StringComparison.Ordinal);
        string[] parts = topic.Split('/');
        string topicThing = parts.Length == 5 ? parts[3] : "";
        foreach (TelemetryReading r in result.Readings)
        {
            if (!string.Equals(r.Thing, topicThing, StringComparison.Ordinal))
            {
                Reject(topic + ": reading of thing '" + r.Thing + "'");
                continue;
            }
            Interlocked.Increment(ref _readings);
            bool added;
            lock (_gate)
            {
                if (!_seen.TryGetValue(r.Thing, out HashSet<long>? seqs))
                {
                    seqs = new HashSet<long>();
                    _seen.Add(r.Thing, seqs);
                }
                added = seqs.Add(r.Seq);
            }
            if (added) Interlocked.Increment(ref _distinct);
            if (live && (r.Flags & TelemetryFlags.ClockUnsynced) == 0)
            {
                Latency.Record(receivedAt - r.Timestamp);
                if (InWindow) WindowLatency.Record(receivedAt - r.Timestamp);
            }
        }
    }

    private void Reject(string reason)
    {
        Interlocked.Increment(ref _rejected);
        Volatile.Write(ref _lastRejection, reason);
    }
}
