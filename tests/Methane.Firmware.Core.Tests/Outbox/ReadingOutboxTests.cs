using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Host.Adapters.Storage;
using Xunit;

namespace Methane.Firmware.Core.Tests.Outbox;

public sealed class ReadingOutboxTests
{
    // A full reading (methane + environment + raw) is 22 + 16 + 20 + 28 = 86 payload bytes; the slot write adds
    // magic(2) + length(2) + record(4) before and CRC-32(4) after: 98 bytes written per append.
    private const int FullRecordWrite = 98;

    internal static Reading Full(long seq)
    {
        return new Reading
        {
            Seq = seq, TimestampMs = 1_790_000_000_000 + seq * 1000,
            HasMethane = true, Ch4Ppm = 1234.5 + seq, LelPct = 2.469,
            HasEnvironment = true, TemperatureC = -12.25, RelativeHumidityPct = 55.5, TemperatureTicks = 21000, HumidityTicks = 40000,
            HasRaw = true, AdcRaw = -1234, VoutVolts = 0.1543, RsOhms = 25000.5, RsR0 = 0.731,
            Alarm = AlarmLevel.Low, Flags = ReadingFlags.Uncompensated | ReadingFlags.RateOfRise,
        };
    }

    private static ReadingOutbox Boot(MemoryOutboxStorage storage)
    {
        var outbox = new ReadingOutbox(storage);
        outbox.Recover();
        return outbox;
    }

    private static List<long> PendingSeqs(ReadingOutbox outbox)
    {
        var list = new List<long>();
        var r = new Reading();
        for (long rec = outbox.OldestRecord; rec < outbox.NextRecord; rec++)
        {
            if (outbox.TryRead(rec, r)) list.Add(r.Seq);
        }
        return list;
    }

