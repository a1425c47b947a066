using System.Globalization;
using Methane.Emissions.Scenarios;
using Methane.Firmware.Emulation.Scenarios;
using Methane.Firmware.Host.Simulation;

namespace Methane.Firmware.Host.Demo;

/// <summary>
/// The demo's modelled sites: a met station per site, the scenario clock placed so that 15-minute windows fall inside the
/// run, and the emission job's estimate per window shown live and in the summary next to the true release.
/// </summary>
public sealed partial class DemoRunner
{
    /// <summary>The board of the met stations the demo adds for the sites whose air the scenario models.</summary>
    public const string MetBoard = "esp32-devkitc-met-davis6410";
    /// <summary>A met station reports once a minute: the inversion works on 1-minute wind, and σθ over a minute is its stability proxy.</summary>
    public const int MetSampleIntervalSeconds = 60;
    /// <summary>
    /// With modelled sites the scenario starts this long before a quarter hour, so the first 15-minute window of the
    /// emission job starts at scenario second 180: after the gas boards' warm-up (150 s of readings flagged invalid, which
    /// would mark a sensor faulty for the whole window).
    /// </summary>
    public const int LeadInSeconds = 180;
    private const int WindowMinutes = 15;
    /// <summary>Virtual time after a window's end before the live view asks for its estimate: the devices' 60 s batches are out.</summary>
    private static readonly TimeSpan LiveDelay = TimeSpan.FromSeconds(90);

    private IReadOnlyDictionary<string, SiteAirField> _air = new Dictionary<string, SiteAirField>();
    private IDemoPipeline? _pipeline;
    private DateTimeOffset _lastLiveWindowEnd = DateTimeOffset.MinValue;

    /// <summary>Wall-clock time of scenario second 0: now, or with modelled sites <see cref="LeadInSeconds"/> before the current quarter hour.</summary>
    public static DateTimeOffset ScenarioStart(Scenario scenario, DateTimeOffset now)
    {
        if (scenario.Sites.Count == 0) return now;
        long quarter = WindowMinutes * 60_000L;
        long boundary = now.ToUnixTimeMilliseconds() / quarter * quarter;
        return DateTimeOffset.FromUnixTimeMilliseconds(boundary - LeadInSeconds * 1000L);
    }

    private void ShowLiveEmissions(DateTimeOffset clock0, DateTimeOffset now)
    {
        if (_pipeline == null || _air.Count == 0) return;
        long quarter = WindowMinutes * 60_000L;
        var end = DateTimeOffset.FromUnixTimeMilliseconds((now - LiveDelay).ToUnixTimeMilliseconds() / quarter * quarter);
        DateTimeOffset start = end.AddMinutes(-WindowMinutes);
        if (start < clock0 || end <= _lastLiveWindowEnd) return;
        _lastLiveWindowEnd = end;
        foreach (DemoEmissionWindow w in _pipeline.EmissionWindowsAsync(start, end).GetAwaiter().GetResult())
            if (_air.ContainsKey(w.Site)) view.Scenario("== live: " + EmissionLine(w));
    }

    /// <summary>"emissions site 14:30–14:45 UTC: estimate | true: release → comparison".</summary>
    private string EmissionLine(DemoEmissionWindow w)
    {
        var ci = CultureInfo.InvariantCulture;
        string estimate = w.Reason != null ? "no valid estimate: " + w.Reason
            : w.Detected.Count == 0 ? "no source detected"
            : string.Join("; ", w.Detected.Select(e => string.Create(ci,
                $"{e.Source} {e.RateKgPerHour:0.00} kg/h (90 % interval {e.LowerKgPerHour:0.00}–{e.UpperKgPerHour:0.00})")));
        string line = string.Create(ci, $"emissions {w.Site} {w.Start:HH:mm}–{w.End:HH:mm} UTC: {estimate}");
        return _air.TryGetValue(w.Site, out var field) ? line + " | true: " + Truth(field, w) : line;
    }

    private static string Truth(SiteAirField field, DemoEmissionWindow w)
    {
        var ci = CultureInfo.InvariantCulture;
        var active = field.Releases.Where(r => r.Start < w.End && r.End > w.Start).ToList();
        // Scripted device events (a near-field leak written as ppm at the sensors) are not releases of the site model.
        if (active.Count == 0) return "no modelled release";
        string text = string.Join("; ", active.Select(r => string.Create(ci, $"{r.Source} {r.RateKgPerHour:0.00} kg/h")
            + (r.Start > w.Start || r.End < w.End ? string.Create(ci, $" from {Later(r.Start, w.Start):HH:mm:ss} to {Earlier(r.End, w.End):HH:mm:ss}") : "")));
        // One release over the whole window: say how the estimate compares (source, rate error, interval).
        if (w.Reason != null || active.Count != 1 || active[0].Start > w.Start || active[0].End < w.End) return text;
        ScenarioRelease truth = active[0];
        DemoSourceEstimate? found = w.Detected.FirstOrDefault(e => e.Source == truth.Source);
        if (found is null) return text + $" -> {truth.Source} not detected";
        double error = (found.RateKgPerHour - truth.RateKgPerHour) / truth.RateKgPerHour * 100;
        bool inside = truth.RateKgPerHour >= found.LowerKgPerHour && truth.RateKgPerHour <= found.UpperKgPerHour;
        string others = w.Detected.Count > 1 ? $", {w.Detected.Count - 1} other source(s) also detected" : "";
        return text + string.Create(ci, $" -> source found, rate {error:+0;-0} %, true rate {(inside ? "inside" : "outside")} the interval{others}");
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string DescribeAir(Scenario scenario, string site, SiteAirField field)
    {
        var ci = CultureInfo.InvariantCulture;
        IReadOnlyList<SiteWind> segments = scenario.Sites.First(s => s.Site == site).Wind;
        string wind = string.Join(", then ", segments.Select(w => (segments.Count > 1 ? string.Create(ci, $"from {w.StartSeconds:0} s ") : "") + w.Profile switch
        {
            SiteWindProfile.Meandering => string.Create(ci, $"meandering wind {w.SpeedMs:0.#} m/s from {w.FromDeg:0}° ±{w.MeanderAmplitudeDeg:0}° over {w.MeanderPeriodSeconds:0} s"),
            SiteWindProfile.Calm => "calm wind",
            SiteWindProfile.DiurnalStability => string.Create(ci, $"diurnal wind around {w.SpeedMs:0.#} m/s from {w.FromDeg:0}°"),
            _ => string.Create(ci, $"steady wind {w.SpeedMs:0.#} m/s from {w.FromDeg:0}°"),
        }));
        string releases = field.Releases.Count == 0 ? "no modelled release"
            : string.Join("; ", field.Releases.Select(r => string.Create(ci,
                $"{r.Source} releases {r.RateKgPerHour:0.00} kg/h from {r.Start:HH:mm:ss} to {r.End:HH:mm:ss} UTC")));
        return $"air {site}: {wind}, measured by met station {field.Geometry.MetStation.Thing} ({MetBoard}); {releases}";
    }
}
