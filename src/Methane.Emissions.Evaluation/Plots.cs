using Methane.Emissions.Evaluation.Scoring;
using ScottPlot;

namespace Methane.Emissions.Evaluation;

/// <summary>The report's figures: POD vs rate with the logistic fit, estimated-vs-true parity, error by wind speed, interval coverage by rate.</summary>
internal static class Plots
{
    public const string PodFile = "pod-curve.png", ParityFile = "parity.png", WindFile = "error-by-wind.png", CoverageFile = "coverage-by-rate.png";

    public static void Write(string dir, ScoreSummary summary, IReadOnlyList<ReleaseScore> scores, CoverageSummary coverage)
    {
        Coverage(Path.Combine(dir, CoverageFile), coverage);
        Pod(Path.Combine(dir, PodFile), summary, scores);
        Parity(Path.Combine(dir, ParityFile), scores);
        ErrorByWind(Path.Combine(dir, WindFile), scores);
    }

    private static void Pod(string path, ScoreSummary summary, IReadOnlyList<ReleaseScore> scores)
    {
        var plt = new Plot();
        var scored = scores.Where(s => s.ValidWindows > 0).ToList();
        // Binned POD (log-spaced bins) and the individual outcomes jittered at 0 and 1.
        double[] edges = Enumerable.Range(0, 9).Select(i => Math.Pow(10, -1 + i * 0.25)).ToArray();
        var bx = new List<double>();
        var by = new List<double>();
        for (int i = 0; i + 1 < edges.Length; i++)
        {
            var bin = scored.Where(s => s.Release.RateKgPerHour >= edges[i] && s.Release.RateKgPerHour < edges[i + 1]).ToList();
            if (bin.Count == 0) continue;
            bx.Add(Math.Log10(Math.Sqrt(edges[i] * edges[i + 1])));
            by.Add(bin.Count(s => s.Detected) / (double)bin.Count);
        }
        var outcomes = plt.Add.ScatterPoints(scored.Select(s => Math.Log10(s.Release.RateKgPerHour)).ToArray(), scored.Select(s => s.Detected ? 1.02 : -0.02).ToArray());
        outcomes.MarkerSize = 4;
        outcomes.LegendText = "release (detected = 1)";
        var binned = plt.Add.ScatterPoints(bx.ToArray(), by.ToArray());
        binned.MarkerSize = 10;
        binned.LegendText = "POD per rate bin";
        double[] fx = Enumerable.Range(0, 101).Select(i => -1 + i * 0.02).ToArray();
        var curve = plt.Add.ScatterLine(fx, fx.Select(x => summary.PodFit.Probability(Math.Pow(10, x))).ToArray());
        curve.LegendText = "logistic fit";
        curve.LineWidth = 2;
        if (!double.IsNaN(summary.Dl90KgPerHour) && summary.Dl90KgPerHour > 0)
        {
            var v = plt.Add.VerticalLine(Math.Log10(summary.Dl90KgPerHour));
            v.LegendText = $"DL90 = {summary.Dl90KgPerHour:0.00} kg/h";
        }
        plt.Add.HorizontalLine(0.9).LinePattern = LinePattern.Dotted;
        LogAxis(plt.Axes.Bottom);
        plt.Axes.SetLimitsX(-1.05, 1.05);
        plt.Axes.Bottom.Label.Text = "release rate (kg CH4/h)";
        plt.Axes.Left.Label.Text = "probability of detection";
        plt.Title("Probability of detection vs release rate");
        plt.ShowLegend(Alignment.MiddleRight);
        plt.SavePng(path, 900, 600);
    }

    private static void Parity(string path, IReadOnlyList<ReleaseScore> scores)
    {
        var plt = new Plot();
        var q = scores.Where(s => s.EstimatedKgPerHour is > 0).ToList();
        var pts = plt.Add.ScatterPoints(q.Select(s => Math.Log10(s.Release.RateKgPerHour)).ToArray(), q.Select(s => Math.Log10(s.EstimatedKgPerHour!.Value)).ToArray());
        pts.MarkerSize = 6;
        pts.LegendText = "release (estimate of its source)";
        var one = plt.Add.ScatterLine(new[] { -2.0, 1.5 }, new[] { -2.0, 1.5 });
        one.LegendText = "1:1";
        LogAxis(plt.Axes.Bottom);
        LogAxis(plt.Axes.Left);
        plt.Axes.SetLimits(-1.1, 1.1, -2.05, 1.5);
        plt.Axes.Bottom.Label.Text = "true rate (kg CH4/h)";
        plt.Axes.Left.Label.Text = "estimated rate (kg CH4/h)";
        plt.Title($"Estimated vs true rate ({q.Count} releases with a positive estimate)");
        plt.ShowLegend(Alignment.UpperLeft);
        plt.SavePng(path, 800, 700);
    }

