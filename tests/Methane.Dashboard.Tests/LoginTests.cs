using System.Net;
using Methane.Dashboard.Users;
using Microsoft.AspNetCore.Identity;

namespace Methane.Dashboard.Tests;

/// <summary>Login, lockout after repeated failures, the audit log, and how passwords are stored.</summary>
public sealed class LoginTests(DashboardFixture f) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Wrong_password_is_401_and_does_not_say_whether_the_user_exists()
    {
        using var s = new HttpSession(f.Url);
        var wrong = await s.LoginAsync("viewer-north", "not-the-password");
        var unknown = await s.LoginAsync("nobody-at-all", "not-the-password");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("Wrong user name or password.", await wrong.Content.ReadAsStringAsync());
        Assert.Contains("Wrong user name or password.", await unknown.Content.ReadAsStringAsync());
        Assert.Null(s.Cookies.GetCookies(new Uri(f.Url))["methane.auth"]);
    }

    [Fact]
    public async Task Third_failure_locks_the_account_even_against_the_right_password()
    {
        using var s = new HttpSession(f.Url);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.LoginAsync("locked-user", "wrong-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.LoginAsync("locked-user", "wrong-2")).StatusCode);
        var third = await s.LoginAsync("locked-user", "wrong-3");
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        var right = await s.LoginAsync("locked-user", DashboardFixture.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Contains("locked for 10 minutes", await right.Content.ReadAsStringAsync());
        Assert.True(f.Users.Find("locked-user")!.LockedOut);

        var audit = f.Users.AuditLog().Where(a => a.Target == "locked-user").Select(a => a.Action).Reverse().ToList();
        Assert.Equal(["user-add", "login-failed", "login-failed", "login-failed", "login-refused"], audit);

        // An admin's reset unlocks.
        f.Users.ResetPassword("locked-user", DashboardFixture.Password + "-2", "test");
        Assert.Equal(HttpStatusCode.Redirect, (await s.LoginAsync("locked-user", DashboardFixture.Password + "-2")).StatusCode);
    }

    [Fact]
    public async Task Session_ends_when_the_password_is_reset_or_the_user_removed()
    {
        f.Users.Add("short-lived", Roles.Viewer, DashboardFixture.Password, "test");
        f.Users.Grant("short-lived", "site-north", "test");
        using var s = await HttpSession.SignedInAsync(f.Url, "short-lived");
        Assert.Equal(HttpStatusCode.OK, (await s.Client.GetAsync("/api/sites")).StatusCode);
        f.Users.ResetPassword("short-lived", "another-password-1", "test");
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.Client.GetAsync("/api/sites")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await s.LoginAsync("short-lived", "another-password-1")).StatusCode);
        f.Users.Remove("short-lived", "test");
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.Client.GetAsync("/api/sites")).StatusCode);
    }

    [Fact]
    public async Task Sign_out_needs_the_forms_token_ends_the_session_and_is_audited()
    {
        f.Users.Add("leaving", Roles.Viewer, DashboardFixture.Password, "test");
        using var s = await HttpSession.SignedInAsync(f.Url, "leaving");
        var forged = await s.Client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Client.GetAsync("/api/sites")).StatusCode);

        string token = await s.TokenAsync("/");
        var logout = await s.Client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/login", logout.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await s.Client.GetAsync("/api/sites")).StatusCode);
        Assert.Contains(f.Users.AuditLog(), a => a is { Actor: "leaving", Action: "logout" });
    }

    [Fact]
    public void Passwords_are_stored_as_PBKDF2_hashes_that_Identity_verifies()
    {
        string db = Path.Combine(Path.GetTempPath(), $"methane-users-{Guid.NewGuid():N}.db");
        try
        {
            var store = new UserStore(db);
            store.Add("alice", Roles.Viewer, "alice-password-1", "test");
            using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=false");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT password_hash FROM users WHERE name = 'alice'";
            string hash = (string)cmd.ExecuteScalar()!;
            Assert.DoesNotContain("alice-password-1", hash);
            byte[] raw = Convert.FromBase64String(hash);
            Assert.Equal(0x01, raw[0]); // Identity v3 format: PBKDF2 with HMAC-SHA512 (ASP.NET Core 7+)
            var hasher = new PasswordHasher<string>();
            Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword("alice", hash, "alice-password-1"));
            Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword("alice", hash, "alice-password-2"));
        }
        finally
        {
            File.Delete(db);
        }
    }

    [Fact]
    public void First_run_creates_one_admin_and_only_once()
    {
        string db = Path.Combine(Path.GetTempPath(), $"methane-users-{Guid.NewGuid():N}.db");
        try
        {
            var store = new UserStore(db);
            string? password = store.EnsureInitialAdmin();
            Assert.NotNull(password);
            Assert.True(password!.Length >= 20);
            Assert.Null(store.EnsureInitialAdmin());
            var admin = Assert.Single(store.List());
            Assert.Equal(("admin", Roles.Admin), (admin.Name, admin.Role));
            Assert.Equal(LoginResult.Success, store.Verify("admin", password, "test"));
        }
        finally
        {
            File.Delete(db);
        }
    }

    [Theory]
    [InlineData("bad name", "viewer", "long-enough-1", "user name 'bad name'")]
    [InlineData("carol", "root", "long-enough-1", "role 'root': expected one of admin, operator, viewer")]
    [InlineData("carol", "viewer", "short", "password: 5 characters; expected at least 10")]
    public void Invalid_user_changes_name_the_field(string name, string role, string password, string message)
    {
        var store = new UserStore(Path.Combine(Path.GetTempPath(), $"methane-users-{Guid.NewGuid():N}.db"));
        var e = Assert.Throws<UserStoreException>(() => store.Add(name, role, password, "test"));
        Assert.StartsWith(message, e.Message);
        File.Delete(store.Path);
    }
}
