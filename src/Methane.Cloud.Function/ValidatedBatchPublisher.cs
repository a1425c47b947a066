using System.Text.Json;
using Methane.Cloud.Enrichment;
using Methane.Cloud.Function.Aws;

namespace Methane.Cloud.Function;

/// <summary>
/// InfluxDB sink: publishes the validated readings as one JSON array to the batch-store rule by Basic Ingest
/// (<c>$aws/rules/{rule}/st/methane/{site}/{thing}/batch</c>: no broker, no messaging charge) through the IoT data plane's
/// HTTPS Publish (SigV4 service "iotdata"). Each element is projected to what the live rule selects (timestamp and the stored
/// fields, literals as received) plus site and thing, which the rule's per-element templates turn into tags.
/// </summary>
public sealed class ValidatedBatchPublisher(AwsHttpClient aws, Uri controlEndpoint, string ruleName, string? dataEndpoint = null) : IBatchSink
{
    private Uri? _data = dataEndpoint == null ? null : new Uri(dataEndpoint);

    /// <summary>The IoT control plane (DescribeEndpoint) signs as "execute-api", not "iot" (the AWS SDKs' service metadata).</summary>
    public const string IotControlSigningName = "execute-api";

    public static Uri DefaultControlEndpoint(string region) => new($"https://iot.{region}.amazonaws.com");

    public async Task<SinkResult> WriteAsync(string site, string thing, IReadOnlyList<BatchElement> elements, CancellationToken cancel)
    {
        if (elements.Count == 0) return new SinkResult(0, Array.Empty<DeadLetter>());
        byte[] body = Payload(site, thing, elements);
        Uri data = await DataEndpointAsync(cancel).ConfigureAwait(false);
        string topic = CloudRules.ValidatedBatchTopic(ruleName, site, thing);
        var (status, text) = await aws.SendAsync(HttpMethod.Post, data, "/topics/" + Uri.EscapeDataString(topic),
            new[] { new KeyValuePair<string, string>("qos", "1") }, "iotdata", body, "application/json", Array.Empty<KeyValuePair<string, string>>(), cancel).ConfigureAwait(false);
        if (status != 200) throw new AwsCallException("iot-data Publish", status, text);
        return new SinkResult(elements.Count, Array.Empty<DeadLetter>());
    }

    public static byte[] Payload(string site, string thing, IReadOnlyList<BatchElement> elements)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (BatchElement e in elements)
            {
                w.WriteStartObject();
                w.WriteString("site", site);
                w.WriteString("thing", thing);
                w.WriteNumber("timestamp", e.Reading.Timestamp);
                foreach (StoredValue v in StoredRecord.Values(e.Raw))
                {
                    w.WritePropertyName(v.Name);
                    w.WriteRawValue(v.Literal);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return buffer.ToArray();
    }

    private async Task<Uri> DataEndpointAsync(CancellationToken cancel)
    {
        if (_data != null) return _data;
        var (status, text) = await aws.SendAsync(HttpMethod.Get, controlEndpoint, "/endpoint",
            new[] { new KeyValuePair<string, string>("endpointType", "iot:Data-ATS") }, IotControlSigningName, Array.Empty<byte>(), null, Array.Empty<KeyValuePair<string, string>>(), cancel).ConfigureAwait(false);
        if (status != 200) throw new AwsCallException("iot DescribeEndpoint", status, text);
        using JsonDocument doc = JsonDocument.Parse(text);
        _data = new Uri($"{controlEndpoint.Scheme}://{doc.RootElement.GetProperty("endpointAddress").GetString()}");
        return _data;
    }
}
