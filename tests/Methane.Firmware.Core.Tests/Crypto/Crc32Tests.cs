using System.Text;
using Methane.Firmware.Core.Crypto;
using Xunit;

namespace Methane.Firmware.Core.Tests.Crypto;

public sealed class Crc32Tests
{
    [Theory]
    // CRC-32/ISO-HDLC catalogue check value (reveng.sourceforge.io "CRC RevEng" catalogue) and zlib's crc32 of "".
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("", 0x00000000u)]
    // zlib.crc32(b"The quick brown fox jumps over the lazy dog") = 0x414FA339
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Known_values(string text, uint expected)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        Assert.Equal(expected, Crc32.Compute(bytes, 0, bytes.Length));
    }

    [Fact]
    public void Honours_offset_and_count()
    {
        var bytes = Encoding.ASCII.GetBytes("xx123456789yy");
        Assert.Equal(0xCBF43926u, Crc32.Compute(bytes, 2, 9));
    }
}
