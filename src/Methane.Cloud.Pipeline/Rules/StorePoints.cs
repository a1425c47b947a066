using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Methane.Cloud.Pipeline.Rules;

/// <summary>One InfluxDB point as the IoT InfluxDB action writes it (fields by name, each in line-protocol form: 5i, 1.5, "s", t).</summary>
public sealed record InfluxPoint(string Measurement, IReadOnlyDictionary<string, string> Tags, IReadOnlyDictionary<string, string> Fields, long Timestamp)
{
    /// <summary>Line protocol with tags and fields sorted by key (the action sorts tags; field order does not matter to InfluxDB).</summary>
    public string ToLineProtocol() =>
        Measurement + string.Concat(Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $",{t.Key}={t.Value}")) + " "
        + string.Join(',', Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"))
        + " " + Timestamp.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => ToLineProtocol();
}

/// <summary>One Timestream single-measure record, as the Timestream rule action or WriteRecords writes it.</summary>
public sealed record TimestreamRecord(string Table, string Site, string Thing, string MeasureName, string MeasureValue, string MeasureValueType, long TimeMs)
{
    /// <summary>The constant dimension <c>record</c> of the alarm and health history (null on readings, which have no such dimension).</summary>
    public string? Record { get; init; }
}

/// <summary>One record of the job-execution rule's Timestream action: table methane_job, dimensions thing and job (no site).</summary>
public sealed record TimestreamJobRecord(string Table, string Thing, string Job, string MeasureName, string MeasureValue, string MeasureValueType, long TimeMs);

