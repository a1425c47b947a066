using System.Globalization;
using System.Text;
using Methane.Emissions.Evaluation.Scoring;
using Methane.Emissions.Inversion;

namespace Methane.Emissions.Evaluation;

/// <summary>The report's interval-coverage section: reported vs bootstrap-only coverage, by rate, and the σ calibration curve.</summary>
internal static class CoverageSection
{
    public static void Append(StringBuilder b, CoverageSummary c, InversionOptions options)
    {
        var ci = CultureInfo.InvariantCulture;
        string P(double v) => double.IsNaN(v) ? "n/a" : (100 * v).ToString("0.0", ci) + " %";
        string S(double v) => double.IsNaN(v) ? "not reached" : v.ToString("0.00", ci);
        string Of(IReadOnlyList<CoverageCase> cases) => $"{P(IntervalCoverage.Share(cases))} of {cases.Count}";
        b.AppendLine($"## Interval coverage (target {P(c.Target)})");
        b.AppendLine();
        b.AppendLine("Share of detected true-source estimates whose interval contains the true rate: windows fully inside a release that detect its " +
                     "source (truth: the release rate), 12-hour blocks that detect a source which released in the block (truth: its mean rate over the block). " +
                     $"Reported interval = bootstrap (noise) widened by a log-normal model error, σ_ln = {options.ModelErrorLogSigma.ToString("0.00", ci)} per window, " +
                     $"{options.BlockModelErrorLogSigma.ToString("0.00", ci)} per block; bootstrap only = σ_ln 0 (the interval before the model-error term). " +
                     "Detection uses the bootstrap-only lower end either way.");
        b.AppendLine();
        b.AppendLine("| | reported interval | bootstrap only |");
        b.AppendLine("|---|---|---|");
        b.AppendLine($"| 15-minute windows | {Of(c.Windows)} | {Of(c.WindowsBootstrapOnly)} |");
        b.AppendLine($"| 12-hour blocks | {Of(c.Blocks)} | {Of(c.BlocksBootstrapOnly)} |");
        b.AppendLine();
        b.AppendLine("| true rate (kg/h) | windows | reported | bootstrap only | blocks | reported | bootstrap only |");
        b.AppendLine("|---|---|---|---|---|---|---|");
        double[] e = CoverageSummary.RateBinEdges;
        for (int i = 0; i + 1 < e.Length; i++)
        {
            var w = CoverageSummary.InBin(c.Windows, e[i], e[i + 1]);
            var w0 = CoverageSummary.InBin(c.WindowsBootstrapOnly, e[i], e[i + 1]);
            var k = CoverageSummary.InBin(c.Blocks, e[i], e[i + 1]);
            var k0 = CoverageSummary.InBin(c.BlocksBootstrapOnly, e[i], e[i + 1]);
            b.AppendLine($"| {e[i].ToString("0.#", ci)}–{Math.Min(10, e[i + 1]).ToString("0.#", ci)} | {w.Count} | {P(IntervalCoverage.Share(w))} | {P(IntervalCoverage.Share(w0))} " +
                         $"| {k.Count} | {P(IntervalCoverage.Share(k))} | {P(IntervalCoverage.Share(k0))} |");
        }
        b.AppendLine();
        b.AppendLine($"Calibration curve (coverage if the model-error σ_ln were …; choose σ on the tuning seed only): smallest σ_ln reaching {P(c.Target)}: " +
                     $"windows **{S(c.WindowSmallestSigma)}**, blocks **{S(c.BlockSmallestSigma)}** (grid step 0.05).");
        b.AppendLine();
        b.AppendLine("| σ_ln | windows | blocks |");
        b.AppendLine("|---|---|---|");
        for (int i = 0; i < c.WindowSweep.Count; i += 2)
            b.AppendLine($"| {c.WindowSweep[i].Sigma.ToString("0.00", ci)} | {P(c.WindowSweep[i].Coverage)} | {P(c.BlockSweep[i].Coverage)} |");
        b.AppendLine();
    }
}
