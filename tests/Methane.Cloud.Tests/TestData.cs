using System.Globalization;
using System.Text;
using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Tests;

internal static class TestData
{
    public static readonly SiteCatalog Sites = SiteCatalog.Parse("""
        { "sites": [
          { "id": "alpha", "name": "Alpha station", "operator": "Op A", "location": { "lat": 1.5, "lon": 2.5 },
            "alarm": { "low_lel_pct": 10, "high_lel_pct": 20 } },
          { "id": "beta", "name": "Beta yard", "operator": "Op B", "location": { "lat": 3.0, "lon": 4.0 },
            "alarm": { "low_lel_pct": 5, "high_lel_pct": 15 }, "retention": { "memory_hours": 6, "magnetic_days": 30 } }
        ] }
        """);

    /// <summary>A valid compact v1 reading (numbers in invariant culture).</summary>
    public static string Reading(string site, string thing, long seq, long ts, double? ch4 = 100, int flags = 0, int alarm = 0)
    {
        string ch4Text = ch4 == null ? "null" : ch4.Value.ToString("R", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"v\":1,\"thing\":\"{thing}\",\"site\":\"{site}\",\"seq\":{seq},\"timestamp\":{ts},\"ch4_ppm\":{ch4Text},\"alarm\":{alarm},\"flags\":{flags},\"fw\":\"1.0.0\"}}");
    }

    /// <summary>A valid alarm event (alarm-event-v1), as the firmware writes it.</summary>
    public static string Alarm(string site, string thing, long seq, long ts, string evt, int previous, int alarm, double? ch4 = 12000, int flags = 0)
    {
        string ch4Text = ch4 == null ? "null" : ch4.Value.ToString("R", CultureInfo.InvariantCulture);
        string lelText = ch4 == null ? "null" : (ch4.Value / 500).ToString("R", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"v\":1,\"thing\":\"{thing}\",\"site\":\"{site}\",\"seq\":{seq},\"timestamp\":{ts},\"event\":\"{evt}\",\"alarm\":{alarm},\"previous\":{previous},\"ch4_ppm\":{ch4Text},\"lel_pct\":{lelText},\"rise_ppm_min\":120.5,\"flags\":{flags}}}");
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "methane-cloud-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
