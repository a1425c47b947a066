using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;

namespace Methane.Firmware.Conformance
{
    /// <summary>
    /// The session manager over a scripted transport: waiting for the clock, a refused CONNECT and the jittered backoff,
    /// backlog replay as a batch, a live single publish, a dropped connection with readings stored meanwhile, a publish
    /// that fails without PUBACK (everything unacknowledged goes again), inbound shadow/jobs messages and a control publish.
    /// </summary>
    public static class SessionSection
    {
        private static Transcript _t;

        public static void Run(Transcript t)
        {
            _t = t;
            FakeClock clock = new FakeClock();
            clock.UptimeMilliseconds = 1000;
            ScriptedTransport transport = new ScriptedTransport(t);
            Topics topics = new Topics("dev-001", "site-a");
            MemoryStorage storage = new MemoryStorage(ReadingOutbox.RegionBytesFor(32));
            ReadingOutbox outbox = new ReadingOutbox(storage);
            outbox.Recover();
            TelemetryEncoder encoder = new TelemetryEncoder(new DeviceIdentity("dev-001", "site-a", "1.2.3"));
            SessionSettings settings = new SessionSettings();
            settings.RandomSeed = 12345;
            settings.MaxBatchBytes = 1024;
            SessionManager session = new SessionManager(transport, clock, topics, outbox, new TelemetryReadingEncoder(encoder), settings);
            session.InboundMessage += OnInbound;
            long seq = 1;

            Tick(t, "boot", session, clock, outbox);
            Enqueue(session, clock, ref seq, 2);
            Tick(t, "no clock", session, clock, outbox);
            clock.IsWallClockSet = true;
            transport.NextConnect = MqttTransportStatus.NetworkError;
            Tick(t, "clock set, connect fails", session, clock, outbox);
            Tick(t, "too early", session, clock, outbox);
            clock.UptimeMilliseconds = session.NextConnectAtMs;
            transport.NextConnect = MqttTransportStatus.Refused;
            Tick(t, "retry refused", session, clock, outbox);
            clock.UptimeMilliseconds = session.NextConnectAtMs;
            transport.NextConnect = MqttTransportStatus.Ok;
            Tick(t, "retry ok", session, clock, outbox);
            transport.Complete(transport.LastPacketId, true);
            Tick(t, "batch acked", session, clock, outbox);

            clock.UptimeMilliseconds += 5000;
            Enqueue(session, clock, ref seq, 1);
            Tick(t, "live", session, clock, outbox);
            transport.Complete(transport.LastPacketId, true);
            clock.UptimeMilliseconds += 5000;
            Tick(t, "live acked", session, clock, outbox);

            transport.Drop(MqttTransportStatus.NetworkError);
            clock.UptimeMilliseconds += 100;
            Tick(t, "dropped", session, clock, outbox);
            Enqueue(session, clock, ref seq, 3);
            clock.UptimeMilliseconds = session.NextConnectAtMs;
            Tick(t, "reconnect", session, clock, outbox);
            transport.Complete(transport.LastPacketId, false);
            clock.UptimeMilliseconds += 1000;
            Tick(t, "nack, resend", session, clock, outbox);
            transport.Complete(transport.LastPacketId, true);
            clock.UptimeMilliseconds += 1000;
            Tick(t, "acked", session, clock, outbox);

            transport.Deliver(topics.ShadowUpdateDelta, "{\"version\":2,\"state\":{\"alarm.lowLelPct\":12}}");
            transport.Deliver("$aws/things/other/shadow/update/delta", "{}");
            transport.Deliver(topics.JobsNotifyNext, "{\"execution\":{\"jobId\":\"j1\"}}");
            Tick(t, "inbound", session, clock, outbox);
            byte[] report = Transcript.Utf8("{\"state\":{\"reported\":{\"fw\":\"1.2.3\"}}}");
            t.Line("control " + Transcript.B(session.PublishControl(topics.ShadowUpdate, report, 0, report.Length)));
            transport.NextPublish = MqttTransportStatus.Timeout;
            Enqueue(session, clock, ref seq, 1);
            Tick(t, "publish times out", session, clock, outbox);
            transport.NextPublish = MqttTransportStatus.Ok;
            clock.UptimeMilliseconds = session.NextConnectAtMs;
            Tick(t, "reconnect again", session, clock, outbox);
            transport.Complete(transport.LastPacketId, true);
            clock.UptimeMilliseconds += 1000;
            Tick(t, "end", session, clock, outbox);
            SessionCounters c = session.Counters;
            t.Line("counters attempts " + Transcript.I(c.ConnectAttempts) + " reconnects " + Transcript.I(c.Reconnects) + " lost " + Transcript.I(c.ConnectionsLost)
                + " messages " + Transcript.I(c.MessagesPublished) + " batches " + Transcript.I(c.BatchesPublished) + " published " + Transcript.I(c.ReadingsPublished)
                + " acked " + Transcript.I(c.ReadingsAcked) + " rejected " + Transcript.I(c.ReadingsRejected) + " inbound " + Transcript.I(c.InboundDelivered)
                + "/" + Transcript.I(c.InboundDropped) + " lastError " + Transcript.I((int)c.LastError));
            string subs = "";
            for (int i = 0; i < topics.Subscriptions.Length; i++) { subs += " " + topics.Subscriptions[i]; }
            t.Line("topics " + topics.Telemetry + " " + topics.Batch + " " + topics.JobUpdate("job-1") + " own " + Transcript.B(topics.IsOwnInbound(topics.ShadowUpdateDelta))
                + " " + Transcript.B(topics.IsOwnInbound("$aws/things/other/shadow/update/delta")) + subs);
        }

        private static void OnInbound(string topic, byte[] payload, int offset, int count)
        {
            _t.Line("  inbound " + topic + " " + Transcript.Ascii(payload, offset, count));
        }

        private static void Enqueue(SessionManager session, FakeClock clock, ref long seq, int n)
        {
            for (int i = 0; i < n; i++)
            {
                Reading r = new Reading();
                r.Seq = seq++;
                r.TimestampMs = clock.IsWallClockSet ? clock.EpochMilliseconds : clock.UptimeMilliseconds;
                r.HasMethane = true;
                r.Ch4Ppm = 1.5 * r.Seq;
                r.LelPct = r.Ch4Ppm / 500.0;
                session.Enqueue(r);
            }
        }

        private static void Tick(Transcript t, string label, SessionManager session, FakeClock clock, ReadingOutbox outbox)
        {
            t.Line("tick " + label + " at " + Transcript.I(clock.UptimeMilliseconds));
            session.Tick();
            t.Line("  state " + Transcript.I((int)session.State) + " inflight " + Transcript.I(session.InFlight) + " unsent " + Transcript.I(session.Unsent)
                + " pending " + Transcript.I(outbox.Count) + " failures " + Transcript.I(session.ConsecutiveFailures) + " next " + Transcript.I(session.NextConnectAtMs));
        }
    }
}
