using Methane.Emissions.Dispersion;
using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;

namespace Methane.Emissions.Tests;

public class SiteInverterTests
{
    private static readonly SiteGeometry Site = SiteGeometryLoader.LoadFile(RepoPaths.ExampleSite)[0];

    [Fact]
    public void Recovers_rate_and_source_from_its_own_model_with_noise()
    {
        int src = Site.SourceIndex("separator-2");
        // In the window the wind meanders ±15° about north-east; before and after it comes from the north-west, so
        // pad-a-sw also has plume-free minutes for its background. Window σθ ≈ √(8² + 10.6²) ≈ 13° → class C by day.
        ObservationSeries obs = SyntheticObservations.Make(Site, 180, src, 2.0, 0.3, seed: 3,
            direction: m => (m >= 60 && m < 75 ? 45 : 315) + 15 * Math.Sin(m / 2.0), stability: StabilityClass.C);
        WindowResult w = new SiteInverter(Site).InvertWindow(obs, 60, new Random(1));
        Assert.True(w.Valid, w.Reason);
        Assert.Equal(StabilityClass.C, w.Stability);
        Assert.Equal(2.0, w.Rate[src], 0.3);
        Assert.True(w.Detected[src]);
        Assert.InRange(2.0, w.Lower[src], w.Upper[src]);
        Assert.Equal(src, Array.IndexOf(w.Rate, w.Rate.Max()));
    }

    [Fact]
    public void Noise_alone_detects_nothing_in_most_windows()
    {
        ObservationSeries obs = SyntheticObservations.Make(Site, 240, -1, 0, 0.3, seed: 5);
        IReadOnlyList<WindowResult> windows = new SiteInverter(Site).InvertAll(obs);
        int withDetection = windows.Count(w => w.Detected.Any(d => d));
        Assert.True(withDetection <= 2, $"{withDetection} of {windows.Count} noise-only windows had a detection");
    }

    [Fact]
    public void Calm_window_has_no_valid_estimate_and_says_why()
    {
        ObservationSeries obs = SyntheticObservations.Make(Site, 120, 0, 1.0, 0.3, seed: 1, speed: _ => 0.3);
        WindowResult w = new SiteInverter(Site).InvertWindow(obs, 30, new Random(1));
        Assert.False(w.Valid);
        Assert.StartsWith("calm wind", w.Reason);
        Assert.All(w.ToEstimates(Site), e => { Assert.Null(e.RateKgPerHour); Assert.False(e.Detected); });
    }

    [Fact]
    public void Calm_reports_without_a_direction_are_calm_minutes_not_missing_met_data()
    {
        ObservationSeries obs = SyntheticObservations.Make(Site, 120, 0, 1.0, 0.3, seed: 1, speed: _ => 0.3);
        for (int m = 0; m < 120; m++) { obs.WindFromDeg[m] = double.NaN; obs.SigmaThetaDeg[m] = double.NaN; }
        WindowResult w = new SiteInverter(Site).InvertWindow(obs, 30, new Random(1));
        Assert.StartsWith("calm wind: mean 0.3 m/s, 0 of 15 minutes at or above 0.5 m/s", w.Reason);
    }

    [Fact]
    public void Window_without_met_data_says_so()
    {
        ObservationSeries obs = SyntheticObservations.Make(Site, 120, 0, 1.0, 0.3, seed: 1);
        for (int m = 30; m < 45; m++) obs.WindSpeedMs[m] = double.NaN;
        WindowResult w = new SiteInverter(Site).InvertWindow(obs, 30, new Random(1));
        Assert.StartsWith("no met data: 0 of 15 minutes", w.Reason);
    }

