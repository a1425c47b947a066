using System.Text;
using System.Text.Json;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Host.Adapters.Storage;
using Xunit;

namespace Methane.Firmware.Core.Tests.Connectivity;

public sealed class SessionManagerTests
{
    private sealed class Rig
    {
        public readonly ManualClock Clock = new() { IsWallClockSet = true, UptimeMilliseconds = 10_000 };
        public readonly FakeMqttTransport Transport;
        public readonly MemoryOutboxStorage Storage;
        public readonly ReadingOutbox Outbox;
        public readonly Topics Topics = new("dev-1", "site-a");
        public readonly TestReadingEncoder Encoder = new();
        public readonly SessionManager Session;
        private long _seq;

        public Rig(SessionSettings? settings = null, int outboxRecords = 512)
        {
            Transport = new FakeMqttTransport(Clock);
            Storage = new MemoryOutboxStorage(ReadingOutbox.RegionBytesFor(outboxRecords));
            Outbox = new ReadingOutbox(Storage);
            Outbox.Recover();
            Session = new SessionManager(Transport, Clock, Topics, Outbox, Encoder, settings ?? new SessionSettings());
        }

        public void Enqueue(int n = 1)
        {
            for (int i = 0; i < n; i++) Session.Enqueue(new Reading { Seq = _seq++, TimestampMs = Clock.EpochMilliseconds, HasMethane = true, Ch4Ppm = 2 });
        }

        public void TickFor(long ms, long step)
        {
            for (long t = 0; t < ms; t += step) { Session.Tick(); Clock.Advance(step); }
        }

        /// <summary>(seq, flags) of every reading in the telemetry and batch messages, in publish order.</summary>
        public List<(long Seq, int Flags, string Topic)> Sent()
        {
            var list = new List<(long, int, string)>();
            foreach (var p in Transport.Publishes)
            {
                using var doc = JsonDocument.Parse(p.Payload);
                if (doc.RootElement.ValueKind == JsonValueKind.Array)
                    foreach (var e in doc.RootElement.EnumerateArray()) list.Add((e.GetProperty("seq").GetInt64(), e.GetProperty("flags").GetInt32(), p.Topic));
                else
                    list.Add((doc.RootElement.GetProperty("seq").GetInt64(), doc.RootElement.GetProperty("flags").GetInt32(), p.Topic));
            }
            return list;
        }
    }

    [Fact]
    public void Never_connects_before_the_wall_clock_is_set()
    {
        var rig = new Rig();
        rig.Clock.IsWallClockSet = false;
        rig.TickFor(60_000, 100);
        Assert.Empty(rig.Transport.Connects);
        Assert.Equal(SessionState.WaitingForClock, rig.Session.State);

        rig.Clock.IsWallClockSet = true;
        rig.Session.Tick();
        Assert.Single(rig.Transport.Connects);
        Assert.Equal(SessionState.Online, rig.Session.State);
    }

    [Fact]
    public void Readings_before_the_clock_is_set_are_flagged()
    {
        var rig = new Rig();
        rig.Clock.IsWallClockSet = false;
        rig.Enqueue();
        rig.Clock.IsWallClockSet = true;
        rig.Enqueue();
        var r = new Reading();
        Assert.True(rig.Outbox.TryRead(1, r));
        Assert.Equal(ReadingFlags.ClockUnsynced, r.Flags & ReadingFlags.ClockUnsynced);
        Assert.True(rig.Outbox.TryRead(2, r));
        Assert.Equal(0, r.Flags & ReadingFlags.ClockUnsynced);
    }

    [Fact]
    public void Connects_with_thing_as_client_id_and_subscribes_to_its_own_topics()
    {
        var rig = new Rig();
        rig.Session.Tick();
        var c = Assert.Single(rig.Transport.Connects);
        Assert.Equal(("dev-1", 300), (c.ClientId, c.KeepAlive));
        Assert.Equal(new[]
        {
            "$aws/things/dev-1/shadow/update/delta",
            "$aws/things/dev-1/shadow/update/accepted",
            "$aws/things/dev-1/shadow/update/rejected",
            "$aws/things/dev-1/shadow/get/accepted",
            "$aws/things/dev-1/shadow/get/rejected",
            "$aws/things/dev-1/jobs/notify-next",
            "$aws/things/dev-1/jobs/start-next/accepted",
            "$aws/things/dev-1/jobs/start-next/rejected",
            "$aws/things/dev-1/jobs/+/update/+",
        }, rig.Transport.Subscriptions);
    }

