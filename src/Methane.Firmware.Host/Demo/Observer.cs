using System.Collections.Concurrent;
using System.Text.Json;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Telemetry;

namespace Methane.Firmware.Host.Demo;

/// <summary>
/// The independent subscriber: receives dt/methane/# through the broker, decodes every telemetry and batch message with the
/// schema decoder, and counts readings by thing and seq (unique and duplicated), plus alarm events and health messages.
/// </summary>
public sealed class Observer : IDisposable
{
    public const string DefaultClientId = "methane-observer";

    private readonly MqttNetTransport _transport;
    private readonly ConcurrentDictionary<string, ThingCounts> _things = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TopicTraffic> _traffic = new(StringComparer.Ordinal);
    private long _invalid;

    public Observer(MqttNetTransportOptions options)
    {
        _transport = new MqttNetTransport(options);
        _transport.MessageReceived += OnMessage;
    }

    public long InvalidMessages => Interlocked.Read(ref _invalid);

    /// <summary>Connects and subscribes; null on success, else the reason.</summary>
    public string? Start(string clientId = DefaultClientId)
    {
        var status = _transport.Connect(clientId, 60, true, null!, null!);
        if (status != MqttTransportStatus.Ok) return $"observer connect: {status} {_transport.LastError}";
        status = _transport.Subscribe("dt/methane/#", 1);
        return status == MqttTransportStatus.Ok ? null : $"observer subscribe: {status} {_transport.LastError}";
    }

    public ThingCounts For(string thing) => _things.GetOrAdd(thing, _ => new ThingCounts());

    public long TotalUnique => _things.Values.Sum(t => t.Unique);

    /// <summary>What crossed the broker on dt/methane/#, by the topic's last level (telemetry, batch, alarm, health).</summary>
    public IReadOnlyDictionary<string, TopicTraffic> Traffic => _traffic;

    private void OnMessage(string topic, byte[] payload, int offset, int count)
    {
        string[] levels = topic.Split('/');
        if (levels.Length != 5) return;
        var counts = For(levels[3]);
        var body = new ReadOnlySpan<byte>(payload, offset, count);
        TopicTraffic traffic = _traffic.GetOrAdd(levels[4], _ => new TopicTraffic());
        traffic.Add(count);
        switch (levels[4])
        {
            case "telemetry":
            case "batch":
                var decoded = TelemetryDecoder.Decode(body);
                if (!decoded.Success)
                {
                    Interlocked.Increment(ref _invalid);
                    return;
                }
                foreach (var r in decoded.Readings) counts.Add(r.Seq);
                Interlocked.Add(ref traffic.Readings, decoded.Readings.Count);
                break;
            case "alarm":
                try
                {
                    using var doc = JsonDocument.Parse(body.ToArray());
                    counts.AddAlarm(doc.RootElement.GetProperty("event").GetString() ?? "");
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    Interlocked.Increment(ref _invalid);
                }
                break;
            case "health":
                Interlocked.Increment(ref counts.Health);
                break;
        }
    }

    public void Dispose()
    {
        _transport.Disconnect();
        _transport.Dispose();
    }

    /// <summary>Messages, payload bytes and 5 KB units (how AWS IoT meters messages and Firehose rounds records) of one topic kind.</summary>
    public sealed class TopicTraffic
    {
        public const int BillingUnitBytes = 5 * 1024;
        public long Messages, Bytes, Units5Kb, Readings;

        public void Add(int bytes)
        {
            Interlocked.Increment(ref Messages);
            Interlocked.Add(ref Bytes, bytes);
            Interlocked.Add(ref Units5Kb, Math.Max(1, (bytes + BillingUnitBytes - 1) / BillingUnitBytes));
        }
    }

    public sealed class ThingCounts
    {
        private readonly object _gate = new();
        private readonly HashSet<long> _seqs = new();
        public long Health;

        public long Unique { get { lock (_gate) return _seqs.Count; } }
        public long Duplicates { get; private set; }
        public long Raised { get; private set; }
        public long Cleared { get; private set; }
        public long RateOfRise { get; private set; }

        public bool Has(long seq) { lock (_gate) return _seqs.Contains(seq); }

        public void Add(long seq)
        {
            lock (_gate)
            {
                if (!_seqs.Add(seq)) Duplicates++;
            }
        }

        public void AddAlarm(string evt)
        {
            lock (_gate)
            {
                if (evt == "raised") Raised++;
                else if (evt == "cleared") Cleared++;
                else if (evt == "rate_of_rise") RateOfRise++;
            }
        }
    }
}
