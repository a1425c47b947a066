using System.Globalization;
using System.Net;

namespace Methane.Dashboard.Tests;

/// <summary>The CSV download holds exactly the store's readings of the site in the range (checked against the store itself).</summary>
public sealed class CsvTests(DashboardFixture f) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Csv_of_a_range_matches_the_store_row_for_row()
    {
        using var s = await HttpSession.SignedInAsync(f.Url, "viewer-north");
        long from = f.SeededUntilMs - 120_000, to = f.SeededUntilMs;
        var r = await s.Client.GetAsync($"/api/sites/site-north/readings.csv?from={from}&to={to}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/csv", r.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"site-north-{from}-{to}.csv", r.Content.Headers.ContentDisposition!.ToString());
        string[] lines = (await r.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');

        var expected = f.Store.Query($"""
            SELECT thing, seq, event_ms, ch4_ppm FROM readings
            WHERE site = 'site-north' AND event_ms BETWEEN {from} AND {to} ORDER BY event_ms, thing, seq
            """, x => $"{x.GetString(0)},{x.GetInt64(1)},{x.GetInt64(2)},{x.GetDouble(3).ToString("R", CultureInfo.InvariantCulture)}");
        Assert.Equal(26, expected.Count); // 13 readings of each north sensor (every 10 s over 120 s, both ends included)
        // Without a measure: all of them (a v1 reading has no ambient value).
        Assert.Equal("thing,seq,event_time_utc,event_ms,received_ms,ch4_ppm,lel_pct,ch4_amb_ppm,temp_c,rh_pct,quality,flags,site_alarm,fw,source", lines[0]);
        var got = lines.Skip(1).Select(l => l.Split(',')).Select(c => $"{c[0]},{c[1]},{c[3]},{c[5]}").ToList();
        Assert.Equal(expected, got);
        string first = lines[1];
        string[] cells = first.Split(',');
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(cells[3], CultureInfo.InvariantCulture)).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), cells[2]);
        Assert.Equal(["", "20.5", "55.25", "good", "0", "0", "1.0.0", "telemetry"], cells[7..]);
    }
}
