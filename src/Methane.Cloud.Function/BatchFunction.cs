using System.Globalization;
using System.Text.Json;
using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Function;

/// <summary>
/// One invocation: the batch rule's envelope in; every reading validated and enriched; the valid ones to the store, each
/// bad one logged as a dead letter (field, value, expected) on stdout (CloudWatch Logs); one Embedded Metric Format line
/// with the counts (CloudWatch metrics Methane/ReadingsStored, DeadLetters, BatchesRejected without any API call).
/// A store failure throws: the invocation fails, Lambda retries it twice, then it goes to the failure queue.
/// </summary>
public sealed class BatchFunction(BatchEnrichmentHandler handler, IBatchSink sink, TextWriter log, string metricsNamespace) : IFunctionHandler
{
    public async Task<byte[]> HandleAsync(byte[] evt, CancellationToken cancel)
    {
        BatchOutcome outcome = handler.Process(new MemoryStream(evt));
        var dead = new List<DeadLetter>(outcome.DeadLetters);
        int stored = 0;
        if (outcome.Readings.Count > 0)
        {
            SinkResult result = await sink.WriteAsync(outcome.Topic.Site, outcome.Topic.Thing, outcome.Elements, cancel).ConfigureAwait(false);
            stored = result.Stored;
            dead.AddRange(result.Rejected);
        }
        foreach (DeadLetter d in dead) log.WriteLine(DeadLetterLine(d));
        bool rejectedWhole = outcome.Readings.Count == 0 && dead.Count > 0;
        log.WriteLine(MetricLine(metricsNamespace, stored, dead.Count, rejectedWhole ? 1 : 0));
        log.Flush();

        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("topic", outcome.TopicText);
            w.WriteNumber("readings_stored", stored);
            w.WriteStartArray("dead_letters");
            foreach (DeadLetter d in dead) BatchEnrichmentHandler.WriteDeadLetter(w, d);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static string DeadLetterLine(DeadLetter d)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            BatchEnrichmentHandler.WriteDeadLetter(w, d, "dead-letter");
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string MetricLine(string ns, int stored, int deadLetters, int rejected) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"_aws\":{{\"Timestamp\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"CloudWatchMetrics\":[{{\"Namespace\":\"{ns}\",\"Dimensions\":[[]],\"Metrics\":[{{\"Name\":\"ReadingsStored\",\"Unit\":\"Count\"}},{{\"Name\":\"DeadLetters\",\"Unit\":\"Count\"}},{{\"Name\":\"BatchesRejected\",\"Unit\":\"Count\"}}]}}]}},\"ReadingsStored\":{stored},\"DeadLetters\":{deadLetters},\"BatchesRejected\":{rejected}}}");
}
