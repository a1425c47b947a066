using System.Globalization;
using System.Text;
using Methane.Emissions.Evaluation.Scoring;
using Methane.Emissions.Geometry;

namespace Methane.Emissions.Evaluation;

internal static class ReportWriter
{
    public static string Write(string dir, SiteGeometry site, EvaluationOptions o, ScoreSummary s, IReadOnlyList<ReleaseScore> scores,
        CoverageSummary coverage, TimeSpan simTime, TimeSpan invTime, int windows)
    {
        var ci = CultureInfo.InvariantCulture;
        string P(double v) => double.IsNaN(v) ? "n/a" : (100 * v).ToString("0.0", ci) + " %";
        string K(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.00", ci);
        string Pass(bool ok) => ok ? "met" : "**not met**";
        var b = new StringBuilder();
        b.AppendLine("# Single-blind evaluation of the emission inversion (METEC-style)");
        b.AppendLine();
        b.AppendLine($"Command: `dotnet run -c Release --project src/Methane.Emissions.Evaluation -- score --releases {o.Releases} --seed {o.Seed} --out {o.OutDir}{InversionOptionOverride.NonDefault(o.Inversion)}`  ");
        b.AppendLine($"Site `{site.SiteId}`: {site.Sensors.Count} sensors, {site.Sources.Count} candidate equipment groups; {s.Releases} releases over {s.SiteDays.ToString("0.0", ci)} site-days.  ");
        b.AppendLine($"Truth: Gaussian puffs in a meandering, diurnally varying wind, then the sensor model (lag, noise, drift, gain, dropouts, outages, faults). " +
                     "The inversion (steady Gaussian plume + NNLS + bootstrap) saw only the published 1-minute sensor and met data.  ");
        b.AppendLine($"Run time: truth model {simTime.TotalSeconds.ToString("0.0", ci)} s, inversion {invTime.TotalSeconds.ToString("0.0", ci)} s for {windows} windows " +
                     $"({(invTime.TotalMilliseconds / windows).ToString("0.00", ci)} ms per window, {Environment.ProcessorCount} threads).");
        b.AppendLine();
        b.AppendLine("## Metrics against the targets");
        b.AppendLine();
        b.AppendLine("| metric | value | target | |");
        b.AppendLine("|---|---|---|---|");
        b.AppendLine($"| DL90 (logistic fit of POD vs ln rate) | {K(s.Dl90KgPerHour)} kg/h | ≤ 1 kg/h | {Pass(s.Dl90KgPerHour <= 1)} |");
        b.AppendLine($"| correct-source localization (detected releases) | {P(s.LocalizationShare)} of {s.LocalizationScored} | ≥ 80 % | {Pass(s.LocalizationShare >= 0.8)} |");
        b.AppendLine($"| mean relative quantification error, releases ≥ 1 kg/h | {P(s.MeanRelativeError)} (n = {s.QuantifiedAbove1}) | within ±20 % | {Pass(Math.Abs(s.MeanRelativeError) <= 0.2)} |");
        b.AppendLine($"| 12-hour blocks with a valid estimate | {P(s.ValidBlockShare)} ({s.ValidBlocks} of {s.Blocks}) | ≥ 95 % | {Pass(s.ValidBlockShare >= 0.95)} |");
        b.AppendLine();
        b.AppendLine("## All figures");
        b.AppendLine();
        b.AppendLine("| figure | value |");
        b.AppendLine("|---|---|");
        b.AppendLine($"| releases detected (with ≥ 1 valid window) | {P(s.DetectedShare)} |");
        b.AppendLine($"| POD fit | logit POD = {s.PodFit.Intercept.ToString("0.000", ci)} + {s.PodFit.Slope.ToString("0.000", ci)}·ln(rate){(s.PodFit.Converged ? "" : " (not converged)")} |");
        b.AppendLine($"| false positives | {s.FalsePositiveEvents} events in {s.NoReleaseSiteDays.ToString("0.0", ci)} no-release site-days = {K(s.FalsePositivesPerSiteDay)} per site-day |");
        b.AppendLine($"| relative error ≥ 1 kg/h: mean / median | {P(s.MeanRelativeError)} / {P(s.MedianRelativeError)} |");
        b.AppendLine($"| relative error ≥ 1 kg/h: 5th–95th percentile | {P(s.P5RelativeError)} … {P(s.P95RelativeError)} |");
        b.AppendLine($"| site total (all sources) for releases ≥ 1 kg/h alone on the site: mean / median relative error | {P(s.SiteTotalMeanRelativeError)} / {P(s.SiteTotalMedianRelativeError)} (n = {s.SiteTotalQuantified}) |");
        b.AppendLine($"| 12-hour block total rate, mean relative error (blocks with true mean ≥ 1 kg/h) | {P(s.BlockMeanRelativeError)} (n = {s.BlocksQuantified}) |");
        b.AppendLine($"| 15-minute windows with a valid estimate | {P((double)s.ValidWindows / s.Windows)} ({s.ValidWindows} of {s.Windows}) |");
        foreach (var kv in s.InvalidReasons.OrderByDescending(kv => kv.Value))
            b.AppendLine($"| windows without estimate: {kv.Key} | {kv.Value} |");
        b.AppendLine();
        b.AppendLine("## POD by rate");
        b.AppendLine();
        b.AppendLine("| rate bin (kg/h) | releases | detected | POD |");
        b.AppendLine("|---|---|---|---|");
        double[] edges = [0.1, 0.2, 0.5, 1, 2, 5, 10.01];
        for (int i = 0; i + 1 < edges.Length; i++)
        {
            var bin = scores.Where(x => x.ValidWindows > 0 && x.Release.RateKgPerHour >= edges[i] && x.Release.RateKgPerHour < edges[i + 1]).ToList();
            b.AppendLine($"| {edges[i].ToString("0.#", ci)}–{Math.Min(10, edges[i + 1]).ToString("0.#", ci)} | {bin.Count} | {bin.Count(x => x.Detected)} | {(bin.Count == 0 ? "n/a" : P(bin.Count(x => x.Detected) / (double)bin.Count))} |");
        }
        b.AppendLine();
        CoverageSection.Append(b, coverage, o.Inversion);
        b.AppendLine("## Figures");
        b.AppendLine();
        b.AppendLine($"![POD curve]({Plots.PodFile})");
        b.AppendLine();
        b.AppendLine($"![Parity plot]({Plots.ParityFile})");
        b.AppendLine();
        b.AppendLine($"![Error by wind speed]({Plots.WindFile})");
        b.AppendLine();
        b.AppendLine($"![Interval coverage by rate]({Plots.CoverageFile})");
        b.AppendLine();
        b.AppendLine("Definitions (README.md of src/Methane.Emissions): a release is detected when a valid 15-minute window fully inside it detects a source " +
                     "that is not the source of another release active then; localization is correct when its own source has the largest release-mean estimate " +
                     "among sources not releasing concurrently; quantification compares the release-mean estimate of the true source with the true rate; a false " +
                     "positive is a run of consecutive valid windows with a detection while no release is active or ended less than 15 minutes before.");
        b.AppendLine();
        b.AppendLine("Data: `window-estimates.csv`, `block-estimates.csv` (site, source, kg/h, interval, window, detected, reason), `releases.csv` (truth and scores).");
        string path = Path.Combine(dir, "report.md");
        File.WriteAllText(path, b.ToString());
        return path;
    }
}
