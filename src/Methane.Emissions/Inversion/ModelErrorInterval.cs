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
    private const int BisectionSteps = 40;
    /// <summary>Relative precision of the interval ends (far below the bootstrap's own resolution).</summary>
    private const double LogTolerance = 1e-7;

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
        var logs = new double[count];
        int positive = 0;
        for (int r = 0; r < count; r++)
            if (replicates[r] > 0) logs[positive++] = Math.Log(replicates[r]);
        int zeros = count - positive;
        if (zeros >= p * count) return 0;
        double minLog = double.PositiveInfinity, maxLog = double.NegativeInfinity;
        for (int r = 0; r < positive; r++)
        {
            minLog = Math.Min(minLog, logs[r]);
            maxLog = Math.Max(maxLog, logs[r]);
        }
        // Among the positive replicates the quantile solves G(t) = target; it lies between the components' own
        // quantiles (each component's CDF is ≤ target at the smallest of them and ≥ target at the largest).
        double target = (p * count - zeros) / positive;
        double z = Math.Sqrt(2) * SpecialFunctions.ErfInv(2 * target - 1);
        double lo = minLog + z * logSigma, hi = maxLog + z * logSigma;
        double scale = 1 / (logSigma * Math.Sqrt(2));
        for (int step = 0; step < BisectionSteps && hi - lo > LogTolerance; step++)
        {
            double mid = 0.5 * (lo + hi);
            double cdf = 0;
            for (int r = 0; r < positive; r++) cdf += 0.5 * SpecialFunctions.Erfc((logs[r] - mid) * scale);
            if (cdf < target * positive) lo = mid;
            else hi = mid;
        }
        return Math.Exp(0.5 * (lo + hi));
    }
}
