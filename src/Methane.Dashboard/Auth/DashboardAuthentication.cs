using Methane.Dashboard.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Methane.Dashboard.Auth;

/// <summary>
/// Cookie sessions (HttpOnly, SameSite=Strict, Secure when the request came over TLS), signed in either by the local login
/// page or by an OIDC provider. The session is server-side (<see cref="SessionStore"/>: the cookie carries its id), so
/// signing out ends it even for a copy of the cookie. The API answers 401/403 instead of redirecting to the login page.
/// </summary>
public static class DashboardAuthentication
{
    public const string AdminPolicy = "admin";
    public const string CookieName = "methane.auth";

    public static IServiceCollection AddDashboardAuthentication(this IServiceCollection services, AuthMode mode, IConfiguration configuration, UserStore users)
    {
        AuthenticationBuilder auth = services.AddAuthentication(o =>
        {
            o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.DefaultChallengeScheme = mode == AuthMode.Oidc ? OpenIdConnectDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme;
        });
        auth.AddCookie(c =>
        {
            c.Cookie.Name = CookieName;
            c.Cookie.HttpOnly = true;
            c.Cookie.SameSite = SameSiteMode.Strict;
            c.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            c.LoginPath = "/login";
            c.LogoutPath = "/logout";
            c.AccessDeniedPath = "/denied";
            c.ExpireTimeSpan = TimeSpan.FromHours(8);
            c.SlidingExpiration = true;
            // The cookie holds a session id only; signing out (or an admin's change to the account) ends the session server-side.
            c.SessionStore = new SessionStore(users);
            c.Events.OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized, "sign in first");
            c.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden, "your role does not allow this");
            if (mode == AuthMode.Local) c.Events.OnValidatePrincipal = ctx => RejectStale(ctx, users);
        });
        if (mode == AuthMode.Oidc) auth.AddDashboardOidc(OidcSettings.From(configuration));
        services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin));
        return services;
    }

    /// <summary>A cookie issued before the account was removed, or before its password or role changed, no longer signs in.</summary>
    private static async Task RejectStale(CookieValidatePrincipalContext ctx, UserStore users)
    {
        string? name = ctx.Principal?.Identity?.Name;
        string? stamp = ctx.Principal?.FindFirst(DashboardClaims.Stamp)?.Value;
        DashboardUser? user = name is null ? null : users.Find(name);
        if (user is null || user.Stamp != stamp)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        }
    }

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> ctx, int status, string message)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return ctx.Response.WriteAsJsonAsync(new { error = message });
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
