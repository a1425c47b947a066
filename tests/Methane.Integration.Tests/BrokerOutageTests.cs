using System.Text;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Host.Adapters.Mqtt;
using Methane.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Methane.Integration.Tests;

/// <summary>The broker goes away and comes back: the transport reports the loss and connects again. Own broker per test.</summary>
public sealed class BrokerOutageTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TestPki _pki = TestPki.Create("outage");
    private readonly ITestOutputHelper _out;

    public BrokerOutageTests(ITestOutputHelper output)
    {
        _out = output;
    }

    [MosquittoFact]
    public void Broker_stop_raises_Disconnected_and_after_restart_the_same_transport_connects_and_publishes_again()
    {
        using MosquittoBroker broker = MosquittoBroker.Start(_pki);
        using MqttNetTransport device = broker.CreateTransport("out-dev");
        using var events = new TransportRecorder(device);
        Assert.Equal(MqttTransportStatus.Ok, device.Connect("out-dev", 30, false, null!, null!));
        int portBefore = broker.Port;

        var watch = System.Diagnostics.Stopwatch.StartNew();
        broker.Stop();
        Assert.True(events.WaitForDisconnect(Wait), "no Disconnected event after the broker stopped");
        _out.WriteLine($"figure: broker stop (SIGTERM) to Disconnected event: {watch.ElapsedMilliseconds} ms"); // reported, not asserted
        Assert.False(device.IsConnected);
        Assert.Equal(MqttTransportStatus.NetworkError, events.Disconnects[0]);
        byte[] payload = Encoding.UTF8.GetBytes("after-restart");
        Assert.Equal(MqttTransportStatus.NotConnected, device.Publish("dt/methane/s/out-dev/telemetry", payload, 0, payload.Length, 1, out _));
        Assert.Equal(MqttTransportStatus.NetworkError, device.Connect("out-dev", 30, false, null!, null!));

        broker.StartAgain();
        Assert.Equal(portBefore, broker.Port);
        using MqttNetTransport observer = broker.CreateTransport(MosquittoBroker.ObserverIdentity);
        using var seen = new TransportRecorder(observer);
        Assert.Equal(MqttTransportStatus.Ok, observer.Connect(MosquittoBroker.ObserverIdentity, 30, true, null!, null!));
        Assert.Equal(MqttTransportStatus.Ok, observer.Subscribe("dt/methane/s/out-dev/#", 1));

        watch.Restart();
        Assert.Equal(MqttTransportStatus.Ok, device.Connect("out-dev", 30, false, null!, null!));
        _out.WriteLine($"figure: reconnect (TCP + TLS + CONNACK) after restart: {watch.ElapsedMilliseconds} ms");
        Assert.Equal(MqttTransportStatus.Ok, device.Publish("dt/methane/s/out-dev/telemetry", payload, 0, payload.Length, 1, out int id));
        Assert.True(events.WaitForCompletions(1, Wait));
        Assert.True(events.Completions[id]);
        Assert.True(seen.WaitForMessage(m => m.Text == "after-restart", Wait));
        Assert.Single(events.Disconnects);
    }

    [MosquittoFact]
    public void A_persistent_session_keeps_the_subscription_and_queued_messages_across_a_graceful_broker_restart()
    {
        using MosquittoBroker broker = MosquittoBroker.Start(_pki);
        using MqttNetTransport subscriber = broker.CreateTransport(MosquittoBroker.ObserverIdentity);
        using var seen = new TransportRecorder(subscriber);
        Assert.Equal(MqttTransportStatus.Ok, subscriber.Connect(MosquittoBroker.ObserverIdentity, 30, false, null!, null!));
        Assert.Equal(MqttTransportStatus.Ok, subscriber.Subscribe("dt/methane/s/keep-dev/#", 1));
        subscriber.Disconnect(); // offline; the session (clean session = false) stays on the broker

        using (MqttNetTransport device = broker.CreateTransport("keep-dev"))
        using (var acks = new TransportRecorder(device))
        {
            Assert.Equal(MqttTransportStatus.Ok, device.Connect("keep-dev", 30, true, null!, null!));
            byte[] payload = Encoding.UTF8.GetBytes("queued");
            Assert.Equal(MqttTransportStatus.Ok, device.Publish("dt/methane/s/keep-dev/telemetry", payload, 0, payload.Length, 1, out _));
            Assert.True(acks.WaitForCompletions(1, Wait));
            device.Disconnect();
        }

        broker.Restart(); // SIGTERM: Mosquitto writes its persistence file
        Assert.Equal(MqttTransportStatus.Ok, subscriber.Connect(MosquittoBroker.ObserverIdentity, 30, false, null!, null!));
        Assert.True(seen.WaitForMessage(m => m.Text == "queued", Wait), "the queued message did not survive the restart");
    }

    public void Dispose() => _pki.Dispose();
}
