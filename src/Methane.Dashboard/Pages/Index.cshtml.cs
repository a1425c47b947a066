using Methane.Dashboard.Auth;
using Methane.Dashboard.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Methane.Dashboard.Pages;

/// <summary>Overview: the sites the user may see, each sensor's latest state; the page script refreshes it every few seconds.</summary>
public sealed class IndexModel(DashboardQueries queries, SiteAccess access) : PageModel
{
    public IReadOnlyList<SiteSummary> Sites { get; private set; } = [];

    public void OnGet() => Sites = queries.Sites().Where(s => access.CanSee(User, s.Id)).ToList();
}
