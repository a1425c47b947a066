using System.Text.Json;
using System.Text.RegularExpressions;

namespace Methane.Cloud.Enrichment;

/// <summary>Static site metadata: alarm thresholds in %LEL, and Timestream retention (used by the infrastructure).</summary>
public sealed record Site(
    string Id,
    string Name,
    string Operator,
    double Latitude,
    double Longitude,
    double LowAlarmLelPct,
    double HighAlarmLelPct,
    int MemoryRetentionHours,
    int MagneticRetentionDays);

/// <summary>The sites file (<c>sites.json</c>): one entry per natural-gas site, loaded strictly.</summary>
public sealed partial class SiteCatalog
{
    private readonly Dictionary<string, Site> _byId;

    public SiteCatalog(IEnumerable<Site> sites)
    {
        _byId = new Dictionary<string, Site>(StringComparer.Ordinal);
        foreach (Site s in sites)
        {
            if (!SiteIdPattern().IsMatch(s.Id)) throw new FormatException($"site id '{s.Id}' does not match the telemetry schema's site pattern");
            if (!(s.LowAlarmLelPct > 0 && s.HighAlarmLelPct > s.LowAlarmLelPct && s.HighAlarmLelPct <= 100))
                throw new FormatException($"site '{s.Id}': need 0 < low_lel_pct < high_lel_pct <= 100");
            if (!_byId.TryAdd(s.Id, s)) throw new FormatException($"site id '{s.Id}' is listed twice");
        }
    }

    public IReadOnlyCollection<Site> Sites => _byId.Values;

    public Site? Find(string id) => _byId.TryGetValue(id, out Site? s) ? s : null;

    public static SiteCatalog Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>The sample sites file shipped next to this assembly.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "sites.json");

    public static SiteCatalog Parse(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        var list = new List<Site>();
        foreach (JsonElement e in doc.RootElement.GetProperty("sites").EnumerateArray())
        {
            JsonElement loc = e.GetProperty("location");
            JsonElement alarm = e.GetProperty("alarm");
            int memoryHours = 24, magneticDays = 365;
            if (e.TryGetProperty("retention", out JsonElement r))
            {
                memoryHours = r.GetProperty("memory_hours").GetInt32();
                magneticDays = r.GetProperty("magnetic_days").GetInt32();
            }
            list.Add(new Site(
                e.GetProperty("id").GetString()!,
                e.GetProperty("name").GetString()!,
                e.GetProperty("operator").GetString()!,
                loc.GetProperty("lat").GetDouble(),
                loc.GetProperty("lon").GetDouble(),
                alarm.GetProperty("low_lel_pct").GetDouble(),
                alarm.GetProperty("high_lel_pct").GetDouble(),
                memoryHours,
                magneticDays));
        }
        return new SiteCatalog(list);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SiteIdPattern();
}
