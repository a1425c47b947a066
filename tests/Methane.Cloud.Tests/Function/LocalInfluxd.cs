using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Methane.Cloud.Tests.Function;

/// <summary>A fact that needs Debian's InfluxDB 1.x server (<c>apt-get install influxdb</c>); skipped with that hint without it.</summary>
public sealed class InfluxdFactAttribute : FactAttribute
{
    public InfluxdFactAttribute()
    {
        if (LocalInfluxd.Executable == null) Skip = "influxd not found on PATH or in /usr/bin; install it with: apt-get install -y influxdb (Debian's InfluxDB 1.6)";
    }
}

/// <summary>
/// A throwaway InfluxDB 1.x server (Debian's package): data in a temporary folder, HTTP on a free loopback port, no auth,
/// database <c>methane</c> created. It speaks the same InfluxQL <c>/query</c> API the inversion uses against Timestream for
/// InfluxDB; it predates <c>/api/v2/write</c>, so points go in through the 1.x <c>/write</c> (the same line protocol).
/// Stopped by its own process handle.
/// </summary>
internal sealed class LocalInfluxd : IDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    public static string? Executable => new[] { "/usr/bin/influxd", "/usr/local/bin/influxd" }.FirstOrDefault(File.Exists);

    public LocalInfluxd()
    {
        _dir = TestData.TempDir();
        int http = FreePort(), rpc = FreePort();
        string config = Path.Combine(_dir, "influxdb.conf");
        File.WriteAllText(config, $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{rpc}"
            [meta]
              dir = "{_dir}/meta"
            [data]
              dir = "{_dir}/data"
              wal-dir = "{_dir}/wal"
              query-log-enabled = false
            [http]
              bind-address = "127.0.0.1:{http}"
              log-enabled = false
            [monitor]
              store-enabled = false
            """);
        _process = Process.Start(new ProcessStartInfo(Executable!, $"-config {config}") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        BaseUrl = $"http://127.0.0.1:{http}/";
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (Http.GetAsync("ping").Result.StatusCode == HttpStatusCode.NoContent) break;
            }
            catch (AggregateException) when (deadline.Elapsed < TimeSpan.FromSeconds(30) && !_process.HasExited)
            {
            }
            Thread.Sleep(100);
        }
        Post("query?q=" + Uri.EscapeDataString("CREATE DATABASE methane"), "");
    }

    public string BaseUrl { get; }
    public HttpClient Http { get; }

    /// <summary>Writes line-protocol points (millisecond timestamps) to database methane.</summary>
    public void Write(IEnumerable<string> lines) => Post("write?db=methane&precision=ms", string.Join('\n', lines) + "\n");

    private void Post(string path, string body)
    {
        using HttpResponseMessage r = Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "text/plain")).Result;
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"influxd {path}: HTTP {(int)r.StatusCode} {r.Content.ReadAsStringAsync().Result}");
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited) _process.Kill();
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
