using Methane.Cloud.Enrichment;
using Methane.Telemetry;

namespace Methane.Cloud.Pipeline;

/// <summary>One reading to store: the enriched reading, the seq epoch it belongs to, and why its time is not trusted (null = plausible).</summary>
public sealed record StoredReading(EnrichedReading Enriched, int Epoch, string? TimeFlag);

/// <summary>
/// One alarm event to store (alarm-event-v1): the event as the device sent it, and its enrichment (site, event time from the
/// device clock or the receive time when that is not trusted, the site-threshold level of its methane value).
/// </summary>
public sealed record StoredAlarm(EnrichedReading Enriched, AlarmEventMessage Event);

/// <summary>
/// A dead letter and its key: the SHA-256 (lowercase hex) of the whole payload and the letter's place among the letters of
/// that message (a batch can yield several). The same message delivered again (a redelivery after a restart) has the same
/// key, so a store records it once and counts the deliveries.
/// </summary>
public sealed record KeyedDeadLetter(DeadLetter Letter, string PayloadSha256, int Ordinal);

/// <summary>Everything one flush of the processor writes; a store writes it all or nothing.</summary>
public sealed record StoreBatch(
    IReadOnlyList<StoredReading> Readings,
    IReadOnlyList<StoredAlarm> Alarms,
    IReadOnlyList<KeyedDeadLetter> DeadLetters,
    IReadOnlyList<SeqGap> Gaps,
    IReadOnlyList<SeqEvent> SeqEvents,
    IReadOnlyList<DeviceHealthMessage>? Health = null,
    IReadOnlyList<JobStatusUpdate>? JobUpdates = null)
{
    public bool IsEmpty => Readings.Count + Alarms.Count + DeadLetters.Count + Gaps.Count + SeqEvents.Count
        + (Health?.Count ?? 0) + (JobUpdates?.Count ?? 0) == 0;
}

/// <summary>
/// What a store did with a batch: readings and alarms already present under their key are skipped, not stored twice; dead
/// letters already present under their key are not recorded again (their delivery count goes up).
/// </summary>
public sealed record StoreOutcome(int ReadingsInserted, int AlarmsInserted, int DeadLettersInserted)
{
    public static readonly StoreOutcome None = new(0, 0, 0);
}

/// <summary>Where a device's sequence stood when the store was last written: the newest epoch and its highest reading.</summary>
public sealed record DeviceSeqState(string Thing, int Epoch, long HighestSeq, long HighestTimestampMs, bool HighestClockSynced);

/// <summary>
/// The store behind the pipeline. Readings are keyed by (thing, epoch, seq) and alarms by (thing, seq, timestamp): writing
/// the same key again is a no-op, so a message delivered twice (QoS 1, retained, redelivered after a restart) is stored once.
/// Dead letters are keyed by (topic, payload SHA-256, ordinal): a redelivered letter adds a delivery to the recorded one.
/// <see cref="Write"/> is atomic: when it throws, nothing of the batch is stored and the caller retries the whole batch.
/// </summary>
public interface IReadingStore : IDisposable
{
    StoreOutcome Write(StoreBatch batch);

    /// <summary>Per device, the state the sequence tracker resumes from after a pipeline restart.</summary>
    IReadOnlyList<DeviceSeqState> SeqStates();
}
