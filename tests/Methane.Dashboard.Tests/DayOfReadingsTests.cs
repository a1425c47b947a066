using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Methane.Cloud.Enrichment;
using Methane.Cloud.Pipeline;
using Methane.Dashboard.Data;
using Methane.Dashboard.Users;
using Methane.Dashboard.Web;
using Methane.Testing;

namespace Methane.Dashboard.Tests;

/// <summary>
/// A full day of one site (6 sensors, one reading every 5 s: 103,680 readings): the 24 h chart is averaged into buckets
/// whose values match a bucket computed here, the CSV holds every reading; the reply times are reported as figures.
/// </summary>
public sealed class DayOfReadingsTests : IAsyncLifetime
{
    private const int Sensors = 6;
    private const long StepMs = 5000;
    private const long Day = 86_400_000;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("methane-dashboard-day-");
    private DuckDbStore _store = null!;
    private DashboardServer _server = null!;
    private long _end;

    public async Task InitializeAsync()
    {
        _store = new DuckDbStore(Path.Combine(_dir.FullName, "day.duckdb"));
        _end = TestStore.Now / StepMs * StepMs;
        long start = _end - Day + StepMs;
        // ch4 of sensor s at step i: 2 + s + (i % 100) / 10 (a saw tooth, so bucket means are easy to compute here).
        _store.Execute($"""
            INSERT INTO readings (thing, site, seq, timestamp_ms, event_ms, received_ms, source, ch4_ppm, lel_pct, flags, fw,
              derived_lel_pct, site_alarm, quality, epoch)
            SELECT 'north-0' || s, 'site-north', i, {start} + i * {StepMs}, {start} + i * {StepMs}, {start} + i * {StepMs} + 100, 'telemetry',
              2 + s + (i % 100) / 10.0, 0.01, 0, '1.0.0', 0.01, 0, 'good', 0
            FROM range(0, {Day / StepMs}) r(i), range(1, {Sensors + 1}) q(s)
            """);
        var users = new UserStore(Path.Combine(_dir.FullName, "users.db"));
        users.Add("admin", Roles.Admin, DashboardFixture.Password, "test");
        _server = await DashboardServer.StartAsync(new DashboardOptions
        {
            Url = "http://127.0.0.1:0", Store = new StoreSource(_store), Users = users,
            Sites = SiteCatalog.Load(Path.Combine(AppContext.BaseDirectory, "sites.json")),
        });
    }

    [Fact]
    public async Task Day_chart_is_bucketed_correctly_and_csv_holds_every_reading()
    {
        using var s = await HttpSession.SignedInAsync(_server.Url, "admin");
        var sw = Stopwatch.StartNew();
        string json = await s.Client.GetStringAsync("/api/sites/site-north/readings?range=24h");
        long chartMs = sw.ElapsedMilliseconds;
        using var doc = JsonDocument.Parse(json);
        long bucket = doc.RootElement.GetProperty("bucketMs").GetInt64();
        Assert.Equal(Day * Sensors / 20000, bucket); // 25,920 ms: 24 h × 6 sensors over 20,000 points
        var north3 = doc.RootElement.GetProperty("series").GetProperty("north-03").EnumerateArray()
            .Select(p => (T: p[0].GetInt64(), V: p[1].GetDouble())).ToList();
        int points = doc.RootElement.GetProperty("series").EnumerateObject().Sum(p => p.Value.GetArrayLength());
        Assert.InRange(points, 19_990, 20_010);

        // One full bucket computed here from the generating formula: readings with event time in [k·b, (k+1)·b).
        long start = _end - Day + StepMs;
        var (t, v) = north3[north3.Count / 2];
        long k = (t - bucket / 2) / bucket;
        var inBucket = Enumerable.Range(0, (int)(Day / StepMs)).Where(i => (start + i * StepMs) / bucket == k).Select(i => 2 + 3 + i % 100 / 10.0).ToList();
        Assert.Equal(inBucket.Average(), v, 9);

        sw.Restart();
        // The whole day by explicit bounds (a relative range ends at the clock, which has moved on since the data was written).
        var csv = await s.Client.GetAsync($"/api/sites/site-north/readings.csv?from={start}&to={_end}");
        string text = await csv.Content.ReadAsStringAsync();
        long csvMs = sw.ElapsedMilliseconds;
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        int lines = text.Count(c => c == '\n');
        Assert.Equal(1 + Day / StepMs * Sensors, lines);

        TestFigures.Report(string.Create(CultureInfo.InvariantCulture,
            $"figure: dashboard 24 h of 6 sensors (103,680 readings): chart reply {chartMs} ms ({points} averaged points), CSV {csvMs} ms ({text.Length / 1_000_000.0:F1} MB)"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _store.Dispose();
        try { _dir.Delete(recursive: true); } catch (IOException) { }
    }
}
