using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Devices.Sht4x;
using Methane.Firmware.Emulation.Bus;
using Methane.Firmware.Emulation.Chips;
using Methane.Firmware.Emulation.Time;
using Xunit;

namespace Methane.Firmware.Core.Tests.Devices;

public sealed class Sht4xDriverTests
{
    private readonly VirtualClock _clock = new();
    private readonly VirtualI2cBus _bus = new();
    private readonly Sht4xEmulator _chip;
    private readonly Sht4x _sensor;

    public Sht4xDriverTests()
    {
        _chip = new Sht4xEmulator(_clock, serialNumber: 0x0B1C2D3E);
        _bus.Attach(0x44, _chip);
        _sensor = new Sht4x(_bus.GetDevice(0x44), _clock);
    }

    [Theory]
    // command byte and the datasheet max duration rounded up: 8.3 → 9 ms, 4.5 → 5 ms, 1.6 → 2 ms
    [InlineData(Precision.High, 0xFD, 9)]
    [InlineData(Precision.Medium, 0xF6, 5)]
    [InlineData(Precision.Low, 0xE0, 2)]
    public void Measure_writes_the_command_waits_and_reads_six_bytes(Precision precision, byte command, int waitMs)
    {
        var device = new RecordingI2cDevice(0x44);
        device.EnqueueRead(0x66, 0x66, 0x93, 0x33, 0x33, 0x88); // CRCs: 0x6666 → 0x93, 0x3333 → 0x88 (reference CRC in Python)
        var clock = new VirtualClock();
        var sensor = new Sht4x(device, clock) { Precision = precision };

        Assert.Equal(DeviceStatus.Ok, sensor.Measure(out int t, out int rh));

        Assert.Equal(0x6666, t);
        Assert.Equal(0x3333, rh);
        Assert.Equal(new[] { $"W [{command:X2}] read 0", "R [] read 6" }, device.Transfers.Select(x => x.ToString()));
        Assert.Equal(waitMs, clock.TotalSleptMilliseconds);
    }

    [Theory]
    [InlineData(0x66, 0x66, 0x92, 0x33, 0x33, 0x88)] // first CRC off by one
    [InlineData(0x66, 0x66, 0x93, 0x33, 0x33, 0x89)] // second CRC off by one
    [InlineData(0x66, 0x67, 0x93, 0x33, 0x33, 0x88)] // data bit flipped
    public void Any_word_failing_its_crc_is_CrcError(byte b0, byte b1, byte b2, byte b3, byte b4, byte b5)
    {
        var device = new RecordingI2cDevice(0x44);
        device.EnqueueRead(b0, b1, b2, b3, b4, b5);
        var sensor = new Sht4x(device, new VirtualClock());

        Assert.Equal(DeviceStatus.CrcError, sensor.Measure(out int t, out int rh));
        Assert.Equal(0, t);
        Assert.Equal(0, rh);
    }

    [Fact]
    public void Serial_number_is_two_crc_checked_words_high_first()
    {
        var device = new RecordingI2cDevice(0x44);
        device.EnqueueRead(0x0B, 0x1C, 0xA5, 0x2D, 0x3E, 0xC7); // CRCs from the Python reference
        var sensor = new Sht4x(device, new VirtualClock());

        Assert.Equal(DeviceStatus.Ok, sensor.ReadSerialNumber(out uint serial));
        Assert.Equal(0x0B1C2D3Eu, serial);
        Assert.Equal(new byte[] { 0x89 }, device.Transfers[0].Written);
    }

    [Fact]
    public void Soft_reset_writes_0x94_and_waits_1ms()
    {
        var device = new RecordingI2cDevice(0x44);
        var clock = new VirtualClock();
        var sensor = new Sht4x(device, clock);

        Assert.Equal(DeviceStatus.Ok, sensor.SoftReset());
        Assert.Equal(new[] { "W [94] read 0" }, device.Transfers.Select(x => x.ToString()));
        Assert.Equal(1, clock.TotalSleptMilliseconds);
    }

    [Fact]
    public void Measures_the_emulated_environment()
    {
        _chip.TemperatureCelsius = -10.0;       // (−10 + 45)·65535/175 = 13107 exactly
        _chip.RelativeHumidityPercent = 80.0;   // (80 + 6)·65535/125 = 45088.08 → 45088

        Assert.Equal(DeviceStatus.Ok, _sensor.Measure(out int t, out int rh));

        Assert.Equal(13107, t);
        Assert.Equal(45088, rh);
        Assert.Equal(-10.0, Sht4xConversion.TemperatureCelsius(t), 12);
        Assert.Equal(80.0, Sht4xConversion.RelativeHumidityPercent(rh), 2);
    }

