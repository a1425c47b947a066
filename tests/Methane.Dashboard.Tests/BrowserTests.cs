using System.Globalization;
using Microsoft.Playwright;

namespace Methane.Dashboard.Tests;

/// <summary>The dashboard in a real browser (Chromium): login, site scope, live chart, alarm acknowledgement, CSV, lockout.</summary>
public sealed class BrowserTests(BrowserFixture b) : IClassFixture<BrowserFixture>
{
    private DashboardFixture D => b.Dashboard;
    private static readonly PageWaitForFunctionOptions Within10s = new() { Timeout = 10_000, PollingInterval = 200 };

    [Fact]
    public async Task Viewer_of_north_sees_north_and_gets_404_for_south_in_page_and_api()
    {
        IPage page = await b.SignedInPageAsync("viewer-north");
        await page.WaitForURLAsync(D.Url + "/");
        Assert.Equal(1, await page.Locator("section.site").CountAsync());
        Assert.Equal("site-north", await page.Locator("section.site").GetAttributeAsync("data-site-id"));
        Assert.Equal(2, await page.Locator("section.site tbody tr").CountAsync());
        Assert.DoesNotContain("south", await page.ContentAsync());

        IResponse? south = await page.GotoAsync("/sites/site-south");
        Assert.Equal(404, south!.Status);
        Assert.Equal("404 not found", (await page.InnerTextAsync("body")).Trim());
        int apiStatus = await page.EvaluateAsync<int>("async () => (await fetch('/api/sites/site-south/readings?range=1h')).status");
        Assert.Equal(404, apiStatus);
        int deviceStatus = await page.EvaluateAsync<int>("async () => (await fetch('/api/devices/south-01')).status");
        Assert.Equal(404, deviceStatus);

        IResponse? north = await page.GotoAsync("/sites/site-north");
        Assert.Equal(200, north!.Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reading_written_to_the_store_appears_on_the_chart_without_reload()
    {
        IPage page = await b.SignedInPageAsync("viewer-north");
        await page.GotoAsync("/sites/site-north");
        await page.WaitForFunctionAsync("() => Number(document.getElementById('ch4-chart').dataset.points) > 0", null, Within10s);
        int navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;

        long t = D.SeededUntilMs + 15_000;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        TestStore.Reading(D.Store, "north-01", "site-north", 5000, t, 123.25);
        string probe = $"() => {{ const c = Chart.getChart('ch4-chart'); const d = c && c.data.datasets.find(s => s.label === 'north-01');" +
                       $" return !!d && d.data.some(p => p.x === {t} && p.y === 123.25); }}";
        await page.WaitForFunctionAsync(probe, null, Within10s);
        Methane.Testing.TestFigures.Report($"figure: dashboard live: a stored reading on the chart {sw.ElapsedMilliseconds} ms after the write (poll every 2 s)");
        Assert.Equal(0, navigations);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_alarm_appears_and_an_operator_acknowledges_it()
    {
        IPage page = await b.SignedInPageAsync("op-north");
        await page.GotoAsync("/sites/site-north");
        long t = D.SeededUntilMs + 20_000;
        TestStore.Reading(D.Store, "north-02", "site-north", 6000, t, 9000, siteAlarm: 1);

        ILocator row = page.Locator("#alarm-history tbody tr[data-thing='north-02'][data-seq='6000']");
        await row.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Contains("low", await row.InnerTextAsync());
        await page.Locator("#active-alarms tbody tr", new PageLocatorOptions { HasText = "north-02" }).WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });

        await row.Locator("button.ack").ClickAsync();
        await page.WaitForFunctionAsync(
            "() => { const r = document.querySelector(\"#alarm-history tr[data-seq='6000'] td.acked\"); return r && r.textContent.startsWith('op-north at '); }",
            null, Within10s);
        var ack = Assert.Single(D.Users.Acknowledgements("site-north"), a => a.Seq == 6000);
        Assert.Equal(("north-02", t, "site", "op-north"), (ack.Thing, ack.EventMs, ack.Source, ack.User));
        Assert.Contains(D.Users.AuditLog(), a => a is { Action: "alarm-ack", Actor: "op-north", Target: "site-north/north-02" });

        // A viewer sees the acknowledgement but gets no button.
        IPage viewer = await b.SignedInPageAsync("viewer-north");
        await viewer.GotoAsync("/sites/site-north");
        ILocator seen = viewer.Locator("#alarm-history tbody tr[data-seq='6000'] td.acked");
        await seen.WaitForAsync(new LocatorWaitForOptions { Timeout = 10_000 });
        Assert.Equal(0, await viewer.Locator("#alarm-history button.ack").CountAsync());
        await page.Context.CloseAsync();
        await viewer.Context.CloseAsync();
    }

    [Fact]
    public async Task Csv_download_of_the_shown_range_matches_the_store()
    {
        IPage page = await b.SignedInPageAsync("viewer-north");
        await page.GotoAsync("/sites/site-north");
        await page.ClickAsync("button[data-range='5m']");
        // The link starts with the default range; wait until the click has moved it to a 5-minute range (a timeout here means
        // the button did not change the shown range).
        await page.WaitForFunctionAsync(
            "() => { const u = new URL(document.getElementById('csv').href); return Number(u.searchParams.get('to')) - Number(u.searchParams.get('from')) === 300000; }",
            null, Within10s);
        string href = (await page.GetAttributeAsync("#csv", "href"))!;
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri(D.Url), href).Query);
        long from = long.Parse(query["from"]!, CultureInfo.InvariantCulture), to = long.Parse(query["to"]!, CultureInfo.InvariantCulture);
        Assert.Equal(300_000, to - from);

