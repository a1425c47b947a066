using System.Security.Cryptography.X509Certificates;
using Methane.Firmware.Host.Adapters.Pki;

namespace Methane.Firmware.Host.Fleet;

/// <summary>
/// Where a fleet connects, and the CA that signs its device certificates: a Mosquitto started for the run (fresh PKI in a temp
/// directory), or a running broker whose development PKI directory is given.
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

    public static FleetBroker Open(FleetOptions options)
    {
        if (options.Broker == FleetOptions.MosquittoBroker) return StartMosquitto(options);
        if (options.Broker == FleetOptions.EmbeddedBroker)
        {
            throw new InvalidOperationException("the embedded broker is not part of this build yet; use --broker mosquitto or host:port");
        }
        FleetOptions.TryHostPort(options.Broker, out string host, out int port);
        var pki = new PkiDirectory(options.CertDirectory!);
        DevCertificateAuthority ca = pki.LoadCa();
        X509Certificate2Collection anchors = TlsCredentials.LoadTrustAnchors(options.CaFile ?? pki.CaCertificatePath);
        return new FleetBroker(host + ":" + port + " (external, CA " + pki.Root + ")", host, port, anchors, ca, null, ca.Dispose);
    }

    public void Dispose() => _dispose();

    private static FleetBroker StartMosquitto(FleetOptions options)
    {
        string dir = Path.Combine(Path.GetTempPath(), "methane-fleet-pki-" + Guid.NewGuid().ToString("N")[..12]);
        var pki = new PkiDirectory(dir);
        DevCertificateAuthority ca = pki.InitializeCa();
        LocalMosquitto mosquitto;
        try
        {
            mosquitto = LocalMosquitto.Start(pki, options.Observer);
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