    [Theory]
    [InlineData(Precision.High)]
    [InlineData(Precision.Medium)]
    [InlineData(Precision.Low)]
    public void Every_precision_waits_long_enough_for_the_emulator(Precision precision)
    {
        _sensor.Precision = precision;
        Assert.Equal(DeviceStatus.Ok, _sensor.Measure(out _, out _));
    }

    [Fact]
    public void Serial_number_and_soft_reset_against_the_emulator()
    {
        Assert.Equal(DeviceStatus.Ok, _sensor.ReadSerialNumber(out uint serial));
        Assert.Equal(0x0B1C2D3Eu, serial);
        Assert.Equal(DeviceStatus.Ok, _sensor.SoftReset());
        Assert.Equal(1, _chip.SoftResets);
        Assert.Equal(DeviceStatus.Ok, _sensor.Measure(out _, out _)); // reset time honoured
    }

    [Fact]
    public void Chip_slower_than_the_datasheet_nacks_the_read()
    {
        _chip.MeasurementTimeScale = 1.2; // 9.96 ms > the 9 ms the driver waits
        Assert.Equal(DeviceStatus.AddressNack, _sensor.Measure(out _, out _));
    }

    [Fact]
    public void Absent_chip_is_AddressNack()
    {
        _chip.Absent = true;
        Assert.Equal(DeviceStatus.AddressNack, _sensor.Measure(out _, out _));
        Assert.Equal(DeviceStatus.AddressNack, _sensor.ReadSerialNumber(out _));
        Assert.Equal(DeviceStatus.AddressNack, _sensor.SoftReset());
    }

    [Fact]
    public void Nothing_at_the_address_is_AddressNack()
    {
        var other = new Sht4x(_bus.GetDevice(0x45), _clock);
        Assert.Equal(DeviceStatus.AddressNack, other.Measure(out _, out _));
    }

    [Theory]
    [InlineData(I2cStatus.AddressNack, DeviceStatus.AddressNack)]
    [InlineData(I2cStatus.DataNack, DeviceStatus.DataNack)]
    [InlineData(I2cStatus.BusError, DeviceStatus.BusError)]
    public void Injected_transfer_fault_surfaces_once_then_recovers(I2cStatus fault, DeviceStatus expected)
    {
        _chip.InjectTransferFault(fault, 1);
        Assert.Equal(expected, _sensor.Measure(out _, out _));
        Assert.Equal(DeviceStatus.Ok, _sensor.Measure(out _, out _));
    }

    [Fact]
    public void Crc_corruption_for_the_next_read_only()
    {
        _chip.CorruptCrc(1);
        Assert.Equal(DeviceStatus.CrcError, _sensor.Measure(out _, out _));
        Assert.Equal(DeviceStatus.Ok, _sensor.Measure(out _, out _));
    }

    [Fact]
    public void Crc_corruption_of_the_humidity_word_alone_is_detected()
    {
        _chip.CorruptCrc(1, firstWord: false, secondWord: true);
        Assert.Equal(DeviceStatus.CrcError, _sensor.Measure(out _, out _));
    }

    [Fact]
    public void Crc_corruption_forever_until_cleared()
    {
        _chip.CorruptCrc();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(DeviceStatus.CrcError, _sensor.Measure(out _, out _));
        }

        Assert.Equal(DeviceStatus.CrcError, _sensor.ReadSerialNumber(out _));
        _chip.ClearCrcCorruption();
        Assert.Equal(DeviceStatus.Ok, _sensor.Measure(out _, out _));
    }

    [Fact]
    public void Stuck_output_repeats_the_last_words()
    {
        _chip.TemperatureCelsius = 25.0; // 26214 ticks
        Assert.Equal(DeviceStatus.Ok, _sensor.Measure(out int t1, out _));
        _chip.StuckOutput = true;
        _chip.TemperatureCelsius = 30.0;

        Assert.Equal(DeviceStatus.Ok, _sensor.Measure(out int t2, out _));
        Assert.Equal(26214, t1);
        Assert.Equal(26214, t2);

        _chip.StuckOutput = false;
        Assert.Equal(DeviceStatus.Ok, _sensor.Measure(out int t3, out _));
        Assert.Equal(28086, t3); // (30 + 45)·65535/175 = 28086.43 → 28086
    }

    [Theory]
    [InlineData(AdcSaturation.High, 0xFFFF)]
    [InlineData(AdcSaturation.Low, 0x0000)]
    public void Forced_saturation_gives_the_extreme_words_with_valid_crc(AdcSaturation saturation, int ticks)
    {
        _chip.ForcedSaturation = saturation;
        Assert.Equal(DeviceStatus.Ok, _sensor.Measure(out int t, out int rh));
        Assert.Equal(ticks, t);
        Assert.Equal(ticks, rh);
    }

    [Fact]
    public void Steady_state_measurement_allocates_nothing()
    {
        _sensor.Measure(out _, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            _sensor.Measure(out _, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
