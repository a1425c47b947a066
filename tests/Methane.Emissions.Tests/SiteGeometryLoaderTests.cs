using Methane.Emissions.Geometry;

namespace Methane.Emissions.Tests;

public class SiteGeometryLoaderTests
{
    private const string Valid = """
        {"sites":[{"id":"s1","boundary_m":{"east_min":-100,"east_max":100,"north_min":-50,"north_max":50},
          "met_station":{"thing":"met","east_m":0,"north_m":0,"height_m":3},
          "sensors":[{"thing":"a","east_m":10,"north_m":20,"inlet_height_m":2}],
          "sources":[{"name":"tank","east_m":-5,"north_m":1,"release_height_m":4}]}]}
        """;

    [Fact]
    public void Example_site_has_8_sensors_and_4_to_10_equipment_groups()
    {
        SiteGeometry site = Assert.Single(SiteGeometryLoader.LoadFile(RepoPaths.ExampleSite));
        Assert.Equal(8, site.Sensors.Count);
        Assert.InRange(site.Sources.Count, 4, 10);
        Assert.All(site.Sensors, s => Assert.True(site.Boundary.Contains(s.Position)));
    }

    [Fact]
    public void Valid_file_is_read_field_by_field()
    {
        SiteGeometry g = Assert.Single(SiteGeometryLoader.Parse(Valid));
        Assert.Equal("s1", g.SiteId);
        Assert.Equal(new SitePoint(10, 20), g.Sensors[0].Position);
        Assert.Equal(2, g.Sensors[0].InletHeightM);
        Assert.Equal("tank", g.Sources[0].Name);
        Assert.Equal(4, g.Sources[0].ReleaseHeightM);
        Assert.Equal(3, g.MetStation.HeightM);
    }

    [Theory]
    [InlineData("\"east_m\":10,", "\"east_m\":150,", "sites[0].sensors[0].east_m", "150", "inside the site boundary")]
    [InlineData("\"inlet_height_m\":2", "\"inlet_height_m\":-1", "sites[0].sensors[0].inlet_height_m", "-1", "between 0 and 30")]
    [InlineData("\"release_height_m\":4", "\"release_height_m\":\"4\"", "sites[0].sources[0].release_height_m", "\"4\"", "a number")]
    [InlineData("\"name\":\"tank\",", "", "sites[0].sources[0].name", "(missing)", "non-empty string")]
    [InlineData("\"east_max\":100", "\"east_max\":-200", "sites[0].boundary_m.east_max", "-200", "greater than east_min")]
    public void Bad_field_is_named_with_value_and_expectation(string from, string to, string field, string value, string expected)
    {
        var e = Assert.Throws<SiteGeometryException>(() => SiteGeometryLoader.Parse(Valid.Replace(from, to)));
        Assert.Equal(field, e.Field);
        Assert.Equal(value, e.Value);
        Assert.Contains(expected, e.Expected);
    }

    [Fact]
    public void Missing_met_station_is_refused()
    {
        string json = Valid.Replace("\"met_station\":{\"thing\":\"met\",\"east_m\":0,\"north_m\":0,\"height_m\":3},", "");
        var e = Assert.Throws<SiteGeometryException>(() => SiteGeometryLoader.Parse(json));
        Assert.Equal("sites[0].met_station", e.Field);
        Assert.Contains("met station", e.Message);
    }

    [Fact]
    public void Duplicate_sensor_thing_is_refused()
    {
        string json = Valid.Replace("\"sensors\":[{\"thing\":\"a\",\"east_m\":10,\"north_m\":20,\"inlet_height_m\":2}]",
            "\"sensors\":[{\"thing\":\"a\",\"east_m\":10,\"north_m\":20,\"inlet_height_m\":2},{\"thing\":\"a\",\"east_m\":1,\"north_m\":2,\"inlet_height_m\":2}]");
        var e = Assert.Throws<SiteGeometryException>(() => SiteGeometryLoader.Parse(json));
        Assert.Equal("sites[0].sensors[1].thing", e.Field);
    }
}

public class PipelineSitesFileTests
{
    private static string SitesFile => Path.Combine(RepoPaths.Root(), "src", "Methane.Cloud.Enrichment", "sites.json");

    [Fact]
    public void The_pipeline_sites_file_carries_every_sites_geometry_under_the_same_ids()
    {
        IReadOnlyList<SiteGeometry> geometry = SiteGeometryLoader.LoadFile(SitesFile);
        var catalog = Methane.Cloud.Enrichment.SiteCatalog.Load(SitesFile);
        Assert.Equal(catalog.Sites.Select(s => s.Id).Order(), geometry.Select(g => g.SiteId).Order());
        SiteGeometry north = geometry.Single(g => g.SiteId == "site-north");
        // The demo names its devices north-01 … and south-01 … (DemoRunner.Things).
        Assert.Equal(["north-01", "north-02", "north-03", "north-04"], north.Sensors.Select(s => s.Thing));
        Assert.Equal("north-met", north.MetStation.Thing);
        Assert.Equal(new SitePoint(0, 60), north.Sensors[0].Position);
        Assert.Equal(2.5, north.Sensors[0].InletHeightM);
        Assert.Contains(north.Sources, q => q.Name == "vent-stack" && q.ReleaseHeightM == 6.0);
    }

    [Fact]
    public void A_site_of_the_pipeline_sites_file_without_geometry_is_refused_naming_the_field()
    {
        string json = File.ReadAllText(SitesFile).Replace("\"met_station\"", "\"met_station_moved\"", StringComparison.Ordinal);
        var e = Assert.Throws<SiteGeometryException>(() => SiteGeometryLoader.Parse(json));
        Assert.StartsWith("sites[0].met_station = (missing): expected the site's met station", e.Message);
    }

    [Fact]
    public void The_demo_summary_describes_a_sites_geometry()
    {
        SiteGeometry south = SiteGeometryLoader.LoadFile(SitesFile).Single(g => g.SiteId == "site-south");
        string line = SiteGeometryText.Describe(south);
        Assert.StartsWith("site site-south: met station south-met at (30, 30) m, 3 m; sensors south-01 (0, 35) inlet 2 m, south-02 (35, 0) inlet 2 m", line);
        Assert.Contains("candidate sources meter-run (0, 5) at 1 m, regulator (-10, -8) at 1 m, odorizer (12, -10) at 1.5 m", line);
    }
}
