using Methane.Firmware.Device.App.Adapters;
using Methane.Firmware.Device.App.Net;
using Methane.Firmware.Device.App.Security;
using Methane.Firmware.Device.App.Storage;
using Methane.Firmware.Core.Mqtt;
using System.Security.Cryptography.X509Certificates;

namespace Methane.Firmware.Device.App.DeviceConsole
{
    /// <summary>
    /// First-boot provisioning on the COM2 console: asks for each value, checks what the device can check
    /// (<see cref="IdentityCheck"/>), then proves the rest with one real mutual-TLS MQTT connection before storing anything.
    /// PEM blocks are pasted as-is; input ends at the END line. Nothing is echoed back for the password and the key.
    /// </summary>
    public sealed class Provisioning
    {
        private readonly SerialConsole _console;
        private readonly DeviceClock _clock;

        public Provisioning(SerialConsole console, DeviceClock clock)
        {
            _console = console;
            _clock = clock;
        }

        /// <summary>Runs until a verified identity is stored. Returns it.</summary>
        public ProvisionedIdentity Run()
        {
            while (true)
            {
                _console.WriteLine("PROVISION board has no identity: answer each prompt (empty line to restart)");
                ProvisionedIdentity id = Ask();
                if (id == null)
                {
                    continue;
                }

                string reason = IdentityCheck.Check(id, false);
                if (reason != null)
                {
                    _console.WriteLine("PROVISION REJECTED " + reason);
                    continue;
                }

                if (!ProveByConnecting(id))
                {
                    continue;
                }

                IdentityStore.Save(id);
                _console.WriteLine("PROVISION OK identity stored for " + id.ThingName + " at site " + id.Site);
                return id;
            }
        }

        private ProvisionedIdentity Ask()
        {
            ProvisionedIdentity id = new ProvisionedIdentity();
            id.WifiSsid = Prompt("wifi-ssid");
            if (id.WifiSsid == null)
            {
                return null;
            }

            id.WifiPassword = Prompt("wifi-password");
            id.ThingName = Prompt("thing-name");
            id.Site = Prompt("site");
            string broker = Prompt("broker (host or host:port, AWS: <prefix>-ats.iot.<region>.amazonaws.com)");
            if (id.WifiPassword == null || id.ThingName == null || id.Site == null || broker == null)
            {
                return null;
            }

            int colon = broker.IndexOf(':');
            id.BrokerHost = colon > 0 ? broker.Substring(0, colon) : broker;
            if (colon > 0)
            {
                int port;
                if (!int.TryParse(broker.Substring(colon + 1), out port) || port < 1 || port > 65535)
                {
                    _console.WriteLine("PROVISION REJECTED broker port");
                    return null;
                }

                id.BrokerPort = port;
            }

            id.CaPem = PromptPem("ca (paste the CA certificate PEM, e.g. Amazon Root CA 1)", "-----END CERTIFICATE-----");
            id.CertificatePem = PromptPem("certificate (paste the device certificate PEM)", "-----END CERTIFICATE-----");
            id.PrivateKeyPem = PromptPem("key (paste the device private key PEM, unencrypted)", "PRIVATE KEY-----");
            if (id.CaPem == null || id.CertificatePem == null || id.PrivateKeyPem == null)
            {
                return null;
            }

            return id;
        }

        private string Prompt(string name)
        {
            _console.WriteLine("PROMPT " + name);
            string line = _console.ReadLine(-1);
            return line == null || line.Trim().Length == 0 ? null : line.Trim();
        }

        private string PromptPem(string name, string endMarker)
        {
            _console.WriteLine("PROMPT " + name);
            string pem = string.Empty;
            int lines = 0;
            while (lines < 200)
            {
                string line = _console.ReadLine(-1);
                if (line == null)
                {
                    return null;
                }

                line = line.Trim();
                if (line.Length == 0 && lines == 0)
                {
                    return null;
                }

                pem = pem + line + "\n";
                lines++;
                if (line.StartsWith("-----END") && line.EndsWith(endMarker))
                {
                    return pem;
                }
            }

            _console.WriteLine("PROVISION REJECTED PEM longer than 200 lines");
            return null;
        }

        /// <summary>
        /// The key/certificate pairing and the CA chain cannot be inspected with nanoFramework's APIs; one mutual-TLS connect
        /// proves them (the broker checks the certificate signature, the TLS handshake proves possession of the key).
        /// </summary>
        private bool ProveByConnecting(ProvisionedIdentity id)
        {
            int net = NetworkBringUp.Connect(id.WifiSsid, id.WifiPassword, null, null, 60000, _clock);
            if (net == NetworkBringUp.ResultNoWifi)
            {
                _console.WriteLine("PROVISION REJECTED Wi-Fi did not connect (SSID/password?)");
                return false;
            }

            if (net == NetworkBringUp.ResultClockNotSet)
            {
                _console.WriteLine("PROVISION REJECTED clock not set by SNTP: cannot check certificate validity");
                return false;
            }

            string late = IdentityCheck.Check(id, true);
            if (late != null)
            {
                _console.WriteLine("PROVISION REJECTED " + late);
                return false;
            }

            M2MqttTransport transport = new M2MqttTransport(
                id.BrokerHost,
                id.BrokerPort,
                new X509Certificate(id.CaPem),
                new X509Certificate2(id.CertificatePem, id.PrivateKeyPem, null));
            MqttTransportStatus status = transport.Connect(id.ThingName, 60, true, null, null);
            if (status != MqttTransportStatus.Ok)
            {
                _console.WriteLine("PROVISION REJECTED broker connection " + status.ToString() + ": " + transport.LastError
                    + " (key not matching certificate, certificate not registered/activated, wrong CA or endpoint)");
                return false;
            }

            transport.Disconnect();
            return true;
        }
    }
}
