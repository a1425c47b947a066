using Microsoft.Playwright;

namespace Methane.Dashboard.Tests;

/// <summary>
/// The site page in Chromium with a telemetry v2 gas sensor and a met station: the chart starts on the ambient values, the
/// measure selector switches the plotted values without a reload, and the wind panel draws the met station's points; the
/// overview's live refresh shows a new ambient value and met wind, the device page their status lines and columns. Own
/// dashboard (own store), so these rows do not change the default measure of the other browser tests.
/// </summary>
public sealed class AmbientWindBrowserTests(BrowserFixture b) : IClassFixture<BrowserFixture>
{
    private DashboardFixture D => b.Dashboard;
    private static readonly PageWaitForFunctionOptions Within15s = new() { Timeout = 15_000, PollingInterval = 200 };

    private static readonly double[] Ambient = [2.05, 2.4, 2.9, 2.2, 1.95, 2.1];
    private static readonly double[] Ppm = [157.1, 157.3, 157.9, 157.2, 157.0, 157.1];
    private static readonly double[] Direction = [270, 265.5, 280.25, 275];

    // The y values the chart holds for a dataset, as JSON (null while the chart or the dataset is not there yet).
    private const string Plotted = """
        ([canvas, label]) => {
          const c = Chart.getChart(canvas);
          const d = c && c.data.datasets.find(s => s.label === label);
          return d ? JSON.stringify(d.data.map(p => p.y)) : null;
        }
        """;

    [Fact]
    public async Task The_measure_selector_switches_the_plotted_values_without_reload_and_the_wind_chart_has_points()
    {
        long start = D.SeededUntilMs - 180_000;
        for (int i = 0; i < Ambient.Length; i++)
            TestStore.GasV2(D.Store, "north-21", "site-north", i + 1, start + i * 10_000, Ppm[i], Ambient[i], Ppm[i] / 500);
        for (int i = 0; i < Direction.Length; i++)
            TestStore.Met(D.Store, "north-met", "site-north", i + 1, start + i * 60_000, 2.5 + i, Direction[i], 8.5);

        IPage page = await b.SignedInPageAsync("viewer-north");
        await page.GotoAsync("/sites/site-north");
        int navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;

        await WaitForPlotted(page, "ch4-chart", "north-21", Ambient);
        Assert.Equal("ambient", await page.InputValueAsync("#measure"));
        Assert.Equal("ambient", await page.GetAttributeAsync("#ch4-chart", "data-measure"));

        await page.SelectOptionAsync("#measure", "ppm");
        await WaitForPlotted(page, "ch4-chart", "north-21", Ppm);
        Assert.Equal("CH4 safety path (ppm)", await page.EvaluateAsync<string>("() => Chart.getChart('ch4-chart').options.scales.y.title.text"));
        Assert.Contains("measure=ppm", await page.GetAttributeAsync("#csv", "href"));

        // The met station is not a CH4 series; its wind is on the wind chart.
        Assert.Null(await page.EvaluateAsync<string?>(Plotted, new[] { "ch4-chart", "north-met" }));
        await WaitForPlotted(page, "wind-chart", "north-met direction FROM (°)", Direction);
        Assert.StartsWith("north-met at ", await page.InnerTextAsync("#wind-latest"));
        Assert.Contains("from 275°", await page.InnerTextAsync("#wind-latest"));
        Assert.Contains("σθ 8.5°; flags: none", await page.InnerTextAsync("#wind-latest"));
        Assert.Equal(0, navigations);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_overview_and_the_device_page_show_new_ambient_and_wind_values_without_reload()
    {
        // On site-south (signed in as admin), so the site-north rows of the other test do not meet these.
        IPage page = await b.SignedInPageAsync("admin");
        await page.WaitForURLAsync(D.Url + "/");
        int navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;
        TestStore.GasV2(D.Store, "south-22", "site-south", 1, D.SeededUntilMs, 157.4, 2.47, 0.3148, bg: 2.05, enh: 0.42);
        TestStore.Met(D.Store, "south-met", "site-south", 1, D.SeededUntilMs, 3.04, 281.6, 9.5, gust: 4.4);

        await WaitForText(page, "tr[data-thing=\"south-met\"] td.wind", "wind: 3.0 m/s from 282°");
        await WaitForText(page, "tr[data-thing=\"south-22\"] td:nth-child(5)", "2.47");
        Assert.Equal("–", await page.InnerTextAsync("tr[data-thing=\"south-01\"] td:nth-child(5)"));
        Assert.Equal(0, navigations);

        await page.GotoAsync("/devices/south-met");
        await WaitForText(page, "#recent tbody tr:first-child td:nth-child(3)", "3.0");
        Assert.Equal(["1", "3.0", "282", "4.4", "9.5", "none"],
            (await page.Locator("#recent tbody tr:first-child td").AllInnerTextsAsync()).Skip(1).Take(6));
        Assert.Contains("wind       ", await page.InnerTextAsync("#console"));
        Assert.Contains("UTC: 3.0 m/s from 282°, gust 4.4 m/s, σθ 9.5°; flags: none", await page.InnerTextAsync("#console"));
        Assert.DoesNotContain("ch4        ", await page.InnerTextAsync("#console"));

        await page.GotoAsync("/devices/south-22");
        await WaitForText(page, "#recent tbody tr:first-child td:nth-child(5)", "2.47");
        Assert.Contains("ambient    2.47 ppm, background 2.05 ppm, enhancement 0.42 ppm", await page.InnerTextAsync("#console"));
        await page.Context.CloseAsync();
    }

    private static Task WaitForText(IPage page, string selector, string text) =>
        page.WaitForFunctionAsync("([s, t]) => { const e = document.querySelector(s); return !!e && e.textContent === t; }",
            new[] { selector, text }, Within15s);

    private static Task WaitForPlotted(IPage page, string canvas, string label, double[] values) =>
        page.WaitForFunctionAsync($"args => ({Plotted})(args) === args[2]",
            new[] { canvas, label, System.Text.Json.JsonSerializer.Serialize(values) }, Within15s);
}