    private static void ErrorByWind(string path, IReadOnlyList<ReleaseScore> scores)
    {
        var plt = new Plot();
        var q = scores.Where(s => s.Release.RateKgPerHour >= 1 && s.RelativeError != null).ToList();
        var pts = plt.Add.ScatterPoints(q.Select(s => s.MeanTrueWindSpeedMs).ToArray(), q.Select(s => 100 * s.RelativeError!.Value).ToArray());
        pts.MarkerSize = 6;
        pts.LegendText = "release ≥ 1 kg/h";
        double[] edges = [0, 1, 2, 3, 4, 6, 12];
        var mx = new List<double>();
        var my = new List<double>();
        for (int i = 0; i + 1 < edges.Length; i++)
        {
            var bin = q.Where(s => s.MeanTrueWindSpeedMs >= edges[i] && s.MeanTrueWindSpeedMs < edges[i + 1]).Select(s => s.RelativeError!.Value).OrderBy(v => v).ToArray();
            if (bin.Length == 0) continue;
            mx.Add((edges[i] + edges[i + 1]) / 2);
            my.Add(100 * Scorer.Quantile(bin, 0.5));
        }
        var med = plt.Add.Scatter(mx.ToArray(), my.ToArray());
        med.LineWidth = 2;
        med.MarkerSize = 9;
        med.LegendText = "median per wind-speed bin";
        plt.Add.HorizontalLine(0).LinePattern = LinePattern.Dotted;
        plt.Axes.Bottom.Label.Text = "mean true wind speed during release (m/s)";
        plt.Axes.Left.Label.Text = "relative error (%)";
        plt.Title("Quantification error by wind speed");
        plt.ShowLegend(Alignment.UpperRight);
        plt.SavePng(path, 900, 600);
    }

    private static void Coverage(string path, CoverageSummary c)
    {
        var plt = new Plot();
        double[] e = CoverageSummary.RateBinEdges;
        void Line(IReadOnlyList<CoverageCase> cases, string label, bool bootstrapOnly = false)
        {
            var x = new List<double>();
            var y = new List<double>();
            for (int i = 0; i + 1 < e.Length; i++)
            {
                var bin = CoverageSummary.InBin(cases, e[i], e[i + 1]);
                if (bin.Count == 0) continue;
                x.Add(Math.Log10(i == 0 ? 0.14 : Math.Sqrt(e[i] * e[i + 1])));
                y.Add(100 * IntervalCoverage.Share(bin));
            }
            var line = plt.Add.Scatter(x.ToArray(), y.ToArray());
            line.LineWidth = 2;
            line.MarkerSize = 8;
            line.LegendText = $"{label} ({cases.Count})";
            if (bootstrapOnly) line.LinePattern = LinePattern.Dashed;
        }
        Line(c.Windows, "windows, reported interval");
        Line(c.WindowsBootstrapOnly, "windows, bootstrap only", true);
        Line(c.Blocks, "12-h blocks, reported interval");
        Line(c.BlocksBootstrapOnly, "12-h blocks, bootstrap only", true);
        plt.Add.HorizontalLine(100 * c.Target).LinePattern = LinePattern.Dotted;
        LogAxis(plt.Axes.Bottom);
        plt.Axes.SetLimits(-1.05, 1.05, 0, 102);
        plt.Axes.Bottom.Label.Text = "true rate (kg CH4/h; bins 0–0.2, 0.2–0.5, 0.5–1, 1–2, 2–5, 5–10)";
        plt.Axes.Left.Label.Text = "detected estimates whose 90 % interval holds the truth (%)";
        plt.Title("Interval coverage by true rate");
        plt.ShowLegend(Alignment.LowerRight);
        plt.SavePng(path, 900, 600);
    }

    /// <summary>Data are plotted as log10; ticks are labelled with the rate itself.</summary>
    private static void LogAxis(IAxis axis)
    {
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => Math.Pow(10, v).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
