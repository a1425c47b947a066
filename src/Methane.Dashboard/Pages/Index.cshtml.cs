using Methane.Dashboard.Auth;
using Methane.Dashboard.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Methane.Dashboard.Pages;

/// <summary>Overview: the sites the user may see, each sensor's latest state; the page script refreshes it every few seconds.</summary>
public sealed class IndexModel(DashboardQueries queries, EmissionEstimates estimates, SiteAccess access) : PageModel
{
    public IReadOnlyList<SiteSummary> Sites { get; private set; } = [];
    public void OnGet()
    {
        Sites = queries.Sites().Where(s => access.CanSee(User, s.Id)).ToList();
    }

    /// <summary>The site's estimate lines (newest window and block); null for a store without estimates.</summary>
    public IReadOnlyList<(string Kind, string Text)>? EstimateLines(string site) => Pages.EstimateLines.Overview(estimates, site);
}
