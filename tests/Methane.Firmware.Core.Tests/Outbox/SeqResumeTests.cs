using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Host.Adapters.Storage;
using Xunit;

namespace Methane.Firmware.Core.Tests.Outbox;

/// <summary>
/// After a reboot the seq continues right after the newest reading ever stored (acknowledged or not), so a subscriber sees no
/// gap; without stored readings it falls back to the reservation mark. Never a reuse of a seq that was stored.
/// </summary>
public sealed class SeqResumeTests
{
    private const int Records = 8;
    private static readonly int OutboxBytes = ReadingOutbox.RegionBytesFor(Records);

    private sealed class Board
    {
        public readonly MemoryOutboxStorage Storage = new(OutboxBytes + SequenceCounter.RegionBytes);
        public ReadingOutbox Outbox = null!;
        public SequenceCounter Seq = null!;

        public void Boot(bool resume)
        {
            Outbox = new ReadingOutbox(Storage, 0, OutboxBytes);
            Outbox.Recover();
            Seq = new SequenceCounter(Storage, OutboxBytes, 16);
            if (resume) Seq.Start(Outbox.NewestSeq); else Seq.Start();
        }

        public long Store()
        {
            var r = new Reading { Seq = Seq.Next(), TimestampMs = 1 };
            Outbox.Append(r);
            return r.Seq;
        }
    }

    [Fact]
    public void Continues_after_the_newest_stored_reading_with_no_gap()
    {
        var b = new Board();
        b.Boot(resume: true);
        for (int i = 0; i < 5; i++) b.Store();          // seqs 0..4; block 16 reserved up to 16
        b.Outbox.RemoveThrough(b.Outbox.NextRecord - 1); // all acknowledged: the records stay in their slots
        b.Boot(resume: true);
        Assert.Equal(4, b.Outbox.NewestSeq);
        Assert.Equal(5, b.Store());                     // the old behaviour continued at the mark, 16: a gap of 11
    }

    [Fact]
    public void Without_resume_the_reservation_gap_remains()
    {
        var b = new Board();
        b.Boot(resume: false);
        for (int i = 0; i < 5; i++) b.Store();
        b.Boot(resume: false);
        Assert.Equal(16, b.Store());
    }

    [Fact]
    public void A_ring_that_wrapped_still_resumes_after_its_newest_record()
    {
        var b = new Board();
        b.Boot(resume: true);
        for (int i = 0; i < 21; i++) b.Store();         // 21 readings through an 8-slot ring: seqs 13..20 remain
        b.Boot(resume: true);
        Assert.Equal(20, b.Outbox.NewestSeq);
        Assert.Equal(21, b.Store());
    }

    [Fact]
    public void An_empty_outbox_falls_back_to_the_mark()
    {
        var b = new Board();
        b.Boot(resume: true);
        Assert.Equal(-1, b.Outbox.NewestSeq);
        Assert.Equal(0, b.Store());
        Array.Clear(b.Storage.Data, 0, OutboxBytes);    // outbox erased (e.g. a new layout), seq region kept: mark 16
        b.Boot(resume: true);
        Assert.Equal(16, b.Store());
    }

    [Fact]
    public void Seqs_after_a_resume_are_never_below_a_stored_one_over_many_reboots()
    {
        var b = new Board();
        long highest = -1;
        for (int boot = 0; boot < 30; boot++)
        {
            b.Boot(resume: true);
            for (int i = 0; i < 1 + boot % 5; i++)
            {
                long s = b.Store();
                Assert.Equal(highest + 1, s);           // gap-free and strictly increasing across every reboot
                highest = s;
            }
        }
    }
}
