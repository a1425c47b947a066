using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;
using Methane.Emissions.Simulation;

namespace Methane.Firmware.Benchmarks;

/// <summary>
/// Issue 13 item 4: one 15-minute window for a site with 8 sensors and 10 candidate sources (100 bootstrap NNLS solves),
/// and a 12-hour block (48 windows + aggregation), on data from the truth model with one 2 kg/h release. The plume-free
/// background mask and the per-minute plume couplings are cached per observation series (as in continuous operation,
/// where each minute is classified once); the first window of a series pays for its context, which
/// <see cref="Block12Hours_ColdSeries"/> measures.
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class EmissionInversionBenchmark
{
    private SiteGeometry _site = null!;
    private ObservationSeries _obs = null!;
    private SiteInverter _inverter = null!;
    private readonly InversionOptions _options = new();

    [GlobalSetup]
    public void Setup()
    {
        _site = SiteGeometryLoader.LoadFile(Path.Combine(RepositoryRoot(), "src", "Methane.Emissions", "sites", "example-pad.json"))[0];
        var start = new DateTimeOffset(2026, 6, 1, 6, 0, 0, TimeSpan.Zero);
        var release = new Release(0, 5, _site.Sources[5].Name, 2.0, start.AddHours(1), start.AddHours(13));
        _obs = new CampaignSimulator().Run(_site, [release], start, 14 * 60, seed: 1).Published;
        _inverter = new SiteInverter(_site, _options);
        _inverter.InvertAll(_obs);   // warm the background mask
    }

    [Benchmark]
    public WindowResult Window15Min_8Sensors_10Sources() => _inverter.InvertWindow(_obs, 6 * 60, new Random(1));

    [Benchmark]
    public int Block12Hours()
    {
        var windows = new List<WindowResult>(48);
        for (int m = 60; m < 60 + 12 * 60; m += _options.WindowMinutes) windows.Add(_inverter.InvertWindow(_obs, m, new Random(m)));
        return BlockAggregator.Block(_site, windows, _options).Count;
    }

    /// <summary>As the pipeline's job runs it: a freshly loaded series, so the mask and coupling caches start empty.</summary>
    [Benchmark]
    public int Block12Hours_ColdSeries()
    {
        var fresh = new ObservationSeries(_site, _obs.Start, _obs.Minutes);
        for (int s = 0; s < _site.Sensors.Count; s++)
        {
            Array.Copy(_obs.Ppm[s], fresh.Ppm[s], _obs.Minutes);
            Array.Copy(_obs.Faulty[s], fresh.Faulty[s], _obs.Minutes);
        }
        Array.Copy(_obs.WindSpeedMs, fresh.WindSpeedMs, _obs.Minutes);
        Array.Copy(_obs.WindFromDeg, fresh.WindFromDeg, _obs.Minutes);
        Array.Copy(_obs.SigmaThetaDeg, fresh.SigmaThetaDeg, _obs.Minutes);
        var windows = new List<WindowResult>(48);
        for (int m = 60; m < 60 + 12 * 60; m += _options.WindowMinutes) windows.Add(_inverter.InvertWindow(fresh, m, new Random(m)));
        return BlockAggregator.Block(_site, windows, _options).Count;
    }

    private static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "Firmware.sln"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("Firmware.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>How one window's cost grows with sensors × sources × window length (synthetic ring geometry); 18 cases, so a
/// short in-process run per case.</summary>
[MemoryDiagnoser]
[Config(typeof(ShortInProcessConfig))]
public class EmissionInversionScalingBenchmark
{
    private sealed class ShortInProcessConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        public ShortInProcessConfig() => AddJob(Job.ShortRun.WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance));
    }

    [Params(4, 8, 16)] public int Sensors;
    [Params(5, 10, 20)] public int Sources;
    [Params(15, 60)] public int WindowMinutes;

    private ObservationSeries _obs = null!;
    private SiteInverter _inverter = null!;

    [GlobalSetup]
    public void Setup()
    {
        var sensors = Enumerable.Range(0, Sensors).Select(i => new SensorPlacement($"s{i}",
            new SitePoint(55 * Math.Sin(2 * Math.PI * i / Sensors), 55 * Math.Cos(2 * Math.PI * i / Sensors)), 2.5)).ToList();
        var rng = new Random(2);
        var sources = Enumerable.Range(0, Sources).Select(j => new CandidateSource($"q{j}", new SitePoint(rng.Next(-30, 30), rng.Next(-20, 20)), 1 + rng.Next(4))).ToList();
        var site = new SiteGeometry("bench", new SiteBoundary(-150, 150, -150, 150), new MetStationPlacement("met", new SitePoint(0, -35), 3), sensors, sources);
        var start = new DateTimeOffset(2026, 6, 1, 6, 0, 0, TimeSpan.Zero);
        _obs = new CampaignSimulator().Run(site, [new Release(0, 0, "q0", 2.0, start, start.AddHours(4))], start, 4 * 60, seed: 1).Published;
        _inverter = new SiteInverter(site, new InversionOptions { WindowMinutes = WindowMinutes });
        _inverter.InvertWindow(_obs, 120, new Random(1));
    }

    [Benchmark]
    public WindowResult Window() => _inverter.InvertWindow(_obs, 120, new Random(1));
}
