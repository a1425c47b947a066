using System.Globalization;
using System.Net;
using System.Text.Json;
using Methane.Cloud.Pipeline;
using Methane.Cloud.Pipeline.Emissions;

namespace Methane.Dashboard.Tests;

/// <summary>
/// Hand-written rows of the pipeline's emission_estimates table (created by the pipeline's own store class) and the text the
/// overview, the site page and the API show for them; the site scope applies as everywhere.
/// </summary>
public sealed class EmissionEstimateTests : IClassFixture<DashboardFixture>
{
    private readonly DashboardFixture f;

    public EmissionEstimateTests(DashboardFixture fixture)
    {
        f = fixture;
        _ = new EmissionEstimateStore(f.Store);
        var rows = new List<string>();
        // site-north, fifteen 15-minute windows 06:30..10:15 on 1 Dec 2026: twelve quiet ones, then no valid estimate, quiet, a detection.
        for (int i = 0; i < 12; i++)
        {
            rows.Add(Row("site-north", "separator-2", "window", At(6, 30 + 15 * i), 15, 0.1, 0.0, 0.4, false, null));
            rows.Add(Row("site-north", "wellhead-1", "window", At(6, 30 + 15 * i), 15, 0.05, 0.0, 0.3, false, null));
        }
        rows.Add(Row("site-north", "separator-2", "window", At(9, 30), 15, null, null, null, false, "wind speed below 0.5 m/s"));
        rows.Add(Row("site-north", "wellhead-1", "window", At(9, 30), 15, null, null, null, false, "wind speed below 0.5 m/s"));
        rows.Add(Row("site-north", "separator-2", "window", At(9, 45), 15, 0.2, 0.0, 0.6, false, null));
        rows.Add(Row("site-north", "wellhead-1", "window", At(9, 45), 15, null, null, null, false, "source upwind of every sensor"));
        rows.Add(Row("site-north", "separator-2", "window", At(10, 0), 15, 2.14, 1.6, 2.66, true, null));
        rows.Add(Row("site-north", "tank-3", "window", At(10, 0), 15, 0.94, 0.52, 1.38, true, null));
        rows.Add(Row("site-north", "wellhead-1", "window", At(10, 0), 15, 0.2, 0.0, 0.5, false, null));
        // site-north, 12-hour blocks: 30 Nov 12:00-24:00 detected, 1 Dec 00:00-12:00 without a valid estimate.
        rows.Add(Row("site-north", "separator-2", "block", At(-12, 0), 720, 1.8, 1.2, 2.4, true, null));
        rows.Add(Row("site-north", "separator-2", "block", At(0, 0), 720, null, null, null, false, "fewer than 50 % valid windows"));
        rows.Add(Row("site-north", "wellhead-1", "block", At(0, 0), 720, null, null, null, false, "fewer than 50 % valid windows"));
        // site-south: one window, one block.
        rows.Add(Row("site-south", "compressor-1", "window", At(10, 0), 15, 9.4, 8.0, 11.2, true, null));
        rows.Add(Row("site-south", "compressor-1", "block", At(0, 0), 720, 7.3, 6.1, 8.8, true, null));
        f.Store.Execute("INSERT OR REPLACE INTO emission_estimates VALUES " + string.Join(", ", rows));
    }

    [Fact]
    public async Task Overview_shows_the_latest_window_and_block_of_each_visible_site()
    {
        using var viewer = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        string html = await Page(viewer, "/");
        Assert.Contains("Emission estimate, 15 min: separator-2: 2.1 kg/h (1.6–2.7); tank-3: 0.9 kg/h (0.5–1.4) (2026-12-01 10:00–10:15 UTC)", html);
        Assert.Contains("Emission estimate, 12 h: no valid estimate: fewer than 50 % valid windows (2026-12-01 00:00–12:00 UTC)", html);
        Assert.DoesNotContain("not available", html);
        Assert.DoesNotContain("compressor-1", html);

        using var admin = await HttpSession.SignedInAsync(f.Url, "admin");
        string all = await Page(admin, "/");
        Assert.Contains("Emission estimate, 15 min: compressor-1: 9.4 kg/h (8.0–11.2) (2026-12-01 10:00–10:15 UTC)", all);
        Assert.Contains("Emission estimate, 12 h: compressor-1: 7.3 kg/h (6.1–8.8) (2026-12-01 00:00–12:00 UTC)", all);
    }

