using Methane.Cloud.Enrichment;
using Methane.Cloud.Pipeline;
using Methane.Dashboard.Data;
using Methane.Dashboard.Users;
using Methane.Dashboard.Web;

namespace Methane.Dashboard.Tests;

/// <summary>
/// A dashboard on 127.0.0.1 (free port) over a fresh DuckDB store with readings of site-north and site-south, and accounts:
/// admin, op-north (operator of site-north), viewer-north (viewer of site-north). Lockout after 3 failures.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string Password = "correct-horse-battery";
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("methane-dashboard-test-");
    private DashboardServer? _server;

    public DuckDbStore Store { get; private set; } = null!;
    public UserStore Users { get; private set; } = null!;
    public string Url => _server!.Url;
    /// <summary>Time of the last seeded reading; newer test readings go after it.</summary>
    public long SeededUntilMs { get; private set; }

    public async Task InitializeAsync()
    {
        Store = new DuckDbStore(Path.Combine(_dir.FullName, "methane.duckdb"));
        Users = new UserStore(Path.Combine(_dir.FullName, "users.db"), new LockoutPolicy(MaxFailures: 3, Duration: TimeSpan.FromMinutes(10)));
        Users.Add("admin", Roles.Admin, Password, "test");
        Users.Add("op-north", Roles.Operator, Password, "test");
        Users.Grant("op-north", "site-north", "test");
        Users.Add("viewer-north", Roles.Viewer, Password, "test");
        Users.Grant("viewer-north", "site-north", "test");
        Users.Add("locked-user", Roles.Viewer, Password, "test");

        // Ten minutes of readings every 10 s, ending 30 s ago: inside every preset range.
        long end = TestStore.Now - 30_000;
        long start = end - 600_000;
        long seq = 1;
        for (long t = start; t <= end; t += 10_000, seq++)
        {
            TestStore.Reading(Store, "north-01", "site-north", seq, t, 2.0 + seq % 5);
            TestStore.Reading(Store, "north-02", "site-north", seq, t, 3.0 + seq % 3);
            TestStore.Reading(Store, "south-01", "site-south", seq, t, 7.0 + seq % 2);
        }
        SeededUntilMs = end;

        _server = await DashboardServer.StartAsync(new DashboardOptions
        {
            Url = "http://127.0.0.1:0", Store = new StoreSource(Store), Users = Users,
            Sites = SiteCatalog.Load(Path.Combine(AppContext.BaseDirectory, "sites.json")),
        });
    }

    public async Task DisposeAsync()
    {
        if (_server != null) await _server.DisposeAsync();
        Store.Dispose();
        try { _dir.Delete(recursive: true); } catch (IOException) { }
    }
}
