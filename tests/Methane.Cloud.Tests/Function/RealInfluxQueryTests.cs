using System.Text;
using Methane.Cloud.Function.Emissions;
using Methane.Cloud.Pipeline.Rules;
using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Emissions.Jobs;

namespace Methane.Cloud.Tests.Function;

/// <summary>
/// The inversion's query and line protocol against a real InfluxQL engine (Debian's InfluxDB 1.6): the points are what the
/// store rule's InfluxDB action writes for hand-written v1 and v2 readings (the rule projections), the query is the one the
/// function sends, and the estimates' line protocol must parse and read back with the intended field types.
/// </summary>
public class RealInfluxQueryTests
{
    private static readonly SiteGeometry Site = SiteGeometryLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "sites.json"))[0];
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);   // 1780315200000

    /// <summary>The points the store rule writes for a reading published live on its own topic.</summary>
    private static IEnumerable<string> StorePoints(string reading)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(reading);
        string topic = $"dt/methane/{doc.RootElement.GetProperty("site").GetString()}/{doc.RootElement.GetProperty("thing").GetString()}/telemetry";
        return CloudRuleProjections.InfluxLive(topic, Encoding.UTF8.GetBytes(reading), 0).Select(p => p.ToLineProtocol()).ToList();
    }

    [InfluxdFact]
    public async Task The_query_reads_back_what_the_store_rule_wrote_v1_and_v2_one_row_per_reading()
    {
        using var influxd = new LocalInfluxd();
        influxd.Write(new[]
        {
            // A v1 gas reading (no enhancement), a v2 gas reading, a v2 met reading, a reading of another site, one outside the range.
            """{"v":1,"thing":"north-01","site":"site-north","seq":1,"timestamp":1780315200000,"ch4_ppm":151.5,"lel_pct":0.303,"temp_c":20.00,"rh_pct":40.0,"alarm":0,"flags":0,"fw":"1.2.0"}""",
            """{"v":2,"thing":"north-02","site":"site-north","seq":9,"timestamp":1780315260000,"ch4_ppm":152.3,"lel_pct":0.305,"temp_c":18.25,"rh_pct":55.5,"role":"gas","ch4_amb_ppm":2.104,"ch4_bg_ppm":1.950,"ch4_enh_ppm":0.154,"ch4_sigma_ppm":0.05,"ch4_bg_flags":0,"ch4_enh_flags":0,"alarm":0,"flags":1,"fw":"1.2.0"}""",
            """{"v":2,"thing":"north-met","site":"site-north","seq":5,"timestamp":1780315200000,"ch4_ppm":null,"lel_pct":null,"temp_c":21.50,"rh_pct":40.20,"role":"met","wind_speed_ms":3.42,"wind_gust_ms":5.36,"wind_dir_deg":247.5,"wind_sigma_deg":12.3,"wind_samples":60,"wind_flags":0,"wind_pulses":4321,"alarm":0,"flags":0,"fw":"1.2.0"}""",
            """{"v":1,"thing":"south-01","site":"site-south","seq":1,"timestamp":1780315200000,"ch4_ppm":9.5,"lel_pct":0.019,"temp_c":20.00,"rh_pct":40.0,"alarm":0,"flags":0,"fw":"1.2.0"}""",
            """{"v":1,"thing":"north-01","site":"site-north","seq":2,"timestamp":1780318800000,"ch4_ppm":151.5,"lel_pct":0.303,"temp_c":20.00,"rh_pct":40.0,"alarm":0,"flags":0,"fw":"1.2.0"}""",
        }.SelectMany(StorePoints));

        var api = new InfluxHttpApi(new HttpClient(), new Uri(influxd.BaseUrl), _ => Task.FromResult("unused-without-auth"));
        string answer = await api.QueryAsync("methane", InfluxReadingsQuery.Text(Site, T0, T0.AddHours(1)), CancellationToken.None);
        var rows = InfluxReadingsQuery.Parse(answer).OrderBy(r => r.Thing, StringComparer.Ordinal).ToList();

        Assert.Equal(new[]
        {
            new StoredReadingRow("north-01", 1780315200000, 151.5, null, 0, null, null, null),
            new StoredReadingRow("north-02", 1780315260000, 152.3, 0.154, 1, null, null, null, "gas", 2.104),
            new StoredReadingRow("north-met", 1780315200000, null, null, 0, 3.42, 247.5, 12.3, "met", WindFlags: 0),
        }, rows);
    }

    [InfluxdFact]
    public async Task The_estimates_line_protocol_is_accepted_and_reads_back_with_its_types()
    {
        using var influxd = new LocalInfluxd();
        influxd.Write(new[]
        {
            EmissionLineProtocol.Line(new EmissionEstimate("site-north", "compressor-1", 2.25, 1.5, 3.0, T0, T0.AddMinutes(15), true, null), "window"),
            EmissionLineProtocol.Line(new EmissionEstimate("site-north", "vent stack, west", null, null, null, T0, T0.AddMinutes(15), false, "calm: \"0.3 m/s\" \\ below 0.5"), "window"),
        });
        using HttpResponseMessage r = await influxd.Http.GetAsync("query?db=methane&epoch=ms&q=" + Uri.EscapeDataString(
            "SELECT \"rate_kg_h\", \"lower_kg_h\", \"upper_kg_h\", \"detected\", \"reason\", \"window_end_ms\" FROM \"methane_emission\" GROUP BY \"source\", \"kind\""));
        string text = await r.Content.ReadAsStringAsync();
        Assert.Contains("\"tags\":{\"kind\":\"window\",\"source\":\"compressor-1\"}", text);
        Assert.Contains("[1780315200000,2.25,1.5,3,true,null,1780316100000]", text);
        Assert.Contains("\"tags\":{\"kind\":\"window\",\"source\":\"vent stack, west\"}", text);
        Assert.Contains("[1780315200000,null,null,null,false,\"calm: \\\"0.3 m/s\\\" \\\\ below 0.5\",1780316100000]", text);
        // Field types as intended: rate float, detected boolean, reason string, window end integer.
        using HttpResponseMessage keys = await influxd.Http.GetAsync("query?db=methane&q=" + Uri.EscapeDataString("SHOW FIELD KEYS FROM \"methane_emission\""));
        string fieldKeys = await keys.Content.ReadAsStringAsync();
        foreach (string expected in new[] { "[\"detected\",\"boolean\"]", "[\"rate_kg_h\",\"float\"]", "[\"reason\",\"string\"]", "[\"window_end_ms\",\"integer\"]" })
            Assert.Contains(expected, fieldKeys);
    }
}
