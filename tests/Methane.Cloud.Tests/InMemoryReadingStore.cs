using Methane.Cloud.Enrichment;
using Methane.Cloud.Pipeline;
using Methane.Telemetry;

namespace Methane.Cloud.Tests;

/// <summary>A second <see cref="IReadingStore"/>, written by following the README's "How to add a store".</summary>
internal sealed class InMemoryReadingStore : IReadingStore
{
    public Dictionary<(string Thing, int Epoch, long Seq), StoredReading> Readings { get; } = new();
    public HashSet<(string Thing, long Seq, long Timestamp)> Alarms { get; } = new();
    /// <summary>Recorded dead letters by key, with how often each was delivered.</summary>
    public Dictionary<(string Topic, string PayloadSha256, int Ordinal), (DeadLetter Letter, int Deliveries)> DeadLetters { get; } = new();
    public List<SeqEvent> SeqEvents { get; } = new();
    /// <summary>When set, the next write throws it (a full disk) and stores nothing.</summary>
    public Exception? FailNext { get; set; }

    public StoreOutcome Write(StoreBatch batch)
    {
        if (FailNext is { } e)
        {
            FailNext = null;
            throw e;
        }
        int readings = 0, alarms = 0, deadLetters = 0;
        foreach (StoredReading r in batch.Readings)
        {
            if (Readings.TryAdd((r.Enriched.Reading.Thing, r.Epoch, r.Enriched.Reading.Seq), r)) readings++;
        }
        foreach (StoredAlarm a in batch.Alarms)
        {
            if (Alarms.Add((a.Event.Thing, a.Event.Seq, a.Event.Timestamp))) alarms++;
        }
        foreach (KeyedDeadLetter d in batch.DeadLetters)
        {
            var key = (d.Letter.Topic, d.PayloadSha256, d.Ordinal);
            if (DeadLetters.TryGetValue(key, out var recorded)) DeadLetters[key] = (recorded.Letter, recorded.Deliveries + 1);
            else
            {
                DeadLetters.Add(key, (d.Letter, 1));
                deadLetters++;
            }
        }
        SeqEvents.AddRange(batch.SeqEvents);
        return new StoreOutcome(readings, alarms, deadLetters);
    }

    public IReadOnlyList<DeviceSeqState> SeqStates() => Readings.Values
        .GroupBy(r => r.Enriched.Reading.Thing)
        .Select(g => g.OrderByDescending(r => r.Epoch).ThenByDescending(r => r.Enriched.Reading.Seq).First())
        .Select(r => new DeviceSeqState(r.Enriched.Reading.Thing, r.Epoch, r.Enriched.Reading.Seq, r.Enriched.Reading.Timestamp,
            (r.Enriched.Reading.Flags & TelemetryFlags.ClockUnsynced) == 0 && r.TimeFlag == null))
        .ToList();

    public void Dispose()
    {
    }
}
