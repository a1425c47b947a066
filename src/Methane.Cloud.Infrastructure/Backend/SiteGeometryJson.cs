using System.Text.Json.Nodes;
using Methane.Emissions.Geometry;

namespace Methane.Cloud.Infrastructure.Backend;

/// <summary>
/// The sites file's geometry (boundary, met station, sensors, candidate sources of every site), compacted for the emission
/// inversion's environment variable SITE_GEOMETRY_JSON, and checked at synthesis with the loader the function uses.
/// </summary>
public static class SiteGeometryJson
{
    /// <summary>Lambda's environment is 4 KB in total; the geometry gets at most this much of it.</summary>
    public const int MaxBytes = 3000;

    private static readonly string[] GeometryKeys = ["id", "boundary_m", "met_station", "sensors", "sources"];

    public static string Compact(string sitesFile)
    {
        JsonNode root = JsonNode.Parse(File.ReadAllText(sitesFile))!;
        var sites = new JsonArray();
        foreach (JsonNode? site in root["sites"]!.AsArray())
        {
            var kept = new JsonObject();
            foreach (string key in GeometryKeys)
                if (site!.AsObject().TryGetPropertyValue(key, out JsonNode? value)) kept[key] = value?.DeepClone();
            sites.Add(kept);
        }
        return new JsonObject { ["sites"] = sites }.ToJsonString();
    }

    /// <summary>Why the file cannot serve the inversion (naming the context key and the field), or null.</summary>
    public static string? Problem(string sitesFile)
    {
        string json;
        try
        {
            json = Compact(sitesFile);
            SiteGeometryLoader.Parse(json);
        }
        catch (SiteGeometryException e)
        {
            return $"context key 'sitesFile' = '{sitesFile}': the emission inversion needs each site's geometry: {e.Message}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or NullReferenceException or InvalidOperationException)
        {
            return $"context key 'sitesFile' = '{sitesFile}': {e.Message} (expected a sites file with each site's geometry, like src/Methane.Cloud.Enrichment/sites.json)";
        }
        return json.Length > MaxBytes
            ? $"context key 'sitesFile': its geometry is {json.Length} bytes compacted; the emission inversion gets it in an environment variable of at most {MaxBytes} bytes"
            : null;
    }
}
