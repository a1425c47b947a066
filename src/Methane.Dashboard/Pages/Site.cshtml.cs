using Methane.Dashboard.Auth;
using Methane.Dashboard.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Methane.Dashboard.Pages;

/// <summary>A site: the chart, alarms and device health come from the API (same site scope), refreshed live by the page script.</summary>
public sealed class SiteModel(DashboardQueries queries, EmissionEstimates estimates, SiteAccess access) : PageModel
{
    [FromRoute] public string Site { get; set; } = "";
    public string Name { get; private set; } = "";
    /// <summary>The last 12 windows and the last 6 blocks, newest first; null for a store without estimates.</summary>
    public IReadOnlyList<EstimateWindow>? Windows { get; private set; }
    public IReadOnlyList<EstimateWindow>? Blocks { get; private set; }

    public IActionResult OnGet()
    {
        if (!Identifiers.IsValid(Site) || !access.CanSee(User, Site) || !queries.SiteExists(Site)) return NotFound();
        Name = queries.SiteName(Site);
        Windows = estimates.Latest(Site, EmissionEstimates.WindowKind, 12);
        Blocks = estimates.Latest(Site, EmissionEstimates.BlockKind, 6);
        return Page();
    }
}
