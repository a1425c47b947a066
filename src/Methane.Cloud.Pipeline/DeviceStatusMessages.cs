using System.Text.Json;
using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Pipeline;

/// <summary>
/// A device's health message (<c>dt/methane/{site}/{thing}/health</c>, written by the firmware's EventMessages.WriteHealth
/// every minute): session state and counters, the outbox backlog (readings stored on the device, not yet acknowledged) and
/// what the outbox had to drop. Counters a device leaves out are null.
/// </summary>
public sealed record DeviceHealthMessage(string Thing, string Site, long TimestampMs, long ReceivedMs, bool? ClockSynced, string? Fw,
    long? UptimeS, string? SessionState, long? Samples, long? FaultSamples, long? Published, long? Acked, long? Reconnects,
    long? ConnectionsLost, long? OutboxDepth, long? OutboxDropped, long? Alarm, long? AlarmsRaised, string? LastError);

/// <summary>
/// A device's update of an AWS IoT Jobs execution (<c>$aws/things/{thing}/jobs/{jobId}/update</c>, firmware JobsClient):
/// status (IN_PROGRESS, SUCCEEDED, FAILED, REJECTED…) and statusDetails step / progress / reason. <see cref="RequestKey"/> is
/// the request's clientToken (unique per request), so a redelivered update is stored once.
/// </summary>
public sealed record JobStatusUpdate(string Thing, string JobId, string Status, string? Step, string? Progress, string? Reason,
    long? ExpectedVersion, string RequestKey, long ReceivedMs);

/// <summary>Strict enough decoding of the two status messages; a message that fails is a dead letter naming field and value.</summary>
public static class DeviceStatusDecoder
{
    public const string JobsUpdateFilter = "$aws/things/+/jobs/+/update";
    private const int MaxText = 200;

    public static readonly IReadOnlySet<string> JobStatuses = new HashSet<string>(StringComparer.Ordinal)
        { "QUEUED", "IN_PROGRESS", "SUCCEEDED", "FAILED", "REJECTED", "REMOVED", "TIMED_OUT", "CANCELED" };

    /// <summary>thing and job id of <c>$aws/things/{thing}/jobs/{jobId}/update</c>; false for any other topic.</summary>
    public static bool IsJobUpdateTopic(string topic, out string thing, out string jobId)
    {
        thing = jobId = "";
        string[] p = topic.Split('/');
        if (p.Length != 6 || p[0] != "$aws" || p[1] != "things" || p[3] != "jobs" || p[5] != "update") return false;
        if (!ValidName(p[2]) || !ValidName(p[4])) return false;
        thing = p[2];
        jobId = p[4];
        return true;
    }

    public static DeviceHealthMessage? DecodeHealth(TelemetryTopic t, string topic, ReadOnlySpan<byte> payload, long receivedMs, IDeadLetterSink dead)
    {
        if (!TryParseObject(payload, out JsonDocument? doc))
        {
            dead.Write(DeadLetter.Create(topic, "invalid-payload", "$", null, receivedMs, payload, "a JSON object"));
            return null;
        }
        using (doc)
        {
            JsonElement o = doc!.RootElement;
            long? timestamp = Int(o, "timestamp");
            (string Field, string Expected)? bad =
                Int(o, "v") != 1 ? ("v", "1")
                : Text(o, "thing") != t.Thing ? ("thing", "the topic's thing " + t.Thing)
                : Text(o, "site") != t.Site ? ("site", "the topic's site " + t.Site)
                : timestamp is null or < 0 ? ("timestamp", "Unix ms >= 0")
                : null;
            if (bad is { } b)
            {
                dead.Write(DeadLetter.Create(topic, "invalid-field", b.Field, Raw(o, b.Field), receivedMs, payload, b.Expected));
                return null;
            }
            // The counters are informational: one of the wrong kind is stored as null rather than losing the message.
            return new DeviceHealthMessage(t.Thing, t.Site, timestamp!.Value, receivedMs,
                o.TryGetProperty("clock_synced", out JsonElement cs) && cs.ValueKind is JsonValueKind.True or JsonValueKind.False ? cs.GetBoolean() : null,
                Clip(Text(o, "fw")), Int(o, "uptime_s"), Clip(Text(o, "state")), Int(o, "samples"), Int(o, "fault_samples"),
                Int(o, "published"), Int(o, "acked"), Int(o, "reconnects"), Int(o, "connections_lost"),
                Int(o, "outbox_depth"), Int(o, "outbox_dropped"), Int(o, "alarm"), Int(o, "alarms_raised"), Clip(Text(o, "last_error")));
        }
    }

    public static JobStatusUpdate? DecodeJobUpdate(string topic, string thing, string jobId, ReadOnlySpan<byte> payload, long receivedMs, IDeadLetterSink dead)
    {
        if (!TryParseObject(payload, out JsonDocument? doc))
        {
            dead.Write(DeadLetter.Create(topic, "invalid-payload", "$", null, receivedMs, payload, "a JSON object"));
            return null;
        }
        using (doc)
        {
            JsonElement o = doc!.RootElement;
            string? status = Text(o, "status");
            if (status is null || !JobStatuses.Contains(status))
            {
                dead.Write(DeadLetter.Create(topic, "invalid-field", "status", Raw(o, "status"), receivedMs, payload, string.Join("|", JobStatuses)));
                return null;
            }
            string? step = null, progress = null, reason = null;
            if (o.TryGetProperty("statusDetails", out JsonElement d) && d.ValueKind == JsonValueKind.Object)
            {
                step = Clip(Text(d, "step"));
                progress = Clip(Text(d, "progress"));
                reason = Clip(Text(d, "reason"));
            }
            long? version = Int(o, "expectedVersion");
            string key = Text(o, "clientToken") is { Length: > 0 and <= 64 } token
                ? "token:" + token
                : "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(payload));
            return new JobStatusUpdate(thing, jobId, status, step, progress, reason, version, key, receivedMs);
        }
    }

    private static bool TryParseObject(ReadOnlySpan<byte> payload, out JsonDocument? doc)
    {
        doc = null;
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 8 });
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return false;
        }
        if (doc.RootElement.ValueKind == JsonValueKind.Object) return true;
        doc.Dispose();
        doc = null;
        return false;
    }

    /// <summary>An integer property; null when absent or of another kind.</summary>
    private static long? Int(JsonElement o, string name) =>
        o.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long n) ? n : null;

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    private static string? Raw(JsonElement o, string name) => o.TryGetProperty(name, out JsonElement e) ? e.GetRawText() : null;

    private static string? Clip(string? s) => DeadLetter.Clip(s, MaxText);

    private static bool ValidName(string s) => s.Length is > 0 and <= 64 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
