using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Methane.Testing;

namespace Methane.Integration.Tests;

/// <summary>
/// Talks to the broker below any MQTT library: a TLS handshake with SslStream and a CONNECT packet written byte by byte from
/// MQTT 3.1.1 §3.1, so "refused" and "accepted" are judged on what the broker itself sends back.
/// </summary>
internal static class RawMqtt
{
    /// <summary>Outcome of one TLS + CONNECT attempt.</summary>
    internal sealed record Attempt(bool HandshakeCompleted, bool ConnAckAccepted, string Detail);

    internal static Attempt TryConnect(int port, X509Certificate2? clientCertificate, SslProtocols protocols, string clientId)
    {
        using var tcp = new TcpClient();
        tcp.Connect(MosquittoBroker.Host, port);
        tcp.ReceiveTimeout = 5000;
        tcp.SendTimeout = 5000;
        using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = protocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (clientCertificate != null) options.ClientCertificates = new X509CertificateCollection { clientCertificate };
        try
        {
            tls.AuthenticateAsClient(options);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return new Attempt(false, false, "handshake failed: " + e.GetBaseException().Message);
        }
        // With TLS 1.3 the client finishes its handshake before the server has checked the client certificate; the
        // server's verdict arrives as an alert on the first read. Hence always go as far as CONNACK.
        try
        {
            byte[] connect = ConnectPacket(clientId);
            tls.Write(connect);
            tls.Flush();
            var connAck = new byte[4];
            int read = 0;
            while (read < 4)
            {
                int n = tls.Read(connAck, read, 4 - read);
                if (n == 0) return new Attempt(true, false, "broker closed the connection after " + read + " bytes (protocol " + tls.SslProtocol + ")");
                read += n;
            }
            // CONNACK: 0x20, remaining length 2, session-present flags, return code (0 = accepted).
            bool accepted = connAck[0] == 0x20 && connAck[1] == 0x02 && connAck[3] == 0x00;
            return new Attempt(true, accepted, "CONNACK " + Convert.ToHexString(connAck) + " over " + tls.SslProtocol);
        }
        catch (Exception e) when (e is IOException or AuthenticationException or SocketException)
        {
            return new Attempt(true, false, "broker ended the session: " + e.GetBaseException().Message);
        }
    }

    /// <summary>CONNECT, protocol level 4 (3.1.1), clean session, keepalive 60 s, no username/password/will.</summary>
    internal static byte[] ConnectPacket(string clientId)
    {
        byte[] id = Encoding.UTF8.GetBytes(clientId);
        int remaining = 10 + 2 + id.Length; // variable header (10) + client id string
        if (remaining > 127) throw new ArgumentException("client id too long for a one-byte remaining length", nameof(clientId));
        var packet = new List<byte>
        {
            0x10, (byte)remaining,
            0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T',
            0x04,       // protocol level 4 = MQTT 3.1.1
            0x02,       // connect flags: clean session
            0x00, 0x3C, // keepalive 60 s
            (byte)(id.Length >> 8), (byte)id.Length,
        };
        packet.AddRange(id);
        return packet.ToArray();
    }
}
