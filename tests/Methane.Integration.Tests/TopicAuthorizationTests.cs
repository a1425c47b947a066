using System.Text;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Testing;
using Xunit;

namespace Methane.Integration.Tests;

/// <summary>The ACL mirrors the IoT policy: a device writes and reads only under its own thing name.</summary>
public sealed class TopicAuthorizationTests : IClassFixture<BrokerFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly BrokerFixture _fx;

    public TopicAuthorizationTests(BrokerFixture fx)
    {
        _fx = fx;
    }

    [MosquittoFact]
    public void Device_A_publishing_on_device_B_topics_delivers_nothing_while_its_own_topic_delivers()
    {
        MosquittoBroker broker = _fx.Broker;
        using MqttNetTransport observer = broker.CreateTransport(MosquittoBroker.ObserverIdentity);
        using var seen = new TransportRecorder(observer);
        Assert.Equal(MqttTransportStatus.Ok, observer.Connect(MosquittoBroker.ObserverIdentity, 30, true, null!, null!));
        Assert.Equal(MqttTransportStatus.Ok, observer.Subscribe("dt/methane/#", 1));
        Assert.Equal(MqttTransportStatus.Ok, observer.Subscribe("$aws/things/#", 1));

        using MqttNetTransport deviceA = broker.CreateTransport("acl-dev-a");
        using var a = new TransportRecorder(deviceA);
        Assert.Equal(MqttTransportStatus.Ok, deviceA.Connect("acl-dev-a", 30, true, null!, null!));

        string[] foreign =
        {
            "dt/methane/site-1/acl-dev-b/telemetry",
            "dt/methane/site-1/acl-dev-b/alarm",
            "$aws/things/acl-dev-b/shadow/update",
            "dt/methane/site-1/acl-dev-a-suffix/telemetry", // a prefix of A's name is not A's name
        };
        foreach (string topic in foreign) PublishText(deviceA, topic, "forged");
        // Sent last on the same connection: once it arrives, anything sent before it would have arrived too.
        PublishText(deviceA, "dt/methane/site-1/acl-dev-a/telemetry", "own");

        Assert.True(seen.WaitForMessage(m => m.Text == "own", Wait), "A's own telemetry never reached the observer");
        Assert.True(a.WaitForCompletions(foreign.Length + 1, Wait));
        ReceivedMessage only = Assert.Single(seen.Messages);
        Assert.Equal("dt/methane/site-1/acl-dev-a/telemetry", only.Topic);
        // MQTT 3.1.1 has no negative PUBACK: Mosquitto acknowledges a denied QoS 1 publish and drops it (DESIGN.md).
        Assert.All(a.Completions.Values, Assert.True);
    }

    [MosquittoFact]
    public void Device_A_receives_nothing_from_device_B_shadow_topics()
    {
        MosquittoBroker broker = _fx.Broker;
        using MqttNetTransport admin = broker.CreateTransport(MosquittoBroker.AdminIdentity);
        using var adminSeen = new TransportRecorder(admin);
        Assert.Equal(MqttTransportStatus.Ok, admin.Connect(MosquittoBroker.AdminIdentity, 30, true, null!, null!));

        using MqttNetTransport deviceA = broker.CreateTransport("acl-dev-c");
        using var a = new TransportRecorder(deviceA);
        Assert.Equal(MqttTransportStatus.Ok, deviceA.Connect("acl-dev-c", 30, true, null!, null!));
        MqttTransportStatus foreignSubscription = deviceA.Subscribe("$aws/things/acl-dev-d/shadow/update/delta", 1);
        Assert.Equal(MqttTransportStatus.Ok, deviceA.Subscribe("$aws/things/acl-dev-c/shadow/update/delta", 1));

        PublishText(admin, "$aws/things/acl-dev-d/shadow/update/delta", "for-d");
        PublishText(admin, "$aws/things/acl-dev-c/shadow/update/delta", "for-c");
        Assert.True(adminSeen.WaitForCompletions(2, Wait));

        Assert.True(a.WaitForMessage(m => m.Text == "for-c", Wait), "A's own delta never arrived");
        ReceivedMessage only = Assert.Single(a.Messages);
        Assert.Equal("$aws/things/acl-dev-c/shadow/update/delta", only.Topic);
        // Mosquitto 2.0 may grant or refuse the foreign subscription; either way nothing flows through it.
        Assert.True(foreignSubscription is MqttTransportStatus.Ok or MqttTransportStatus.SubscribeRejected, foreignSubscription.ToString());
    }

    private static void PublishText(IMqttTransport transport, string topic, string text)
    {
        byte[] payload = Encoding.UTF8.GetBytes(text);
        Assert.Equal(MqttTransportStatus.Ok, transport.Publish(topic, payload, 0, payload.Length, 1, out int id));
        Assert.NotEqual(0, id);
    }
}
