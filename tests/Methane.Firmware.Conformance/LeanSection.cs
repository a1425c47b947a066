using Methane.Firmware.Core.Ambient;
using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Core.Wind;

namespace Methane.Firmware.Conformance
{
    /// <summary>
    /// Lean telemetry: compact readings (v1 gas, v2 ambient, v2 met) and the session holding live readings for the publish
    /// interval and sending them as one …/batch (full batch, flush, raw diagnostics switched on, interval 0, an offline
    /// backlog replayed), with every published byte.
    /// </summary>
    public static class LeanSection
    {
        public static void Run(Transcript t)
        {
            RunCompact(t);
            RunSession(t);
        }

        private static Reading Sample(long seq, long timestamp, int kind)
        {
            Reading r = new Reading();
            r.Seq = seq;
            r.TimestampMs = timestamp;
            r.HasEnvironment = true;
            r.TemperatureC = 21.255 + 0.5 * (seq % 3);
            r.RelativeHumidityPct = 48.125;
            r.TemperatureTicks = 24500;
            r.HumidityTicks = 37000;
            if (kind == 2)
            {
                r.IsMetStation = true;
                r.HasWind = true;
                r.WindSpeedMs = 4.02336; r.WindGustMs = 6.035; r.WindDirectionDeg = 359.9; r.WindSigmaThetaDeg = 12.34;
                r.WindSamples = 60; r.WindFlags = WindFlags.None; r.WindPulses = 240; r.VaneVolts = 3.2908;
                return r;
            }
            r.HasMethane = true;
            r.Ch4Ppm = 1.5 * seq;
            r.LelPct = r.Ch4Ppm / 500.0;
            r.HasRaw = true;
            r.AdcRaw = 9524; r.VoutVolts = 1.1905; r.RsOhms = 11188.25; r.RsR0 = 5.0856;
            if (kind == 1)
            {
                r.HasAmbient = true;
                r.AmbientPpm = 2.0456; r.BackgroundPpm = 1.9875; r.AmbientSigmaPpm = 0.5;
                r.BackgroundFlags = AmbientFlags.Uncalibrated; r.EnhancementFlags = AmbientFlags.Uncalibrated | AmbientFlags.BelowNoise;
            }
            return r;
        }

        private static void RunCompact(Transcript t)
        {
            TelemetryEncoder encoder = new TelemetryEncoder(new DeviceIdentity("dev-001", "site-a", "1.2.3"));
            byte[] json = new byte[900];
            for (int kind = 0; kind < 3; kind++)
            {
                Reading r = Sample(10 + kind, 1767225600000, kind);
                encoder.Compact = false;
                int full = encoder.Encode(r, json, 0, json.Length);
                encoder.Compact = true;
                int n = encoder.Encode(r, json, 0, json.Length);
                t.Line("compact " + Transcript.I(kind) + " full " + Transcript.I(full) + " compact " + Transcript.I(n) + " " + Transcript.Ascii(json, 0, n < 0 ? 0 : n));
                t.Line("compact " + Transcript.I(kind) + " too small " + Transcript.I(encoder.Encode(r, json, 0, n - 1)));
            }
            DeviceSettings device = new DeviceSettings();
            TelemetryReadingEncoder port = new TelemetryReadingEncoder(encoder, device);
            Reading g = Sample(20, 1767225600000, 0);
            device.RawDiagnostics = false;
            int a = port.Encode(g, json, 0, json.Length);
            device.RawDiagnostics = true;
            int b = port.Encode(g, json, 0, json.Length);
            t.Line("port raw off " + Transcript.I(a) + " on " + Transcript.I(b) + " defaults interval " + Transcript.I(new DeviceSettings().PublishIntervalSeconds)
                + " raw " + Transcript.B(new DeviceSettings().RawDiagnostics));
        }

