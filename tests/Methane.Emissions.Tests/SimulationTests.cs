using Methane.Emissions.Dispersion;
using Methane.Emissions.Geometry;
using Methane.Emissions.Simulation;

namespace Methane.Emissions.Tests;

public class SimulationTests
{
    private static readonly SiteGeometry Site = SiteGeometryLoader.LoadFile(RepoPaths.ExampleSite)[0];

    [Fact]
    public void Puff_model_in_steady_wind_carries_the_emitted_mass_flux_through_a_crosswind_plane()
    {
        // Independent of the plume code: at steady state, ∫∫ C dy dz · u across a plane 40 m downwind must equal Q.
        var source = new CandidateSource("q", new SitePoint(0, 0), 2);
        var site = Site with { Sources = [source], Boundary = new SiteBoundary(-500, 500, -500, 500) };
        var puffs = new PuffTransport(site) { MaxRangeM = 400 };
        var wind = new WindSample { SpeedMs = 2, FromDeg = 270, LateralIntensity = 0.2, VerticalIntensity = 0.1 };
        double q = 0.5, dt = 1;
        for (int i = 0; i < 200; i++) { puffs.Emit(0, q, dt); puffs.Advect(wind, dt); }
        double flux = 0, dy = 0.5, dz = 0.25;
        for (double y = -40; y <= 40; y += dy)
            for (double z = dz / 2; z < 40; z += dz)
            {
                var probe = new SensorPlacement("p", new SitePoint(40, y), z);
                flux += puffs.EnhancementPpm(probe, wind) / MethaneUnits.PpmFromGramsPerCubicMetre(1) * dy * dz * wind.SpeedMs;
            }
        Assert.Equal(q, flux, 0.05 * q);
    }

    [Fact]
    public void Release_schedule_follows_the_protocol()
    {
        IReadOnlyList<Release> rs = new ReleaseGenerator().Generate(Site, 300, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new Random(1));
        Assert.Equal(300, rs.Count);
        Assert.All(rs, r =>
        {
            Assert.InRange(r.RateKgPerHour, 0.1, 10);
            Assert.InRange((r.End - r.Start).TotalHours, 0.98, 8.0);
            Assert.Equal(Site.Sources[r.SourceIndex].Name, r.Source);
        });
        // Log-uniform: about half of the rates below √(0.1·10) = 1 kg/h.
        Assert.InRange(rs.Count(r => r.RateKgPerHour < 1), 120, 180);
        int concurrent = 0;
        for (int i = 0; i < rs.Count; i++)
            for (int j = i + 1; j < rs.Count; j++)
                if (rs[i].Start < rs[j].End && rs[j].Start < rs[i].End)
                {
                    concurrent++;
                    Assert.NotEqual(rs[i].SourceIndex, rs[j].SourceIndex);
                }
        Assert.InRange(concurrent, 20, 90);   // ~20 % of experiments have a second release
    }

    [Fact]
    public void Campaign_publishes_noisy_minutes_and_met_with_the_configured_noise_floor()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var sim = new CampaignSimulator { Sensors = new SensorModelOptions { OutageEveryDays = 0, FaultEveryDays = 0, MetOutageEveryDays = 0, DriftPpmPerDaySigma = 0 } };
        CampaignResult r = sim.Run(Site, [], start, 600, seed: 2);
        // No release: every reading is background + noise; the minute-to-minute differences carry √2 σ of noise.
        double[] p = r.Published.Ppm[0].Where(v => !double.IsNaN(v)).ToArray();
        double sd = Math.Sqrt(Enumerable.Range(1, p.Length - 1).Average(i => (p[i] - p[i - 1]) * (p[i] - p[i - 1])) / 2);
        Assert.InRange(sd, 0.25, 0.35);
        Assert.InRange(p.Average(), 1.7, 2.3);
        Assert.All(r.Published.WindSpeedMs, v => Assert.False(double.IsNaN(v)));
    }
}
