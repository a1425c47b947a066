using System.Security.Claims;
using Methane.Dashboard.Users;

namespace Methane.Dashboard.Auth;

/// <summary>
/// The one site-scope rule for pages and API alike: admins see every site; others see the sites granted to them (local
/// accounts: read from the user store on every request, so a revoke takes effect at once; OIDC: the token's site groups).
/// </summary>
public sealed class SiteAccess(UserStore users, AuthMode mode)
{
    public AuthMode Mode => mode;

    public bool CanSee(ClaimsPrincipal user, string site)
    {
        if (user.Identity?.IsAuthenticated != true) return false;
        if (user.IsAdmin()) return true;
        return Sites(user).Contains(site);
    }

    /// <summary>The granted sites (empty for an admin, who sees all).</summary>
    public IReadOnlyList<string> Sites(ClaimsPrincipal user)
    {
        if (mode == AuthMode.Oidc) return user.FindAll(DashboardClaims.Site).Select(c => c.Value).ToList();
        return users.Find(user.Name())?.Sites ?? [];
    }
}
