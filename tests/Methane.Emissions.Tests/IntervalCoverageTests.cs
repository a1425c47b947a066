using Methane.Emissions.Evaluation.Scoring;
using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Emissions.Simulation;

namespace Methane.Emissions.Tests;

public class IntervalCoverageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A valid two-source window; source 1 has the given rate, interval and (constant) replicates.</summary>
    private static WindowResult Window(int startMinute, double rate, double lo, double hi, bool detected, double replicate = double.NaN) => new()
    {
        Start = T0.AddMinutes(startMinute), End = T0.AddMinutes(startMinute + 15),
        Rate = [0, rate], Lower = [0, lo], Upper = [0, hi], Detected = [false, detected],
        Bootstrap = Enumerable.Range(0, 20).Select(_ => new[] { 0.0, double.IsNaN(replicate) ? rate : replicate }).ToArray(),
    };

    private static WindowResult Invalid(int startMinute) => new() { Start = T0.AddMinutes(startMinute), End = T0.AddMinutes(startMinute + 15), Reason = "calm wind" };

    [Fact]
    public void Share_counts_intervals_holding_the_truth_ends_included()
    {
        var cases = new[]
        {
            new CoverageCase(2, 1, 3, []),      // inside
            new CoverageCase(2, 2.1, 3, []),    // above it
            new CoverageCase(2, 2, 2, []),      // both ends on it
            new CoverageCase(2, 0.5, 1.9, []),  // below it
        };
        Assert.Equal(0.5, IntervalCoverage.Share(cases));
        Assert.True(double.IsNaN(IntervalCoverage.Share([])));
    }

    [Fact]
    public void Windows_count_when_inside_the_release_valid_and_detecting_its_source()
    {
        // Release of 2 kg/h at source 1 from 00:00 to 01:00.
        var releases = new[] { new Release(1, 1, "b", 2.0, T0, T0.AddHours(1)) };
        var windows = new List<WindowResult>
        {
            Window(0, 2.1, 1.5, 2.5, true),     // counts, holds 2
            Window(15, 1.0, 0.5, 1.5, true),    // counts, misses 2
            Window(30, 0.05, 0, 0.2, false),    // not detected: left out
            Invalid(45),                        // no valid estimate: left out
            Window(60, 1.0, 0.5, 1.5, true),    // after the release: left out
            Window(-10, 2.0, 1.5, 2.5, true),   // starts before the release: left out
        };
        IReadOnlyList<CoverageCase> cases = IntervalCoverage.WindowCases(windows, releases);
        Assert.Equal(2, cases.Count);
        Assert.All(cases, c => Assert.Equal(2.0, c.TrueKgPerHour));
        Assert.Equal(0.5, IntervalCoverage.Share(cases));
    }

    [Fact]
    public void Blocks_compare_with_the_sources_mean_rate_over_the_block()
    {
        // One-hour blocks of four 15-minute windows. Block 1: 4 kg/h at source 1 for its first half hour → true mean 2 kg/h;
        // windows give 3, 3, 1, 1 (replicates equal to the rate) → block 2 kg/h with the interval [2, 2]: holds it.
        // Block 2: 3 kg/h all hour, windows give 1 → [1, 1]: misses it. Block 3: no release at source 1, yet detected: left out.
        SiteGeometry site = TwoSourceSite(SiteGeometryLoader.LoadFile(RepoPaths.ExampleSite)[0]);
        var options = new InversionOptions { BlockHours = 1, WindowMinutes = 15, BlockModelErrorLogSigma = 0 };
        var releases = new[] { new Release(1, 1, "b", 4.0, T0, T0.AddMinutes(30)), new Release(2, 1, "b", 3.0, T0.AddHours(1), T0.AddHours(2)) };
        var windows = new List<WindowResult>();
        foreach (double r in new[] { 3.0, 3, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2 })
            windows.Add(Window(windows.Count * 15, r, r, r, true));
        Assert.Equal(2.0, IntervalCoverage.TrueMeanRate(releases, 1, T0, T0.AddHours(1)), 1e-12);
        IReadOnlyList<CoverageCase> cases = IntervalCoverage.BlockCases(site, windows, releases, options);
        Assert.Equal(new[] { 2.0, 3.0 }, cases.Select(c => c.TrueKgPerHour));
        Assert.Equal(new[] { true, false }, cases.Select(c => c.Contains));
    }

    [Fact]
    public void Sweep_finds_the_smallest_model_error_that_covers()
    {
        // Replicates all 1 kg/h, truth 2 kg/h: covered once exp(1.645·σ) ≥ 2, i.e. σ ≥ ln 2 / 1.645 = 0.4214.
        var cases = new[] { new CoverageCase(2, 1, 1, Enumerable.Repeat(1.0, 50).ToArray()) };
        var (curve, smallest) = IntervalCoverage.Sweep(cases, [0, 0.4, 0.45, 0.5], 0.9, new InversionOptions());
        Assert.Equal(new[] { 0.0, 0, 1, 1 }, curve.Select(p => p.Coverage));
        Assert.Equal(0.45, smallest);
    }

    private static SiteGeometry TwoSourceSite(SiteGeometry site) => site with { Sources = site.Sources.Take(2).ToList() };
}
