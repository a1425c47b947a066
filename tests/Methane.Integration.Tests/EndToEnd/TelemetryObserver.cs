using System.Buffers;
using System.Diagnostics;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Telemetry;
using Methane.Testing;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Methane.Integration.Tests.EndToEnd;

/// <summary>
/// The cloud side's eyes: the broker's observer identity on a persistent session (clean session = false, QoS 1), so what the
/// broker accepted while the observer was away is still delivered. Reconnects by itself when the broker comes back. Every
/// payload is decoded with the strict host decoder; arrivals are kept per (thing, seq) with the MQTT DUP flag, so a test can
/// count delivered / lost / duplicated and tell broker redeliveries from device resends. MQTTnet directly (not the device
/// transport) because only it shows the DUP flag.
/// </summary>
public sealed class TelemetryObserver : IDisposable
{
    private readonly MosquittoBroker _broker;
    private readonly string _filter;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly object _gate = new();
    private readonly List<Arrival> _arrivals = new();
    private readonly List<RawMessage> _messages = new();
    private readonly List<(string Topic, string Text, string Error)> _undecodable = new();
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private readonly Thread _keeper;
    private volatile bool _stop;
    private int _connects;

    private TelemetryObserver(MosquittoBroker broker, string filter, string identity)
    {
        _broker = broker;
        _filter = filter;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessage;
        var validator = new ServerCertificateValidator(new X509Certificate2Collection(broker.Pki.CaCertificate()));
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer(MosquittoBroker.Host, broker.Port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(identity)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(5))
            .WithTlsOptions(tls => tls
                .UseTls()
                .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                .WithTargetHost(MosquittoBroker.Host)
                .WithClientCertificates(new X509Certificate2Collection(broker.Pki.ClientCertificate(identity)))
                .WithRevocationMode(X509RevocationMode.NoCheck)
                .WithCertificateValidationHandler(e => validator.Validate(e.Certificate, e.Chain, e.SslPolicyErrors, out _)))
            .Build();
        _keeper = new Thread(Keep) { IsBackground = true, Name = "observer" };
    }

