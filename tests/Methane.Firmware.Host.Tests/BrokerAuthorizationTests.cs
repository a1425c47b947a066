using Methane.Broker;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Pki;
using Methane.Firmware.Host.Broker;
using Methane.Testing;
using Xunit;

namespace Methane.Firmware.Host.Tests;

/// <summary>The embedded broker enforces the IoT policy: a thing publishes and subscribes only under its own name (more in Methane.Integration.Tests/Adversarial).</summary>
public sealed class BrokerAuthorizationTests : IAsyncLifetime
{
    private readonly TestPki _pki = TestPki.Create("broker");
    private EmbeddedBroker _broker = null!;
    private readonly List<MqttNetTransport> _clients = new();

    public async Task InitializeAsync()
    {
        var server = TlsCredentials.LoadCertificateWithKey(_pki.ServerCertificatePath, _pki.ServerKeyPath);
        var sites = new Dictionary<string, string> { ["dev-a"] = "site-1", ["dev-b"] = "site-1" };
        _broker = await EmbeddedBroker.StartAsync(server, _pki.CaCertificate(), new PolicyEvaluator(t => sites.GetValueOrDefault(t)));
    }

    public async Task DisposeAsync()
    {
        foreach (var c in _clients) c.Dispose();
        await _broker.DisposeAsync();
        _pki.Dispose();
    }

    private MqttNetTransport Client(string certificateCn)
    {
        var files = ServiceIdentity.IsReserved(certificateCn) ? _pki.Service(certificateCn) : _pki.Device(certificateCn);
        var t = new MqttNetTransport(MqttNetTransportOptions.FromPemFiles("127.0.0.1", _broker.Port, _pki.CaCertificatePath, files.CertificatePath, files.KeyPath));
        _clients.Add(t);
        return t;
    }

    [Fact]
    public void A_device_cannot_publish_under_another_thing()
    {
        var observer = Client(ServiceIdentity.Observer);
        var received = new List<string>();
        observer.MessageReceived += (topic, _, _, _) => { lock (received) received.Add(topic); };
        Assert.Equal(MqttTransportStatus.Ok, observer.Connect(ServiceIdentity.Observer, 30, true, null!, null!));
        Assert.Equal(MqttTransportStatus.Ok, observer.Subscribe("#", 1));
        var b = Client("dev-b");
        Assert.Equal(MqttTransportStatus.Ok, b.Connect("dev-b", 30, true, null!, null!));

        var a = Client("dev-a");
        var acked = new List<(int, bool)>();
        a.PublishCompleted += (id, ok) => { lock (acked) acked.Add((id, ok)); };
        Assert.Equal(MqttTransportStatus.Ok, a.Connect("dev-a", 30, true, null!, null!));
        byte[] body = "{}"u8.ToArray();
        Assert.Equal(MqttTransportStatus.Ok, a.Publish("dt/methane/site-1/dev-a/telemetry", body, 0, body.Length, 1, out _));
        Assert.True(SpinWait.SpinUntil(() => { lock (received) return received.Count == 1; }, TimeSpan.FromSeconds(5)));

        a.Publish("dt/methane/site-1/dev-b/telemetry", body, 0, body.Length, 1, out _);
        Assert.True(SpinWait.SpinUntil(() => !a.IsConnected, TimeSpan.FromSeconds(5)));

        Assert.False(a.IsConnected);                         // like AWS IoT Core: a policy violation closes the connection
        Assert.Equal(1, _broker.DeniedPublishes);
        // dev-b's own reading is the signal that anything dev-a's forged publish could have produced has arrived.
        Assert.Equal(MqttTransportStatus.Ok, b.Publish("dt/methane/site-1/dev-b/health", body, 0, body.Length, 1, out _));
        Assert.True(SpinWait.SpinUntil(() => { lock (received) return received.Count == 2; }, TimeSpan.FromSeconds(5)));
        lock (received) Assert.Equal(["dt/methane/site-1/dev-a/telemetry", "dt/methane/site-1/dev-b/health"], received);
    }

    [Fact]
    public void Wrong_site_and_foreign_shadow_topics_are_denied_own_shadow_allowed()
    {
        var policy = new PolicyEvaluator(t => t == "dev-a" ? "site-1" : null);
        Assert.Null(policy.CheckPublish("dev-a", false, "dt/methane/site-1/dev-a/alarm", false));
        Assert.NotNull(policy.CheckPublish("dev-a", false, "dt/methane/site-2/dev-a/alarm", false));     // not its site attribute
        Assert.NotNull(policy.CheckPublish("dev-a", false, "dt/methane/site-1/dev-a/alarm", true));      // retained
        Assert.Null(policy.CheckPublish("dev-a", false, "$aws/things/dev-a/shadow/update", false));
        Assert.NotNull(policy.CheckPublish("dev-a", false, "$aws/things/dev-a/shadow/update/accepted", false)); // the service's reply
        Assert.NotNull(policy.CheckPublish("dev-a", false, "$aws/things/dev-b/shadow/update", false));
        Assert.NotNull(policy.CheckPublish("dev-a", false, "dt/methane/site-1/dev-a/#", false));
        Assert.Null(policy.CheckPublish("dev-a", false, "$aws/things/dev-a/jobs/job_1-a/update", false));
        Assert.NotNull(policy.CheckPublish("dev-a", false, "$aws/things/dev-a/jobs/job.1/update", false));  // not a job id
        Assert.NotNull(policy.CheckPublish("dev-x", false, "dt/methane/site-1/dev-x/telemetry", false));  // no registered site
        Assert.Null(policy.CheckSubscribe("dev-a", false, "$aws/things/dev-a/jobs/+/update/+"));
        Assert.NotNull(policy.CheckSubscribe("dev-a", false, "$aws/things/+/shadow/update/delta"));
        Assert.NotNull(policy.CheckSubscribe("dev-a", false, "dt/methane/#"));
        Assert.NotNull(policy.CheckSubscribe("dev-a", false, "$aws/things/dev-a/#"));                   // wider than its rules
        Assert.Null(policy.CheckSubscribe(ServiceIdentity.Observer, true, "dt/methane/#"));
        Assert.NotNull(policy.CheckPublish(ServiceIdentity.Observer, true, "dt/methane/site-1/dev-a/telemetry", false));
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