        IDownload download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#csv"));
        string csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        var got = csv.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(',')).Select(c => $"{c[0]}/{c[1]}/{c[3]}/{c[5]}").ToList();
        var expected = D.Store.Query($"""
            SELECT thing, seq, event_ms, ch4_ppm FROM readings WHERE site = 'site-north' AND event_ms BETWEEN {from} AND {to}
            ORDER BY event_ms, thing, seq
            """, r => $"{r.GetString(0)}/{r.GetInt64(1)}/{r.GetInt64(2)}/{r.GetDouble(3).ToString("R", CultureInfo.InvariantCulture)}");
        Assert.NotEmpty(expected);
        Assert.Equal(expected, got);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Three_wrong_passwords_lock_the_account_in_the_browser()
    {
        D.Users.Add("browser-lock", "viewer", DashboardFixture.Password, "test");
        IPage page = null!;
        for (int i = 1; i <= 3; i++)
        {
            page = await b.SignedInPageAsync("browser-lock", $"wrong-password-{i}");
            string message = await page.InnerTextAsync("#login-error");
            Assert.Equal(i < 3 ? "Wrong user name or password." : "Too many failed sign-ins: this account is locked for 10 minutes.", message);
            await page.Context.CloseAsync();
        }
        page = await b.SignedInPageAsync("browser-lock");
        Assert.EndsWith("/login", page.Url.Split('?')[0]);
        Assert.StartsWith("Too many failed sign-ins", await page.InnerTextAsync("#login-error"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_session_cookie_copied_before_sign_out_does_not_work_after_it()
    {
        IPage page = await b.SignedInPageAsync("viewer-north");
        await page.WaitForURLAsync(D.Url + "/");
        BrowserContextCookiesResult auth = (await page.Context.CookiesAsync()).Single(c => c.Name == "methane.auth");
        IBrowserContext other = await b.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = D.Url });
        await other.AddCookiesAsync([new Cookie { Name = auth.Name, Value = auth.Value, Domain = auth.Domain, Path = auth.Path }]);
        IPage copy = await other.NewPageAsync();
        Assert.Equal(200, (await copy.GotoAsync("/sites/site-north"))!.Status);

        await page.ClickAsync("header form button[type=submit]");
        await page.WaitForURLAsync(D.Url + "/login");

        await copy.GotoAsync("/sites/site-north");
        Assert.StartsWith(D.Url + "/login", copy.Url);
        Assert.Equal(401, await copy.EvaluateAsync<int>("async () => (await fetch('/api/sites')).status"));
        await other.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_new_emission_estimate_appears_on_the_overview_and_the_site_page_without_reload()
    {
        IPage overview = await b.SignedInPageAsync("viewer-north");
        await overview.WaitForURLAsync(D.Url + "/");
        IPage site = await overview.Context.NewPageAsync();
        await site.GotoAsync("/sites/site-north");
        int navigations = 0;
        overview.FrameNavigated += (_, _) => navigations++;
        site.FrameNavigated += (_, _) => navigations++;

        // The pipeline's table (created by its own store class when missing), then one window and one block for site-north.
        _ = new Methane.Cloud.Pipeline.Emissions.EmissionEstimateStore(D.Store);
        long window = new DateTimeOffset(2030, 1, 2, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        long block = new DateTimeOffset(2030, 1, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        D.Store.Execute(string.Create(CultureInfo.InvariantCulture, $"""
            INSERT OR REPLACE INTO emission_estimates VALUES
              ('site-north', 'separator-2', 'window', {window}, {window + 900_000}, 3.04, 2.0, 4.0, TRUE, NULL, {window + 905_000}),
              ('site-north', 'separator-2', 'block', {block}, {block + 43_200_000}, NULL, NULL, NULL, FALSE, 'fewer than 50 % valid windows', {block + 43_205_000})
            """));

        await overview.WaitForFunctionAsync("() => { const li = document.querySelector('section[data-site-id=\"site-north\"] li[data-kind=window]');" +
            " return !!li && li.textContent === 'Emission estimate, 15 min: separator-2: 3.0 kg/h (2.0–4.0) (2030-01-02 10:00–10:15 UTC)'; }", null, Within10s);
        Assert.Equal("Emission estimate, 12 h: no valid estimate: fewer than 50 % valid windows (2030-01-02 00:00–12:00 UTC)",
            await overview.InnerTextAsync("section[data-site-id=\"site-north\"] li[data-kind=block]"));

        await site.WaitForFunctionAsync("() => { const tr = document.querySelector('#estimates tbody tr[data-kind=window]');" +
            " return !!tr && tr.textContent === '2030-01-02 10:00–10:15 UTC15 minseparator-2: 3.0 kg/h (2.0–4.0)'; }", null, Within10s);
        Assert.Equal(0, navigations);
        await overview.Context.CloseAsync();
    }
}
