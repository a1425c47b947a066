using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Emissions.Jobs;
using Methane.Telemetry;

namespace Methane.Emissions.Tests;

/// <summary>How stored readings count in the inversion, whichever store they came from.</summary>
public sealed class StoredReadingsTests
{
    private static readonly SiteGeometry Site = SiteGeometryLoader.LoadFile(RepoPaths.ExampleSite)[0];
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 6, 0, 0, TimeSpan.Zero);
    private static string Sensor => Site.Sensors[0].Thing;
    private static string Met => Site.MetStation.Thing;
    private static long Ms(int seconds) => T0.AddSeconds(seconds).ToUnixTimeMilliseconds();

    private static ObservationSeries Add(params StoredReadingRow[] rows)
    {
        var obs = new ObservationSeries(Site, T0, 10);
        StoredReadings.AddAll(obs, rows);
        return obs;
    }

    private static (double Ppm, bool Faulty) Counted(StoredReadingRow row)
    {
        ObservationSeries obs = Add(row);
        int s = Site.SensorIndex(row.Thing);
        return (obs.Ppm[s][0], obs.Faulty[s][0]);
    }

    [Fact]
    public void A_v1_reading_counts_with_its_enhancement_else_its_ppm()
    {
        Assert.Equal((151.5, false), Counted(new StoredReadingRow(Sensor, Ms(0), 151.5, null, 0, null, null, null)));
        Assert.Equal((0.4, false), Counted(new StoredReadingRow(Sensor, Ms(0), 151.5, 0.4, 0, null, null, null)));
    }

    [Fact]
    public void A_v2_gas_reading_counts_with_its_ambient_value()
    {
        Assert.Equal((2.104, false), Counted(new StoredReadingRow(Sensor, Ms(0), 152.3, 0.154, 0, null, null, null, "gas", 2.104)));
    }

    [Fact]
    public void A_v2_gas_reading_without_an_ambient_value_is_faulty_not_its_high_range_ppm()
    {
        // Above the ambient model's range (or while the sensor is invalid) the device sends no ch4_amb_ppm: its 152.3 ppm
        // safety-path value must not enter a series of ~2 ppm values as if it were a plume.
        (double ppm, bool faulty) = Counted(new StoredReadingRow(Sensor, Ms(0), 152.3, null, 0, null, null, null, "gas", null));
        Assert.True(faulty);
        Assert.True(double.IsNaN(ppm));
    }

    [Fact]
    public void A_minute_is_the_mean_of_its_readings()
    {
        ObservationSeries obs = Add(
            new StoredReadingRow(Sensor, Ms(0), null, null, 0, null, null, null, "gas", 2.0),
            new StoredReadingRow(Sensor, Ms(20), null, null, 0, null, null, null, "gas", 2.3),
            new StoredReadingRow(Sensor, Ms(40), null, null, 0, null, null, null, "gas", 2.9));
        Assert.Equal(2.4, obs.Ppm[0][0], 12);
    }

    [Fact]
    public void An_invalid_measurement_flag_makes_any_reading_faulty()
    {
        int invalid = TelemetryFlags.InvalidMask & -TelemetryFlags.InvalidMask; // its lowest flag
        Assert.True(Counted(new StoredReadingRow(Sensor, Ms(0), 151.5, 0.2, invalid, null, null, null, "gas", 2.2)).Faulty);
    }

    [Fact]
    public void A_met_report_lands_on_the_middle_of_the_interval_it_averaged()
    {
        // Reports every 60 s stamped at 2:00 and 3:00 describe minutes 1 and 2 (their middles 1:30 and 2:30).
        ObservationSeries obs = Add(
            new StoredReadingRow(Met, Ms(120), null, null, 0, 3.0, 270, 12, "met", WindFlags: 0),
            new StoredReadingRow(Met, Ms(180), null, null, 0, 4.0, 280, 10, "met", WindFlags: 0));
        Assert.Equal(new[] { double.NaN, 3.0, 4.0, double.NaN }, obs.WindSpeedMs[..4]);
        Assert.Equal(280, obs.WindFromDeg[2]);
    }

    [Fact]
    public void A_calm_report_is_a_calm_minute_and_a_report_without_direction_otherwise_is_not_wind()
    {
        ObservationSeries obs = Add(
            new StoredReadingRow(Met, Ms(120), null, null, 0, 0.3, null, null, "met", WindFlags: 1),
            new StoredReadingRow(Met, Ms(240), null, null, 0, 3.0, null, null, "met", WindFlags: 0));
        Assert.Equal(0.3, obs.WindSpeedMs[1]);
        Assert.True(double.IsNaN(obs.WindFromDeg[1]));
        Assert.True(double.IsNaN(obs.WindSpeedMs[3]));
    }
}
