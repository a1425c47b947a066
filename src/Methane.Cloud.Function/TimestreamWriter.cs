using System.Globalization;
using System.Text;
using System.Text.Json;
using Methane.Cloud.Enrichment;
using Methane.Cloud.Function.Aws;

namespace Methane.Cloud.Function;

/// <summary>
/// LiveAnalytics sink: Timestream WriteRecords (JSON 1.0 protocol, SigV4 service "timestream") after endpoint discovery
/// (DescribeEndpoints, cached for the period it names). The records are exactly what the live store rule's Timestream action
/// writes: table = site, dimensions site and thing, one single-measure record per stored field, time in milliseconds.
/// </summary>
public sealed class TimestreamWriter(AwsHttpClient aws, Uri discoveryEndpoint, string database) : IBatchSink
{
    public const int MaxRecordsPerWrite = 100;
    private const string Target = "Timestream_20181101.";
    private Uri? _ingest;
    private DateTimeOffset _ingestUntil;

    public static Uri DefaultDiscoveryEndpoint(string region) => new($"https://ingest.timestream.{region}.amazonaws.com");

    public async Task<SinkResult> WriteAsync(string site, string thing, IReadOnlyList<BatchElement> elements, CancellationToken cancel)
    {
        var records = new List<(BatchElement Element, StoredValue Value)>();
        foreach (BatchElement e in elements)
            foreach (StoredValue v in StoredRecord.Values(e.Raw)) records.Add((e, v));
        var rejected = new List<DeadLetter>();
        for (int start = 0; start < records.Count; start += MaxRecordsPerWrite)
        {
            var chunk = records.GetRange(start, Math.Min(MaxRecordsPerWrite, records.Count - start));
            byte[] body = WriteRecordsBody(site, thing, chunk.Select(r => (r.Element.Reading.Timestamp, r.Value)).ToList());
            Uri ingest = await IngestEndpointAsync(cancel).ConfigureAwait(false);
            var (status, text) = await Call(ingest, "WriteRecords", body, cancel).ConfigureAwait(false);
            if (status == 200) continue;
            if (!text.Contains("RejectedRecordsException", StringComparison.Ordinal)) throw new AwsCallException("timestream WriteRecords", status, text);
            // Some records were refused (e.g. a different value for an existing time and measure): each becomes a dead letter.
            using JsonDocument err = JsonDocument.Parse(text);
            foreach (JsonElement r in err.RootElement.GetProperty("RejectedRecords").EnumerateArray())
            {
                var (element, value) = chunk[r.GetProperty("RecordIndex").GetInt32()];
                rejected.Add(DeadLetter.Create($"dt/methane/{site}/{thing}/batch", "store-rejected", $"[{element.Index}].{value.Name}", value.Literal,
                    0, element.Raw, "a record Timestream accepts: " + (r.TryGetProperty("Reason", out JsonElement why) ? why.GetString() : "no reason given")));
            }
        }
        int readingsHit = rejected.Select(d => d.Field![..(d.Field!.IndexOf(']') + 1)]).Distinct().Count();
        return new SinkResult(elements.Count - readingsHit, rejected);
    }

    public byte[] WriteRecordsBody(string site, string thing, IReadOnlyList<(long TimeMs, StoredValue Value)> records)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("DatabaseName", database);
            w.WriteString("TableName", site);
            w.WriteStartObject("CommonAttributes");
            w.WriteStartArray("Dimensions");
            foreach (var (name, value) in new[] { ("site", site), ("thing", thing) })
            {
                w.WriteStartObject();
                w.WriteString("Name", name);
                w.WriteString("Value", value);
                w.WriteString("DimensionValueType", "VARCHAR");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("TimeUnit", "MILLISECONDS");
            w.WriteEndObject();
            w.WriteStartArray("Records");
            foreach (var (time, value) in records)
            {
                w.WriteStartObject();
                w.WriteString("MeasureName", value.Name);
                w.WriteString("MeasureValue", value.MeasureValue);
                w.WriteString("MeasureValueType", value.MeasureValueType);
                w.WriteString("Time", time.ToString(CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private async Task<Uri> IngestEndpointAsync(CancellationToken cancel)
    {
        if (_ingest != null && DateTimeOffset.UtcNow < _ingestUntil) return _ingest;
        var (status, text) = await Call(discoveryEndpoint, "DescribeEndpoints", "{}"u8.ToArray(), cancel).ConfigureAwait(false);
        if (status != 200) throw new AwsCallException("timestream DescribeEndpoints", status, text);
        using JsonDocument doc = JsonDocument.Parse(text);
        JsonElement endpoint = doc.RootElement.GetProperty("Endpoints")[0];
        _ingest = new Uri($"{discoveryEndpoint.Scheme}://{endpoint.GetProperty("Address").GetString()}");
        _ingestUntil = DateTimeOffset.UtcNow.AddMinutes(endpoint.GetProperty("CachePeriodInMinutes").GetInt64());
        return _ingest;
    }

    private Task<(int, string)> Call(Uri endpoint, string operation, byte[] body, CancellationToken cancel) =>
        aws.SendAsync(HttpMethod.Post, endpoint, "/", Array.Empty<KeyValuePair<string, string>>(), "timestream", body, "application/x-amz-json-1.0",
            new[] { new KeyValuePair<string, string>("X-Amz-Target", Target + operation) }, cancel);
}
