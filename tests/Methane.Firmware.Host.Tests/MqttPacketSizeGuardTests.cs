using Methane.Firmware.Host.Broker;
using Xunit;

namespace Methane.Firmware.Host.Tests;

/// <summary>The read-side guard follows MQTT framing (§2.2.3 Remaining Length) and refuses a packet by its header alone.</summary>
public sealed class MqttPacketSizeGuardTests
{
    private static (int Read, Exception? Error) ReadAll(byte[] wire, int limit, int chunk)
    {
        using var guard = new MqttPacketSizeGuard(new MemoryStream(wire), limit);
        var buffer = new byte[chunk];
        int total = 0;
        try
        {
            int n;
            while ((n = guard.Read(buffer, 0, buffer.Length)) > 0) total += n;
            return (total, null);
        }
        catch (IOException e)
        {
            return (total, e);
        }
    }

    /// <summary>A PUBLISH with <paramref name="body"/> bytes after the fixed header (Remaining Length encoded per §2.2.3).</summary>
    private static byte[] Packet(int body)
    {
        var bytes = new List<byte> { 0x30 };
        int x = body;
        do
        {
            byte digit = (byte)(x % 128);
            x /= 128;
            if (x > 0) digit |= 0x80;
            bytes.Add(digit);
        } while (x > 0);
        bytes.AddRange(new byte[body]);
        return bytes.ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Packets_within_the_limit_pass_in_any_chunking(int chunk)
    {
        // 1 + 2 + 16,381 = 16,384 bytes (Remaining Length 16,381 takes two bytes): exactly the limit, then a PINGREQ.
        byte[] wire = Packet(16_381).Concat(new byte[] { 0xC0, 0x00 }).Concat(Packet(10)).ToArray();
        (int read, Exception? error) = ReadAll(wire, 16_384, chunk);
        Assert.Null(error);
        Assert.Equal(wire.Length, read);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public void A_packet_one_byte_over_is_refused_before_its_body(int chunk)
    {
        byte[] wire = Packet(16_382); // 16,385 bytes
        (int read, Exception? error) = ReadAll(wire, 16_384, chunk);
        Assert.NotNull(error);
        Assert.Contains("16385 bytes", error!.Message);
        Assert.True(read < 4096 + 1, $"read {read} bytes");
    }

    [Fact]
    public void A_remaining_length_of_five_bytes_is_malformed()
    {
        (_, Exception? error) = ReadAll(new byte[] { 0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, 1 << 30, 1);
        Assert.Contains("longer than 4 bytes", error!.Message);
    }
}