    [Fact]
    public void Record_round_trip_keeps_every_field_bit_exact()
    {
        var storage = new MemoryOutboxStorage(ReadingOutbox.RegionBytesFor(4));
        var outbox = Boot(storage);
        var original = Full(7);
        original.Ch4Ppm = 0.1 + 0.2; // a double whose shortest decimal form is long
        outbox.Append(original);
        outbox.Append(new Reading { Seq = 8, TimestampMs = 99, Flags = ReadingFlags.SensorFault }); // no groups at all

        var back = new Reading();
        var again = Boot(storage);
        Assert.True(again.TryRead(1, back));
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.1 + 0.2), BitConverter.DoubleToInt64Bits(back.Ch4Ppm));
        Assert.Equal((7L, 1_790_000_007_000L, 2.469, -12.25, 55.5, 21000, 40000, -1234, 0.1543, 25000.5, 0.731, 1, 0x600),
            (back.Seq, back.TimestampMs, back.LelPct, back.TemperatureC, back.RelativeHumidityPct, back.TemperatureTicks,
             back.HumidityTicks, back.AdcRaw, back.VoutVolts, back.RsOhms, back.RsR0, back.Alarm, back.Flags));
        Assert.True(back.HasMethane && back.HasEnvironment && back.HasRaw);
        Assert.True(again.TryRead(2, back));
        Assert.Equal((8L, 99L, ReadingFlags.SensorFault, false, false, false),
            (back.Seq, back.TimestampMs, back.Flags, back.HasMethane, back.HasEnvironment, back.HasRaw));
    }

    [Fact]
    public void Empty_storage_recovers_as_empty_whatever_its_fill()
    {
        foreach (byte fill in new byte[] { 0x00, 0xFF, 0xA5 })
        {
            var outbox = Boot(new MemoryOutboxStorage(ReadingOutbox.RegionBytesFor(8), fill));
            Assert.Equal(0, outbox.Count);
            Assert.Equal(1, outbox.NextRecord);
        }
    }

    [Fact]
    public void Full_ring_drops_the_oldest_and_counts()
    {
        var storage = new MemoryOutboxStorage(ReadingOutbox.RegionBytesFor(4));
        var outbox = Boot(storage);
        Assert.Equal(4, outbox.Capacity);
        for (int i = 1; i <= 10; i++) outbox.Append(Full(i));
        // 10 appended into 4 slots: 6 dropped, the newest 4 (7..10) remain, in order.
        Assert.Equal(6, outbox.Dropped);
        Assert.Equal(4, outbox.Count);
        Assert.Equal(new long[] { 7, 8, 9, 10 }, PendingSeqs(outbox));
        // And the same after a reboot.
        Assert.Equal(new long[] { 7, 8, 9, 10 }, PendingSeqs(Boot(storage)));
    }

    [Fact]
    public void Removed_records_stay_removed_after_reboot_and_numbering_continues()
    {
        var storage = new MemoryOutboxStorage(ReadingOutbox.RegionBytesFor(8));
        var outbox = Boot(storage);
        for (int i = 1; i <= 5; i++) outbox.Append(Full(i));
        outbox.RemoveThrough(3);
        Assert.Equal(new long[] { 4, 5 }, PendingSeqs(outbox));

        var after = Boot(storage);
        Assert.Equal(new long[] { 4, 5 }, PendingSeqs(after));
        Assert.Equal(6, after.NextRecord);
        after.RemoveThrough(5);
        var empty = Boot(storage);
        Assert.Equal(0, empty.Count);
        Assert.Equal(6, empty.NextRecord); // removed records are never renumbered
    }

    [Fact]
    public void Torn_append_at_every_byte_is_skipped_not_replayed()
    {
        for (int k = 0; k <= FullRecordWrite; k++)
        {
            var storage = new MemoryOutboxStorage(ReadingOutbox.RegionBytesFor(8));
            var outbox = Boot(storage);
            for (int i = 1; i <= 3; i++) outbox.Append(Full(i));
            storage.TearNextWriteAfter = k;
            if (k < FullRecordWrite) Assert.Throws<SimulatedPowerCutException>(() => outbox.Append(Full(4)));
            else outbox.Append(Full(4)); // k == full length: the write completed

            var rebooted = Boot(storage);
            var expected = k < FullRecordWrite ? new long[] { 1, 2, 3 } : new long[] { 1, 2, 3, 4 };
            Assert.Equal(expected, PendingSeqs(rebooted));
            // The next reading lands cleanly after the torn one.
            rebooted.Append(Full(5));
            Assert.Equal(expected.Append(5).ToArray(), PendingSeqs(Boot(storage)));
        }
    }

    [Fact]
    public void A_torn_final_append_is_counted_as_corrupt_once_its_slot_header_is_written()
    {
        // Slot write = magic(2) length(2) record(4) | payload(86) | CRC(4) = 98 bytes over 0xFF (erased flash). With all 8
        // header bytes down the slot names record 4 (the next one) without a valid CRC: a reading lost to the power cut,
        // counted. Fewer than 8 bytes look like a slot never written; all 98 bytes are a complete append.
        for (int k = 0; k <= FullRecordWrite; k++)
        {
            var storage = new MemoryOutboxStorage(ReadingOutbox.RegionBytesFor(8), 0xFF);
            var outbox = Boot(storage);
            for (int i = 1; i <= 3; i++) outbox.Append(Full(i));
            storage.TearNextWriteAfter = k;
            try { outbox.Append(Full(4)); } catch (SimulatedPowerCutException) { }

            var rebooted = Boot(storage);
            int expectedCorrupt = k >= 8 && k < FullRecordWrite ? 1 : 0;
            Assert.True(expectedCorrupt == rebooted.CorruptSkipped, $"tear after {k} bytes: CorruptSkipped {rebooted.CorruptSkipped}");
            Assert.Equal(k < FullRecordWrite ? 3 : 4, rebooted.Count);
            rebooted.Append(Full(5)); // overwrites the torn slot: the next boot finds nothing torn
            Assert.Equal(0, Boot(storage).CorruptSkipped);
        }
    }

    [Fact]
    public void Torn_append_over_the_oldest_record_of_a_full_ring()
    {
        for (int k = 0; k <= FullRecordWrite; k++)
        {
            var storage = new MemoryOutboxStorage(ReadingOutbox.RegionBytesFor(4));
            var outbox = Boot(storage);
            for (int i = 1; i <= 4; i++) outbox.Append(Full(i));
            storage.TearNextWriteAfter = k;
            try { outbox.Append(Full(5)); } catch (SimulatedPowerCutException) { }

            // Record 5 goes into record 1's slot. Its first 4 bytes (magic, length 86) equal record 1's, so a tear within them
            // leaves 1 intact. A tear from byte 5 on destroys 1 and 5 is incomplete: 2..4 remain. A complete write: 2..5.
            long[] expected = k <= 4 ? new long[] { 1, 2, 3, 4 }
                : k < FullRecordWrite ? new long[] { 2, 3, 4 }
                : new long[] { 2, 3, 4, 5 };
            var rebooted = Boot(storage);
            Assert.Equal(expected, PendingSeqs(rebooted));
            Assert.Equal(expected.Length, rebooted.Count);
        }
    }

    [Fact]
    public void Torn_acknowledgement_mark_falls_back_to_the_previous_one()
    {
        // Header copy: magic(4) generation(4) acked(4) slots(4) CRC(4) + 12 zero bytes = 32 bytes written. Once the CRC
        // (bytes 16..19) is complete — k ≥ 20 — the new mark is valid; before that, the other copy's older mark wins.
        for (int k = 0; k <= 32; k++)
        {
            var storage = new MemoryOutboxStorage(ReadingOutbox.RegionBytesFor(8));
            var outbox = Boot(storage);
            for (int i = 1; i <= 6; i++) outbox.Append(Full(i));
            outbox.RemoveThrough(2);
            storage.TearNextWriteAfter = k;
            if (k < 32) Assert.Throws<SimulatedPowerCutException>(() => outbox.RemoveThrough(4));
            else outbox.RemoveThrough(4);

            var expected = k < 20 ? new long[] { 3, 4, 5, 6 } : new long[] { 5, 6 };
            Assert.Equal(expected, PendingSeqs(Boot(storage)));
        }
    }

    [Fact]
    public void A_flipped_bit_in_a_stored_record_is_detected()
    {
        var storage = new MemoryOutboxStorage(ReadingOutbox.RegionBytesFor(4));
        var outbox = Boot(storage);
        for (int i = 1; i <= 3; i++) outbox.Append(Full(i));
        // Record 2 lives in slot 2 (record mod 4): region offset 64 (headers) + 2 * 104; byte 30 is inside its payload.
        storage.Data[64 + 2 * 104 + 30] ^= 0x10;
        var rebooted = Boot(storage);
        Assert.Equal(new long[] { 1, 3 }, PendingSeqs(rebooted));
        Assert.Equal(1, rebooted.CorruptSkipped);
    }

    [Fact]
    public void File_storage_survives_a_process_restart()
    {
        string dir = Path.Combine(Path.GetTempPath(), "outbox-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(dir, "outbox.bin");
        try
        {
            int size = ReadingOutbox.RegionBytesFor(16) + SequenceCounter.RegionBytes;
            using (var file = new FileOutboxStorage(path, size))
            {
                var outbox = new ReadingOutbox(file, 0, ReadingOutbox.RegionBytesFor(16));
                outbox.Recover();
                var seq = new SequenceCounter(file, ReadingOutbox.RegionBytesFor(16), 50);
                seq.Start();
                for (int i = 0; i < 5; i++) outbox.Append(Full(seq.Next()));
                outbox.RemoveThrough(2);
            }
            Assert.Equal(ReadingOutbox.RegionBytesFor(16) + 32, new FileInfo(path).Length);
            using (var file = new FileOutboxStorage(path, size))
            {
                var outbox = new ReadingOutbox(file, 0, ReadingOutbox.RegionBytesFor(16));
                outbox.Recover();
                var r = new Reading();
                var seqs = new List<long>();
                for (long rec = outbox.OldestRecord; rec < outbox.NextRecord; rec++) { Assert.True(outbox.TryRead(rec, r)); seqs.Add(r.Seq); }
                Assert.Equal(new long[] { 2, 3, 4 }, seqs);
                var seq = new SequenceCounter(file, ReadingOutbox.RegionBytesFor(16), 50);
                seq.Start();
                Assert.Equal(50, seq.Next()); // continues above the reserved block 0..49
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
