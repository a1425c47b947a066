using Methane.Firmware.Emulation.Scenarios;
using Methane.Firmware.Host.Simulation;
using Xunit;

namespace Methane.Firmware.Host.Tests;

/// <summary>A scenario's modelled sites over the sites file: the gas field reaches the downwind sensor only, the met station sees the scripted wind.</summary>
public sealed class SiteAirTests
{
    private static readonly DateTimeOffset Noon = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static Scenario Parse(string sites) => ScenarioLoader.Parse(
        $$"""{ "name": "t", "seed": 3, "durationSeconds": 900, "sites": [ {{sites}} ] }""", "x.json");

    [Fact]
    public void A_release_in_a_westerly_reaches_the_sensor_east_of_it_and_not_the_one_west()
    {
        // site-north (sites.json): compressor-1 at (-12, 6) m, north-02 at (60, 0), north-04 at (-60, 0), met station north-met.
        var scenario = Parse("""
            { "site": "site-north", "wind": { "profile": "steady", "speedMs": 3, "fromDeg": 270 },
              "releases": [ { "source": "compressor-1", "rateKgPerHour": 2, "startSeconds": 0, "endSeconds": 900 } ] }
            """);
        SiteAirField field = SiteAir.Build(scenario, HostPaths.Sites(), Noon)["site-north"];
        IDeviceAir east = field.For("north-02")!, west = field.For("north-04")!, met = field.For("north-met")!;
        Assert.Null(field.For("south-01"));

        double eastSum = 0, westMax = 0;
        for (int t = 120; t < 900; t++)
        {
            eastSum += east.EnhancementPpmAt(t);
            westMax = Math.Max(westMax, west.EnhancementPpmAt(t));
        }
        // Independent order of magnitude: a ground-level Gaussian plume, neutral (class D) at 72 m (σy ≈ 5.6 m, σz ≈ 3.2 m, Briggs
        // open country), Q = 2 kg/h = 0.556 g/s, u = 3 m/s, release 3 m, inlet 2.5 m: Q/(π u σy σz) ≈ 3.3 mg/m³ ≈ 5 ppm on the
        // centre line; with the 6° direction jitter the mean is below that. Accept 0.2–10 ppm as "a few ppm".
        Assert.InRange(eastSum / 780, 0.2, 10);
        Assert.Equal(0, westMax);
        Assert.Equal(0, met.EnhancementPpmAt(300));
        Assert.True(met.TryWindAt(300, out double speed, out double from));
        Assert.Equal(3, speed, 6);
        Assert.InRange(from, 240, 300);   // steady westerly, σθ 6° jitter
    }

    [Fact]
    public void A_wind_time_series_switches_profile_at_each_segment_start()
    {
        var scenario = Parse("""
            { "site": "site-south", "wind": [ { "startSeconds": 0, "profile": "steady", "speedMs": 4, "fromDeg": 90 },
                                              { "startSeconds": 300, "profile": "calm" } ] }
            """);
        IDeviceAir met = SiteAir.Build(scenario, HostPaths.Sites(), Noon)["site-south"].For("south-met")!;
        Assert.True(met.TryWindAt(299, out double before, out double from));
        Assert.Equal(4, before, 6);
        Assert.InRange(from, 60, 120);
        Assert.True(met.TryWindAt(301, out double after, out _));
        Assert.Equal(0.2, after, 6);   // ScenarioWind's calm speed, under the cups' start
    }

    [Fact]
    public void An_unknown_site_or_source_is_refused_naming_the_field()
    {
        var site = Assert.Throws<ScenarioFileException>(() => SiteAir.Build(Parse("""{ "site": "site-east" }"""), HostPaths.Sites(), Noon));
        Assert.StartsWith("x.json: $.sites[0].site = \"site-east\": expected a site of ", site.Message);
        var source = Assert.Throws<ScenarioFileException>(() => SiteAir.Build(Parse("""
            { "site": "site-south", "releases": [ { "source": "compressor-1", "rateKgPerHour": 1, "startSeconds": 0, "endSeconds": 60 } ] }
            """), HostPaths.Sites(), Noon));
        Assert.Equal("x.json: $.sites[0].releases[0].source = \"compressor-1\": expected a candidate source of site-south (meter-run, regulator, odorizer)", source.Message);
    }
}
