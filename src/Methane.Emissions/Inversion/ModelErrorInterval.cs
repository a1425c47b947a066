using MathNet.Numerics;

namespace Methane.Emissions.Inversion;

/// <summary>
/// The interval of a rate whose error has two parts: the noise, seen by the bootstrap replicates, and the transport
/// model's error, which no resampling of the same window can see (the plume model is wrong in the same way in every
/// replicate). The model error is taken as multiplicative and log-normal: rate = replicate · exp(σ·ε), ε ~ N(0, 1).
/// The interval is the percentiles of that mixture, computed exactly (no extra random draws):
/// F(q) = [#zero replicates + Σ_r Φ((ln q − ln x_r)/σ)] / B. With σ = 0 it is the replicates' own percentiles.
/// </summary>
public static class ModelErrorInterval
{
    private const int BisectionSteps = 30;

    /// <summary>Lower and upper ends (percentiles 0–100) of the rate interval; reorders <paramref name="replicates"/>.</summary>
    public static (double Lower, double Upper) Of(double[] replicates, int count, double logSigma, double lowerPercentile, double upperPercentile)
    {
        if (logSigma <= 0)
            return (Percentiles.OfInPlace(replicates, count, lowerPercentile), Percentiles.OfInPlace(replicates, count, upperPercentile));
        return (Quantile(replicates, count, logSigma, lowerPercentile / 100), Quantile(replicates, count, logSigma, upperPercentile / 100));
    }

    /// <summary>The p-quantile of the mixture; 0 when the zero replicates alone hold at least p of the mass.</summary>
    public static double Quantile(double[] replicates, int count, double logSigma, double p)
    {
        if (count == 0) return double.NaN;
        int zeros = 0;
        double minLog = double.PositiveInfinity, maxLog = double.NegativeInfinity;
        for (int r = 0; r < count; r++)
        {
            if (replicates[r] <= 0) { zeros++; continue; }
            double l = Math.Log(replicates[r]);
            if (l < minLog) minLog = l;
            if (l > maxLog) maxLog = l;
        }
        if (zeros >= p * count) return 0;
        // Among the positive replicates the quantile solves G(t) = target; it lies between the components' own
        // quantiles (each component's CDF is ≤ target at the smallest of them and ≥ target at the largest).
        double target = (p * count - zeros) / (count - zeros);
        double z = Math.Sqrt(2) * SpecialFunctions.ErfInv(2 * target - 1);
        double lo = minLog + z * logSigma, hi = maxLog + z * logSigma;
        for (int step = 0; step < BisectionSteps && hi - lo > 1e-9; step++)
        {
            double mid = 0.5 * (lo + hi);
            if (PositiveCdf(replicates, count, logSigma, mid) < target) lo = mid;
            else hi = mid;
        }
        return Math.Exp(0.5 * (lo + hi));
    }

    private static double PositiveCdf(double[] replicates, int count, double logSigma, double t)
    {
        double sum = 0;
        int positive = 0;
        double scale = 1 / (logSigma * Math.Sqrt(2));
        for (int r = 0; r < count; r++)
        {
            if (replicates[r] <= 0) continue;
            positive++;
            sum += 0.5 * SpecialFunctions.Erfc(-(t - Math.Log(replicates[r])) * scale);
        }
        return sum / positive;
    }
}
