using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Emissions.Simulation;

namespace Methane.Emissions.Evaluation.Scoring;

/// <summary>
/// Interval coverage of a run: the reported intervals (with the configured model-error σ) and the bootstrap-only ones
/// (σ = 0, the interval before the model-error term), for windows and 12-hour blocks, plus the coverage a range of σ
/// would give — the calibration curve the σ is chosen from on the tuning seed.
/// </summary>
public sealed record CoverageSummary(
    double Target,
    IReadOnlyList<CoverageCase> Windows,
    IReadOnlyList<CoverageCase> WindowsBootstrapOnly,
    IReadOnlyList<CoverageCase> Blocks,
    IReadOnlyList<CoverageCase> BlocksBootstrapOnly,
    IReadOnlyList<(double Sigma, double Coverage)> WindowSweep,
    double WindowSmallestSigma,
    IReadOnlyList<(double Sigma, double Coverage)> BlockSweep,
    double BlockSmallestSigma)
{
    public static readonly double[] SweepSigmas = Enumerable.Range(0, 31).Select(i => i * 0.05).ToArray();

    public static readonly double[] RateBinEdges = [0, 0.2, 0.5, 1, 2, 5, 10.01];

    public static CoverageSummary Compute(SiteGeometry site, IReadOnlyList<WindowResult> windows, IReadOnlyList<Release> releases, InversionOptions options)
    {
        double target = (options.IntervalUpperPercentile - options.IntervalLowerPercentile) / 100;
        IReadOnlyList<CoverageCase> w = IntervalCoverage.WindowCases(windows, releases);
        IReadOnlyList<CoverageCase> b = IntervalCoverage.BlockCases(site, windows, releases, options);
        var ws = IntervalCoverage.Sweep(w, SweepSigmas, target, options);
        var bs = IntervalCoverage.Sweep(b, SweepSigmas, target, options);
        return new CoverageSummary(target, w, IntervalCoverage.WithModelError(w, 0, options), b, IntervalCoverage.WithModelError(b, 0, options),
            ws.Curve, ws.Smallest, bs.Curve, bs.Smallest);
    }

    /// <summary>Cases whose true rate lies in [lo, hi).</summary>
    public static IReadOnlyList<CoverageCase> InBin(IReadOnlyList<CoverageCase> cases, double lo, double hi) =>
        cases.Where(c => c.TrueKgPerHour >= lo && c.TrueKgPerHour < hi).ToList();
}
