using System.Security.Cryptography.X509Certificates;

namespace Methane.Pki;

/// <summary>
/// A throwaway development PKI in its own temp directory (mode 700): CA, localhost server certificate, and device and
/// service certificates issued on demand, for benches and tests. Nothing is written into the repository; Dispose deletes
/// the directory.
/// </summary>
public class TemporaryPki : IDisposable
{
    private readonly Dictionary<string, IssuedCredential> _issued = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    protected TemporaryPki(string directory)
    {
        Directory = directory;
        Layout = new PkiDirectory(directory);
        Ca = Layout.InitializeCa();
    }

    /// <summary>Root of this PKI's files (ca.pem, server.pem, devices/…, services/…; see <see cref="PkiDirectory"/>).</summary>
    public string Directory { get; }

    public PkiDirectory Layout { get; }

    public DevCertificateAuthority Ca { get; }

    public string CaCertificatePath => Layout.CaCertificatePath;
    public string ServerCertificatePath => Layout.ServerCertificatePath;
    public string ServerKeyPath => Layout.ServerKeyPath;

    /// <summary>Creates a new CA and server certificate under a fresh temp directory.</summary>
    public static TemporaryPki Create(string label = "pki") => new(NewDirectory(label));

    protected static string NewDirectory(string label)
    {
        string dir = Path.Combine(Path.GetTempPath(), "methane-" + label + "-" + Guid.NewGuid().ToString("N")[..12]);
        SecureFile.EnsureDirectory(dir);
        return dir;
    }

    /// <summary>The CA certificate alone (no key), as a client's custom trust anchor.</summary>
    public X509Certificate2 CaCertificate() => X509CertificateLoader.LoadCertificate(Ca.Certificate.RawData);

    /// <summary>Issues (once) and writes the device certificate for <paramref name="thing"/>; returns its file paths.</summary>
    public DeviceFiles Device(string thing)
    {
        lock (_gate)
        {
            if (!_issued.ContainsKey(thing))
            {
                IssuedCredential credential = Ca.IssueDevice(thing);
                Layout.WriteDevice(thing, credential);
                _issued.Add(thing, credential);
            }
        }
        return new DeviceFiles(thing, Layout.DeviceCertificatePath(thing), Layout.DeviceKeyPath(thing));
    }

    /// <summary>Issues (once) and writes the service certificate for <paramref name="name"/> (service key usage).</summary>
    public DeviceFiles Service(string name)
    {
        lock (_gate)
        {
            if (!_issued.ContainsKey(name))
            {
                IssuedCredential credential = Ca.IssueService(name);
                Layout.WriteService(name, credential);
                _issued.Add(name, credential);
            }
        }
        return new DeviceFiles(name, Layout.ServiceCertificatePath(name), Layout.ServiceKeyPath(name));
    }

    /// <summary>
    /// The client certificate with its key, ready for SslStream / MQTTnet (issued if needed): a service certificate for a
    /// reserved service name (<see cref="ServiceIdentity.IsReserved"/>, which the CA never issues to a device), else a
    /// device certificate. Caller disposes it.
    /// </summary>
    public X509Certificate2 ClientCertificate(string identity)
    {
        DeviceFiles files = ServiceIdentity.IsReserved(identity) ? Service(identity) : Device(identity);
        return TlsCredentials.LoadCertificateWithKey(files.CertificatePath, files.KeyPath);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (IssuedCredential c in _issued.Values) c.Dispose();
            _issued.Clear();
        }
        Ca.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A broker that has not exited yet may still hold a file; the OS temp cleaner gets it.
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>A certificate and its key file, as written by <see cref="TemporaryPki"/>.</summary>
public sealed record DeviceFiles(string Thing, string CertificatePath, string KeyPath);
