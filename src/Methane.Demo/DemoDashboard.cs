using Methane.Cloud.Pipeline;
using Methane.Dashboard.Cli;
using Methane.Dashboard.Data;
using Methane.Dashboard.Users;
using Methane.Dashboard.Web;
using Methane.Firmware.Host;

namespace Methane.Demo;

/// <summary>
/// The dashboard beside an interactive demo: it reads the pipeline's store while the demo runs, the stored run after it,
/// and keeps serving until Ctrl+C. URL: METHANE_DASHBOARD_URL, default http://127.0.0.1:5080 (any free port when taken).
/// </summary>
public sealed class DemoDashboard : IAsyncDisposable
{
    private readonly DashboardServer _server;
    private DuckDbStore? _reopened;

    private DemoDashboard(DashboardServer server, StoreSource source)
    {
        _server = server;
        Source = source;
    }

    public StoreSource Source { get; }
    public string Url => _server.Url;
    /// <summary>Where the last pipeline wrote its store.</summary>
    public string? Directory { get; set; }

    public static async Task<DemoDashboard> StartAsync(TextWriter stdout)
    {
        string root = HostPaths.RepositoryRoot() ?? AppContext.BaseDirectory;
        var users = new UserStore(Path.Combine(root, DashboardCli.DefaultUsersPath));
        ServeCommand.PrintInitialAdmin(users, stdout);
        var source = new StoreSource();
        string url = Environment.GetEnvironmentVariable("METHANE_DASHBOARD_URL") ?? "http://127.0.0.1:5080";
        DashboardServer server;
        try
        {
            server = await DashboardServer.StartAsync(new DashboardOptions { Url = url, Store = source, Users = users }).ConfigureAwait(false);
        }
        catch (IOException)
        {
            server = await DashboardServer.StartAsync(new DashboardOptions { Url = "http://127.0.0.1:0", Store = source, Users = users }).ConfigureAwait(false);
        }
        stdout.WriteLine($"dashboard: {server.Url} (accounts in {users.Path}; manage them with: methane-demo users list)");
        return new DemoDashboard(server, source);
    }

    /// <summary>After the demo: serves the stored run until Ctrl+C or SIGTERM.</summary>
    public async Task ServeStoredRunAsync(TextWriter stdout)
    {
        string? db = Directory is null ? null : Path.Combine(Directory, "methane.duckdb");
        if (db != null && File.Exists(db))
        {
            _reopened = new DuckDbStore(db);
            Source.Use(_reopened);
        }
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM,
            c => { c.Cancel = true; stop.Cancel(); });
        stdout.WriteLine($"dashboard: still serving {Url} over {db ?? "no store"}; Ctrl+C stops");
        try { await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
        finally { Console.CancelKeyPress -= onCancel; }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync().ConfigureAwait(false);
        Source.Use(null);
        _reopened?.Dispose();
    }
}
