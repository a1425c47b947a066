using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Methane.Firmware.Host.Adapters.Pki;

namespace Methane.Firmware.Host.Fleet;

/// <summary>
/// A Mosquitto (Debian's 2.0.x) started for one fleet run on a free 127.0.0.1 port, configured like the project's deployment
/// (mTLS with <c>require_certificate</c> and <c>use_identity_as_username</c>, TLS 1.2+, ACL <c>pattern</c> lines mirroring
/// the IoT policy, one read-only observer) and for a large fleet: no connection limit, no per-connection log lines, a deep
/// queue for the single observer. Its files live in a temp directory; it is stopped by PID.
/// </summary>
public sealed class LocalMosquitto : IDisposable
{
    private static readonly string[] Candidates = { "/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto" };

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private LocalMosquitto(Process process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }
    public int Port { get; }
    public int ProcessId => _process.Id;
    public string LogPath => Path.Combine(Directory, "mosquitto.log");

    public static string? FindExecutable()
    {
        string? env = Environment.GetEnvironmentVariable("METHANE_MOSQUITTO");
        if (!string.IsNullOrEmpty(env)) return File.Exists(env) ? env : null;
        foreach (string c in Candidates)
        {
            if (File.Exists(c)) return c;
        }
        return null;
    }

    /// <summary>Starts Mosquitto with the PKI in <paramref name="pki"/> (ca.pem, server.pem, server-key.pem).</summary>
    public static LocalMosquitto Start(PkiDirectory pki, string observerIdentity)
    {
        string exe = FindExecutable() ?? throw new InvalidOperationException(
            "mosquitto not found (looked at $METHANE_MOSQUITTO and " + string.Join(", ", Candidates) + "); install it with: apt-get install -y mosquitto");
        string dir = Path.Combine(Path.GetTempPath(), "methane-fleet-mosquitto-" + Guid.NewGuid().ToString("N")[..12]);
        SecureFile.EnsureDirectory(dir);
        int port = FreePort();
        string acl = Path.Combine(dir, "acl");
        File.WriteAllText(acl,
            "# Mirrors the AWS IoT policy: %u is the certificate CN = thing name = client id.\n" +
            "pattern write dt/methane/+/%u/#\n" +
            "pattern readwrite $aws/things/%u/#\n\n" +
            "user " + observerIdentity + "\ntopic read #\ntopic read $aws/#\n");
        string config = Path.Combine(dir, "mosquitto.conf");
        File.WriteAllText(config, string.Join('\n', new[]
        {
            "# Written by methane-host fleet for one run.",
            "user " + (IsRoot() ? "root" : Environment.UserName),
            "per_listener_settings false",
            "allow_anonymous false",
            "acl_file " + acl,
            "persistence false",
            // The observer takes every device's messages: Mosquitto's defaults (20 in flight, 1000 queued) would drop them.
            "max_inflight_messages 1000",
            "max_queued_messages 1000000",
            "set_tcp_nodelay true",
            "log_dest file " + Path.Combine(dir, "mosquitto.log"),
            "log_type error",
            "log_type warning",
            "connection_messages false",
            "",
            "listener " + port + " 127.0.0.1",
            "max_connections -1",
            "cafile " + pki.CaCertificatePath,
            "certfile " + pki.ServerCertificatePath,
            "keyfile " + pki.ServerKeyPath,
            "require_certificate true",
            "use_identity_as_username true",
            "tls_version tlsv1.2",
            "",
        }));
        var info = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(config);
        var p = new Process { StartInfo = info };
        var broker = new LocalMosquitto(p, dir, port);
        p.OutputDataReceived += (_, e) => broker.Append(e.Data);
        p.ErrorDataReceived += (_, e) => broker.Append(e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (p.HasExited) throw new InvalidOperationException("mosquitto exited with code " + p.ExitCode + ": " + broker.ReadLog());
            if (Accepts(port)) return broker;
            Thread.Sleep(20);
        }
        broker.Dispose();
        throw new InvalidOperationException("mosquitto did not accept on 127.0.0.1:" + port + " within 10 s");
    }

    public string ReadLog()
    {
        string file = "";
        try
        {
            file = File.ReadAllText(LogPath);
        }
        catch (IOException)
        {
        }
        lock (_output) return file + _output;
    }

    public bool IsRunning => !_process.HasExited;

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _ = kill(_process.Id, 15);
                if (!_process.WaitForExit(5000)) _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line == null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static bool IsRoot() => OperatingSystem.IsLinux() && geteuid() == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc")]
    private static extern uint geteuid();
}
