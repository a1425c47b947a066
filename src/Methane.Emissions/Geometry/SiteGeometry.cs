namespace Methane.Emissions.Geometry;

/// <summary>A point on the site in local coordinates: metres east and north of the site origin.</summary>
public readonly record struct SitePoint(double East, double North)
{
    public double DistanceTo(SitePoint other) => Math.Sqrt((East - other.East) * (East - other.East) + (North - other.North) * (North - other.North));
}

/// <summary>The rectangle that is the site; sensors, sources and the met station must lie in it.</summary>
public sealed record SiteBoundary(double EastMin, double EastMax, double NorthMin, double NorthMax)
{
    public bool Contains(SitePoint p) => p.East >= EastMin && p.East <= EastMax && p.North >= NorthMin && p.North <= NorthMax;
}

/// <summary>A methane sensor (one device, by thing name) and the height of its gas inlet above ground.</summary>
public sealed record SensorPlacement(string Thing, SitePoint Position, double InletHeightM);

/// <summary>The met station that measures wind speed, direction and σθ for the site.</summary>
public sealed record MetStationPlacement(string Thing, SitePoint Position, double HeightM);

/// <summary>A candidate source: an equipment group (wellhead, separator, tank battery …) and its release height.</summary>
public sealed record CandidateSource(string Name, SitePoint Position, double ReleaseHeightM);

public sealed record SiteGeometry(
    string SiteId,
    SiteBoundary Boundary,
    MetStationPlacement MetStation,
    IReadOnlyList<SensorPlacement> Sensors,
    IReadOnlyList<CandidateSource> Sources)
{
    public int SensorIndex(string thing)
    {
        for (int i = 0; i < Sensors.Count; i++) if (Sensors[i].Thing == thing) return i;
        return -1;
    }

    public int SourceIndex(string name)
    {
        for (int i = 0; i < Sources.Count; i++) if (Sources[i].Name == name) return i;
        return -1;
    }
}
