using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Methane.Dashboard.Tests;

/// <summary>
/// Telemetry v2 rows written by hand, as the overview and the device page show them: the overview's Ambient ppm column
/// (a dash for a v1 sensor) and a met station's newest wind in place of CH4/LEL, on the page and in /api/sites (which the
/// page polls); the device API's ambient and wind status and the recent readings' ambient and wind values.
/// </summary>
public sealed partial class OverviewAndDeviceV2Tests : IClassFixture<DashboardFixture>
{
    private static readonly long T0 = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private const int Learning = 1 << 5, BelowNoise = 1 << 7, Calm = 1, NoPulses = 2;

    private readonly DashboardFixture f;

    public OverviewAndDeviceV2Tests(DashboardFixture fixture)
    {
        f = fixture;
        TestStore.GasV2(f.Store, "north-21", "site-north", 1, T0, 157.0, 2.01, 0.314, bg: 2.0, enh: 0.01, bgFlags: Learning, enhFlags: BelowNoise);
        TestStore.GasV2(f.Store, "north-21", "site-north", 2, T0 + 10_000, 157.2, 2.35, 0.3144, bg: 2.01, enh: 0.34);
        TestStore.Met(f.Store, "north-met", "site-north", 1, T0, 3.2, 280.0, 9.5);
        TestStore.Met(f.Store, "north-met", "site-north", 2, T0 + 60_000, 3.04, 281.6, 9.5, gust: 4.4);
        TestStore.Met(f.Store, "north-calm", "site-north", 1, T0, 0.2, null, null, windFlags: Calm | NoPulses);
        TestStore.Met(f.Store, "south-met", "site-south", 1, T0, 5.0, 90.0, 10.0);
    }

