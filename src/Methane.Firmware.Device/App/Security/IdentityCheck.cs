using System;
using System.Security.Cryptography.X509Certificates;
using Methane.Firmware.Core.Telemetry;
using Methane.Firmware.Device.App.Storage;

namespace Methane.Firmware.Device.App.Security
{
    /// <summary>
    /// What can be checked on the device before the first connection, with the APIs nanoFramework exposes:
    /// PEM shape (<see cref="PemText"/>); the CA and device certificates parse (native mbedTLS parser behind X509Certificate);
    /// certificate CN = thing name (X509Certificate.Subject); validity dates once the clock is set; the private key decodes
    /// (X509Certificate2 with key runs the native key decoder). NOT checkable here: that the key belongs to the certificate
    /// (nanoFramework exposes no public-key comparison or signing API) and that the CA really signed the certificate. Both are
    /// proven by the first mutual-TLS connection, which provisioning attempts before it stores anything.
    /// </summary>
    public static class IdentityCheck
    {
        private static readonly string[] CertificateLabels = { PemText.Certificate };
        private static readonly string[] KeyLabels = { "EC PRIVATE KEY", "PRIVATE KEY", "RSA PRIVATE KEY" };

        /// <summary>Null when acceptable; otherwise a sentence for the technician.</summary>
        public static string Check(ProvisionedIdentity id, bool clockIsSet)
        {
            // Same character sets as the telemetry schema, so a provisioned board can always encode its own identity.
            if (!DeviceIdentity.IsValidThingName(id.ThingName))
            {
                return "thing name must be 1..64 characters of A-Z a-z 0-9 _ -";
            }

            if (!DeviceIdentity.IsValidSiteId(id.Site))
            {
                return "site must be 1..64 characters of A-Z a-z 0-9 _ -";
            }

            if (id.BrokerHost == null || id.BrokerHost.Length == 0)
            {
                return "broker host missing";
            }

            string reason = PemText.Check(id.CaPem, CertificateLabels);
            if (reason != null)
            {
                return "CA: " + reason;
            }

            reason = PemText.Check(id.CertificatePem, CertificateLabels);
            if (reason != null)
            {
                return "certificate: " + reason;
            }

            reason = PemText.Check(id.PrivateKeyPem, KeyLabels);
            if (reason != null)
            {
                return "key: " + reason;
            }

            try
            {
                new X509Certificate(id.CaPem);
            }
            catch (Exception ex)
            {
                return "CA does not parse: " + ex.Message;
            }

            X509Certificate2 device;
            try
            {
                device = new X509Certificate2(id.CertificatePem, id.PrivateKeyPem, null);
            }
            catch (Exception ex)
            {
                return "certificate or key does not parse (encrypted key? wrong file?): " + ex.Message;
            }

            string cn = PemText.CommonName(device.Subject);
            if (cn == null)
            {
                return "certificate subject has no CN: " + device.Subject;
            }

            if (cn != id.ThingName)
            {
                return "certificate CN '" + cn + "' is not the thing name '" + id.ThingName + "'";
            }

            if (clockIsSet)
            {
                DateTime now = DateTime.UtcNow;
                if (now < device.NotBefore)
                {
                    return "certificate not valid before " + device.NotBefore.ToString();
                }

                if (now > device.NotAfter)
                {
                    return "certificate expired " + device.NotAfter.ToString();
                }
            }

            return null;
        }
    }
}
