using Methane.Emissions.Geometry;

namespace Methane.Dashboard.Data;

/// <summary>A sensor on the map: its place from the sites file and its state from the newest reading (null: no reading yet).</summary>
public sealed record MapSensor(string Thing, double EastM, double NorthM, double InletHeightM, string? State, double? Ch4Ppm, long? EventMs);

/// <summary>A candidate source on the map; Detected and the rate come from the newest 15-minute estimate.</summary>
public sealed record MapSource(string Name, double EastM, double NorthM, double ReleaseHeightM, bool Detected, double? RateKgH,
    double? LowerKgH, double? UpperKgH);

/// <summary>
/// What the site map draws: boundary, met station, sensors with state, candidate sources with the newest 15-minute
/// estimate's detections; readings of things the sites file does not place, and detections of sources it does not know,
/// are listed by name so nothing is hidden.
/// </summary>
public sealed record SiteMap(string Site, SiteBoundary Boundary, MetStationPlacement MetStation, IReadOnlyList<MapSensor> Sensors,
    IReadOnlyList<MapSource> Sources, EstimateWindow? Window, IReadOnlyList<string> UnplacedThings, IReadOnlyList<string> UnknownDetectedSources);

/// <summary>
/// The site geometry of the sites file (the one the pipeline's emission job reads) joined with the store's newest sensor
/// states and 15-minute estimate. A sites file without valid geometry leaves every site without a map (the reason is kept).
/// </summary>
public sealed class SiteMaps
{
    private readonly IReadOnlyList<SiteGeometry> _sites;
    private readonly DashboardQueries _queries;
    private readonly EmissionEstimates _estimates;

    public SiteMaps(SiteGeometrySource geometry, DashboardQueries queries, EmissionEstimates estimates)
    {
        _sites = geometry.Sites;
        Problem = geometry.Problem;
        _queries = queries;
        _estimates = estimates;
    }

    /// <summary>Why no site has a map (the sites file's geometry did not load); null when it loaded.</summary>
    public string? Problem { get; }

    /// <summary>The map of a site; null when the sites file does not describe it.</summary>
    public SiteMap? Map(string site)
    {
        SiteGeometry? g = _sites.FirstOrDefault(s => s.SiteId == site);
        if (g is null) return null;
        var states = _queries.Sensors(site).ToDictionary(s => s.Thing, StringComparer.Ordinal);
        var sensors = g.Sensors.Select(p =>
        {
            states.TryGetValue(p.Thing, out SensorStatus? s);
            return new MapSensor(p.Thing, p.Position.East, p.Position.North, p.InletHeightM, s?.State, s?.Ch4Ppm, s?.EventMs);
        }).ToList();

        EstimateWindow? window = _estimates.Latest(site, EmissionEstimates.WindowKind, 1)?.FirstOrDefault();
        var detected = (window?.Sources ?? []).Where(r => r.Detected && r.RateKgPerHour is not null)
            .ToDictionary(r => r.Source, StringComparer.Ordinal);
        var sources = g.Sources.Select(c =>
        {
            detected.TryGetValue(c.Name, out EstimateRow? r);
            return new MapSource(c.Name, c.Position.East, c.Position.North, c.ReleaseHeightM, r is not null, r?.RateKgPerHour, r?.LowerKgPerHour, r?.UpperKgPerHour);
        }).ToList();

        var placed = g.Sensors.Select(p => p.Thing).Append(g.MetStation.Thing).ToHashSet(StringComparer.Ordinal);
        var unplaced = states.Keys.Where(t => !placed.Contains(t)).Order(StringComparer.Ordinal).ToList();
        var unknown = detected.Keys.Where(n => g.SourceIndex(n) < 0).Order(StringComparer.Ordinal).ToList();
        return new SiteMap(site, g.Boundary, g.MetStation, sensors, sources, window, unplaced, unknown);
    }
}

/// <summary>The geometry of the sites file, loaded once; a file that does not load leaves no geometry and its reason.</summary>
public sealed class SiteGeometrySource
{
    public SiteGeometrySource(string sitesFile)
    {
        try { Sites = SiteGeometryLoader.LoadFile(sitesFile); }
        catch (SiteGeometryException e) { Sites = []; Problem = $"sites file {Path.GetFileName(sitesFile)}: {e.Message}"; }
    }

    public IReadOnlyList<SiteGeometry> Sites { get; }
    public string? Problem { get; }
}
