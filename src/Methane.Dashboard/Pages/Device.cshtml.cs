using Methane.Dashboard.Auth;
using Methane.Dashboard.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Methane.Dashboard.Pages;

/// <summary>A device: console-style status, recent readings (wind columns for a met station), alarms (from /api/devices/{thing}, same scope as its site).</summary>
public sealed class DeviceModel(DashboardQueries queries, SiteAccess access) : PageModel
{
    [FromRoute] public string Thing { get; set; } = "";
    public string Site { get; private set; } = "";
    /// <summary>A met station (role met): its readings table shows wind, not methane.</summary>
    public bool IsMet { get; private set; }

    public IActionResult OnGet()
    {
        string? site = Identifiers.IsValid(Thing) ? queries.SiteOf(Thing) : null;
        if (site is null || !access.CanSee(User, site)) return NotFound();
        Site = site;
        IsMet = queries.RoleOf(Thing) == "met";
        return Page();
    }
}
