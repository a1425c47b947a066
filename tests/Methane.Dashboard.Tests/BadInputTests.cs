using System.Net;
using System.Text.Json;

namespace Methane.Dashboard.Tests;

/// <summary>Bad input gets the right status and a message naming the field, the value and what was expected; no internals leak.</summary>
public sealed class BadInputTests(DashboardFixture f) : IClassFixture<DashboardFixture>
{
    [Theory]
    [InlineData("range=7d", "range '7d'", "5m, 1h, 6h, 24h")]
    [InlineData("from=yesterday&to=2026-01-02T00:00:00Z", "from 'yesterday'", "ISO 8601")]
    [InlineData("from=2026-01-01T00:00:00&to=2026-01-02T00:00:00Z", "from '2026-01-01T00:00:00'", "with offset")]
    [InlineData("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to '2026-01-01T00:00:00Z'", "after from")]
    [InlineData("from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "2192.0 days", "at most 31 days")]
    [InlineData("from=2026-01-01T00:00:00Z", "to: missing", "with from")]
    [InlineData("range=1h&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z", "range '1h' with from/to", "either")]
    [InlineData("from=99999999999999999999&to=2026-01-02T00:00:00Z", "from '99999999999999999999'", "Unix milliseconds")]
    public async Task Malformed_or_huge_range_is_400_with_a_clear_message(string query, string names, string expected)
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        foreach (string endpoint in new[] { "readings", "readings.csv" })
        {
            var r = await s.Client.GetAsync($"/api/sites/site-north/{endpoint}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            string error = Error(await r.Content.ReadAsStringAsync());
            Assert.Contains(names, error);
            Assert.Contains(expected, error);
        }
    }

    [Fact]
    public async Task Echoed_input_is_cut_short_and_served_as_json_only()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        string evil = "<script>alert(1)</script>" + new string('x', 5000);
        var r = await s.Client.GetAsync($"/api/sites/site-north/readings?from={Uri.EscapeDataString(evil)}&to=1");
        string body = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.True(body.Length < 400, $"error body of {body.Length} characters");
        // Echoed as JSON data that browsers may not sniff as HTML; the page script shows it with textContent.
        Assert.Equal("application/json", r.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Forged_or_tampered_cookie_is_not_a_session()
    {
        using var real = await HttpSession.SignedInAsync(f.Url, "admin");
        string cookie = real.Cookies.GetCookies(new Uri(f.Url))["methane.auth"]!.Value;
        foreach (string forged in new[] { "CfDJ8forged-session-value", cookie[..^4] + (cookie[^4..] == "AAAA" ? "BBBB" : "AAAA") })
        {
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(f.Url) };
            var api = new HttpRequestMessage(HttpMethod.Get, "/api/sites");
            api.Headers.Add("Cookie", "methane.auth=" + forged);
            var apiReply = await client.SendAsync(api);
            Assert.Equal(HttpStatusCode.Unauthorized, apiReply.StatusCode);
            Assert.Equal("sign in first", Error(await apiReply.Content.ReadAsStringAsync()));
            var page = new HttpRequestMessage(HttpMethod.Get, "/sites/site-north");
            page.Headers.Add("Cookie", "methane.auth=" + forged);
            var pageReply = await client.SendAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, pageReply.StatusCode);
            Assert.Contains("/login", pageReply.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task Session_cookie_is_HttpOnly_and_SameSite_Strict()
    {
        using var s = new HttpSession(f.Url);
        var r = await s.LoginAsync("viewer-north", DashboardFixture.Password);
        string setCookie = string.Join("\n", r.Headers.GetValues("Set-Cookie"));
        Assert.Matches("methane.auth=[^;]+;.*httponly", setCookie.ToLowerInvariant());
        Assert.Contains("samesite=strict", setCookie.ToLowerInvariant());
        Assert.DoesNotContain("secure", setCookie.ToLowerInvariant()); // plain http here; Secure is set under TLS
    }

    [Fact]
    public async Task Post_without_antiforgery_token_is_refused()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "op-north");
        var ack = await s.Client.PostAsync("/api/sites/site-north/alarms/ack", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["thing"] = "north-01", ["seq"] = "1", ["eventMs"] = "1", ["source"] = "site",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, ack.StatusCode);
        var login = await new HttpSession(f.Url).Client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin", ["Password"] = DashboardFixture.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
    }

    [Fact]
    public async Task Unknown_alarm_cannot_be_acknowledged_and_bad_fields_are_named()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "op-north");
        string token = await s.TokenAsync("/sites/site-north");
        async Task<(HttpStatusCode, string)> Ack(string thing, string source)
        {
            var r = await s.Client.PostAsync("/api/sites/site-north/alarms/ack", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["thing"] = thing, ["seq"] = "9999", ["eventMs"] = "1", ["source"] = source,
            }));
            return (r.StatusCode, Error(await r.Content.ReadAsStringAsync()));
        }
        var (status, error) = await Ack("north-01", "site");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("no such alarm", error);
        (status, error) = await Ack("north-01", "banana");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("source 'banana': expected device or site", error);
        (status, error) = await Ack("north 01'; DROP TABLE readings", "site");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("thing 'north 01'; DROP TABLE readings'", error);
    }

    [Fact]
    public async Task Unauthenticated_api_is_401_and_pages_redirect_to_login()
    {
        using var s = new HttpSession(f.Url);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.Client.GetAsync("/api/sites/site-north/readings")).StatusCode);
        var page = await s.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/login", page.Headers.Location!.OriginalString);
    }

    private static string Error(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("error").GetString()!;
    }
}
