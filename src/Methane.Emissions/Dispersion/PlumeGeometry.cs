using Methane.Emissions.Geometry;

namespace Methane.Emissions.Dispersion;

/// <summary>
/// Downwind (x) and crosswind (y) distances of a receptor from a source for a wind blowing FROM
/// <c>windFromDeg</c> (meteorological convention, degrees clockwise from north).
/// </summary>
public static class PlumeGeometry
{
    public static (double Downwind, double Crosswind) Project(SitePoint source, SitePoint receptor, double windFromDeg)
    {
        double a = windFromDeg * Math.PI / 180.0;
        // The air moves towards windFrom + 180°: unit vector (east, north) = (−sin a, −cos a).
        double de = -Math.Sin(a), dn = -Math.Cos(a);
        double ex = receptor.East - source.East, nx = receptor.North - source.North;
        double x = ex * de + nx * dn;
        double y = -ex * dn + nx * de;
        return (x, y);
    }
}
