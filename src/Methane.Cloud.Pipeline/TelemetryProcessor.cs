using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Methane.Cloud.Enrichment;
using Methane.Telemetry;

namespace Methane.Cloud.Pipeline;

/// <summary>Counters of one pipeline run. Read from any thread.</summary>
public sealed class PipelineStats
{
    internal long received, readingsStored, alarmsStored, duplicates, flushes, timeFlagged, deadLettersRedelivered;
    public long MessagesReceived => Interlocked.Read(ref received);
    public long ReadingsStored => Interlocked.Read(ref readingsStored);
    public long AlarmsStored => Interlocked.Read(ref alarmsStored);
    public long DuplicatesSkipped => Interlocked.Read(ref duplicates);
    public long Flushes => Interlocked.Read(ref flushes);
    /// <summary>Readings stored with an implausible device time (time_flag), left out of time-based reports.</summary>
    public long TimeFlagged => Interlocked.Read(ref timeFlagged);
    /// <summary>Dead letters this run produced (a redelivered one included; see <see cref="DeadLettersRedelivered"/>).</summary>
    public long DeadLetters => DeadLetterCounter.Total;
    /// <summary>Dead letters the store had recorded already (same topic and payload): counted as a delivery, not recorded again.</summary>
    public long DeadLettersRedelivered => Interlocked.Read(ref deadLettersRedelivered);
    public required CountingDeadLetterSink DeadLetterCounter { get; init; }
    public required SeqTracker Seq { get; init; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"received {MessagesReceived}, stored {ReadingsStored} readings + {AlarmsStored} alarms, dead letters {DeadLetters} ({DeadLettersRedelivered} redelivered), duplicates {DuplicatesSkipped}, gaps {Seq.GapsDetected} (missing {Seq.OutstandingMissing}), late {Seq.Late}, seq restarts {Seq.Resets}, seq jumps {Seq.Jumps}, time-flagged {TimeFlagged}");
}

/// <summary>
/// Broker-independent heart of the local pipeline: decode (strict v1) → enrich → time check → sequence check → buffer;
/// <see cref="Flush"/> writes the buffers to the store (one atomic batch) and commits the raw archive. When Flush throws
/// (disk full) nothing is lost: what the store did not take and what the archive did not commit stay buffered, and the next
/// Flush writes them. Not thread-safe: one consumer calls it.
/// </summary>
public sealed class TelemetryProcessor : IDeadLetterSink
{
    private readonly Enricher _enricher;
    private readonly IReadingStore _store;
    private readonly RawArchiveWriter _archive;
    private readonly List<StoredReading> _readings = new();
    private readonly List<SeqEvent> _seqEvents = new();
    private readonly List<DeviceHealthMessage> _health = new();
    private readonly List<JobStatusUpdate> _jobUpdates = new();
    private readonly List<StoredAlarm> _alarms = new();
    private readonly List<KeyedDeadLetter> _deadLetters = new();
    private readonly List<DeadLetter> _messageLetters = new();
    private readonly List<SeqGap> _gaps = new();
    private readonly ArrayBufferWriter<byte> _line = new(1024);

    public TelemetryProcessor(Enricher enricher, IReadingStore store, RawArchiveWriter archive)
    {
        _enricher = enricher;
        _store = store;
        _archive = archive;
        var seq = new SeqTracker();
        foreach (DeviceSeqState state in store.SeqStates()) seq.Resume(state);
        Stats = new PipelineStats { DeadLetterCounter = new CountingDeadLetterSink(this), Seq = seq };
    }

    public PipelineStats Stats { get; }

    public int Pending => _readings.Count + _alarms.Count + _deadLetters.Count + _gaps.Count + _seqEvents.Count + _health.Count
        + _jobUpdates.Count + _archive.PendingLines;

    // The letters of the message being processed; keyed by its payload hash when it is done.
    void IDeadLetterSink.Write(DeadLetter letter) => _messageLetters.Add(letter);

    public void Process(string topic, ReadOnlySpan<byte> payload, long receivedMs)
    {
        Interlocked.Increment(ref Stats.received);
        try
        {
            ProcessMessage(topic, payload, receivedMs);
        }
        finally
        {
            if (_messageLetters.Count > 0) KeyDeadLetters(payload);
        }
    }

