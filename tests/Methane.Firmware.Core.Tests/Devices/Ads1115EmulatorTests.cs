using Methane.Firmware.Core.Bus;
using Methane.Firmware.Emulation.Chips;
using Methane.Firmware.Emulation.Time;
using Xunit;

namespace Methane.Firmware.Core.Tests.Devices;

/// <summary>The emulator against the datasheet's bytes, driven with raw transfers (no driver involved).</summary>
public sealed class Ads1115EmulatorTests
{
    private readonly VirtualClock _clock = new();
    private readonly Ads1115Emulator _chip;

    public Ads1115EmulatorTests() => _chip = new Ads1115Emulator(_clock);

    private byte[] ReadPointed(int count = 2)
    {
        var buffer = new byte[count];
        Assert.Equal(I2cStatus.Ok, _chip.Read(buffer));
        return buffer;
    }

    private byte[] ReadRegister(byte pointer)
    {
        var buffer = new byte[2];
        Assert.Equal(I2cStatus.Ok, _chip.WriteRead(new[] { pointer }, buffer));
        return buffer;
    }

    [Fact]
    public void Reset_values_of_the_register_map()
    {
        Assert.Equal(new byte[] { 0x00, 0x00 }, ReadRegister(0x00));
        Assert.Equal(new byte[] { 0x85, 0x83 }, ReadRegister(0x01));
        Assert.Equal(new byte[] { 0x80, 0x00 }, ReadRegister(0x02));
        Assert.Equal(new byte[] { 0x7F, 0xFF }, ReadRegister(0x03));
    }

    [Fact]
    public void Pointer_starts_at_conversion_and_a_one_byte_write_moves_it()
    {
        Assert.Equal(new byte[] { 0x00, 0x00 }, ReadPointed());
        Assert.Equal(I2cStatus.Ok, _chip.Write(new byte[] { 0x03 }));
        Assert.Equal(new byte[] { 0x7F, 0xFF }, ReadPointed());
        Assert.Equal(new byte[] { 0x7F, 0xFF }, ReadPointed()); // pointer stays
        Assert.Equal(3, _chip.Pointer);
    }

    [Fact]
    public void Three_byte_write_sets_pointer_and_register_msb_first()
    {
        Assert.Equal(I2cStatus.Ok, _chip.Write(new byte[] { 0x02, 0x12, 0x34 }));
        Assert.Equal(new byte[] { 0x12, 0x34 }, ReadPointed());
        Assert.Equal(new byte[] { 0x12, 0x34, 0x12, 0x34 }, ReadPointed(4));
    }

    [Fact]
    public void Conversion_register_is_read_only()
    {
        Assert.Equal(I2cStatus.Ok, _chip.Write(new byte[] { 0x00, 0x12, 0x34 }));
        Assert.Equal(new byte[] { 0x00, 0x00 }, ReadPointed());
    }

    [Fact]
    public void Os_reads_0_while_converting_for_1_over_DR()
    {
        _chip.SetInputVolts(0, 1.0);
        Assert.Equal(I2cStatus.Ok, _chip.Write(new byte[] { 0x01, 0xC3, 0x83 }));

        Assert.Equal(new byte[] { 0x43, 0x83 }, ReadPointed()); // OS=0: converting
        Assert.Equal(new byte[] { 0x00, 0x00 }, ReadRegister(0x00)); // previous result until done

        _clock.AdvanceMicroseconds(7812); // 1/128 s = 7812.5 µs: not yet
        Assert.Equal(new byte[] { 0x43, 0x83 }, ReadRegister(0x01));

        _clock.AdvanceMicroseconds(1);
        Assert.Equal(new byte[] { 0xC3, 0x83 }, ReadRegister(0x01));
        Assert.Equal(new byte[] { 0x1F, 0x40 }, ReadRegister(0x00)); // 1 V / 125 µV = 8000 = 0x1F40
    }

    [Fact]
    public void Os_write_during_a_conversion_does_not_restart_it()
    {
        _chip.Write(new byte[] { 0x01, 0xC3, 0x83 });
        _clock.AdvanceMicroseconds(5000);
        _chip.Write(new byte[] { 0x01, 0xC3, 0x83 });
        _clock.AdvanceMicroseconds(2813); // 7813 µs after the first write
        Assert.Equal(new byte[] { 0xC3, 0x83 }, ReadRegister(0x01));
        Assert.Equal(1, _chip.ConversionsStarted);
    }

