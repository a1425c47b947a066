using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Methane.Broker;
using Methane.Cloud.Enrichment;
using Methane.Telemetry;
using Methane.Pki;
using MQTTnet;
using MQTTnet.Protocol;

namespace Methane.Cloud.Pipeline;

/// <summary>
/// Drain rates of one bench run: how fast each consumer empties the same backlog that the broker queued for its persistent
/// session while it was away, and DuckDB's append rate on its own (no broker, no decoding).
/// </summary>
public sealed record BenchResult(int Messages, double PlainRate, long PlainReceived, double PipelineRate, long PipelineStored,
    double ProcessorRate, double DuckDbAppendRate)
{
    public double Ratio => PipelineRate / PlainRate;
    public long PlainLost => Messages - PlainReceived;
    public long PipelineLost => Messages - PipelineStored;
}

/// <summary>
/// Consumer-bound throughput of the local pipeline against Mosquitto on loopback (mTLS). Each consumer first subscribes with
/// a persistent session and goes away; the publishers then fill the broker's queue for it; the rate is the backlog divided by
/// the time from the consumer's reconnect to its last message received (plain subscriber, which only counts) or stored
/// (pipeline: decode, enrich, DuckDB, archive, PUBACK after the commit). So the consumers, not the publishers, set the pace.
/// Beside them: the same messages through the processor in-process (no broker) and DuckDB's appender alone.
/// </summary>
public static class Bench
{
    public static async Task<BenchResult> RunAsync(int messages, int devices, int window, string workDir, TextWriter log)
    {
        using TemporaryPki pki = TemporaryPki.Create("bench");
        // A throughput bench: the per-connection publish limit (100/s, as AWS IoT) is off so the consumers are the bottleneck.
        var brokerSettings = new MosquittoSettings { PublishesPerSecond = 0 };
        using LocalMosquitto broker = LocalMosquitto.Start(pki.Layout, brokerSettings);
        log.WriteLine($"mosquitto pid {broker.ProcessId} on {LocalMosquitto.Host}:{broker.Port} (mTLS, max_inflight_messages {brokerSettings.MaxInflightMessages} per client)");
        string[] things = Enumerable.Range(1, devices).Select(i => $"bench-{i:D3}").ToArray();
        int perDevice = messages / devices;
        byte[][][] Payloads(int from) => things.Select(t => Enumerable.Range(from, perDevice).Select(s => Payload(t, s)).ToArray()).ToArray();
        int total = perDevice * devices;

        // ---- plain subscriber: persistent session, away while the backlog is published, then drains it ----
        var plainOptions = PipelineOptionsFor(broker, pki, workDir, "plain");
        long received = 0;
        long lastReceiveTicks = 0;
        IMqttClient plain = new MqttClientFactory().CreateMqttClient();
        plain.ApplicationMessageReceivedAsync += e =>
        {
            _ = e.ApplicationMessage.Payload.ToArray(); // the same copy the pipeline makes
            Interlocked.Increment(ref received);
            Volatile.Write(ref lastReceiveTicks, Stopwatch.GetTimestamp());
            return Task.CompletedTask;
        };
        MqttClientOptions sessionOptions = MethanePipeline.BuildClientOptions(plainOptions, persistentSession: true);
        await plain.ConnectAsync(sessionOptions);
        await plain.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("dt/methane/+/+/telemetry", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await plain.DisconnectAsync();
        await PublishAllAsync(broker, pki, things, Payloads(0), window);
        long plainStart = Stopwatch.GetTimestamp();
        await plain.ConnectAsync(sessionOptions);
        await WaitFor(() => Interlocked.Read(ref received), total);
        double plainSeconds = Stopwatch.GetElapsedTime(plainStart, Volatile.Read(ref lastReceiveTicks)).TotalSeconds;
        long plainReceived = Interlocked.Read(ref received);
        await plain.DisconnectAsync();
        plain.Dispose();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plain subscriber: drained {plainReceived}/{total} queued in {plainSeconds:F2} s"));

        // ---- pipeline: the first start creates its session, the stop keeps it, the backlog waits for the second start ----
        PipelineOptions pipelineOptions = PipelineOptionsFor(broker, pki, workDir, "pipeline");
        await (await MethanePipeline.StartAsync(pipelineOptions)).DisposeAsync();
        await PublishAllAsync(broker, pki, things, Payloads(perDevice), window);
        long lastStoreTicks = 0;
        double pipelineSeconds;
        long stored;
        long pipelineStart = Stopwatch.GetTimestamp();
        await using (MethanePipeline pipeline = await MethanePipeline.StartAsync(pipelineOptions))
        {
            await WaitFor(() => pipeline.Stats.ReadingsStored, total, () => lastStoreTicks = Stopwatch.GetTimestamp());
            pipelineSeconds = Stopwatch.GetElapsedTime(pipelineStart, lastStoreTicks).TotalSeconds;
            stored = pipeline.Stats.ReadingsStored;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline: drained {stored}/{total} queued into the store in {pipelineSeconds:F2} s; {pipeline.Stats}"));
        }

        (double processorRate, double appendRate) = InProcess(Payloads(2 * perDevice).SelectMany(p => p).ToArray(), workDir, pipelineOptions.BatchSize, log);
        return new BenchResult(total, plainReceived / plainSeconds, plainReceived, stored / pipelineSeconds, stored, processorRate, appendRate);
    }

    /// <summary>
    /// Without a broker: the processor (decode, enrich, store, archive) over the payloads, flushed every
    /// <paramref name="batchSize"/> like the pipeline's consumer; then DuckDB's appender alone over the same readings,
    /// already decoded and enriched, in batches of the same size.
    /// </summary>
    private static (double ProcessorRate, double AppendRate) InProcess(byte[][] payloads, string workDir, int batchSize, TextWriter log)
    {
        string Fresh(string name)
        {
            string path = Path.Combine(workDir, name);
            if (File.Exists(path)) File.Delete(path);
            return path;
        }
        var sites = SiteCatalog.Load(SiteCatalog.DefaultPath);
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        double processorSeconds;
        using (var store = new DuckDbStore(Fresh("processor.duckdb")))
        using (var archive = new RawArchiveWriter(Path.Combine(workDir, "processor-archive"), TimeSpan.FromMinutes(5)))
        {
            var processor = new TelemetryProcessor(new Enricher(sites, new InMemoryDeviceRegistry([])), store, archive);
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < payloads.Length; i++)
            {
                processor.Process($"dt/methane/site-north/{ThingOf(payloads[i])}/telemetry", payloads[i], now);
                if ((i + 1) % batchSize == 0) processor.Flush();
            }
            processor.Flush();
            processorSeconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"processor in-process: {processor.Stats.ReadingsStored}/{payloads.Length} in {processorSeconds:F2} s"));
        }

        var enricher = new Enricher(sites, new InMemoryDeviceRegistry([]));
        var readings = payloads.Select(p => new StoredReading(
            enricher.Enrich(TelemetryDecoder.Decode(p).Readings[0], new TelemetryTopic("site-north", ThingOf(p), TopicKind.Telemetry), now, NullDeadLetters.Instance, p)!, 0, null)).ToList();
        using var appendStore = new DuckDbStore(Fresh("append.duckdb"));
        long a0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < readings.Count; i += batchSize)
        {
            appendStore.Write(new StoreBatch(readings.GetRange(i, Math.Min(batchSize, readings.Count - i)), [], [], [], []));
        }
        double appendSeconds = Stopwatch.GetElapsedTime(a0).TotalSeconds;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"duckdb appender alone: {appendStore.Count("readings")}/{readings.Count} in {appendSeconds:F2} s (batches of {batchSize})"));
        return (payloads.Length / processorSeconds, readings.Count / appendSeconds);
    }

    private static string ThingOf(byte[] payload)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(payload);
        return doc.RootElement.GetProperty("thing").GetString()!;
    }

    private sealed class NullDeadLetters : IDeadLetterSink
    {
        public static readonly NullDeadLetters Instance = new();
        public void Write(DeadLetter letter) => throw new InvalidOperationException($"bench payload dead-lettered: {letter.Reason} {letter.Field}");
    }

    private static PipelineOptions PipelineOptionsFor(LocalMosquitto broker, TemporaryPki pki, string workDir, string name)
    {
        Directory.CreateDirectory(workDir);
        string db = Path.Combine(workDir, name + ".duckdb");
        if (File.Exists(db)) File.Delete(db);
        return new PipelineOptions
        {
            BrokerHost = LocalMosquitto.Host,
            BrokerPort = broker.Port,
            CaCertificate = pki.CaCertificate(),
            ClientCertificate = pki.ClientCertificate(ServiceIdentity.Observer),
            ClientId = ServiceIdentity.Observer + "-" + name,
            DatabasePath = db,
            ArchiveRoot = Path.Combine(workDir, name + "-archive"),
        };
    }

    /// <summary>One client per device, each with at most <paramref name="window"/> unacknowledged QoS 1 publishes. Returns the start timestamp.</summary>
    private static async Task<long> PublishAllAsync(LocalMosquitto broker, TemporaryPki pki, string[] things, byte[][][] payloads, int window)
    {
        var clients = new List<IMqttClient>();
        foreach (string thing in things)
        {
            IMqttClient c = new MqttClientFactory().CreateMqttClient();
            var o = new PipelineOptions
            {
                BrokerHost = LocalMosquitto.Host, BrokerPort = broker.Port, CaCertificate = pki.CaCertificate(),
                ClientCertificate = pki.ClientCertificate(thing), ClientId = thing,
            };
            await c.ConnectAsync(MethanePipeline.BuildClientOptions(o));
            clients.Add(c);
        }
        long start = Stopwatch.GetTimestamp();
        await Task.WhenAll(clients.Select((c, i) => PublishDeviceAsync(c, things[i], payloads[i], window)));
        foreach (IMqttClient c in clients)
        {
            await c.DisconnectAsync();
            c.Dispose();
        }
        return start;
    }

    private static async Task PublishDeviceAsync(IMqttClient client, string thing, byte[][] payloads, int window)
    {
        string topic = $"dt/methane/site-north/{thing}/telemetry";
        using var slots = new SemaphoreSlim(window);
        var pending = new List<Task>(payloads.Length);
        foreach (byte[] p in payloads)
        {
            await slots.WaitAsync();
            var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(p).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            pending.Add(client.PublishAsync(message).ContinueWith(_ => slots.Release(), TaskScheduler.Default));
        }
        await Task.WhenAll(pending);
    }

    private static async Task WaitFor(Func<long> count, long target, Action? onProgress = null)
    {
        long last = -1;
        long lastChange = Environment.TickCount64;
        while (true)
        {
            long n = count();
            if (n != last)
            {
                last = n;
                lastChange = Environment.TickCount64;
                onProgress?.Invoke();
            }
            if (n >= target || Environment.TickCount64 - lastChange > 10_000) return;
            await Task.Delay(2);
        }
    }

    public static byte[] Payload(string thing, long seq)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        double ppm = 50 + (seq % 200);
        return Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"v\":1,\"thing\":\"{thing}\",\"site\":\"site-north\",\"seq\":{seq},\"timestamp\":{now},\"ch4_ppm\":{ppm:F1},\"lel_pct\":{ppm / 500:F3},\"temp_c\":21.5,\"rh_pct\":40.2,\"t_raw\":25000,\"rh_raw\":24000,\"adc_raw\":12000,\"vout_v\":1.5,\"rs_ohm\":12000.5,\"rs_r0\":0.85,\"alarm\":0,\"flags\":0,\"fw\":\"1.0.0\"}}"));
    }
}
