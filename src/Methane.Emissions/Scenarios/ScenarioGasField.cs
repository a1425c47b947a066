using Methane.Emissions.Dispersion;
using Methane.Emissions.Geometry;
using Methane.Emissions.Simulation;

namespace Methane.Emissions.Scenarios;

/// <summary>A scripted release: a candidate source of the site emits at a constant rate between two times.</summary>
public sealed record ScenarioRelease(string Source, double RateKgPerHour, DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// The methane a virtual sensor at its position on the site sees during a scenario: releases at the site's candidate
/// sources are carried by the scenario wind with the Gaussian puff model (<see cref="PuffTransport"/>: puffs every step,
/// advected by the instantaneous wind, growing with the turbulence intensities, reflected at the ground), and the
/// enhancement above background at every sensor inlet is read off after each step. The host scenario adds it to the
/// background the sensor model sees.
/// </summary>
public sealed class ScenarioGasField
{
    private readonly SiteGeometry _site;
    private readonly IReadOnlyList<ScenarioRelease> _releases;
    private readonly int[] _sourceIndex;
    private readonly PuffTransport _puffs;

    public ScenarioGasField(SiteGeometry site, IReadOnlyList<ScenarioRelease> releases)
    {
        _site = site;
        _releases = releases;
        _sourceIndex = new int[releases.Count];
        for (int i = 0; i < releases.Count; i++)
        {
            ScenarioRelease r = releases[i];
            int j = site.SourceIndex(r.Source);
            if (j < 0) throw new ArgumentException($"releases[{i}].source = \"{r.Source}\": expected a candidate source of site {site.SiteId} ({string.Join(", ", site.Sources.Select(s => s.Name))})");
            if (!(r.RateKgPerHour > 0) || !double.IsFinite(r.RateKgPerHour)) throw new ArgumentException($"releases[{i}].rate_kg_h = {r.RateKgPerHour}: expected a rate > 0 kg/h");
            if (r.End <= r.Start) throw new ArgumentException($"releases[{i}].end = {r.End:O}: expected after its start {r.Start:O}");
            _sourceIndex[i] = j;
        }
        _puffs = new PuffTransport(site);
        EnhancementPpm = new double[site.Sensors.Count];
    }

    /// <summary>Enhancement above background at each sensor inlet (order of the site's sensors) after the last step.</summary>
    public double[] EnhancementPpm { get; }

    /// <summary>Emits what is released during [t, t + dt), moves the gas with the wind, and updates <see cref="EnhancementPpm"/>.</summary>
    public void Step(DateTimeOffset t, double dtSeconds, WindSample wind)
    {
        for (int i = 0; i < _releases.Count; i++)
        {
            ScenarioRelease r = _releases[i];
            if (t >= r.Start && t < r.End) _puffs.Emit(_sourceIndex[i], MethaneUnits.GramsPerSecondFromKgPerHour(r.RateKgPerHour), dtSeconds);
        }
        _puffs.Advect(wind, dtSeconds);
        for (int s = 0; s < _site.Sensors.Count; s++) EnhancementPpm[s] = _puffs.EnhancementPpm(_site.Sensors[s], wind);
    }
}