    /// <summary>Only messages that were dead-lettered are hashed (the good ones are keyed by thing and seq).</summary>
    private void KeyDeadLetters(ReadOnlySpan<byte> payload)
    {
        string hash = Convert.ToHexStringLower(SHA256.HashData(payload));
        for (int i = 0; i < _messageLetters.Count; i++) _deadLetters.Add(new KeyedDeadLetter(_messageLetters[i], hash, i));
        _messageLetters.Clear();
    }

    private void ProcessMessage(string topic, ReadOnlySpan<byte> payload, long receivedMs)
    {
        IDeadLetterSink dead = Stats.DeadLetterCounter;
        if (DeviceStatusDecoder.IsJobUpdateTopic(topic, out string jobThing, out string jobId))
        {
            // The device's own Jobs update request (OTA progress and outcome), seen by the pipeline as a service subscriber.
            if (DeviceStatusDecoder.DecodeJobUpdate(topic, jobThing, jobId, payload, receivedMs, dead) is { } update) _jobUpdates.Add(update);
            return;
        }
        if (!TelemetryTopic.TryParse(topic, out TelemetryTopic t))
        {
            dead.Write(DeadLetter.Create(topic, "unexpected-topic", "topic", topic, receivedMs, payload,
                "dt/methane/{site}/{thing}/telemetry|batch|alarm|health or $aws/things/{thing}/jobs/{jobId}/update"));
            return;
        }
        if (t.Kind == TopicKind.Health)
        {
            // Device health (outbox backlog, session counters): not a reading, not archived, not part of the seq check.
            if (DeviceStatusDecoder.DecodeHealth(t, topic, payload, receivedMs, dead) is { } health) _health.Add(health);
            return;
        }
        if (t.Kind == TopicKind.Alarm)
        {
            ProcessAlarm(t, topic, payload, receivedMs);
            return;
        }
        IReadOnlyList<TelemetryReading> readings;
        IReadOnlyList<byte[]>? elements = null;
        if (t.Kind == TopicKind.Batch)
        {
            // Element by element: a malformed reading is dead-lettered and the others are stored; a batch naming another
            // thing or site than its topic is rejected whole (BatchReadings).
            IReadOnlyList<BatchElement> split = BatchReadings.Split(t, payload, receivedMs, dead);
            readings = split.Select(e => e.Reading).ToList();
            elements = split.Select(e => e.Raw).ToList();
        }
        else
        {
            TelemetryDecodeResult result = TelemetryDecoder.Decode(payload);
            if (!result.Success)
            {
                TelemetryDecodeError e = result.Error!;
                dead.Write(DeadLetter.Create(topic, e.Path == "$" ? "invalid-payload" : "invalid-field", e.Path, e.Value, receivedMs, payload, e.Expected));
                return;
            }
            if (result.IsBatch)
            {
                dead.Write(DeadLetter.Create(topic, "wrong-shape", "$", "(array)", receivedMs, payload, "a single reading object"));
                return;
            }
            readings = result.Readings;
        }

        for (int i = 0; i < readings.Count; i++)
        {
            EnrichedReading? e = _enricher.Enrich(readings[i], t, receivedMs, dead, payload);
            if (e == null) continue;
            bool synced = (e.Reading.Flags & TelemetryFlags.ClockUnsynced) == 0;
            string? timeFlag = synced ? TimestampWindow.Check(e.Reading.Timestamp, receivedMs) : null;
            if (timeFlag != null)
            {
                // The device's clock is not believed: windows use the receive time, reports leave the reading out.
                e = e with { EventMs = receivedMs };
                synced = false;
            }
            SeqObservation seen = Stats.Seq.Observe(e.Reading.Thing, e.Reading.Seq, e.Reading.Timestamp, synced, receivedMs);
            if (seen.Gap != null) _gaps.Add(seen.Gap);
            if (seen.Event != null) _seqEvents.Add(seen.Event);
            if (seen.Verdict == SeqVerdict.Duplicate) Interlocked.Increment(ref Stats.duplicates);
            else
            {
                _readings.Add(new StoredReading(e, seen.Epoch, timeFlag));
                if (timeFlag != null) Interlocked.Increment(ref Stats.timeFlagged);
            }

            // The raw archive keeps everything that arrived valid, duplicates included (like Firehose).
            BuildLine(elements == null ? payload : elements[i], topic, receivedMs);
            _archive.Write(t.Site, receivedMs, _line.WrittenSpan);
        }
    }