    [Theory]
    [InlineData(5, 30)]
    [InlineData(29, 30)]
    [InlineData(30, 30)]
    [InlineData(600, 600)]
    [InlineData(1200, 1200)]
    [InlineData(5000, 1200)]
    public void Keepalive_is_clamped_to_aws_limits(int configured, int sent)
    {
        var rig = new Rig(new SessionSettings { KeepAliveSeconds = configured });
        rig.Session.Tick();
        Assert.Equal(sent, rig.Transport.Connects.Single().KeepAlive);
    }

    [Fact]
    public void At_most_one_connect_per_second_even_with_tiny_backoff()
    {
        var rig = new Rig(new SessionSettings { BackoffBaseMs = 1, BackoffCapMs = 1, MinConnectIntervalMs = 10 });
        rig.Transport.DefaultConnectResult = MqttTransportStatus.NetworkError;
        rig.TickFor(10_000, 50);
        var times = rig.Transport.Connects.Select(c => c.AtMs).ToArray();
        // 10 s of 50 ms ticks with a 1 s floor (the configured 10 ms is raised to AWS's 1000 ms): attempts at 0, 1000, … 9000.
        Assert.Equal(10, times.Length);
        for (int i = 1; i < times.Length; i++) Assert.True(times[i] - times[i - 1] >= 1000, $"{times[i - 1]} → {times[i]}");
        Assert.Equal(SessionState.BackingOff, rig.Session.State);
        Assert.Equal(MqttTransportStatus.NetworkError, rig.Session.Counters.LastError);
    }

    [Fact]
    public void Failed_connects_back_off_exponentially_within_the_cap()
    {
        var rig = new Rig(new SessionSettings { BackoffBaseMs = 2000, BackoffCapMs = 20000, RandomSeed = 99 });
        rig.Transport.DefaultConnectResult = MqttTransportStatus.Refused;
        rig.TickFor(600_000, 10);
        var t = rig.Transport.Connects.Select(c => c.AtMs).ToArray();
        // Gap after failure n: max(1 s, U[0, min(20 s, 2 s · 2^n)]) rounded up to the 10 ms tick.
        for (int n = 0; n + 1 < t.Length; n++)
        {
            long ceiling = Math.Min(20000, 2000L << Math.Min(n, 20));
            long gap = t[n + 1] - t[n];
            Assert.InRange(gap, 1000, Math.Max(1000, ceiling) + 10);
        }
        Assert.True(t.Length > 30, "over 10 minutes with a 20 s cap there must be many attempts");
    }

    [Fact]
    public void Subscribe_failure_disconnects_and_backs_off()
    {
        var rig = new Rig();
        rig.Transport.SubscribeResult = MqttTransportStatus.SubscribeRejected;
        rig.Session.Tick();
        Assert.Equal(SessionState.BackingOff, rig.Session.State);
        Assert.Equal(1, rig.Transport.Disconnects);
        Assert.Equal(MqttTransportStatus.SubscribeRejected, rig.Session.Counters.LastError);
    }

    [Fact]
    public void A_live_reading_goes_out_alone_and_leaves_the_outbox_only_after_its_puback()
    {
        var rig = new Rig();
        rig.Session.Tick();
        rig.Enqueue();
        rig.Session.Tick();
        var p = Assert.Single(rig.Transport.Publishes);
        Assert.Equal(("dt/methane/site-a/dev-1/telemetry", 1), (p.Topic, p.Qos));
        Assert.Equal((0L, 0), (rig.Sent()[0].Seq, rig.Sent()[0].Flags));
        Assert.Equal(1, rig.Outbox.Count);
        rig.Session.Tick();
        Assert.Equal(1, rig.Outbox.Count);
        rig.Transport.Ack(p.PacketId);
        rig.Session.Tick();
        Assert.Equal(0, rig.Outbox.Count);
        Assert.Equal(1, rig.Session.Counters.ReadingsAcked);
    }

