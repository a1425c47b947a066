using Methane.Cloud.Function.Emissions;
using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Emissions.Jobs;

namespace Methane.Cloud.Tests.Function;

/// <summary>
/// The inversion's InfluxDB wire formats, against hand-written text: the InfluxQL query (InfluxDB docs: InfluxQL SELECT,
/// RFC 3339 time literals, GROUP BY tag), the /query JSON answer (v1-compatible API, epoch=ms), and the line protocol of
/// the estimates (InfluxDB docs: line protocol — tags escape ",= ", string fields escape \" and \\, integers end in i).
/// </summary>
public class InfluxWireFormatTests
{
    private static readonly SiteGeometry Site = SiteGeometryLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "sites.json"))[0];

    [Fact]
    public void The_query_selects_the_jobs_fields_of_one_site_and_range_grouped_by_thing()
    {
        string q = InfluxReadingsQuery.Text(Site, new DateTimeOffset(2026, 6, 1, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 6, 1, 19, 0, 0, TimeSpan.Zero));
        Assert.Equal("SELECT \"ch4_ppm\", \"ch4_enh_ppm\", \"flags\", \"wind_speed_ms\", \"wind_dir_deg\", \"wind_sigma_deg\", \"role\", \"ch4_amb_ppm\", \"wind_flags\" FROM \"methane\" " +
            "WHERE \"site\" = 'site-north' AND time >= '2026-06-01T06:00:00.000Z' AND time < '2026-06-01T19:00:00.000Z' GROUP BY \"thing\"", q);
        Assert.Equal(new[] { "db=methane", "epoch=ms", "q=" + q }, InfluxReadingsQuery.Parameters("methane", q).Select(p => p.Key + "=" + p.Value));
    }

    [Fact]
    public void The_answer_becomes_one_row_per_value_with_nulls_kept_apart()
    {
        const string answer = """
            {"results":[{"statement_id":0,"series":[
              {"name":"methane","tags":{"thing":"north-01"},"columns":["time","ch4_ppm","ch4_enh_ppm","flags","wind_speed_ms","wind_dir_deg","wind_sigma_deg","role","ch4_amb_ppm"],
               "values":[[1780315200000,152.3,0.154,0,null,null,null,"gas",2.104],[1780315260000,150.1,null,1,null,null,null,null,null]]},
              {"name":"methane","tags":{"thing":"north-met"},"columns":["time","ch4_ppm","ch4_enh_ppm","flags","wind_speed_ms","wind_dir_deg","wind_sigma_deg","wind_flags"],
               "values":[[1780315200000,null,null,0,3.42,247.5,12.3,0]]}]}]}
            """;
        Assert.Equal(new[]
        {
            new StoredReadingRow("north-01", 1780315200000, 152.3, 0.154, 0, null, null, null, "gas", 2.104),
            new StoredReadingRow("north-01", 1780315260000, 150.1, null, 1, null, null, null),
            new StoredReadingRow("north-met", 1780315200000, null, null, 0, 3.42, 247.5, 12.3, WindFlags: 0),
        }, InfluxReadingsQuery.Parse(answer));
        // A range without readings has a result without series.
        Assert.Empty(InfluxReadingsQuery.Parse("""{"results":[{"statement_id":0}]}"""));
    }

    [Fact]
    public void A_failed_query_is_an_error_with_influxdbs_message()
    {
        var e = Assert.Throws<InfluxQueryException>(() => InfluxReadingsQuery.Parse("""{"results":[{"statement_id":0,"error":"database not found: methane"}]}"""));
        Assert.Equal("InfluxDB query failed: database not found: methane", e.Message);
        Assert.Throws<InfluxQueryException>(() => InfluxReadingsQuery.Parse("""{"error":"authorization failed"}"""));
    }

    [Fact]
    public void A_valid_estimate_is_one_point_with_rate_interval_and_window_end()
    {
        var e = new EmissionEstimate("site-north", "compressor-1", 2.25, 1.5, 3.0, new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 6, 1, 12, 15, 0, TimeSpan.Zero), true, null);
        Assert.Equal("methane_emission,kind=window,site=site-north,source=compressor-1 detected=t,lower_kg_h=1.5,rate_kg_h=2.25,upper_kg_h=3,window_end_ms=1780316100000i 1780315200000",
            EmissionLineProtocol.Line(e, "window"));
    }

    [Fact]
    public void No_valid_estimate_is_a_point_with_the_reason_and_no_rate()
    {
        var e = new EmissionEstimate("site-south", "meter run, east", null, null, null, new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero), false, "calm: mean wind 0.3 m/s < 0.5 m/s \"calm\" \\ threshold");
        Assert.Equal("methane_emission,kind=block,site=site-south,source=meter\\ run\\,\\ east detected=f,reason=\"calm: mean wind 0.3 m/s < 0.5 m/s \\\"calm\\\" \\\\ threshold\",window_end_ms=1780315200000i 1780272000000",
            EmissionLineProtocol.Line(e, "block"));
        Assert.Throws<ArgumentException>(() => EmissionLineProtocol.Line(e with { RateKgPerHour = 1 }, "block"));
        Assert.Throws<ArgumentException>(() => EmissionLineProtocol.Line(e, "day"));
    }
}
