using Methane.Firmware.Core.Mqtt;

namespace Methane.Firmware.Memory
{
    /// <summary>
    /// A scripted MQTT transport: while <see cref="Reachable"/> it accepts CONNECT and every publish, and <see cref="Pump"/>
    /// acknowledges the QoS 1 publishes sent since the last pump (as a broker's PUBACKs arriving between two loop ticks);
    /// <see cref="Outage"/> drops the connection and refuses reconnects until <see cref="Reachable"/> is set again.
    /// </summary>
    public sealed class AckingBroker : IMqttTransport
    {
        private readonly int[] _unacked = new int[256];
        private int _unackedCount;
        private int _nextPacketId = 1;

        public bool Reachable = true;
        public long Publishes;
        public long PublishedBytes;
        public long Connects;

        public bool IsConnected { get; private set; }

        /// <summary>This broker sends nothing to the device.</summary>
        public event MqttMessageHandler MessageReceived { add { } remove { } }
        public event MqttDisconnectedHandler Disconnected;
        public event MqttPublishCompletedHandler PublishCompleted;

        public MqttTransportStatus Connect(string clientId, int keepAliveSeconds, bool cleanSession, string willTopic, byte[] willPayload)
        {
            Connects++;
            IsConnected = Reachable;
            return Reachable ? MqttTransportStatus.Ok : MqttTransportStatus.NetworkError;
        }

        public void Disconnect()
        {
            IsConnected = false;
        }

        public MqttTransportStatus Publish(string topic, byte[] payload, int offset, int count, int qos, out int packetId)
        {
            packetId = 0;
            if (!IsConnected) { return MqttTransportStatus.NotConnected; }
            if (qos == 1)
            {
                if (_unackedCount == _unacked.Length) { return MqttTransportStatus.Timeout; }
                packetId = _nextPacketId;
                _nextPacketId = _nextPacketId == 65535 ? 1 : _nextPacketId + 1;
                _unacked[_unackedCount++] = packetId;
            }
            Publishes++;
            PublishedBytes += count;
            return MqttTransportStatus.Ok;
        }

        public MqttTransportStatus Subscribe(string topicFilter, int qos)
        {
            return IsConnected ? MqttTransportStatus.Ok : MqttTransportStatus.NotConnected;
        }

        public void Pump()
        {
            int n = _unackedCount;
            _unackedCount = 0;
            for (int i = 0; i < n; i++)
            {
                if (PublishCompleted != null) { PublishCompleted(_unacked[i], true); }
            }
        }

        public void Outage()
        {
            Reachable = false;
            _unackedCount = 0;
            if (IsConnected)
            {
                IsConnected = false;
                if (Disconnected != null) { Disconnected(MqttTransportStatus.NetworkError); }
            }
        }
    }
}