    [Fact]
    public void Backlog_after_reconnect_goes_out_in_order_as_replayed_batches_of_at_most_5_kb()
    {
        var rig = new Rig();
        rig.Encoder.Padding = 150; // ~190 bytes per reading: about 26 per 5 KB batch
        rig.Transport.DefaultConnectResult = MqttTransportStatus.NetworkError;
        rig.Session.Tick();
        rig.Enqueue(100);
        rig.Transport.DefaultConnectResult = MqttTransportStatus.Ok;
        rig.TickFor(5000, 100);

        Assert.Equal(SessionState.Online, rig.Session.State);
        Assert.All(rig.Transport.Publishes, p => Assert.Equal("dt/methane/site-a/dev-1/batch", p.Topic));
        Assert.All(rig.Transport.Publishes, p => Assert.InRange(p.Payload.Length, 2, 5120));
        Assert.True(rig.Transport.Publishes.Count >= 4, "100 readings of ~190 bytes need at least 4 batches of 5 KB");
        var sent = rig.Sent();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), sent.Select(s => s.Seq));
        Assert.All(sent, s => Assert.Equal(ReadingFlags.Replayed, s.Flags & ReadingFlags.Replayed));
        Assert.Equal(100, rig.Outbox.Count); // nothing acknowledged yet

        rig.Transport.AckAll();
        rig.Session.Tick();
        Assert.Equal(0, rig.Outbox.Count);
        Assert.Equal(100, rig.Session.Counters.ReadingsAcked);
    }

    [Fact]
    public void Out_of_order_pubacks_remove_only_the_acknowledged_prefix()
    {
        var rig = new Rig();
        rig.Session.Tick();
        for (int i = 0; i < 3; i++) { rig.Enqueue(); rig.Session.Tick(); }
        var ids = rig.Transport.Publishes.Select(p => p.PacketId).ToArray();
        Assert.Equal(3, ids.Length);
        rig.Transport.Ack(ids[2]);
        rig.Transport.Ack(ids[1]);
        rig.Session.Tick();
        Assert.Equal(3, rig.Outbox.Count); // the first is still unacknowledged
        rig.Transport.Ack(ids[0]);
        rig.Session.Tick();
        Assert.Equal(0, rig.Outbox.Count);
    }

    [Fact]
    public void In_flight_publishes_never_exceed_100()
    {
        var rig = new Rig(new SessionSettings { MaxInFlight = 1000 });
        rig.Session.Tick();
        for (int i = 0; i < 150; i++)
        {
            rig.Enqueue();
            rig.Session.Tick();
            rig.Clock.Advance(1000); // keep the rate limit out of the way
            Assert.True(rig.Session.InFlight <= 100);
        }
        Assert.Equal(100, rig.Transport.Publishes.Count);
        Assert.Equal(100, rig.Session.InFlight);

        rig.Transport.Ack(rig.Transport.Publishes[0].PacketId);
        rig.Session.Tick();
        // One slot freed: the 50 waiting readings go out together as one replayed batch.
        Assert.Equal(101, rig.Transport.Publishes.Count);
        Assert.Equal("dt/methane/site-a/dev-1/batch", rig.Transport.Publishes[^1].Topic);
        Assert.Equal(Enumerable.Range(100, 50).Select(i => (long)i), rig.Sent().Skip(100).Select(s => s.Seq));
    }

    [Fact]
    public void At_most_100_publishes_in_any_second()
    {
        var rig = new Rig(new SessionSettings { MaxPublishesPerSecond = 500 });
        rig.Encoder.Padding = 3000; // one reading per 5 KB batch, so every reading is one publish
        rig.Transport.AutoAck = true;
        rig.Transport.DefaultConnectResult = MqttTransportStatus.NetworkError;
        rig.Session.Tick();
        rig.Enqueue(250);
        rig.Transport.DefaultConnectResult = MqttTransportStatus.Ok;
        rig.Clock.Advance(60_000);
        long t0 = rig.Clock.UptimeMilliseconds;
        rig.Session.Tick();
        Assert.Equal(100, rig.Transport.Publishes.Count);
        rig.Clock.Advance(999);
        rig.Session.Tick();
        Assert.Equal(100, rig.Transport.Publishes.Count);
        rig.Clock.Advance(1);
        rig.Session.Tick();
        Assert.Equal(200, rig.Transport.Publishes.Count);
        rig.TickFor(3000, 7);
        Assert.Equal(250, rig.Transport.Publishes.Count);
        var times = rig.Transport.Publishes.Select(p => p.AtMs).ToArray();
        for (int i = 100; i < times.Length; i++) Assert.True(times[i] - times[i - 100] >= 1000);
        Assert.Equal(t0, times[0]);
    }

    [Fact]
    public void The_rate_window_counts_from_when_publishes_really_happen_after_a_slow_connect()
    {
        // An ESP32 TLS handshake takes seconds. The first 100 publishes happen when CONNECT returns (t0 + 1500 ms), so the
        // next ones may not go before t0 + 2500 ms; found end to end (190 publishes in one second after a reconnect).
        var rig = new Rig();
        rig.Encoder.Padding = 3000; // one reading per 5 KB batch: one reading = one publish
        rig.Transport.AutoAck = true;
        rig.Transport.DefaultConnectResult = MqttTransportStatus.NetworkError;
        rig.Session.Tick();
        rig.Enqueue(250);
        rig.Transport.DefaultConnectResult = MqttTransportStatus.Ok;
        rig.Transport.ConnectDurationMs = 1500;
        rig.Clock.Advance(60_000);
        long t0 = rig.Clock.UptimeMilliseconds;
        rig.Session.Tick();
        Assert.Equal(100, rig.Transport.Publishes.Count);
        Assert.Equal(t0 + 1500, rig.Transport.Publishes[0].AtMs);
        rig.Clock.Advance(999); // t0 + 2499: still inside the first publishes' second
        rig.Session.Tick();
        Assert.Equal(100, rig.Transport.Publishes.Count);
        rig.Clock.Advance(1);
        rig.Session.Tick();
        Assert.Equal(200, rig.Transport.Publishes.Count);
        var times = rig.Transport.Publishes.Select(p => p.AtMs).ToArray();
        for (int i = 100; i < times.Length; i++) Assert.True(times[i] - times[i - 100] >= 1000, $"publish {i} at {times[i]}, publish {i - 100} at {times[i - 100]}");
    }

    [Fact]
    public void The_rate_window_counts_from_the_publish_not_from_before_encoding()
    {
        // Encoding the first batch takes 50 ms (outbox reads, number formatting), the others no time: the first publish
        // goes out at t0 + 50, so publish 100 may not go before t0 + 1050.
        var rig = new Rig();
        rig.Encoder.Padding = 3000; // one reading per publish
        bool slowDone = false;
        rig.Encoder.OnEncode = _ =>
        {
            if (slowDone) return;
            slowDone = true;
            rig.Clock.Advance(50);
        };
        rig.Transport.AutoAck = true;
        rig.Transport.DefaultConnectResult = MqttTransportStatus.NetworkError;
        rig.Session.Tick();
        rig.Enqueue(150);
        rig.Transport.DefaultConnectResult = MqttTransportStatus.Ok;
        rig.Clock.Advance(60_000);
        long t0 = rig.Clock.UptimeMilliseconds;
        rig.Session.Tick();
        Assert.Equal(100, rig.Transport.Publishes.Count);
        Assert.Equal(t0 + 50, rig.Transport.Publishes[0].AtMs);
        rig.Clock.Advance(1000 - 1); // t0 + 1049
        rig.Session.Tick();
        Assert.Equal(100, rig.Transport.Publishes.Count);
        rig.Clock.Advance(1); // t0 + 1050
        rig.Session.Tick();
        Assert.Equal(150, rig.Transport.Publishes.Count);
    }

    [Fact]
    public void A_dropped_connection_resends_everything_unacknowledged_after_reconnect()
    {
        var rig = new Rig(new SessionSettings { BackoffBaseMs = 500, BackoffCapMs = 8000 });
        rig.Session.Tick();
        for (int i = 0; i < 5; i++) { rig.Enqueue(); rig.Session.Tick(); }
        rig.Transport.Ack(rig.Transport.Publishes[0].PacketId);
        rig.Transport.Ack(rig.Transport.Publishes[1].PacketId);
        rig.Transport.Drop();
        rig.Session.Tick();
        Assert.Equal(SessionState.BackingOff, rig.Session.State);
        rig.Enqueue(3); // taken while offline
        rig.TickFor(3000, 100);
        Assert.Equal(SessionState.Online, rig.Session.State);
        Assert.Equal(1, rig.Session.Counters.Reconnects);
        Assert.Equal(2, rig.Transport.Connects.Count);
        Assert.True(rig.Transport.Connects[1].AtMs - rig.Transport.Connects[0].AtMs >= 1000);

        // Seqs 0, 1 were acknowledged; 2..4 were in flight when the link dropped; 5..7 were queued offline.
        var resent = rig.Sent().Skip(5).ToList();
        Assert.Equal(new long[] { 2, 3, 4, 5, 6, 7 }, resent.Select(s => s.Seq));
        Assert.All(resent, s => Assert.Equal("dt/methane/site-a/dev-1/batch", s.Topic));
        rig.Transport.AckAll();
        rig.Session.Tick();
        Assert.Equal(0, rig.Outbox.Count);
    }

    [Fact]
    public void A_failed_publish_completion_sends_the_unacknowledged_again()
    {
        var rig = new Rig();
        rig.Session.Tick();
        rig.Enqueue(); rig.Session.Tick();
        rig.Enqueue(); rig.Session.Tick();
        rig.Transport.Ack(rig.Transport.Publishes[0].PacketId, acknowledged: false);
        rig.Session.Tick();
        Assert.Equal(new long[] { 0, 1, 0, 1 }, rig.Sent().Select(s => s.Seq));
    }

    [Fact]
    public void Publish_error_counts_as_a_lost_connection()
    {
        var rig = new Rig();
        rig.Session.Tick();
        rig.Transport.PublishResults.Enqueue(MqttTransportStatus.Timeout);
        rig.Enqueue();
        rig.Session.Tick();
        Assert.Equal(SessionState.BackingOff, rig.Session.State);
        Assert.Equal(1, rig.Session.Counters.ConnectionsLost);
        Assert.Equal(1, rig.Outbox.Count);
    }

    [Fact]
    public void Inbound_messages_of_other_things_are_dropped_and_counted()
    {
        var rig = new Rig();
        var got = new List<(string Topic, string Payload)>();
        rig.Session.InboundMessage += (t, p, o, c) => got.Add((t, Encoding.UTF8.GetString(p, o, c)));
        rig.Session.Tick();
        rig.Transport.Deliver("$aws/things/dev-1/shadow/update/delta", Encoding.UTF8.GetBytes("{\"state\":{}}"));
        rig.Transport.Deliver("$aws/things/dev-2/shadow/update/delta", Encoding.UTF8.GetBytes("{}"));
        rig.Transport.Deliver("$aws/things/dev-10/shadow/update/delta", Encoding.UTF8.GetBytes("{}"));
        rig.Transport.Deliver("dt/methane/site-a/dev-1/telemetry", Encoding.UTF8.GetBytes("{}"));
        rig.Transport.Deliver("$aws/things/dev-1/shadow/update/delta", new byte[5000]); // larger than an inbound slot
        Assert.Empty(got); // delivered from Tick, not from the transport's thread
        rig.Session.Tick();
        Assert.Equal(new[] { ("$aws/things/dev-1/shadow/update/delta", "{\"state\":{}}") }, got);
        Assert.Equal(4, rig.Session.Counters.InboundDropped);
    }

    [Fact]
    public void A_connection_dropped_right_after_connect_keeps_backing_off_longer()
    {
        var rig = new Rig(new SessionSettings { BackoffBaseMs = 1000, BackoffCapMs = 64000, StableOnlineMs = 60000, RandomSeed = 3 });
        int seen = 0;
        for (int step = 0; step < 200_000 && rig.Transport.Connects.Count < 8; step++)
        {
            rig.Session.Tick();
            if (rig.Transport.Connects.Count > seen) { seen = rig.Transport.Connects.Count; rig.Transport.Drop(); }
            rig.Clock.Advance(10);
        }
        rig.Session.Tick();
        // Seven drops, each within 60 s of its connect: the failure count was never reset.
        Assert.Equal(8, rig.Transport.Connects.Count);
        Assert.Equal(8, rig.Session.ConsecutiveFailures);

        // Now a connection that stays up for a minute resets it: its drop is failure 1 again.
        rig.Clock.Advance(200_000);
        rig.Session.Tick();
        Assert.Equal(SessionState.Online, rig.Session.State);
        rig.Clock.Advance(60_000);
        rig.Session.Tick();
        Assert.Equal(0, rig.Session.ConsecutiveFailures);
        rig.Transport.Drop();
        rig.Session.Tick();
        Assert.Equal(1, rig.Session.ConsecutiveFailures);
    }

    [Fact]
    public void Steady_state_online_cycle_allocates_nothing_in_the_core()
    {
        // The fake transport and test encoder allocate; so measure only ticks with nothing to send or receive.
        var rig = new Rig();
        rig.Session.Tick();
        rig.Session.Tick();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) { rig.Session.Tick(); rig.Clock.Advance(10); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
