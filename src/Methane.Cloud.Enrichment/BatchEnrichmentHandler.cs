using System.Text.Json;
using Methane.Telemetry;

namespace Methane.Cloud.Enrichment;

/// <summary>
/// The cloud function's logic as a plain handler over streams (no Lambda packages): the batch rule's event
/// <c>{"payload": base64, "topic": "dt/methane/{site}/{thing}/batch", "received_ms": n}</c> in, the unnested, validated and
/// enriched readings plus dead letters out. Writing the readings to the store is the function's job (Methane.Cloud.Function).
/// </summary>
public sealed class BatchEnrichmentHandler
{
    private readonly Enricher _enricher;

    public BatchEnrichmentHandler(Enricher enricher) => _enricher = enricher;

    /// <summary>Validates and enriches one batch-rule event; never throws on bad input (it becomes dead letters).</summary>
    public BatchOutcome Process(Stream input)
    {
        var dead = new ListDeadLetterSink();
        var enriched = new List<EnrichedReading>();
        var elements = new List<BatchElement>();
        string topicText = "(none)";
        long receivedMs = 0;
        byte[] payload = Array.Empty<byte>();
        TelemetryTopic topic = default;
        try
        {
            using JsonDocument evt = JsonDocument.Parse(input, new JsonDocumentOptions { MaxDepth = 4 });
            topicText = evt.RootElement.GetProperty("topic").GetString() ?? "";
            receivedMs = evt.RootElement.GetProperty("received_ms").GetInt64();
            payload = Convert.FromBase64String(evt.RootElement.GetProperty("payload").GetString() ?? "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            dead.Write(DeadLetter.Create(topicText, "invalid-event", "$", e.GetType().Name, receivedMs, payload, "{payload: base64, topic, received_ms}"));
        }

        if (dead.Letters.Count == 0)
        {
            if (!TelemetryTopic.TryParse(topicText, out topic) || topic.Kind != TopicKind.Batch)
            {
                dead.Write(DeadLetter.Create(topicText, "unexpected-topic", "topic", topicText, receivedMs, payload, "dt/methane/{site}/{thing}/batch"));
            }
            else
            {
                foreach (BatchElement element in BatchReadings.Split(topic, payload, receivedMs, dead))
                {
                    EnrichedReading? e = _enricher.Enrich(element.Reading, topic, receivedMs, dead, element.Raw);
                    if (e == null) continue;
                    enriched.Add(e);
                    elements.Add(element);
                }
            }
        }
        return new BatchOutcome(topicText, topic, receivedMs, enriched, elements, dead.Letters);
    }

    public void Handle(Stream input, Stream output) => Write(Process(input), output);

    public static void Write(BatchOutcome outcome, Stream output)
    {
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteStartArray("readings");
        foreach (EnrichedReading e in outcome.Readings) WriteReading(w, e);
        w.WriteEndArray();
        w.WriteStartArray("dead_letters");
        foreach (DeadLetter d in outcome.DeadLetters) WriteDeadLetter(w, d);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>One dead letter as a JSON object; <paramref name="level"/>, when given, leads it (a log line's level).</summary>
    public static void WriteDeadLetter(Utf8JsonWriter w, DeadLetter d, string? level = null)
    {
        w.WriteStartObject();
        if (level != null) w.WriteString("level", level);
        w.WriteString("topic", d.Topic);
        w.WriteString("reason", d.Reason);
        w.WriteString("field", d.Field);
        w.WriteString("value", d.Value);
        w.WriteString("expected", d.Expected);
        w.WriteNumber("received_ms", d.ReceivedMs);
        w.WriteString("excerpt", d.PayloadExcerpt);
        w.WriteEndObject();
    }

    private static void WriteReading(Utf8JsonWriter w, EnrichedReading e)
    {
        TelemetryReading r = e.Reading;
        w.WriteStartObject();
        w.WriteNumber("v", r.V);
        w.WriteString("thing", r.Thing);
        w.WriteString("site", r.Site);
        w.WriteNumber("seq", r.Seq);
        w.WriteNumber("timestamp", r.Timestamp);
        Num(w, "ch4_ppm", r.Ch4Ppm);
        Num(w, "lel_pct", r.LelPct);
        Num(w, "temp_c", r.TempC);
        Num(w, "rh_pct", r.RhPct);
        if (r.Alarm is int alarm) w.WriteNumber("alarm", alarm);
        w.WriteNumber("flags", r.Flags);
        if (r.Fw != null) w.WriteString("fw", r.Fw);
        Num(w, "derived_lel_pct", e.DerivedLelPct);
        w.WriteNumber("site_alarm", e.SiteAlarm);
        w.WriteString("quality", e.Quality.ToString().ToLowerInvariant());
        w.WriteString("site_name", e.Site.Name);
        w.WriteString("operator", e.Site.Operator);
        if (e.Device?.Board != null) w.WriteString("board", e.Device.Board);
        w.WriteEndObject();
    }

    private static void Num(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double d) w.WriteNumber(name, d);
        else w.WriteNull(name);
    }
}

/// <summary>
/// What one batch event became: the valid enriched readings, the batch elements they came from (same order: the bytes as
/// received, which the store paths copy literals from) and a dead letter for everything else.
/// </summary>
public sealed record BatchOutcome(string TopicText, TelemetryTopic Topic, long ReceivedMs, IReadOnlyList<EnrichedReading> Readings,
    IReadOnlyList<BatchElement> Elements, IReadOnlyList<DeadLetter> DeadLetters);
