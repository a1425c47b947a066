using Methane.Dashboard.Auth;
using Methane.Dashboard.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Methane.Dashboard.Pages;

/// <summary>Overview: the sites the user may see, each sensor's latest state; the page script refreshes it every few seconds.</summary>
public sealed class IndexModel(DashboardQueries queries, EmissionEstimates estimates, SiteAccess access) : PageModel
{
    public IReadOnlyList<SiteSummary> Sites { get; private set; } = [];
    /// <summary>False for a store without the emission_estimates table.</summary>
    public bool EstimatesAvailable { get; private set; }

    public void OnGet()
    {
        Sites = queries.Sites().Where(s => access.CanSee(User, s.Id)).ToList();
        EstimatesAvailable = estimates.Available();
    }

    /// <summary>The newest 15-minute window or 12-hour block of the site, null when there is none.</summary>
    public EstimateWindow? Latest(string site, string kind) => estimates.Latest(site, kind, 1)?.FirstOrDefault();
}
