using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;

namespace Methane.Emissions.Jobs;

/// <summary>What one run of the job computed for a site's block: the finished windows, their estimates, the block's when complete.</summary>
public sealed record BlockInversionResult(string Site, DateTimeOffset BlockStart, IReadOnlyList<WindowResult> Windows,
    IReadOnlyList<EmissionEstimate> WindowEstimates, IReadOnlyList<EmissionEstimate> Block)
{
    public int ValidWindows => Windows.Count(w => w.Valid);
}

/// <summary>
/// The emission job over a store, shared by the local pipeline (DuckDB) and the cloud function (InfluxDB): for a site and a
/// 12-hour block, the readings of the block plus the inversion's context either side (<see cref="LoadRange"/>) are loaded
/// by the caller from its store (<see cref="StoredReadings"/>); every 15-minute window that has ended by <c>now</c> is
/// inverted, and the block is aggregated once all of its windows have. Windows are recomputed on every run (later
/// readings add context), so a store keeps one row per site, source, kind and window start.
/// </summary>
public sealed class BlockInversionJob(InversionOptions? options = null)
{
    public InversionOptions Options { get; } = options ?? new InversionOptions();

    /// <summary>Minutes of readings loaded before the block (and after it): background and source-selection context.</summary>
    public int ContextMinutes => Math.Max(Options.BackgroundContextMinutes / 2, Options.SelectionContextMinutes);

    /// <summary>The span of readings the block's inversion needs.</summary>
    public (DateTimeOffset Start, int Minutes) LoadRange(DateTimeOffset blockStart) =>
        (blockStart.AddMinutes(-ContextMinutes), Options.BlockHours * 60 + 2 * ContextMinutes);

    /// <summary>Inverts the windows of the block starting at <paramref name="blockStart"/> that end by <paramref name="now"/>; the block when all have.</summary>
    public BlockInversionResult Run(SiteGeometry site, ObservationSeries obs, DateTimeOffset blockStart, DateTimeOffset now)
    {
        var (loadStart, minutes) = LoadRange(blockStart);
        if (obs.Start != loadStart || obs.Minutes != minutes)
            throw new ArgumentException($"observations start {obs.Start:O} for {obs.Minutes} min; the block at {blockStart:O} needs {loadStart:O} for {minutes} min (LoadRange)", nameof(obs));
        int blockMinutes = Options.BlockHours * 60;
        var inverter = new SiteInverter(site, Options);
        var windows = new List<WindowResult>();
        for (int m = 0; m + Options.WindowMinutes <= blockMinutes; m += Options.WindowMinutes)
        {
            if (blockStart.AddMinutes(m + Options.WindowMinutes) > now) break;
            windows.Add(inverter.InvertWindow(obs, ContextMinutes + m, new Random(unchecked(Options.Seed * 1_000_003 + m))));
        }
        IReadOnlyList<EmissionEstimate> block = windows.Count * Options.WindowMinutes == blockMinutes ? BlockAggregator.Block(site, windows, Options) : [];
        return new BlockInversionResult(site.SiteId, blockStart, windows, windows.SelectMany(w => w.ToEstimates(site)).ToList(), block);
    }

    /// <summary>The block (UTC 00–12, 12–24 for 12-hour blocks) that contains <paramref name="t"/>.</summary>
    public DateTimeOffset BlockStartOf(DateTimeOffset t)
    {
        DateTimeOffset day = new(t.UtcDateTime.Date, TimeSpan.Zero);
        int blocks = (int)Math.Floor((t - day).TotalHours / Options.BlockHours);
        return day.AddHours(blocks * Options.BlockHours);
    }
}
