using Methane.Firmware.Core.Bus;
using Methane.Firmware.Emulation.Bus;
using Methane.Firmware.Emulation.Chips;
using Methane.Firmware.Emulation.Time;
using Xunit;

namespace Methane.Firmware.Core.Tests.Devices;

public sealed class VirtualBusAndClockTests
{
    [Fact]
    public void Unknown_address_is_AddressNack_for_every_transfer()
    {
        var bus = new VirtualI2cBus();
        var device = bus.GetDevice(0x50);
        var buffer = new byte[2];
        Assert.Equal(0x50, device.Address);
        Assert.Equal(I2cStatus.AddressNack, device.Write(buffer, 0, 1));
        Assert.Equal(I2cStatus.AddressNack, device.Read(buffer, 0, 2));
        Assert.Equal(I2cStatus.AddressNack, device.WriteRead(buffer, 0, 1, buffer, 0, 2));
        Assert.Equal(3, bus.TransferCount);
    }

    [Fact]
    public void Devices_are_per_address_and_routed_to_the_attached_chip()
    {
        var clock = new VirtualClock();
        var bus = new VirtualI2cBus();
        bus.Attach(0x48, new Ads1115Emulator(clock));
        Assert.Same(bus.GetDevice(0x48), bus.GetDevice(0x48));

        var buffer = new byte[] { 0x01, 0, 0 };
        Assert.Equal(I2cStatus.Ok, bus.GetDevice(0x48).WriteRead(buffer, 0, 1, buffer, 1, 2));
        Assert.Equal(new byte[] { 0x01, 0x85, 0x83 }, buffer); // config reset value, offsets honoured
        Assert.Equal(I2cStatus.AddressNack, bus.GetDevice(0x49).Write(buffer, 0, 1));

        Assert.True(bus.Detach(0x48));
        Assert.Equal(I2cStatus.AddressNack, bus.GetDevice(0x48).Write(buffer, 0, 1));
    }

    [Fact]
    public void An_address_takes_one_chip()
    {
        var clock = new VirtualClock();
        var bus = new VirtualI2cBus();
        bus.Attach(0x44, new Sht4xEmulator(clock));
        Assert.Throws<InvalidOperationException>(() => bus.Attach(0x44, new Sht4xEmulator(clock)));
        Assert.Throws<ArgumentOutOfRangeException>(() => bus.GetDevice(0x80));
    }

    [Fact]
    public void Sleep_advances_virtual_time()
    {
        var clock = new VirtualClock(startUptimeMilliseconds: 5);
        clock.Sleep(10);
        clock.AdvanceMicroseconds(2500);
        Assert.Equal(17, clock.UptimeMilliseconds);   // 5 + 10 + 2.5 truncated
        Assert.Equal(17_500, clock.NowMicroseconds);
        Assert.Equal(10, clock.TotalSleptMilliseconds);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Sleep(-1));
    }

    [Fact]
    public void Wall_clock_is_unset_until_set_and_then_follows_uptime()
    {
        var clock = new VirtualClock();
        clock.Sleep(1000);
        Assert.False(clock.IsWallClockSet);

        clock.SetWallClock(1_700_000_000_000);
        Assert.True(clock.IsWallClockSet);
        Assert.Equal(1_700_000_000_000, clock.EpochMilliseconds);
        clock.Sleep(250);
        Assert.Equal(1_700_000_000_250, clock.EpochMilliseconds);

        clock.UnsetWallClock();
        Assert.False(clock.IsWallClockSet);
    }
}
