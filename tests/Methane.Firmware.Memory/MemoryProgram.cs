using System;
using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Config;
using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Core.Text;
using Methane.Firmware.Device.App.Settings;

namespace Methane.Firmware.Memory
{
    /// <summary>
    /// The firmware loop as the device composes it (AppEntry: the reference board's constants, a 1,024-record outbox with the
    /// seq reservation behind it, 20 QoS 1 in flight, 5 s samples, 60 s health) on emulated chips and a scripted broker that
    /// acknowledges every publish, for <see cref="Cycles"/> sample cycles. A broker outage (cycles 4,000–4,199) fills the
    /// outbox and the replay drains it in batches; a leak (cycles 6,000–6,059) raises and clears the alarms. Prints the heap
    /// after a full collection at cycle 100 and at the end, and the collections seen in every 1,000 cycles.
    /// Same sources on .NET 10 and on nanoCLR; the figures are runtime-specific, the counters are not.
    /// </summary>
    public static class MemoryProgram
    {
        public const int Cycles = 10000;
        private const int TickMs = 500;
        private const int OutboxRecords = 1024;
        private const int SeqBlock = 64;
        private const short CleanAirRaw = 9524;   // Rs = 5·R0 = 11 kΩ: Vout 2.381 V, halved, at 4.096 V full scale
        private const int OutageFrom = 4000;
        private const int OutageTo = 4200;
        private const int LeakFrom = 6000;
        private const int LeakTo = 6060;

        public static void Main()
        {
            try
            {
                Run();
            }
            catch (Exception ex)
            {
                Console.WriteLine("FAILED " + ex.GetType().FullName + ": " + ex.Message);
            }
        }

        private static void Run()
        {
            LoopClock clock = new LoopClock();
            LoopAds1115 adc = new LoopAds1115();
            LoopSht4x env = new LoopSht4x();
            AckingBroker broker = new AckingBroker();

            BoardConfig board = BoardDefaults.Create();
            DeviceSettings settings = new DeviceSettings();
            MeasurementCycle cycle = new MeasurementCycle(board, adc, env, clock);
            int outboxBytes = ReadingOutbox.RegionBytesFor(OutboxRecords);
            RamStorage region = new RamStorage(outboxBytes + SequenceCounter.RegionBytes);
            ReadingOutbox outbox = new ReadingOutbox(region, 0, outboxBytes);
            outbox.Recover();
            SequenceCounter seq = new SequenceCounter(region, outboxBytes, SeqBlock);
            seq.Start(outbox.NewestSeq);
            DeviceIdentity id = new DeviceIdentity("dev-mem-1", "site-a", "1.0.0");
            Topics topics = new Topics("dev-mem-1", "site-a");
            SessionSettings sessionSettings = new SessionSettings();
            sessionSettings.MaxInFlight = 20;
            sessionSettings.InboundSlotBytes = 4096;
            SessionManager session = new SessionManager(broker, clock, topics, outbox,
                new TelemetryReadingEncoder(new TelemetryEncoder(id)), sessionSettings);
            CountingLog log = new CountingLog();
            FirmwareLoop loop = new FirmwareLoop(board, settings, cycle, seq, session, outbox, topics, id, clock, log);

            GcCounter gcs = new GcCounter();
            long gcsBefore = 0;
            long gcsAt100 = 0;
            long heapAt100 = 0;
            long allocatedAt100 = 0;
            long allocatedBefore = HeapProbe.AllocatedBytes();
            Console.WriteLine("memory: " + TextFormat.Int(Cycles) + " cycles of " + TextFormat.Int(settings.SampleIntervalSeconds)
                + " s, tick " + TextFormat.Int(TickMs) + " ms, outbox " + TextFormat.Int(OutboxRecords) + " records");
            loop.Start();
            for (int c = 1; c <= Cycles; c++)
            {
                adc.NextRaw = c >= LeakFrom && c < LeakTo ? (short)(CleanAirRaw + 7000) : (short)(CleanAirRaw + (c % 3));
                if (c == OutageFrom) { broker.Outage(); }
                if (c == OutageTo) { broker.Reachable = true; }
                // One cycle = one sample: tick every TickMs of virtual time until the loop has taken it.
                while (loop.SamplesTaken < c)
                {
                    loop.Tick();
                    broker.Pump();
                    gcs.Poll();
                    clock.UptimeMilliseconds += TickMs;
                }

                if (c == 100)
                {
                    heapAt100 = HeapProbe.AfterFullCollection();
                    gcs.Rearm();
                    gcsAt100 = gcs.Collections;
                    allocatedAt100 = HeapProbe.AllocatedBytes();
                    Console.WriteLine("heap " + HeapProbe.Measure + " after full GC at cycle 100: " + TextFormat.Int(heapAt100) + " bytes");
                }
                if (c % 1000 == 0)
                {
                    Console.WriteLine("cycles " + TextFormat.Int(c) + ": gcs " + TextFormat.Int(gcs.Collections - gcsBefore)
                        + ", samples " + TextFormat.Int(loop.SamplesTaken) + ", acked " + TextFormat.Int(session.Counters.ReadingsAcked)
                        + ", batches " + TextFormat.Int(session.Counters.BatchesPublished) + ", outbox " + TextFormat.Int(outbox.Count)
                        + ", alarms " + TextFormat.Int(loop.AlarmsRaised) + "/" + TextFormat.Int(loop.AlarmsCleared)
                        + ", health " + TextFormat.Int(loop.HealthMessagesPublished) + ", log lines " + TextFormat.Int(log.Lines)
                        + (allocatedBefore >= 0 ? ", allocated " + TextFormat.Int(HeapProbe.AllocatedBytes() - allocatedBefore) + " bytes" : ""));
                    gcsBefore = gcs.Collections;
                    allocatedBefore = HeapProbe.AllocatedBytes();
                }
            }

            long allocated = HeapProbe.AllocatedBytes();
            long heapAtEnd = HeapProbe.AfterFullCollection();
            Console.WriteLine("heap " + HeapProbe.Measure + " after full GC at cycle " + TextFormat.Int(Cycles) + ": " + TextFormat.Int(heapAtEnd)
                + " bytes (" + HeapProbe.Measure + " change since cycle 100: " + TextFormat.Int(heapAtEnd - heapAt100) + ")");
            if (allocated >= 0)
            {
                Console.WriteLine("allocated from cycle 100 to " + TextFormat.Int(Cycles) + ": " + TextFormat.Int(allocated - allocatedAt100) + " bytes");
            }
            Console.WriteLine("gcs in cycles 101-" + TextFormat.Int(Cycles) + ": " + TextFormat.Int(gcs.Collections - gcsAt100)
                + "; publishes " + TextFormat.Int(broker.Publishes) + ", bytes " + TextFormat.Int(broker.PublishedBytes)
                + ", connects " + TextFormat.Int(broker.Connects) + ", dropped " + TextFormat.Int(outbox.Dropped));
            Console.WriteLine("END");
        }

        /// <summary>Counts the loop's log lines (events only) without keeping them.</summary>
        private sealed class CountingLog : ILogSink
        {
            public long Lines;

            public void WriteLine(string line)
            {
                Lines++;
            }
        }
    }
}
