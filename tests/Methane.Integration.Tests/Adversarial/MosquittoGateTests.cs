using System.Text;
using Methane.Broker;
using Methane.Pki;
using Methane.Testing;
using MQTTnet;
using Xunit;

namespace Methane.Integration.Tests.Adversarial;

/// <summary>
/// What the methane-gate plugin adds to Mosquitto beyond the attempts the suite runs on both brokers: its options are
/// validated with a message naming the option, and a service (service EKU) may run several clients as CN-suffix, which
/// use_username_as_clientid used to collapse into one client id (the second took the first one's session).
/// </summary>
[Collection("adversarial brokers")]
public sealed class MosquittoGateTests : IClassFixture<BrokerPair>
{
    private readonly BrokerPair _pair;

    public MosquittoGateTests(BrokerPair pair)
    {
        _pair = pair;
    }

    [MosquittoFact]
    public void A_bad_plugin_option_stops_the_broker_with_the_option_named()
    {
        var e = Assert.Throws<MosquittoStartException>(() =>
            LocalMosquitto.Start(_pair.Pki.Layout, new MosquittoSettings { PublishesPerSecond = -5, Persistence = false }).Dispose());
        Assert.Contains("plugin_opt_publishes_per_second is '-5' (expected an integer from 0 to 1000000)", e.Message);
    }

    [MosquittoFact]
    public async Task Two_clients_of_one_service_keep_their_own_sessions()
    {
        int port = _pair.Mosquitto.Port;
        await using Observer first = await Observer.StartAsync(port, _pair.Pki.ClientCertificate(ServiceIdentity.Pipeline), ServiceIdentity.Pipeline + "-plain");
        await using Observer second = await Observer.StartAsync(port, _pair.Pki.ClientCertificate(ServiceIdentity.Pipeline), ServiceIdentity.Pipeline + "-store");
        string token = "both-" + Guid.NewGuid().ToString("N");
        using (Mqtt5.Releaser.Of(await Mqtt5.ConnectAsync(Mqtt5.Options(port, _pair.Pki.ClientCertificate("dev-a"), "dev-a")), out IMqttClient a))
        {
            Assert.Equal("ok", await Mqtt5.PublishAsync(a, $"dt/methane/{BrokerPair.Site}/dev-a/telemetry", Encoding.UTF8.GetBytes(token)));
        }
        Assert.True(await first.WaitForAsync(token, TimeSpan.FromSeconds(15)), "the first service client lost its session");
        Assert.True(await second.WaitForAsync(token, TimeSpan.FromSeconds(15)), "the second service client never got the message");
    }

    [MosquittoFact]
    public async Task A_service_publishes_only_the_service_side_of_shadows_and_jobs()
    {
        int port = _pair.Mosquitto.Port;
        await using Observer witness = await Observer.StartAsync(port, _pair.Pki.ClientCertificate(ServiceIdentity.Observer), ServiceIdentity.Observer);
        IMqttClient admin = await Mqtt5.ConnectAsync(Mqtt5.Options(port, _pair.Pki.ClientCertificate(ServiceIdentity.Admin), ServiceIdentity.Admin));
        using Mqtt5.Releaser adminReleaser = new(admin);
        string delta = "delta-" + Guid.NewGuid().ToString("N");
        string forged = "forged-" + Guid.NewGuid().ToString("N");
        Assert.Equal("NotAuthorized", await Mqtt5.PublishAsync(admin, $"dt/methane/{BrokerPair.Site}/dev-a/telemetry", Encoding.UTF8.GetBytes(forged)));
        Assert.Equal("ok", await Mqtt5.PublishAsync(admin, "$aws/things/dev-a/shadow/update/delta", Encoding.UTF8.GetBytes(delta)));
        Assert.True(await witness.WaitForAsync(delta, TimeSpan.FromSeconds(15)));
        Assert.False(witness.Saw(forged)); // sent before the delta on the same connection
        // The embedded broker's rule, word for word: the two must not drift apart.
        Assert.NotNull(new PolicyEvaluator(_ => BrokerPair.Site).CheckPublish(ServiceIdentity.Admin, true, $"dt/methane/{BrokerPair.Site}/dev-a/telemetry", false));
    }
}