    /// <summary>
    /// An alarm event (alarm-event-v1, not a reading): decoded strictly, checked against its topic and the sites like a
    /// reading, and stored in the alarm history (not archived: like the AWS archive rule, the archive keeps readings). Alarm
    /// events carry the seq of the reading that caused them, so they do not take part in the reading sequence check.
    /// </summary>
    private void ProcessAlarm(TelemetryTopic t, string topic, ReadOnlySpan<byte> payload, long receivedMs)
    {
        IDeadLetterSink dead = Stats.DeadLetterCounter;
        if (!AlarmEventDecoder.TryDecode(payload, out AlarmEventMessage? alarm, out TelemetryDecodeError? error))
        {
            dead.Write(DeadLetter.Create(topic, error!.Path == "$" ? "invalid-payload" : "invalid-field", error.Path, error.Value, receivedMs, payload, error.Expected));
            return;
        }
        EnrichedReading? e = _enricher.Enrich(alarm!.AsReading(), t, receivedMs, dead, payload);
        if (e == null) return;
        bool synced = (alarm.Flags & TelemetryFlags.ClockUnsynced) == 0;
        if (!synced || TimestampWindow.Check(alarm.Timestamp, receivedMs) != null) e = e with { EventMs = receivedMs };
        _alarms.Add(new StoredAlarm(e, alarm));
    }

    /// <summary>Archive line = the reading object as received plus <c>topic</c> and <c>received_ms</c> (the Firehose rule's SQL).</summary>
    private void BuildLine(ReadOnlySpan<byte> objectPayload, string topic, long receivedMs)
    {
        ReadOnlySpan<byte> trimmed = objectPayload.TrimEnd(" \t\r\n"u8);
        if (trimmed.IndexOfAny((byte)'\n', (byte)'\r') < 0 && trimmed.Length > 1 && trimmed[^1] == (byte)'}')
        {
            // Fast path: a one-line object; splice the two fields in before the closing brace. Topic and thing/site were
            // validated (no characters that need escaping).
            _line.ResetWrittenCount();
            ReadOnlySpan<byte> body = trimmed[..^1].TrimEnd(" \t"u8);
            _line.Write(body);
            bool empty = body.Length > 0 && body[^1] == (byte)'{';
            _line.Write(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                $"{(empty ? "" : ",")}\"topic\":\"{topic}\",\"received_ms\":{receivedMs}}}")));
            return;
        }
        using JsonDocument doc = JsonDocument.Parse(objectPayload.ToArray());
        BuildLine(doc.RootElement, topic, receivedMs);
    }

    private void BuildLine(JsonElement reading, string topic, long receivedMs)
    {
        _line.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_line);
        writer.WriteStartObject();
        foreach (JsonProperty p in reading.EnumerateObject()) p.WriteTo(writer);
        writer.WriteString("topic", topic);
        writer.WriteNumber("received_ms", receivedMs);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes everything buffered to the store (one batch, all or nothing), then commits the archive and rolls archive files
    /// that are old enough. Throws what the store or the archive threw; whatever was not written stays buffered.
    /// </summary>
    public void Flush()
    {
        var batch = new StoreBatch(_readings, _alarms, _deadLetters, _gaps, _seqEvents, _health, _jobUpdates);
        if (!batch.IsEmpty)
        {
            StoreOutcome outcome = _store.Write(batch);
            // Keys already in the store: delivered before (retained, redelivered after a restart, QoS 1 duplicate).
            Interlocked.Add(ref Stats.duplicates, _readings.Count - outcome.ReadingsInserted);
            Interlocked.Add(ref Stats.readingsStored, outcome.ReadingsInserted);
            Interlocked.Add(ref Stats.alarmsStored, outcome.AlarmsInserted);
            Interlocked.Add(ref Stats.deadLettersRedelivered, _deadLetters.Count - outcome.DeadLettersInserted);
            _readings.Clear();
            _alarms.Clear();
            _deadLetters.Clear();
            _gaps.Clear();
            _seqEvents.Clear();
            _health.Clear();
            _jobUpdates.Clear();
        }
        _archive.Commit();
        Interlocked.Increment(ref Stats.flushes);
        _archive.Roll();
    }
}
