namespace Methane.Firmware.Core.Mqtt
{
    /// <summary>
    /// The only door between the core and an MQTT library (M2Mqtt on the device, MQTTnet on the host). TLS, certificates and
    /// the broker address are the adapter's business; the core decides when to connect, what to publish and how to recover.
    /// Calls are made from the core's loop thread; handlers may be raised from the adapter's receive thread.
    /// </summary>
    public interface IMqttTransport
    {
        bool IsConnected { get; }

        /// <summary>Opens TLS and sends CONNECT; blocks until CONNACK or failure. <paramref name="willTopic"/> may be null.</summary>
        MqttTransportStatus Connect(string clientId, int keepAliveSeconds, bool cleanSession, string willTopic, byte[] willPayload);

        /// <summary>Sends DISCONNECT and closes the socket. Raises no Disconnected event.</summary>
        void Disconnect();

        /// <summary>
        /// Publishes <paramref name="count"/> bytes of <paramref name="payload"/> at QoS 0 or 1. For QoS 1, <paramref name="packetId"/>
        /// receives the id later reported to <see cref="PublishCompleted"/>; for QoS 0 it is 0 and no completion is raised.
        /// The adapter copies the bytes before returning, so the caller may reuse the buffer.
        /// </summary>
        MqttTransportStatus Publish(string topic, byte[] payload, int offset, int count, int qos, out int packetId);

        /// <summary>Subscribes at QoS 0 or 1; blocks until SUBACK.</summary>
        MqttTransportStatus Subscribe(string topicFilter, int qos);

        event MqttMessageHandler MessageReceived;
        event MqttDisconnectedHandler Disconnected;
        event MqttPublishCompletedHandler PublishCompleted;
    }
}
