using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Methane.Pki;

/// <summary>
/// A PKCS#10 request for AWS IoT <c>CreateCertificateFromCsr</c>: the private key never leaves the machine that made it;
/// AWS signs the public key with its own CA and returns the certificate. AWS accepts ECDSA P-256 with SHA-256.
/// </summary>
public sealed class CertificateSigningRequest : IDisposable
{
    private CertificateSigningRequest(string pem, ECDsa key)
    {
        Pem = pem;
        Key = key;
    }

    /// <summary>"-----BEGIN CERTIFICATE REQUEST-----" PEM, as <c>aws iot create-certificate-from-csr</c> expects it.</summary>
    public string Pem { get; }

    public ECDsa Key { get; }

    public string PrivateKeyPem() => Key.ExportPkcs8PrivateKeyPem();

    public static CertificateSigningRequest Create(string thingName)
    {
        ThingName.Validate(thingName);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + thingName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            new OidCollection { new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication") }, false));
        return new CertificateSigningRequest(request.CreateSigningRequestPem(), key);
    }

    public void Dispose() => Key.Dispose();
}
