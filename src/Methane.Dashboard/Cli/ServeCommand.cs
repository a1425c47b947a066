using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Methane.Cloud.Pipeline;
using Methane.Dashboard.Data;
using Methane.Dashboard.Users;
using Methane.Dashboard.Web;

namespace Methane.Dashboard.Cli;

/// <summary><c>dashboard --db FILE</c>: serves a stored run (the pipeline's DuckDB file) until Ctrl+C or SIGTERM.</summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, string program)
    {
        if (!DashboardCli.TryParse(args, ["--db", "--users", "--url", "--cert", "--key"], [], out var o, out _, out var positional, out string error) || positional.Count > 0)
        {
            stderr.WriteLine($"dashboard: {(error.Length > 0 ? error : $"unexpected argument '{positional[0]}'")}");
            stderr.WriteLine(DashboardCli.Usage(program));
            return 2;
        }
        string url = o.GetValueOrDefault("--url", "http://127.0.0.1:5080");
        if (!TryCertificate(o, url, out X509Certificate2? certificate, out error))
        {
            stderr.WriteLine("dashboard: " + error);
            return 2;
        }
        if (!o.TryGetValue("--db", out string? db))
        {
            stderr.WriteLine("dashboard: --db: missing; expected the DuckDB file of a run (e.g. .run/demo/methane.duckdb)");
            return 2;
        }
        if (!File.Exists(db))
        {
            stderr.WriteLine($"dashboard: --db {db}: no such file; expected the DuckDB file of a run");
            return 2;
        }
        DuckDbStore store;
        try
        {
            store = new DuckDbStore(db);
        }
        catch (Exception e) when (e is DuckDB.NET.Data.DuckDBException or InvalidOperationException or IOException)
        {
            stderr.WriteLine($"dashboard: --db {db}: cannot open ({FirstLine(e.Message)}); is a pipeline still writing it?");
            return 1;
        }
        using (store)
        {
            var users = new UserStore(o.GetValueOrDefault("--users", DashboardCli.DefaultUsersPath));
            PrintInitialAdmin(users, stdout);
            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
            Console.CancelKeyPress += onCancel;
            using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM,
                c => { c.Cancel = true; stop.Cancel(); });
            try
            {
                await using DashboardServer server = await DashboardServer.StartAsync(new DashboardOptions
                {
                    Url = url, Certificate = certificate, Store = new StoreSource(store), Users = users, Log = stderr,
                }).ConfigureAwait(false);
                stdout.WriteLine($"dashboard: {server.Url} over {Path.GetFullPath(db)} (users {users.Path}); Ctrl+C stops");
                stdout.Flush();
                try { await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
                stdout.WriteLine("dashboard: stopped");
                return 0;
            }
            catch (IOException e)
            {
                stderr.WriteLine($"dashboard: cannot listen ({FirstLine(e.Message)}); pass another --url");
                return 1;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
    }

    /// <summary>On the first run the account database gets an admin; its generated password is printed this once.</summary>
    public static void PrintInitialAdmin(UserStore users, TextWriter stdout)
    {
        string? password = users.EnsureInitialAdmin();
        if (password != null)
            stdout.WriteLine($"dashboard: created user 'admin' (role admin) in {users.Path}; password, shown only now: {password}");
    }

    /// <summary>https URLs need --cert and --key (PEM files, e.g. from 'pki service'); http URLs take neither.</summary>
    private static bool TryCertificate(Dictionary<string, string> o, string url, out X509Certificate2? certificate, out string error)
    {
        certificate = null;
        error = "";
        bool https = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        o.TryGetValue("--cert", out string? cert);
        o.TryGetValue("--key", out string? key);
        if (!https)
        {
            if (cert != null || key != null) error = $"--cert/--key with --url {url}: expected an https URL";
            return error.Length == 0;
        }
        if (cert is null || key is null)
        {
            error = $"--url {url}: expected --cert FILE and --key FILE (PEM) for https";
            return false;
        }
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(cert, key);
            return true;
        }
        catch (Exception e) when (e is CryptographicException or IOException)
        {
            error = $"--cert {cert} --key {key}: cannot load ({FirstLine(e.Message)}); expected a PEM certificate and its private key";
            return false;
        }
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
