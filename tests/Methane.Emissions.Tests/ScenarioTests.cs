using Methane.Emissions.Dispersion;
using Methane.Emissions.Geometry;
using Methane.Emissions.Scenarios;
using Methane.Emissions.Simulation;

namespace Methane.Emissions.Tests;

public class ScenarioTests
{
    private static readonly DateTimeOffset Noon = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly SiteGeometry Site = new("t", new SiteBoundary(-100, 100, -100, 100), new MetStationPlacement("met", new SitePoint(0, -50), 3),
        [new SensorPlacement("east", new SitePoint(40, 0), 2), new SensorPlacement("west", new SitePoint(-40, 0), 2), new SensorPlacement("north", new SitePoint(0, 40), 2)],
        [new CandidateSource("q", new SitePoint(0, 0), 2)]);

    private static List<WindSample> Samples(ScenarioWind wind, DateTimeOffset from, int seconds) =>
        Enumerable.Range(0, seconds).Select(i => wind.Next(from.AddSeconds(i))).ToList();

    private static double CircularStdDeg(IEnumerable<double> fromDeg)
    {
        var a = fromDeg.Select(d => d * Math.PI / 180).ToList();
        double r = Math.Sqrt(Math.Pow(a.Average(Math.Sin), 2) + Math.Pow(a.Average(Math.Cos), 2));
        return Math.Sqrt(-2 * Math.Log(r)) * 180 / Math.PI;
    }

    [Fact]
    public void Steady_wind_gives_the_downwind_sensor_a_plume_and_the_others_nothing()
    {
        var wind = new ScenarioWind(ScenarioWindKind.Steady, seed: 1) { MeanSpeedMs = 2, MeanFromDeg = 270 };
        var field = new ScenarioGasField(Site, [new ScenarioRelease("q", 1.0, Noon, Noon.AddHours(1))]);
        double sum = 0, maxOthers = 0;
        int n = 0;
        for (int i = 0; i < 1200; i++)
        {
            DateTimeOffset t = Noon.AddSeconds(i);
            field.Step(t, 1, wind.Next(t));
            if (i < 300) continue;   // 5 minutes to fill the site
            sum += field.EnhancementPpm[0];
            maxOthers = Math.Max(maxOthers, Math.Max(field.EnhancementPpm[1], field.EnhancementPpm[2]));
            n++;
        }
        // A different model as the yardstick: the steady Gaussian plume, neutral, with the profile's σθ of 6°.
        double plume = PlumeForwardModel.PpmPerKgPerHour(Site.Sources[0], Site.Sensors[0], 2, 270, StabilityClass.D, 6);
        Assert.InRange(sum / n, plume / 2, plume * 2);
        Assert.True(maxOthers < 0.01 * plume, $"upwind/crosswind sensors saw {maxOthers} ppm");
    }

    [Fact]
    public void Release_outside_its_time_leaves_the_air_clean()
    {
        var wind = new ScenarioWind(ScenarioWindKind.Steady, seed: 1) { MeanFromDeg = 270 };
        var field = new ScenarioGasField(Site, [new ScenarioRelease("q", 5.0, Noon.AddHours(1), Noon.AddHours(2))]);
        for (int i = 0; i < 600; i++) field.Step(Noon.AddSeconds(i), 1, wind.Next(Noon.AddSeconds(i)));
        Assert.All(field.EnhancementPpm, c => Assert.Equal(0, c));
    }

    [Fact]
    public void Meandering_wind_swings_by_its_amplitude_and_calm_wind_is_below_an_anemometers_start()
    {
        var meander = Samples(new ScenarioWind(ScenarioWindKind.Meandering, seed: 2) { MeanFromDeg = 180, MeanderAmplitudeDeg = 30, MeanderPeriodS = 300 }, Noon, 600);
        // Over whole periods the sine alone has σ = 30/√2 ≈ 21°; with the 10° jitter, √(21² + 10²) ≈ 23.5°.
        Assert.InRange(CircularStdDeg(meander.Select(w => w.FromDeg)), 19, 28);
        var calm = Samples(new ScenarioWind(ScenarioWindKind.Calm, seed: 3), Noon, 600);
        Assert.All(calm, w => Assert.Equal(ScenarioWind.CalmSpeedMs, w.SpeedMs));
    }

    [Fact]
    public void Diurnal_profile_is_turbulent_and_fast_by_day_stable_and_slow_at_night()
    {
        var wind = new ScenarioWind(ScenarioWindKind.DiurnalStability, seed: 4) { MeanSpeedMs = 3, MeanFromDeg = 90 };
        var day = Samples(wind, Noon, 3600);
        var night = Samples(wind, Noon.AddHours(12), 3600);
        Assert.InRange(CircularStdDeg(day.Select(w => w.FromDeg)), 17, 33);     // σθ 25°
        Assert.InRange(CircularStdDeg(night.Select(w => w.FromDeg)), 3.5, 6.5); // σθ 5°
        Assert.Equal(4.5, day[0].SpeedMs);
        Assert.Equal(1.5, night[0].SpeedMs);
    }

    [Fact]
    public void A_release_at_an_unknown_source_is_refused_naming_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => new ScenarioGasField(Site, [new ScenarioRelease("tank", 1, Noon, Noon.AddHours(1))]));
        Assert.StartsWith("releases[0].source = \"tank\": expected a candidate source of site t (q)", e.Message);
    }
}
