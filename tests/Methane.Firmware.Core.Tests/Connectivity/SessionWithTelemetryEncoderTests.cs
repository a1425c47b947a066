using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Core.Tests.Outbox;
using Methane.Firmware.Host.Adapters.Storage;
using Methane.Telemetry;
using Xunit;

namespace Methane.Firmware.Core.Tests.Connectivity;

/// <summary>The publish pipeline with the real schema-v1 encoder, checked by the host-side decoder.</summary>
public sealed class SessionWithTelemetryEncoderTests
{
    [Fact]
    public void Live_and_replayed_messages_decode_as_schema_v1()
    {
        var clock = new ManualClock { IsWallClockSet = true, UptimeMilliseconds = 5000 };
        var transport = new FakeMqttTransport(clock) { DefaultConnectResult = MqttTransportStatus.NetworkError };
        var outbox = new ReadingOutbox(new MemoryOutboxStorage(ReadingOutbox.RegionBytesFor(256)));
        outbox.Recover();
        var encoder = new TelemetryReadingEncoder(new TelemetryEncoder(new DeviceIdentity("dev-1", "site-a", "1.4.2")));
        var session = new SessionManager(transport, clock, new Topics("dev-1", "site-a"), outbox, encoder, new SessionSettings());

        session.Tick();                                  // connect fails: offline
        for (int i = 0; i < 60; i++) session.Enqueue(ReadingOutboxTests.Full(i));
        transport.DefaultConnectResult = MqttTransportStatus.Ok;
        clock.Advance(400_000);
        session.Tick();                                  // reconnect: the backlog goes out as batches
        transport.AckAll();
        session.Tick();
        session.Enqueue(ReadingOutboxTests.Full(60));    // now live
        session.Tick();

        var seqs = new List<long>();
        foreach (var p in transport.Publishes)
        {
            Assert.True(p.Payload.Length <= 5120, $"{p.Payload.Length} bytes");
            var decoded = TelemetryDecoder.Decode(p.Payload);
            Assert.True(decoded.Success, decoded.Error?.ToString());
            bool batch = p.Topic.EndsWith("/batch", StringComparison.Ordinal);
            Assert.Equal(batch, decoded.IsBatch);
            foreach (var r in decoded.Readings)
            {
                Assert.Equal(batch, (r.Flags & ReadingFlags.Replayed) != 0);
                Assert.Equal(("dev-1", "site-a"), (r.Thing, r.Site));
                seqs.Add(r.Seq);
            }
        }
        Assert.Equal(Enumerable.Range(0, 61).Select(i => (long)i), seqs);
        Assert.Equal("dt/methane/site-a/dev-1/telemetry", transport.Publishes[^1].Topic);
        // Full readings encode to roughly 280 bytes, so a 5 KB batch holds well under 100 and 60 need several batches.
        Assert.InRange(transport.Publishes.Count - 1, 3, 10);
    }

    [Fact]
    public void A_batch_never_holds_more_than_100_readings()
    {
        var clock = new ManualClock { IsWallClockSet = true };
        var transport = new FakeMqttTransport(clock) { DefaultConnectResult = MqttTransportStatus.NetworkError };
        var outbox = new ReadingOutbox(new MemoryOutboxStorage(ReadingOutbox.RegionBytesFor(300)));
        outbox.Recover();
        var encoder = new TestReadingEncoder(); // ~30 bytes each: 5 KB would fit ~170
        var session = new SessionManager(transport, clock, new Topics("dev-1", "site-a"), outbox, encoder,
            new SessionSettings { MaxBatchBytes = 5120 });
        session.Tick();
        for (int i = 0; i < 250; i++) session.Enqueue(new Reading { Seq = i });
        transport.DefaultConnectResult = MqttTransportStatus.Ok;
        clock.Advance(400_000);
        session.Tick();
        Assert.Equal(new[] { 100, 100, 50 }, transport.Publishes.Select(p => System.Text.Json.JsonDocument.Parse(p.Payload).RootElement.GetArrayLength()));
    }
}
