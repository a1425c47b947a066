using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Conformance
{
    /// <summary>The outbox and sequence counter: append, read, acknowledge, reboot recovery, overflow, torn record and header.</summary>
    public static class OutboxSection
    {
        public static void Run(Transcript t)
        {
            MemoryStorage storage = new MemoryStorage(ReadingOutbox.RegionBytesFor(6) + 64);
            ReadingOutbox outbox = new ReadingOutbox(storage, 0, ReadingOutbox.RegionBytesFor(6));
            outbox.Recover();
            State(t, "fresh", outbox);
            SequenceCounter seq = new SequenceCounter(storage, ReadingOutbox.RegionBytesFor(6), 8);
            seq.Start(outbox.NewestSeq);
            Reading r = new Reading();
            for (int i = 0; i < 4; i++)
            {
                Fill(r, seq.Next(), i);
                t.Line("append " + Transcript.I(outbox.Append(r)) + " seq " + Transcript.I(r.Seq));
            }
            State(t, "after 4", outbox);
            Replay(t, outbox);
            outbox.RemoveThrough(2);
            State(t, "acked 2", outbox);

            // Reboot: new instances over the same bytes.
            outbox = new ReadingOutbox(storage, 0, ReadingOutbox.RegionBytesFor(6));
            outbox.Recover();
            State(t, "reboot", outbox);
            seq = new SequenceCounter(storage, ReadingOutbox.RegionBytesFor(6), 8);
            seq.Start(outbox.NewestSeq);
            t.Line("seq resumes " + Transcript.I(seq.Peek));
            Replay(t, outbox);

            // Overflow: 6 slots, 2 pending + 7 more.
            for (int i = 0; i < 7; i++)
            {
                Fill(r, seq.Next(), 10 + i);
                outbox.Append(r);
            }
            State(t, "overflow", outbox);
            Replay(t, outbox);

            // Torn record: the power fails 20 bytes into the next append.
            storage.PowerCutAfterBytes = 20;
            Fill(r, seq.Next(), 99);
            t.Line("torn append record " + Transcript.I(outbox.Append(r)));
            storage.PowerOn();
            outbox = new ReadingOutbox(storage, 0, ReadingOutbox.RegionBytesFor(6));
            outbox.Recover();
            State(t, "after torn record", outbox);
            Replay(t, outbox);

            // Torn header: the power fails inside the acknowledgement write; the other copy is still valid.
            storage.PowerCutAfterBytes = 10;
            outbox.RemoveThrough(outbox.NextRecord - 2);
            storage.PowerOn();
            outbox = new ReadingOutbox(storage, 0, ReadingOutbox.RegionBytesFor(6));
            outbox.Recover();
            State(t, "after torn header", outbox);
            t.Line("read not pending " + Transcript.B(outbox.TryRead(1, r)));
            t.Line("storage crc " + Transcript.H(Methane.Firmware.Core.Integrity.Crc32.Compute(storage.Bytes, 0, storage.Size), 8));
        }

        private static void Fill(Reading r, long seq, int i)
        {
            r.Clear();
            r.Seq = seq;
            r.TimestampMs = 1767225600000 + 10000L * i;
            r.HasMethane = true; r.Ch4Ppm = 2.5 + i; r.LelPct = (2.5 + i) / 500.0;
            r.HasEnvironment = i % 2 == 0; r.TemperatureC = 21.5; r.RelativeHumidityPct = 40.25; r.TemperatureTicks = 24000; r.HumidityTicks = 30000;
            r.HasRaw = true; r.AdcRaw = 9000 + i; r.VoutVolts = 2.25; r.RsOhms = 12222.5; r.RsR0 = 5.05;
            r.Flags = i % 3 == 0 ? ReadingFlags.ClockUnsynced : 0;
        }

        private static void State(Transcript t, string label, ReadingOutbox o)
        {
            t.Line("outbox " + label + " count " + Transcript.I(o.Count) + " capacity " + Transcript.I(o.Capacity) + " oldest " + Transcript.I(o.OldestRecord)
                + " next " + Transcript.I(o.NextRecord) + " dropped " + Transcript.I(o.Dropped) + " corrupt " + Transcript.I(o.CorruptSkipped)
                + " newestSeq " + Transcript.I(o.NewestSeq));
        }

        private static void Replay(Transcript t, ReadingOutbox o)
        {
            Reading into = new Reading();
            string line = "replay";
            for (long rec = o.OldestRecord; rec < o.NextRecord; rec++)
            {
                bool ok = o.TryRead(rec, into);
                line += " " + Transcript.I(rec) + (ok ? ":" + Transcript.I(into.Seq) + "/" + Transcript.D(into.Ch4Ppm) + "/" + Transcript.H(into.Flags, 2) : ":skip");
            }
            t.Line(line);
        }
    }
}
