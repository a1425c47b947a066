using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Methane.Broker;
using Methane.Pki;
using MQTTnet;
using MQTTnet.Protocol;

namespace Methane.Cloud.Pipeline;

public sealed record BenchResult(int Messages, double PlainRate, long PlainReceived, double PipelineRate, long PipelineStored)
{
    public double Ratio => PipelineRate / PlainRate;
    public long PlainLost => Messages - PlainReceived;
    public long PipelineLost => Messages - PipelineStored;
}

/// <summary>
/// Throughput of the local pipeline against Mosquitto on loopback (mTLS): the same bounded publisher run twice, once into a
/// plain subscriber that only counts, once into the pipeline (decode, enrich, DuckDB, archive). Rates are messages per
/// second from the first publish to the last message received (plain) or stored (pipeline).
/// </summary>
public static class Bench
{
    public static async Task<BenchResult> RunAsync(int messages, int devices, int window, string workDir, TextWriter log)
    {
        using TemporaryPki pki = TemporaryPki.Create("bench");
        // A throughput bench: the per-connection publish limit (100/s, as AWS IoT) is off so the pipeline is the bottleneck.
        using LocalMosquitto broker = LocalMosquitto.Start(pki.Layout, new MosquittoSettings { PublishesPerSecond = 0 });
        log.WriteLine($"mosquitto pid {broker.ProcessId} on {LocalMosquitto.Host}:{broker.Port} (mTLS)");
        string[] things = Enumerable.Range(1, devices).Select(i => $"bench-{i:D3}").ToArray();
        byte[][][] payloads = things.Select(t => Enumerable.Range(0, messages / devices).Select(s => Payload(t, s)).ToArray()).ToArray();
        int total = payloads.Sum(p => p.Length);

        // ---- plain subscriber ----
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
        var plainOptions = PipelineOptionsFor(broker, pki, workDir, "plain");
        await plain.ConnectAsync(MethanePipeline.BuildClientOptions(plainOptions));
        await plain.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("dt/methane/+/+/telemetry", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        // Warm-up (JIT, TLS session, broker): a tenth of the run, not counted.
        byte[][][] warm = things.Select(t => Enumerable.Range(0, Math.Max(1, messages / devices / 10)).Select(s => Payload(t, -1 - s)).ToArray()).ToArray();
        await PublishAllAsync(broker, pki, things, warm, window);
        await WaitFor(() => Interlocked.Read(ref received), warm.Sum(w => w.Length));
        Interlocked.Exchange(ref received, 0);

        long start = await PublishAllAsync(broker, pki, things, payloads, window);
        await WaitFor(() => Interlocked.Read(ref received), total);
        double plainSeconds = Stopwatch.GetElapsedTime(start, Volatile.Read(ref lastReceiveTicks)).TotalSeconds;
        long plainReceived = Interlocked.Read(ref received);
        await plain.DisconnectAsync();
        plain.Dispose();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plain subscriber: {plainReceived}/{total} in {plainSeconds:F2} s"));

        // ---- pipeline ----
        payloads = things.Select(t => Enumerable.Range(messages / devices, messages / devices).Select(s => Payload(t, s)).ToArray()).ToArray();
        long lastStoreTicks = 0;
        await using (MethanePipeline pipeline = await MethanePipeline.StartAsync(PipelineOptionsFor(broker, pki, workDir, "pipeline")))
        {
            long start2 = await PublishAllAsync(broker, pki, things, payloads, window);
            await WaitFor(() => pipeline.Stats.ReadingsStored, total, () => lastStoreTicks = Stopwatch.GetTimestamp());
            double pipelineSeconds = Stopwatch.GetElapsedTime(start2, lastStoreTicks).TotalSeconds;
            long stored = pipeline.Stats.ReadingsStored;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline: {stored}/{total} stored in {pipelineSeconds:F2} s; {pipeline.Stats}"));
            return new BenchResult(total, plainReceived / plainSeconds, plainReceived, stored / pipelineSeconds, stored);
        }
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
