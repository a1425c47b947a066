using System.Text;
using Methane.Firmware.Core.Integrity;
using Xunit;

namespace Methane.Firmware.Core.Tests.Outbox;

public sealed class Crc32Tests
{
    [Fact]
    public void Check_value_of_the_catalogue()
    {
        // CRC-32/ISO-HDLC check value from the CRC catalogue (reveng): "123456789" → 0xCBF43926.
        var data = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xCBF43926u, Crc32.Compute(data, 0, data.Length));
    }

    [Fact]
    public void Empty_input_and_pieces()
    {
        Assert.Equal(0u, Crc32.Compute(new byte[0], 0, 0)); // init ^ final xor = 0
        var data = Encoding.ASCII.GetBytes("xx123456789yy");
        uint running = Crc32.Start();
        running = Crc32.Update(running, data, 2, 4);
        running = Crc32.Update(running, data, 6, 5);
        Assert.Equal(0xCBF43926u, Crc32.Finish(running));
    }

    [Fact]
    public void Quick_brown_fox()
    {
        // Widely published CRC-32 (zlib/PNG) of this pangram: 0x414FA339.
        var data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");
        Assert.Equal(0x414FA339u, Crc32.Compute(data, 0, data.Length));
    }
}
