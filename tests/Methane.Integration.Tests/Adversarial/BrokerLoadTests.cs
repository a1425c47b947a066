using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Methane.Broker;
using Methane.Pki;
using Methane.Testing;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit;
using Xunit.Abstractions;

namespace Methane.Integration.Tests.Adversarial;

/// <summary>Storms, slow handshakes and floods against both brokers (own broker pair, run after the attempts above).</summary>
[Collection("adversarial brokers")]
public sealed class BrokerLoadTests : IClassFixture<BrokerPair>
{
    private readonly BrokerPair _pair;
    private readonly ITestOutputHelper _output;

    public BrokerLoadTests(BrokerPair pair, ITestOutputHelper output)
    {
        _pair = pair;
        _output = output;
    }

    private MqttClientOptionsBuilder Device(string kind, string thing) =>
        Mqtt5.Options(_pair.Port(kind), _pair.Pki.ClientCertificate(thing), thing);

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task Connections_that_never_finish_tls_are_closed_and_do_not_lock_devices_out(string kind)
    {
        const int Count = 300;
        long memoryBefore = _pair.MemoryBytes(kind);
        var sockets = new List<Socket>();
        for (int i = 0; i < Count; i++)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await s.ConnectAsync("127.0.0.1", _pair.Port(kind));
            await s.SendAsync(new byte[] { 0x16, 0x03, 0x01 }); // the first bytes of a ClientHello, then silence
            sockets.Add(s);
        }
        long memoryHeld = _pair.MemoryBytes(kind);
        // A device still gets in while they hang.
        using (Mqtt5.Releaser.Of(await Mqtt5.ConnectAsync(Device(kind, "dev-a")), out IMqttClient a)) Assert.True(a.IsConnected);

        var watch = Stopwatch.StartNew();
        var closedAt = new double?[Count];
        var buffer = new byte[16];
        // The embedded broker's deadline is 10 s; 13 s covers its timer and a loaded machine. Mosquitto 2.0.11 has no
        // deadline and gives a plugin no hook to add one (src/Methane.Broker/README.md): printed, not asserted.
        TimeSpan deadline = DevicePolicy.HandshakeTimeout + TimeSpan.FromSeconds(3);
        while (watch.Elapsed < deadline && closedAt.Any(c => c is null))
        {
            for (int i = 0; i < Count; i++)
            {
                if (closedAt[i] != null || !sockets[i].Poll(0, SelectMode.SelectRead)) continue;
                try
                {
                    if (sockets[i].Receive(buffer) == 0) closedAt[i] = watch.Elapsed.TotalSeconds;
                }
                catch (SocketException)
                {
                    closedAt[i] = watch.Elapsed.TotalSeconds;
                }
            }
            await Task.Delay(100);
        }
        int closed = closedAt.Count(c => c != null);
        foreach (Socket s in sockets) s.Dispose();
        TestFigures.Report($"adversarial {kind}: {Count} connections stalled in the TLS handshake: {closed} closed by the broker within {deadline.TotalSeconds:F0} s " +
            $"(last at {closedAt.Max() ?? 0:F1} s), {Count - closed} still held; broker memory {memoryBefore / 1048576.0:F0} -> {memoryHeld / 1048576.0:F0} MB while held", _output.WriteLine);
        if (kind == BrokerKind.Embedded)
        {
            Assert.Equal(Count, closed);
            Assert.All(closedAt, c => Assert.InRange(c!.Value, 0, deadline.TotalSeconds));
        }
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task A_connect_storm_is_admitted_and_counted(string kind)
    {
        const int Count = 100;
        string[] things = Enumerable.Range(0, Count).Select(i => $"storm-{kind}-{i:D3}").ToArray();
        var options = things.AsParallel().AsOrdered().Select(t => Device(kind, t)).ToArray(); // certificates issued before the clock starts
        long before = _pair.MemoryBytes(kind);
        var watch = Stopwatch.StartNew();
        var results = await Task.WhenAll(options.Select(o => Mqtt5.TryConnectAsync(o)));
        double seconds = watch.Elapsed.TotalSeconds;
        long after = _pair.MemoryBytes(kind);
        int connected = results.Count(r => r.Client?.IsConnected == true);
        TestFigures.Report($"adversarial {kind}: connect storm of {Count} mTLS devices: {connected} held, {seconds:F1} s ({Count / seconds:F0}/s); " +
            $"broker memory {before / 1048576.0:F0} -> {after / 1048576.0:F0} MB", _output.WriteLine);
        foreach (var r in results) r.Client?.Dispose();
        Assert.Equal(Count, connected);
    }