    [Fact]
    public async Task Site_page_lists_the_last_twelve_windows_and_the_blocks()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        string html = await Page(s, "/sites/site-north");
        Assert.Contains("<td>2026-12-01 10:00–10:15 UTC</td><td>15 min</td><td>separator-2: 2.1 kg/h (1.6–2.7); tank-3: 0.9 kg/h (0.5–1.4)</td>", html);
        Assert.Contains("<td>2026-12-01 09:45–10:00 UTC</td><td>15 min</td><td>no emission detected</td>", html);
        Assert.Contains("<td>2026-12-01 09:30–09:45 UTC</td><td>15 min</td><td>no valid estimate: wind speed below 0.5 m/s</td>", html);
        Assert.Contains("<td>2026-12-01 07:15–07:30 UTC</td><td>15 min</td><td>no emission detected</td>", html);
        Assert.DoesNotContain("2026-12-01 07:00–07:15 UTC", html); // the 13th newest window
        Assert.Equal(12, Count(html, "<tr data-kind=\"window\">"));
        Assert.Contains("<td>2026-11-30 12:00–2026-12-01 00:00 UTC</td><td>12 h</td><td>separator-2: 1.8 kg/h (1.2–2.4)</td>", html);
        Assert.Contains("<td>2026-12-01 00:00–12:00 UTC</td><td>12 h</td><td>no valid estimate: fewer than 50 % valid windows</td>", html);
        Assert.Equal(2, Count(html, "<tr data-kind=\"block\">"));
    }

    [Fact]
    public async Task Api_returns_the_rows_of_the_site_and_404_for_a_site_out_of_scope()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        using var doc = JsonDocument.Parse(await s.Client.GetStringAsync("/api/sites/site-north/emissions"));
        var root = doc.RootElement;
        Assert.True(root.GetProperty("available").GetBoolean());
        var newest = root.GetProperty("windows")[0];
        Assert.Equal(12, root.GetProperty("windows").GetArrayLength());
        Assert.Equal(At(10, 0), newest.GetProperty("startMs").GetInt64());
        Assert.Equal("separator-2: 2.1 kg/h (1.6–2.7); tank-3: 0.9 kg/h (0.5–1.4)", newest.GetProperty("summary").GetString());
        var separator = newest.GetProperty("sources")[0];
        Assert.Equal("separator-2", separator.GetProperty("source").GetString());
        Assert.Equal(2.14, separator.GetProperty("rateKgH").GetDouble());
        Assert.Equal(1.6, separator.GetProperty("lowerKgH").GetDouble());
        Assert.Equal(2.66, separator.GetProperty("upperKgH").GetDouble());
        Assert.Equal(2, root.GetProperty("blocks").GetArrayLength());

        var south = await s.Client.GetAsync("/api/sites/site-south/emissions");
        Assert.Equal(HttpStatusCode.NotFound, south.StatusCode);
        Assert.DoesNotContain("compressor", await south.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await s.Client.GetAsync("/sites/site-south")).StatusCode);
    }

    private static long At(int hour, int minute) =>
        new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).AddHours(hour).AddMinutes(minute).ToUnixTimeMilliseconds();

    private static string Row(string site, string source, string kind, long startMs, int minutes, double? rate, double? lower, double? upper,
        bool detected, string? reason) =>
        $"('{site}', '{source}', '{kind}', {startMs}, {startMs + minutes * 60_000L}, {Num(rate)}, {Num(lower)}, {Num(upper)}, " +
        $"{(detected ? "TRUE" : "FALSE")}, {(reason is null ? "NULL" : "'" + reason + "'")}, {startMs + minutes * 60_000L + 5000})";

    private static string Num(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? "NULL";

    private static async Task<string> Page(HttpSession s, string url) => WebUtility.HtmlDecode(await s.Client.GetStringAsync(url));

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}

/// <summary>A store written before the emission job existed has no emission_estimates table: "not available", no error.</summary>
public sealed class NoEstimateTableTests(DashboardFixture f) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Overview_site_page_and_api_say_not_available()
    {
        Assert.Empty(f.Store.Query("SELECT 1 FROM duckdb_tables() WHERE table_name = 'emission_estimates'", r => 1));
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        foreach (string url in new[] { "/", "/sites/site-north" })
        {
            var page = await s.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("Emission estimate: not available (no estimate in the store)", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        }
        using var doc = JsonDocument.Parse(await s.Client.GetStringAsync("/api/sites/site-north/emissions"));
        Assert.False(doc.RootElement.GetProperty("available").GetBoolean());
        Assert.Equal(0, doc.RootElement.GetProperty("windows").GetArrayLength());
    }
}
