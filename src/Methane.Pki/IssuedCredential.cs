using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Methane.Pki;

/// <summary>A certificate together with its private key (ECDSA P-256), exportable as PEM.</summary>
public sealed class IssuedCredential : IDisposable
{
    public IssuedCredential(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        Key = key;
    }

    /// <summary>The certificate; it carries the private key (usable for signing and for TLS).</summary>
    public X509Certificate2 Certificate { get; }

    public ECDsa Key { get; }

    public string CertificatePem() => Certificate.ExportCertificatePem();

    /// <summary>Unencrypted PKCS#8 PEM (a "PRIVATE KEY" block), the form Mosquitto, OpenSSL and AWS tooling read.</summary>
    public string PrivateKeyPem() => Key.ExportPkcs8PrivateKeyPem();

    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }
}
