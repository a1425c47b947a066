using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Methane.Testing;
using Xunit;

namespace Methane.Integration.Tests;

public sealed class BrokerSmokeTests
{
    [MosquittoFact]
    public void Broker_starts_accepts_a_device_certificate_and_stops_by_pid()
    {
        using var pki = TestPki.Create();
        using var broker = MosquittoBroker.Start(pki);
        int pid = broker.ProcessId!.Value;
        using var cert = pki.ClientCertificate("dev-a");
        using (var tcp = new TcpClient(MosquittoBroker.Host, broker.Port))
        using (var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true))
        {
            tls.AuthenticateAsClient(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ClientCertificates = new System.Security.Cryptography.X509Certificates.X509CertificateCollection { cert },
                EnabledSslProtocols = SslProtocols.Tls12,
            });
            Assert.Equal(SslProtocols.Tls12, tls.SslProtocol);
        }
        broker.Stop();
        Assert.False(broker.IsRunning);
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(pid));
    }
}
