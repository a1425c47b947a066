using Methane.Firmware.Core.Bus;
using Methane.Firmware.Core.Devices;
using Methane.Firmware.Core.Devices.Ads1115;
using Methane.Firmware.Emulation.Bus;
using Methane.Firmware.Emulation.Chips;
using Methane.Firmware.Emulation.Time;
using Xunit;

namespace Methane.Firmware.Core.Tests.Devices;

public sealed class Ads1115DriverTests
{
    private readonly VirtualClock _clock = new();
    private readonly VirtualI2cBus _bus = new();
    private readonly Ads1115Emulator _chip;
    private readonly Ads1115 _adc;

    public Ads1115DriverTests()
    {
        _chip = new Ads1115Emulator(_clock);
        _bus.Attach(0x48, _chip);
        _adc = new Ads1115(_bus.GetDevice(0x48), _clock);
    }

    [Fact]
    public void Default_single_shot_writes_01_C3_83_waits_then_polls_and_reads_conversion()
    {
        var device = new RecordingI2cDevice(0x48);
        device.EnqueueRead(0xC3, 0x83); // config read back: OS=1, conversion done
        device.EnqueueRead(0x1F, 0x40); // conversion register 0x1F40 = 8000
        var clock = new VirtualClock();
        var adc = new Ads1115(device, clock);

        Assert.Equal(DeviceStatus.Ok, adc.ReadSingleShot(out short raw));

        Assert.Equal(8000, raw);
        Assert.Equal(
            new[] { "W [01C383] read 0", "WR [01] read 2", "WR [00] read 2" },
            device.Transfers.Select(t => t.ToString()));
        // 128 SPS: 1/(0.9·128 SPS) = 8.68 ms → 9 ms, + 1 ms margin.
        Assert.Equal(10, clock.TotalSleptMilliseconds);
    }

    [Fact]
    public void Conversion_register_is_big_endian_signed()
    {
        var device = new RecordingI2cDevice(0x48);
        device.EnqueueRead(0x83, 0x83);
        device.EnqueueRead(0xC1, 0x80); // 0xC180 = -16000 in two's complement
        var adc = new Ads1115(device, new VirtualClock());

        Assert.Equal(DeviceStatus.Ok, adc.ReadSingleShot(out short raw));
        Assert.Equal(-16000, raw);
    }

    [Fact]
    public void Channel_gain_and_rate_reach_the_config_bytes()
    {
        var device = new RecordingI2cDevice(0x48);
        device.EnqueueRead(0x80, 0x00);
        device.EnqueueRead(0x00, 0x00);
        var clock = new VirtualClock();
        var adc = new Ads1115(device, clock) { MeasuringRange = MeasuringRange.FS6144, DataRate = DataRate.SPS860 };

        Assert.Equal(DeviceStatus.Ok, adc.ReadSingleShot(3, out _));

        // AIN3/GND, ±6.144 V, 860 SPS → 0xF1E3 (see Ads1115ConfigTests); wait ceil(1.29)+1 = 3 ms.
        Assert.Equal(new byte[] { 0x01, 0xF1, 0xE3 }, device.Transfers[0].Written);
        Assert.Equal(3, clock.TotalSleptMilliseconds);
    }

    [Fact]
    public void Os_never_set_gives_ConversionTimeout_after_the_bounded_number_of_polls()
    {
        var device = new RecordingI2cDevice(0x48);
        for (int i = 0; i < 10; i++)
        {
            device.EnqueueRead(0x43, 0x83); // OS=0: still converting
        }

        var clock = new VirtualClock();
        var adc = new Ads1115(device, clock) { MaxStatusPolls = 4, PollIntervalMilliseconds = 2 };

        Assert.Equal(DeviceStatus.ConversionTimeout, adc.ReadSingleShot(out _));
        Assert.Equal(4, device.Transfers.Count(t => t.Kind == "WR"));
        Assert.DoesNotContain(device.Transfers, t => t.Written.SequenceEqual(new byte[] { 0x00 }));
        Assert.Equal(10 + 3 * 2, clock.TotalSleptMilliseconds); // initial wait + 3 sleeps between 4 polls
    }

