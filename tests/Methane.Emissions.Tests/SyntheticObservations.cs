using Methane.Emissions.Dispersion;
using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;

namespace Methane.Emissions.Tests;

/// <summary>
/// Observations made with the inversion's own plume model (a consistency check, not the blind evaluation). Daytime,
/// σθ 8° within each minute and a ±4° sweep between minutes: the window σθ is about 8.5°, class D by the EPA σA table,
/// so the data are made with class D unless the caller sweeps the wind more (and says which class that gives).
/// </summary>
internal static class SyntheticObservations
{
    public static readonly DateTimeOffset Noon = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static ObservationSeries Make(SiteGeometry site, int minutes, int sourceIndex, double kgPerHour, double noisePpm, int seed,
        Func<int, double>? speed = null, Func<int, double>? direction = null, StabilityClass stability = StabilityClass.D)
    {
        var rng = new Random(seed);
        var obs = new ObservationSeries(site, Noon, minutes);
        for (int m = 0; m < minutes; m++)
        {
            double u = speed?.Invoke(m) ?? 3.0;
            double dir = direction?.Invoke(m) ?? (200 + 4 * Math.Sin(m / 3.0));
            double sigmaTheta = 8;
            obs.AddMet(obs.TimeOf(m), u, dir, sigmaTheta);
            for (int s = 0; s < site.Sensors.Count; s++)
            {
                double ppm = 2.0 + noisePpm * Gaussian(rng);
                if (sourceIndex >= 0 && u >= 0.5)   // the plume formula has no meaning in calm air
                    ppm += kgPerHour * PlumeForwardModel.PpmPerKgPerHour(site.Sources[sourceIndex], site.Sensors[s], u, dir, stability, sigmaTheta);
                obs.Ppm[s][m] = ppm;
            }
        }
        return obs;
    }

    public static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
