using Methane.Dashboard.Data;

namespace Methane.Dashboard.Pages;

/// <summary>
/// The emission estimate lines as the pages print them; the API sends the same text, so the page script's refresh shows
/// exactly what a reload would.
/// </summary>
public static class EstimateLines
{
    public const string NotAvailable = "Emission estimate: not available (no estimate in the store)";

    /// <summary>The overview's lines of a site (newest 15-minute window, newest 12-hour block); null without the table.</summary>
    public static IReadOnlyList<(string Kind, string Text)>? Overview(EmissionEstimates estimates, string site)
    {
        if (!estimates.Available()) return null;
        return new[] { EmissionEstimates.WindowKind, EmissionEstimates.BlockKind }.Select(kind =>
        {
            EstimateWindow? w = estimates.Latest(site, kind, 1)?.FirstOrDefault();
            return (kind, $"Emission estimate, {Length(kind)}: {(w is null ? "none yet" : $"{w.Summary} ({Span(w)})")}");
        }).ToList();
    }

    public static string Length(string kind) => kind == EmissionEstimates.BlockKind ? "12 h" : "15 min";

    public static string Span(EstimateWindow w) => Format.Span(w.WindowStartMs, w.WindowEndMs);
}
