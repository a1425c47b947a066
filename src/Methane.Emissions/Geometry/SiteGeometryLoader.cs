using System.Globalization;
using System.Text.Json;

namespace Methane.Emissions.Geometry;

/// <summary>
/// Reads the site-geometry file (format in README.md): every site with its boundary, met station, sensors and candidate
/// sources. Every problem is reported as a <see cref="SiteGeometryException"/> naming the JSON path of the field.
/// </summary>
public static class SiteGeometryLoader
{
    public const double MaxHeightM = 30;

    public static IReadOnlyList<SiteGeometry> LoadFile(string path)
    {
        if (!File.Exists(path)) throw new SiteGeometryException("path", path, "an existing sites file");
        return Parse(File.ReadAllText(path));
    }

    public static IReadOnlyList<SiteGeometry> Parse(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new SiteGeometryException("(document)", Short(json), "valid JSON (" + e.Message + ")"); }
        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new SiteGeometryException("(document)", Kind(root), "an object with a \"sites\" array");
            JsonElement sites = Required(root, "sites", "", JsonValueKind.Array, "an array of sites");
            var result = new List<SiteGeometry>();
            int i = 0;
            foreach (JsonElement site in sites.EnumerateArray())
            {
                SiteGeometry g = ParseSite(site, $"sites[{i}]");
                if (result.Exists(s => s.SiteId == g.SiteId)) throw new SiteGeometryException($"sites[{i}].id", Quote(g.SiteId), "an id not used by another site");
                result.Add(g);
                i++;
            }
            if (result.Count == 0) throw new SiteGeometryException("sites", "[]", "at least one site");
            return result;
        }
    }

    private static SiteGeometry ParseSite(JsonElement site, string at)
    {
        if (site.ValueKind != JsonValueKind.Object) throw new SiteGeometryException(at, Kind(site), "an object");
        string id = Text(site, "id", at);
        JsonElement b = Required(site, "boundary_m", at, JsonValueKind.Object, "an object with east_min, east_max, north_min, north_max");
        string bAt = at + ".boundary_m";
        var boundary = new SiteBoundary(Number(b, "east_min", bAt), Number(b, "east_max", bAt), Number(b, "north_min", bAt), Number(b, "north_max", bAt));
        if (boundary.EastMax <= boundary.EastMin) throw new SiteGeometryException(bAt + ".east_max", Fmt(boundary.EastMax), $"greater than east_min ({Fmt(boundary.EastMin)})");
        if (boundary.NorthMax <= boundary.NorthMin) throw new SiteGeometryException(bAt + ".north_max", Fmt(boundary.NorthMax), $"greater than north_min ({Fmt(boundary.NorthMin)})");

        if (!site.TryGetProperty("met_station", out JsonElement met) || met.ValueKind == JsonValueKind.Null)
            throw new SiteGeometryException(at + ".met_station", "(missing)", "the site's met station (thing, east_m, north_m, height_m): an emission estimate needs on-site wind");
        if (met.ValueKind != JsonValueKind.Object) throw new SiteGeometryException(at + ".met_station", Kind(met), "an object");
        string mAt = at + ".met_station";
        var metStation = new MetStationPlacement(Text(met, "thing", mAt), Position(met, mAt, boundary), Height(met, "height_m", mAt, 0.5));

        var sensors = new List<SensorPlacement>();
        JsonElement sArr = Required(site, "sensors", at, JsonValueKind.Array, "an array of sensors");
        int k = 0;
        foreach (JsonElement s in sArr.EnumerateArray())
        {
            string sAt = $"{at}.sensors[{k}]";
            if (s.ValueKind != JsonValueKind.Object) throw new SiteGeometryException(sAt, Kind(s), "an object");
            var p = new SensorPlacement(Text(s, "thing", sAt), Position(s, sAt, boundary), Height(s, "inlet_height_m", sAt, 0));
            if (sensors.Exists(x => x.Thing == p.Thing)) throw new SiteGeometryException(sAt + ".thing", Quote(p.Thing), "a thing name not used by another sensor of the site");
            sensors.Add(p);
            k++;
        }
        if (sensors.Count == 0) throw new SiteGeometryException(at + ".sensors", "[]", "at least one sensor");

        var sources = new List<CandidateSource>();
        JsonElement qArr = Required(site, "sources", at, JsonValueKind.Array, "an array of candidate sources (equipment groups)");
        k = 0;
        foreach (JsonElement q in qArr.EnumerateArray())
        {
            string qAt = $"{at}.sources[{k}]";
            if (q.ValueKind != JsonValueKind.Object) throw new SiteGeometryException(qAt, Kind(q), "an object");
            var c = new CandidateSource(Text(q, "name", qAt), Position(q, qAt, boundary), Height(q, "release_height_m", qAt, 0));
            if (sources.Exists(x => x.Name == c.Name)) throw new SiteGeometryException(qAt + ".name", Quote(c.Name), "a name not used by another source of the site");
            sources.Add(c);
            k++;
        }
        if (sources.Count == 0) throw new SiteGeometryException(at + ".sources", "[]", "at least one candidate source");
        return new SiteGeometry(id, boundary, metStation, sensors, sources);
    }

    private static SitePoint Position(JsonElement e, string at, SiteBoundary boundary)
    {
        double east = Number(e, "east_m", at);
        double north = Number(e, "north_m", at);
        if (east < boundary.EastMin || east > boundary.EastMax)
            throw new SiteGeometryException(at + ".east_m", Fmt(east), $"a position inside the site boundary ({Fmt(boundary.EastMin)} to {Fmt(boundary.EastMax)} m east)");
        if (north < boundary.NorthMin || north > boundary.NorthMax)
            throw new SiteGeometryException(at + ".north_m", Fmt(north), $"a position inside the site boundary ({Fmt(boundary.NorthMin)} to {Fmt(boundary.NorthMax)} m north)");
        return new SitePoint(east, north);
    }

    private static double Height(JsonElement e, string name, string at, double min)
    {
        double h = Number(e, name, at);
        if (h < min || h > MaxHeightM) throw new SiteGeometryException(at + "." + name, Fmt(h), $"a height between {Fmt(min)} and {Fmt(MaxHeightM)} m above ground");
        return h;
    }

    private static JsonElement Required(JsonElement e, string name, string at, JsonValueKind kind, string expected)
    {
        string field = at.Length == 0 ? name : at + "." + name;
        if (!e.TryGetProperty(name, out JsonElement v)) throw new SiteGeometryException(field, "(missing)", expected);
        if (v.ValueKind != kind) throw new SiteGeometryException(field, Kind(v), expected);
        return v;
    }

    private static string Text(JsonElement e, string name, string at)
    {
        JsonElement v = Required(e, name, at, JsonValueKind.String, "a non-empty string");
        string s = v.GetString()!;
        if (string.IsNullOrWhiteSpace(s)) throw new SiteGeometryException(at + "." + name, Quote(s), "a non-empty string");
        return s;
    }

    private static double Number(JsonElement e, string name, string at)
    {
        JsonElement v = Required(e, name, at, JsonValueKind.Number, "a number");
        return v.GetDouble();
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => Quote(e.GetString()!),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => e.GetRawText(),
        JsonValueKind.Array => "(an array)",
        JsonValueKind.Object => "(an object)",
        _ => e.ValueKind.ToString(),
    };

    private static string Quote(string s) => "\"" + s + "\"";
    private static string Short(string s) => s.Length <= 40 ? Quote(s) : Quote(s[..40] + "…");
    internal static string Fmt(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
