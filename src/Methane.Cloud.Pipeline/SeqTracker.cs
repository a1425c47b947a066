namespace Methane.Cloud.Pipeline;

public enum SeqVerdict { First, InOrder, Gap, Duplicate, Late, Reset, Jump }

/// <summary>A detected hole in a device's sequence: seq values <see cref="FromSeq"/>..<see cref="ToSeq"/> never arrived (yet).</summary>
public sealed record SeqGap(string Thing, long FromSeq, long ToSeq, long DetectedMs, int Epoch = 0)
{
    public long Missing => ToSeq - FromSeq + 1;
}

/// <summary>
/// Something happened to a device's sequence that is not a gap: <c>seq-restart</c> (the seq went back, e.g. a factory reset;
/// a new epoch starts) or <c>seq-jump</c> (one reading jumped further ahead than a device can count).
/// </summary>
public sealed record SeqEvent(string Thing, string Kind, int Epoch, long PreviousSeq, long Seq, long DetectedMs, string Reason);

/// <summary>How one reading fits its device's sequence, and the epoch it is stored under.</summary>
public readonly record struct SeqObservation(SeqVerdict Verdict, int Epoch, SeqGap? Gap, SeqEvent? Event);

/// <summary>
/// Tracks <c>seq</c> per device (monotonic across reboots, schema v1): gaps, duplicates, late arrivals, and restarts. A
/// device's readings are numbered within an <em>epoch</em>; the store's key is (thing, epoch, seq), so readings after a
/// seq restart are new readings, not duplicates of the old ones.
/// <list type="bullet">
/// <item>Duplicate: the same seq with the same timestamp seen within the last <see cref="Window"/> readings.</item>
/// <item>Restart (new epoch): the same seq with a different timestamp; or a lower seq whose (synced) timestamp is newer than
/// the highest reading's, i.e. produced after it; or the first lower seq after a <see cref="MaxJump"/>-sized jump.</item>
/// <item>Late: a lower seq not seen recently and not newer: stored in the current epoch (the store's key drops it if it
/// is an old message delivered again). After a restart, a higher seq with an older (synced) timestamp than the newest
/// reading is a message from before the restart: it goes to the previous epoch.</item>
/// </list>
/// A reset is recognised from an unsynced reading only while the colliding seq is within the window (see the README).
/// </summary>
public sealed class SeqTracker
{
    public const int Window = 4096;

    /// <summary>A forward jump larger than this (more than three years at one reading per second) is no gap but an event.</summary>
    public const long MaxJump = 100_000_000;

    private sealed class DeviceState
    {
        public int Epoch;
        public long Highest;
        public long HighestTs;
        public bool HighestSynced;
        public long JumpFrom = -1;
        public readonly Dictionary<long, long> Seen = new();
        public readonly Queue<long> Order = new();
        public long OutstandingMissing;
    }

    private readonly Dictionary<string, DeviceState> _devices = new(StringComparer.Ordinal);

    public long Duplicates { get; private set; }
    public long Late { get; private set; }
    public long GapsDetected { get; private set; }
    public long Resets { get; private set; }
    public long Jumps { get; private set; }
    /// <summary>Seq values reported missing and not (yet) filled by a late arrival, over all devices.</summary>
    public long OutstandingMissing { get; private set; }

    /// <summary>Continues from what the store holds (after a pipeline restart); call before the first observation.</summary>
    public void Resume(DeviceSeqState s) => _devices[s.Thing] = new DeviceState
    {
        Epoch = s.Epoch, Highest = s.HighestSeq, HighestTs = s.HighestTimestampMs, HighestSynced = s.HighestClockSynced,
    };

