using System.Globalization;

namespace Methane.Emissions.Geometry;

/// <summary>One line describing a site's geometry (for summaries and logs).</summary>
public static class SiteGeometryText
{
    public static string Describe(SiteGeometry s) => string.Create(CultureInfo.InvariantCulture,
        $"site {s.SiteId}: met station {s.MetStation.Thing} at ({s.MetStation.Position.East:0.#}, {s.MetStation.Position.North:0.#}) m, {s.MetStation.HeightM:0.#} m; " +
        $"sensors {string.Join(", ", s.Sensors.Select(x => $"{x.Thing} ({x.Position.East:0.#}, {x.Position.North:0.#}) inlet {x.InletHeightM:0.#} m"))}; " +
        $"candidate sources {string.Join(", ", s.Sources.Select(x => $"{x.Name} ({x.Position.East:0.#}, {x.Position.North:0.#}) at {x.ReleaseHeightM:0.#} m"))}");
}
