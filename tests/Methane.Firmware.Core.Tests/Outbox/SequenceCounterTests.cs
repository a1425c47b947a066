using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Host.Adapters.Storage;
using Xunit;

namespace Methane.Firmware.Core.Tests.Outbox;

public sealed class SequenceCounterTests
{
    private static SequenceCounter Boot(MemoryOutboxStorage storage, int block)
    {
        var c = new SequenceCounter(storage, 0, block);
        c.Start();
        return c;
    }

    [Fact]
    public void Starts_at_zero_and_writes_once_per_block()
    {
        var storage = new MemoryOutboxStorage(SequenceCounter.RegionBytes);
        var seq = Boot(storage, 10);
        for (long expected = 0; expected < 25; expected++) Assert.Equal(expected, seq.Next());
        // Reservations: at start (mark 10), at seq 10 (mark 20), at seq 20 (mark 30): 3 writes for 25 values.
        Assert.Equal(3, storage.Writes);
        Assert.Equal(30, seq.ReservedUpTo);
    }

    [Fact]
    public void Continues_above_the_reserved_mark_after_reboot_without_reuse()
    {
        var storage = new MemoryOutboxStorage(SequenceCounter.RegionBytes);
        var used = new HashSet<long>();
        long last = -1;
        for (int boot = 0; boot < 20; boot++)
        {
            var seq = Boot(storage, 16);
            int n = boot * 7 % 40; // 0..39 readings per boot, sometimes across a block boundary
            for (int i = 0; i < n; i++)
            {
                long s = seq.Next();
                Assert.True(s > last, $"boot {boot}: {s} after {last}");
                Assert.True(used.Add(s));
                last = s;
            }
        }
        // First boot: 0 readings, mark 16. Second boot continues at 16: the gap per reboot is at most one block.
        Assert.True(last < 20 * 16 + used.Count);
    }

    [Fact]
    public void Second_boot_hands_out_exactly_the_old_mark()
    {
        var storage = new MemoryOutboxStorage(SequenceCounter.RegionBytes);
        var first = Boot(storage, 100);
        Assert.Equal(0, first.Next());
        Assert.Equal(1, first.Next());
        var second = Boot(storage, 100);
        Assert.Equal(100, second.Next()); // block 0..99 was reserved by the first boot
        var third = Boot(storage, 100);
        Assert.Equal(200, third.Next());
    }

    [Fact]
    public void Torn_reservation_at_every_byte_never_causes_reuse()
    {
        for (int k = 0; k <= 16; k++)
        {
            var storage = new MemoryOutboxStorage(SequenceCounter.RegionBytes);
            var seq = Boot(storage, 10);
            for (int i = 0; i < 10; i++) seq.Next(); // 0..9 handed out; the next call must reserve 10..19
            storage.TearNextWriteAfter = k;
            long handedOut = 9;
            try { handedOut = seq.Next(); } catch (SimulatedPowerCutException) { }
            // A complete write (k = 16) hands out 10 before the "reboot"; a torn one hands out nothing more.
            Assert.Equal(k == 16 ? 10 : 9, handedOut);
            var after = Boot(storage, 10);
            long next = after.Next();
            Assert.True(next > handedOut, $"k={k}: {next} reused (last handed out {handedOut})");
            // Until the CRC (bytes 12..15) starts, the new copy cannot validate: the old mark 10 rules. Within the CRC the
            // zero bytes left in the fresh region may happen to match it, which makes the write complete (mark 20).
            if (k <= 12) Assert.Equal(10, next);
            else if (k == 16) Assert.Equal(20, next);
            else Assert.Contains(next, new long[] { 10, 20 });
        }
    }
}