        private static void RunSession(Transcript t)
        {
            FakeClock clock = new FakeClock();
            clock.UptimeMilliseconds = 1000;
            clock.IsWallClockSet = true;
            ScriptedTransport transport = new ScriptedTransport(t);
            transport.PrintWholePayload = true;
            Topics topics = new Topics("dev-001", "site-a");
            ReadingOutbox outbox = new ReadingOutbox(new MemoryStorage(ReadingOutbox.RegionBytesFor(32)));
            outbox.Recover();
            DeviceSettings device = new DeviceSettings();
            TelemetryEncoder encoder = new TelemetryEncoder(new DeviceIdentity("dev-001", "site-a", "1.2.3"));
            SessionSettings settings = new SessionSettings();
            settings.RandomSeed = 777;
            settings.MaxBatchBytes = 2048;
            settings.MaxBatchReadings = 4;
            SessionManager session = new SessionManager(transport, clock, topics, outbox, new TelemetryReadingEncoder(encoder, device), settings);
            session.PublishIntervalMs = (long)device.PublishIntervalSeconds * 500; // 30 s
            long seq = 1;

            Tick(t, "connect", session, clock, outbox);
            for (int i = 0; i < 4; i++)
            {
                Enqueue(session, clock, ref seq, 1, i == 1 ? 1 : (i == 2 ? 2 : 0));
                Tick(t, "live " + Transcript.I(i), session, clock, outbox);
                if (i < 3) { clock.UptimeMilliseconds += 10000; }
            }
            transport.Complete(transport.LastPacketId, true);
            clock.UptimeMilliseconds += 1000;
            Tick(t, "acked", session, clock, outbox);

            Enqueue(session, clock, ref seq, 5, 0);
            Tick(t, "full batch", session, clock, outbox);
            transport.Complete(transport.LastPacketId, true);
            clock.UptimeMilliseconds += 1000;
            Tick(t, "rest waits", session, clock, outbox);
            session.Flush();
            Tick(t, "flush", session, clock, outbox);
            transport.Complete(transport.LastPacketId, true);
            clock.UptimeMilliseconds += 1000;
            Tick(t, "flushed", session, clock, outbox);

            device.RawDiagnostics = true;
            Enqueue(session, clock, ref seq, 1, 0);
            clock.UptimeMilliseconds += 29999;
            Tick(t, "raw, 1 ms early", session, clock, outbox);
            clock.UptimeMilliseconds += 1;
            Tick(t, "raw, due", session, clock, outbox);
            transport.Complete(transport.LastPacketId, true);
            device.RawDiagnostics = false;

            session.PublishIntervalMs = -5;
            t.Line("interval negative -> " + Transcript.I(session.PublishIntervalMs));
            clock.UptimeMilliseconds += 1000;
            Enqueue(session, clock, ref seq, 1, 0);
            Tick(t, "interval 0 live", session, clock, outbox);
            transport.Complete(transport.LastPacketId, true);
            session.PublishIntervalMs = 30000;

            transport.Drop(MqttTransportStatus.NetworkError);
            clock.UptimeMilliseconds += 100;
            Tick(t, "dropped", session, clock, outbox);
            Enqueue(session, clock, ref seq, 2, 1);
            clock.UptimeMilliseconds = session.NextConnectAtMs;
            Tick(t, "reconnect, backlog at once", session, clock, outbox);
            transport.Complete(transport.LastPacketId, true);
            clock.UptimeMilliseconds += 1000;
            Enqueue(session, clock, ref seq, 1, 0);
            Tick(t, "live after backlog waits", session, clock, outbox);
            clock.UptimeMilliseconds += 30000;
            Tick(t, "due", session, clock, outbox);
            transport.Complete(transport.LastPacketId, true);
            clock.UptimeMilliseconds += 1000;
            Tick(t, "end", session, clock, outbox);
            SessionCounters c = session.Counters;
            t.Line("lean counters messages " + Transcript.I(c.MessagesPublished) + " batches " + Transcript.I(c.BatchesPublished)
                + " published " + Transcript.I(c.ReadingsPublished) + " acked " + Transcript.I(c.ReadingsAcked));
        }

        private static void Enqueue(SessionManager session, FakeClock clock, ref long seq, int n, int kind)
        {
            for (int i = 0; i < n; i++)
            {
                session.Enqueue(Sample(seq++, clock.EpochMilliseconds, kind));
            }
        }

        private static void Tick(Transcript t, string label, SessionManager session, FakeClock clock, ReadingOutbox outbox)
        {
            t.Line("lean tick " + label + " at " + Transcript.I(clock.UptimeMilliseconds));
            session.Tick();
            t.Line("  state " + Transcript.I((int)session.State) + " inflight " + Transcript.I(session.InFlight) + " unsent " + Transcript.I(session.Unsent)
                + " pending " + Transcript.I(outbox.Count));
        }
    }
}
