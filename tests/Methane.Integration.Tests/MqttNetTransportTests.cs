using System.Security.Cryptography.X509Certificates;
using System.Text;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Methane.Integration.Tests;

/// <summary>The host transport (core's IMqttTransport on MQTTnet 5) against a real Mosquitto over mutual TLS.</summary>
public sealed class MqttNetTransportTests : IClassFixture<BrokerFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly BrokerFixture _fx;
    private readonly ITestOutputHelper _out;

    public MqttNetTransportTests(BrokerFixture fx, ITestOutputHelper output)
    {
        _fx = fx;
        _out = output;
    }

    [MosquittoFact]
    public void Qos1_publishes_arrive_in_order_and_every_packet_id_completes_acknowledged()
    {
        MosquittoBroker broker = _fx.Broker;
        using MqttNetTransport observer = broker.CreateTransport(MosquittoBroker.ObserverIdentity);
        using var seen = new TransportRecorder(observer);
        Assert.Equal(MqttTransportStatus.Ok, observer.Connect(MosquittoBroker.ObserverIdentity, 30, true, null!, null!));
        Assert.Equal(MqttTransportStatus.Ok, observer.Subscribe("dt/methane/site-rt/rt-dev/#", 1));

        using MqttNetTransport device = broker.CreateTransport("rt-dev");
        using var acks = new TransportRecorder(device);
        Assert.Equal(MqttTransportStatus.Ok, device.Connect("rt-dev", 30, false, null!, null!));
        Assert.True(device.IsConnected);

        // Back to back on one connection: at most the broker's burst (AWS IoT's 100 publishes/s; one more is a kick).
        const int count = Methane.Broker.DevicePolicy.PublishesPerSecond;
        var buffer = new byte[64];
        var ids = new HashSet<int>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int seq = 1; seq <= count; seq++)
        {
            // One buffer reused for every publish: the transport must copy before returning.
            int length = Encoding.ASCII.GetBytes("{\"seq\":" + seq + "}", 0, ("{\"seq\":" + seq + "}").Length, buffer, 8);
            Assert.Equal(MqttTransportStatus.Ok, device.Publish("dt/methane/site-rt/rt-dev/telemetry", buffer, 8, length, 1, out int id));
            Assert.True(ids.Add(id), "packet id " + id + " handed out twice");
            Array.Clear(buffer);
        }

        Assert.True(acks.WaitForCompletions(count, Wait), $"{acks.Completions.Count} of {count} PUBACK completions");
        Assert.True(seen.WaitForMessages(count, Wait), $"{seen.Messages.Count} of {count} messages arrived");
        _out.WriteLine($"figure: {count} QoS1 publishes acknowledged and delivered in {watch.ElapsedMilliseconds} ms"); // reported, not asserted
        Assert.Equal(ids.OrderBy(i => i), acks.Completions.Keys.OrderBy(i => i));
        Assert.All(acks.Completions.Values, Assert.True);
        Assert.Equal(0, device.PendingPublishes);
        string[] expected = Enumerable.Range(1, count).Select(s => "{\"seq\":" + s + "}").ToArray();
        Assert.Equal(expected, seen.Messages.Select(m => m.Text).ToArray());
    }

    [MosquittoFact]
    public void Qos0_publish_is_delivered_and_raises_no_completion()
    {
        MosquittoBroker broker = _fx.Broker;
        using MqttNetTransport observer = broker.CreateTransport(MosquittoBroker.ObserverIdentity);
        using var seen = new TransportRecorder(observer);
        Assert.Equal(MqttTransportStatus.Ok, observer.Connect(MosquittoBroker.ObserverIdentity, 30, true, null!, null!));
        Assert.Equal(MqttTransportStatus.Ok, observer.Subscribe("dt/methane/site-q0/q0-dev/#", 0));

        using MqttNetTransport device = broker.CreateTransport("q0-dev");
        using var dev = new TransportRecorder(device);
        Assert.Equal(MqttTransportStatus.Ok, device.Connect("q0-dev", 30, true, null!, null!));
        byte[] payload = Encoding.UTF8.GetBytes("health");
        Assert.Equal(MqttTransportStatus.Ok, device.Publish("dt/methane/site-q0/q0-dev/health", payload, 0, payload.Length, 0, out int id));
        Assert.Equal(0, id);
        Assert.True(seen.WaitForMessages(1, Wait));
        Assert.Equal("health", seen.Messages[0].Text);
        Assert.Empty(dev.Completions);
    }

    [MosquittoFact]
    public void Bad_arguments_are_rejected_without_touching_the_connection()
    {
        using MqttNetTransport device = _fx.Broker.CreateTransport("arg-dev");
        Assert.Equal(MqttTransportStatus.Ok, device.Connect("arg-dev", 30, true, null!, null!));
        byte[] small = new byte[4];
        Assert.Equal(MqttTransportStatus.InvalidArgument, device.Publish("dt/methane/s/arg-dev/telemetry", small, 0, 4, 2, out _));
        Assert.Equal(MqttTransportStatus.InvalidArgument, device.Publish("dt/methane/+/arg-dev/telemetry", small, 0, 4, 1, out _));
        Assert.Equal(MqttTransportStatus.InvalidArgument, device.Publish("dt/methane/s/arg-dev/telemetry", small, 2, 4, 1, out _));
        // AWS IoT Core: payload at most 128 KB = 131072 bytes; topic at most 256 bytes.
        byte[] big = new byte[131073];
        Assert.Equal(MqttTransportStatus.InvalidArgument, device.Publish("dt/methane/s/arg-dev/batch", big, 0, big.Length, 1, out _));
        Assert.Equal(MqttTransportStatus.InvalidArgument, device.Publish("dt/" + new string('x', 254), small, 0, 4, 1, out _));
        Assert.Equal(MqttTransportStatus.InvalidArgument, device.Subscribe("$aws/things/arg-dev/#", 2));
        Assert.True(device.IsConnected);
    }

    [MosquittoFact]
    public void A_broker_certificate_from_an_untrusted_CA_is_rejected_by_the_device()
    {
        using var other = TestPki.Create("untrusted");
        MosquittoBroker broker = _fx.Broker;
        var options = new MqttNetTransportOptions(MosquittoBroker.Host, broker.Port, _fx.Pki.ClientCertificate("trust-dev"),
            new X509Certificate2Collection(other.CaCertificate()));
        using var device = new MqttNetTransport(options);
        Assert.Equal(MqttTransportStatus.NetworkError, device.Connect("trust-dev", 30, true, null!, null!));
        Assert.False(device.IsConnected);
        Assert.Contains("does not chain to a trusted CA", device.LastError);
    }

    [MosquittoFact]
    public void A_broker_certificate_for_another_host_name_is_rejected_by_the_device()
    {
        MosquittoBroker broker = _fx.Broker;
        MqttNetTransportOptions options = broker.TransportOptions("name-dev");
        options.TargetHost = "broker.example.com"; // the server certificate names localhost, 127.0.0.1 and ::1 only
        using var device = new MqttNetTransport(options);
        Assert.Equal(MqttTransportStatus.NetworkError, device.Connect("name-dev", 30, true, null!, null!));
        Assert.Contains("does not name the host", device.LastError);
    }

    [MosquittoFact]
    public void A_second_connection_with_the_same_client_id_drops_the_first_which_raises_Disconnected_and_its_will()
    {
        MosquittoBroker broker = _fx.Broker;
        using MqttNetTransport observer = broker.CreateTransport(MosquittoBroker.ObserverIdentity);
        using var seen = new TransportRecorder(observer);
        Assert.Equal(MqttTransportStatus.Ok, observer.Connect(MosquittoBroker.ObserverIdentity, 30, true, null!, null!));
        Assert.Equal(MqttTransportStatus.Ok, observer.Subscribe("dt/methane/site-w/dup-dev/health", 1));

        using MqttNetTransport first = broker.CreateTransport("dup-dev");
        using var firstEvents = new TransportRecorder(first);
        byte[] will = Encoding.UTF8.GetBytes("{\"online\":false}");
        Assert.Equal(MqttTransportStatus.Ok, first.Connect("dup-dev", 30, true, "dt/methane/site-w/dup-dev/health", will));

        using MqttNetTransport second = broker.CreateTransport("dup-dev");
        using var secondEvents = new TransportRecorder(second);
        Assert.Equal(MqttTransportStatus.Ok, second.Connect("dup-dev", 30, true, null!, null!));

        Assert.True(firstEvents.WaitForDisconnect(Wait), "the displaced connection raised no Disconnected");
        Assert.False(first.IsConnected);
        Assert.True(second.IsConnected);
        Assert.Empty(secondEvents.Disconnects);
        Assert.True(seen.WaitForMessage(m => m.Text == "{\"online\":false}", Wait), "the will was not published");
    }

    [MosquittoFact]
    public void A_requested_disconnect_raises_no_Disconnected_event_and_publishes_no_will()
    {
        MosquittoBroker broker = _fx.Broker;
        using MqttNetTransport observer = broker.CreateTransport(MosquittoBroker.ObserverIdentity);
        using var seen = new TransportRecorder(observer);
        Assert.Equal(MqttTransportStatus.Ok, observer.Connect(MosquittoBroker.ObserverIdentity, 30, true, null!, null!));
        Assert.Equal(MqttTransportStatus.Ok, observer.Subscribe("dt/methane/site-w/bye-dev/#", 1));

        using MqttNetTransport device = broker.CreateTransport("bye-dev");
        using var events = new TransportRecorder(device);
        byte[] will = Encoding.UTF8.GetBytes("will");
        Assert.Equal(MqttTransportStatus.Ok, device.Connect("bye-dev", 30, true, "dt/methane/site-w/bye-dev/health", will));
        device.Disconnect();
        Assert.False(device.IsConnected);
        byte[] marker = Encoding.UTF8.GetBytes("after");
        byte[] dummy = new byte[1];
        Assert.Equal(MqttTransportStatus.NotConnected, device.Publish("dt/methane/site-w/bye-dev/health", dummy, 0, 1, 1, out _));

        // A marker published after the disconnect: once it is seen, a will (sent at disconnect time) would have been too.
        using MqttNetTransport again = broker.CreateTransport("bye-dev");
        Assert.Equal(MqttTransportStatus.Ok, again.Connect("bye-dev", 30, true, null!, null!));
        Assert.Equal(MqttTransportStatus.Ok, again.Publish("dt/methane/site-w/bye-dev/health", marker, 0, marker.Length, 1, out _));
        Assert.True(seen.WaitForMessage(m => m.Text == "after", Wait));
        Assert.Single(seen.Messages);
        Assert.Empty(events.Disconnects);
    }
}