    [Fact]
    public void Differential_input_with_reset_settings()
    {
        _chip.SetInputVolts(0, 2.0);
        _chip.SetInputVolts(1, 1.5);
        // 0x8583 with OS=1: MUX=000 (AIN0-AIN1), ±2.048 V, 128 SPS → 0.5 V · 32768 / 2.048 V = 8000
        _chip.Write(new byte[] { 0x01, 0x85, 0x83 });
        _clock.AdvanceMilliseconds(8);
        Assert.Equal(new byte[] { 0x1F, 0x40 }, ReadRegister(0x00));
    }

    [Theory]
    [InlineData(4.096, 0x7F, 0xFF)] // exactly +FSR is one code beyond 0x7FFF: clipped
    [InlineData(5.0, 0x7F, 0xFF)]
    [InlineData(-4.096, 0x80, 0x00)]
    [InlineData(-5.0, 0x80, 0x00)]
    [InlineData(-1.0, 0xE0, 0xC0)] // -1 V / 125 µV = -8000 = 0x10000 - 8000 = 0xE0C0
    public void Full_scale_clipping(double volts, byte msb, byte lsb)
    {
        _chip.SetInputVolts(0, volts);
        _chip.Write(new byte[] { 0x01, 0xC3, 0x83 });
        _clock.AdvanceMilliseconds(8);
        Assert.Equal(new[] { msb, lsb }, ReadRegister(0x00));
    }

    [Fact]
    public void Continuous_mode_updates_every_period_and_os_reads_0()
    {
        _chip.SetInputVolts(0, 1.0);
        // MODE=0: 0xC283 = AIN0, ±4.096 V, continuous, 128 SPS
        _chip.Write(new byte[] { 0x01, 0xC2, 0x83 });
        Assert.Equal(new byte[] { 0x42, 0x83 }, ReadRegister(0x01));
        _clock.AdvanceMilliseconds(8);
        Assert.Equal(new byte[] { 0x1F, 0x40 }, ReadRegister(0x00));
        _chip.SetInputVolts(0, 0.5);
        _clock.AdvanceMilliseconds(8);
        Assert.Equal(new byte[] { 0x0F, 0xA0 }, ReadRegister(0x00)); // 4000
    }

    [Theory]
    [InlineData(new byte[] { 0x04 })]             // reserved pointer bits must be 0
    [InlineData(new byte[] { 0x01, 0xC3, 0x83, 0x00 })] // longer than pointer + register
    public void Malformed_writes_are_nacked(byte[] bytes)
    {
        Assert.Equal(I2cStatus.DataNack, _chip.Write(bytes));
    }

    [Fact]
    public void Absent_chip_nacks_the_address_for_every_kind_of_transfer()
    {
        _chip.Absent = true;
        Assert.Equal(I2cStatus.AddressNack, _chip.Write(new byte[] { 0x01 }));
        Assert.Equal(I2cStatus.AddressNack, _chip.Read(new byte[2]));
        Assert.Equal(I2cStatus.AddressNack, _chip.WriteRead(new byte[] { 0x00 }, new byte[2]));
    }

    [Fact]
    public void Injected_fault_has_no_side_effect()
    {
        _chip.InjectTransferFault(I2cStatus.DataNack, 1);
        Assert.Equal(I2cStatus.DataNack, _chip.Write(new byte[] { 0x02, 0x12, 0x34 }));
        Assert.Equal(new byte[] { 0x80, 0x00 }, ReadRegister(0x02));
    }

    [Fact]
    public void Deterministic_for_the_same_inputs_and_times()
    {
        static byte[] Run()
        {
            var clock = new VirtualClock();
            var chip = new Ads1115Emulator(clock);
            double v = 0;
            chip.SetInputSource(0, () => v += 0.1);
            var result = new List<byte>();
            for (int i = 0; i < 5; i++)
            {
                chip.Write(new byte[] { 0x01, 0xC3, 0x83 });
                clock.AdvanceMilliseconds(8);
                var buffer = new byte[2];
                chip.WriteRead(new byte[] { 0x00 }, buffer);
                result.AddRange(buffer);
            }

            return result.ToArray();
        }

        var first = Run();
        Assert.Equal(first, Run());
        Assert.Equal(new byte[] { 0x03, 0x20 }, first[..2]); // 0.1 V / 125 µV = 800 = 0x0320
    }
}
