using System.Text;
using Methane.Firmware.Device.Boot;

namespace Methane.Firmware.Device.App.Storage
{
    /// <summary>
    /// The identity as files under I:\id. Each file is replaced atomically; "complete" is written last, so a board whose
    /// provisioning was interrupted boots into provisioning again instead of running half-configured.
    /// The private key is stored in clear on the internal flash: protecting it at rest needs ESP32 flash encryption, a
    /// property of the firmware build and eFuses, not of this application.
    /// </summary>
    public static class IdentityStore
    {
        private const string Dir = DevicePaths.IdentityDir + "\\";
        private const string CompleteFile = Dir + "complete";

        private static readonly string[] Files =
        {
            "wifi_ssid", "wifi_password", "thing", "site", "broker", "ca.pem", "cert.pem", "key.pem", "complete",
        };

        public static bool IsProvisioned()
        {
            return FlashFile.Exists(CompleteFile);
        }

        public static ProvisionedIdentity Load()
        {
            if (!IsProvisioned())
            {
                return null;
            }

            ProvisionedIdentity id = new ProvisionedIdentity();
            id.WifiSsid = Read("wifi_ssid");
            id.WifiPassword = Read("wifi_password");
            id.ThingName = Read("thing");
            id.Site = Read("site");
            string broker = Read("broker");
            id.CaPem = Read("ca.pem");
            id.CertificatePem = Read("cert.pem");
            id.PrivateKeyPem = Read("key.pem");
            if (broker != null)
            {
                int colon = broker.IndexOf(':');
                if (colon > 0)
                {
                    id.BrokerHost = broker.Substring(0, colon);
                    id.BrokerPort = int.Parse(broker.Substring(colon + 1));
                }
                else
                {
                    id.BrokerHost = broker;
                }
            }

            return id;
        }

        public static void Save(ProvisionedIdentity id)
        {
            FlashFile.EnsureDirectory(DevicePaths.IdentityDir);
            FlashFile.Delete(CompleteFile);
            Write("wifi_ssid", id.WifiSsid);
            Write("wifi_password", id.WifiPassword);
            Write("thing", id.ThingName);
            Write("site", id.Site);
            Write("broker", id.BrokerHost + ":" + id.BrokerPort.ToString());
            Write("ca.pem", id.CaPem);
            Write("cert.pem", id.CertificatePem);
            Write("key.pem", id.PrivateKeyPem);
            Write("complete", "1");
        }

        /// <summary>factory-reset: the identity goes first ("complete" before the key), then the caller clears data.</summary>
        public static void Erase()
        {
            FlashFile.Delete(CompleteFile);
            for (int i = 0; i < Files.Length; i++)
            {
                FlashFile.Delete(Dir + Files[i]);
            }
        }

        private static string Read(string name)
        {
            byte[] data = FlashFile.ReadAll(Dir + name);
            return data == null ? null : Encoding.UTF8.GetString(data, 0, data.Length);
        }

        private static void Write(string name, string value)
        {
            byte[] data = Encoding.UTF8.GetBytes(value == null ? string.Empty : value);
            FlashFile.WriteAtomic(Dir + name, data, 0, data.Length);
        }
    }
}
