using System.Security.Claims;
using Methane.Dashboard.Data;
using Methane.Dashboard.Users;

namespace Methane.Dashboard.Auth;

/// <summary>The claims a signed-in dashboard user carries: name, role, site grants (OIDC only) and the account stamp (local only).</summary>
public static class DashboardClaims
{
    public const string Site = "methane:site";
    public const string Stamp = "methane:stamp";

    public static ClaimsPrincipal ForLocalUser(DashboardUser user, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role), new Claim(Stamp, user.Stamp),
    ], scheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>
    /// Role and site claims from the provider's groups: the admin group makes an admin, the operator group an operator,
    /// anyone else a viewer; every group that is a valid site id is a site grant.
    /// </summary>
    public static IReadOnlyList<Claim> FromGroups(IEnumerable<string> groups, OidcSettings settings)
    {
        var list = groups.ToList();
        string role = list.Contains(settings.AdminGroup) ? Roles.Admin : list.Contains(settings.OperatorGroup) ? Roles.Operator : Roles.Viewer;
        var claims = new List<Claim> { new(ClaimTypes.Role, role) };
        foreach (string g in list.Where(g => g != settings.AdminGroup && g != settings.OperatorGroup && Identifiers.IsValid(g)).Distinct())
            claims.Add(new Claim(Site, g));
        return claims;
    }

    public static string Name(this ClaimsPrincipal user) => user.Identity?.Name ?? "?";

    public static string Role(this ClaimsPrincipal user) => user.FindFirst(ClaimTypes.Role)?.Value ?? Roles.Viewer;

    public static bool CanAcknowledge(this ClaimsPrincipal user) => user.Role() is Roles.Admin or Roles.Operator;

    public static bool IsAdmin(this ClaimsPrincipal user) => user.Role() == Roles.Admin;
}
