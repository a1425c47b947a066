using System.Security.Cryptography.X509Certificates;
using Methane.Broker;
using Methane.Firmware.Host.Broker;
using Methane.Firmware.Host.Fleet;
using Methane.Pki;

namespace Methane.Firmware.Host.Commands;

/// <summary>
/// <c>broker --pki DIR [--port N] [--registry FILE]</c>: the embedded broker alone in its own process (as Mosquitto runs),
/// with the development PKI in DIR (ca.pem, server.pem, server-key.pem) and the things' sites from FILE (lines
/// "thing site"). It prints "listening on 127.0.0.1:PORT" and runs until its standard input closes.
/// </summary>
public static class BrokerCommand
{
    public const string Usage =
        "usage: methane-host broker --pki DIR [--port N] [--registry FILE]\n" +
        "  the embedded broker on 127.0.0.1 (TLS 1.2+, client certificates from DIR's CA, the per-thing policy); FILE lists\n" +
        "  'thing site' per line (a thing not listed publishes no data). Runs until standard input closes.";

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length > 0 && args[0] is "help" or "-h" or "--help")
        {
            stdout.WriteLine(Usage);
            return 0;
        }
        if (!CommandArguments.TryParse(args, new[] { "--pki", "--port", "--registry" }, Array.Empty<string>(), out CommandArguments a, out string error)
            || a.Option("--pki") is not string pkiDirectory)
        {
            stderr.WriteLine("broker: " + (error.Length > 0 ? error : "--pki DIR is required"));
            stderr.WriteLine(Usage);
            return 2;
        }
        int port = 0;
        if (a.Option("--port") is string p && (!int.TryParse(p, out port) || port is < 0 or > 65535))
        {
            stderr.WriteLine($"broker: --port '{p}': expected 0-65535");
            return 2;
        }
        var sites = new Dictionary<string, string>(StringComparer.Ordinal);
        if (a.Option("--registry") is string registry)
        {
            foreach (string line in File.ReadLines(registry))
            {
                string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2) sites[parts[0]] = parts[1];
            }
        }
        FileDescriptorLimit.Raise(1 << 20);
        var pki = new PkiDirectory(pkiDirectory);
        X509Certificate2 server = TlsCredentials.LoadCertificateWithKey(pki.ServerCertificatePath, pki.ServerKeyPath);
        X509Certificate2 ca = X509CertificateLoader.LoadCertificateFromFile(pki.CaCertificatePath);
        await using EmbeddedBroker broker = await EmbeddedBroker.StartAsync(server, ca, new PolicyEvaluator(t => sites.GetValueOrDefault(t)), port);
        stdout.WriteLine($"listening on 127.0.0.1:{broker.Port} ({sites.Count} things registered)");
        stdout.Flush();
        await Task.Run(() => { while (stdin.Read() >= 0) { } });
        stdout.WriteLine($"broker: {broker.Connects} CONNECTs accepted, {broker.RefusedConnects} refused, {broker.Publishes} publishes, " +
                         $"{broker.DeniedPublishes} denied, {broker.ThrottledPublishes} throttled, {broker.Deliveries} deliveries");
        return 0;
    }
}
