namespace Methane.Firmware.Device.App.Storage
{
    /// <summary>What a board needs to be itself: network, names and TLS material. Loaded once at boot.</summary>
    public sealed class ProvisionedIdentity
    {
        public string WifiSsid;
        public string WifiPassword;
        public string ThingName;
        public string Site;
        /// <summary>MQTT broker host (AWS IoT: the account's "xxxx-ats.iot.region.amazonaws.com").</summary>
        public string BrokerHost;
        public int BrokerPort = 8883;
        public string CaPem;
        public string CertificatePem;
        public string PrivateKeyPem;
    }
}
