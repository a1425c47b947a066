using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Methane.Pki;

namespace Methane.Firmware.Host.Adapters.Mqtt;

/// <summary>Where and how <see cref="MqttNetTransport"/> connects: broker address, client certificate, trust anchors, limits.</summary>
public sealed class MqttNetTransportOptions
{
    public MqttNetTransportOptions(string host, int port, X509Certificate2 clientCertificate, X509Certificate2Collection trustAnchors)
    {
        if (string.IsNullOrWhiteSpace(host)) throw new ArgumentException("host is empty", nameof(host));
        if (port <= 0 || port > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "port must be 1..65535");
        if (!clientCertificate.HasPrivateKey) throw new ArgumentException("the client certificate has no private key", nameof(clientCertificate));
        if (trustAnchors.Count == 0) throw new ArgumentException("no trust anchor (CA certificate) given", nameof(trustAnchors));
        Host = host;
        Port = port;
        ClientCertificate = clientCertificate;
        TrustAnchors = trustAnchors;
    }

    /// <summary>Broker host name or IP address (AWS: the account's ATS endpoint, e.g. xxxx-ats.iot.eu-west-1.amazonaws.com).</summary>
    public string Host { get; }

    /// <summary>8883 for AWS IoT Core and the project's Mosquitto deployment.</summary>
    public int Port { get; }

    /// <summary>The device certificate with its private key (CN = thing name).</summary>
    public X509Certificate2 ClientCertificate { get; }

    /// <summary>
    /// The only roots the broker's certificate may chain to (custom trust store; the OS store is not consulted):
    /// the development CA for local brokers, Amazon Root CA 1 for AWS IoT Core.
    /// </summary>
    public X509Certificate2Collection TrustAnchors { get; }

    /// <summary>Name checked against the server certificate (SNI too). Defaults to <see cref="Host"/>.</summary>
    public string? TargetHost { get; set; }

    /// <summary>TLS 1.2 or later only: AWS IoT Core and the device both require it.</summary>
    public SslProtocols SslProtocols { get; set; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>TCP + TLS + CONNACK must complete within this.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>SUBACK, PUBACK and QoS 0 writes must complete within this; a QoS 1 publish without PUBACK then completes as failed.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>AWS IoT Core's payload limit (128 KB).</summary>
    public int MaxPayloadBytes { get; set; } = 128 * 1024;

    /// <summary>AWS IoT Core's topic limit (256 bytes of UTF-8).</summary>
    public int MaxTopicBytes { get; set; } = 256;

    /// <summary>Loads everything from PEM files (CA bundle, device certificate, device key).</summary>
    public static MqttNetTransportOptions FromPemFiles(string host, int port, string caPemPath, string certificatePemPath, string keyPemPath) =>
        new(host, port, TlsCredentials.LoadCertificateWithKey(certificatePemPath, keyPemPath), TlsCredentials.LoadTrustAnchors(caPemPath));
}
