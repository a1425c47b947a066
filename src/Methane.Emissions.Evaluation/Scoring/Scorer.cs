using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Emissions.Simulation;

namespace Methane.Emissions.Evaluation.Scoring;

/// <summary>
/// Scores the inversion's windows against the kept-apart truth, after the METEC protocol (Bell et al. 2023; Ilonze et
/// al. 2024) as adapted here (definitions in README.md): per-release detection, localization and quantification;
/// false positives in windows with no release; the share of 12-hour blocks with a valid estimate.
/// </summary>
public static class Scorer
{
    /// <summary>Windows that start within this time after a release ended still see its gas (lag, puffs in flight).</summary>
    public static readonly TimeSpan Aftermath = TimeSpan.FromMinutes(15);

    public static IReadOnlyList<ReleaseScore> ScoreReleases(SiteGeometry site, IReadOnlyList<WindowResult> windows, CampaignResult truth)
    {
        var scores = new List<ReleaseScore>(truth.Releases.Count);
        foreach (Release r in truth.Releases)
        {
            var inside = windows.Where(w => w.Start >= r.Start && w.End <= r.End).ToList();
            var valid = inside.Where(w => w.Valid).ToList();
            bool detected = false;
            foreach (WindowResult w in valid)
            {
                var others = OtherSources(truth.Releases, r, w);
                for (int j = 0; j < site.Sources.Count; j++)
                    if (w.Detected[j] && !others.Contains(j)) detected = true;
            }
            double? estimate = valid.Count > 0 ? valid.Average(w => w.Rate[r.SourceIndex]) : null;
            bool? correct = null;
            string? top = null;
            if (detected)
            {
                var others = new HashSet<int>(valid.SelectMany(w => OtherSources(truth.Releases, r, w)));
                int best = -1;
                double bestRate = -1;
                for (int j = 0; j < site.Sources.Count; j++)
                {
                    if (others.Contains(j)) continue;
                    double mean = valid.Average(w => w.Rate[j]);
                    if (mean > bestRate) { bestRate = mean; best = j; }
                }
                top = site.Sources[best].Name;
                correct = best == r.SourceIndex;
            }
            int m0 = Math.Max(0, truth.Published.MinuteOf(r.Start)), m1 = Math.Min(truth.TrueWindSpeedPerMinute.Length, truth.Published.MinuteOf(r.End));
            double speed = m1 > m0 ? truth.TrueWindSpeedPerMinute[m0..m1].Average() : double.NaN;
            scores.Add(new ReleaseScore(r, inside.Count, valid.Count, detected, correct, top, estimate, speed));
        }
        return scores;
    }

    public static ScoreSummary Summarise(SiteGeometry site, IReadOnlyList<WindowResult> windows, IReadOnlyList<EmissionEstimate> blocks,
        CampaignResult truth, IReadOnlyList<ReleaseScore> scores)
    {
        var scored = scores.Where(s => s.ValidWindows > 0).ToList();
        LogisticFit fit = LogisticFit.Fit(scored.Select(s => s.Release.RateKgPerHour).ToList(), scored.Select(s => s.Detected).ToList());

        // False positives: detections in valid windows with no release active (nor just ended); consecutive windows that
        // detect make one event.
        int fpEvents = 0;
        double quietMinutes = 0;
        bool previousFp = false;
        foreach (WindowResult w in windows)
        {
            bool quiet = !truth.Releases.Any(r => r.Start < w.End && r.End + Aftermath > w.Start);
            if (!quiet || !w.Valid) { previousFp = false; continue; }
            quietMinutes += (w.End - w.Start).TotalMinutes;
            bool fp = w.Detected.Any(d => d);
            if (fp && !previousFp) fpEvents++;
            previousFp = fp;
        }
        double quietDays = quietMinutes / 1440.0;

        var localized = scores.Where(s => s.CorrectSource != null).ToList();
        var errors = scores.Where(s => s.Release.RateKgPerHour >= 1 && s.RelativeError != null).Select(s => s.RelativeError!.Value).OrderBy(e => e).ToArray();

        // 12-hour blocks: the site's total estimated rate against the true mean total rate over the block.
        var blockErrors = new List<double>();
        int blockCount = 0, validBlocks = 0;
        foreach (var g in blocks.GroupBy(b => b.WindowStart))
        {
            blockCount++;
            if (!g.First().Valid) continue;
            validBlocks++;
            double estimate = g.Sum(b => b.RateKgPerHour!.Value);
            double trueMean = TrueMeanRate(truth.Releases, g.Key, g.First().WindowEnd);
            if (trueMean >= 1) blockErrors.Add((estimate - trueMean) / trueMean);
        }

        return new ScoreSummary
        {
            Releases = scores.Count,
            SiteDays = truth.Published.Minutes / 1440.0,
            Windows = windows.Count,
            ValidWindows = windows.Count(w => w.Valid),
            InvalidReasons = windows.Where(w => !w.Valid).GroupBy(w => w.Reason!.Split(':')[0]).ToDictionary(g => g.Key, g => g.Count()),
            PodFit = fit,
            Dl90KgPerHour = fit.RateAt(0.9),
            DetectedShare = scored.Count == 0 ? double.NaN : scored.Count(s => s.Detected) / (double)scored.Count,
            FalsePositiveEvents = fpEvents,
            NoReleaseSiteDays = quietDays,
            FalsePositivesPerSiteDay = quietDays > 0 ? fpEvents / quietDays : double.NaN,
            LocalizationScored = localized.Count,
            LocalizationShare = localized.Count == 0 ? double.NaN : localized.Count(s => s.CorrectSource == true) / (double)localized.Count,
            QuantifiedAbove1 = errors.Length,
            MeanRelativeError = errors.Length == 0 ? double.NaN : errors.Average(),
            MedianRelativeError = Quantile(errors, 0.5),
            P5RelativeError = Quantile(errors, 0.05),
            P95RelativeError = Quantile(errors, 0.95),
            Blocks = blockCount,
            ValidBlocks = validBlocks,
            BlocksQuantified = blockErrors.Count,
            BlockMeanRelativeError = blockErrors.Count == 0 ? double.NaN : blockErrors.Average(),
        };
    }

    private static HashSet<int> OtherSources(IReadOnlyList<Release> releases, Release self, WindowResult w)
    {
        var set = new HashSet<int>();
        foreach (Release o in releases)
            if (o.Id != self.Id && o.Start < w.End && o.End + Aftermath > w.Start && o.SourceIndex != self.SourceIndex) set.Add(o.SourceIndex);
        return set;
    }

    private static double TrueMeanRate(IReadOnlyList<Release> releases, DateTimeOffset start, DateTimeOffset end)
    {
        double kg = 0;
        foreach (Release r in releases)
        {
            DateTimeOffset a = r.Start > start ? r.Start : start, b = r.End < end ? r.End : end;
            if (b > a) kg += r.RateKgPerHour * (b - a).TotalHours;
        }
        return kg / (end - start).TotalHours;
    }

    internal static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(sorted.Length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