    /// <summary>Connects (persistent session), subscribes to <paramref name="filter"/> at QoS 1 and keeps reconnecting until disposed.</summary>
    public static TelemetryObserver Start(MosquittoBroker broker, string filter, string identity = MosquittoBroker.ObserverIdentity)
    {
        var observer = new TelemetryObserver(broker, filter, identity);
        if (!observer.TryConnect(out string error)) throw new InvalidOperationException("observer could not connect: " + error);
        observer._keeper.Start();
        return observer;
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Successful CONNECTs so far (1 + reconnects).</summary>
    public int Connects => Volatile.Read(ref _connects);

    public IReadOnlyList<Arrival> Arrivals
    {
        get { lock (_gate) return _arrivals.ToArray(); }
    }

    public IReadOnlyList<RawMessage> Messages
    {
        get { lock (_gate) return _messages.ToArray(); }
    }

    /// <summary>Payloads the strict decoder rejected (garbage on the wire).</summary>
    public IReadOnlyList<(string Topic, string Text, string Error)> Undecodable
    {
        get { lock (_gate) return _undecodable.ToArray(); }
    }

    /// <summary>Distinct seqs seen for <paramref name="thing"/>.</summary>
    public HashSet<long> SeqsOf(string thing)
    {
        lock (_gate) return _arrivals.Where(a => a.Thing == thing).Select(a => a.Seq).ToHashSet();
    }

    /// <summary>Waits until every seq in <paramref name="expected"/> has arrived for <paramref name="thing"/>.</summary>
    public bool WaitForAll(string thing, IEnumerable<long> expected, TimeSpan timeout)
    {
        var want = expected.ToHashSet();
        return WaitUntil(() => want.IsSubsetOf(_arrivals.Where(a => a.Thing == thing).Select(a => a.Seq)), timeout);
    }

    public bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (!condition())
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(_gate, left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
            }
            return true;
        }
    }

    /// <summary>Compares what arrived for <paramref name="thing"/> with the seqs the device produced.</summary>
    public DeliveryReport Report(string thing, IReadOnlyCollection<long> produced)
    {
        Arrival[] mine;
        lock (_gate) mine = _arrivals.Where(a => a.Thing == thing).ToArray();
        var expected = produced.ToHashSet();
        var firstSeen = new HashSet<long>();
        long maxFirst = long.MinValue;
        int outOfOrder = 0;
        int dupFlagged = 0;
        foreach (Arrival a in mine)
        {
            if (firstSeen.Add(a.Seq))
            {
                if (a.Seq < maxFirst) outOfOrder++;
                maxFirst = Math.Max(maxFirst, a.Seq);
            }
            else if (a.Dup)
            {
                dupFlagged++;
            }
        }
        int delivered = firstSeen.Count(expected.Contains);
        var lost = expected.Where(s => !firstSeen.Contains(s)).OrderBy(s => s).ToArray();
        var unexpected = firstSeen.Where(s => !expected.Contains(s)).OrderBy(s => s).ToArray();
        return new DeliveryReport(produced.Count, delivered, lost, mine.Length - firstSeen.Count, dupFlagged, outOfOrder, unexpected);
    }

    public void Dispose()
    {
        _stop = true;
        if (_keeper.IsAlive) _keeper.Join(TimeSpan.FromSeconds(10));
        try
        {
            if (_client.IsConnected) _client.DisconnectAsync().Wait(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // The broker may already be gone.
        }
        _client.Dispose();
    }

    private void Keep()
    {
        while (!_stop)
        {
            if (!_client.IsConnected) TryConnect(out _);
            Thread.Sleep(50);
        }
    }

    private bool TryConnect(out string error)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            MqttClientConnectResult result = Task.Run(() => _client.ConnectAsync(_options, timeout.Token)).GetAwaiter().GetResult();
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                error = "CONNACK " + result.ResultCode;
                return false;
            }
            if (!result.IsSessionPresent)
            {
                MqttClientSubscribeOptions subscribe = new MqttClientFactory().CreateSubscribeOptionsBuilder()
                    .WithTopicFilter(_filter, MqttQualityOfServiceLevel.AtLeastOnce).Build();
                Task.Run(() => _client.SubscribeAsync(subscribe, timeout.Token)).GetAwaiter().GetResult();
            }
            Interlocked.Increment(ref _connects);
            error = "";
            return true;
        }
        catch (Exception e)
        {
            error = e.GetBaseException().Message;
            return false;
        }
    }

    private Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
    {
        byte[] payload = e.ApplicationMessage.Payload.ToArray();
        string topic = e.ApplicationMessage.Topic;
        bool dup = e.ApplicationMessage.Dup;
        long at = _since.ElapsedMilliseconds;
        TelemetryDecodeResult result = TelemetryDecoder.Decode(payload);
        lock (_gate)
        {
            _messages.Add(new RawMessage(topic, payload, dup, at));
            if (!result.Success)
            {
                _undecodable.Add((topic, System.Text.Encoding.UTF8.GetString(payload), result.Error!.Message));
            }
            else
            {
                foreach (TelemetryReading r in result.Readings)
                {
                    _arrivals.Add(new Arrival(topic, r.Thing, r.Seq, r.Flags, result.IsBatch, dup, at));
                }
            }
            Monitor.PulseAll(_gate);
        }
        return Task.CompletedTask;
    }
}

/// <summary>One decoded reading as it arrived (a batch message yields several).</summary>
public sealed record Arrival(string Topic, string Thing, long Seq, int Flags, bool InBatch, bool Dup, long ReceivedAtMs);

public sealed record RawMessage(string Topic, byte[] Payload, bool Dup, long ReceivedAtMs)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Payload);
}

/// <summary>Delivered / lost / duplicated for one device against what it produced.</summary>
public sealed record DeliveryReport(int Produced, int Delivered, long[] Lost, int Duplicates, int DuplicatesFlaggedDup, int OutOfOrder,
    long[] Unexpected)
{
    public override string ToString() =>
        $"produced {Produced}, delivered {Delivered}, lost {Lost.Length}, duplicated {Duplicates} " +
        $"(of which broker redeliveries with DUP {DuplicatesFlaggedDup}), out of order {OutOfOrder}, unexpected {Unexpected.Length}" +
        (Lost.Length > 0 ? $"; lost seqs {string.Join(",", Lost.Take(20))}" : "") +
        (Unexpected.Length > 0 ? $"; unexpected seqs {string.Join(",", Unexpected.Take(20))}" : "");
}
