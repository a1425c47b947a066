using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Methane.Pki;

/// <summary>
/// Development certificate authority: a self-signed ECDSA P-256 root that issues the broker's server certificate and the
/// devices' client certificates. For local brokers and tests only; production devices get certificates from AWS IoT.
/// </summary>
public sealed class DevCertificateAuthority : IDisposable
{
    public const string DefaultSubject = "CN=Methane Development CA, O=Methane Firmware (development only)";

    // Leaf validity stays under the 398 days that TLS clients are increasingly strict about.
    public static readonly TimeSpan DefaultCaValidity = TimeSpan.FromDays(5 * 365);
    public static readonly TimeSpan DefaultLeafValidity = TimeSpan.FromDays(397);

    // Backdated so a device whose clock is a little behind still accepts the certificates.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    private DevCertificateAuthority(IssuedCredential credential)
    {
        Credential = credential;
    }

    public IssuedCredential Credential { get; }

    public X509Certificate2 Certificate => Credential.Certificate;

    public static DevCertificateAuthority Create(string subject = DefaultSubject, TimeSpan? validity = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        X509Certificate2 certificate = request.CreateSelfSigned(now - ClockSkew, now + (validity ?? DefaultCaValidity));
        return new DevCertificateAuthority(new IssuedCredential(certificate, key));
    }

    /// <summary>Loads a CA written by <see cref="PkiDirectory"/> (certificate PEM + PKCS#8 key PEM).</summary>
    public static DevCertificateAuthority Load(string certificatePemPath, string keyPemPath)
    {
        // Throws if the key does not belong to the certificate.
        X509Certificate2 certificate = X509Certificate2.CreateFromPemFile(certificatePemPath, keyPemPath);
        ECDsa key = certificate.GetECDsaPrivateKey()
            ?? throw new CryptographicException(keyPemPath + " is not an ECDSA key; the development CA uses ECDSA P-256");
        return new DevCertificateAuthority(new IssuedCredential(certificate, key));
    }

    /// <summary>A TLS server certificate; the SAN carries every DNS name and IP address (clients ignore the CN).</summary>
    public IssuedCredential IssueServer(string commonName, IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses,
        TimeSpan? validity = null)
    {
        var san = new SubjectAlternativeNameBuilder();
        foreach (string dns in dnsNames) san.AddDnsName(dns);
        foreach (IPAddress ip in addresses) san.AddIpAddress(ip);
        return Issue("CN=" + commonName, ServerAuth, san.Build(), validity);
    }

    /// <summary>The broker certificate for local runs: localhost, 127.0.0.1 and ::1.</summary>
    public IssuedCredential IssueLocalhostServer(TimeSpan? validity = null) =>
        IssueServer("localhost", new[] { "localhost" }, new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }, validity);

    /// <summary>A device (MQTT client) certificate whose CN is the thing name: Mosquitto's use_identity_as_username reads it.</summary>
    /// <exception cref="ArgumentException">The name breaks the thing-name rule or is a service name (<see cref="ServiceIdentity"/>).</exception>
    public IssuedCredential IssueDevice(string thingName, TimeSpan? validity = null)
    {
        ThingName.Validate(thingName);
        if (ServiceIdentity.IsReserved(thingName))
        {
            throw new ArgumentException($"thing name '{thingName}' is a service identity; issue it with 'pki service' (IssueService)", nameof(thingName));
        }
        return Issue("CN=" + thingName, new OidCollection { ClientAuth }, null, validity);
    }

    /// <summary>
    /// A service (pipeline, observer) client certificate: CN = name, OU = methane-service, and the service extended key
    /// usage next to clientAuth, which the embedded broker requires for the service role.
    /// </summary>
    public IssuedCredential IssueService(string name, TimeSpan? validity = null)
    {
        ThingName.Validate(name);
        return Issue("CN=" + name + ", OU=" + ServiceIdentity.OrganizationalUnit,
            new OidCollection { ClientAuth, ServiceIdentity.UsageOid }, null, validity);
    }

    private IssuedCredential Issue(string subject, Oid usage, X509Extension? subjectAltName, TimeSpan? validity) =>
        Issue(subject, new OidCollection { usage }, subjectAltName, validity);

    /// <summary>
    /// Any client certificate, for tests that must present what the device and service commands refuse to make (a CN of
    /// '+', two CNs, 300 characters): an attacker who got such a certificate signed. Never used by the commands.
    /// </summary>
    public IssuedCredential IssueUnchecked(string subject, TimeSpan? validity = null) =>
        Issue(subject, new OidCollection { ClientAuth }, null, validity);

    private IssuedCredential Issue(string subject, OidCollection usages, X509Extension? subjectAltName, TimeSpan? validity)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        if (subjectAltName != null) request.CertificateExtensions.Add(subjectAltName);

        DateTimeOffset now = DateTimeOffset.UtcNow;
        DateTimeOffset notBefore = now - ClockSkew;
        DateTimeOffset notAfter = now + (validity ?? DefaultLeafValidity);
        // A leaf may not outlive its issuer.
        if (notAfter > Certificate.NotAfter.ToUniversalTime()) notAfter = Certificate.NotAfter.ToUniversalTime();

        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive INTEGER
        serial[0] |= 0x01; // and no leading zero octet
        using X509Certificate2 publicOnly = request.Create(Certificate, notBefore, notAfter, serial);
        return new IssuedCredential(publicOnly.CopyWithPrivateKey(key), key);
    }

    public void Dispose() => Credential.Dispose();
}
