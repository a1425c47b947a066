using System.Diagnostics;
using System.Net;
using Methane.Cloud.Pipeline;
using Methane.Dashboard.Cli;

namespace Methane.Dashboard.Tests;

/// <summary>The <c>users</c> command in process, and <c>dashboard --db</c> as a real process stopped by SIGTERM.</summary>
public sealed class CommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("methane-dashboard-cli-");
    private string UsersDb => Path.Combine(_dir.FullName, "users.db");

    private async Task<(int Code, string Out, string Err)> Run(string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await DashboardCli.RunAsync([.. args, "--users", UsersDb], new StringReader(stdin), stdout, stderr, "methane-dashboard");
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Users_command_adds_grants_lists_revokes_resets_and_removes()
    {
        var add = await Run("", "users", "add", "dana", "--role", "operator", "--site", "site-north");
        Assert.Equal(0, add.Code);
        Assert.Matches(@"users: password for dana, shown only now: \S{20}", add.Out);
        Assert.Equal(0, (await Run("", "users", "grant", "dana", "site-south")).Code);
        var list = await Run("", "users", "list");
        Assert.DoesNotContain("admin", list.Out); // the database's first use added dana: no generated admin
        Assert.Matches(@"dana\s+operator\s+site-north,site-south", list.Out);
        Assert.Equal(0, (await Run("", "users", "revoke", "dana", "site-south")).Code);
        Assert.Equal(0, (await Run("dana-new-password\n", "users", "reset-password", "dana", "--password-stdin")).Code);
        var store = new Methane.Dashboard.Users.UserStore(UsersDb);
        Assert.Equal(["site-north"], store.Find("dana")!.Sites);
        Assert.Equal(Methane.Dashboard.Users.LoginResult.Success, store.Verify("dana", "dana-new-password", "test"));
        Assert.Equal(0, (await Run("", "users", "remove", "dana")).Code);
        Assert.Null(store.Find("dana"));
        var actions = store.AuditLog().Where(a => a.Target == "dana").Select(a => a.Action).Reverse();
        Assert.Equal(["user-add", "grant", "grant", "revoke", "password-reset", "login", "user-remove"], actions);
    }

    [Theory]
    [InlineData("users add erin --role root", 1, "users: role 'root': expected one of admin, operator, viewer")]
    [InlineData("users add erin", 2, "users: add: --role: missing; expected admin, operator or viewer")]
    [InlineData("users revoke nobody site-north", 1, "users: user 'nobody': no such user")]
    [InlineData("users grant admin bad/site", 1, "users: site 'bad/site': expected 1 to 64 characters")]
    [InlineData("users frobnicate", 2, "users: unknown subcommand 'frobnicate'")]
    [InlineData("dashboard", 2, "dashboard: --db: missing; expected the DuckDB file of a run")]
    [InlineData("dashboard --db x.duckdb --url https://127.0.0.1:0", 2, "dashboard: --url https://127.0.0.1:0: expected --cert FILE and --key FILE (PEM) for https")]
    [InlineData("dashboard --db x.duckdb --cert c.pem --key k.pem", 2, "dashboard: --cert/--key with --url http://127.0.0.1:5080: expected an https URL")]
    [InlineData("dashboard --db x.duckdb --url https://127.0.0.1:0 --cert /nonexistent/c.pem --key /nonexistent/k.pem", 2, "dashboard: --cert /nonexistent/c.pem --key /nonexistent/k.pem: cannot load")]
    [InlineData("dashboard --db /nonexistent/run.duckdb", 2, "dashboard: --db /nonexistent/run.duckdb: no such file")]
    public async Task Bad_command_lines_name_what_is_wrong(string line, int code, string message)
    {
        var r = await Run("", line.Split(' '));
        Assert.Equal(code, r.Code);
        Assert.StartsWith(message, r.Err);
    }

    [Fact]
    public async Task Dashboard_command_serves_a_stored_run_prints_the_admin_password_once_and_stops_on_sigterm()
    {
        string db = Path.Combine(_dir.FullName, "run.duckdb");
        using (var store = new DuckDbStore(db)) TestStore.Reading(store, "north-01", "site-north", 1, TestStore.Now - 60_000, 4.5);

        string dll = Path.Combine(AppContext.BaseDirectory, "methane-dashboard.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { dll, "dashboard", "--db", db, "--users", UsersDb, "--url", "http://127.0.0.1:0" }) start.ArgumentList.Add(a);
        using Process process = Process.Start(start)!;
        try
        {
            string first = (await process.StandardOutput.ReadLineAsync())!;
            string second = (await process.StandardOutput.ReadLineAsync())!;
            Assert.StartsWith("dashboard: created user 'admin' (role admin)", first);
            string password = first[(first.LastIndexOf(": ", StringComparison.Ordinal) + 2)..];
            Assert.Matches(@"^dashboard: http://127\.0\.0\.1:\d+ over ", second);
            string url = second.Split(' ')[1];

            using var session = new HttpSession(url);
            Assert.Equal(HttpStatusCode.Redirect, (await session.LoginAsync("admin", password)).StatusCode);
            string csv = await session.Client.GetStringAsync("/api/sites/site-north/readings.csv?range=1h");
            Assert.Contains(",4.5,", csv);

            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            Assert.True(process.WaitForExit(20_000), "dashboard did not stop on SIGTERM");
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("dashboard: stopped", await process.StandardOutput.ReadToEndAsync());
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    public void Dispose()
    {
        try { _dir.Delete(recursive: true); } catch (IOException) { }
    }
}
