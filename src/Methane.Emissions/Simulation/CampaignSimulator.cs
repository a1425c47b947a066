using Methane.Emissions.Dispersion;
using Methane.Emissions.Geometry;
using Methane.Emissions.Inversion;

namespace Methane.Emissions.Simulation;

/// <summary>What a simulated campaign gives: the published data (all the inversion may see) and the truth kept apart.</summary>
public sealed record CampaignResult(ObservationSeries Published, IReadOnlyList<Release> Releases, double[] TrueWindSpeedPerMinute);

/// <summary>
/// Runs the truth: wind (<see cref="WindSimulator"/>), puff transport from the scheduled releases
/// (<see cref="PuffTransport"/>), regional background, then the sensor model (lag, drift, gain, noise, dropouts,
/// outages, faults) and the met station's per-minute statistics (scalar mean speed, vector-mean direction, Yamartino σθ,
/// starting threshold, vane misalignment, outages). Deterministic for a seed.
/// </summary>
public sealed class CampaignSimulator
{
    public double StepSeconds { get; init; } = 5;
    public SensorModelOptions Sensors { get; init; } = new();

    public CampaignResult Run(SiteGeometry site, IReadOnlyList<Release> releases, DateTimeOffset start, int minutes, int seed, Action<double>? progress = null)
    {
        var rng = new Random(seed);
        var wind = new WindSimulator(seed * 7919 + 1, StepSeconds);
        var puffs = new PuffTransport(site);
        var published = new ObservationSeries(site, start, minutes);
        var trueSpeed = new double[minutes];
        int nS = site.Sensors.Count;
        int stepsPerMinute = (int)Math.Round(60 / StepSeconds);
        double lagAlpha = 1 - Math.Exp(-StepSeconds / Sensors.LagSeconds);

        var lagged = new double[nS];
        var gain = new double[nS];
        var drift = new double[nS];
        var driftRate = new double[nS];
        for (int s = 0; s < nS; s++)
        {
            gain[s] = 1 + Sensors.GainErrorSigma * Gaussian(rng);
            driftRate[s] = Sensors.DriftPpmPerDaySigma * Gaussian(rng) / 1440.0;
            lagged[s] = Sensors.RegionalBackgroundPpm;
        }
        double vaneOffset = Sensors.VaneAlignmentErrorDeg * Gaussian(rng);
        bool[][] outage = Episodes(rng, nS, minutes, Sensors.OutageEveryDays, 60, 360);
        bool[][] fault = Episodes(rng, nS, minutes, Sensors.FaultEveryDays, 30, 180);
        bool[] metOutage = Episodes(rng, 1, minutes, Sensors.MetOutageEveryDays, 30, 240)[0];

        var sorted = releases.OrderBy(r => r.Start).ToList();
        var active = new List<Release>();
        int nextRelease = 0;
        var minuteSum = new double[nS];
        DateTimeOffset t = start;
        for (int m = 0; m < minutes; m++)
        {
            Array.Clear(minuteSum);
            double speedSum = 0, sinSum = 0, cosSum = 0;
            double background = Sensors.RegionalBackgroundPpm + 0.03 * Math.Sin(m / 2000.0);
            for (int k = 0; k < stepsPerMinute; k++)
            {
                t = t.AddSeconds(StepSeconds);
                WindSample w = wind.Next(t);
                double hour = t.UtcDateTime.TimeOfDay.TotalHours;
                double nightBuildUp = hour < 7 ? 0.05 * (hour + 5) / 12 * 3 : hour >= 19 ? 0.05 * (hour - 19) / 12 * 3 : 0;
                while (nextRelease < sorted.Count && sorted[nextRelease].Start <= t) active.Add(sorted[nextRelease++]);
                active.RemoveAll(r => r.End <= t);
                foreach (Release r in active) puffs.Emit(r.SourceIndex, MethaneUnits.GramsPerSecondFromKgPerHour(r.RateKgPerHour), StepSeconds);
                puffs.Advect(w, StepSeconds);
                for (int s = 0; s < nS; s++)
                {
                    double truth = background + nightBuildUp + puffs.EnhancementPpm(site.Sensors[s], w);
                    lagged[s] += (truth - lagged[s]) * lagAlpha;
                    minuteSum[s] += lagged[s];
                }
                speedSum += w.SpeedMs;
                double a = w.FromDeg * Math.PI / 180;
                sinSum += Math.Sin(a);
                cosSum += Math.Cos(a);
            }
            trueSpeed[m] = speedSum / stepsPerMinute;
            DateTimeOffset minuteStart = start.AddMinutes(m);
            for (int s = 0; s < nS; s++)
            {
                drift[s] += driftRate[s] + 0.002 * Gaussian(rng);
                if (outage[s][m] || rng.NextDouble() < Sensors.MissingMinuteShare) continue;
                double reading = gain[s] * minuteSum[s] / stepsPerMinute + drift[s] + Sensors.NoisePpm * Gaussian(rng);
                if (fault[s][m]) reading = rng.NextDouble() < 0.5 ? 0 : 50 * rng.NextDouble();   // a sensor fault's garbage
                published.AddReading(site.Sensors[s].Thing, minuteStart, reading, fault[s][m]);
            }
            if (!metOutage[m])
            {
                double ms = trueSpeed[m] < Sensors.AnemometerThresholdMs ? 0 : trueSpeed[m] * (1 + 0.02 * Gaussian(rng));
                double mean = Math.Atan2(sinSum, cosSum) * 180 / Math.PI + vaneOffset;
                double sa = sinSum / stepsPerMinute, ca = cosSum / stepsPerMinute;
                double eps = Math.Sqrt(Math.Max(0, 1 - (sa * sa + ca * ca)));
                double sigmaTheta = Math.Asin(Math.Min(1, eps)) * (1 + 0.1547 * eps * eps * eps) * 180 / Math.PI;   // Yamartino (1984)
                published.AddMet(minuteStart, ms, ((mean % 360) + 360) % 360, sigmaTheta);
            }
            if (progress != null && m % 1440 == 1439) progress((m + 1.0) / minutes);
        }
        return new CampaignResult(published, releases, trueSpeed);
    }

    /// <summary>Random episodes (outages, faults): Poisson starts every <paramref name="everyDays"/> per row on average.</summary>
    private static bool[][] Episodes(Random rng, int rows, int minutes, double everyDays, int minLen, int maxLen)
    {
        var result = new bool[rows][];
        for (int r = 0; r < rows; r++)
        {
            result[r] = new bool[minutes];
            if (everyDays <= 0) continue;
            double m = -Math.Log(1 - rng.NextDouble()) * everyDays * 1440;
            while (m < minutes)
            {
                int len = minLen + rng.Next(maxLen - minLen + 1);
                for (int k = (int)m; k < Math.Min(minutes, (int)m + len); k++) result[r][k] = true;
                m += len - Math.Log(1 - rng.NextDouble()) * everyDays * 1440;
            }
        }
        return result;
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
