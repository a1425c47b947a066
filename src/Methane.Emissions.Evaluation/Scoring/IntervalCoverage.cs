using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Emissions.Simulation;

namespace Methane.Emissions.Evaluation.Scoring;

/// <summary>
/// One detected estimate of a source that was really releasing: the true rate (for a 12-hour block its time-mean), the
/// reported interval, and the noise-only bootstrap replicates the interval was built from.
/// </summary>
public sealed record CoverageCase(double TrueKgPerHour, double LowerKgPerHour, double UpperKgPerHour, double[] Replicates)
{
    public bool Contains => LowerKgPerHour <= TrueKgPerHour && TrueKgPerHour <= UpperKgPerHour;
}

/// <summary>
/// Coverage of the 90 % intervals: the share of detected true-source estimates whose interval contains the true rate.
/// Windows count when they lie fully inside a release and detect its source; blocks when their source released at some
/// time in the block and the block detects it (truth: the source's mean rate over the block).
/// </summary>
public static class IntervalCoverage
{
    public static double Share(IReadOnlyList<CoverageCase> cases) => cases.Count == 0 ? double.NaN : cases.Count(c => c.Contains) / (double)cases.Count;

    public static IReadOnlyList<CoverageCase> WindowCases(IReadOnlyList<WindowResult> windows, IReadOnlyList<Release> releases)
    {
        var cases = new List<CoverageCase>();
        foreach (Release r in releases)
        {
            int j = r.SourceIndex;
            foreach (WindowResult w in windows)
            {
                if (!w.Valid || w.Start < r.Start || w.End > r.End || !w.Detected[j]) continue;
                cases.Add(new CoverageCase(r.RateKgPerHour, w.Lower[j], w.Upper[j], w.Bootstrap.Select(b => b[j]).ToArray()));
            }
        }
        return cases;
    }

    public static IReadOnlyList<CoverageCase> BlockCases(SiteGeometry site, IReadOnlyList<WindowResult> windows, IReadOnlyList<Release> releases, InversionOptions options)
    {
        var cases = new List<CoverageCase>();
        foreach (IReadOnlyList<WindowResult> block in BlockAggregator.BlockWindows(windows, options))
        {
            IReadOnlyList<EmissionEstimate> estimates = BlockAggregator.Block(site, block, options);
            for (int j = 0; j < estimates.Count; j++)
            {
                EmissionEstimate e = estimates[j];
                double truth = TrueMeanRate(releases, j, e.WindowStart, e.WindowEnd);
                if (!e.Valid || !e.Detected || truth <= 0) continue;
                cases.Add(new CoverageCase(truth, e.LowerKgPerHour!.Value, e.UpperKgPerHour!.Value, BlockAggregator.Replicates(block, j)));
            }
        }
        return cases;
    }

    /// <summary>The cases with their interval rebuilt from the replicates with another model-error σ (0 = bootstrap only).</summary>
    public static IReadOnlyList<CoverageCase> WithModelError(IReadOnlyList<CoverageCase> cases, double logSigma, InversionOptions options)
    {
        var result = new CoverageCase[cases.Count];
        Parallel.For(0, cases.Count, i =>
        {
            CoverageCase c = cases[i];
            double[] copy = (double[])c.Replicates.Clone();
            (double lo, double hi) = ModelErrorInterval.Of(copy, copy.Length, logSigma, options.IntervalLowerPercentile, options.IntervalUpperPercentile);
            result[i] = c with { LowerKgPerHour = lo, UpperKgPerHour = hi };
        });
        return result;
    }

    /// <summary>Coverage at each σ of the grid; the first σ whose coverage reaches <paramref name="target"/> (NaN if none).</summary>
    public static (IReadOnlyList<(double Sigma, double Coverage)> Curve, double Smallest) Sweep(IReadOnlyList<CoverageCase> cases, IReadOnlyList<double> sigmas,
        double target, InversionOptions options)
    {
        var curve = sigmas.Select(s => (s, Share(WithModelError(cases, s, options)))).ToList();
        double smallest = curve.Where(p => p.Item2 >= target).Select(p => p.s).DefaultIfEmpty(double.NaN).First();
        return (curve, smallest);
    }

    /// <summary>Time-mean rate of one source over [start, end) from the releases at it.</summary>
    public static double TrueMeanRate(IReadOnlyList<Release> releases, int source, DateTimeOffset start, DateTimeOffset end)
    {
        double kg = 0;
        foreach (Release r in releases)
        {
            if (r.SourceIndex != source) continue;
            DateTimeOffset a = r.Start > start ? r.Start : start, b = r.End < end ? r.End : end;
            if (b > a) kg += r.RateKgPerHour * (b - a).TotalHours;
        }
        return kg / (end - start).TotalHours;
    }
}
