using System.Text;
using System.Text.Json;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Core.Tests.Telemetry;
using Methane.Firmware.Host.Adapters.Storage;
using Methane.Telemetry;
using Xunit;

namespace Methane.Firmware.Core.Tests.Connectivity;

/// <summary>
/// Lean telemetry: live readings wait up to the publish interval and go out together as one …/batch message; a backlog, a
/// full batch and a flush go at once; readings batched live are not flagged replayed; compact readings stay schema v1.
/// </summary>
public sealed class PublishIntervalTests
{
    private const long Interval = 60_000;

    private sealed class Rig
    {
        public readonly ManualClock Clock = new() { IsWallClockSet = true, UptimeMilliseconds = 10_000 };
        public readonly FakeMqttTransport Transport;
        public readonly ReadingOutbox Outbox;
        public readonly SessionManager Session;
        private long _seq;

        public Rig(int maxBatchReadings = 100)
        {
            Transport = new FakeMqttTransport(Clock) { AutoAck = true };
            Outbox = new ReadingOutbox(new MemoryOutboxStorage(ReadingOutbox.RegionBytesFor(512)));
            Outbox.Recover();
            Session = new SessionManager(Transport, Clock, new Topics("dev-1", "site-a"), Outbox, new TestReadingEncoder(),
                new SessionSettings { PublishIntervalMs = Interval, MaxBatchReadings = maxBatchReadings });
            Session.Tick();   // online before the first reading: everything after is live
        }

        /// <summary>One reading every 5 s for <paramref name="seconds"/>, ticking every 100 ms in between.</summary>
        public void Sample(int seconds)
        {
            for (int s = 0; s < seconds; s += 5)
            {
                Session.Enqueue(new Reading { Seq = _seq++, TimestampMs = Clock.EpochMilliseconds, HasMethane = true, Ch4Ppm = 2 });
                for (int t = 0; t < 5000; t += 100) { Session.Tick(); Clock.Advance(100); }
            }
        }

