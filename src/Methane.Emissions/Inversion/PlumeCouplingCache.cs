using System.Runtime.CompilerServices;
using Methane.Emissions.Dispersion;
using Methane.Emissions.Geometry;

namespace Methane.Emissions.Inversion;

/// <summary>
/// Plume couplings (ppm per kg/h) of every source to every sensor with one minute's wind and a stability class, computed
/// once per observation series: overlapping windows (the selection context reaches an hour either side) reuse them.
/// Filled lazily; concurrent fills of one entry compute the same values, so the race is harmless.
/// </summary>
internal sealed class PlumeCouplingCache
{
    private static readonly ConditionalWeakTable<ObservationSeries, PlumeCouplingCache> Cache = new();
    private static readonly int Classes = Enum.GetValues<StabilityClass>().Length;
    private readonly ObservationSeries _obs;
    private readonly double[]?[][] _entries;   // [minute][class · sensors + sensor] → per-source couplings

    private PlumeCouplingCache(ObservationSeries obs)
    {
        _obs = obs;
        _entries = new double[]?[obs.Minutes][];
    }

    public static PlumeCouplingCache For(ObservationSeries obs) => Cache.GetValue(obs, o => new PlumeCouplingCache(o));

    public double[] Get(int minute, int sensor, StabilityClass stability)
    {
        SiteGeometry site = _obs.Site;
        double[]?[] row = Volatile.Read(ref _entries[minute]) ?? Interlocked.CompareExchange(ref _entries[minute], new double[]?[Classes * site.Sensors.Count], null) ?? _entries[minute];
        int slot = (int)stability * site.Sensors.Count + sensor;
        double[]? p = Volatile.Read(ref row[slot]);
        if (p != null) return p;
        p = new double[site.Sources.Count];
        for (int j = 0; j < p.Length; j++)
            p[j] = PlumeForwardModel.PpmPerKgPerHour(site.Sources[j], site.Sensors[sensor], _obs.WindSpeedMs[minute], _obs.WindFromDeg[minute], stability, _obs.SigmaThetaDeg[minute]);
        Volatile.Write(ref row[slot], p);
        return p;
    }
}
