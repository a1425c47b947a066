using Methane.Emissions.Geometry;
using Methane.Firmware.Emulation.Scenarios;

namespace Methane.Firmware.Host.Simulation;

/// <summary>Builds the modelled air of a scenario's <c>sites</c> over the sites file's geometry (see scenarios/README.md).</summary>
public static class SiteAir
{
    /// <summary>One field per scenario site, keyed by site id; empty when the scenario models no site. Errors name the scenario file and JSON path.</summary>
    public static IReadOnlyDictionary<string, SiteAirField> Build(Scenario scenario, string sitesFile, DateTimeOffset start)
    {
        var fields = new Dictionary<string, SiteAirField>(StringComparer.Ordinal);
        if (scenario.Sites.Count == 0) return fields;
        IReadOnlyList<SiteGeometry> geometry;
        try { geometry = SiteGeometryLoader.LoadFile(sitesFile); }
        catch (SiteGeometryException e) { throw new ScenarioFileException(scenario.File, "$.sites", null, $"a usable sites file ({sitesFile}: {e.Message})", e); }
        for (int i = 0; i < scenario.Sites.Count; i++)
        {
            ScenarioSite s = scenario.Sites[i];
            SiteGeometry? site = geometry.FirstOrDefault(g => g.SiteId == s.Site);
            if (site is null)
                throw new ScenarioFileException(scenario.File, s.Path + ".site", "\"" + s.Site + "\"", $"a site of {sitesFile} ({string.Join(", ", geometry.Select(g => g.SiteId))})");
            foreach (ScriptedRelease r in s.Releases)
                if (site.SourceIndex(r.Source) < 0)
                    throw new ScenarioFileException(scenario.File, r.Path + ".source", "\"" + r.Source + "\"",
                        $"a candidate source of {s.Site} ({string.Join(", ", site.Sources.Select(c => c.Name))})");
            fields[s.Site] = new SiteAirField(site, s, start, unchecked(scenario.Seed * 31 + i + 1));
        }
        return fields;
    }
}
