using System.Globalization;
using Methane.Emissions.Geometry;

namespace Methane.Emissions.Inversion;

/// <summary>
/// 12-hour block estimates (the OOOOb reporting unit) from the block's 15-minute windows: the rate of each source is the
/// mean over valid windows (gaps are assumed to emit at the mean of the rest), the interval comes from averaging the
/// windows' bootstrap replicates. A block needs at least <see cref="InversionOptions.MinBlockValidShare"/> valid windows.
/// </summary>
public static class BlockAggregator
{
    public static IEnumerable<EmissionEstimate> Blocks(SiteGeometry site, IReadOnlyList<WindowResult> windows, InversionOptions options)
    {
        if (windows.Count == 0) yield break;
        int perBlock = options.BlockHours * 60 / options.WindowMinutes;
        for (int i = 0; i + perBlock <= windows.Count; i += perBlock)
            foreach (EmissionEstimate e in Block(site, windows.Skip(i).Take(perBlock).ToList(), options)) yield return e;
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
        int b = valid.Min(w => w.Bootstrap.Length);
        var replicate = new double[b];
        for (int j = 0; j < n; j++)
        {
            double rate = valid.Average(w => w.Rate[j]);
            for (int r = 0; r < b; r++)
            {
                double sum = 0;
                foreach (WindowResult w in valid) sum += w.Bootstrap[r][j];
                replicate[r] = sum / valid.Count;
            }
            double lo = Percentiles.OfInPlace(replicate, b, options.IntervalLowerPercentile);
            double hi = Percentiles.OfInPlace(replicate, b, options.IntervalUpperPercentile);
            bool detected = lo > options.DetectionFloorKgPerHour && rate > options.DetectionFloorKgPerHour;
            result.Add(new EmissionEstimate(site.SiteId, site.Sources[j].Name, rate, lo, hi, start, end, detected, null));
        }
        return result;
    }
}
