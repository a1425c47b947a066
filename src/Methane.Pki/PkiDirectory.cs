namespace Methane.Pki;

/// <summary>
/// The on-disk layout of a development PKI (default <c>certs/out/</c>, git-ignored):
/// <code>
/// ca.pem, ca-key.pem                        development CA
/// server.pem, server-key.pem                broker certificate for localhost, 127.0.0.1, ::1
/// devices/{thing}.pem, {thing}-key.pem      device certificate, CN = thing name
/// services/{name}.pem, {name}-key.pem       service certificate (pipeline, observer): service extended key usage
/// csr/{thing}.csr.pem, {thing}-key.pem      CSR for AWS CreateCertificateFromCsr and its key
/// </code>
/// Every *-key.pem is written with mode 600.
/// </summary>
public sealed class PkiDirectory
{
    public PkiDirectory(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string CaCertificatePath => Path.Combine(Root, "ca.pem");
    public string CaKeyPath => Path.Combine(Root, "ca-key.pem");
    public string ServerCertificatePath => Path.Combine(Root, "server.pem");
    public string ServerKeyPath => Path.Combine(Root, "server-key.pem");
    public string DevicesDirectory => Path.Combine(Root, "devices");
    public string CsrDirectory => Path.Combine(Root, "csr");
    public string ServicesDirectory => Path.Combine(Root, "services");

    public string DeviceCertificatePath(string thing) => Path.Combine(DevicesDirectory, Checked(thing) + ".pem");
    public string DeviceKeyPath(string thing) => Path.Combine(DevicesDirectory, Checked(thing) + "-key.pem");
    public string ServiceCertificatePath(string name) => Path.Combine(ServicesDirectory, Checked(name) + ".pem");
    public string ServiceKeyPath(string name) => Path.Combine(ServicesDirectory, Checked(name) + "-key.pem");
    public string CsrPath(string thing) => Path.Combine(CsrDirectory, Checked(thing) + ".csr.pem");
    public string CsrKeyPath(string thing) => Path.Combine(CsrDirectory, Checked(thing) + "-key.pem");

    public bool HasCa => File.Exists(CaCertificatePath) && File.Exists(CaKeyPath);

    /// <summary>Creates the CA and the localhost server certificate and writes both.</summary>
    public DevCertificateAuthority InitializeCa()
    {
        var ca = DevCertificateAuthority.Create();
        SecureFile.EnsureDirectory(Root);
        Write(ca.Credential, CaCertificatePath, CaKeyPath);
        using IssuedCredential server = ca.IssueLocalhostServer();
        Write(server, ServerCertificatePath, ServerKeyPath);
        return ca;
    }

    /// <summary>The existing CA, or a new one (with its server certificate) if there is none.</summary>
    public DevCertificateAuthority LoadOrInitializeCa() => HasCa ? LoadCa() : InitializeCa();

    public DevCertificateAuthority LoadCa()
    {
        if (!HasCa)
        {
            throw new FileNotFoundException(
                $"no development CA in {Root} (expected ca.pem and ca-key.pem; create them with 'pki init')", CaCertificatePath);
        }
        return DevCertificateAuthority.Load(CaCertificatePath, CaKeyPath);
    }

    public void WriteDevice(string thing, IssuedCredential device) =>
        Write(device, DeviceCertificatePath(thing), DeviceKeyPath(thing));

    public void WriteService(string name, IssuedCredential service) =>
        Write(service, ServiceCertificatePath(name), ServiceKeyPath(name));

    public void WriteCsr(string thing, CertificateSigningRequest csr)
    {
        SecureFile.WritePrivate(CsrKeyPath(thing), csr.PrivateKeyPem());
        SecureFile.WritePublic(CsrPath(thing), csr.Pem);
    }

    private static void Write(IssuedCredential credential, string certificatePath, string keyPath)
    {
        // Key first: a certificate on disk always has its key beside it.
        SecureFile.WritePrivate(keyPath, credential.PrivateKeyPem());
        SecureFile.WritePublic(certificatePath, credential.CertificatePem());
    }

    private static string Checked(string thing)
    {
        ThingName.Validate(thing); // also keeps path separators and ".." out of file names
        return thing;
    }
}
