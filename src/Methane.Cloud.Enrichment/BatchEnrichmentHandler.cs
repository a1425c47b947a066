using System.Text.Json;
using Methane.Telemetry;

namespace Methane.Cloud.Enrichment;

/// <summary>
/// The cloud function's logic as a plain handler over streams (no Lambda packages): the batch rule's event
/// <c>{"payload": base64, "topic": "dt/methane/{site}/{thing}/batch", "received_ms": n}</c> in, the unnested, validated and
/// enriched readings plus dead letters out as JSON. Publishing each reading to <c>REPUBLISH_TOPIC</c> is the host's job.
/// </summary>
public sealed class BatchEnrichmentHandler
{
    private readonly Enricher _enricher;

    public BatchEnrichmentHandler(Enricher enricher) => _enricher = enricher;

    public void Handle(Stream input, Stream output)
    {
        var dead = new ListDeadLetterSink();
        var enriched = new List<EnrichedReading>();
        string topicText = "(none)";
        long receivedMs = 0;
        byte[] payload = Array.Empty<byte>();
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
            if (!TelemetryTopic.TryParse(topicText, out TelemetryTopic topic) || topic.Kind != TopicKind.Batch)
            {
                dead.Write(DeadLetter.Create(topicText, "unexpected-topic", "topic", topicText, receivedMs, payload, "dt/methane/{site}/{thing}/batch"));
            }
            else
            {
                TelemetryDecodeResult result = TelemetryDecoder.Decode(payload);
                if (!result.Success)
                {
                    TelemetryDecodeError err = result.Error!;
                    dead.Write(DeadLetter.Create(topicText, err.Path == "$" ? "invalid-payload" : "invalid-field", err.Path, err.Value, receivedMs, payload, err.Expected));
                }
                else
                {
                    foreach (TelemetryReading r in result.Readings)
                    {
                        EnrichedReading? e = _enricher.Enrich(r, topic, receivedMs, dead, payload);
                        if (e != null) enriched.Add(e);
                    }
                }
            }
        }

        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteStartArray("readings");
        foreach (EnrichedReading e in enriched) WriteReading(w, e);
        w.WriteEndArray();
        w.WriteStartArray("dead_letters");
        foreach (DeadLetter d in dead.Letters)
        {
            w.WriteStartObject();
            w.WriteString("topic", d.Topic);
            w.WriteString("reason", d.Reason);
            w.WriteString("field", d.Field);
            w.WriteString("value", d.Value);
            w.WriteString("expected", d.Expected);
            w.WriteEndObject();
        }
        w.WriteEndArray();
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
