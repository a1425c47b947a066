using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Methane.Dashboard.Pages;

/// <summary>
/// Landing page after the OIDC provider's callback: the provider's redirect chain is cross-site, so the browser withholds the
/// SameSite=Strict session cookie until a same-site navigation; this page makes one.
/// </summary>
public sealed class SignedInModel : PageModel
{
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public void OnGet()
    {
        if (To is null || !Url.IsLocalUrl(To)) To = "/";
    }
}
