using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Methane.Telemetry;

/// <summary>
/// Strict decoder for alarm events (alarm-event-v1.schema.json): one object, every field required, unknown and duplicate
/// fields rejected, the event kind consistent with the levels before and after. Never throws on bad input; the first problem
/// found is returned with the field, the value and what was expected (tests hold it and the schema together).
/// </summary>
public static class AlarmEventDecoder
{
    /// <summary>An alarm event is small; 4 KB leaves room for whitespace but refuses anything that is clearly not one.</summary>
    public const int MaxPayloadBytes = 4096;

    private const long MaxSafeInteger = 9007199254740991;

    public const string Version = "v", Thing = "thing", Site = "site", Seq = "seq", Timestamp = "timestamp", Event = "event",
        Alarm = "alarm", Previous = "previous", Ch4Ppm = "ch4_ppm", LelPct = "lel_pct", RisePpmMin = "rise_ppm_min", Flags = "flags";

    /// <summary>Every field in the order the device writes them; all are required.</summary>
    public static readonly IReadOnlyList<string> Fields = [Version, Thing, Site, Seq, Timestamp, Event, Alarm, Previous, Ch4Ppm, LelPct, RisePpmMin, Flags];

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 2, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    private static readonly Regex AnyString = new("^", RegexOptions.CultureInvariant);

    public static bool TryDecode(ReadOnlySpan<byte> utf8Json, out AlarmEventMessage? alarm, out TelemetryDecodeError? error)
    {
        alarm = null;
        if (utf8Json.Length > MaxPayloadBytes)
        {
            error = new TelemetryDecodeError("$", $"({utf8Json.Length} bytes)", $"an alarm event of at most {MaxPayloadBytes} bytes");
            return false;
        }
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json))
        {
            error = new TelemetryDecodeError("$", "(invalid UTF-8)", "UTF-8 encoded JSON");
            return false;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json.ToArray(), DocumentOptions);
        }
        catch (JsonException e)
        {
            error = new TelemetryDecodeError("$", "(malformed JSON)", $"one well-formed JSON object ({TelemetryDecoder.FirstSentence(e.Message)})");
            return false;
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = new TelemetryDecodeError("$", TelemetryDecoder.Show(root), "one alarm event object");
                return false;
            }
            return DecodeObject(root, out alarm, out error);
        }
    }

    private static bool DecodeObject(JsonElement obj, out AlarmEventMessage? alarm, out TelemetryDecodeError? error)
    {
        alarm = null;
        var seen = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty p in obj.EnumerateObject())
        {
            if (!Fields.Contains(p.Name, StringComparer.Ordinal))
            {
                error = new TelemetryDecodeError(p.Name.Length <= 48 ? p.Name : p.Name[..48] + "...", TelemetryDecoder.Show(p.Value),
                    "no such field in alarm event v1 (unknown fields are rejected)");
                return false;
            }
            if (!seen.TryAdd(p.Name, p.Value))
            {
                error = new TelemetryDecodeError(p.Name, TelemetryDecoder.Show(p.Value), "each field at most once (duplicate)");
                return false;
            }
        }
        foreach (string name in Fields)
        {
            if (!seen.ContainsKey(name))
            {
                error = TelemetryDecoder.Missing("", name);
                return false;
            }
        }
        JsonElement version = seen[Version];
        if (version.ValueKind != JsonValueKind.Number || !version.TryGetDecimal(out decimal v) || v != 1)
        {
            error = new TelemetryDecodeError(Version, TelemetryDecoder.Show(version), "schema version 1 (the only alarm event version this decoder reads)");
            return false;
        }

        var r = new TelemetryDecoder.Reader(seen, "");
        string? thing = r.String(Thing, TelemetryDecoder.ThingPattern(), "a string of 1-64 characters A-Z a-z 0-9 _ -", required: true);
        string? site = r.String(Site, TelemetryDecoder.SitePattern(), "a string of 1-64 characters A-Z a-z 0-9 _ -", required: true);
        long? seq = r.Integer(Seq, 0, MaxSafeInteger, nullable: false);
        long? timestamp = r.Integer(Timestamp, 0, MaxSafeInteger, nullable: false);
        string? kind = r.String(Event, AnyString, "one of " + string.Join(", ", AlarmEventKinds.All), required: true);
        long? level = r.Integer(Alarm, 0, 2, nullable: false);
        long? previous = r.Integer(Previous, 0, 2, nullable: false);
        double? ch4 = r.Number(Ch4Ppm, 0, 1_000_000);
        double? lel = r.Number(LelPct, 0, 2000);
        double? rise = r.Number(RisePpmMin, double.MinValue, double.MaxValue);
        long? flags = r.Integer(Flags, 0, int.MaxValue, nullable: false);
        if (r.Error is not null)
        {
            error = r.Error;
            return false;
        }
        if (!AlarmEventKinds.All.Contains(kind!, StringComparer.Ordinal))
        {
            error = new TelemetryDecodeError(Event, TelemetryDecoder.Show(seen[Event]), "one of " + string.Join(", ", AlarmEventKinds.All));
            return false;
        }
        if (!AlarmEventKinds.Fits(kind!, (int)previous!.Value, (int)level!.Value))
        {
            error = new TelemetryDecodeError(Event, TelemetryDecoder.Show(seen[Event]), string.Create(CultureInfo.InvariantCulture,
                $"an event that fits previous {previous} -> alarm {level} (raised: up; cleared: to 0; changed: down to 1; rate_of_rise: unchanged)"));
            return false;
        }
        error = null;
        alarm = new AlarmEventMessage
        {
            V = 1, Thing = thing!, Site = site!, Seq = seq!.Value, Timestamp = timestamp!.Value, Event = kind!, Alarm = (int)level.Value,
            Previous = (int)previous.Value, Ch4Ppm = ch4, LelPct = lel, RisePpmMin = rise, Flags = (int)flags!.Value,
        };
        return true;
    }
}