    public SeqObservation Observe(string thing, long seq, long timestampMs, bool clockSynced, long nowMs)
    {
        if (!_devices.TryGetValue(thing, out DeviceState? d))
        {
            d = new DeviceState();
            _devices[thing] = d;
            MoveTo(d, seq, timestampMs, clockSynced);
            return new SeqObservation(SeqVerdict.First, d.Epoch, null, null);
        }
        if (seq > d.Highest) return Ahead(thing, d, seq, timestampMs, clockSynced, nowMs);
        if (d.Seen.TryGetValue(seq, out long seenTs))
        {
            if (seenTs == timestampMs)
            {
                Duplicates++;
                return new SeqObservation(SeqVerdict.Duplicate, d.Epoch, null, null);
            }
            return Restart(thing, d, seq, timestampMs, clockSynced, nowMs,
                $"seq {seq} arrived again with timestamp {timestampMs} (before: {seenTs}): the device's seq restarted");
        }
        if (clockSynced && d.HighestSynced && timestampMs > d.HighestTs)
        {
            return Restart(thing, d, seq, timestampMs, clockSynced, nowMs,
                $"seq {seq} after {d.Highest} but newer (timestamp {timestampMs} > {d.HighestTs}): the device's seq restarted");
        }
        if (d.JumpFrom >= 0 && seq > d.JumpFrom)
        {
            return Restart(thing, d, seq, timestampMs, clockSynced, nowMs,
                $"seq {seq} continues from {d.JumpFrom} after the jump to {d.Highest}");
        }
        Remember(d, seq, timestampMs);
        Late++;
        if (d.OutstandingMissing > 0)
        {
            d.OutstandingMissing--;
            OutstandingMissing--;
        }
        return new SeqObservation(SeqVerdict.Late, d.Epoch, null, null);
    }

    private SeqObservation Ahead(string thing, DeviceState d, long seq, long ts, bool synced, long nowMs)
    {
        if (d.Epoch > 0 && synced && d.HighestSynced && ts < d.HighestTs)
        {
            // Higher seq but produced before the newest reading: a message from before the restart, delivered again (a
            // retained one after a pipeline restart). It belongs to the previous epoch, where the store already has it.
            Late++;
            return new SeqObservation(SeqVerdict.Late, d.Epoch - 1, null, null);
        }
        long missing = seq - d.Highest - 1;
        if (missing > MaxJump)
        {
            Jumps++;
            var jump = new SeqEvent(thing, "seq-jump", d.Epoch, d.Highest, seq, nowMs,
                $"seq jumped from {d.Highest} to {seq} ({missing} ahead, more than {MaxJump}); not counted as missing");
            long from = d.Highest;
            MoveTo(d, seq, ts, synced);
            d.JumpFrom = from;
            return new SeqObservation(SeqVerdict.Jump, d.Epoch, null, jump);
        }
        SeqGap? gap = null;
        if (missing > 0)
        {
            gap = new SeqGap(thing, d.Highest + 1, seq - 1, nowMs, d.Epoch);
            GapsDetected++;
            d.OutstandingMissing += missing;
            OutstandingMissing += missing;
        }
        MoveTo(d, seq, ts, synced);
        d.JumpFrom = -1;
        return new SeqObservation(gap == null ? SeqVerdict.InOrder : SeqVerdict.Gap, d.Epoch, gap, null);
    }

    private SeqObservation Restart(string thing, DeviceState d, long seq, long ts, bool synced, long nowMs, string reason)
    {
        Resets++;
        var e = new SeqEvent(thing, "seq-restart", d.Epoch + 1, d.Highest, seq, nowMs, reason);
        d.Epoch++;
        d.Seen.Clear();
        d.Order.Clear();
        OutstandingMissing -= d.OutstandingMissing; // holes of the old epoch will not be filled by this numbering
        d.OutstandingMissing = 0;
        d.JumpFrom = -1;
        MoveTo(d, seq, ts, synced);
        return new SeqObservation(SeqVerdict.Reset, d.Epoch, null, e);
    }

    private static void MoveTo(DeviceState d, long seq, long ts, bool synced)
    {
        d.Highest = seq;
        d.HighestTs = ts;
        d.HighestSynced = synced;
        Remember(d, seq, ts);
    }

    private static void Remember(DeviceState d, long seq, long ts)
    {
        if (!d.Seen.TryAdd(seq, ts)) return;
        d.Order.Enqueue(seq);
        if (d.Order.Count > Window) d.Seen.Remove(d.Order.Dequeue());
    }
}
