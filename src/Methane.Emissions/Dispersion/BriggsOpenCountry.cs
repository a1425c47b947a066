namespace Methane.Emissions.Dispersion;

/// <summary>
/// Briggs (1973) open-country fits to the Pasquill–Gifford σy, σz curves (as tabulated in Turner's Workbook of Atmospheric
/// Dispersion Estimates, 2nd ed., and Hanna, Briggs &amp; Hosker 1982), x = downwind distance in metres. The fits are
/// stated for 100 m – 10 km; on a pad the sensors are 20–100 m away, so they are used below their range (an
/// assumption, README.md). An initial source spread σ0 is added in quadrature so that σ never reaches 0 at the source.
/// </summary>
public static class BriggsOpenCountry
{
    public const double InitialSpreadM = 1.0;

    public static (double SigmaY, double SigmaZ) Sigmas(StabilityClass stability, double x)
    {
        if (!(x > 0)) throw new ArgumentOutOfRangeException(nameof(x), x, "downwind distance must be > 0 m");
        (double sy, double sz) = Raw(stability, x);
        double s0 = InitialSpreadM * InitialSpreadM;
        return (Math.Sqrt(sy * sy + s0), Math.Sqrt(sz * sz + s0));
    }

    /// <summary>The published fits, without the initial spread.</summary>
    public static (double SigmaY, double SigmaZ) Raw(StabilityClass stability, double x)
    {
        double lateral = 1.0 / Math.Sqrt(1 + 0.0001 * x);
        return stability switch
        {
            StabilityClass.A => (0.22 * x * lateral, 0.20 * x),
            StabilityClass.B => (0.16 * x * lateral, 0.12 * x),
            StabilityClass.C => (0.11 * x * lateral, 0.08 * x / Math.Sqrt(1 + 0.0002 * x)),
            StabilityClass.D => (0.08 * x * lateral, 0.06 * x / Math.Sqrt(1 + 0.0015 * x)),
            StabilityClass.E => (0.06 * x * lateral, 0.03 * x / (1 + 0.0003 * x)),
            _ => (0.04 * x * lateral, 0.016 * x / (1 + 0.0003 * x)),
        };
    }
}
