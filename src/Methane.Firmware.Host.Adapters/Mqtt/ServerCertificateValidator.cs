using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Methane.Firmware.Host.Adapters.Mqtt;

/// <summary>
/// Validates a broker certificate against given trust anchors only (X509ChainTrustMode.CustomRootTrust), so a device trusts
/// its CA (development CA or Amazon Root CA 1) and nothing else the machine happens to trust.
/// </summary>
public sealed class ServerCertificateValidator
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    private readonly X509Certificate2Collection _anchors;

    public ServerCertificateValidator(X509Certificate2Collection anchors)
    {
        _anchors = anchors;
    }

    /// <param name="policyErrors">From SslStream: only the host-name and missing-certificate bits are used; the chain is rebuilt here.</param>
    /// <param name="presentedChain">Intermediates the server sent (may be null).</param>
    public bool Validate(X509Certificate? certificate, X509Chain? presentedChain, SslPolicyErrors policyErrors, out string reason)
    {
        if (certificate == null || (policyErrors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            reason = "the server presented no certificate";
            return false;
        }
        if ((policyErrors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            reason = "the server certificate does not name the host connected to (" + certificate.Subject + ")";
            return false;
        }

        X509Certificate2 server = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_anchors);
        // No CRL/OCSP: the development CA publishes none, and a device cannot fetch them before it is online.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuth);
        if (presentedChain != null)
        {
            foreach (X509ChainElement element in presentedChain.ChainElements)
            {
                if (!element.Certificate.RawDataMemory.Span.SequenceEqual(server.RawDataMemory.Span))
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }
        }
        if (chain.Build(server))
        {
            reason = "";
            return true;
        }
        var details = new List<string>();
        foreach (X509ChainStatus status in chain.ChainStatus) details.Add(status.Status + ": " + status.StatusInformation.Trim());
        reason = "the server certificate " + server.Subject + " does not chain to a trusted CA (" + string.Join("; ", details) + ")";
        return false;
    }
}