    [Theory]
    [InlineData(I2cStatus.AddressNack, DeviceStatus.AddressNack)]
    [InlineData(I2cStatus.DataNack, DeviceStatus.DataNack)]
    [InlineData(I2cStatus.BusError, DeviceStatus.BusError)]
    public void Failure_of_the_conversion_read_surfaces_and_stops(I2cStatus bus, DeviceStatus expected)
    {
        var device = new RecordingI2cDevice(0x48);
        device.EnqueueRead(0xC3, 0x83);
        device.EnqueueRead(bus);
        var adc = new Ads1115(device, new VirtualClock());

        Assert.Equal(expected, adc.ReadSingleShot(out short raw));
        Assert.Equal(0, raw);
    }

    [Fact]
    public void Write_failure_stops_before_waiting()
    {
        var device = new RecordingI2cDevice(0x48) { WriteStatus = I2cStatus.DataNack };
        var clock = new VirtualClock();
        var adc = new Ads1115(device, clock);

        Assert.Equal(DeviceStatus.DataNack, adc.ReadSingleShot(out _));
        Assert.Single(device.Transfers);
        Assert.Equal(0, clock.TotalSleptMilliseconds);
    }

    [Fact]
    public void One_volt_on_AIN0_at_4V096_reads_8000_and_1V()
    {
        _chip.SetInputVolts(0, 1.0);

        Assert.Equal(DeviceStatus.Ok, _adc.ReadSingleShot(out short raw));

        Assert.Equal(8000, raw); // 1 V / 125 µV
        Assert.Equal(1.0, _adc.ToVolts(raw), 12);
        Assert.False(Ads1115.IsSaturated(raw));
    }

    [Fact]
    public void Each_single_ended_channel_is_selected()
    {
        _chip.SetInputVolts(0, 0.5);
        _chip.SetInputVolts(1, 1.0);
        _chip.SetInputVolts(2, 1.5);
        _chip.SetInputVolts(3, 2.0);

        // 125 µV per LSB at ±4.096 V: 0.5 V = 4000, 1.0 V = 8000, 1.5 V = 12000, 2.0 V = 16000
        int[] expected = { 4000, 8000, 12000, 16000 };
        for (int channel = 0; channel < 4; channel++)
        {
            Assert.Equal(DeviceStatus.Ok, _adc.ReadSingleShot(channel, out short raw));
            Assert.Equal(expected[channel], raw);
        }
    }

    [Fact]
    public void Gain_changes_the_code_and_saturates_at_full_scale()
    {
        _chip.SetInputVolts(0, 0.3);

        _adc.MeasuringRange = MeasuringRange.FS0512;
        Assert.Equal(DeviceStatus.Ok, _adc.ReadSingleShot(out short raw));
        Assert.Equal(19200, raw); // 0.3 V · 32768 / 0.512 V

        _adc.MeasuringRange = MeasuringRange.FS0256;
        Assert.Equal(DeviceStatus.Ok, _adc.ReadSingleShot(out raw));
        Assert.Equal(0x7FFF, raw); // 0.3 V > 0.256 V full scale
        Assert.True(Ads1115.IsSaturated(raw));

        _chip.SetInputVolts(0, -0.3);
        Assert.Equal(DeviceStatus.Ok, _adc.ReadSingleShot(out raw));
        Assert.Equal(-0x8000, raw);
        Assert.True(Ads1115.IsSaturated(raw));
    }

    [Fact]
    public void Chip_10_percent_slow_still_converts_within_the_first_wait()
    {
        _chip.ConversionTimeScale = 1.1; // datasheet data-rate tolerance ±10 %
        _chip.SetInputVolts(0, 1.0);

        Assert.Equal(DeviceStatus.Ok, _adc.ReadSingleShot(out short raw));
        Assert.Equal(8000, raw);
        Assert.Equal(10, _clock.TotalSleptMilliseconds); // no extra poll needed
    }

