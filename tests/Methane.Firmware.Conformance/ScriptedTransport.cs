using Methane.Firmware.Core.Integrity;
using Methane.Firmware.Core.Mqtt;

namespace Methane.Firmware.Conformance
{
    /// <summary>
    /// An MQTT transport that follows a script: <see cref="NextConnect"/> is the answer to the next CONNECT, every call is
    /// printed to the transcript, QoS 1 publishes get packet ids 1, 2, … that the script acknowledges with <see cref="Complete"/>.
    /// </summary>
    public sealed class ScriptedTransport : IMqttTransport
    {
        private readonly Transcript _t;
        private int _nextPacketId = 1;

        public ScriptedTransport(Transcript t)
        {
            _t = t;
        }

        public MqttTransportStatus NextConnect = MqttTransportStatus.Ok;
        public MqttTransportStatus NextPublish = MqttTransportStatus.Ok;
        public int LastPacketId;
        /// <summary>Print whole payloads (default: the first 160 bytes and the CRC-32 of all).</summary>
        public bool PrintWholePayload;

        public bool IsConnected { get; private set; }

        public event MqttMessageHandler MessageReceived;
        public event MqttDisconnectedHandler Disconnected;
        public event MqttPublishCompletedHandler PublishCompleted;

        public MqttTransportStatus Connect(string clientId, int keepAliveSeconds, bool cleanSession, string willTopic, byte[] willPayload)
        {
            _t.Line("  connect " + clientId + " keepalive " + Transcript.I(keepAliveSeconds) + " clean " + Transcript.B(cleanSession)
                + " will " + (willTopic == null ? "-" : willTopic) + " -> " + Transcript.I((int)NextConnect));
            IsConnected = NextConnect == MqttTransportStatus.Ok;
            return NextConnect;
        }

        public void Disconnect()
        {
            _t.Line("  disconnect");
            IsConnected = false;
        }

        public MqttTransportStatus Publish(string topic, byte[] payload, int offset, int count, int qos, out int packetId)
        {
            packetId = 0;
            if (NextPublish != MqttTransportStatus.Ok)
            {
                _t.Line("  publish " + topic + " -> " + Transcript.I((int)NextPublish));
                return NextPublish;
            }
            if (qos == 1) { packetId = _nextPacketId++; LastPacketId = packetId; }
            _t.Line("  publish " + topic + " qos " + Transcript.I(qos) + " id " + Transcript.I(packetId) + " bytes " + Transcript.I(count)
                + " crc " + Transcript.H(Crc32.Compute(payload, offset, count), 8) + " " + Transcript.Ascii(payload, offset, count < 160 || PrintWholePayload ? count : 160));
            return MqttTransportStatus.Ok;
        }

        public MqttTransportStatus Subscribe(string topicFilter, int qos)
        {
            _t.Line("  subscribe " + topicFilter + " qos " + Transcript.I(qos));
            return MqttTransportStatus.Ok;
        }

        public void Complete(int packetId, bool acknowledged)
        {
            if (PublishCompleted != null) { PublishCompleted(packetId, acknowledged); }
        }

        public void Drop(MqttTransportStatus reason)
        {
            IsConnected = false;
            if (Disconnected != null) { Disconnected(reason); }
        }

        public void Deliver(string topic, string payload)
        {
            byte[] b = Transcript.Utf8(payload);
            if (MessageReceived != null) { MessageReceived(topic, b, 0, b.Length); }
        }
    }
}
