namespace Methane.Emissions.Inversion;

internal static class Percentiles
{
    /// <summary>Linear-interpolated percentile (0–100) of the values; sorts <paramref name="values"/> in place.</summary>
    public static double OfInPlace(double[] values, int count, double percentile)
    {
        if (count == 0) return double.NaN;
        Array.Sort(values, 0, count);
        double pos = percentile / 100.0 * (count - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(count - 1, lo + 1);
        return values[lo] + (pos - lo) * (values[hi] - values[lo]);
    }
}
