using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;

namespace Methane.Cloud.Pipeline.Emissions;

/// <summary>What one run of the job stored for a site.</summary>
public sealed record EmissionJobResult(string Site, int Windows, int ValidWindows, IReadOnlyList<EmissionEstimate> Block, IReadOnlyList<string> Warnings);

/// <summary>
/// The pipeline's emission job: for a site and a 12-hour block, reads the block (plus the inversion's context either
/// side) from the store, inverts every 15-minute window, aggregates the block, and stores both in
/// <c>emission_estimates</c>. Run after a block closes (and, for the live view, on the block so far: windows not yet
/// complete are not stored).
/// </summary>
public sealed class EmissionJob
{
    private readonly DuckDbStore _db;
    private readonly EmissionEstimateStore _estimates;
    private readonly InversionOptions _options;

    public EmissionJob(DuckDbStore db, InversionOptions? options = null)
    {
        _db = db;
        _estimates = new EmissionEstimateStore(db);
        _options = options ?? new InversionOptions();
    }

    public EmissionEstimateStore Estimates => _estimates;

    /// <summary>Inverts the windows of the block starting at <paramref name="blockStart"/> that end by <paramref name="now"/>; the block row when all have.</summary>
    public EmissionJobResult RunBlock(SiteGeometry site, DateTimeOffset blockStart, DateTimeOffset now)
    {
        int blockMinutes = _options.BlockHours * 60;
        int context = Math.Max(_options.BackgroundContextMinutes / 2, _options.SelectionContextMinutes);
        DateTimeOffset loadStart = blockStart.AddMinutes(-context);
        ObservationSeries obs = StoredObservations.Load(_db, site, loadStart, blockMinutes + 2 * context);
        var inverter = new SiteInverter(site, _options);
        var windows = new List<WindowResult>();
        for (int m = 0; m + _options.WindowMinutes <= blockMinutes; m += _options.WindowMinutes)
        {
            if (blockStart.AddMinutes(m + _options.WindowMinutes) > now) break;
            windows.Add(inverter.InvertWindow(obs, context + m, new Random(unchecked(_options.Seed * 1_000_003 + m))));
        }
        DateTimeOffset computed = DateTimeOffset.UtcNow;
        _estimates.Write(windows.SelectMany(w => w.ToEstimates(site)), EmissionEstimateStore.WindowKind, computed);
        IReadOnlyList<EmissionEstimate> block = [];
        if (windows.Count * _options.WindowMinutes == blockMinutes)
        {
            block = BlockAggregator.Block(site, windows, _options);
            _estimates.Write(block, EmissionEstimateStore.BlockKind, computed);
        }
        return new EmissionJobResult(site.SiteId, windows.Count, windows.Count(w => w.Valid), block, obs.Warnings);
    }

    /// <summary>The 12-hour block (UTC 00–12, 12–24) that contains <paramref name="t"/>.</summary>
    public DateTimeOffset BlockStartOf(DateTimeOffset t)
    {
        DateTimeOffset day = new(t.UtcDateTime.Date, TimeSpan.Zero);
        int blocks = (int)Math.Floor((t - day).TotalHours / _options.BlockHours);
        return day.AddHours(blocks * _options.BlockHours);
    }
}
