using System.Text.Json;
using Microsoft.Playwright;

namespace Methane.Dashboard.Tests;

/// <summary>
/// The site map in Chromium: drawn on the overview and the site page, equal metres per pixel east and north, and a sensor
/// going to alarm in the store changes its colour and label on the open page without a reload. Own dashboard (own store),
/// so the alarm written here does not meet the other browser tests.
/// </summary>
public sealed class SiteMapBrowserTests(BrowserFixture b) : IClassFixture<BrowserFixture>
{
    private DashboardFixture D => b.Dashboard;
    private static readonly PageWaitForFunctionOptions Within15s = new() { Timeout = 15_000, PollingInterval = 200 };

    // The badge colours of dashboard.css: .state-ok #2e8b57, .state-alarm #c0392b.
    private const string OkRgb = "46,139,87";
    private const string AlarmRgb = "192,57,43";

    // Where the chart drew a sensor: its dataset's label, the label next to it, and the canvas pixel at its centre.
    private const string SensorProbe = """
        thing => {
          const chart = Chart.getChart('site-map-site-north');
          if (!chart) return null;
          for (let i = 0; i < chart.data.datasets.length; i++) {
            const ds = chart.data.datasets[i];
            const j = ds.data.findIndex(p => p.thing === thing);
            if (j < 0) continue;
            const el = chart.getDatasetMeta(i).data[j];
            const r = chart.currentDevicePixelRatio;
            const px = chart.ctx.getImageData(Math.round(el.x * r), Math.round(el.y * r), 1, 1).data;
            return JSON.stringify({ dataset: ds.label, text: ds.data[j].text, colour: ds.backgroundColor, pixel: [px[0], px[1], px[2]].join(',') });
          }
          return null;
        }
        """;

    [Fact]
    public async Task The_map_is_drawn_to_scale_and_a_sensor_going_to_alarm_changes_colour_without_reload()
    {
        IPage page = await b.SignedInPageAsync("viewer-north");
        await page.WaitForURLAsync(D.Url + "/");
        int navigations = 0;
        page.FrameNavigated += (_, _) => navigations++;
        await page.WaitForFunctionAsync("() => (document.getElementById('site-map-site-north').dataset.states || '').includes('\"north-02\":\"ok\"')", null, Within15s);

        Sensor before = await SensorAsync(page, "north-02");
        Assert.Equal(("ok", "north-02 · ok", OkRgb), (before.Dataset, before.Text, before.Pixel));

        // Equal scaling: metres per pixel east equal to north (within 1 %), and the whole boundary (±100 m) in view.
        double[] scale = await page.EvaluateAsync<double[]>("""
            () => { const c = Chart.getChart('site-map-site-north'), a = c.chartArea, x = c.scales.x, y = c.scales.y;
                    return [(x.max - x.min) / a.width, (y.max - y.min) / a.height, x.min, x.max, y.min, y.max]; }
            """);
        Assert.InRange(scale[0] / scale[1], 0.99, 1.01);
        Assert.True(scale[2] <= -100 && scale[3] >= 100 && scale[4] <= -100 && scale[5] >= 100, string.Join(", ", scale));
        string[] legend = await page.EvaluateAsync<string[]>(
            "() => Chart.getChart('site-map-site-north').legend.legendItems.map(i => i.text)");
        Assert.Equal(["ok", "no reading", "met station", "candidate source"], legend);

        TestStore.Reading(D.Store, "north-02", "site-north", 7000, D.SeededUntilMs + 20_000, 9000, siteAlarm: 1);
        await page.WaitForFunctionAsync("() => (document.getElementById('site-map-site-north').dataset.states || '').includes('\"north-02\":\"alarm\"')", null, Within15s);
        Sensor after = await SensorAsync(page, "north-02");
        Assert.Equal(("alarm", "north-02 · alarm", AlarmRgb), (after.Dataset, after.Text, after.Pixel));
        Assert.Equal(0, navigations);

        // The site page draws the same map.
        await page.GotoAsync("/sites/site-north");
        await page.WaitForFunctionAsync("() => (document.getElementById('site-map-site-north').dataset.states || '').includes('\"north-02\":\"alarm\"')", null, Within15s);
        Assert.Equal(AlarmRgb, (await SensorAsync(page, "north-02")).Pixel);
        await page.Context.CloseAsync();
    }

    private sealed record Sensor(string Dataset, string Text, string Colour, string Pixel);

    private static async Task<Sensor> SensorAsync(IPage page, string thing)
    {
        string json = await page.EvaluateAsync<string>(SensorProbe, thing);
        using var doc = JsonDocument.Parse(json);
        JsonElement e = doc.RootElement;
        return new Sensor(e.GetProperty("dataset").GetString()!, e.GetProperty("text").GetString()!, e.GetProperty("colour").GetString()!, e.GetProperty("pixel").GetString()!);
    }
}
