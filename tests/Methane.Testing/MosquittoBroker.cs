using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Methane.Firmware.Host.Adapters.Mqtt;

namespace Methane.Testing;

/// <summary>
/// A real Mosquitto (Debian's 2.0.x) on a free 127.0.0.1 port, configured for mutual TLS exactly like the project's
/// deployment: <c>require_certificate</c>, <c>use_identity_as_username</c> (the certificate CN becomes the username),
/// TLS 1.2 or later, and an ACL whose <c>pattern</c> lines mirror the AWS IoT policy (a device publishes only under its own
/// thing name). Started by PID, stopped by PID; never touches a system broker.
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    /// <summary>CN of the default read-everything identity (issue its certificate with <see cref="TestPki.Device"/>).</summary>
    public const string ObserverIdentity = "methane-observer";

    /// <summary>CN of the default read-and-write-everything identity (plays the cloud: shadow deltas, jobs).</summary>
    public const string AdminIdentity = "methane-admin";

    public const string Host = "127.0.0.1";

    private static readonly string[] Candidates = { "/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto" };

    // Brokers still running when the test process exits (a crashed or aborted run) are killed by PID, never by name.
    private static readonly HashSet<MosquittoBroker> Live = new();

    static MosquittoBroker()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            MosquittoBroker[] left;
            lock (Live) left = Live.ToArray();
            foreach (MosquittoBroker b in left) b.Kill();
        };
    }

    private readonly MosquittoOptions _options;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private MosquittoBroker(TestPki pki, MosquittoOptions options, string directory, int port)
    {
        Pki = pki;
        _options = options;
        Directory = directory;
        Port = port;
    }

    /// <summary>The executable found (env METHANE_MOSQUITTO, then the usual Debian paths, then PATH), or null.</summary>
    public static string? ExecutablePath { get; } = FindExecutable();

    public static bool IsAvailable => ExecutablePath != null;

    /// <summary>True when the environment variable CI is "true" (integration tests must then fail, not skip).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string SearchDescription => "looked at $METHANE_MOSQUITTO, " + string.Join(", ", Candidates) + " and PATH";

    public TestPki Pki { get; }

    public int Port { get; }

    /// <summary>
    /// Temp directory with mosquitto.conf, acl, mosquitto.log and the persistence data; deleted on Dispose unless the
    /// environment variable METHANE_KEEP_BROKER_FILES=1.
    /// </summary>
    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "mosquitto.conf");
    public string AclPath => Path.Combine(Directory, "acl");
    public string LogPath => Path.Combine(Directory, "mosquitto.log");
    public string DataDirectory => Path.Combine(Directory, "data");

    public int? ProcessId => _process is { HasExited: false } ? _process.Id : null;

    public bool IsRunning => _process is { HasExited: false };

    public Uri Uri => new("mqtts://" + Host + ":" + Port);

    /// <summary>
    /// Transport options for <paramref name="identity"/> (a thing name, or <see cref="ObserverIdentity"/>/<see cref="AdminIdentity"/>):
    /// its certificate from <see cref="Pki"/>, trusting only the PKI's CA. Connect with client id = identity.
    /// </summary>
    public MqttNetTransportOptions TransportOptions(string identity)
    {
        var anchors = new X509Certificate2Collection(Pki.CaCertificate());
        return new MqttNetTransportOptions(Host, Port, Pki.ClientCertificate(identity), anchors)
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            OperationTimeout = TimeSpan.FromSeconds(10),
        };
    }

    /// <summary>A new, not yet connected <see cref="MqttNetTransport"/> for <paramref name="identity"/>.</summary>
    public MqttNetTransport CreateTransport(string identity) => new(TransportOptions(identity));

    /// <summary>Writes the configuration into a temp directory and starts the broker; returns once the port accepts.</summary>
    public static MosquittoBroker Start(TestPki pki, MosquittoOptions? options = null)
    {
        if (ExecutablePath == null)
        {
            throw new InvalidOperationException("mosquitto not found (" + SearchDescription +
                "); install it with: apt-get install -y mosquitto" + (IsCi ? "  [CI=true: integration tests do not skip]" : ""));
        }
        options ??= new MosquittoOptions();
        string dir = Path.Combine(Path.GetTempPath(), "methane-mosquitto-" + Guid.NewGuid().ToString("N")[..12]);
        Methane.Firmware.Host.Adapters.Pki.SecureFile.EnsureDirectory(dir);

        // Another process may grab the free port between probing and binding: try a few.
        Exception? last = null;
        for (int attempt = 0; attempt < 4; attempt++)
        {
            var broker = new MosquittoBroker(pki, options, dir, FreePort());
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
                broker.Stop();
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

    /// <summary>Mosquitto's log plus anything it printed to stdout/stderr (for assertion messages).</summary>
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
        File.WriteAllText(AclPath, BuildAcl());
        File.WriteAllText(ConfigPath, BuildConfig());
    }

    private string BuildConfig()
    {
        var c = new StringBuilder();
        c.AppendLine("# Written by Methane.Testing.MosquittoBroker for one test run.");
        // Debian's 2.0.x drops privileges to 'mosquitto' when started as root; the keys are mode 600 and owned by the test
        // user, so a root test run keeps root. Not started as root, Mosquitto ignores this and runs as the caller.
        c.AppendLine("user " + (IsRoot() ? "root" : Environment.UserName));
        c.AppendLine("per_listener_settings false");
        c.AppendLine("allow_anonymous false");
        c.AppendLine("acl_file " + AclPath);
        c.AppendLine("persistence " + (_options.Persistence ? "true" : "false"));
        c.AppendLine("persistence_location " + DataDirectory + "/");
        c.AppendLine("autosave_interval " + _options.AutosaveIntervalSeconds);
        c.AppendLine("max_inflight_messages " + _options.MaxInflightMessages);
        c.AppendLine("max_queued_messages " + _options.MaxQueuedMessages);
        c.AppendLine("set_tcp_nodelay true");
        c.AppendLine("log_dest file " + LogPath);
        c.AppendLine("log_type error");
        c.AppendLine("log_type warning");
        c.AppendLine("log_type notice");
        c.AppendLine("log_type information");
        c.AppendLine("connection_messages true");
        c.AppendLine("log_timestamp_format %H:%M:%S");
        foreach (string line in _options.ExtraConfigLines) c.AppendLine(line);
        c.AppendLine();
        c.AppendLine("listener " + Port + " " + Host);
        c.AppendLine("cafile " + Pki.CaCertificatePath);
        c.AppendLine("certfile " + Pki.ServerCertificatePath);
        c.AppendLine("keyfile " + Pki.ServerKeyPath);
        c.AppendLine("require_certificate true");
        c.AppendLine("use_identity_as_username true");
        c.AppendLine("tls_version " + _options.TlsVersion);
        return c.ToString();
    }

    private string BuildAcl()
    {
        var a = new StringBuilder();
        a.AppendLine("# Mirrors the AWS IoT policy: %u is the certificate CN = thing name = client id.");
        a.AppendLine("# A device publishes telemetry only under its own thing segment (any site), and uses only its own shadow/jobs.");
        a.AppendLine("pattern write dt/methane/+/%u/#");
        a.AppendLine("pattern readwrite $aws/things/%u/#");
        foreach (string line in _options.ExtraAclLines) a.AppendLine(line);
        foreach (string observer in _options.ObserverIdentities)
        {
            a.AppendLine();
            a.AppendLine("user " + observer);
            // '#' does not match topics that start with '$' (MQTT 3.1.1 §4.7.2), hence the second line.
            a.AppendLine("topic read #");
            a.AppendLine("topic read $aws/#");
        }
        foreach (string admin in _options.AdminIdentities)
        {
            a.AppendLine();
            a.AppendLine("user " + admin);
            a.AppendLine("topic readwrite #");
            a.AppendLine("topic readwrite $aws/#");
        }
        return a.ToString();
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
        while (watch.Elapsed < _options.StartTimeout)
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
        throw new MosquittoStartException($"mosquitto did not accept on {Host}:{Port} within {_options.StartTimeout}:\n{ReadLog()}", false);
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

    private static int FreePort()
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
