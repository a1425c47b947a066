using Microsoft.Extensions.Configuration;

namespace Methane.Dashboard.Auth;

/// <summary>
/// Sign-in through an OpenID Connect provider (the Cognito user pool of the CDK app) instead of local accounts. Configuration
/// section <c>Dashboard:Oidc</c> (environment: <c>Dashboard__Oidc__Authority</c> …), used when <c>Dashboard:Auth</c> is
/// <c>oidc</c>. Roles and site grants come from the token's group claim: the admin group, the operator group, and one
/// group per site named by the site id (users in no role group are viewers).
/// </summary>
public sealed class OidcSettings
{
    /// <summary>Issuer, e.g. https://cognito-idp.{region}.amazonaws.com/{userPoolId}; its discovery document is fetched from there.</summary>
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    /// <summary>App client secret; empty for a public client (PKCE only).</summary>
    public string? ClientSecret { get; set; }
    public string CallbackPath { get; set; } = "/signin-oidc";
    public string GroupsClaim { get; set; } = "cognito:groups";
    public string AdminGroup { get; set; } = "admin";
    public string OperatorGroup { get; set; } = "operator";
    /// <summary>Cognito's hosted UI logout endpoint (…/logout); empty: sign out of the dashboard only.</summary>
    public string? LogoutUrl { get; set; }

    public static OidcSettings From(IConfiguration configuration)
    {
        var settings = new OidcSettings();
        configuration.GetSection("Dashboard:Oidc").Bind(settings);
        return settings;
    }

    /// <summary>Every problem with the settings, each naming the key, its value and what was expected; empty when usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out Uri? authority) || authority.Scheme != Uri.UriSchemeHttps)
            problems.Add($"Dashboard:Oidc:Authority '{Authority}': expected an https URL (the user pool's issuer)");
        if (string.IsNullOrWhiteSpace(ClientId)) problems.Add("Dashboard:Oidc:ClientId '': expected the user pool app client id");
        if (!CallbackPath.StartsWith('/')) problems.Add($"Dashboard:Oidc:CallbackPath '{CallbackPath}': expected a path starting with '/'");
        if (string.IsNullOrWhiteSpace(GroupsClaim)) problems.Add("Dashboard:Oidc:GroupsClaim '': expected a claim type (cognito:groups)");
        if (LogoutUrl is { Length: > 0 } && !Uri.TryCreate(LogoutUrl, UriKind.Absolute, out _))
            problems.Add($"Dashboard:Oidc:LogoutUrl '{LogoutUrl}': expected an absolute URL");
        return problems;
    }
}

/// <summary>Which sign-in the dashboard uses: <c>Dashboard:Auth</c> = local (default) or oidc.</summary>
public enum AuthMode { Local, Oidc }

public static class AuthModes
{
    public static AuthMode From(IConfiguration configuration)
    {
        string value = configuration["Dashboard:Auth"] ?? "local";
        return value.ToLowerInvariant() switch
        {
            "local" => AuthMode.Local,
            "oidc" => AuthMode.Oidc,
            _ => throw new InvalidOperationException($"Dashboard:Auth '{value}': expected local or oidc"),
        };
    }
}
