using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.Ambient
{
    /// <summary>
    /// Absolute humidity (water vapour density, g/m³) from temperature and relative humidity: saturation vapour pressure by
    /// the Magnus formula over water with Sonntag's (1990) coefficients, es = 6.112 hPa · exp(17.62 T / (243.12 + T)),
    /// then ρv = 216.7 · e[hPa] / (273.15 + T). Eugster et al. (2020, AMT 13, 2681) found absolute rather than relative
    /// humidity the better correction variable for TGS sensors at ambient levels.
    /// </summary>
    public static class AbsoluteHumidity
    {
        public static double GramsPerCubicMetre(double temperatureC, double relativeHumidityPct)
        {
            double es = 6.112 * CoreMath.Exp(CoreMath.Divide(17.62 * temperatureC, 243.12 + temperatureC));
            double e = es * relativeHumidityPct / 100.0;
            return CoreMath.Divide(216.7 * e, 273.15 + temperatureC);
        }
    }
}
