using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Methane.Telemetry;

/// <summary>
/// Strict decoder for schema v1 and v2 telemetry: one reading object or a batch array of them. Rejects unknown and duplicate
/// fields, missing required fields, wrong types, out-of-range values, other schema versions, v2 fields in a v1 object, payloads over 128 KB,
/// invalid UTF-8 and nesting deeper than a reading needs. It never throws on bad input; the first problem found is
/// returned as a <see cref="TelemetryDecodeError"/>. Its rules mirror telemetry-v1.schema.json (tests hold them together).
/// </summary>
public static partial class TelemetryDecoder
{
    private const long MaxSafeInteger = 9007199254740991; // 2^53 - 1
    private const int MaxShownValueChars = 48;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        // A batch of objects is depth 2; anything deeper is rejected by the parser before it builds a tree.
        MaxDepth = 3,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    internal static partial Regex ThingPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    internal static partial Regex SitePattern();

    [GeneratedRegex("^[0-9]+\\.[0-9]+\\.[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex FwPattern();

    [GeneratedRegex("^(gas|met)\\z", RegexOptions.CultureInvariant)]
    private static partial Regex RolePattern();

    /// <summary>Decodes a UTF-8 payload (single reading or batch).</summary>
    public static TelemetryDecodeResult Decode(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > TelemetrySchema.MaxPayloadBytes)
        {
            return Fail("$", $"({utf8Json.Length} bytes)", $"a payload of at most {TelemetrySchema.MaxPayloadBytes} bytes");
        }
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json))
        {
            return Fail("$", "(invalid UTF-8)", "UTF-8 encoded JSON");
        }

        JsonDocument document;
        try
        {
            // JsonDocument needs memory it can keep: the payload is at most 128 KB, copying it is fine.
            document = JsonDocument.Parse(utf8Json.ToArray(), DocumentOptions);
        }
        catch (JsonException e)
        {
            string where = e.BytePositionInLine is long column ? $"line {e.LineNumber + 1}, byte {column + 1}" : "payload";
            return Fail("$", $"(malformed JSON at {where})", $"well-formed JSON nested at most 2 deep ({FirstSentence(e.Message)})");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                return DecodeObject(root, "", out TelemetryReading? reading, out TelemetryDecodeError? error)
                    ? TelemetryDecodeResult.Ok([reading!], isBatch: false)
                    : TelemetryDecodeResult.Fail(error!, isBatch: false);
            }
            if (root.ValueKind != JsonValueKind.Array)
            {
                return Fail("$", Show(root), "a reading object or a batch array of reading objects");
            }

