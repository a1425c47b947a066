using Methane.Emissions.Dispersion;
using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;

namespace Methane.Emissions.Tests;

public class DelayedCouplingTests
{
    // One source 50 m south of one sensor; the met station elsewhere.
    private static readonly SiteGeometry Site = new("t", new SiteBoundary(-100, 100, -100, 100), new MetStationPlacement("met", new SitePoint(50, 0), 3),
        [new SensorPlacement("s", new SitePoint(0, 50), 2)], [new CandidateSource("q", new SitePoint(0, 0), 2)]);

    [Fact]
    public void Reading_uses_the_wind_of_the_minutes_its_gas_left_the_source()
    {
        // 1 m/s: travel 50 s. Minute 9 wind from the south (sensor downwind), minute 10 from the north (sensor upwind).
        // The six points of minute 10 (5, 15 … 55 s) left the source at −45, −35, −25, −15, −5, +5 s: five in minute 9.
        var obs = new ObservationSeries(Site, SyntheticObservations.Noon, 12);
        for (int m = 0; m < 12; m++) obs.AddMet(obs.TimeOf(m), 1.0, m == 10 ? 0 : 180, 10);
        double downwind = PlumeForwardModel.PpmPerKgPerHour(Site.Sources[0], Site.Sensors[0], 1.0, 180, StabilityClass.D, 10);
        Assert.True(downwind > 0.1);
        Assert.Equal(0, PlumeForwardModel.PpmPerKgPerHour(Site.Sources[0], Site.Sensors[0], 1.0, 0, StabilityClass.D, 10));

        var coupling = new DelayedCoupling(obs, 8, _ => StabilityClass.D, 0.5, 0);
        var a = new double[1];
        coupling.Fill(10, 0, a);
        Assert.Equal(downwind * 5 / 6, a[0], 1e-9);
        coupling.Fill(11, 0, a);   // minute 11's gas left in minute 10 (upwind) and 11 (downwind again): 5/6 of nothing + 1/6
        Assert.Equal(downwind / 6, a[0], 1e-9);
    }

    [Fact]
    public void Missing_or_calm_wind_in_the_emission_minute_falls_back_to_the_reading_minute()
    {
        var obs = new ObservationSeries(Site, SyntheticObservations.Noon, 12);
        for (int m = 0; m < 12; m++) obs.AddMet(obs.TimeOf(m), m == 9 ? 0.2 : 1.0, 180, 10);
        double downwind = PlumeForwardModel.PpmPerKgPerHour(Site.Sources[0], Site.Sensors[0], 1.0, 180, StabilityClass.D, 10);
        var a = new double[1];
        new DelayedCoupling(obs, 8, _ => StabilityClass.D, 0.5, 0).Fill(10, 0, a);
        Assert.Equal(downwind, a[0], 1e-9);
    }
}
