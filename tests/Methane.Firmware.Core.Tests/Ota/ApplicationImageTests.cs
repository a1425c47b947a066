using Methane.Firmware.Core.Ota;
using Xunit;

namespace Methane.Firmware.Core.Tests.Ota;

public sealed class ApplicationImageTests
{
    // "MAI1", 2 assemblies: "Core" 8 bytes, "App" 7 bytes; header 5 + (5 + 4) + (5 + 3) = 22 bytes.
    private static readonly byte[] TwoAssemblies =
    [
        (byte)'M', (byte)'A', (byte)'I', (byte)'1', 2,
        8, 0, 0, 0, 4, (byte)'C', (byte)'o', (byte)'r', (byte)'e',
        7, 0, 0, 0, 3, (byte)'A', (byte)'p', (byte)'p',
        (byte)'N', (byte)'F', (byte)'M', (byte)'R', (byte)'K', (byte)'1', 0xC0, 0xDE,
        (byte)'N', (byte)'F', (byte)'M', (byte)'R', (byte)'K', (byte)'1', 0xAA,
    ];

    [Fact]
    public void Parses_a_hand_written_two_assembly_image()
    {
        var image = new ApplicationImage();
        Assert.Equal(ApplicationImageError.None, image.Parse(TwoAssemblies, TwoAssemblies.Length, TwoAssemblies.Length));
        Assert.Equal(2, image.Count);
        Assert.Equal(22, image.HeaderLength);
        Assert.Equal((22, 8), (image.Offset(0), image.Length(0)));
        Assert.Equal((30, 7), (image.Offset(1), image.Length(1)));
        Assert.Equal((10, 4), (image.NameStart(0), image.NameLength(0)));
        Assert.Equal((19, 3), (image.NameStart(1), image.NameLength(1)));
    }

    [Fact]
    public void Parses_from_the_header_alone()
    {
        var image = new ApplicationImage();
        Assert.Equal(ApplicationImageError.None, image.Parse(TwoAssemblies, 22, TwoAssemblies.Length));
        Assert.Equal(30, image.Offset(1));
        Assert.Equal(ApplicationImageError.TooShort, image.Parse(TwoAssemblies, 21, TwoAssemblies.Length));
        Assert.Equal(0, image.Count);
    }

    [Theory]
    [InlineData(0, (byte)'N', ApplicationImageError.BadMagic)]            // a bare .pe starts with "NFMRK1"
    [InlineData(4, 0, ApplicationImageError.BadCount)]
    [InlineData(4, 5, ApplicationImageError.BadCount)]
    [InlineData(4, 1, ApplicationImageError.LengthMismatch)]               // one assembly declared, two present
    [InlineData(5, 5, ApplicationImageError.BadLength)]                    // shorter than the .pe marker
    [InlineData(8, 0x20, ApplicationImageError.BadLength)]                 // 512 MiB
    [InlineData(9, 0, ApplicationImageError.BadName)]
    [InlineData(9, 65, ApplicationImageError.BadName)]
    [InlineData(11, (byte)'/', ApplicationImageError.BadName)]
    [InlineData(14, 6, ApplicationImageError.LengthMismatch)]              // "App" one byte shorter than the file says
    public void Refuses_a_damaged_header(int index, byte value, ApplicationImageError expected)
    {
        byte[] damaged = (byte[])TwoAssemblies.Clone();
        damaged[index] = value;
        var image = new ApplicationImage();
        Assert.Equal(expected, image.Parse(damaged, damaged.Length, damaged.Length));
        Assert.Equal(0, image.Count);
    }

    [Fact]
    public void Refuses_truncation_and_trailing_bytes()
    {
        var image = new ApplicationImage();
        Assert.Equal(ApplicationImageError.LengthMismatch, image.Parse(TwoAssemblies, TwoAssemblies.Length - 1, TwoAssemblies.Length - 1));
        byte[] longer = [.. TwoAssemblies, 0];
        Assert.Equal(ApplicationImageError.LengthMismatch, image.Parse(longer, longer.Length, longer.Length));
        Assert.Equal(ApplicationImageError.TooShort, image.Parse(TwoAssemblies, 4, 4));
        Assert.Equal(ApplicationImageError.TooShort, image.Parse(null!, 0, 0));
        Assert.Equal(ApplicationImageError.TooShort, image.Parse(TwoAssemblies, 40, 40)); // more header bytes than the buffer holds
    }

    [Fact]
    public void Recognises_the_assembly_marker()
    {
        Assert.True(ApplicationImage.IsAssembly(TwoAssemblies[22..30]));
        Assert.False(ApplicationImage.IsAssembly(TwoAssemblies[0..8]));
        Assert.False(ApplicationImage.IsAssembly(TwoAssemblies[22..27]));
        Assert.False(ApplicationImage.IsAssembly(null!));
    }

    [Fact]
    public void Random_mutations_never_throw_and_accepted_entries_stay_inside_the_image()
    {
        var random = new Random(12);
        var image = new ApplicationImage();
        int accepted = 0;
        for (int n = 0; n < 200_000; n++)
        {
            byte[] b = (byte[])TwoAssemblies.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++) b[random.Next(b.Length)] = (byte)random.Next(256);
            int length = random.Next(4) == 0 ? random.Next(b.Length + 1) : b.Length;
            if (image.Parse(b, Math.Min(length, ApplicationImage.MaxHeaderBytes), length) != ApplicationImageError.None) continue;
            accepted++;
            int end = image.HeaderLength;
            for (int i = 0; i < image.Count; i++)
            {
                Assert.Equal(end, image.Offset(i));
                end += image.Length(i);
            }
            Assert.Equal(length, end);
        }
        Assert.InRange(accepted, 1, 200_000);
    }
}
