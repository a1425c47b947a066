using System.Globalization;
using Methane.Emissions.Geometry;

namespace Methane.Emissions.Inversion;

/// <summary>
/// 12-hour block estimates (the OOOOb reporting unit) from the block's 15-minute windows: the rate of each source is the
/// mean over valid windows (gaps are assumed to emit at the mean of the rest), the interval comes from averaging the
/// windows' bootstrap replicates, widened by the block's log-normal model error
/// (<see cref="InversionOptions.BlockModelErrorLogSigma"/>). A block needs at least
/// <see cref="InversionOptions.MinBlockValidShare"/> valid windows.
/// </summary>
public static class BlockAggregator
{
    public static IEnumerable<EmissionEstimate> Blocks(SiteGeometry site, IReadOnlyList<WindowResult> windows, InversionOptions options)
    {
        if (windows.Count == 0) yield break;
        foreach (IReadOnlyList<WindowResult> block in BlockWindows(windows, options))
            foreach (EmissionEstimate e in Block(site, block, options)) yield return e;
    }

    /// <summary>The consecutive runs of windows that make the 12-hour blocks (a trailing partial block is left out).</summary>
    public static IEnumerable<IReadOnlyList<WindowResult>> BlockWindows(IReadOnlyList<WindowResult> windows, InversionOptions options)
    {
        int perBlock = options.BlockHours * 60 / options.WindowMinutes;
        for (int i = 0; i + perBlock <= windows.Count; i += perBlock)
            yield return windows.Skip(i).Take(perBlock).ToList();
    }

    /// <summary>A block's bootstrap replicates of one source: replicate r is the mean of its valid windows' replicate r.</summary>
    public static double[] Replicates(IReadOnlyList<WindowResult> windows, int source)
    {
        var valid = windows.Where(w => w.Valid).ToList();
        if (valid.Count == 0) return [];
        int b = valid.Min(w => w.Bootstrap.Length);
        var replicate = new double[b];
        for (int r = 0; r < b; r++)
        {
            double sum = 0;
            foreach (WindowResult w in valid) sum += w.Bootstrap[r][source];
            replicate[r] = sum / valid.Count;
        }
        return replicate;
    }

    public static IReadOnlyList<EmissionEstimate> Block(SiteGeometry site, IReadOnlyList<WindowResult> windows, InversionOptions options)
    {
        DateTimeOffset start = windows[0].Start, end = windows[^1].End;
        var valid = windows.Where(w => w.Valid).ToList();
        int n = site.Sources.Count;
        var result = new List<EmissionEstimate>(n);
        double share = (double)valid.Count / windows.Count;
        if (share < options.MinBlockValidShare)
        {
            string commonest = windows.Where(w => !w.Valid).GroupBy(w => w.Reason!.Split(':')[0]).OrderByDescending(g => g.Count()).First().Key;
            string reason = $"only {valid.Count} of {windows.Count} windows have a valid estimate (need {(options.MinBlockValidShare * 100).ToString("0", CultureInfo.InvariantCulture)} %); most common reason: {commonest}";
            for (int j = 0; j < n; j++) result.Add(new EmissionEstimate(site.SiteId, site.Sources[j].Name, null, null, null, start, end, false, reason));
            return result;
        }
        for (int j = 0; j < n; j++)
        {
            double rate = valid.Average(w => w.Rate[j]);
            double[] replicate = Replicates(valid, j);
            int b = replicate.Length;
            double noiseLower = Percentiles.OfInPlace(replicate, b, options.IntervalLowerPercentile);
            bool detected = noiseLower > options.DetectionFloorKgPerHour && rate > options.DetectionFloorKgPerHour;
            (double lo, double hi) = ModelErrorInterval.Of(replicate, b, options.BlockModelErrorLogSigma, options.IntervalLowerPercentile, options.IntervalUpperPercentile);
            result.Add(new EmissionEstimate(site.SiteId, site.Sources[j].Name, rate, lo, hi, start, end, detected, null));
        }
        return result;
    }
}
