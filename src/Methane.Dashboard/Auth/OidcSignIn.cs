using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Methane.Dashboard.Auth;

/// <summary>OIDC sign-in (authorization code with PKCE) against the Cognito user pool; groups become role and site claims.</summary>
public static class OidcSignIn
{
    /// <summary>Where the provider's callback lands: a same-site hop, so the SameSite=Strict session cookie is sent on the next request.</summary>
    public const string SignedInPath = "/signed-in";

    public static AuthenticationBuilder AddDashboardOidc(this AuthenticationBuilder auth, OidcSettings settings)
    {
        var problems = settings.Problems();
        if (problems.Count > 0) throw new InvalidOperationException("OIDC sign-in: " + string.Join("; ", problems));
        return auth.AddOpenIdConnect(o => Configure(o, settings));
    }

    public static void Configure(OpenIdConnectOptions o, OidcSettings settings)
    {
        o.Authority = settings.Authority;
        o.ClientId = settings.ClientId;
        o.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;
        o.CallbackPath = settings.CallbackPath;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        o.SaveTokens = false;
        o.Scope.Clear();
        o.Scope.Add("openid");
        o.Scope.Add("email");
        o.Scope.Add("profile");
        o.TokenValidationParameters.NameClaimType = "email";
        o.TokenValidationParameters.RoleClaimType = ClaimTypes.Role;
        o.Events.OnTokenValidated = ctx =>
        {
            var identity = (ClaimsIdentity)ctx.Principal!.Identity!;
            var groups = identity.FindAll(settings.GroupsClaim).Select(c => c.Value).ToList();
            foreach (Claim c in identity.FindAll(ClaimTypes.Role).ToList()) identity.RemoveClaim(c);
            identity.AddClaims(DashboardClaims.FromGroups(groups, settings));
            string? returnUrl = ctx.Properties?.RedirectUri;
            if (ctx.Properties != null) ctx.Properties.RedirectUri = SignedInPath + "?to=" + Uri.EscapeDataString(returnUrl ?? "/");
            return Task.CompletedTask;
        };
    }
}
