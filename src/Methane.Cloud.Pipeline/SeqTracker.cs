namespace Methane.Cloud.Pipeline;

public enum SeqVerdict { First, InOrder, Gap, Duplicate, Late }

/// <summary>A detected hole in a device's sequence: seq values <see cref="FromSeq"/>..<see cref="ToSeq"/> never arrived (yet).</summary>
public sealed record SeqGap(string Thing, long FromSeq, long ToSeq, long DetectedMs)
{
    public long Missing => ToSeq - FromSeq + 1;
}

/// <summary>
/// Tracks <c>seq</c> per device (monotonic across reboots, schema v1): reports gaps, duplicates, and late arrivals that
/// fill an earlier gap. Remembers the last <see cref="Window"/> seq values per device to tell duplicates from late ones.
/// </summary>
public sealed class SeqTracker
{
    public const int Window = 4096;

    private sealed class DeviceState
    {
        public long Highest;
        public readonly HashSet<long> Seen = new();
        public readonly Queue<long> Order = new();
        public long OutstandingMissing;
    }

    private readonly Dictionary<string, DeviceState> _devices = new(StringComparer.Ordinal);

    public long Duplicates { get; private set; }
    public long Late { get; private set; }
    public long GapsDetected { get; private set; }
    /// <summary>Seq values reported missing and not (yet) filled by a late arrival, over all devices.</summary>
    public long OutstandingMissing { get; private set; }

    public SeqVerdict Observe(string thing, long seq, long nowMs, out SeqGap? gap)
    {
        gap = null;
        if (!_devices.TryGetValue(thing, out DeviceState? d))
        {
            d = new DeviceState { Highest = seq };
            _devices[thing] = d;
            Remember(d, seq);
            return SeqVerdict.First;
        }
        if (seq > d.Highest)
        {
            long missing = seq - d.Highest - 1;
            SeqVerdict verdict = SeqVerdict.InOrder;
            if (missing > 0)
            {
                gap = new SeqGap(thing, d.Highest + 1, seq - 1, nowMs);
                GapsDetected++;
                d.OutstandingMissing += missing;
                OutstandingMissing += missing;
                verdict = SeqVerdict.Gap;
            }
            d.Highest = seq;
            Remember(d, seq);
            return verdict;
        }
        if (d.Seen.Contains(seq) || seq < d.Highest - Window)
        {
            // Beyond the window a late arrival cannot be told from a replay; counted as duplicate (not stored twice).
            Duplicates++;
            return SeqVerdict.Duplicate;
        }
        Remember(d, seq);
        Late++;
        if (d.OutstandingMissing > 0)
        {
            d.OutstandingMissing--;
            OutstandingMissing--;
        }
        return SeqVerdict.Late;
    }

    private static void Remember(DeviceState d, long seq)
    {
        d.Seen.Add(seq);
        d.Order.Enqueue(seq);
        if (d.Order.Count > Window) d.Seen.Remove(d.Order.Dequeue());
    }
}
