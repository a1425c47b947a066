using System.Net;
using System.Text.RegularExpressions;

namespace Methane.Dashboard.Tests;

/// <summary>The admin's users page: its forms change the account database, show a generated password once, and are audited.</summary>
public sealed partial class UsersPageTests(DashboardFixture f) : IClassFixture<DashboardFixture>
{
    private static async Task<(HttpStatusCode, string)> Post(HttpSession s, string handler, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await s.TokenAsync("/users");
        var r = await s.Client.PostAsync($"/users?handler={handler}", new FormUrlEncodedContent(fields));
        return (r.StatusCode, await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Admin_adds_a_user_who_can_then_sign_in_with_the_password_shown_once()
    {
        using var admin = await HttpSession.SignedInAsync(f.Url, "admin");
        var (status, html) = await Post(admin, "Add", new() { ["Name"] = "frank", ["Role"] = "viewer", ["Site"] = "site-south" });
        Assert.Equal(HttpStatusCode.OK, status);
        string password = ShownPassword().Match(html).Groups[1].Value;
        Assert.Equal(20, password.Length);
        Assert.Equal(["site-south"], f.Users.Find("frank")!.Sites);

        using var frank = new HttpSession(f.Url);
        Assert.Equal(HttpStatusCode.Redirect, (await frank.LoginAsync("frank", password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await frank.Client.GetAsync("/api/sites/site-south/health")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await frank.Client.GetAsync("/api/sites/site-north/health")).StatusCode);

        (status, _) = await Post(admin, "Revoke", new() { ["Name"] = "frank", ["Site"] = "site-south" });
        Assert.Equal(HttpStatusCode.OK, status);
        // The revoke ended frank's session; signed in again, the site is out of scope.
        Assert.Equal(HttpStatusCode.Unauthorized, (await frank.Client.GetAsync("/api/sites/site-south/health")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await frank.LoginAsync("frank", password)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await frank.Client.GetAsync("/api/sites/site-south/health")).StatusCode);

        string again = await admin.Client.GetStringAsync("/users");
        Assert.DoesNotContain(password, again); // shown once, in the reply to the add
        Assert.Contains(f.Users.AuditLog(), a => a is { Actor: "admin", Action: "user-add", Target: "frank" });
        Assert.Contains(f.Users.AuditLog(), a => a is { Actor: "admin", Action: "revoke", Target: "frank", Detail: "site-south; 1 session ended" });
    }

    [Fact]
    public async Task Bad_form_input_is_400_with_the_reason_and_admin_cannot_remove_itself()
    {
        using var admin = await HttpSession.SignedInAsync(f.Url, "admin");
        var (status, html) = await Post(admin, "Add", new() { ["Name"] = "x y", ["Role"] = "viewer" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("user name &#x27;x y&#x27;: expected 1 to 64 characters", html);
        (status, html) = await Post(admin, "Remove", new() { ["Name"] = "admin" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("you cannot remove yourself", html);
        Assert.NotNull(f.Users.Find("admin"));
    }

    [GeneratedRegex("Password, shown once: (\\S+)</p>")]
    private static partial Regex ShownPassword();
}
