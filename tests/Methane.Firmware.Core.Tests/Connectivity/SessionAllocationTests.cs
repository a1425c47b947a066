using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Mqtt;
using Methane.Firmware.Core.Outbox;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Core.Tests.Outbox;
using Methane.Firmware.Host.Adapters.Storage;
using Xunit;

namespace Methane.Firmware.Core.Tests.Connectivity;

public sealed class SessionAllocationTests
{
    /// <summary>A transport that allocates nothing per call and acknowledges every QoS 1 publish at once.</summary>
    private sealed class NullTransport : IMqttTransport
    {
        private int _id;
        public int Published;
        public bool IsConnected { get; private set; }
        public event MqttMessageHandler? MessageReceived { add { } remove { } }
        public event MqttDisconnectedHandler? Disconnected { add { } remove { } }
        public event MqttPublishCompletedHandler? PublishCompleted;

        public MqttTransportStatus Connect(string clientId, int keepAliveSeconds, bool cleanSession, string willTopic, byte[] willPayload)
        {
            IsConnected = true;
            return MqttTransportStatus.Ok;
        }

        public void Disconnect() => IsConnected = false;

        public MqttTransportStatus Publish(string topic, byte[] payload, int offset, int count, int qos, out int packetId)
        {
            packetId = ++_id;
            Published++;
            PublishCompleted?.Invoke(packetId, true);
            return MqttTransportStatus.Ok;
        }

        public MqttTransportStatus Subscribe(string topicFilter, int qos) => MqttTransportStatus.Ok;
    }

    [Fact]
    public void Enqueue_publish_and_ack_cycle_allocates_nothing()
    {
        var clock = new ManualClock { IsWallClockSet = true };
        var transport = new NullTransport();
        var outbox = new ReadingOutbox(new MemoryOutboxStorage(ReadingOutbox.RegionBytesFor(64)));
        outbox.Recover();
        var encoder = new TelemetryReadingEncoder(new TelemetryEncoder(new DeviceIdentity("dev-1", "site-a", "1.4.2")));
        var session = new SessionManager(transport, clock, new Topics("dev-1", "site-a"), outbox, encoder, new SessionSettings());
        var seq = new SequenceCounter(new MemoryOutboxStorage(SequenceCounter.RegionBytes), 0, 1_000_000);
        seq.Start();
        var reading = ReadingOutboxTests.Full(0);

        void Cycle()
        {
            reading.Seq = seq.Next();
            session.Enqueue(reading);
            session.Tick();
            clock.Advance(1000);
        }

        for (int i = 0; i < 10; i++) Cycle();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Cycle();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        session.Tick(); // PUBACKs are handled at the start of the next tick

        Assert.Equal(1010, transport.Published);
        Assert.Equal(0, outbox.Count);
        Assert.Equal(0, allocated);
    }
}
