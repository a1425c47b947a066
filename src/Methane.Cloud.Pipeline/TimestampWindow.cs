namespace Methane.Cloud.Pipeline;

/// <summary>
/// The device times the pipeline believes: from 2020-01-01 (older than any device of this product; a clock that was never
/// set reports 1970) to one day after the message was received (a clock far in the future, or 2^53−1). A reading outside
/// is stored with <c>time_flag</c> set to the reason and its event time set to the receive time, and is left out of every
/// time-based report. Readings whose flags say the clock is unsynced carry uptime, not epoch time, and are not checked.
/// </summary>
public static class TimestampWindow
{
    public const long EarliestMs = 1_577_836_800_000; // 2020-01-01T00:00:00Z
    public const long MaxAheadMs = 86_400_000;        // 1 day

    /// <summary>Null when plausible, else the reason (names the value and the window).</summary>
    public static string? Check(long timestampMs, long receivedMs)
    {
        if (timestampMs < EarliestMs) return $"timestamp {timestampMs} is before 2020-01-01 ({EarliestMs})";
        if (timestampMs > receivedMs + MaxAheadMs) return $"timestamp {timestampMs} is more than 1 day after receipt ({receivedMs})";
        return null;
    }
}
