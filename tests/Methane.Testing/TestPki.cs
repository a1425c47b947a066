using System.Security.Cryptography.X509Certificates;
using Methane.Firmware.Host.Adapters.Pki;

namespace Methane.Testing;

/// <summary>
/// A throwaway development PKI in its own temp directory (mode 700): CA, localhost server certificate and device
/// certificates issued on demand. Nothing is ever written into the repository. Dispose deletes the directory.
/// </summary>
public sealed class TestPki : IDisposable
{
    private readonly Dictionary<string, IssuedCredential> _devices = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    private TestPki(string directory)
    {
        Directory = directory;
        Layout = new PkiDirectory(directory);
        Ca = Layout.InitializeCa();
    }

    /// <summary>Root of this PKI's files (ca.pem, server.pem, devices/…; see <see cref="PkiDirectory"/>).</summary>
    public string Directory { get; }

    public PkiDirectory Layout { get; }

    public DevCertificateAuthority Ca { get; }

    public string CaCertificatePath => Layout.CaCertificatePath;
    public string ServerCertificatePath => Layout.ServerCertificatePath;
    public string ServerKeyPath => Layout.ServerKeyPath;

    /// <summary>Creates a new CA and server certificate under a fresh temp directory.</summary>
    public static TestPki Create(string label = "pki")
    {
        string dir = Path.Combine(Path.GetTempPath(), "methane-" + label + "-" + Guid.NewGuid().ToString("N")[..12]);
        SecureFile.EnsureDirectory(dir);
        return new TestPki(dir);
    }

    /// <summary>The CA certificate alone (no key), as a client's custom trust anchor.</summary>
    public X509Certificate2 CaCertificate() => X509CertificateLoader.LoadCertificate(Ca.Certificate.RawData);

    /// <summary>Issues (once) and writes the device certificate for <paramref name="thing"/>; returns its file paths.</summary>
    public DeviceFiles Device(string thing)
    {
        lock (_gate)
        {
            if (!_devices.ContainsKey(thing))
            {
                IssuedCredential credential = Ca.IssueDevice(thing);
                Layout.WriteDevice(thing, credential);
                _devices.Add(thing, credential);
            }
        }
        return new DeviceFiles(thing, Layout.DeviceCertificatePath(thing), Layout.DeviceKeyPath(thing));
    }

    /// <summary>The device certificate with its key, ready for SslStream / MQTTnet (issued if needed). Caller disposes it.</summary>
    public X509Certificate2 ClientCertificate(string thing)
    {
        DeviceFiles files = Device(thing);
        return TlsCredentials.LoadCertificateWithKey(files.CertificatePath, files.KeyPath);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (IssuedCredential c in _devices.Values) c.Dispose();
            _devices.Clear();
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
    }
}

public sealed record DeviceFiles(string Thing, string CertificatePath, string KeyPath);