    [Fact]
    public void Faulty_and_silent_sensors_leave_too_few_and_are_named()
    {
        ObservationSeries obs = SyntheticObservations.Make(Site, 120, 0, 1.0, 0.3, seed: 1);
        for (int s = 0; s < 4; s++) obs.Faulty[s][33] = true;
        for (int s = 4; s < 6; s++) for (int m = 30; m < 45; m++) obs.Ppm[s][m] = double.NaN;
        WindowResult w = new SiteInverter(Site).InvertWindow(obs, 30, new Random(1));
        Assert.False(w.Valid);
        Assert.StartsWith("too few sensors with data: 2 of 8 usable, need 3", w.Reason);
        Assert.Contains("flagged faulty: pad-a-n, pad-a-ne, pad-a-e, pad-a-se", w.Reason);
        Assert.Contains("no data: pad-a-s, pad-a-sw", w.Reason);
    }

    [Fact]
    public void Sensor_outside_the_site_is_refused_by_the_inversion()
    {
        var sensors = Site.Sensors.ToList();
        sensors[2] = sensors[2] with { Position = new SitePoint(400, 0) };
        SiteGeometry bad = Site with { Sensors = sensors };
        ObservationSeries obs = SyntheticObservations.Make(Site, 60, 0, 1.0, 0.3, seed: 1);
        var moved = new ObservationSeries(bad, obs.Start, obs.Minutes);
        WindowResult w = new SiteInverter(bad).InvertWindow(moved, 0, new Random(1));
        Assert.Equal("sensor pad-a-e at (400, 0) m is outside the site boundary", w.Reason);
    }

    [Fact]
    public void Reading_from_an_unknown_thing_is_ignored_with_a_warning()
    {
        var obs = new ObservationSeries(Site, SyntheticObservations.Noon, 10);
        obs.AddReading("stranger", SyntheticObservations.Noon, 5, false);
        Assert.Single(obs.Warnings);
        Assert.Contains("\"stranger\"", obs.Warnings[0]);
    }

    [Fact]
    public void Block_is_valid_with_half_its_windows_and_not_with_fewer()
    {
        int src = Site.SourceIndex("tank-battery");
        var options = new InversionOptions { BootstrapSamples = 30 };
        // The wind turns between north-north-west and east-north-east every hour (no other group on the tank battery's
        // plume line to pad-a-se or pad-a-sw), so each sensor has clean minutes in its 12-hour background context.
        static double Turning(int m) => (m / 60 % 2 == 0 ? 330 : 60) + 4 * Math.Sin(m / 3.0);
        ObservationSeries obs = SyntheticObservations.Make(Site, 720, src, 1.5, 0.3, seed: 9,
            speed: m => m < 360 ? 0.2 : 3.0, direction: Turning);
        IReadOnlyList<WindowResult> windows = new SiteInverter(Site, options).InvertAll(obs);
        Assert.Equal(48, windows.Count);
        IReadOnlyList<EmissionEstimate> block = BlockAggregator.Block(Site, windows, options);
        EmissionEstimate e = block[src];
        Assert.True(e.Valid, e.Reason);
        // The block rate of a source is the mean over the valid windows (calm windows count as missing, not as zero).
        Assert.Equal(windows.Where(w => w.Valid).Average(w => w.Rate[src]), e.RateKgPerHour!.Value, 1e-12);
        Assert.InRange(e.RateKgPerHour!.Value, e.LowerKgPerHour!.Value, e.UpperKgPerHour!.Value);
        Assert.True(e.Detected);
        // From pad-a-se, wellhead-4 lies within a plume width of the tank battery's line: some windows give the release
        // to it. The site total over the block is still close to the truth.
        Assert.Equal(1.5, block.Sum(x => x.RateKgPerHour!.Value), 0.45);

        ObservationSeries calmer = SyntheticObservations.Make(Site, 720, src, 1.5, 0.3, seed: 9, speed: m => m < 400 ? 0.2 : 3.0, direction: Turning);
        IReadOnlyList<EmissionEstimate> invalid = BlockAggregator.Block(Site, new SiteInverter(Site, options).InvertAll(calmer), options);
        Assert.All(invalid, x => Assert.Null(x.RateKgPerHour));
        Assert.Contains("windows have a valid estimate", invalid[0].Reason);
        Assert.Contains("calm wind", invalid[0].Reason);
    }
}
