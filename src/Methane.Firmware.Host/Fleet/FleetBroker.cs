using System.Security.Cryptography.X509Certificates;
using Methane.Broker;
using Methane.Firmware.Host.Broker;
using Methane.Pki;

namespace Methane.Firmware.Host.Fleet;

/// <summary>
/// Where a fleet connects, and the CA that signs its device certificates: the embedded MQTTnet broker or a Mosquitto started
/// for the run (each with a fresh PKI in a temp directory), or a running broker whose development PKI directory is given.
/// </summary>
public sealed class FleetBroker : IDisposable
{
    private readonly Action _dispose;

    private FleetBroker(string description, string host, int port, X509Certificate2Collection trustAnchors, DevCertificateAuthority ca,
        int? processId, Action dispose)
    {
        Description = description;
        Host = host;
        Port = port;
        TrustAnchors = trustAnchors;
        Ca = ca;
        ProcessId = processId;
        _dispose = dispose;
    }

    public string Description { get; }
    public string Host { get; }
    public int Port { get; }
    public X509Certificate2Collection TrustAnchors { get; }
    public DevCertificateAuthority Ca { get; }

    /// <summary>PID of a broker process started for the run (its CPU and memory are reported), else null.</summary>
    public int? ProcessId { get; }

    /// <summary>The in-process broker, when that is the one (its counters go into the report).</summary>
    public EmbeddedBroker? Embedded { get; private init; }

    /// <param name="sites">Thing → site, for the embedded broker's policy (a thing publishes only under its own site).</param>
    public static FleetBroker Open(FleetOptions options, IReadOnlyDictionary<string, string> sites)
    {
        if (options.Broker == FleetOptions.MosquittoBroker) return StartMosquitto(options, sites);
        if (options.Broker == FleetOptions.EmbeddedBroker) return StartEmbedded(options, sites);
        if (options.Broker == FleetOptions.EmbeddedProcessBroker) return StartEmbeddedProcess(sites);
        FleetOptions.TryHostPort(options.Broker, out string host, out int port);
        var pki = new PkiDirectory(options.CertDirectory!);
        DevCertificateAuthority ca = pki.LoadCa();
        X509Certificate2Collection anchors = TlsCredentials.LoadTrustAnchors(options.CaFile ?? pki.CaCertificatePath);
        return new FleetBroker(host + ":" + port + " (external, CA " + pki.Root + ")", host, port, anchors, ca, null, ca.Dispose);
    }

    public void Dispose() => _dispose();

    private static FleetBroker StartEmbedded(FleetOptions options, IReadOnlyDictionary<string, string> sites)
    {
        string dir = NewPkiDirectory();
        var pki = new PkiDirectory(dir);
        DevCertificateAuthority ca = pki.InitializeCa();
        EmbeddedBroker broker;
        try
        {
            X509Certificate2 server = TlsCredentials.LoadCertificateWithKey(pki.ServerCertificatePath, pki.ServerKeyPath);
            var policy = new PolicyEvaluator(t => sites.GetValueOrDefault(t));
            broker = EmbeddedBroker.StartAsync(server, ca.Certificate, policy).GetAwaiter().GetResult();
        }
        catch
        {
            ca.Dispose();
            DeleteQuietly(dir);
            throw;
        }
        var anchors = new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(ca.Certificate.RawData));
        return new FleetBroker("embedded MQTTnet.Server (in this process, 127.0.0.1:" + broker.Port + ")", "127.0.0.1", broker.Port, anchors, ca,
            null, () =>
            {
                broker.DisposeAsync().AsTask().GetAwaiter().GetResult();
                ca.Dispose();
                DeleteQuietly(dir);
            })
        {
            Embedded = broker,
        };
    }

    /// <summary>'methane-host broker' as a child process: 10,000 devices need 20,000 sockets when both ends share one process.</summary>
    private static FleetBroker StartEmbeddedProcess(IReadOnlyDictionary<string, string> sites)
    {
        string dir = NewPkiDirectory();
        var pki = new PkiDirectory(dir);
        DevCertificateAuthority ca = pki.InitializeCa();
        string registry = Path.Combine(dir, "registry.txt");
        File.WriteAllLines(registry, sites.Select(p => p.Key + " " + p.Value));
        string self = Environment.ProcessPath ?? "dotnet";
        var info = new System.Diagnostics.ProcessStartInfo(self)
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(FleetBroker).Assembly.Location);
        foreach (string arg in new[] { "broker", "--pki", dir, "--registry", registry }) info.ArgumentList.Add(arg);
        var child = System.Diagnostics.Process.Start(info)!;
        child.ErrorDataReceived += (_, _) => { };
        child.BeginErrorReadLine();
        string? first = child.StandardOutput.ReadLine();
        int port = 0;
        if (first == null || !first.StartsWith("listening on 127.0.0.1:", StringComparison.Ordinal)
            || !int.TryParse(first["listening on 127.0.0.1:".Length..].Split(' ')[0], out port))
        {
            if (!child.HasExited) child.Kill();
            ca.Dispose();
            DeleteQuietly(dir);
            throw new InvalidOperationException("the broker process did not start: " + first);
        }
        var anchors = new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(ca.Certificate.RawData));
        return new FleetBroker($"embedded MQTTnet.Server (child process pid {child.Id}, 127.0.0.1:{port})", "127.0.0.1", port, anchors, ca,
            child.Id, () =>
            {
                child.StandardInput.Close();
                if (!child.WaitForExit(10_000)) child.Kill();
                child.Dispose();
                ca.Dispose();
                DeleteQuietly(dir);
            });
    }

    private static string NewPkiDirectory() => Path.Combine(Path.GetTempPath(), "methane-fleet-pki-" + Guid.NewGuid().ToString("N")[..12]);

    private static FleetBroker StartMosquitto(FleetOptions options, IReadOnlyDictionary<string, string> sites)
    {
        string dir = NewPkiDirectory();
        var pki = new PkiDirectory(dir);
        DevCertificateAuthority ca = pki.InitializeCa();
        LocalMosquitto mosquitto;
        try
        {
            // As deployed, plus a fleet's needs: no per-connection log lines, no persistence, every thing registered.
            var settings = new MosquittoSettings { Sites = sites, ConnectionMessages = false, VerboseLog = false, Persistence = false };
            mosquitto = LocalMosquitto.Start(pki, settings);
        }
        catch
        {
            ca.Dispose();
            DeleteQuietly(dir);
            throw;
        }
        var anchors = new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(ca.Certificate.RawData));
        return new FleetBroker("mosquitto (pid " + mosquitto.ProcessId + ", 127.0.0.1:" + mosquitto.Port + ")", "127.0.0.1", mosquitto.Port,
            anchors, ca, mosquitto.ProcessId, () =>
            {
                mosquitto.Dispose();
                ca.Dispose();
                DeleteQuietly(dir);
            });
    }

    private static void DeleteQuietly(string dir)
    {
        try
        {
            Directory.Delete(dir, true);
        }
        catch (IOException)
        {
        }
    }
}
