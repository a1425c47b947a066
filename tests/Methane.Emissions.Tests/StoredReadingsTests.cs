using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Emissions.Jobs;
using Methane.Telemetry;

namespace Methane.Emissions.Tests;

/// <summary>How a stored reading counts in the inversion, whichever store it came from.</summary>
public sealed class StoredReadingsTests
{
    private static readonly SiteGeometry Site = SiteGeometryLoader.LoadFile(RepoPaths.ExampleSite)[0];
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 6, 0, 0, TimeSpan.Zero);

    private static (double Ppm, bool Faulty) Counted(StoredReadingRow row)
    {
        var obs = new ObservationSeries(Site, T0, 10);
        StoredReadings.Add(obs, row);
        int s = Site.SensorIndex(row.Thing);
        return (obs.Ppm[s][0], obs.Faulty[s][0]);
    }

    private static string Sensor => Site.Sensors[0].Thing;
    private static long Ms => T0.ToUnixTimeMilliseconds();

    [Fact]
    public void A_v1_reading_counts_with_its_ppm()
    {
        Assert.Equal((151.5, false), Counted(new StoredReadingRow(Sensor, Ms, 151.5, null, 0, null, null, null)));
    }

    [Fact]
    public void A_v2_gas_reading_counts_with_its_enhancement()
    {
        Assert.Equal((0.154, false), Counted(new StoredReadingRow(Sensor, Ms, 152.3, 0.154, 0, null, null, null, 0)));
    }

    [Fact]
    public void A_v2_gas_reading_without_an_enhancement_is_faulty_not_its_high_range_ppm()
    {
        // ch4_enh_flags present (here 2: the device had no valid background yet) and no enhancement: 152.3 ppm must not enter
        // a series of few-ppm enhancements as if it were a plume.
        (double ppm, bool faulty) = Counted(new StoredReadingRow(Sensor, Ms, 152.3, null, 0, null, null, null, 2));
        Assert.True(faulty);
        Assert.True(double.IsNaN(ppm));
    }

    [Fact]
    public void An_invalid_measurement_flag_makes_any_reading_faulty()
    {
        int invalid = TelemetryFlags.InvalidMask & -TelemetryFlags.InvalidMask; // its lowest flag
        Assert.True(Counted(new StoredReadingRow(Sensor, Ms, 151.5, 0.2, invalid, null, null, null, 0)).Faulty);
    }
}
