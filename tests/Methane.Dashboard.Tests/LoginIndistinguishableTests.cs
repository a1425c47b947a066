using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Methane.Dashboard.Users;
using Methane.Testing;

namespace Methane.Dashboard.Tests;

/// <summary>
/// The login answers the same for a name that is an account and one that is not: same statuses through the lockout (the
/// fixture locks after 3 failures), same page apart from the echoed name and the anti-forgery token, same cookies.
/// </summary>
public sealed partial class LoginIndistinguishableTests(DashboardFixture f) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task Unknown_and_known_names_get_the_same_answers_through_lockout()
    {
        f.Users.Add("twin-known", Roles.Viewer, DashboardFixture.Password, "test");
        var known = await Attempts("twin-known", DashboardFixture.Password + "-wrong", 4);
        var unknown = await Attempts("twin-ghost", DashboardFixture.Password + "-wrong", 4);

        HttpStatusCode[] expected = [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests];
        Assert.Equal(expected, known.Select(a => a.Status));
        Assert.Equal(expected, unknown.Select(a => a.Status));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(known[i].Body, unknown[i].Body);
            Assert.Equal(known[i].Headers, unknown[i].Headers);
        }
        Assert.Contains("Wrong user name or password.", known[0].Body);
        Assert.Contains("locked for 10 minutes", known[2].Body);

        // A locked unknown name stays locked even with any password (as a locked account does with the right one).
        var again = await Attempts("twin-ghost", DashboardFixture.Password, 1);
        Assert.Equal(HttpStatusCode.TooManyRequests, again[0].Status);
        Assert.Contains(f.Users.AuditLog(), a => a is { Target: "twin-ghost", Action: "login-refused" });
    }

    [Fact]
    public async Task Unknown_and_known_names_cost_comparable_time()
    {
        // Reported, not asserted (no wall-clock assertions): median of 5 wrong-password answers each, after a warm-up.
        f.Users.Add("timed-known", Roles.Viewer, DashboardFixture.Password, "test");
        using var s = new HttpSession(f.Url);
        await s.LoginAsync("timed-warmup", "x-wrong-password");
        var knownMs = new List<double>();
        var unknownMs = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            // A reset between rounds keeps both below the lockout (3 failures), so every answer is a full check.
            if (i % 2 == 0) f.Users.ResetPassword("timed-known", DashboardFixture.Password, "test");
            knownMs.Add(await Timed(s, "timed-known"));
            unknownMs.Add(await Timed(s, $"timed-unknown-{i}"));
        }
        TestFigures.Report(string.Create(CultureInfo.InvariantCulture,
            $"figure: dashboard login: wrong password for an account {Median(knownMs):F1} ms, for an unknown name {Median(unknownMs):F1} ms (median of 5, HTTP round trip incl. PBKDF2)"));
    }

    [Fact]
    public void Unknown_names_in_memory_are_bounded_and_a_locked_one_is_kept()
    {
        var policy = new LockoutPolicy(MaxFailures: 2, Duration: TimeSpan.FromMinutes(10));
        var lockout = new UnknownNameLockout();
        Assert.Equal(1, lockout.Fail("locked-name", 0, policy));
        Assert.Equal(2, lockout.Fail("locked-name", 1, policy));
        Assert.Equal(600_001, lockout.LockedUntil("locked-name", 2));
        for (int i = 0; i < UnknownNameLockout.MaxNames; i++) lockout.Fail($"name-{i}", 1000 + i, policy);
        Assert.True(lockout.Count <= UnknownNameLockout.MaxNames);
        Assert.Equal(600_001, lockout.LockedUntil("locked-name", 600_000));
        Assert.Null(lockout.LockedUntil("locked-name", 600_001));
    }

    private static async Task<double> Timed(HttpSession s, string name)
    {
        string token = await s.TokenAsync("/login");
        var sw = Stopwatch.StartNew();
        var r = await s.Client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["UserName"] = name, ["Password"] = "x-wrong-password",
        }));
        sw.Stop();
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        return sw.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);

    private sealed record Attempt(HttpStatusCode Status, string Body, string Headers);

    private async Task<List<Attempt>> Attempts(string name, string password, int count)
    {
        using var s = new HttpSession(f.Url);
        var list = new List<Attempt>();
        for (int i = 0; i < count; i++)
        {
            HttpResponseMessage r = await s.LoginAsync(name, password);
            string body = Token().Replace(await r.Content.ReadAsStringAsync(), "TOKEN").Replace(name, "NAME", StringComparison.Ordinal);
            // Header names and values (the names have the same length, so Content-Length compares too), except the date and cookie values.
            string headers = string.Join("\n", r.Headers.Concat(r.Content.Headers)
                .Where(h => h.Key != "Date")
                .Select(h => h.Key + ": " + string.Join(",", h.Value.Select(v => CookieValue().Replace(v, "$1=VALUE"))))
                .Order(StringComparer.Ordinal));
            list.Add(new Attempt(r.StatusCode, body, headers));
        }
        return list;
    }

    [GeneratedRegex("(?<=__RequestVerificationToken\" type=\"hidden\" value=\")[^\"]+")]
    private static partial Regex Token();

    [GeneratedRegex("^([^=;]+)=[^;]*")]
    private static partial Regex CookieValue();
}
