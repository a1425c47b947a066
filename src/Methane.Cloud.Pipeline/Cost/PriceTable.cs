using System.Globalization;
using System.Text.Json;

namespace Methane.Cloud.Pipeline.Cost;

/// <summary>One price with where it comes from.</summary>
public sealed record Price(string Name, double Usd, string Source);

/// <summary>A volume tier: the price per unit up to <see cref="UpToMillions"/> million units a month (null = no upper bound).</summary>
public sealed record PriceTier(double? UpToMillions, double Usd);

/// <summary>
/// The price table file (format methane-prices-v1): region, date, every price with its source URL, the model's assumptions
/// and which rules each topic triggers. Loading checks every field and names the one that is missing or wrong.
/// </summary>
public sealed class PriceTable
{
    public const string Format = "methane-prices-v1";

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Cost", "prices-us-east-1.json");

    public required string Region { get; init; }
    public required string AsOf { get; init; }
    public required IReadOnlyDictionary<string, Price> Prices { get; init; }
    public required IReadOnlyList<PriceTier> MessagingTiers { get; init; }
    public required string MessagingSource { get; init; }
    public required IReadOnlyDictionary<string, double> Assumptions { get; init; }
    public required IReadOnlyDictionary<string, (double Rules, double FirehoseRecords)> RulesByTopic { get; init; }

    public static readonly string[] RequiredPrices =
    [
        "iot_connectivity_per_million_minutes", "iot_rules_per_million_triggered", "iot_actions_per_million_executed",
        "firehose_per_gb_ingested", "s3_standard_per_gb_month", "s3_put_per_thousand", "influxdb_instance_per_hour",
        "influxdb_storage_per_gb_month", "lambda_per_million_requests", "lambda_per_gb_second",
    ];

    public static readonly string[] RequiredAssumptions =
    [
        "hours_per_month", "archive_gzip_ratio", "influxdb_bytes_per_reading", "influxdb_retention_days", "devices_per_site",
        "firehose_buffer_seconds", "lambda_per_batch_message", "lambda_gb_seconds_per_invocation",
    ];

    public double Usd(string name) => Prices[name].Usd;

    public double Assume(string name) => Assumptions[name];

    /// <exception cref="FormatException">A field is missing or not what the format expects (the message names it).</exception>
    public static PriceTable Load(string path)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement root = doc.RootElement;
        string format = Text(root, "format", path);
        if (format != Format) throw new FormatException($"{path}: format: got '{format}', expected '{Format}'");
        JsonElement prices = Member(root, "prices", path);
        var map = new Dictionary<string, Price>(StringComparer.Ordinal);
        foreach (string name in RequiredPrices)
        {
            JsonElement p = Member(prices, name, path, "prices.");
            map[name] = new Price(name, NonNegative(p, "usd", path, $"prices.{name}."), Url(p, path, $"prices.{name}."));
        }
        JsonElement messaging = Member(prices, "iot_messaging_per_million_5kb_units", path, "prices.");
        var tiers = new List<PriceTier>();
        foreach (JsonElement t in Member(messaging, "tiers", path, "prices.iot_messaging_per_million_5kb_units.").EnumerateArray())
        {
            JsonElement up = Member(t, "up_to_millions", path, "prices.iot_messaging_per_million_5kb_units.tiers[].");
            tiers.Add(new PriceTier(up.ValueKind == JsonValueKind.Null ? null : up.GetDouble(), NonNegative(t, "usd", path, "prices.iot_messaging_per_million_5kb_units.tiers[].")));
        }
        if (tiers.Count == 0 || tiers[^1].UpToMillions != null)
        {
            throw new FormatException($"{path}: prices.iot_messaging_per_million_5kb_units.tiers: expected tiers ending with one whose up_to_millions is null");
        }
        JsonElement assumptions = Member(root, "assumptions", path);
        var assumed = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string name in RequiredAssumptions)
        {
            JsonElement a = Member(assumptions, name, path, "assumptions.");
            assumed[name] = a.ValueKind == JsonValueKind.Object ? NonNegative(a, "value", path, $"assumptions.{name}.") : NonNegative(assumptions, name, path, "assumptions.");
        }
        var rules = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        foreach (JsonProperty topic in Member(root, "rules_by_topic", path).EnumerateObject())
        {
            if (topic.Name == "note") continue;
            rules[topic.Name] = (NonNegative(topic.Value, "rules", path, $"rules_by_topic.{topic.Name}."), NonNegative(topic.Value, "firehose_records", path, $"rules_by_topic.{topic.Name}."));
        }
        return new PriceTable
        {
            Region = Text(root, "region", path), AsOf = Text(root, "as_of", path), Prices = map, MessagingTiers = tiers,
            MessagingSource = Url(messaging, path, "prices.iot_messaging_per_million_5kb_units."), Assumptions = assumed, RulesByTopic = rules,
        };
    }

    /// <summary>The monthly messaging bill of a whole account for <paramref name="units"/> 5 KB units, tier by tier.</summary>
    public double MessagingUsd(double units)
    {
        double cost = 0, below = 0, left = units / 1e6;
        foreach (PriceTier tier in MessagingTiers)
        {
            double span = tier.UpToMillions is double up ? Math.Max(0, up - below) : double.PositiveInfinity;
            double inTier = Math.Min(left, span);
            cost += inTier * tier.Usd;
            left -= inTier;
            if (tier.UpToMillions is double u) below = u;
            if (left <= 0) break;
        }
        return cost;
    }

    private static JsonElement Member(JsonElement e, string name, string path, string prefix = "") =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) ? v
            : throw new FormatException($"{path}: {prefix}{name}: missing, expected {(name == "usd" || name == "value" ? "a number" : "a field")}");

    private static string Text(JsonElement e, string name, string path)
    {
        JsonElement v = Member(e, name, path);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"{path}: {name}: got {v.GetRawText()}, expected a string");
    }

    private static double NonNegative(JsonElement e, string name, string path, string prefix)
    {
        JsonElement v = Member(e, name, path, prefix);
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d) || d < 0)
        {
            throw new FormatException($"{path}: {prefix}{name}: got {v.GetRawText()}, expected a number >= 0");
        }
        return d;
    }

    private static string Url(JsonElement e, string path, string prefix)
    {
        JsonElement v = Member(e, "source", path, prefix);
        string? s = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return s != null && s.StartsWith("https://", StringComparison.Ordinal) ? s
            : throw new FormatException($"{path}: {prefix}source: got {v.GetRawText()}, expected the https URL the price was taken from");
    }
}
