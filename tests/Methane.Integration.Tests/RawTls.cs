using System.Net.Sockets;

namespace Methane.Integration.Tests;

/// <summary>
/// A hand-built TLS ClientHello (RFC 5246 §7.4.1.2, RFC 4492, RFC 6066), so the test decides which protocol version is offered
/// no matter what the local OpenSSL would allow, and reads the broker's first record to see what the broker decided.
/// </summary>
internal static class RawTls
{
    internal sealed record ServerAnswer(byte RecordType, byte HandshakeTypeOrAlertLevel, byte AlertDescriptionOrVersionMajor, byte VersionMinor)
    {
        /// <summary>Record type 0x15 = alert.</summary>
        public bool IsAlert => RecordType == 0x15;

        /// <summary>Record type 0x16 = handshake, first message type 2 = ServerHello.</summary>
        public bool IsServerHello => RecordType == 0x16 && HandshakeTypeOrAlertLevel == 0x02;

        public override string ToString() => IsAlert
            ? $"alert level {HandshakeTypeOrAlertLevel} description {AlertDescriptionOrVersionMajor}"
            : $"record 0x{RecordType:X2} handshake type {HandshakeTypeOrAlertLevel} version {AlertDescriptionOrVersionMajor}.{VersionMinor}";
    }

    /// <summary>Sends a ClientHello whose highest version is <paramref name="major"/>.<paramref name="minor"/> (3.2 = TLS 1.1, 3.3 = TLS 1.2).</summary>
    internal static ServerAnswer Hello(int port, byte major, byte minor)
    {
        using var tcp = new TcpClient();
        tcp.Connect(Methane.Testing.MosquittoBroker.Host, port);
        tcp.ReceiveTimeout = 5000;
        NetworkStream stream = tcp.GetStream();
        stream.Write(ClientHello(major, minor));

        byte[] header = ReadExactly(stream, 5); // type, version(2), length(2)
        int length = (header[3] << 8) | header[4];
        byte[] body = ReadExactly(stream, Math.Min(length, 6));
        if (header[0] == 0x15) return new ServerAnswer(header[0], body[0], body[1], 0);
        // Handshake: type(1) length(3) server_version(2)
        return new ServerAnswer(header[0], body[0], body[4], body[5]);
    }

    private static byte[] ClientHello(byte major, byte minor)
    {
        var hello = new List<byte> { major, minor };
        hello.AddRange(new byte[32]); // client random (zeros are fine: no session key is ever derived)
        hello.Add(0x00);              // empty session id
        // Cipher suites: ECDHE-ECDSA with AES-128-GCM-SHA256 (TLS 1.2 only) and AES-128-CBC-SHA (TLS 1.0+), so the broker's
        // ECDSA certificate has a suite under either version; the version alone decides.
        byte[] suites = { 0xC0, 0x2B, 0xC0, 0x09 };
        hello.Add(0x00);
        hello.Add((byte)suites.Length);
        hello.AddRange(suites);
        hello.Add(0x01); // one compression method
        hello.Add(0x00); // null

        var ext = new List<byte>();
        // supported_groups (0x000a): secp256r1 (0x0017)
        ext.AddRange(new byte[] { 0x00, 0x0A, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17 });
        // ec_point_formats (0x000b): uncompressed
        ext.AddRange(new byte[] { 0x00, 0x0B, 0x00, 0x02, 0x01, 0x00 });
        // signature_algorithms (0x000d): ecdsa_secp256r1_sha256 (0x0403)
        ext.AddRange(new byte[] { 0x00, 0x0D, 0x00, 0x04, 0x00, 0x02, 0x04, 0x03 });
        // No supported_versions extension: the offered maximum is the client_version above.
        hello.Add((byte)(ext.Count >> 8));
        hello.Add((byte)ext.Count);
        hello.AddRange(ext);

        var handshake = new List<byte> { 0x01, 0x00, (byte)(hello.Count >> 8), (byte)hello.Count }; // ClientHello, 24-bit length
        handshake.AddRange(hello);
        var record = new List<byte> { 0x16, 0x03, 0x01, (byte)(handshake.Count >> 8), (byte)handshake.Count }; // record version 3.1
        record.AddRange(handshake);
        return record.ToArray();
    }

    private static byte[] ReadExactly(NetworkStream stream, int count)
    {
        var buffer = new byte[count];
        int read = 0;
        while (read < count)
        {
            int n = stream.Read(buffer, read, count - read);
            if (n == 0) throw new IOException($"broker closed the connection after {read} of {count} bytes");
            read += n;
        }
        return buffer;
    }
}
