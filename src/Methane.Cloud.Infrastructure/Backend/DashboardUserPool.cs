using Amazon.CDK;
using Amazon.CDK.AWS.Cognito;
using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Infrastructure.Backend;

/// <summary>
/// Who may open the user dashboard when it signs in through OIDC (src/Methane.Dashboard, <c>Dashboard:Auth=oidc</c>): a
/// Cognito user pool (no self sign-up; administrators create users), an app client for the authorization-code flow with
/// PKCE, the hosted sign-in domain, and the groups the dashboard maps to roles and grants: <c>admin</c>, <c>operator</c>,
/// and one group per site named by the site id.
/// </summary>
public sealed class DashboardUserPool
{
    public const string AdminGroup = "admin";
    public const string OperatorGroup = "operator";

    public DashboardUserPool(Stack stack, BackendConfig config)
    {
        string p = config.Prefix;
        Pool = new UserPool(stack, "DashboardUserPool", new UserPoolProps
        {
            UserPoolName = $"{p}-dashboard-users",
            SelfSignUpEnabled = false,
            SignInAliases = new SignInAliases { Email = true },
            AutoVerify = new AutoVerifiedAttrs { Email = true },
            PasswordPolicy = new PasswordPolicy { MinLength = 12, RequireDigits = true, RequireLowercase = true, RequireUppercase = true, RequireSymbols = false },
            Mfa = Mfa.OPTIONAL,
            MfaSecondFactor = new MfaSecondFactor { Otp = true, Sms = false },
            AccountRecovery = AccountRecovery.EMAIL_ONLY,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        Client = Pool.AddClient("DashboardClient", new UserPoolClientOptions
        {
            UserPoolClientName = $"{p}-dashboard",
            GenerateSecret = false,
            PreventUserExistenceErrors = true,
            SupportedIdentityProviders = [UserPoolClientIdentityProvider.COGNITO],
            OAuth = new OAuthSettings
            {
                Flows = new OAuthFlows { AuthorizationCodeGrant = true },
                Scopes = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
                CallbackUrls = [config.DashboardUrl.TrimEnd('/') + "/signin-oidc"],
                LogoutUrls = [config.DashboardUrl.TrimEnd('/') + "/login"],
            },
        });
        Domain = Pool.AddDomain("DashboardDomain", new UserPoolDomainOptions
        {
            CognitoDomain = new CognitoDomainOptions { DomainPrefix = config.DashboardDomainPrefix },
        });

        Group(stack, "DashboardGroupAdmin", AdminGroup, "Dashboard administrators: every site, manage users", 0);
        Group(stack, "DashboardGroupOperator", OperatorGroup, "Operators: acknowledge alarms on their sites", 1);
        foreach (Site site in config.Sites.Sites.OrderBy(s => s.Id, StringComparer.Ordinal))
            Group(stack, "DashboardGroupSite-" + site.Id, site.Id, $"May see {site.Name}", 10);

        new CfnOutput(stack, "DashboardOidcAuthority", new CfnOutputProps { Value = $"https://cognito-idp.{stack.Region}.amazonaws.com/{Pool.UserPoolId}" });
        new CfnOutput(stack, "DashboardOidcClientId", new CfnOutputProps { Value = Client.UserPoolClientId });
        new CfnOutput(stack, "DashboardOidcLogoutUrl", new CfnOutputProps
        {
            Value = Domain.BaseUrl() + "/logout?client_id=" + Client.UserPoolClientId + "&logout_uri=" + config.DashboardUrl.TrimEnd('/') + "/login",
        });
    }

    public UserPool Pool { get; }
    public UserPoolClient Client { get; }
    public UserPoolDomain Domain { get; }

    private void Group(Stack stack, string id, string name, string description, int precedence) =>
        new CfnUserPoolGroup(stack, id, new CfnUserPoolGroupProps
        {
            UserPoolId = Pool.UserPoolId, GroupName = name, Description = description, Precedence = precedence,
        });
}
