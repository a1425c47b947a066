using System.Security.Cryptography.X509Certificates;

namespace Methane.Pki;

/// <summary>Loads PEM files into the forms <see cref="System.Net.Security.SslStream"/> needs.</summary>
public static class TlsCredentials
{
    /// <summary>
    /// A certificate with its private key, ready to be offered as a TLS client or server certificate. Round-tripped through
    /// PKCS#12: a key imported from PEM is ephemeral, which SslStream rejects on Windows and some Linux paths; the PKCS#12
    /// import gives a certificate whose key SslStream can always use.
    /// </summary>
    public static X509Certificate2 LoadCertificateWithKey(string certificatePemPath, string keyPemPath)
    {
        using X509Certificate2 pem = X509Certificate2.CreateFromPemFile(certificatePemPath, keyPemPath);
        return ForTls(pem);
    }

    public static X509Certificate2 ForTls(X509Certificate2 certificateWithKey)
    {
        if (!certificateWithKey.HasPrivateKey) throw new ArgumentException("certificate has no private key", nameof(certificateWithKey));
        byte[] pkcs12 = certificateWithKey.Export(X509ContentType.Pkcs12);
        return X509CertificateLoader.LoadPkcs12(pkcs12, null, X509KeyStorageFlags.Exportable);
    }

    /// <summary>Every certificate of a PEM bundle (e.g. AmazonRootCA1.pem or the development ca.pem).</summary>
    public static X509Certificate2Collection LoadTrustAnchors(string caPemPath)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(caPemPath);
        if (collection.Count == 0) throw new InvalidDataException($"{caPemPath} contains no PEM certificate");
        return collection;
    }
}
