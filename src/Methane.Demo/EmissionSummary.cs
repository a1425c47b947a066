using System.Globalization;
using Methane.Cloud.Pipeline;
using Methane.Cloud.Pipeline.Emissions;
using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;

namespace Methane.Demo;

/// <summary>
/// The demo summary's emission lines: each site's geometry from the sites file, then the pipeline's emission job over
/// the run's 15-minute windows — per window either the sources it detected with rate and 90 % interval, or the reason
/// it has no valid estimate (without a met station publishing wind, that reason is "no met data").
/// </summary>
public static class EmissionSummary
{
    public static IReadOnlyList<string> Lines(DuckDbStore db, string sitesFile)
    {
        var lines = new List<string>();
        IReadOnlyList<SiteGeometry> sites;
        try { sites = SiteGeometryLoader.LoadFile(sitesFile); }
        catch (SiteGeometryException e)
        {
            lines.Add($"emissions: sites file {sitesFile}: {e.Message}");
            return lines;
        }
        var job = new EmissionJob(db);
        foreach (SiteGeometry site in sites)
        {
            lines.Add(SiteGeometryText.Describe(site));
            var span = db.Query($"SELECT min(event_ms), max(event_ms) FROM readings WHERE site = '{site.SiteId.Replace("'", "''", StringComparison.Ordinal)}'",
                r => r.IsDBNull(0) ? ((long, long)?)null : (r.GetInt64(0), r.GetInt64(1)))[0];
            if (span is not var (first, last)) { lines.Add($"emissions {site.SiteId}: no readings stored"); continue; }
            DateTimeOffset from = DateTimeOffset.FromUnixTimeMilliseconds(first), to = DateTimeOffset.FromUnixTimeMilliseconds(last);
            job.RunBlock(site, job.BlockStartOf(from), to);
            var windows = job.Estimates.Read(site.SiteId, EmissionEstimateStore.WindowKind)
                .Where(e => e.WindowEnd > from && e.WindowStart <= to).GroupBy(e => e.WindowStart).ToList();
            if (windows.Count == 0) lines.Add($"emissions {site.SiteId}: the run ({(to - from).TotalMinutes:0} min of readings) holds no complete 15-minute window");
            foreach (var w in windows) lines.Add($"emissions {site.SiteId} {w.Key:HH:mm}–{w.First().WindowEnd:HH:mm} UTC: {Window(w.ToList())}");
        }
        return lines;
    }

    private static string Window(IReadOnlyList<StoredEstimate> w)
    {
        if (w[0].Reason != null) return "no valid estimate: " + w[0].Reason;
        var detected = w.Where(e => e.Detected).OrderByDescending(e => e.RateKgPerHour).ToList();
        if (detected.Count == 0) return "no source detected";
        return string.Join("; ", detected.Select(e => string.Create(CultureInfo.InvariantCulture,
            $"{e.Source} {e.RateKgPerHour:0.00} kg/h (90 % interval {e.LowerKgPerHour:0.00}–{e.UpperKgPerHour:0.00})")));
    }
}
