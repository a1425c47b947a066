using Methane.Firmware.Core.Devices.Sht4x;
using Xunit;

namespace Methane.Firmware.Core.Tests.Devices;

/// <summary>CRC-8 and signal conversion against the Sensirion SHT4x datasheet.</summary>
public sealed class Sht4xFormulaTests
{
    [Fact]
    public void Crc_of_0xBEEF_is_0x92_datasheet_example()
    {
        Assert.Equal(0x92, Sht4xCrc.Compute(new byte[] { 0xBE, 0xEF }, 0, 2));
    }

    [Theory]
    // Values from a bit-by-bit reference CRC-8 (poly 0x31, init 0xFF) run by hand in Python, not from this code.
    [InlineData(0x00, 0x00, 0x81)]
    [InlineData(0x66, 0x66, 0x93)]
    [InlineData(0xFF, 0xFF, 0xAC)]
    [InlineData(0x0B, 0x1C, 0xA5)]
    public void Crc_reference_values(byte msb, byte lsb, byte crc)
    {
        Assert.Equal(crc, Sht4xCrc.Compute(new byte[] { 0x55, msb, lsb }, 1, 2));
    }

    [Fact]
    public void CheckWord_compares_the_byte_after_the_word()
    {
        Assert.True(Sht4xCrc.CheckWord(new byte[] { 0x00, 0xBE, 0xEF, 0x92 }, 1));
        Assert.False(Sht4xCrc.CheckWord(new byte[] { 0x00, 0xBE, 0xEF, 0x93 }, 1));
    }

    [Theory]
    // 0x6666 = 26214 = 0.4 · 65535 exactly: T = -45 + 175·0.4 = 25 °C, RH = -6 + 125·0.4 = 44 %RH
    [InlineData(0x6666, 25.0, 44.0)]
    // 0x0000: the formulas' offsets
    [InlineData(0x0000, -45.0, -6.0)]
    // 0xFFFF: -45 + 175 = 130 °C, -6 + 125 = 119 %RH (unclamped)
    [InlineData(0xFFFF, 130.0, 119.0)]
    // 0x3333 = 13107 = 0.2 · 65535: T = -45 + 35 = -10 °C, RH = -6 + 25 = 19 %RH
    [InlineData(0x3333, -10.0, 19.0)]
    // 0x8000 = 32768: -45 + 175·32768/65535 = 42.50133516441596, -6 + 125·32768/65535 = 56.50095368886854 (Python)
    [InlineData(0x8000, 42.50133516441596, 56.50095368886854)]
    public void Datasheet_conversion(int ticks, double celsius, double percent)
    {
        Assert.Equal(celsius, Sht4xConversion.TemperatureCelsius(ticks), 10);
        Assert.Equal(percent, Sht4xConversion.RelativeHumidityPercent(ticks), 10);
    }

    [Theory]
    [InlineData(0x6666, 25000, 44000)]
    [InlineData(0x0000, -45000, -6000)]
    [InlineData(0xFFFF, 130000, 119000)]
    [InlineData(0x8000, 42501, 56500)] // truncated: 42501.335 m°C, 56500.95 m%RH
    public void Integer_milli_units(int ticks, int milliCelsius, int milliPercent)
    {
        Assert.Equal(milliCelsius, Sht4xConversion.TemperatureMilliCelsius(ticks));
        Assert.Equal(milliPercent, Sht4xConversion.RelativeHumidityMilliPercent(ticks));
    }

    [Theory]
    [InlineData(-6.0, 0.0)]
    [InlineData(119.0, 100.0)]
    [InlineData(55.5, 55.5)]
    [InlineData(0.0, 0.0)]
    [InlineData(100.0, 100.0)]
    public void Humidity_clamping_is_separate(double raw, double clamped) =>
        Assert.Equal(clamped, Sht4xConversion.ClampHumidity(raw));

    [Theory]
    [InlineData(Precision.High, 0xFD, 8300)]
    [InlineData(Precision.Medium, 0xF6, 4500)]
    [InlineData(Precision.Low, 0xE0, 1600)]
    public void Commands_and_max_durations(Precision precision, byte command, int maxMicroseconds)
    {
        Assert.Equal(command, Sht4xTiming.MeasureCommand(precision));
        Assert.Equal(maxMicroseconds, Sht4xTiming.MeasureMaxMicroseconds(precision));
    }
}
