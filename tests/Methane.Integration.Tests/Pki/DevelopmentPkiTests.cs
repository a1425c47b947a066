using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Methane.Pki;
using Xunit;

namespace Methane.Integration.Tests.Pki;

/// <summary>
/// The development PKI, judged by RFC 5280 fields and by OpenSSL (an independent implementation), not by the code that made it.
/// </summary>
public sealed class DevelopmentPkiTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "methane-pkitest-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void The_CA_is_a_self_signed_P256_CA_that_may_only_sign_end_entities()
    {
        using DevCertificateAuthority ca = DevCertificateAuthority.Create();
        X509Certificate2 cert = ca.Certificate;
        Assert.Equal(cert.SubjectName.RawData, cert.IssuerName.RawData);
        var bc = cert.Extensions.OfType<X509BasicConstraintsExtension>().Single();
        Assert.True(bc.Critical);
        Assert.True(bc.CertificateAuthority);
        Assert.True(bc.HasPathLengthConstraint);
        Assert.Equal(0, bc.PathLengthConstraint);
        var ku = cert.Extensions.OfType<X509KeyUsageExtension>().Single();
        Assert.True(ku.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));
        Assert.Equal("1.2.840.10045.2.1", cert.PublicKey.Oid.Value); // id-ecPublicKey
        using ECDsa? key = cert.GetECDsaPublicKey();
        Assert.Equal(256, key!.KeySize);
        Assert.Equal("1.2.840.10045.4.3.2", cert.SignatureAlgorithm.Value); // ecdsa-with-SHA256
    }

    [Fact]
    public void A_device_certificate_has_the_thing_name_as_CN_and_is_for_client_authentication_only()
    {
        using DevCertificateAuthority ca = DevCertificateAuthority.Create();
        using IssuedCredential device = ca.IssueDevice("ch4-site7-0042");
        X509Certificate2 cert = device.Certificate;
        Assert.Equal("CN=ch4-site7-0042", cert.Subject);
        Assert.Equal(ca.Certificate.SubjectName.RawData, cert.IssuerName.RawData);
        var eku = cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal(new[] { "1.3.6.1.5.5.7.3.2" }, eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value)); // id-kp-clientAuth
        Assert.False(cert.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.True(cert.HasPrivateKey);
        Assert.True(cert.NotAfter <= ca.Certificate.NotAfter);
    }

    [Theory]
    [InlineData("")]
    [InlineData("dev/1")]
    [InlineData("dev+1")]
    [InlineData("dev#")]
    [InlineData("../etc")]
    [InlineData("dev 1")]
    [InlineData("dev:1")]
    public void A_thing_name_that_cannot_be_a_topic_segment_or_file_name_is_refused(string name)
    {
        using DevCertificateAuthority ca = DevCertificateAuthority.Create();
        Assert.Throws<ArgumentException>(() => ca.IssueDevice(name));
    }

    [Fact]
    public void A_thing_name_of_65_characters_is_refused_and_64_accepted()
    {
        // The telemetry schema's thing pattern ^[A-Za-z0-9_-]{1,64}$ (tighter than AWS IoT's 128 with ':').
        Assert.False(ThingName.IsValid(new string('a', 65), out _));
        Assert.True(ThingName.IsValid(new string('a', 64), out _));
        Assert.False(ThingName.IsValid("dev:1", out string reason));
        Assert.Contains("':'", reason);
    }

    [Fact]
    public void Written_files_verify_with_openssl_and_every_private_key_is_mode_600()
    {
        var layout = new PkiDirectory(_dir);
        using (DevCertificateAuthority ca = layout.InitializeCa())
        using (IssuedCredential device = ca.IssueDevice("dev-ossl"))
        {
            layout.WriteDevice("dev-ossl", device);
        }
        using (CertificateSigningRequest csr = CertificateSigningRequest.Create("dev-csr"))
        {
            layout.WriteCsr("dev-csr", csr);
        }

        string[] keys = { layout.CaKeyPath, layout.ServerKeyPath, layout.DeviceKeyPath("dev-ossl"), layout.CsrKeyPath("dev-csr") };
        foreach (string key in keys)
        {
            if (OperatingSystem.IsWindows()) break;
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp-*", SearchOption.AllDirectories));

        if (!File.Exists("/usr/bin/openssl")) return; // the .NET-side assertions above still ran
        Assert.Equal("OK", OpenSsl("verify", "-CAfile", layout.CaCertificatePath, "-purpose", "sslclient", layout.DeviceCertificatePath("dev-ossl")).Split(": ").Last());
        Assert.Equal("OK", OpenSsl("verify", "-CAfile", layout.CaCertificatePath, "-purpose", "sslserver", "-verify_ip", "127.0.0.1", layout.ServerCertificatePath).Split(": ").Last());
        Assert.Equal("OK", OpenSsl("verify", "-CAfile", layout.CaCertificatePath, "-verify_hostname", "localhost", layout.ServerCertificatePath).Split(": ").Last());
        // The device certificate is not a server certificate.
        Assert.NotEqual("OK", OpenSsl("verify", "-CAfile", layout.CaCertificatePath, "-purpose", "sslserver", layout.DeviceCertificatePath("dev-ossl")).Split(": ").Last());
        // The key files hold the keys of the certificates (same public key).
        Assert.Equal(OpenSsl("x509", "-in", layout.DeviceCertificatePath("dev-ossl"), "-noout", "-pubkey"),
            OpenSsl("pkey", "-in", layout.DeviceKeyPath("dev-ossl"), "-pubout"));
        // The CSR is self-consistent PKCS#10 with the thing as subject.
        string csrText = OpenSsl("req", "-in", layout.CsrPath("dev-csr"), "-noout", "-verify", "-subject");
        Assert.Contains("verify OK", csrText, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("CN = dev-csr", csrText);
        Assert.Equal(OpenSsl("req", "-in", layout.CsrPath("dev-csr"), "-noout", "-pubkey"),
            OpenSsl("pkey", "-in", layout.CsrKeyPath("dev-csr"), "-pubout"));
    }

    [Fact]
    public void A_CA_written_to_disk_loads_back_and_keeps_issuing_certificates_that_chain_to_it()
    {
        var layout = new PkiDirectory(_dir);
        byte[] original;
        using (DevCertificateAuthority ca = layout.InitializeCa()) original = ca.Certificate.RawData;
        using DevCertificateAuthority loaded = layout.LoadCa();
        Assert.Equal(original, loaded.Certificate.RawData);
        using IssuedCredential device = loaded.IssueDevice("dev-reload");
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(original));
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(device.Certificate), string.Join(", ", chain.ChainStatus.Select(s => s.Status)));
    }

    private static string OpenSsl(params string[] args)
    {
        var info = new ProcessStartInfo("/usr/bin/openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) info.ArgumentList.Add(a);
        using Process p = Process.Start(info)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return output.Trim();
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
