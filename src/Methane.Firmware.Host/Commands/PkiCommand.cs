using Methane.Pki;

namespace Methane.Firmware.Host.Commands;

/// <summary><c>pki init | device THING | service NAME | csr THING [--out DIR] [--force]</c>: the development PKI (see certs/README.md).</summary>
public static class PkiCommand
{
    private static readonly string Usage =
        "usage: methane-host pki init [--out DIR] [--force]      development CA + broker certificate (localhost, 127.0.0.1, ::1)\n" +
        "       methane-host pki device THING [--out DIR] [--force]  device certificate with CN = THING, signed by the development CA\n" +
        "       methane-host pki service NAME [--out DIR] [--force]  service certificate (pipeline, observer: reads every device's topics);\n" +
        "                                                            names: " + string.Join(", ", ServiceIdentity.ReservedNames) + " (and NAME-…)\n" +
        "       methane-host pki csr THING [--out DIR] [--force]     key + PKCS#10 CSR for 'aws iot create-certificate-from-csr'\n" +
        "DIR defaults to certs/out under the repository root (git-ignored). Private keys are written with mode 600.";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "help" or "-h" or "--help")
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        if (!CommandArguments.TryParse(args[1..], new[] { "--out" }, new[] { "--force" }, out CommandArguments parsed, out string error))
        {
            return UsageError(stderr, error);
        }
        var layout = new PkiDirectory(parsed.Option("--out") ?? DefaultDirectory());
        bool force = parsed.Flag("--force");
        try
        {
            switch (args[0])
            {
                case "init":
                    if (parsed.Positional.Count != 0) return UsageError(stderr, "'pki init' takes no thing name");
                    return Init(layout, force, stdout);
                case "device":
                    if (!TryThing(parsed, stderr, out string device)) return 2;
                    return Device(layout, device, force, stdout, stderr);
                case "service":
                    if (!TryThing(parsed, stderr, out string service)) return 2;
                    return Service(layout, service, force, stdout, stderr);
                case "csr":
                    if (!TryThing(parsed, stderr, out string thing)) return 2;
                    return Csr(layout, thing, force, stdout, stderr);
                default:
                    return UsageError(stderr, $"unknown pki command '{args[0]}'");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            stderr.WriteLine("pki: " + e.Message);
            return 1;
        }
    }

    /// <summary><c>certs/out</c> under the nearest ancestor of the working directory holding Firmware.sln, else under it.</summary>
    public static string DefaultDirectory()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Firmware.sln"))) return Path.Combine(dir.FullName, "certs", "out");
        }
        return Path.Combine(Environment.CurrentDirectory, "certs", "out");
    }

    private static int Init(PkiDirectory layout, bool force, TextWriter stdout)
    {
        if (layout.HasCa && !force)
        {
            stdout.WriteLine($"pki: a development CA already exists in {layout.Root}; kept it " +
                             "(--force replaces it and invalidates every certificate it issued)");
            return 0;
        }
        using DevCertificateAuthority ca = layout.InitializeCa();
        stdout.WriteLine($"pki: development CA   {layout.CaCertificatePath}  (key {layout.CaKeyPath}, mode 600)");
        stdout.WriteLine($"     valid until {ca.Certificate.NotAfter:yyyy-MM-dd}, SHA-256 {ca.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)}");
        stdout.WriteLine($"pki: broker certificate {layout.ServerCertificatePath}  (localhost, 127.0.0.1, ::1; key {layout.ServerKeyPath}, mode 600)");
        return 0;
    }

    private static int Device(PkiDirectory layout, string thing, bool force, TextWriter stdout, TextWriter stderr)
    {
        if (!layout.HasCa)
        {
            stderr.WriteLine($"pki: no development CA in {layout.Root}; run 'pki init' first (with the same --out)");
            return 1;
        }
        if (File.Exists(layout.DeviceCertificatePath(thing)) && !force)
        {
            stderr.WriteLine($"pki: {layout.DeviceCertificatePath(thing)} exists; pass --force to issue a new certificate and key");
            return 1;
        }
        if (ServiceIdentity.IsReserved(thing))
        {
            stderr.WriteLine($"pki: '{thing}' is a service identity; issue it with 'pki service {thing}'");
            return 2;
        }
        using DevCertificateAuthority ca = layout.LoadCa();
        using IssuedCredential device = ca.IssueDevice(thing);
        layout.WriteDevice(thing, device);
        stdout.WriteLine($"pki: device {thing}: {layout.DeviceCertificatePath(thing)}  (key {layout.DeviceKeyPath(thing)}, mode 600), " +
                         $"valid until {device.Certificate.NotAfter:yyyy-MM-dd}");
        return 0;
    }

    private static int Service(PkiDirectory layout, string name, bool force, TextWriter stdout, TextWriter stderr)
    {
        if (!ServiceIdentity.IsReserved(name))
        {
            stderr.WriteLine($"pki: '{name}' is not a service name (expected one of {string.Join(", ", ServiceIdentity.ReservedNames)}, optionally with a -suffix)");
            return 2;
        }
        if (!layout.HasCa)
        {
            stderr.WriteLine($"pki: no development CA in {layout.Root}; run 'pki init' first (with the same --out)");
            return 1;
        }
        if (File.Exists(layout.ServiceCertificatePath(name)) && !force)
        {
            stderr.WriteLine($"pki: {layout.ServiceCertificatePath(name)} exists; pass --force to issue a new certificate and key");
            return 1;
        }
        using DevCertificateAuthority ca = layout.LoadCa();
        using IssuedCredential service = ca.IssueService(name);
        layout.WriteService(name, service);
        stdout.WriteLine($"pki: service {name}: {layout.ServiceCertificatePath(name)}  (key {layout.ServiceKeyPath(name)}, mode 600), " +
                         $"extended key usage {ServiceIdentity.ServiceUsageOid}, valid until {service.Certificate.NotAfter:yyyy-MM-dd}");
        return 0;
    }

    private static int Csr(PkiDirectory layout, string thing, bool force, TextWriter stdout, TextWriter stderr)
    {
        if (File.Exists(layout.CsrKeyPath(thing)) && !force)
        {
            stderr.WriteLine($"pki: {layout.CsrKeyPath(thing)} exists; pass --force to replace the key (a certificate made from the old CSR will no longer match)");
            return 1;
        }
        using CertificateSigningRequest csr = CertificateSigningRequest.Create(thing);
        layout.WriteCsr(thing, csr);
        stdout.WriteLine($"pki: CSR for {thing}: {layout.CsrPath(thing)}  (key {layout.CsrKeyPath(thing)}, mode 600)");
        stdout.WriteLine($"     aws iot create-certificate-from-csr --set-as-active --certificate-signing-request file://{layout.CsrPath(thing)}");
        return 0;
    }

    private static bool TryThing(CommandArguments parsed, TextWriter stderr, out string thing)
    {
        thing = parsed.Positional.Count == 1 ? parsed.Positional[0] : "";
        if (parsed.Positional.Count != 1)
        {
            UsageError(stderr, "give exactly one thing name");
            return false;
        }
        if (!ThingName.IsValid(thing, out string reason))
        {
            stderr.WriteLine("pki: " + reason);
            return false;
        }
        return true;
    }

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine("pki: " + message);
        stderr.WriteLine(Usage);
        return 2;
    }
}
