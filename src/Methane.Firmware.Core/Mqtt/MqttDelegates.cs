namespace Methane.Firmware.Core.Mqtt
{
    /// <summary>An inbound PUBLISH. <paramref name="payload"/> may be a transport-owned buffer: copy what you keep before returning.</summary>
    public delegate void MqttMessageHandler(string topic, byte[] payload, int offset, int count);

    /// <summary>The connection dropped (not on a requested Disconnect).</summary>
    public delegate void MqttDisconnectedHandler(MqttTransportStatus reason);

    /// <summary>A QoS 1 publish was acknowledged (PUBACK), or failed before it could be.</summary>
    public delegate void MqttPublishCompletedHandler(int packetId, bool acknowledged);
}
