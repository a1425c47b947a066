using System.Text.Json;

namespace Methane.Cloud.Tests;

/// <summary>
/// The dashboard's Cognito user pool in the synthesized template: groups per site plus admin/operator, a code-flow client.
/// Part of <see cref="TemplateTests"/> so the one synthesis is shared (two jsii runtimes loading at once collide).
/// </summary>
public partial class TemplateTests
{
    private static IEnumerable<JsonElement> Props(JsonDocument doc, string type) =>
        doc.RootElement.GetProperty("Resources").EnumerateObject()
            .Where(r => r.Value.GetProperty("Type").GetString() == type)
            .Select(r => r.Value.GetProperty("Properties"));

    [Fact]
    public void Dashboard_pool_has_one_group_per_site_of_sites_json_plus_admin_and_operator()
    {
        var groups = Props(_t.LiveAnalyticsJson, "AWS::Cognito::UserPoolGroup").Select(p => p.GetProperty("GroupName").GetString()).Order().ToList();
        // sites.json has site-north and site-south.
        Assert.Equal(["admin", "operator", "site-north", "site-south"], groups);
    }

    [Fact]
    public void Dashboard_pool_has_no_self_sign_up_and_the_client_uses_the_code_flow_without_secret()
    {
        JsonElement pool = Assert.Single(Props(_t.LiveAnalyticsJson, "AWS::Cognito::UserPool"));
        Assert.True(pool.GetProperty("AdminCreateUserConfig").GetProperty("AllowAdminCreateUserOnly").GetBoolean());
        Assert.Equal(12, pool.GetProperty("Policies").GetProperty("PasswordPolicy").GetProperty("MinimumLength").GetInt32());

        JsonElement client = Assert.Single(Props(_t.LiveAnalyticsJson, "AWS::Cognito::UserPoolClient"));
        Assert.Equal(["code"], client.GetProperty("AllowedOAuthFlows").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["openid", "email", "profile"], client.GetProperty("AllowedOAuthScopes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["https://localhost:5443/signin-oidc"], client.GetProperty("CallbackURLs").EnumerateArray().Select(e => e.GetString()));
        Assert.False(client.GetProperty("GenerateSecret").GetBoolean());
        Assert.Equal("ENABLED", client.GetProperty("PreventUserExistenceErrors").GetString());
    }

    [Fact]
    public void Dashboard_outputs_name_what_the_dashboards_oidc_settings_need()
    {
        var outputs = _t.LiveAnalyticsJson.RootElement.GetProperty("Outputs");
        Assert.True(outputs.TryGetProperty("DashboardOidcAuthority", out _));
        Assert.True(outputs.TryGetProperty("DashboardOidcClientId", out _));
        Assert.True(outputs.TryGetProperty("DashboardOidcLogoutUrl", out _));
    }
}
