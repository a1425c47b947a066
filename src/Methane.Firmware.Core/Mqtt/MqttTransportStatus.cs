namespace Methane.Firmware.Core.Mqtt
{
    /// <summary>Result of a transport call. The session manager decides retries and backoff from these; adapters only translate.</summary>
    public enum MqttTransportStatus
    {
        Ok = 0,
        /// <summary>TCP connect failed or the TLS handshake failed (certificate, clock, cipher).</summary>
        NetworkError = 1,
        /// <summary>The broker refused the CONNECT (bad credentials, not authorized, client id rejected).</summary>
        Refused = 2,
        /// <summary>No CONNACK/SUBACK/PUBACK in time.</summary>
        Timeout = 3,
        /// <summary>The call needs a connection and there is none.</summary>
        NotConnected = 4,
        /// <summary>The broker rejected a subscription (SUBACK failure code).</summary>
        SubscribeRejected = 5,
        /// <summary>Bad argument (topic too long, payload too large, QoS 2, …); nothing was sent.</summary>
        InvalidArgument = 6,
    }
}
