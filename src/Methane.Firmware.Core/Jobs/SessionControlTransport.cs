using Methane.Firmware.Core.Connectivity;
using Methane.Firmware.Core.Mqtt;

namespace Methane.Firmware.Core.Jobs
{
    /// <summary>
    /// The jobs client's view of the device's one connection: publishes go through <see cref="SessionManager.PublishControl"/>
    /// (QoS 0, within the session's rate and in-flight limits); the session itself connects and subscribes, so Connect and
    /// Subscribe only report whether it is online. Inbound messages reach the client from the session's own-thing event.
    /// </summary>
    internal sealed class SessionControlTransport : IMqttTransport
    {
        private readonly SessionManager _session;

        public SessionControlTransport(SessionManager session)
        {
            _session = session;
        }

        public bool IsConnected
        {
            get { return _session.State == SessionState.Online; }
        }

        public MqttTransportStatus Connect(string clientId, int keepAliveSeconds, bool cleanSession, string willTopic, byte[] willPayload)
        {
            return IsConnected ? MqttTransportStatus.Ok : MqttTransportStatus.NotConnected;
        }

        public void Disconnect()
        {
        }

        public MqttTransportStatus Publish(string topic, byte[] payload, int offset, int count, int qos, out int packetId)
        {
            packetId = 0;
            return _session.PublishControl(topic, payload, offset, count) ? MqttTransportStatus.Ok : MqttTransportStatus.NotConnected;
        }

        public MqttTransportStatus Subscribe(string topicFilter, int qos)
        {
            return IsConnected ? MqttTransportStatus.Ok : MqttTransportStatus.NotConnected;
        }

        public event MqttMessageHandler MessageReceived
        {
            add { }
            remove { }
        }

        public event MqttDisconnectedHandler Disconnected
        {
            add { }
            remove { }
        }

        public event MqttPublishCompletedHandler PublishCompleted
        {
            add { }
            remove { }
        }
    }
}
