namespace Methane.Emissions.Dispersion;

/// <summary>
/// P-G stability category from the standard deviation of the horizontal wind direction σθ (σA) and the wind speed, after
/// the turbulence-based σA method of the EPA Meteorological Monitoring Guidance for Regulatory Modeling Applications
/// (EPA-454/R-99-005, 2000, §6.4.4, after Irwin 1980): an initial category from σA, then at night a wind-speed
/// adjustment towards stable classes. See README.md for the thresholds and the caveat on their source.
/// </summary>
public static class StabilityClassifier
{
    /// <summary>σA lower bounds (degrees) for A, B, C, D, E; below the last one the category is F.</summary>
    private static readonly double[] LowerBoundsDeg = [22.5, 17.5, 12.5, 7.5, 3.8];

    public static StabilityClass FromSigmaTheta(double sigmaThetaDeg, double windSpeedMs, bool night)
    {
        if (double.IsNaN(sigmaThetaDeg) || double.IsNaN(windSpeedMs)) throw new ArgumentException("σθ and wind speed must be numbers");
        StabilityClass initial = StabilityClass.F;
        for (int i = 0; i < LowerBoundsDeg.Length; i++)
        {
            if (sigmaThetaDeg >= LowerBoundsDeg[i]) { initial = (StabilityClass)i; break; }
        }
        return night ? NightAdjusted(initial, windSpeedMs) : initial;
    }

    /// <summary>At night a large σA at low speed is meander, not convective turbulence: shift towards E/F.</summary>
    private static StabilityClass NightAdjusted(StabilityClass initial, double u) => initial switch
    {
        StabilityClass.A => u < 2.9 ? StabilityClass.F : u < 3.6 ? StabilityClass.E : StabilityClass.D,
        StabilityClass.B => u < 2.4 ? StabilityClass.F : u < 3.0 ? StabilityClass.E : StabilityClass.D,
        StabilityClass.C => u < 2.4 ? StabilityClass.E : StabilityClass.D,
        _ => initial,
    };
}