/// <summary>The store actions of the stack, mirrored: what they make of a rule's output.</summary>
public static class StorePoints
{
    /// <summary>
    /// The InfluxDB action (AWS IoT docs, "InfluxDB record content"): one point per array element (an object is a one-element
    /// array); tags from the templates (<c>${…}</c> against the message as received, <c>@{…}</c> against the element); fields =
    /// the remaining keys but <c>timestamp</c> and the keys the templates read; null values left out; integers with an <c>i</c> suffix.
    /// </summary>
    public static IReadOnlyList<InfluxPoint> Influx(JsonNode? ruleOutput, string topic, byte[] payload, string measurement, IReadOnlyDictionary<string, string> tagTemplates)
    {
        var points = new List<InfluxPoint>();
        if (ruleOutput == null) return points;
        JsonNode? message;
        try { message = JsonNode.Parse(payload); }
        catch (JsonException) { message = null; }
        IEnumerable<JsonNode?> elements = ruleOutput is JsonArray array ? array : new[] { ruleOutput };
        var reserved = new HashSet<string>(tagTemplates.Values.Select(RuleSql.ReferencedField).OfType<string>(), StringComparer.Ordinal) { "timestamp" };
        foreach (JsonNode? element in elements)
        {
            if (element is not JsonObject obj) throw new InvalidOperationException("InfluxDB action: array element is not an object (the write fails whole)");
            if (obj["timestamp"] is not JsonValue ts || ts.GetValueKind() != JsonValueKind.Number || !long.TryParse(ts.ToJsonString(), out long timestamp))
                throw new InvalidOperationException("InfluxDB action: missing or non-integer timestamp (the write fails whole)");
            var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, template) in tagTemplates)
            {
                string? value = RuleSql.Substitute(template, topic, message, obj);
                if (!string.IsNullOrEmpty(value)) tags[key] = value;
            }
            var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in obj)
            {
                if (reserved.Contains(key) || value == null) continue;
                fields[key] = value.GetValueKind() switch
                {
                    JsonValueKind.Number => IsInteger(value.ToJsonString()) ? value.ToJsonString() + "i" : value.ToJsonString(),
                    JsonValueKind.String => "\"" + value.GetValue<string>().Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
                    JsonValueKind.True => "t",
                    JsonValueKind.False => "f",
                    _ => "\"" + value.ToJsonString().Replace("\"", "\\\"") + "\"",
                };
            }
            points.Add(new InfluxPoint(measurement, tags, fields, timestamp));
        }
        return points;
    }

    /// <summary>
    /// The Timestream action: one record per attribute of the rule's output (nulls skipped), dimensions and table from their
    /// templates, time from the time template. SQL 2015-10-08 keeps a number's literal form: 10.0 a DOUBLE, 10 a BIGINT.
    /// </summary>
    public static IReadOnlyList<TimestreamRecord> Timestream(JsonNode? ruleOutput, string topic, byte[] payload, string tableTemplate,
        string siteTemplate, string thingTemplate, string timeTemplate)
    {
        var records = new List<TimestreamRecord>();
        if (ruleOutput is not JsonObject obj) return records;
        JsonNode? message = JsonNode.Parse(payload);
        string table = RuleSql.Substitute(tableTemplate, topic, message, null)!;
        string site = RuleSql.Substitute(siteTemplate, topic, message, null)!;
        string thing = RuleSql.Substitute(thingTemplate, topic, message, null)!;
        long time = long.Parse(RuleSql.Substitute(timeTemplate, topic, message, null)!, CultureInfo.InvariantCulture);
        foreach (var (name, value, type) in Measures(obj)) records.Add(new TimestreamRecord(table, site, thing, name, value, type, time));
        return records;
    }

    /// <summary>
    /// The Timestream action of the job-execution rule: like <see cref="Timestream"/>, with dimensions thing and job and the
    /// event's time in seconds (the action's unit SECONDS), reported here in milliseconds.
    /// </summary>
    public static IReadOnlyList<TimestreamJobRecord> TimestreamJob(JsonNode? ruleOutput, string topic, byte[] payload, string table,
        string thingTemplate, string jobTemplate, string secondsTemplate)
    {
        var records = new List<TimestreamJobRecord>();
        if (ruleOutput is not JsonObject obj) return records;
        JsonNode? message = JsonNode.Parse(payload);
        string thing = RuleSql.Substitute(thingTemplate, topic, message, null)!;
        string job = RuleSql.Substitute(jobTemplate, topic, message, null)!;
        long timeMs = long.Parse(RuleSql.Substitute(secondsTemplate, topic, message, null)!, CultureInfo.InvariantCulture) * 1000;
        foreach (var (name, value, type) in Measures(obj)) records.Add(new TimestreamJobRecord(table, thing, job, name, value, type, timeMs));
        return records;
    }

    /// <summary>One (name, value, type) per non-null attribute; SQL 2015-10-08 keeps a number's literal form: 10.0 a DOUBLE, 10 a BIGINT.</summary>
    private static IEnumerable<(string Name, string Value, string Type)> Measures(JsonObject obj)
    {
        foreach (var (name, value) in obj)
        {
            if (value == null) continue;
            string literal = value.ToJsonString();
            string type = value.GetValueKind() switch
            {
                JsonValueKind.Number => IsInteger(literal) ? "BIGINT" : "DOUBLE",
                JsonValueKind.True or JsonValueKind.False => "BOOLEAN",
                _ => "VARCHAR",
            };
            yield return (name, type == "VARCHAR" ? value.GetValue<string>() : literal, type);
        }
    }

    /// <summary>The records of a WriteRecords request body (common attributes applied to each record).</summary>
    public static IReadOnlyList<TimestreamRecord> FromWriteRecords(byte[] body)
    {
        using JsonDocument doc = JsonDocument.Parse(body);
        JsonElement root = doc.RootElement;
        string table = root.GetProperty("TableName").GetString()!;
        var dims = root.GetProperty("CommonAttributes").GetProperty("Dimensions").EnumerateArray()
            .ToDictionary(d => d.GetProperty("Name").GetString()!, d => d.GetProperty("Value").GetString()!);
        string unit = root.GetProperty("CommonAttributes").TryGetProperty("TimeUnit", out JsonElement u) ? u.GetString()! : "MILLISECONDS";
        if (unit != "MILLISECONDS") throw new NotSupportedException("TimeUnit " + unit);
        return root.GetProperty("Records").EnumerateArray().Select(r => new TimestreamRecord(table, dims["site"], dims["thing"],
            r.GetProperty("MeasureName").GetString()!, r.GetProperty("MeasureValue").GetString()!, r.GetProperty("MeasureValueType").GetString()!,
            long.Parse(r.GetProperty("Time").GetString()!, CultureInfo.InvariantCulture))).ToList();
    }

    private static bool IsInteger(string literal) => literal.IndexOfAny(new[] { '.', 'e', 'E' }) < 0;
}
