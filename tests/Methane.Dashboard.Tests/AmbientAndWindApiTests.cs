using System.Net;
using System.Text.Json;
using Methane.Dashboard.Data;

namespace Methane.Dashboard.Tests;

/// <summary>
/// Telemetry v2 rows written by hand: the CH4 chart's measures (ambient ch4_amb_ppm, safety-path ch4_ppm, %LEL) equal the
/// stored values, the met station is not a CH4 series, the wind endpoint gives the met station's speed, direction FROM, σθ
/// and flags in words; the same site scope as everywhere.
/// </summary>
public sealed class AmbientAndWindApiTests : IClassFixture<DashboardFixture>
{
    // Far before the fixture's seeded v1 readings (which end 30 s before now), so these ranges hold only the rows below.
    private static readonly long T0 = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly string Range = $"from={T0}&to={T0 + 300_000}";

    private readonly DashboardFixture f;

    public AmbientAndWindApiTests(DashboardFixture fixture)
    {
        f = fixture;
        // A v2 gas sensor every 10 s: clean air at ~157 ppm on the safety path, ~2 ppm ambient; seq 3 above the ambient range
        // (no ambient value), seq 5 warming up (invalid: no value on any measure).
        TestStore.GasV2(f.Store, "north-21", "site-north", 1, T0, 157.0, 2.01, 0.314);
        TestStore.GasV2(f.Store, "north-21", "site-north", 2, T0 + 10_000, 157.2, 2.35, 0.3144);
        TestStore.GasV2(f.Store, "north-21", "site-north", 3, T0 + 20_000, 158.4, null, 0.3168);
        TestStore.GasV2(f.Store, "north-21", "site-north", 4, T0 + 30_000, 157.1, 1.98, 0.3142);
        TestStore.GasV2(f.Store, "north-21", "site-north", 5, T0 + 40_000, 157.3, 2.1, 0.3146, flags: 1, quality: "invalid");
        // Its met station once a minute: a westerly, a calm minute (no direction, no σθ), then a stuck vane.
        TestStore.Met(f.Store, "north-met", "site-north", 1, T0, 3.2, 280.0, 9.5, gust: 4.4);
        TestStore.Met(f.Store, "north-met", "site-north", 2, T0 + 60_000, 0.3, null, null, windFlags: 1 | 2);
        TestStore.Met(f.Store, "north-met", "site-north", 3, T0 + 120_000, 4.1, 275.5, 0.8, windFlags: 4, gust: 5.0);
        // site-south's met station: winds either side of north, for the vector mean.
        TestStore.Met(f.Store, "south-met", "site-south", 1, T0, 5.0, 350.0, 10.0);
        TestStore.Met(f.Store, "south-met", "site-south", 2, T0 + 60_000, 6.0, 10.0, 10.0);
    }

