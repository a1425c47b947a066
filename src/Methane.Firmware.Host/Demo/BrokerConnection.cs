using System.Security.Cryptography.X509Certificates;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Pki;
using Methane.Firmware.Host.Broker;
using Methane.Firmware.Host.Jobs;

namespace Methane.Firmware.Host.Demo;

/// <summary>
/// Where the devices connect: the embedded broker (development PKI generated when absent, device certificates issued per
/// thing) or an external broker from --broker/--ca/--cert/--key. Disposing stops the embedded broker.
/// </summary>
public sealed class BrokerConnection : IAsyncDisposable
{
    private BrokerConnection(EmbeddedBroker? broker, Func<string, MqttNetTransportOptions> device, MqttNetTransportOptions? observer,
        (X509Certificate2, X509Certificate2)? pipelineIdentity, string description, LocalOta? ota = null)
    {
        Ota = ota;
        Broker = broker;
        DeviceOptions = device;
        ObserverOptions = observer;
        PipelineIdentity = pipelineIdentity;
        Description = description;
    }

    public EmbeddedBroker? Broker { get; }
    /// <summary>The jobs service and OTA image server of the local stack (embedded broker only).</summary>
    public LocalOta? Ota { get; }
    public Func<string, MqttNetTransportOptions> DeviceOptions { get; }
    public MqttNetTransportOptions? ObserverOptions { get; }
    /// <summary>The local cloud pipeline's client certificate (CN methane-pipeline, observer role) and the CA; embedded broker only.</summary>
    public (X509Certificate2 Certificate, X509Certificate2 Ca)? PipelineIdentity { get; }
    public const string PipelineClientId = "methane-pipeline";
    public string Description { get; }

    public static async Task<BrokerConnection> CreateAsync(DemoOptions options, IReadOnlyList<(string Thing, string Site)> things, Action<string> info)
    {
        if (options.Broker != null)
        {
            (string host, int port) = ParseBroker(options.Broker);
            var anchors = TlsCredentials.LoadTrustAnchors(options.Ca!);
            var cert = TlsCredentials.LoadCertificateWithKey(options.Cert!, options.Key!);
            MqttNetTransportOptions? observer = options.ObserverCert != null && options.ObserverKey != null
                ? new MqttNetTransportOptions(host, port, TlsCredentials.LoadCertificateWithKey(options.ObserverCert, options.ObserverKey), anchors)
                : null;
            return new BrokerConnection(null, _ => new MqttNetTransportOptions(host, port, cert, anchors), observer, null,
                $"broker: external mqtts://{host}:{port} as '{things[0].Thing}'" + (observer is null ? " (no --observer-cert: arrivals are not counted)" : ""));
        }

        var pki = new PkiDirectory(options.PkiDirectory);
        bool created = !pki.HasCa;
        using var ca = pki.LoadOrInitializeCa();
        info(created ? $"pki: generated a development CA in {pki.Root}" : $"pki: using the development CA in {pki.Root}");
        foreach (var (thing, _) in things)
        {
            if (File.Exists(pki.DeviceCertificatePath(thing))) continue;
            using var cred = ca.IssueDevice(thing);
            pki.WriteDevice(thing, cred);
        }
        var serverCert = TlsCredentials.LoadCertificateWithKey(pki.ServerCertificatePath, pki.ServerKeyPath);
        var sites = things.ToDictionary(t => t.Thing, t => t.Site);
        var policy = new Methane.Broker.PolicyEvaluator(t => sites.GetValueOrDefault(t));
        // AWS's 100 publishes/s per connection is a rate in the device's time; simulated time runs Speed times faster than
        // the wall clock (unbounded at Speed 0), so the broker scales the limit the same way instead of throttling a device
        // that keeps to it in its own time.
        int publishesPerSecond = options.Speed > 0
            ? (int)Math.Min(int.MaxValue, Math.Ceiling(Methane.Broker.DevicePolicy.PublishesPerSecond * Math.Max(1, options.Speed)))
            : int.MaxValue;
        var broker = await EmbeddedBroker.StartAsync(serverCert, ca.Certificate, policy, publishesPerSecond: publishesPerSecond).ConfigureAwait(false);
        if (publishesPerSecond != Methane.Broker.DevicePolicy.PublishesPerSecond)
            info(publishesPerSecond == int.MaxValue
                ? "broker: per-connection publish limit off (unpaced simulated time)"
                : $"broker: per-connection publish limit {publishesPerSecond}/s of wall time (100/s of device time at ×{options.Speed:G})");
        broker.Denied += reason => info("broker: " + reason);
        var trust = TlsCredentials.LoadTrustAnchors(pki.CaCertificatePath);
        int p = broker.Port;
        using var observerCred = ca.IssueService(Observer.DefaultClientId);
        var observerOptions = new MqttNetTransportOptions("127.0.0.1", p, TlsCredentials.ForTls(observerCred.Certificate), trust);
        using var pipelineCred = ca.IssueService(PipelineClientId);
        var pipelineIdentity = (TlsCredentials.ForTls(pipelineCred.Certificate), X509CertificateLoader.LoadCertificate(ca.Certificate.RawData));
        using var jobsCred = ca.IssueService(LocalJobsService.ClientId);
        using var imageServerCred = ca.IssueLocalhostServer();
        var ota = await LocalOta.StartAsync(new MqttNetTransportOptions("127.0.0.1", p, TlsCredentials.ForTls(jobsCred.Certificate), trust),
            TlsCredentials.ForTls(imageServerCred.Certificate), trust).ConfigureAwait(false);
        return new BrokerConnection(broker,
            thing => new MqttNetTransportOptions("127.0.0.1", p,
                TlsCredentials.LoadCertificateWithKey(pki.DeviceCertificatePath(thing), pki.DeviceKeyPath(thing)), trust),
            observerOptions, pipelineIdentity,
            $"broker: embedded MQTTnet on mqtts://127.0.0.1:{p} (TLS 1.2+, client certificate required, per-thing policy); " +
            $"jobs service and OTA images on https://127.0.0.1:{ota.Images.Port}", ota);
    }

    public static (string Thing, string Site) ExternalThing(DemoOptions options)
    {
        using var cert = X509Certificate2.CreateFromPemFile(options.Cert!);
        return (cert.GetNameInfo(X509NameType.SimpleName, false), options.Site);
    }

    public async ValueTask DisposeAsync()
    {
        if (Ota != null) await Ota.DisposeAsync().ConfigureAwait(false);
        if (Broker != null) await Broker.DisposeAsync().ConfigureAwait(false);
    }

    private static (string, int) ParseBroker(string value)
    {
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value[(colon + 1)..], out int port) || port is <= 0 or > 65535)
        {
            throw new ArgumentException($"--broker '{value}': expected host:port, e.g. localhost:8883");
        }
        return (value[..colon], port);
    }
}
