using Methane.Firmware.Core.Bus;
using Methane.Firmware.Emulation.Chips;
using Methane.Firmware.Emulation.Time;
using Xunit;

namespace Methane.Firmware.Core.Tests.Devices;

/// <summary>The emulator against the datasheet's bytes and timing rules, driven with raw transfers.</summary>
public sealed class Sht4xEmulatorTests
{
    private readonly VirtualClock _clock = new();
    private readonly Sht4xEmulator _chip;

    public Sht4xEmulatorTests() => _chip = new Sht4xEmulator(_clock, 0x0B1C2D3E)
    {
        TemperatureCelsius = 25.0,        // 26214 = 0x6666
        RelativeHumidityPercent = 50.0,   // 29359.68 → 29360 = 0x72B0
    };

    [Fact]
    public void Read_before_8_3_ms_is_nacked_then_six_bytes()
    {
        Assert.Equal(I2cStatus.Ok, _chip.Write(new byte[] { 0xFD }));
        var buffer = new byte[6];

        _clock.AdvanceMicroseconds(8299);
        Assert.Equal(I2cStatus.AddressNack, _chip.Read(buffer));

        _clock.AdvanceMicroseconds(1);
        Assert.Equal(I2cStatus.Ok, _chip.Read(buffer));
        // 0x6666 CRC 0x93; 0x72B0 CRC from the Python reference CRC-8: see below
        Assert.Equal(new byte[] { 0x66, 0x66, 0x93, 0x72, 0xB0, Crc(0x72, 0xB0) }, buffer);
    }

    // A third implementation, only for building expected bytes: CRC-8/NRSC-5 is the same polynomial and init, so 0xBEEF → 0x92.
    private static byte Crc(byte a, byte b)
    {
        int crc = 0xFF;
        foreach (byte x in new[] { a, b })
        {
            crc ^= x;
            for (int i = 0; i < 8; i++)
            {
                crc = (crc & 0x80) != 0 ? (crc << 1) ^ 0x131 : crc << 1;
            }
        }

        return (byte)crc;
    }

    [Fact]
    public void Test_crc_helper_matches_the_datasheet_example() => Assert.Equal(0x92, Crc(0xBE, 0xEF));

    [Theory]
    [InlineData(0xF6, 4500)]
    [InlineData(0xE0, 1600)]
    public void Medium_and_low_precision_durations(byte command, int microseconds)
    {
        _chip.Write(new[] { command });
        _clock.AdvanceMicroseconds(microseconds - 1);
        Assert.Equal(I2cStatus.AddressNack, _chip.Read(new byte[6]));
        _clock.AdvanceMicroseconds(1);
        Assert.Equal(I2cStatus.Ok, _chip.Read(new byte[6]));
    }

    [Fact]
    public void Commands_while_measuring_are_nacked()
    {
        _chip.Write(new byte[] { 0xFD });
        _clock.AdvanceMicroseconds(1000);
        Assert.Equal(I2cStatus.AddressNack, _chip.Write(new byte[] { 0x89 }));
    }

    [Fact]
    public void Result_is_consumed_by_the_read()
    {
        _chip.Write(new byte[] { 0xFD });
        _clock.AdvanceMilliseconds(9);
        Assert.Equal(I2cStatus.Ok, _chip.Read(new byte[6]));
        Assert.Equal(I2cStatus.AddressNack, _chip.Read(new byte[6]));
    }

    [Fact]
    public void Read_with_nothing_pending_is_nacked() =>
        Assert.Equal(I2cStatus.AddressNack, _chip.Read(new byte[6]));

    [Fact]
    public void Serial_number_bytes()
    {
        _chip.Write(new byte[] { 0x89 });
        _clock.AdvanceMilliseconds(1);
        var buffer = new byte[6];
        Assert.Equal(I2cStatus.Ok, _chip.Read(buffer));
        Assert.Equal(new byte[] { 0x0B, 0x1C, 0xA5, 0x2D, 0x3E, 0xC7 }, buffer);
    }

    [Fact]
    public void Soft_reset_takes_1ms_and_drops_pending_data()
    {
        _chip.Write(new byte[] { 0xFD });
        _clock.AdvanceMilliseconds(9);
        Assert.Equal(I2cStatus.Ok, _chip.Write(new byte[] { 0x94 }));
        _clock.AdvanceMicroseconds(999);
        Assert.Equal(I2cStatus.AddressNack, _chip.Write(new byte[] { 0xFD }));
        _clock.AdvanceMicroseconds(1);
        Assert.Equal(I2cStatus.AddressNack, _chip.Read(new byte[6])); // ready, but the old result is gone
        Assert.Equal(I2cStatus.Ok, _chip.Write(new byte[] { 0xFD }));
    }

    [Theory]
    [InlineData(new byte[] { 0x42 })]       // not a command
    [InlineData(new byte[] { 0xFD, 0x00 })] // commands are one byte
    public void Invalid_writes_are_data_nacked(byte[] bytes) =>
        Assert.Equal(I2cStatus.DataNack, _chip.Write(bytes));

    [Theory]
    [InlineData(-45.0, 0)]
    [InlineData(-60.0, 0)]          // below range: clipped
    [InlineData(130.0, 65535)]
    [InlineData(200.0, 65535)]      // above range: clipped
    [InlineData(25.0, 26214)]       // 70/175 · 65535 = 26214 exactly
    public void Temperature_to_ticks(double celsius, int ticks) =>
        Assert.Equal(ticks, Sht4xEmulator.TemperatureTicks(celsius));

    [Theory]
    [InlineData(-6.0, 0)]
    [InlineData(119.0, 65535)]
    [InlineData(50.0, 29360)]       // 56/125 · 65535 = 29359.68
    public void Humidity_to_ticks(double percent, int ticks) =>
        Assert.Equal(ticks, Sht4xEmulator.HumidityTicks(percent));

    [Fact]
    public void Environment_is_sampled_when_the_command_arrives()
    {
        _chip.Write(new byte[] { 0xFD });
        _chip.TemperatureCelsius = 30.0;
        _clock.AdvanceMilliseconds(9);
        var buffer = new byte[6];
        _chip.Read(buffer);
        Assert.Equal(new byte[] { 0x66, 0x66 }, buffer[..2]);
    }

    [Fact]
    public void Corrupted_crc_is_inverted_on_the_chosen_word()
    {
        _chip.CorruptCrc(1, firstWord: true, secondWord: false);
        _chip.Write(new byte[] { 0xFD });
        _clock.AdvanceMilliseconds(9);
        var buffer = new byte[6];
        _chip.Read(buffer);
        Assert.Equal(0x6C, buffer[2]); // ~0x93
        Assert.Equal(Crc(buffer[3], buffer[4]), buffer[5]);
    }
}
