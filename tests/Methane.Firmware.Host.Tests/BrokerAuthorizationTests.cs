using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Firmware.Host.Adapters.Pki;
using Methane.Firmware.Host.Broker;
using Methane.Testing;
using Xunit;

namespace Methane.Firmware.Host.Tests;

/// <summary>The embedded broker enforces the IoT policy: a thing publishes and subscribes only under its own name.</summary>
public sealed class BrokerAuthorizationTests : IAsyncLifetime
{
    private readonly TestPki _pki = TestPki.Create("broker");
    private EmbeddedBroker _broker = null!;
    private readonly List<MqttNetTransport> _clients = new();

    public async Task InitializeAsync()
    {
        var server = TlsCredentials.LoadCertificateWithKey(_pki.ServerCertificatePath, _pki.ServerKeyPath);
        var sites = new Dictionary<string, string> { ["dev-a"] = "site-1", ["dev-b"] = "site-1" };
        _broker = await EmbeddedBroker.StartAsync(server, _pki.CaCertificate(), new ThingPolicy(["observer"], t => sites.GetValueOrDefault(t)));
    }

    public async Task DisposeAsync()
    {
        foreach (var c in _clients) c.Dispose();
        await _broker.DisposeAsync();
        _pki.Dispose();
    }

    private MqttNetTransport Client(string certificateCn)
    {
        var files = _pki.Device(certificateCn);
        var t = new MqttNetTransport(MqttNetTransportOptions.FromPemFiles("127.0.0.1", _broker.Port, _pki.CaCertificatePath, files.CertificatePath, files.KeyPath));
        _clients.Add(t);
        return t;
    }

    [Fact]
    public void A_device_cannot_publish_under_another_thing()
    {
        var observer = Client("observer");
        var received = new List<string>();
        observer.MessageReceived += (topic, _, _, _) => { lock (received) received.Add(topic); };
        Assert.Equal(MqttTransportStatus.Ok, observer.Connect("observer", 30, true, null!, null!));
        Assert.Equal(MqttTransportStatus.Ok, observer.Subscribe("#", 1));

        var a = Client("dev-a");
        var acked = new List<(int, bool)>();
        a.PublishCompleted += (id, ok) => { lock (acked) acked.Add((id, ok)); };
        Assert.Equal(MqttTransportStatus.Ok, a.Connect("dev-a", 30, true, null!, null!));
        byte[] body = "{}"u8.ToArray();
        Assert.Equal(MqttTransportStatus.Ok, a.Publish("dt/methane/site-1/dev-a/telemetry", body, 0, body.Length, 1, out _));
        Assert.True(SpinWait.SpinUntil(() => { lock (received) return received.Count == 1; }, TimeSpan.FromSeconds(5)), "own-topic publish not delivered");

        a.Publish("dt/methane/site-1/dev-b/telemetry", body, 0, body.Length, 1, out _);
        Assert.True(SpinWait.SpinUntil(() => !a.IsConnected, TimeSpan.FromSeconds(5))); // like AWS IoT Core: a policy violation closes the connection
        Assert.Equal(1, _broker.DeniedPublishes);
        // Sentinel: dev-b publishes on its own topic after the denial was decided; once it arrives, a leaked copy of the
        // denied message would have arrived before it.
        var b = Client("dev-b");
        Assert.Equal(MqttTransportStatus.Ok, b.Connect("dev-b", 30, true, null!, null!));
        Assert.Equal(MqttTransportStatus.Ok, b.Publish("dt/methane/site-1/dev-b/health", body, 0, body.Length, 1, out _));
        Assert.True(SpinWait.SpinUntil(() => { lock (received) return received.Count >= 2; }, TimeSpan.FromSeconds(5)), "sentinel not delivered");
        lock (received) Assert.Equal(["dt/methane/site-1/dev-a/telemetry", "dt/methane/site-1/dev-b/health"], received);
    }

    [Fact]
    public void Wrong_site_and_foreign_shadow_topics_are_denied_own_shadow_allowed()
    {
        var policy = new ThingPolicy(["observer"], t => t == "dev-a" ? "site-1" : null);
        Assert.True(policy.MayPublish("dev-a", "dt/methane/site-1/dev-a/alarm"));
        Assert.False(policy.MayPublish("dev-a", "dt/methane/site-2/dev-a/alarm"));     // not its site attribute
        Assert.True(policy.MayPublish("dev-a", "$aws/things/dev-a/shadow/update"));
        Assert.False(policy.MayPublish("dev-a", "$aws/things/dev-b/shadow/update"));
        Assert.False(policy.MayPublish("dev-a", "dt/methane/site-1/dev-a/#"));
        Assert.True(policy.MaySubscribe("dev-a", "$aws/things/dev-a/jobs/+/update/+"));
        Assert.False(policy.MaySubscribe("dev-a", "$aws/things/+/shadow/update/delta"));
        Assert.False(policy.MaySubscribe("dev-a", "dt/methane/#"));
        Assert.True(policy.MaySubscribe("observer", "dt/methane/#"));
        Assert.False(policy.MayPublish("observer", "dt/methane/site-1/dev-a/telemetry"));
    }

    [Fact]
    public void Subscribing_to_another_things_topics_is_refused()
    {
        var a = Client("dev-a");
        Assert.Equal(MqttTransportStatus.Ok, a.Connect("dev-a", 30, true, null!, null!));
        Assert.Equal(MqttTransportStatus.Ok, a.Subscribe("$aws/things/dev-a/shadow/update/delta", 1));
        Assert.Equal(MqttTransportStatus.SubscribeRejected, a.Subscribe("$aws/things/dev-b/shadow/update/delta", 1));
        Assert.Equal(1, _broker.DeniedSubscriptions);
    }

    [Fact]
    public void A_client_id_other_than_the_certificate_cn_is_refused()
    {
        var a = Client("dev-a");
        Assert.Equal(MqttTransportStatus.Refused, a.Connect("dev-b", 30, true, null!, null!));
        Assert.Equal(1, _broker.RefusedConnects);
    }
}