    [Fact]
    public void Chip_twice_as_slow_is_polled_until_done()
    {
        _chip.ConversionTimeScale = 2.0; // 15.625 ms at 128 SPS
        _chip.SetInputVolts(0, 1.0);

        Assert.Equal(DeviceStatus.Ok, _adc.ReadSingleShot(out short raw));
        Assert.Equal(8000, raw);
        Assert.Equal(16, _clock.TotalSleptMilliseconds); // 10 ms wait, then 1 ms polls until 15.625 ms has passed
    }

    [Fact]
    public void Chip_that_never_finishes_times_out()
    {
        _chip.ConversionTimeScale = 100;
        Assert.Equal(DeviceStatus.ConversionTimeout, _adc.ReadSingleShot(out _));
    }

    [Fact]
    public void Absent_chip_is_AddressNack()
    {
        _chip.Absent = true;
        Assert.Equal(DeviceStatus.AddressNack, _adc.ReadSingleShot(out _));
    }

    [Fact]
    public void Nothing_at_the_address_is_AddressNack()
    {
        var other = new Ads1115(_bus.GetDevice(0x49), _clock);
        Assert.Equal(DeviceStatus.AddressNack, other.ReadSingleShot(out _));
    }

    [Theory]
    [InlineData(I2cStatus.AddressNack, DeviceStatus.AddressNack)]
    [InlineData(I2cStatus.DataNack, DeviceStatus.DataNack)]
    [InlineData(I2cStatus.BusError, DeviceStatus.BusError)]
    public void Injected_transfer_fault_surfaces_once_then_recovers(I2cStatus fault, DeviceStatus expected)
    {
        _chip.SetInputVolts(0, 1.0);
        _chip.InjectTransferFault(fault, 1);

        Assert.Equal(expected, _adc.ReadSingleShot(out _));
        Assert.Equal(DeviceStatus.Ok, _adc.ReadSingleShot(out short raw));
        Assert.Equal(8000, raw);
    }

    [Fact]
    public void Injected_fault_forever_fails_every_conversion()
    {
        _chip.InjectTransferFault(I2cStatus.BusError);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(DeviceStatus.BusError, _adc.ReadSingleShot(out _));
        }

        _chip.ClearTransferFault();
        Assert.Equal(DeviceStatus.Ok, _adc.ReadSingleShot(out _));
    }

    [Fact]
    public void Stuck_output_keeps_the_last_value()
    {
        _chip.SetInputVolts(0, 1.0);
        Assert.Equal(DeviceStatus.Ok, _adc.ReadSingleShot(out short first));
        _chip.StuckOutput = true;
        _chip.SetInputVolts(0, 2.0);

        Assert.Equal(DeviceStatus.Ok, _adc.ReadSingleShot(out short second));
        Assert.Equal(8000, first);
        Assert.Equal(8000, second);

        _chip.StuckOutput = false;
        Assert.Equal(DeviceStatus.Ok, _adc.ReadSingleShot(out short third));
        Assert.Equal(16000, third); // 2 V / 125 µV
    }

    [Theory]
    [InlineData(AdcSaturation.High, 0x7FFF)]
    [InlineData(AdcSaturation.Low, -0x8000)]
    public void Forced_saturation_reads_full_scale(AdcSaturation saturation, int expected)
    {
        _chip.SetInputVolts(0, 1.0);
        _chip.ForcedSaturation = saturation;

        Assert.Equal(DeviceStatus.Ok, _adc.ReadSingleShot(out short raw));
        Assert.Equal(expected, raw);
        Assert.True(Ads1115.IsSaturated(raw));
    }

    [Fact]
    public void Input_source_function_is_sampled_per_conversion()
    {
        double volts = 0.25;
        _chip.SetInputSource(0, () => volts);

        Assert.Equal(DeviceStatus.Ok, _adc.ReadSingleShot(out short a));
        volts = 0.5;
        Assert.Equal(DeviceStatus.Ok, _adc.ReadSingleShot(out short b));

        Assert.Equal(2000, a); // 0.25 V / 125 µV
        Assert.Equal(4000, b);
    }

    [Fact]
    public void Steady_state_conversion_allocates_nothing()
    {
        _chip.SetInputVolts(0, 1.0);
        _adc.ReadSingleShot(out _);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            _adc.ReadSingleShot(out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
