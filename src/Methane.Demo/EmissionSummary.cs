using Methane.Cloud.Pipeline;
using Methane.Cloud.Pipeline.Emissions;
using Methane.Emissions.Geometry;
using Methane.Firmware.Host.Demo;

namespace Methane.Demo;

/// <summary>
/// The demo's emission results: each site's geometry from the sites file, then the pipeline's emission job over the
/// 15-minute windows that lie inside the run — per window either the sources it detected with rate and 90 % interval,
/// or the reason it has no valid estimate (no met data, calm, too few usable sensors …).
/// </summary>
public static class EmissionSummary
{
    /// <summary>After the run: geometry lines (and sites without a complete window) as notes, the run's windows as results.</summary>
    public static (IReadOnlyList<string> Notes, IReadOnlyList<DemoEmissionWindow> Windows) ForRun(DuckDbStore db, string sitesFile)
    {
        var notes = new List<string>();
        var windows = new List<DemoEmissionWindow>();
        IReadOnlyList<SiteGeometry> sites;
        try { sites = SiteGeometryLoader.LoadFile(sitesFile); }
        catch (SiteGeometryException e)
        {
            notes.Add($"emissions: sites file {sitesFile}: {e.Message}");
            return (notes, windows);
        }
        var job = new EmissionJob(db);
        foreach (SiteGeometry site in sites)
        {
            notes.Add(SiteGeometryText.Describe(site));
            var span = db.Query($"SELECT min(event_ms), max(event_ms) FROM readings WHERE site = '{site.SiteId.Replace("'", "''", StringComparison.Ordinal)}'",
                r => r.IsDBNull(0) ? ((long, long)?)null : (r.GetInt64(0), r.GetInt64(1)))[0];
            if (span is not var (first, last)) { notes.Add($"emissions {site.SiteId}: no readings stored"); continue; }
            DateTimeOffset from = DateTimeOffset.FromUnixTimeMilliseconds(first), to = DateTimeOffset.FromUnixTimeMilliseconds(last);
            var inRun = Windows(job, site, from, to);
            if (inRun.Count == 0) notes.Add($"emissions {site.SiteId}: the run ({(to - from).TotalMinutes:0} min of readings) holds no complete 15-minute window");
            windows.AddRange(inRun);
        }
        return (notes, windows);
    }

    /// <summary>Runs the job on the block(s) that [from, to] touches and returns the windows inside [from, to] (live view).</summary>
    public static IReadOnlyList<DemoEmissionWindow> Windows(DuckDbStore db, IReadOnlyList<SiteGeometry> sites, DateTimeOffset from, DateTimeOffset to)
    {
        var job = new EmissionJob(db);
        return sites.SelectMany(site => Windows(job, site, from, to)).ToList();
    }

    private static List<DemoEmissionWindow> Windows(EmissionJob job, SiteGeometry site, DateTimeOffset from, DateTimeOffset to)
    {
        for (DateTimeOffset block = job.BlockStartOf(from); block <= to; block = block.AddHours(12)) job.RunBlock(site, block, to);
        return job.Estimates.Read(site.SiteId, EmissionEstimateStore.WindowKind)
            .Where(e => e.WindowStart >= from && e.WindowEnd <= to)
            .GroupBy(e => e.WindowStart)
            .Select(w => Window(site.SiteId, w.ToList()))
            .ToList();
    }

    private static DemoEmissionWindow Window(string site, IReadOnlyList<StoredEstimate> w)
    {
        var detected = w.Where(e => e.Reason == null && e.Detected && e.RateKgPerHour != null)
            .OrderByDescending(e => e.RateKgPerHour)
            .Select(e => new DemoSourceEstimate(e.Source, e.RateKgPerHour!.Value, e.LowerKgPerHour ?? double.NaN, e.UpperKgPerHour ?? double.NaN))
            .ToList();
        return new DemoEmissionWindow(site, w[0].WindowStart, w[0].WindowEnd, w[0].Reason, detected);
    }
}
