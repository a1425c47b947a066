using Methane.Firmware.Core.Bus;

namespace Methane.Firmware.Emulation.Bus;

/// <summary>The chip side of a virtual I2C transfer: what an emulated chip does with the bytes of one transaction.</summary>
public interface II2cTarget
{
    /// <summary>START, address+W, <paramref name="data"/>, STOP. An empty span is an address probe.</summary>
    I2cStatus Write(ReadOnlySpan<byte> data);

    /// <summary>START, address+R, the chip fills <paramref name="data"/>, STOP.</summary>
    I2cStatus Read(Span<byte> data);

    /// <summary>Write phase, repeated START, read phase, one transaction.</summary>
    I2cStatus WriteRead(ReadOnlySpan<byte> write, Span<byte> read);
}