    [Fact]
    public async Task Without_a_choice_the_chart_plots_ambient_values_equal_to_the_rows_and_no_met_station()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        using var doc = await Json(s, $"/api/sites/site-north/readings?{Range}");
        JsonElement root = doc.RootElement;
        Assert.Equal("ambient", root.GetProperty("measure").GetString());
        Assert.True(root.GetProperty("ambientAvailable").GetBoolean());
        Assert.Equal(["north-21"], root.GetProperty("series").EnumerateObject().Select(p => p.Name));
        Assert.Equal(new (long, double?)[] { (T0, 2.01), (T0 + 10_000, 2.35), (T0 + 20_000, null), (T0 + 30_000, 1.98), (T0 + 40_000, null) },
            Points(root.GetProperty("series").GetProperty("north-21")));
    }

    [Theory]
    [InlineData("ppm", new[] { 157.0, 157.2, 158.4, 157.1 })]
    [InlineData("lel", new[] { 0.314, 0.3144, 0.3168, 0.3142 })]
    [InlineData("ambient", new[] { 2.01, 2.35, double.NaN, 1.98 })]
    public async Task Each_measure_plots_its_stored_column_and_nothing_for_the_invalid_reading(string measure, double[] expected)
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        using var doc = await Json(s, $"/api/sites/site-north/readings?{Range}&measure={measure}");
        Assert.Equal(measure, doc.RootElement.GetProperty("measure").GetString());
        var values = Points(doc.RootElement.GetProperty("series").GetProperty("north-21")).Select(p => p.V).ToList();
        Assert.Equal(expected.Select(v => double.IsNaN(v) ? (double?)null : v).Append(null), values);
    }

    [Fact]
    public async Task A_range_without_ambient_values_defaults_to_the_ppm_of_the_v1_sensors()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        using var doc = await Json(s, "/api/sites/site-north/readings?range=1h");
        Assert.Equal("ppm", doc.RootElement.GetProperty("measure").GetString());
        Assert.False(doc.RootElement.GetProperty("ambientAvailable").GetBoolean());
        Assert.Equal(["north-01", "north-02"], doc.RootElement.GetProperty("series").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("/api/sites/site-north/readings?range=1h&measure=ppb", "measure 'ppb': expected one of ambient, ppm, lel")]
    [InlineData("/api/sites/site-north/readings?range=1h&measure=", "measure '': expected one of ambient, ppm, lel")]
    [InlineData("/api/sites/site-north/readings.csv?range=1h&measure=AMBIENT", "measure 'AMBIENT': expected one of ambient, ppm, lel, all")]
    public async Task A_bad_measure_is_400_naming_the_field_and_value(string url, string error)
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        var r = await s.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal(error, doc.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Csv_carries_the_chosen_measure_or_all_and_no_met_rows()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        string[] ambient = (await s.Client.GetStringAsync($"/api/sites/site-north/readings.csv?{Range}&measure=ambient")).TrimEnd('\n').Split('\n');
        Assert.Equal("thing,seq,event_time_utc,event_ms,received_ms,ch4_amb_ppm,temp_c,rh_pct,quality,flags,site_alarm,fw,source", ambient[0]);
        // The CSV holds the stored values as they are (the quality column says which are invalid).
        Assert.Equal(["north-21,1,2.01", "north-21,2,2.35", "north-21,3,", "north-21,4,1.98", "north-21,5,2.1"],
            ambient.Skip(1).Select(l => l.Split(',')).Select(c => $"{c[0]},{c[1]},{c[5]}"));

        string[] all = (await s.Client.GetStringAsync($"/api/sites/site-north/readings.csv?{Range}&measure=all")).TrimEnd('\n').Split('\n');
        Assert.Equal("thing,seq,event_time_utc,event_ms,received_ms,ch4_ppm,lel_pct,ch4_amb_ppm,temp_c,rh_pct,quality,flags,site_alarm,fw,source", all[0]);
        Assert.Equal("north-21,2,2025-06-01T12:00:10.000Z,1748779210000,1748779210150,157.2,0.3144,2.35,18.5,60,good,0,0,,telemetry", all[2]);
        Assert.Equal(6, all.Length);

        string[] ppm = (await s.Client.GetStringAsync($"/api/sites/site-north/readings.csv?{Range}&measure=ppm")).TrimEnd('\n').Split('\n');
        Assert.Equal("ch4_ppm", ppm[0].Split(',')[5]);
        Assert.Equal(["157", "157.2", "158.4", "157.1", "157.3"], ppm.Skip(1).Select(l => l.Split(',')[5]));
        Assert.DoesNotContain(ppm, l => l.StartsWith("north-met", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wind_gives_speed_direction_from_and_the_latest_sigma_and_flags_in_words()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        using var doc = await Json(s, $"/api/sites/site-north/wind?{Range}");
        JsonElement station = Assert.Single(doc.RootElement.GetProperty("stations").EnumerateArray());
        Assert.Equal("north-met", station.GetProperty("thing").GetString());
        Assert.Equal(new (long, double?)[] { (T0, 3.2), (T0 + 60_000, 0.3), (T0 + 120_000, 4.1) }, Points(station.GetProperty("speed")));
        // The calm minute has a speed but no direction.
        Assert.Equal(new (long, double?)[] { (T0, 280.0), (T0 + 120_000, 275.5) }, Points(station.GetProperty("direction")));
        JsonElement latest = station.GetProperty("latest");
        Assert.Equal(T0 + 120_000, latest.GetProperty("eventMs").GetInt64());
        Assert.Equal(0.8, latest.GetProperty("sigmaDeg").GetDouble());
        Assert.Equal(5.0, latest.GetProperty("gustMs").GetDouble());
        Assert.Equal(["vane stuck"], latest.GetProperty("windFlagWords").EnumerateArray().Select(w => w.GetString()));

        // The calm minute as the newest of a shorter range: no σθ, its flags in words.
        using var calm = await Json(s, $"/api/sites/site-north/wind?from={T0}&to={T0 + 60_000}");
        JsonElement c = calm.RootElement.GetProperty("stations")[0].GetProperty("latest");
        Assert.Equal(JsonValueKind.Null, c.GetProperty("sigmaDeg").ValueKind);
        Assert.Equal(["calm (no direction)", "no anemometer pulses (calm, or cable)"], c.GetProperty("windFlagWords").EnumerateArray().Select(w => w.GetString()));
    }

    [Fact]
    public async Task Wind_of_a_site_out_of_scope_is_404_like_a_site_that_does_not_exist()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        var south = await s.Client.GetAsync($"/api/sites/site-south/wind?{Range}");
        var nowhere = await s.Client.GetAsync($"/api/sites/site-nowhere/wind?{Range}");
        Assert.Equal(HttpStatusCode.NotFound, south.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        Assert.DoesNotContain("south-met", await south.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await s.Client.GetAsync("/sites/site-south")).StatusCode);

        using var admin = await HttpSession.SignedInAsync(f.Url, "admin");
        using var doc = await Json(admin, $"/api/sites/site-south/wind?{Range}");
        Assert.Equal("south-met", doc.RootElement.GetProperty("stations")[0].GetProperty("thing").GetString());
    }

    [Fact]
    public void Averaged_wind_directions_are_vector_means()
    {
        var wind = new SiteWind(new StoreSource(f.Store));
        // Two points allowed over 5 minutes: 150 s buckets; T0 is a multiple of 150 s, so the first bucket holds T0..T0+120 s.
        var (north, bucket) = wind.Of("site-north", new TimeRange(T0, T0 + 300_000), maxPoints: 2);
        Assert.Equal(150_000, bucket);
        WindPoint n = Assert.Single(north[0].Points);
        Assert.Equal(T0 + 75_000, n.T);
        Assert.Equal((3.2 + 0.3 + 4.1) / 3, n.SpeedMs!.Value, 9);
        Assert.Equal(277.75, n.DirDeg!.Value, 9); // the mean of two unit vectors bisects them
        // 350° and 10° (two reports, one point allowed: one 300 s bucket) average to north, not to 180°.
        var (south, _) = wind.Of("site-south", new TimeRange(T0, T0 + 300_000), maxPoints: 1);
        Assert.Single(south[0].Points);
        double dir = south[0].Points[0].DirDeg!.Value;
        Assert.True(Math.Min(dir, 360 - dir) < 1e-9, $"direction {dir}");
    }

    private static async Task<JsonDocument> Json(HttpSession s, string url)
    {
        var r = await s.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync());
    }

    private static List<(long T, double? V)> Points(JsonElement series) =>
        series.EnumerateArray().Select(p => (p[0].GetInt64(), p[1].ValueKind == JsonValueKind.Null ? (double?)null : p[1].GetDouble())).ToList();
}
