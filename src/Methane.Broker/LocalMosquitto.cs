using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Methane.Pki;

namespace Methane.Broker;

/// <summary>
/// A real Mosquitto (Debian's 2.0.x) on a free 127.0.0.1 port, configured by <see cref="MosquittoConfig"/> with the ACL
/// rendered from <see cref="DevicePolicy"/>, in its own temp directory. Started and stopped by PID; never touches a system
/// broker. Used by the host's fleet mode, the pipeline's bench and the tests.
/// </summary>
public sealed class LocalMosquitto : IDisposable
{
    public const string Host = "127.0.0.1";

    private static readonly string[] Candidates = { "/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto" };

    // Brokers still running when this process exits (a crashed or aborted run) are killed by PID, never by name.
    private static readonly HashSet<LocalMosquitto> Live = new();

    static LocalMosquitto()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            LocalMosquitto[] left;
            lock (Live) left = Live.ToArray();
            foreach (LocalMosquitto b in left) b.Kill();
        };
    }

    private readonly MosquittoSettings _settings;
    private readonly PkiDirectory _pki;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private LocalMosquitto(PkiDirectory pki, MosquittoSettings settings, string directory, int port)
    {
        _pki = pki;
        _settings = settings;
        Directory = directory;
        Port = port;
    }

    /// <summary>The executable found (env METHANE_MOSQUITTO, then the usual Debian paths, then PATH), or null.</summary>
    public static string? ExecutablePath { get; } = FindExecutable();

    public static bool IsAvailable => ExecutablePath != null;

    public static string SearchDescription => "looked at $METHANE_MOSQUITTO, " + string.Join(", ", Candidates) + " and PATH";

    public int Port { get; }

    /// <summary>Temp directory with mosquitto.conf, acl, mosquitto.log and the persistence data.</summary>
    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "mosquitto.conf");
    public string AclPath => Path.Combine(Directory, "acl");
    public string LogPath => Path.Combine(Directory, "mosquitto.log");
    public string DataDirectory => Path.Combine(Directory, "data");

    public int? ProcessId => _process is { HasExited: false } ? _process.Id : null;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Writes the configuration into a temp directory and starts the broker; returns once the port accepts.</summary>
    /// <param name="pki">The PKI whose ca.pem, server.pem and server-key.pem the broker uses.</param>
    public static LocalMosquitto Start(PkiDirectory pki, MosquittoSettings? settings = null)
    {
        if (ExecutablePath == null)
        {
            throw new InvalidOperationException("mosquitto not found (" + SearchDescription + "); install it with: apt-get install -y mosquitto");
        }
        settings ??= new MosquittoSettings();
        string dir = Path.Combine(Path.GetTempPath(), "methane-mosquitto-" + Guid.NewGuid().ToString("N")[..12]);
        SecureFile.EnsureDirectory(dir);

        // Another process may grab the free port between probing and binding: try a few (a fixed port only once).
        Exception? last = null;
        for (int attempt = 0; attempt < (settings.Port == null ? 4 : 1); attempt++)
        {
            var broker = new LocalMosquitto(pki, settings, dir, settings.Port ?? FreePort());
            try
            {
                broker.WriteFiles();
                broker.Launch();
                return broker;
            }
            catch (MosquittoStartException e) when (e.PortInUse)
            {
                last = e;
                broker.Stop();
            }
            catch
            {
                broker.Dispose(); // stops it and removes its directory (kept with METHANE_KEEP_BROKER_FILES=1)
                throw;
            }
        }
        throw last!;
    }

    /// <summary>Graceful stop: SIGTERM to the PID (Mosquitto saves persistence), then SIGKILL if it lingers.</summary>
    public void Stop()
    {
        Process? p = _process;
        if (p == null) return;
        try
        {
            if (!p.HasExited)
            {
                _ = kill(p.Id, SigTerm);
                if (!p.WaitForExit(5000))
                {
                    p.Kill();
                    p.WaitForExit(5000);
                }
            }
            p.WaitForExit(); // drains the redirected output
        }
        finally
        {
            p.Dispose();
            _process = null;
            lock (Live) Live.Remove(this);
        }
    }

    /// <summary>Abrupt stop (SIGKILL): a crash or power cut of the broker; state since the last autosave is lost.</summary>
    public void Kill()
    {
        Process? p = _process;
        if (p == null) return;
        try
        {
            if (!p.HasExited)
            {
                p.Kill();
                p.WaitForExit(5000);
            }
        }
        finally
        {
            p.Dispose();
            _process = null;
            lock (Live) Live.Remove(this);
        }
    }

    /// <summary>Stops (if running) and starts again on the same port with the same configuration and persistence.</summary>
    public void Restart()
    {
        Stop();
        Launch();
    }

    /// <summary>Starts the broker again after <see cref="Stop"/> or <see cref="Kill"/> (same port).</summary>
    public void StartAgain()
    {
        if (IsRunning) return;
        Launch();
    }

    /// <summary>Mosquitto's log plus anything it printed to stdout/stderr (for messages).</summary>
    public string ReadLog()
    {
        string file = "";
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            file = reader.ReadToEnd();
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        lock (_output) return file + _output;
    }

    /// <summary>Stops the broker and deletes its directory unless METHANE_KEEP_BROKER_FILES=1.</summary>
    public void Dispose()
    {
        Stop();
        if (Environment.GetEnvironmentVariable("METHANE_KEEP_BROKER_FILES") == "1") return;
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void WriteFiles()
    {
        System.IO.Directory.CreateDirectory(DataDirectory);
        string acl = MosquittoAcl.Render(_settings.Sites);
        if (_settings.ExtraAclLines.Count > 0) acl += string.Join('\n', _settings.ExtraAclLines) + "\n";
        File.WriteAllText(AclPath, acl);
        File.WriteAllText(ConfigPath, MosquittoConfig.Render(_settings, Port, AclPath, LogPath, DataDirectory,
            _pki.CaCertificatePath, _pki.ServerCertificatePath, _pki.ServerKeyPath, IsRoot(), Environment.UserName, MosquittoPlugin.EnsureBuilt()));
    }

    private void Launch()
    {
        lock (_output) _output.Clear();
        var info = new ProcessStartInfo(ExecutablePath!)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(ConfigPath);
        var p = new Process { StartInfo = info };
        p.OutputDataReceived += (_, e) => Append(e.Data);
        p.ErrorDataReceived += (_, e) => Append(e.Data);
        p.Start();
        lock (Live) Live.Add(this);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _process = p;

        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < _settings.StartTimeout)
        {
            if (p.HasExited)
            {
                p.WaitForExit();
                string log = ReadLog();
                throw new MosquittoStartException(
                    $"mosquitto exited with code {p.ExitCode} while starting on port {Port}:\n{log}",
                    log.Contains("Address already in use", StringComparison.Ordinal));
            }
            if (Accepts()) return;
            Thread.Sleep(20);
        }
        throw new MosquittoStartException($"mosquitto did not accept on {Host}:{Port} within {_settings.StartTimeout}:\n{ReadLog()}", false);
    }

    private void Append(string? line)
    {
        if (line == null) return;
        lock (_output) _output.AppendLine(line);
    }

    private bool Accepts()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A port no listener holds right now (nothing keeps it free afterwards).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string? FindExecutable()
    {
        string? env = Environment.GetEnvironmentVariable("METHANE_MOSQUITTO");
        if (!string.IsNullOrEmpty(env)) return File.Exists(env) ? env : null;
        foreach (string c in Candidates)
        {
            if (File.Exists(c)) return c;
        }
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string path = Path.Combine(dir, "mosquitto");
            if (File.Exists(path)) return path;
        }
        return null;
    }

    private static bool IsRoot() => !OperatingSystem.IsWindows() && geteuid() == 0;

    private const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc")]
    private static extern uint geteuid();
}

public sealed class MosquittoStartException : Exception
{
    public MosquittoStartException(string message, bool portInUse) : base(message)
    {
        PortInUse = portInUse;
    }

    public bool PortInUse { get; }
}
