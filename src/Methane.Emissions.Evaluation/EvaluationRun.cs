using System.Diagnostics;
using Methane.Emissions.Evaluation.Scoring;
using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Emissions.Simulation;

namespace Methane.Emissions.Evaluation;

public sealed record EvaluationOptions(int Releases, int Seed, string OutDir, string SitePath)
{
    /// <summary>Inversion settings under test (defaults of <see cref="InversionOptions"/> unless given).</summary>
    public InversionOptions Inversion { get; init; } = new();
}

public sealed record EvaluationOutcome(ScoreSummary Summary, IReadOnlyList<ReleaseScore> Releases, string ReportPath, TimeSpan SimulationTime, TimeSpan InversionTime,
    CoverageSummary Coverage);

/// <summary>
/// One single-blind evaluation: generate releases and weather, run the truth (puffs + sensor model), hand ONLY the
/// published sensor and met minutes to the inversion, then score its estimates against the releases.
/// </summary>
public static class EvaluationRun
{
    public static readonly DateTimeOffset CampaignStart = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static EvaluationOutcome Run(EvaluationOptions o, TextWriter log)
    {
        SiteGeometry site = SiteGeometryLoader.LoadFile(o.SitePath)[0];
        var inversionOptions = o.Inversion with { Seed = o.Seed };
        IReadOnlyList<Release> releases = new ReleaseGenerator().Generate(site, o.Releases, CampaignStart, new Random(o.Seed));
        DateTimeOffset lastEnd = releases.Max(r => r.End);
        int blockMinutes = inversionOptions.BlockHours * 60;
        int minutes = (int)Math.Ceiling(((lastEnd - CampaignStart).TotalMinutes + 120) / blockMinutes) * blockMinutes;
        log.WriteLine($"site {site.SiteId}: {site.Sensors.Count} sensors, {site.Sources.Count} candidate sources; {releases.Count} releases over {minutes / 1440.0:0.0} days (seed {o.Seed})");

        var sw = Stopwatch.StartNew();
        CampaignResult truth = new CampaignSimulator().Run(site, releases, CampaignStart, minutes, o.Seed,
            p => log.WriteLine($"  truth model: {p * 100:0}% ({sw.Elapsed.TotalSeconds:0} s)"));
        TimeSpan simTime = sw.Elapsed;
        log.WriteLine($"truth model done in {simTime.TotalSeconds:0.0} s");

        sw.Restart();
        var inverter = new SiteInverter(site, inversionOptions);
        int windowCount = minutes / inversionOptions.WindowMinutes;
        var windows = new WindowResult[windowCount];
        int done = 0;
        Parallel.For(0, windowCount, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            int m = i * inversionOptions.WindowMinutes;
            windows[i] = inverter.InvertWindow(truth.Published, m, new Random(unchecked(o.Seed * 1_000_003 + m)));
            int d = Interlocked.Increment(ref done);
            if (d % Math.Max(1, windowCount / 10) == 0) lock (log) log.WriteLine($"  inversion: {d}/{windowCount} windows ({sw.Elapsed.TotalSeconds:0} s)");
        });
        var blocks = BlockAggregator.Blocks(site, windows, inversionOptions).ToList();
        TimeSpan invTime = sw.Elapsed;
        log.WriteLine($"inversion done in {invTime.TotalSeconds:0.0} s ({invTime.TotalMilliseconds / windowCount:0.00} ms per window on {Environment.ProcessorCount} threads)");

        IReadOnlyList<ReleaseScore> scores = Scorer.ScoreReleases(site, windows, truth);
        ScoreSummary summary = Scorer.Summarise(site, windows, blocks, truth, scores);
        sw.Restart();
        CoverageSummary coverage = CoverageSummary.Compute(site, windows, truth.Releases, inversionOptions);
        log.WriteLine($"interval coverage (with the σ sweep) in {sw.Elapsed.TotalSeconds:0.0} s");
        Directory.CreateDirectory(o.OutDir);
        OutputFiles.WriteEstimates(Path.Combine(o.OutDir, "window-estimates.csv"), windows.SelectMany(w => w.ToEstimates(site)));
        OutputFiles.WriteEstimates(Path.Combine(o.OutDir, "block-estimates.csv"), blocks);
        OutputFiles.WriteReleaseScores(Path.Combine(o.OutDir, "releases.csv"), scores);
        Plots.Write(o.OutDir, summary, scores, coverage);
        string report = ReportWriter.Write(o.OutDir, site, o, summary, scores, coverage, simTime, invTime, windowCount);
        log.WriteLine($"report: {report}");
        return new EvaluationOutcome(summary, scores, report, simTime, invTime, coverage);
    }
}
