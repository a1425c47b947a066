using System.Globalization;
using System.Net;
using System.Text.Json;
using Methane.Cloud.Pipeline.Emissions;

namespace Methane.Dashboard.Tests;

/// <summary>
/// GET /api/sites/{site}/map: positions from the sites file (values checked by hand against src/Methane.Cloud.Enrichment/sites.json),
/// each sensor's state from the store, the newest 15-minute estimate's detected source, and the site scope (404 as elsewhere).
/// </summary>
public sealed class SiteMapApiTests(DashboardFixture f) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Positions_are_those_of_the_sites_file_and_states_those_of_the_store()
    {
        using var viewer = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        using var doc = JsonDocument.Parse(await viewer.Client.GetStringAsync("/api/sites/site-north/map"));
        JsonElement map = doc.RootElement;
        Assert.True(map.GetProperty("available").GetBoolean());

        // sites.json, site-north: boundary ±100 m; north-02 at 60 m east, 0 m north, inlet 2.5 m; met station north-met at
        // (-45, -45), 3 m; vent-stack at (-25, -20), released at 6 m.
        JsonElement b = map.GetProperty("boundary");
        Assert.Equal((-100.0, 100.0, -100.0, 100.0), (b.GetProperty("eastMin").GetDouble(), b.GetProperty("eastMax").GetDouble(),
            b.GetProperty("northMin").GetDouble(), b.GetProperty("northMax").GetDouble()));
        JsonElement north02 = Sensor(map, "north-02");
        Assert.Equal((60.0, 0.0, 2.5), (north02.GetProperty("eastM").GetDouble(), north02.GetProperty("northM").GetDouble(), north02.GetProperty("inletHeightM").GetDouble()));
        JsonElement met = map.GetProperty("metStation");
        Assert.Equal(("north-met", -45.0, -45.0, 3.0), (met.GetProperty("thing").GetString(), met.GetProperty("eastM").GetDouble(),
            met.GetProperty("northM").GetDouble(), met.GetProperty("heightM").GetDouble()));
        JsonElement vent = map.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "vent-stack");
        Assert.Equal((-25.0, -20.0, 6.0), (vent.GetProperty("eastM").GetDouble(), vent.GetProperty("northM").GetDouble(), vent.GetProperty("releaseHeightM").GetDouble()));
        Assert.Equal(["compressor-1", "compressor-2", "valve-manifold", "pig-launcher", "vent-stack"],
            map.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        // The fixture stores readings (no flags, no alarm, 30 s old) of north-01 and north-02 only.
        Assert.Equal(["north-01", "north-02", "north-03", "north-04"], map.GetProperty("sensors").EnumerateArray().Select(s => s.GetProperty("thing").GetString()));
        Assert.Equal("ok", north02.GetProperty("state").GetString());
        JsonElement north03 = Sensor(map, "north-03");
        Assert.Equal(JsonValueKind.Null, north03.GetProperty("state").ValueKind);
        Assert.Equal("no reading", north03.GetProperty("stateWords").GetString());
    }

    [Fact]
    public async Task Viewer_of_north_gets_404_for_the_map_of_south_and_admin_gets_it()
    {
        using var viewer = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        HttpResponseMessage south = await viewer.Client.GetAsync("/api/sites/site-south/map");
        HttpResponseMessage nowhere = await viewer.Client.GetAsync("/api/sites/site-nowhere/map");
        Assert.Equal(HttpStatusCode.NotFound, south.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        Assert.Equal("{\"error\":\"site 'site-south': no such site\"}", await south.Content.ReadAsStringAsync());

        using var anonymous = new HttpSession(f.Url);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Client.GetAsync("/api/sites/site-north/map")).StatusCode);

        using var admin = await HttpSession.SignedInAsync(f.Url, "admin");
        using var doc = JsonDocument.Parse(await admin.Client.GetStringAsync("/api/sites/site-south/map"));
        // sites.json, site-south: south-01 at (0, 35), inlet 2.0 m.
        JsonElement south01 = Sensor(doc.RootElement, "south-01");
        Assert.Equal((0.0, 35.0, 2.0), (south01.GetProperty("eastM").GetDouble(), south01.GetProperty("northM").GetDouble(), south01.GetProperty("inletHeightM").GetDouble()));
    }

    [Fact]
    public async Task The_source_the_newest_window_detected_is_marked_with_its_rate_and_unknown_names_are_listed()
    {
        _ = new EmissionEstimateStore(f.Store);
        long older = new DateTimeOffset(2026, 12, 1, 9, 45, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        long newest = older + 900_000;
        f.Store.Execute(string.Create(CultureInfo.InvariantCulture, $"""
            INSERT OR REPLACE INTO emission_estimates VALUES
              ('site-north', 'compressor-1', 'window', {older}, {older + 900_000}, 5.0, 4.0, 6.0, TRUE, NULL, {older + 905_000}),
              ('site-north', 'vent-stack', 'window', {newest}, {newest + 900_000}, 2.44, 1.9, 3.1, TRUE, NULL, {newest + 905_000}),
              ('site-north', 'compressor-1', 'window', {newest}, {newest + 900_000}, 0.1, 0.0, 0.4, FALSE, NULL, {newest + 905_000}),
              ('site-north', 'separator-9', 'window', {newest}, {newest + 900_000}, 1.0, 0.5, 1.5, TRUE, NULL, {newest + 905_000})
            """));
        using var viewer = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        using var doc = JsonDocument.Parse(await viewer.Client.GetStringAsync("/api/sites/site-north/map"));
        var detected = doc.RootElement.GetProperty("sources").EnumerateArray().Where(s => s.GetProperty("detected").GetBoolean()).ToList();
        JsonElement vent = Assert.Single(detected);
        Assert.Equal(("vent-stack", 2.44, "vent-stack: 2.4 kg/h"), (vent.GetProperty("name").GetString(), vent.GetProperty("rateKgH").GetDouble(), vent.GetProperty("label").GetString()));
        Assert.Equal(["separator-9"], doc.RootElement.GetProperty("unknownDetectedSources").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("2026-12-01 10:00–10:15 UTC", doc.RootElement.GetProperty("estimate").GetProperty("span").GetString());
        Assert.Contains("detected source(s) not in the sites file: separator-9", doc.RootElement.GetProperty("note").GetString());
    }

    [Fact]
    public async Task A_site_the_sites_file_does_not_place_answers_without_a_map_and_unplaced_devices_are_named()
    {
        TestStore.Reading(f.Store, "lone-01", "site-lone", 1, f.SeededUntilMs, 2.0);
        TestStore.Reading(f.Store, "north-99", "site-north", 1, f.SeededUntilMs, 2.0);
        using var admin = await HttpSession.SignedInAsync(f.Url, "admin");
        using var lone = JsonDocument.Parse(await admin.Client.GetStringAsync("/api/sites/site-lone/map"));
        Assert.False(lone.RootElement.GetProperty("available").GetBoolean());
        Assert.Equal("site 'site-lone': not in the sites file (no positions)", lone.RootElement.GetProperty("reason").GetString());
        using var north = JsonDocument.Parse(await admin.Client.GetStringAsync("/api/sites/site-north/map"));
        Assert.Contains("north-99", north.RootElement.GetProperty("unplacedThings").EnumerateArray().Select(e => e.GetString()));
    }

    private static JsonElement Sensor(JsonElement map, string thing) =>
        map.GetProperty("sensors").EnumerateArray().Single(s => s.GetProperty("thing").GetString() == thing);
}