    [Theory]
    [InlineData(BrokerKind.Embedded)]
    [InlineData(BrokerKind.Mosquitto)]
    public async Task A_flooding_device_is_throttled_and_others_keep_their_latency(string kind)
    {
        await using Observer observer = await Observer.StartAsync(_pair.Port(kind), _pair.Pki.ClientCertificate(ServiceIdentity.Observer), ServiceIdentity.Observer);
        string run = Guid.NewGuid().ToString("N")[..8];
        IMqttClient flood = await Mqtt5.ConnectAsync(Device(kind, "dev-flood"));
        using Mqtt5.Releaser floodReleaser = new(flood);
        string[] calmThings = { "dev-calm-1", "dev-calm-2", "dev-calm-3" };
        var calm = new List<IMqttClient>();
        foreach (string t in calmThings) calm.Add(await Mqtt5.ConnectAsync(Device(kind, t)));

        var sent = new Dictionary<string, long>();
        TimeSpan duration = TimeSpan.FromSeconds(3);
        var watch = Stopwatch.StartNew();
        long offered = 0;
        Task flooding = Task.Run(async () =>
        {
            byte[] body = Encoding.UTF8.GetBytes("flood-" + run);
            var message = new MqttApplicationMessageBuilder().WithTopic("dt/methane/site-1/dev-flood/telemetry").WithPayload(body)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce).Build();
            try
            {
                while (watch.Elapsed < duration && flood.IsConnected)
                {
                    await flood.PublishAsync(message);
                    offered++;
                }
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // both brokers disconnect a device over its publish rate, as AWS IoT does (THROTTLED)
            }
        });
        int seq = 0;
        while (watch.Elapsed < duration)
        {
            foreach (var (client, thing) in calm.Zip(calmThings))
            {
                string token = $"calm-{run}-{thing}-{seq}";
                lock (sent) sent[token] = Stopwatch.GetTimestamp();
                Assert.Equal("ok", await Mqtt5.PublishAsync(client, $"dt/methane/site-1/{thing}/telemetry", Encoding.UTF8.GetBytes(token)));
            }
            seq++;
            await Task.Delay(100);
        }
        await flooding;
        string last = $"calm-{run}-end";
        Assert.Equal("ok", await Mqtt5.PublishAsync(calm[0], "dt/methane/site-1/dev-calm-1/telemetry", Encoding.UTF8.GetBytes(last)));
        Assert.True(await observer.WaitForAsync(last, TimeSpan.FromSeconds(60)));

        var seen = observer.All;
        long delivered = seen.Count(s => s.Payload == "flood-" + run);
        var latencies = new List<double>();
        foreach (Observer.Seen s in seen)
        {
            if (sent.TryGetValue(s.Payload, out long at)) latencies.Add(Stopwatch.GetElapsedTime(at, s.Ticks).TotalMilliseconds);
        }
        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? double.NaN : latencies[(int)Math.Min(latencies.Count - 1, q * latencies.Count)];
        double floodSeconds = watch.Elapsed.TotalSeconds;
        bool floodConnected = flood.IsConnected;
        TestFigures.Report($"adversarial {kind}: flood {offered / duration.TotalSeconds:F0} msg/s offered for {duration.TotalSeconds:F0} s " +
            $"({offered} publishes, then {(floodConnected ? "still connected" : "disconnected by the broker")}), " +
            $"{delivered} delivered ({delivered / duration.TotalSeconds:F0} msg/s); other devices' latency p50 {P(0.5):F1} ms p99 {P(0.99):F1} ms " +
            $"over {latencies.Count} readings", _output.WriteLine);
        foreach (IMqttClient c in calm) new Mqtt5.Releaser(c).Dispose();

        Assert.Equal(sent.Count, latencies.Count); // nothing from the well-behaved devices was lost
        // 100/s with a burst of 100: at most 100 + 100 per second of flooding (plus the time the last publishes took);
        // the embedded broker closes the connection, the Mosquitto plugin kicks the client.
        Assert.InRange(delivered, 1, DevicePolicy.PublishesPerSecond * (1 + (long)Math.Ceiling(floodSeconds)));
        Assert.False(floodConnected, $"{kind}: the flooding device is still connected after {offered} publishes");
    }
}
