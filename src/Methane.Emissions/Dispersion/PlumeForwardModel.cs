using Methane.Emissions.Geometry;

namespace Methane.Emissions.Dispersion;

/// <summary>
/// The inversion's forward model: the methane enhancement (ppm) at a sensor inlet per 1 kg/h from a candidate source,
/// for one averaged wind state. Receptors upwind of the source (x ≤ 0.5 m) see nothing.
/// </summary>
public static class PlumeForwardModel
{
    public const double MinDownwindM = 0.5;

    public static double PpmPerKgPerHour(CandidateSource source, SensorPlacement sensor, double windSpeedMs, double windFromDeg, StabilityClass stability)
    {
        (double x, double y) = PlumeGeometry.Project(source.Position, sensor.Position, windFromDeg);
        if (x <= MinDownwindM) return 0;
        (double sy, double sz) = BriggsOpenCountry.Sigmas(stability, x);
        double c = GaussianPlume.Concentration(MethaneUnits.GramsPerSecondFromKgPerHour(1.0), windSpeedMs, sy, sz, y, sensor.InletHeightM, source.ReleaseHeightM);
        return MethaneUnits.PpmFromGramsPerCubicMetre(c);
    }

    public const double MinSigmaThetaDeg = 2.0;

    /// <summary>As above, with σy from the measured σθ of the averaging interval (σz still from the stability class).</summary>
    public static double PpmPerKgPerHour(CandidateSource source, SensorPlacement sensor, double windSpeedMs, double windFromDeg, StabilityClass stability, double sigmaThetaDeg)
    {
        (double x, double y) = PlumeGeometry.Project(source.Position, sensor.Position, windFromDeg);
        if (x <= MinDownwindM) return 0;
        double sz = BriggsOpenCountry.Sigmas(stability, x).SigmaZ;
        double theta = Math.Max(MinSigmaThetaDeg, sigmaThetaDeg) * Math.PI / 180.0;
        double sy = Math.Sqrt(theta * x * theta * x + BriggsOpenCountry.InitialSpreadM * BriggsOpenCountry.InitialSpreadM);
        double c = GaussianPlume.Concentration(MethaneUnits.GramsPerSecondFromKgPerHour(1.0), windSpeedMs, sy, sz, y, sensor.InletHeightM, source.ReleaseHeightM);
        return MethaneUnits.PpmFromGramsPerCubicMetre(c);
    }
}

/// <summary>How the lateral spread σy is obtained.</summary>
public enum LateralSpread
{
    /// <summary>σy from the Briggs open-country fit for the stability class.</summary>
    PasquillGifford,
    /// <summary>σy = σθ·x from the measured 1-minute σθ (Pasquill's direct use of wind-direction fluctuations), floored.</summary>
    MeasuredSigmaTheta,
}
