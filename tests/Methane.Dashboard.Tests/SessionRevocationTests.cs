using System.Net;
using Methane.Dashboard.Users;

namespace Methane.Dashboard.Tests;

/// <summary>
/// Sessions are server-side: a copy of the session cookie taken before sign-out (or before an admin changed the account)
/// stops working, in the API (401) and the pages (redirect to the login page).
/// </summary>
public sealed class SessionRevocationTests(DashboardFixture f) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task A_cookie_copied_before_sign_out_no_longer_works_after_it()
    {
        f.Users.Add("copied", Roles.Viewer, DashboardFixture.Password, "test");
        f.Users.Grant("copied", "site-north", "test");
        using var owner = await HttpSession.SignedInAsync(f.Url, "copied");
        using var thief = CopyOf(owner);
        Assert.Equal(HttpStatusCode.OK, (await thief.Client.GetAsync("/api/sites/site-north/health")).StatusCode);
        Assert.Equal(1, f.Users.SessionCount("copied"));

        string token = await owner.TokenAsync("/");
        var logout = await owner.Client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        Assert.Equal(0, f.Users.SessionCount("copied"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await thief.Client.GetAsync("/api/sites/site-north/health")).StatusCode);
        var page = await thief.Client.GetAsync("/sites/site-north");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Signing_out_ends_only_that_session()
    {
        f.Users.Add("two-tabs", Roles.Viewer, DashboardFixture.Password, "test");
        using var first = await HttpSession.SignedInAsync(f.Url, "two-tabs");
        using var second = await HttpSession.SignedInAsync(f.Url, "two-tabs");
        Assert.Equal(2, f.Users.SessionCount("two-tabs"));
        string token = await first.TokenAsync("/");
        await first.Client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.Client.GetAsync("/api/sites")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Client.GetAsync("/api/sites")).StatusCode);
    }

    public static TheoryData<string> AccountChanges => ["grant", "revoke", "role", "reset-password", "remove"];

    [Theory]
    [MemberData(nameof(AccountChanges))]
    public async Task An_account_change_ends_every_session_of_that_user(string change)
    {
        string name = "changed-" + change;
        f.Users.Add(name, Roles.Operator, DashboardFixture.Password, "test");
        f.Users.Grant(name, "site-north", "test");
        using var a = await HttpSession.SignedInAsync(f.Url, name);
        using var b = await HttpSession.SignedInAsync(f.Url, name);
        using var copy = CopyOf(a);
        Assert.Equal(HttpStatusCode.OK, (await copy.Client.GetAsync("/api/sites")).StatusCode);

        switch (change)
        {
            case "grant": f.Users.Grant(name, "site-south", "test"); break;
            case "revoke": f.Users.Revoke(name, "site-north", "test"); break;
            case "role": f.Users.SetRole(name, Roles.Viewer, "test"); break;
            case "reset-password": f.Users.ResetPassword(name, "another-password-1", "test"); break;
            case "remove": f.Users.Remove(name, "test"); break;
        }

        Assert.Equal(0, f.Users.SessionCount(name));
        foreach (HttpSession s in new[] { a, b, copy })
            Assert.Equal(HttpStatusCode.Unauthorized, (await s.Client.GetAsync("/api/sites")).StatusCode);
        Assert.Contains(f.Users.AuditLog(), e => e.Target == name && e.Detail.Contains("2 sessions ended", StringComparison.Ordinal));
    }

    /// <summary>A second client that sends the same session cookie value (what someone who copied it would do).</summary>
    private HttpSession CopyOf(HttpSession original)
    {
        var uri = new Uri(f.Url);
        Cookie auth = original.Cookies.GetCookies(uri)["methane.auth"] ?? throw new InvalidOperationException("no session cookie");
        var copy = new HttpSession(f.Url);
        copy.Cookies.Add(uri, new Cookie(auth.Name, auth.Value, "/"));
        return copy;
    }
}
