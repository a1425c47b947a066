namespace Methane.Firmware.Host.Fleet;

/// <summary>Millisecond latencies in 1 ms buckets up to 60 s (beyond that: one overflow bucket); percentiles by counting.</summary>
public sealed class LatencyHistogram
{
    private const int Buckets = 60_000;
    private readonly long[] _counts = new long[Buckets + 1];
    private readonly object _gate = new();
    private long _total;
    private long _negative;
    private long _max;

    public long Count { get { lock (_gate) return _total; } }

    /// <summary>Samples below zero (a receive time before the device's timestamp: clock skew); recorded as 0.</summary>
    public long Negative { get { lock (_gate) return _negative; } }

    public long Max { get { lock (_gate) return _max; } }

    public void Record(long milliseconds)
    {
        lock (_gate)
        {
            if (milliseconds < 0)
            {
                _negative++;
                milliseconds = 0;
            }
            if (milliseconds > _max) _max = milliseconds;
            _counts[milliseconds >= Buckets ? Buckets : milliseconds]++;
            _total++;
        }
    }

    /// <summary>The smallest latency L such that at least <paramref name="fraction"/> of the samples are ≤ L; -1 when empty.</summary>
    public long Percentile(double fraction)
    {
        lock (_gate)
        {
            if (_total == 0) return -1;
            long rank = (long)Math.Ceiling(fraction * _total);
            if (rank < 1) rank = 1;
            long seen = 0;
            for (int i = 0; i <= Buckets; i++)
            {
                seen += _counts[i];
                if (seen >= rank) return i == Buckets ? _max : i;
            }
            return _max;
        }
    }
}
