namespace Methane.Emissions.Dispersion;

/// <summary>
/// Steady-state Gaussian plume from a continuous point source with total ground reflection (image source):
/// C = Q / (2π u σy σz) · exp(−y²/2σy²) · [exp(−(z−H)²/2σz²) + exp(−(z+H)²/2σz²)].
/// Units: Q in g/s, u in m/s, lengths in m, C in g/m³.
/// </summary>
public static class GaussianPlume
{
    public static double Concentration(double q, double u, double sigmaY, double sigmaZ, double y, double z, double h)
    {
        if (!(u > 0)) throw new ArgumentOutOfRangeException(nameof(u), u, "wind speed must be > 0 m/s (calms are handled by the caller)");
        double lateral = Math.Exp(-y * y / (2 * sigmaY * sigmaY));
        double vertical = Math.Exp(-(z - h) * (z - h) / (2 * sigmaZ * sigmaZ)) + Math.Exp(-(z + h) * (z + h) / (2 * sigmaZ * sigmaZ));
        return q / (2 * Math.PI * u * sigmaY * sigmaZ) * lateral * vertical;
    }
}
