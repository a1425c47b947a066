namespace Methane.Emissions.Dispersion;

/// <summary>Unit conversions for methane (molar mass 16.043 g/mol, ideal gas).</summary>
public static class MethaneUnits
{
    public const double MolarMassGPerMol = 16.043;
    public const double GasConstant = 8.314462618;

    /// <summary>Mole fraction in ppm for a mass concentration in g/m³ at temperature T (K) and pressure P (Pa).</summary>
    public static double PpmFromGramsPerCubicMetre(double c, double temperatureK = 288.15, double pressurePa = 101325)
        => c * GasConstant * temperatureK / (pressurePa * MolarMassGPerMol) * 1e6;

    public static double GramsPerSecondFromKgPerHour(double kgPerHour) => kgPerHour * 1000.0 / 3600.0;
}
