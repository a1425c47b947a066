using Methane.Emissions.Dispersion;
using Methane.Emissions.Geometry;

namespace Methane.Emissions.Inversion;

/// <summary>
/// Time-resolved coupling (ppm at a sensor per kg/h from a source) for one minute's reading: the gas a sensor reads in
/// minute m left the source a travel time (distance / wind speed) plus the sensor's response time earlier, so the plume
/// is evaluated with the wind of the minutes in which that gas was emitted, averaged over points within the minute and
/// over the sensor's first-order response. With 1-minute wind that meanders on a scale of minutes, evaluating the plume
/// with minute m's wind alone puts gas on the wrong sensor.
/// </summary>
internal sealed class DelayedCoupling
{
    private const int PointsPerMinute = 6;
    private const int MaxLookBackMinutes = 4;
    // Quantiles of a first-order (exponential) response: −ln(1 − p) for p = 1/6, 1/2, 5/6.
    private static readonly double[] ResponseQuantiles = [0.1823, 0.6931, 1.7918];

    private readonly ObservationSeries _obs;
    private readonly SiteGeometry _site;
    private readonly Func<int, StabilityClass> _stabilityOfMinute;
    private readonly double _calm;
    private readonly double _responseSeconds;
    private readonly int _from;
    private readonly PlumeCouplingCache _cache;

    public DelayedCoupling(ObservationSeries obs, int from, Func<int, StabilityClass> stabilityOfMinute, double calmMs, double responseSeconds)
    {
        _obs = obs;
        _site = obs.Site;
        _stabilityOfMinute = stabilityOfMinute;
        _calm = calmMs;
        _responseSeconds = responseSeconds;
        _from = Math.Max(0, from - MaxLookBackMinutes);
        _cache = PlumeCouplingCache.For(obs);
    }

    /// <summary>Fills <paramref name="a"/> (one entry per source) with the coupling of sensor s's reading of minute m.</summary>
    public void Fill(int m, int s, double[] a)
    {
        int n = _site.Sources.Count;
        Array.Clear(a);
        double u = Math.Max(_calm, _obs.WindSpeedMs[m]);
        int lags = _responseSeconds > 0 ? ResponseQuantiles.Length : 1;
        double weight = 1.0 / (PointsPerMinute * lags);
        for (int j = 0; j < n; j++)
        {
            double travel = _site.Sources[j].Position.DistanceTo(_site.Sensors[s].Position) / u;
            for (int q = 0; q < PointsPerMinute; q++)
            {
                double t = (q + 0.5) * 60.0 / PointsPerMinute;
                for (int l = 0; l < lags; l++)
                {
                    double lag = _responseSeconds > 0 ? _responseSeconds * ResponseQuantiles[l] : 0;
                    int k = m + (int)Math.Floor((t - travel - lag) / 60.0);
                    a[j] += weight * Plume(Usable(k, m), s)[j];
                }
            }
        }
    }

    /// <summary>The emission minute k if its wind is known and not calm, else the reading's own minute.</summary>
    private int Usable(int k, int m)
    {
        if (k >= m) return m;
        k = Math.Max(k, _from);
        double u = _obs.WindSpeedMs[k];
        return double.IsNaN(u) || u < _calm || double.IsNaN(_obs.WindFromDeg[k]) || double.IsNaN(_obs.SigmaThetaDeg[k]) ? m : k;
    }

    private double[] Plume(int k, int s) => _cache.Get(k, s, _stabilityOfMinute(k));
}
