using System.Runtime.CompilerServices;
using Methane.Emissions.Dispersion;
using Methane.Emissions.Geometry;

namespace Methane.Emissions.Inversion;

/// <summary>
/// Which sensor readings no candidate source can reach by the forward model (the sensor is upwind or far off-axis of every
/// source in that minute): those readings are background. Computed lazily per minute and cached per observation series.
/// </summary>
internal sealed class PlumeFreeMask
{
    /// <summary>Coupling below this (ppm per kg/h, from every source) counts as plume-free.</summary>
    public const double ThresholdPpmPerKgH = 0.01;

    private static readonly ConditionalWeakTable<ObservationSeries, PlumeFreeMask> Cache = new();
    private readonly ObservationSeries _obs;
    private readonly sbyte[][] _state;   // 0 unknown, 1 plume-free, −1 possibly in a plume or no wind

    private PlumeFreeMask(ObservationSeries obs)
    {
        _obs = obs;
        _state = new sbyte[obs.Site.Sensors.Count][];
        for (int s = 0; s < _state.Length; s++) _state[s] = new sbyte[obs.Minutes];
    }

    public static PlumeFreeMask For(ObservationSeries obs) => Cache.GetValue(obs, o => new PlumeFreeMask(o));

    public bool IsPlumeFree(int sensor, int minute)
    {
        sbyte v = _state[sensor][minute];
        if (v == 0)
        {
            v = Compute(sensor, minute) ? (sbyte)1 : (sbyte)-1;
            _state[sensor][minute] = v;
        }
        return v > 0;
    }

    private bool Compute(int s, int m)
    {
        double u = _obs.WindSpeedMs[m], dir = _obs.WindFromDeg[m], st = _obs.SigmaThetaDeg[m];
        if (double.IsNaN(u) || double.IsNaN(dir) || double.IsNaN(st) || u < 0.5) return false;
        SiteGeometry site = _obs.Site;
        foreach (CandidateSource q in site.Sources)
        {
            // Widest plausible plume: unstable σz and twice the measured σθ.
            if (PlumeForwardModel.PpmPerKgPerHour(q, site.Sensors[s], u, dir, StabilityClass.A, 2 * st) > ThresholdPpmPerKgH) return false;
        }
        return true;
    }
}
