using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Emissions.Jobs;

namespace Methane.Cloud.Pipeline.Emissions;

/// <summary>What one run of the job stored for a site.</summary>
public sealed record EmissionJobResult(string Site, int Windows, int ValidWindows, IReadOnlyList<EmissionEstimate> Block, IReadOnlyList<string> Warnings);

/// <summary>
/// The pipeline's emission job: the shared <see cref="BlockInversionJob"/> (the cloud function runs the same one over
/// InfluxDB) on readings from the DuckDB store, its window and block estimates stored in <c>emission_estimates</c>. Run
/// after a block closes (and, for the live view, on the block so far: windows not yet complete are not stored).
/// </summary>
public sealed class EmissionJob
{
    private readonly DuckDbStore _db;
    private readonly EmissionEstimateStore _estimates;
    private readonly BlockInversionJob _job;

    public EmissionJob(DuckDbStore db, InversionOptions? options = null)
    {
        _db = db;
        _estimates = new EmissionEstimateStore(db);
        _job = new BlockInversionJob(options);
    }

    public EmissionEstimateStore Estimates => _estimates;

    /// <summary>Inverts the windows of the block starting at <paramref name="blockStart"/> that end by <paramref name="now"/>; the block row when all have.</summary>
    public EmissionJobResult RunBlock(SiteGeometry site, DateTimeOffset blockStart, DateTimeOffset now)
    {
        var (loadStart, minutes) = _job.LoadRange(blockStart);
        ObservationSeries obs = StoredObservations.Load(_db, site, loadStart, minutes);
        BlockInversionResult result = _job.Run(site, obs, blockStart, now);
        DateTimeOffset computed = DateTimeOffset.UtcNow;
        _estimates.Write(result.WindowEstimates, EmissionEstimateStore.WindowKind, computed);
        if (result.Block.Count > 0) _estimates.Write(result.Block, EmissionEstimateStore.BlockKind, computed);
        return new EmissionJobResult(site.SiteId, result.Windows.Count, result.ValidWindows, result.Block, obs.Warnings);
    }

    /// <summary>The 12-hour block (UTC 00–12, 12–24) that contains <paramref name="t"/>.</summary>
    public DateTimeOffset BlockStartOf(DateTimeOffset t) => _job.BlockStartOf(t);
}
