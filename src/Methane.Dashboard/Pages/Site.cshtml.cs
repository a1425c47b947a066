using Methane.Dashboard.Auth;
using Methane.Dashboard.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Methane.Dashboard.Pages;

/// <summary>A site: the chart, alarms and device health come from the API (same site scope), refreshed live by the page script.</summary>
public sealed class SiteModel(DashboardQueries queries, SiteAccess access) : PageModel
{
    [FromRoute] public string Site { get; set; } = "";
    public string Name { get; private set; } = "";

    public IActionResult OnGet()
    {
        if (!Identifiers.IsValid(Site) || !access.CanSee(User, Site) || !queries.SiteExists(Site)) return NotFound();
        Name = queries.SiteName(Site);
        return Page();
    }
}
