using System.Globalization;
using System.Text.Json;
using Methane.Telemetry;

namespace Methane.Cloud.Enrichment;

/// <summary>One reading of a batch that passed validation: its place in the array and its exact bytes as received.</summary>
public sealed record BatchElement(int Index, TelemetryReading Reading, byte[] Raw);

/// <summary>
/// Splits a <c>…/batch</c> payload into readings, element by element: a malformed element is dead-lettered (its index, field
/// and value) and the others go on. A batch that is not a batch at all (not JSON, not an array, too large, too many
/// elements), or whose readings claim another thing or site than the topic, is rejected whole: the policy ties the topic to
/// the publishing device, so such a batch cannot be trusted in any element.
/// </summary>
public static class BatchReadings
{
    public static IReadOnlyList<BatchElement> Split(TelemetryTopic topic, ReadOnlySpan<byte> payload, long receivedMs, IDeadLetterSink dead)
    {
        string topicText = topic.ToString();
        if (payload.Length > TelemetrySchema.MaxPayloadBytes || !System.Text.Unicode.Utf8.IsValid(payload))
        {
            // The strict decoder words these two exactly as it does for a live message.
            TelemetryDecodeError e = TelemetryDecoder.Decode(payload).Error!;
            dead.Write(DeadLetter.Create(topicText, "invalid-payload", e.Path, e.Value, receivedMs, payload, e.Expected));
            return Array.Empty<BatchElement>();
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(payload.ToArray(), new JsonDocumentOptions { MaxDepth = 3 });
        }
        catch (JsonException e)
        {
            dead.Write(DeadLetter.Create(topicText, "invalid-payload", "$", "(malformed JSON)", receivedMs, payload, "a JSON array of reading objects (" + e.Message + ")"));
            return Array.Empty<BatchElement>();
        }
        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                dead.Write(DeadLetter.Create(topicText, "wrong-shape", "$", root.ValueKind == JsonValueKind.Object ? "(object)" : root.GetRawText(), receivedMs, payload, "a batch array on /batch"));
                return Array.Empty<BatchElement>();
            }
            int count = root.GetArrayLength();
            if (count < 1 || count > TelemetrySchema.MaxBatchReadings)
            {
                dead.Write(DeadLetter.Create(topicText, "invalid-payload", "$", $"(array of {count})", receivedMs, payload, $"a batch of 1 to {TelemetrySchema.MaxBatchReadings} readings"));
                return Array.Empty<BatchElement>();
            }

            // Identity first, over every element that names one: one foreign reading condemns the whole batch.
            int i = 0;
            foreach (JsonElement item in root.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    if (Mismatch(item, "thing", topic.Thing, out string? thing))
                    {
                        dead.Write(DeadLetter.Create(topicText, "thing-topic-mismatch", Path(i, "thing"), thing, receivedMs, payload, $"'{topic.Thing}' (the topic's thing) in every reading; batch rejected whole"));
                        return Array.Empty<BatchElement>();
                    }
                    if (Mismatch(item, "site", topic.Site, out string? site))
                    {
                        dead.Write(DeadLetter.Create(topicText, "site-topic-mismatch", Path(i, "site"), site, receivedMs, payload, $"'{topic.Site}' (the topic's site) in every reading; batch rejected whole"));
                        return Array.Empty<BatchElement>();
                    }
                }
                i++;
            }

            var valid = new List<BatchElement>(count);
            i = 0;
            foreach (JsonElement item in root.EnumerateArray())
            {
                byte[] raw = System.Text.Encoding.UTF8.GetBytes(item.GetRawText());
                if (item.ValueKind != JsonValueKind.Object)
                {
                    dead.Write(DeadLetter.Create(topicText, "invalid-field", Path(i, null), item.GetRawText(), receivedMs, raw, "a reading object"));
                }
                else if (TelemetryDecoder.TryDecodeReading(raw, out TelemetryReading? reading, out TelemetryDecodeError? error))
                {
                    valid.Add(new BatchElement(i, reading!, raw));
                }
                else
                {
                    // The element's own bytes are the excerpt: that is the reading the operator has to look at.
                    dead.Write(DeadLetter.Create(topicText, "invalid-field", Path(i, error!.Path), error.Value, receivedMs, raw, error.Expected));
                }
                i++;
            }
            return valid;
        }
    }

    private static bool Mismatch(JsonElement item, string name, string expected, out string? actual)
    {
        actual = null;
        if (!item.TryGetProperty(name, out JsonElement value)) return false;
        actual = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        return !string.Equals(actual, expected, StringComparison.Ordinal);
    }

    private static string Path(int index, string? field) =>
        "[" + index.ToString(CultureInfo.InvariantCulture) + "]" + (string.IsNullOrEmpty(field) || field == "$" ? "" : "." + field);
}
