using Methane.Dashboard.Auth;
using Methane.Dashboard.Data;
using Methane.Dashboard.Users;
using Methane.Dashboard.Web;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Methane.Dashboard.Tests;

/// <summary>The OIDC switch: configuration read, checked, and turned into the sign-in options (no provider is contacted).</summary>
public sealed class OidcConfigurationTests
{
    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static readonly Dictionary<string, string?> Cognito = new()
    {
        ["Dashboard:Auth"] = "oidc",
        ["Dashboard:Oidc:Authority"] = "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Example",
        ["Dashboard:Oidc:ClientId"] = "dashboard-client",
        ["Dashboard:Oidc:LogoutUrl"] = "https://methane.auth.eu-central-1.amazoncognito.com/logout",
    };

    [Fact]
    public async Task Oidc_mode_builds_code_flow_with_pkce_against_the_configured_pool()
    {
        using var users = new TempUsers();
        var app = DashboardServer.Build(new DashboardOptions { Url = "http://127.0.0.1:0", Store = new StoreSource(), Users = users.Store, Configuration = Config(Cognito) });
        var o = app.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);
        Assert.Equal("https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_Example", o.Authority);
        Assert.Equal("dashboard-client", o.ClientId);
        Assert.Equal("code", o.ResponseType);
        Assert.True(o.UsePkce);
        Assert.Equal("/signin-oidc", o.CallbackPath);
        Assert.Equal(["openid", "email", "profile"], o.Scope);
        var schemes = app.Services.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>();
        Assert.Equal(OpenIdConnectDefaults.AuthenticationScheme, (await schemes.GetDefaultChallengeSchemeAsync())!.Name);
    }

    [Fact]
    public async Task Local_mode_is_the_default_and_has_no_oidc_scheme()
    {
        using var users = new TempUsers();
        var app = DashboardServer.Build(new DashboardOptions { Url = "http://127.0.0.1:0", Store = new StoreSource(), Users = users.Store, Configuration = Config([]) });
        var schemes = app.Services.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>();
        Assert.Null(await schemes.GetSchemeAsync(OpenIdConnectDefaults.AuthenticationScheme));
        Assert.Equal("Cookies", (await schemes.GetDefaultChallengeSchemeAsync())!.Name);
    }

    [Fact]
    public void Incomplete_oidc_settings_are_refused_naming_each_key()
    {
        using var users = new TempUsers();
        var bad = new Dictionary<string, string?> { ["Dashboard:Auth"] = "oidc", ["Dashboard:Oidc:Authority"] = "http://plain.example" };
        var e = Assert.Throws<InvalidOperationException>(() =>
            DashboardServer.Build(new DashboardOptions { Store = new StoreSource(), Users = users.Store, Configuration = Config(bad) }));
        Assert.Contains("Dashboard:Oidc:Authority 'http://plain.example': expected an https URL", e.Message);
        Assert.Contains("Dashboard:Oidc:ClientId '': expected the user pool app client id", e.Message);
        var mode = Assert.Throws<InvalidOperationException>(() => DashboardServer.Build(new DashboardOptions
        {
            Store = new StoreSource(), Users = users.Store, Configuration = Config(new() { ["Dashboard:Auth"] = "ldap" }),
        }));
        Assert.Equal("Dashboard:Auth 'ldap': expected local or oidc", mode.Message);
    }

    [Theory]
    [InlineData("admin,site-north", "admin", "site-north")]
    [InlineData("operator,site-north,site-south", "operator", "site-north,site-south")]
    [InlineData("site-south", "viewer", "site-south")]
    [InlineData("", "viewer", "")]
    [InlineData("operator,bad group!", "operator", "")]
    public void Cognito_groups_become_role_and_site_grants(string groups, string role, string sites)
    {
        var settings = new OidcSettings();
        var claims = DashboardClaims.FromGroups(groups.Split(',', StringSplitOptions.RemoveEmptyEntries), settings);
        Assert.Equal(role, Assert.Single(claims, c => c.Type == System.Security.Claims.ClaimTypes.Role).Value);
        Assert.Equal(sites, string.Join(",", claims.Where(c => c.Type == DashboardClaims.Site).Select(c => c.Value)));
    }

    private sealed class TempUsers : IDisposable
    {
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("methane-oidc-test-");
        public TempUsers() => Store = new UserStore(Path.Combine(_dir.FullName, "users.db"));
        public UserStore Store { get; }
        public void Dispose() => _dir.Delete(recursive: true);
    }
}