        /// <summary>Per message: topic, uptime sent, and (seq, flags) of its readings.</summary>
        public List<(string Topic, long At, List<(long Seq, int Flags)> Readings)> Messages() => Transport.Publishes.Select(p =>
        {
            using var doc = JsonDocument.Parse(p.Payload);
            var items = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList() : [doc.RootElement];
            return (p.Topic, p.AtMs, items.Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("flags").GetInt32())).ToList());
        }).ToList();
    }

    [Fact]
    public void Live_readings_go_out_together_once_the_oldest_waited_the_interval()
    {
        var rig = new Rig();
        rig.Sample(600);   // 120 readings at 10 s, 15 s, … of uptime
        var messages = rig.Messages();
        // First reading at uptime 10.0 s: due at 70.0 s, when the reading of 70 s is queued too: seq 0..12 in one message.
        Assert.Equal(("dt/methane/site-a/dev-1/batch", 70_000L), (messages[0].Topic, messages[0].At));
        Assert.Equal(Enumerable.Range(0, 13).Select(i => (long)i), messages[0].Readings.Select(r => r.Seq));
        Assert.All(messages, m => Assert.Equal("dt/methane/site-a/dev-1/batch", m.Topic));
        // Every reading published once, in order, none flagged replayed, and no reading waited more than the interval.
        var all = messages.SelectMany(m => m.Readings.Select(r => (r.Seq, r.Flags, m.At))).ToList();
        Assert.Equal(Enumerable.Range(0, all.Count).Select(i => (long)i), all.Select(r => r.Seq));
        Assert.All(all, r => Assert.Equal(0, r.Flags & ReadingFlags.Replayed));
        Assert.All(all, r => Assert.InRange(r.At - (10_000 + r.Seq * 5000), 0, Interval));
        // 13 readings per 65 s: 9 messages for the 117 readings that became due, instead of 117 single messages.
        Assert.Equal(9, messages.Count);
        Assert.Equal(117, all.Count);
    }

    [Fact]
    public void A_flush_a_full_batch_and_a_backlog_after_an_outage_go_at_once()
    {
        var rig = new Rig(maxBatchReadings: 4);
        rig.Sample(15);                     // 3 readings: waiting
        Assert.Empty(rig.Transport.Publishes);
        rig.Sample(5);                      // the 4th fills a batch
        Assert.Equal(new long[] { 0, 1, 2, 3 }, rig.Messages().Single().Readings.Select(r => r.Seq));

        rig.Sample(5);
        rig.Session.Flush();
        rig.Session.Tick();
        Assert.Equal(new long[] { 4 }, rig.Messages()[1].Readings.Select(r => r.Seq));

        // Outage: three readings queued offline are a backlog after the reconnect, sent at once and flagged replayed; the
        // reading queued after the reconnect is live again and waits.
        rig.Transport.DefaultConnectResult = MqttTransportStatus.NetworkError;
        rig.Transport.Drop();
        rig.Sample(15);
        int before = rig.Transport.Publishes.Count;
        rig.Transport.DefaultConnectResult = MqttTransportStatus.Ok;
        for (int i = 0; i < 3000 && rig.Session.State != SessionState.Online; i++) { rig.Session.Tick(); rig.Clock.Advance(100); }
        Assert.Equal(SessionState.Online, rig.Session.State);
        rig.Session.Tick();
        var replay = rig.Messages().Skip(before).SelectMany(m => m.Readings).ToList();
        Assert.Equal(new long[] { 5, 6, 7 }, replay.Select(r => r.Seq));
        Assert.All(replay, r => Assert.Equal(ReadingFlags.Replayed, r.Flags & ReadingFlags.Replayed));
        rig.Sample(5);
        Assert.Equal(3, rig.Messages().Skip(before).SelectMany(m => m.Readings).Count());
        Assert.Equal(1, rig.Outbox.Count);
    }

    [Fact]
    public void Interval_zero_sends_each_reading_alone_on_telemetry()
    {
        var rig = new Rig();
        rig.Session.PublishIntervalMs = 0;
        rig.Sample(15);
        Assert.Equal(new[] { "telemetry", "telemetry", "telemetry" }, rig.Messages().Select(m => m.Topic.Split('/')[^1]));
    }

    [Fact]
    public void A_compact_reading_is_schema_v1_without_the_diagnostics_and_about_60_percent_of_the_bytes()
    {
        Reading reading = TelemetryTestSupport.FullReading();
        var encoder = new TelemetryEncoder(TelemetryTestSupport.Identity);
        var full = new byte[TelemetryEncoder.MaxEncodedLength];
        int fullLength = encoder.Encode(reading, full, 0, full.Length);
        encoder.Compact = true;
        var compact = new byte[TelemetryEncoder.MaxEncodedLength];
        int compactLength = encoder.Encode(reading, compact, 0, compact.Length);

        TelemetryTestSupport.AssertSchemaValid(compact.AsSpan(0, compactLength));
        Assert.Equal(
            "{\"v\":1,\"thing\":\"methane-dev-0001\",\"site\":\"site_A-7\",\"seq\":42,\"timestamp\":1717243200123,\"ch4_ppm\":1234.6," +
            "\"lel_pct\":2.469,\"temp_c\":21.50,\"rh_pct\":45.25,\"alarm\":1,\"flags\":32}",
            Encoding.ASCII.GetString(compact, 0, compactLength));
        Assert.True(TelemetryDecoder.TryDecodeReading(compact.AsSpan(0, compactLength), out TelemetryReading? decoded, out var error), error?.Message);
        TelemetryDecoder.TryDecodeReading(full.AsSpan(0, fullLength), out TelemetryReading? decodedFull, out _);
        // The measurement is the same; only the diagnostics and fw are absent.
        Assert.Equal(decodedFull! with { TRaw = null, RhRaw = null, AdcRaw = null, VoutV = null, RsOhm = null, RsR0 = null, Fw = null }, decoded);
        Assert.Equal((171, 280), (compactLength, fullLength));   // this reading: 61 %
    }
}
