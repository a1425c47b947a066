using System.Net;
using System.Text.Json;

namespace Methane.Dashboard.Tests;

/// <summary>Pages and API enforce one site scope: a viewer of site-north gets site-north and a 404 for everything of site-south.</summary>
public sealed class SiteScopeTests(DashboardFixture f) : IClassFixture<DashboardFixture>
{
    public static readonly TheoryData<string> SouthUrls = new()
    {
        "/sites/site-south", "/devices/south-01",
        "/api/sites/site-south/readings?range=1h", "/api/sites/site-south/readings.csv?range=1h",
        "/api/sites/site-south/alarms", "/api/sites/site-south/health", "/api/sites/site-south/emissions", "/api/sites/site-south/map",
        "/api/sites/site-south/wind?range=1h", "/api/sites/site-south/readings?range=1h&measure=ambient",
        "/api/devices/south-01",
    };

    [Theory]
    [MemberData(nameof(SouthUrls))]
    public async Task Viewer_of_north_gets_404_for_south_like_for_a_site_that_does_not_exist(string url)
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        var south = await s.Client.GetAsync(url);
        var nowhere = await s.Client.GetAsync(url.Replace("site-south", "site-nowhere").Replace("south-01", "nowhere-01"));
        Assert.Equal(HttpStatusCode.NotFound, south.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        string body = await south.Content.ReadAsStringAsync();
        Assert.DoesNotContain("7.", body); // no south reading value leaks
        Assert.DoesNotContain("South metering yard", body);
    }

    [Theory]
    [InlineData("/sites/site-north")]
    [InlineData("/devices/north-01")]
    [InlineData("/api/sites/site-north/readings?range=1h")]
    [InlineData("/api/sites/site-north/health")]
    [InlineData("/api/devices/north-01")]
    public async Task Viewer_of_north_sees_north(string url)
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        Assert.Equal(HttpStatusCode.OK, (await s.Client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Site_list_holds_only_the_granted_site_and_admin_sees_both()
    {
        using var viewer = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        using var admin = await HttpSession.SignedInAsync(f.Url, "admin");
        Assert.Equal(["site-north"], await SiteIds(viewer));
        Assert.Equal(["site-north", "site-south"], await SiteIds(admin));
        Assert.Equal(HttpStatusCode.OK, (await admin.Client.GetAsync("/api/sites/site-south/health")).StatusCode);
    }

    [Fact]
    public async Task Chart_series_hold_the_stored_values_of_each_sensor()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        using var doc = JsonDocument.Parse(await s.Client.GetStringAsync("/api/sites/site-north/readings?range=1h"));
        var series = doc.RootElement.GetProperty("series");
        Assert.Equal(["north-01", "north-02"], series.EnumerateObject().Select(p => p.Name));
        // Seeded: 61 readings per sensor, north-01 = 2 + seq % 5 for seq 1..61.
        var north01 = series.GetProperty("north-01").EnumerateArray().Select(p => p[1].GetDouble()).ToList();
        Assert.True(north01.Count >= 61);
        Assert.Equal(Enumerable.Range(1, 61).Select(seq => 2.0 + seq % 5), north01.Take(61));
    }

    [Fact]
    public async Task Revoking_the_grant_takes_effect_on_the_next_request()
    {
        f.Users.Add("viewer-temp", "viewer", DashboardFixture.Password, "test");
        f.Users.Grant("viewer-temp", "site-north", "test");
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-temp");
        Assert.Equal(HttpStatusCode.OK, (await s.Client.GetAsync("/api/sites/site-north/health")).StatusCode);
        f.Users.Revoke("viewer-temp", "site-north", "test");
        // The revoke ends the user's sessions; signed in again, the site is out of scope.
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.Client.GetAsync("/api/sites/site-north/health")).StatusCode);
        using var again = await HttpSession.SignedInAsync(f.Url, "viewer-temp");
        Assert.Equal(HttpStatusCode.NotFound, (await again.Client.GetAsync("/api/sites/site-north/health")).StatusCode);
    }

    [Fact]
    public async Task Viewer_cannot_acknowledge_and_cannot_open_the_users_page()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        string token = await s.TokenAsync("/sites/site-north");
        var ack = await s.Client.PostAsync("/api/sites/site-north/alarms/ack", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["thing"] = "north-01", ["seq"] = "1", ["eventMs"] = "1", ["source"] = "site",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, ack.StatusCode);
        Assert.Contains("operator", await ack.Content.ReadAsStringAsync());
        var users = await s.Client.GetAsync("/users");
        Assert.Equal(HttpStatusCode.Redirect, users.StatusCode);
        Assert.StartsWith("/denied", users.Headers.Location!.OriginalString.Replace(f.Url, ""));
    }

    private static async Task<List<string>> SiteIds(HttpSession s)
    {
        using var doc = JsonDocument.Parse(await s.Client.GetStringAsync("/api/sites"));
        return doc.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
    }
}
