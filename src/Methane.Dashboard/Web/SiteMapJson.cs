using System.Globalization;
using Methane.Dashboard.Data;
using Methane.Dashboard.Pages;

namespace Methane.Dashboard.Web;

/// <summary>The reply of GET /api/sites/{site}/map: site metres (east, north), states, and the newest 15-minute estimate.</summary>
public static class SiteMapJson
{
    public static object Of(SiteMap m) => new
    {
        site = m.Site, available = true,
        boundary = new { eastMin = m.Boundary.EastMin, eastMax = m.Boundary.EastMax, northMin = m.Boundary.NorthMin, northMax = m.Boundary.NorthMax },
        metStation = new { thing = m.MetStation.Thing, eastM = m.MetStation.Position.East, northM = m.MetStation.Position.North, heightM = m.MetStation.HeightM },
        sensors = m.Sensors.Select(s => new { s.Thing, s.EastM, s.NorthM, s.InletHeightM, s.State, stateWords = s.State ?? "no reading", s.Ch4Ppm, s.EventMs }),
        sources = m.Sources.Select(c => new
        {
            c.Name, c.EastM, c.NorthM, c.ReleaseHeightM, c.Detected, c.RateKgH, c.LowerKgH, c.UpperKgH,
            label = c.Detected ? $"{c.Name}: {Kg(c.RateKgH)} kg/h" : c.Name,
        }),
        estimate = m.Window is null ? null : new { startMs = m.Window.WindowStartMs, endMs = m.Window.WindowEndMs, span = EstimateLines.Span(m.Window), summary = m.Window.Summary },
        note = Note(m),
        unplacedThings = m.UnplacedThings,
        unknownDetectedSources = m.UnknownDetectedSources,
    };

    /// <summary>The line under the map: what the highlighted source comes from, and what the map cannot place.</summary>
    private static string Note(SiteMap m)
    {
        var parts = new List<string>
        {
            m.Window is null ? "15-min estimate: none in the store" : $"15-min estimate ({EstimateLines.Span(m.Window)}): {m.Window.Summary}",
        };
        if (m.UnknownDetectedSources.Count > 0) parts.Add("detected source(s) not in the sites file: " + string.Join(", ", m.UnknownDetectedSources));
        if (m.UnplacedThings.Count > 0) parts.Add("readings from devices without a position: " + string.Join(", ", m.UnplacedThings));
        return string.Join(" · ", parts);
    }

    private static string Kg(double? v) => v?.ToString("F1", CultureInfo.InvariantCulture) ?? "?";
}