            int count = root.GetArrayLength();
            if (count < 1 || count > TelemetrySchema.MaxBatchReadings)
            {
                return TelemetryDecodeResult.Fail(
                    new TelemetryDecodeError("$", $"(array of {count})", $"a batch of 1 to {TelemetrySchema.MaxBatchReadings} readings"), isBatch: true);
            }
            var readings = new TelemetryReading[count];
            int index = 0;
            foreach (JsonElement item in root.EnumerateArray())
            {
                string prefix = $"[{index.ToString(CultureInfo.InvariantCulture)}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    return TelemetryDecodeResult.Fail(new TelemetryDecodeError(prefix, Show(item), "a reading object"), isBatch: true);
                }
                if (!DecodeObject(item, prefix, out TelemetryReading? reading, out TelemetryDecodeError? error))
                {
                    return TelemetryDecodeResult.Fail(error!, isBatch: true);
                }
                readings[index++] = reading!;
            }
            return TelemetryDecodeResult.Ok(readings, isBatch: true);
        }
    }

    /// <summary>Decodes a payload given as text (it is encoded to UTF-8 first).</summary>
    public static TelemetryDecodeResult Decode(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > TelemetrySchema.MaxPayloadBytes)
        {
            return Fail("$", $"({json.Length} characters)", $"a payload of at most {TelemetrySchema.MaxPayloadBytes} bytes");
        }
        // Lone surrogates are replaced by U+FFFD here; they cannot come from a UTF-8 wire payload anyway.
        return Decode(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Decodes exactly one reading object (a batch array is an error).</summary>
    public static bool TryDecodeReading(ReadOnlySpan<byte> utf8Json, out TelemetryReading? reading, out TelemetryDecodeError? error)
    {
        TelemetryDecodeResult result = Decode(utf8Json);
        if (result.Success && result.IsBatch)
        {
            reading = null;
            error = new TelemetryDecodeError("$", "(array)", "a single reading object");
            return false;
        }
        reading = result.Success ? result.Readings[0] : null;
        error = result.Error;
        return result.Success;
    }

    private static bool DecodeObject(JsonElement obj, string prefix, out TelemetryReading? reading, out TelemetryDecodeError? error)
    {
        reading = null;
        var seen = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty property in obj.EnumerateObject())
        {
            string path = Join(prefix, property.Name.Length <= MaxShownValueChars ? property.Name : property.Name[..MaxShownValueChars] + "...");
            if (!IsKnownField(property.Name))
            {
                error = new TelemetryDecodeError(path, Show(property.Value), "no such field in schema v1 or v2 (unknown fields are rejected)");
                return false;
            }
            if (!seen.TryAdd(property.Name, property.Value))
            {
                error = new TelemetryDecodeError(path, Show(property.Value), "each field at most once (duplicate)");
                return false;
            }
        }

        // The version decides how the rest is read, so it is checked first.
        if (!seen.TryGetValue(TelemetryFields.Version, out JsonElement version))
        {
            error = Missing(prefix, TelemetryFields.Version);
            return false;
        }
        // JSON Schema's const compares numerically, so 1.0 is version 1 as well.
        if (version.ValueKind != JsonValueKind.Number || !version.TryGetDecimal(out decimal v) || v != decimal.Truncate(v)
            || v < TelemetrySchema.MinVersion || v > TelemetrySchema.Version)
        {
            error = new TelemetryDecodeError(Join(prefix, TelemetryFields.Version), Show(version),
                $"schema version {TelemetrySchema.MinVersion} or {TelemetrySchema.Version} (the versions this decoder reads)");
            return false;
        }
        if (v == 1)
        {
            foreach (string name in TelemetryFields.V2Only)
            {
                if (seen.TryGetValue(name, out JsonElement extra))
                {
                    error = new TelemetryDecodeError(Join(prefix, name), Show(extra), "no such field in a v1 object (it needs \"v\": 2)");
                    return false;
                }
            }
        }
        foreach (string name in TelemetryFields.Required)
        {
            if (!seen.ContainsKey(name))
            {
                error = Missing(prefix, name);
                return false;
            }
        }

        var r = new Reader(seen, prefix);
        string? thing = r.String(TelemetryFields.Thing, ThingPattern(), "a string of 1-64 characters A-Z a-z 0-9 _ -", required: true);
        string? site = r.String(TelemetryFields.Site, SitePattern(), "a string of 1-64 characters A-Z a-z 0-9 _ -", required: true);
        long? seq = r.Integer(TelemetryFields.Seq, 0, MaxSafeInteger, nullable: false);
        long? timestamp = r.Integer(TelemetryFields.Timestamp, 0, MaxSafeInteger, nullable: false);
        double? ch4 = r.Number(TelemetryFields.Ch4Ppm, 0, 1_000_000);
        double? lel = r.Number(TelemetryFields.LelPct, 0, 2000);
        double? temp = r.Number(TelemetryFields.TempC, -45, 130);
        double? rh = r.Number(TelemetryFields.RhPct, -6, 119);
        long? tRaw = r.Integer(TelemetryFields.TRaw, 0, 65535, nullable: true);
        long? rhRaw = r.Integer(TelemetryFields.RhRaw, 0, 65535, nullable: true);
        long? adcRaw = r.Integer(TelemetryFields.AdcRaw, -32768, 32767, nullable: true);
        double? vout = r.Number(TelemetryFields.VoutV, -6.144, 6.144);
        double? rs = r.Number(TelemetryFields.RsOhm, 0, double.MaxValue);
        double? rsR0 = r.Number(TelemetryFields.RsR0, 0, double.MaxValue);
        string? role = r.String(TelemetryFields.Role, RolePattern(), "\"gas\" or \"met\"", required: false);
        double? amb = r.Number(TelemetryFields.Ch4AmbPpm, 0, 65.535);
        double? bg = r.Number(TelemetryFields.Ch4BgPpm, 0, 65.535);
        double? enh = r.Number(TelemetryFields.Ch4EnhPpm, -65.535, 65.535);
        double? sigma = r.Number(TelemetryFields.Ch4SigmaPpm, 0, 2.54);
        long? bgFlags = r.Integer(TelemetryFields.Ch4BgFlags, 0, 255, nullable: true);
        long? enhFlags = r.Integer(TelemetryFields.Ch4EnhFlags, 0, 255, nullable: true);
        double? windSpeed = r.Number(TelemetryFields.WindSpeedMs, 0, 655.35);
        double? windGust = r.Number(TelemetryFields.WindGustMs, 0, 655.35);
        double? windDir = r.Number(TelemetryFields.WindDirDeg, 0, 359.9);
        double? windSigma = r.Number(TelemetryFields.WindSigmaDeg, 0, 103.9);
        long? windSamples = r.Integer(TelemetryFields.WindSamples, 0, 65535, nullable: true);
        long? windFlags = r.Integer(TelemetryFields.WindFlags, 0, 65535, nullable: true);
        long? windPulses = r.Integer(TelemetryFields.WindPulses, 0, uint.MaxValue, nullable: true);
        double? vane = r.Number(TelemetryFields.VaneV, 0, 65.535);
        long? alarm = r.Integer(TelemetryFields.Alarm, 0, 2, nullable: false);
        long? flags = r.Integer(TelemetryFields.Flags, 0, int.MaxValue, nullable: false);
        string? fw = r.String(TelemetryFields.Fw, FwPattern(), "a version string major.minor.patch (digits)", required: false);

        if (r.Error is not null)
        {
            error = r.Error;
            return false;
        }
        error = null;
        reading = new TelemetryReading
        {
            V = (int)v,
            Thing = thing!,
            Site = site!,
            Seq = seq!.Value,
            Timestamp = timestamp!.Value,
            Ch4Ppm = ch4,
            LelPct = lel,
            TempC = temp,
            RhPct = rh,
            TRaw = (int?)tRaw,
            RhRaw = (int?)rhRaw,
            AdcRaw = (int?)adcRaw,
            VoutV = vout,
            RsOhm = rs,
            RsR0 = rsR0,
            Role = role,
            Ch4AmbPpm = amb,
            Ch4BgPpm = bg,
            Ch4EnhPpm = enh,
            Ch4SigmaPpm = sigma,
            Ch4BgFlags = (int?)bgFlags,
            Ch4EnhFlags = (int?)enhFlags,
            WindSpeedMs = windSpeed,
            WindGustMs = windGust,
            WindDirDeg = windDir,
            WindSigmaDeg = windSigma,
            WindSamples = (int?)windSamples,
            WindFlags = (int?)windFlags,
            WindPulses = windPulses,
            VaneV = vane,
            Alarm = (int?)alarm,
            Flags = (int)flags!.Value,
            Fw = fw,
        };
        return true;
    }

    /// <summary>Reads typed fields from one object, remembering the first error (later reads then return null).</summary>
    internal sealed class Reader(Dictionary<string, JsonElement> fields, string prefix)
    {
        public TelemetryDecodeError? Error { get; private set; }

        public string? String(string name, Regex pattern, string expected, bool required)
        {
            if (Error is not null || !fields.TryGetValue(name, out JsonElement e))
            {
                return null;
            }
            if (e.ValueKind != JsonValueKind.String)
            {
                Fail(name, e, expected);
                return null;
            }
            string s = e.GetString()!;
            if (!pattern.IsMatch(s))
            {
                Fail(name, e, expected);
                return null;
            }
            return s;
        }

        /// <summary>An integer field (JSON Schema "integer": a number with no fraction, so 5.0 counts).</summary>
        public long? Integer(string name, long min, long max, bool nullable)
        {
            if (Error is not null || !fields.TryGetValue(name, out JsonElement e))
            {
                return null;
            }
            if (e.ValueKind == JsonValueKind.Null && nullable)
            {
                return null;
            }
            string expected = $"{(nullable ? "null or " : "")}an integer from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
            if (e.ValueKind != JsonValueKind.Number)
            {
                Fail(name, e, expected);
                return null;
            }
            long value;
            if (!e.TryGetInt64(out value))
            {
                if (!e.TryGetDecimal(out decimal d) || d != decimal.Truncate(d) || d < long.MinValue || d > long.MaxValue)
                {
                    Fail(name, e, expected);
                    return null;
                }
                value = (long)d;
            }
            if (value < min || value > max)
            {
                Fail(name, e, expected);
                return null;
            }
            return value;
        }

        /// <summary>A nullable number field in [min, max].</summary>
        public double? Number(string name, double min, double max)
        {
            if (Error is not null || !fields.TryGetValue(name, out JsonElement e) || e.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            string expected = max == double.MaxValue && min == double.MinValue ? "null or a finite number"
                : max == double.MaxValue
                ? $"null or a finite number >= {min.ToString(CultureInfo.InvariantCulture)}"
                : $"null or a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double value) || !double.IsFinite(value) || value < min || value > max)
            {
                Fail(name, e, expected);
                return null;
            }
            return value;
        }

        private void Fail(string name, JsonElement e, string expected) =>
            Error = new TelemetryDecodeError(Join(prefix, name), Show(e), expected);
    }

    private static bool IsKnownField(string name)
    {
        foreach (string known in TelemetryFields.All)
        {
            if (string.Equals(known, name, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    internal static TelemetryDecodeError Missing(string prefix, string name) =>
        new(Join(prefix, name), "(missing)", $"required field '{name}'");

    private static TelemetryDecodeResult Fail(string path, string value, string expected) =>
        TelemetryDecodeResult.Fail(new TelemetryDecodeError(path, value, expected), isBatch: false);

    internal static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    /// <summary>The element's JSON text, shortened so an error never echoes a 128 KB value.</summary>
    internal static string Show(JsonElement e)
    {
        string text = e.GetRawText();
        return text.Length <= MaxShownValueChars
            ? text
            : string.Concat(text.AsSpan(0, MaxShownValueChars), $"... ({text.Length.ToString(CultureInfo.InvariantCulture)} chars)");
    }

    internal static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        string s = end < 0 ? message : message[..end];
        return s.Length <= 120 ? s : s[..120];
    }
}
