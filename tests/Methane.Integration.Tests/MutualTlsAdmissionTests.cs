using System.Security.Authentication;
using Methane.Testing;
using Xunit;

namespace Methane.Integration.Tests;

/// <summary>Who gets in: the broker admits only TLS 1.2+ clients holding a certificate from the project's CA.</summary>
public sealed class MutualTlsAdmissionTests : IClassFixture<BrokerFixture>
{
    private readonly BrokerFixture _fx;

    public MutualTlsAdmissionTests(BrokerFixture fx)
    {
        _fx = fx;
    }

    [MosquittoFact]
    public void A_device_certificate_from_the_project_CA_is_accepted_over_TLS_1_2_and_TLS_1_3()
    {
        using var cert = _fx.Pki.ClientCertificate("dev-admit");
        RawMqtt.Attempt tls12 = RawMqtt.TryConnect(_fx.Broker.Port, cert, SslProtocols.Tls12, "dev-admit");
        RawMqtt.Attempt tls13 = RawMqtt.TryConnect(_fx.Broker.Port, cert, SslProtocols.Tls13, "dev-admit");
        Assert.True(tls12.ConnAckAccepted, tls12.Detail);
        Assert.Contains("Tls12", tls12.Detail);
        Assert.True(tls13.ConnAckAccepted, tls13.Detail);
        Assert.Contains("Tls13", tls13.Detail);
    }

    [MosquittoFact]
    public void A_client_without_a_certificate_is_refused()
    {
        RawMqtt.Attempt tls12 = RawMqtt.TryConnect(_fx.Broker.Port, null, SslProtocols.Tls12, "no-cert");
        RawMqtt.Attempt tls13 = RawMqtt.TryConnect(_fx.Broker.Port, null, SslProtocols.Tls13, "no-cert");
        // TLS 1.2: the broker checks the client certificate inside the handshake and aborts it with an alert.
        Assert.False(tls12.HandshakeCompleted, tls12.Detail);
        Assert.False(tls13.ConnAckAccepted, tls13.Detail);
    }

    [MosquittoFact]
    public void A_client_with_a_certificate_from_another_CA_is_refused()
    {
        using var foreignPki = TestPki.Create("foreign");
        // Same CN as a legitimate device: only the issuer differs.
        using var foreign = foreignPki.ClientCertificate("dev-admit");
        RawMqtt.Attempt tls12 = RawMqtt.TryConnect(_fx.Broker.Port, foreign, SslProtocols.Tls12, "dev-admit");
        RawMqtt.Attempt tls13 = RawMqtt.TryConnect(_fx.Broker.Port, foreign, SslProtocols.Tls13, "dev-admit");
        Assert.False(tls12.HandshakeCompleted, tls12.Detail);
        Assert.Contains("unknown ca", tls12.Detail); // the broker's alert (RFC 5246 §7.2 unknown_ca)
        Assert.False(tls13.ConnAckAccepted, tls13.Detail);
    }

    [MosquittoFact]
    public void A_client_offering_at_most_TLS_1_1_is_refused_by_the_broker_while_the_same_hello_at_TLS_1_2_is_answered()
    {
        // The local OpenSSL may refuse to even send a TLS 1.1 hello, which would prove nothing about the broker; so the
        // hello is built by hand and only its version differs between the two attempts.
        RawTls.ServerAnswer tls11 = RawTls.Hello(_fx.Broker.Port, 3, 2);
        RawTls.ServerAnswer tls12 = RawTls.Hello(_fx.Broker.Port, 3, 3);

        // RFC 5246 §7.2: fatal alert (level 2) protocol_version (70).
        Assert.True(tls11.IsAlert, tls11.ToString());
        Assert.Equal(2, tls11.HandshakeTypeOrAlertLevel);
        Assert.Equal(70, tls11.AlertDescriptionOrVersionMajor);
        // Control: a ServerHello choosing TLS 1.2 (3.3).
        Assert.True(tls12.IsServerHello, tls12.ToString());
        Assert.Equal(3, tls12.AlertDescriptionOrVersionMajor);
        Assert.Equal(3, tls12.VersionMinor);
    }
}
