using System.Security.Cryptography.X509Certificates;
using Methane.Broker;
using Methane.Firmware.Host.Broker;
using Methane.Pki;
using Methane.Testing;

namespace Methane.Integration.Tests.Adversarial;

/// <summary>
/// One embedded broker and one Mosquitto, both from the project's own policy and launcher, sharing one throwaway PKI and
/// one thing registry (dev-a, dev-b, the marker and flood devices on site-1; dev-nosite registered nowhere).
/// </summary>
public sealed class BrokerPair : IAsyncDisposable, IDisposable
{
    public const string Site = "site-1";
    public static readonly string[] Things = { "dev-a", "dev-b", "dev-marker", "dev-flood", "dev-calm-1", "dev-calm-2", "dev-calm-3" };

    private readonly Lazy<LocalMosquitto> _mosquitto;
    private readonly Lazy<EmbeddedBroker> _embedded;

    public BrokerPair()
    {
        Pki = TestPki.Create("adversarial");
        Sites = Things.ToDictionary(t => t, _ => Site, StringComparer.Ordinal);
        _embedded = new Lazy<EmbeddedBroker>(() =>
        {
            X509Certificate2 server = TlsCredentials.LoadCertificateWithKey(Pki.ServerCertificatePath, Pki.ServerKeyPath);
            return EmbeddedBroker.StartAsync(server, Pki.CaCertificate(), new PolicyEvaluator(t => Sites.GetValueOrDefault(t))).GetAwaiter().GetResult();
        });
        _mosquitto = new Lazy<LocalMosquitto>(() => LocalMosquitto.Start(Pki.Layout, new MosquittoSettings { Sites = Sites, Persistence = false }));
    }

    public TestPki Pki { get; }
    public Dictionary<string, string> Sites { get; }

    public EmbeddedBroker Embedded => _embedded.Value;
    public LocalMosquitto Mosquitto => _mosquitto.Value;

    public int Port(string kind) => kind == BrokerKind.Embedded ? Embedded.Port : Mosquitto.Port;

    /// <summary>Resident memory of the broker: Mosquitto's process, or this process's managed heap for the embedded one.</summary>
    public long MemoryBytes(string kind)
    {
        if (kind == BrokerKind.Embedded)
        {
            GC.Collect();
            return GC.GetTotalMemory(true);
        }
        foreach (string line in File.ReadLines($"/proc/{Mosquitto.ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        if (_embedded.IsValueCreated) await _embedded.Value.DisposeAsync();
        if (_mosquitto.IsValueCreated) _mosquitto.Value.Dispose();
        Pki.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
