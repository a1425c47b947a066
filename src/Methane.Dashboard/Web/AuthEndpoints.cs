using Methane.Dashboard.Auth;
using Methane.Dashboard.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace Methane.Dashboard.Web;

/// <summary>Sign-out (a form post with its anti-forgery token) and the access-denied reply.</summary>
public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder app, AuthMode mode, IConfiguration configuration)
    {
        string? providerLogout = mode == AuthMode.Oidc ? OidcSettings.From(configuration).LogoutUrl : null;
        app.MapPost("/logout", async (HttpContext context, IAntiforgery antiforgery, UserStore users) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context)) return Results.Text("400 the form's anti-forgery token is missing or wrong; reload the page\n", statusCode: 400);
            if (context.User.Identity?.IsAuthenticated == true) users.Audit(context.User.Name(), "logout", context.User.Name(), "");
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect(string.IsNullOrEmpty(providerLogout) ? "/login" : providerLogout);
        }).AllowAnonymous();
        app.MapGet("/denied", () => Results.Text("403 your role does not allow this page\n", statusCode: 403)).AllowAnonymous();
    }
}
