using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Methane.Dashboard.Web;

/// <summary>The browser assets (chart.js from npm, the dashboard's script and style) are resources of this assembly: /assets/{name}.</summary>
public static class EmbeddedAssets
{
    private static readonly Assembly Self = typeof(EmbeddedAssets).Assembly;

    public static void MapEmbeddedAssets(this IEndpointRouteBuilder app) =>
        app.MapGet("/assets/{name}", (string name) =>
        {
            Stream? stream = Self.GetManifestResourceStream("assets/" + name);
            if (stream is null) return Results.NotFound(new { error = $"asset '{name}': not found" });
            string type = name.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/css";
            return Results.Stream(stream, type + "; charset=utf-8");
        }).AllowAnonymous();
}