    [Fact]
    public async Task Overview_page_shows_ambient_ppm_a_dash_for_v1_and_the_met_stations_wind()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        string html = await s.Client.GetStringAsync("/");
        Assert.Contains("<th>CH4 ppm</th><th>LEL %</th><th>Ambient ppm</th><th>Last reading (UTC)</th>", html);
        Assert.Equal(["north-21", "offline", "157.2", "0.3", "2.35", "2025-06-01 12:00:10", ""], Cells(html, "north-21"));
        Assert.Equal("–", Cells(html, "north-01")[4]);
        Assert.Equal(["north-met", "offline", "wind: 3.0 m/s from 282°", "2025-06-01 12:01:00", ""], Cells(html, "north-met"));
        Assert.Matches("<td class=\"wind\" colspan=\"3\">", Row(html, "north-met"));
        Assert.Equal(["north-calm", "offline", "wind: calm", "2025-06-01 12:00:00", "calm (no direction), no anemometer pulses (calm, or cable)"],
            Cells(html, "north-calm"));
        Assert.DoesNotContain("south-met", html);
    }

    [Fact]
    public async Task Sites_api_carries_ambient_and_wind_for_the_live_refresh_in_the_same_scope()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        using var doc = JsonDocument.Parse(await s.Client.GetStringAsync("/api/sites"));
        JsonElement site = Assert.Single(doc.RootElement.EnumerateArray());
        var sensors = site.GetProperty("sensors").EnumerateArray().ToDictionary(x => x.GetProperty("thing").GetString()!);
        Assert.Equal(2.35, sensors["north-21"].GetProperty("ch4AmbPpm").GetDouble());
        Assert.Equal("gas", sensors["north-21"].GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, sensors["north-21"].GetProperty("wind").ValueKind);
        Assert.Equal(JsonValueKind.Null, sensors["north-01"].GetProperty("ch4AmbPpm").ValueKind);
        Assert.Equal("3.0 m/s from 282°", sensors["north-met"].GetProperty("windText").GetString());
        Assert.Equal(3.04, sensors["north-met"].GetProperty("wind").GetProperty("speedMs").GetDouble());
        Assert.Equal("calm", sensors["north-calm"].GetProperty("windText").GetString());
        Assert.DoesNotContain("south-met", sensors.Keys);

        using var admin = await HttpSession.SignedInAsync(f.Url, "admin");
        using var all = JsonDocument.Parse(await admin.Client.GetStringAsync("/api/sites"));
        JsonElement south = all.RootElement.EnumerateArray().Single(x => x.GetProperty("id").GetString() == "site-south");
        Assert.Equal("5.0 m/s from 90°", south.GetProperty("sensors").EnumerateArray()
            .Single(x => x.GetProperty("thing").GetString() == "south-met").GetProperty("windText").GetString());
    }

    [Fact]
    public async Task Device_api_of_a_v2_gas_sensor_gives_ambient_background_enhancement_and_flag_words()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        using var doc = JsonDocument.Parse(await s.Client.GetStringAsync("/api/devices/north-21"));
        JsonElement root = doc.RootElement;
        Assert.Equal("gas", root.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("wind").ValueKind);
        JsonElement amb = root.GetProperty("ambient");
        Assert.Equal(2.35, amb.GetProperty("ambPpm").GetDouble());
        Assert.Equal(2.01, amb.GetProperty("bgPpm").GetDouble());
        Assert.Equal(0.34, amb.GetProperty("enhPpm").GetDouble());
        Assert.Equal("2.35 ppm, background 2.01 ppm, enhancement 0.34 ppm", amb.GetProperty("words").GetString());

        JsonElement[] recent = root.GetProperty("recent").EnumerateArray().ToArray();
        Assert.Equal([2.35, 2.01], recent.Select(r => r.GetProperty("ch4AmbPpm").GetDouble()));
        Assert.Equal([157.2, 157.0], recent.Select(r => r.GetProperty("ch4Ppm").GetDouble()));
        JsonElement older = recent[1].GetProperty("ambient");
        Assert.Equal(["learning (too little history)"], older.GetProperty("bgFlagWords").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(["below the noise floor (< 3 σ)"], older.GetProperty("enhFlagWords").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal("2.01 ppm, background 2.00 ppm, enhancement 0.01 ppm; background flags: learning (too little history); " +
            "enhancement flags: below the noise floor (< 3 σ)", older.GetProperty("words").GetString());

        string page = WebUtility.HtmlDecode(await s.Client.GetStringAsync("/devices/north-21"));
        Assert.Contains("<table id=\"recent\" data-kind=\"gas\"><thead><tr><th>Time (UTC)</th><th>Seq</th><th>CH4 ppm</th><th>LEL %</th><th>Ambient ppm</th>", page);
    }

    [Fact]
    public async Task Device_api_of_a_met_station_gives_its_wind_and_wind_columns()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        using var doc = JsonDocument.Parse(await s.Client.GetStringAsync("/api/devices/north-met"));
        JsonElement root = doc.RootElement;
        Assert.Equal("met", root.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("ambient").ValueKind);
        JsonElement wind = root.GetProperty("wind");
        Assert.Equal(T0 + 60_000, wind.GetProperty("eventMs").GetInt64());
        Assert.Equal(4.4, wind.GetProperty("gustMs").GetDouble());
        Assert.Equal("3.0 m/s from 282°, gust 4.4 m/s, σθ 9.5°; flags: none", wind.GetProperty("words").GetString());
        JsonElement[] recent = root.GetProperty("recent").EnumerateArray().ToArray();
        Assert.Equal([3.04, 3.2], recent.Select(r => r.GetProperty("wind").GetProperty("speedMs").GetDouble()));
        Assert.Equal([281.6, 280.0], recent.Select(r => r.GetProperty("wind").GetProperty("dirDeg").GetDouble()));

        using var calm = JsonDocument.Parse(await s.Client.GetStringAsync("/api/devices/north-calm"));
        Assert.Equal("0.2 m/s no direction, σθ –; flags: calm (no direction), no anemometer pulses (calm, or cable)",
            calm.RootElement.GetProperty("wind").GetProperty("words").GetString());

        string page = WebUtility.HtmlDecode(await s.Client.GetStringAsync("/devices/north-met"));
        Assert.Contains("<table id=\"recent\" data-kind=\"met\"><thead><tr><th>Time (UTC)</th><th>Seq</th><th>Wind m/s</th><th>From °</th>" +
            "<th>Gust m/s</th><th>σθ °</th><th>Wind flags</th>", page);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Client.GetAsync("/api/devices/south-met")).StatusCode);
    }

    [Fact]
    public async Task Device_api_of_a_v1_sensor_has_no_ambient_and_no_wind()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        using var doc = JsonDocument.Parse(await s.Client.GetStringAsync("/api/devices/north-01"));
        JsonElement root = doc.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("role").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("ambient").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("wind").ValueKind);
        Assert.All(root.GetProperty("recent").EnumerateArray(), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("ch4AmbPpm").ValueKind));
    }

    private static string Row(string html, string thing) =>
        Regex.Match(html, $"<tr data-thing=\"{thing}\">(.*?)</tr>", RegexOptions.Singleline) is { Success: true } m ? m.Groups[1].Value
            : throw new Xunit.Sdk.XunitException($"no overview row for {thing}");

    private static string[] Cells(string html, string thing) =>
        Cell().Matches(Row(html, thing)).Select(m => WebUtility.HtmlDecode(Tag().Replace(m.Groups[1].Value, "")).Trim()).ToArray();

    [GeneratedRegex("<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex Cell();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
}
